"""Issue 33 item 3: the timeline of a claim is readable whatever its figures: the figures being
compared stay apart, a figure far beyond them is drawn off the scale with its value, labels never
overlap or leave the chart, sources of one day are spread side by side, and undated sources are
listed beside the chart, not drawn at its first date. The layout is tested as numbers, then the
page in headless Chromium at 400 and 1280 px."""
import itertools
import re
import shutil
import subprocess
from datetime import date

import pytest
from click.testing import CliRunner

from facts.cli import cli
from facts.render.timeline import HEIGHT, LINE, WIDTH, Point, layout, svg

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"]
DAY = date(2005, 11, 27).toordinal()


def _overlap(a, b) -> bool:
    return not (a[2] <= b[0] or a[0] >= b[2] or a[3] <= b[1] or a[1] >= b[3])


def _readable(lay) -> None:
    for a, b in itertools.combinations(lay.boxes, 2):
        assert not _overlap(a, b), (a, b)
    for box in lay.boxes:
        assert box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0 and box[3] <= HEIGHT, box


def test_the_compared_figures_stay_apart_and_a_far_figure_goes_off_the_scale():
    points = [Point(DAY, 10, "10", "A"), Point(DAY + 1, 12, "12", "B"), Point(DAY + 1, 11, "eleven", "C"),
              Point(DAY + 1, 230_000, "230,000", "D")]
    lay = layout(points, compared=(10, 12))
    marks = {m.text.split(" ")[0]: m for m in lay.marks}
    assert marks["230,000"].off_scale == "above" and "(off scale)" in marks["230,000"].text
    assert abs(marks["10"].y - marks["12"].y) >= 4 * LINE  # on their own scale, far apart
    assert not lay.log
    _readable(lay)


def test_figures_that_span_decades_go_on_a_log_axis():
    points = [Point(DAY, 1, "one", "A"), Point(DAY + 1, 10, "10", "B"), Point(DAY + 2, 230_000, "230,000", "C")]
    lay = layout(points, compared=(1, 230_000))  # the verdict rests on 1 vs 230,000: both on the scale
    assert lay.log and not any(m.off_scale for m in lay.marks)
    ys = sorted(m.y for m in lay.marks)
    assert ys[1] - ys[0] >= LINE and ys[2] - ys[1] >= LINE
    assert "230,000" in [text for _, text in lay.value_ticks]  # not cut off: the margin fits it
    assert lay.left >= len("230,000") * 7
    _readable(lay)


def test_one_day_spreads_the_sources_side_by_side():
    points = [Point(DAY, v, str(v), s) for v, s in ((10, "A"), (10, "B"), (12, "C"), (14, "D"))]
    lay = layout(points)
    assert lay.caption == "all published 2005-11-27" and not lay.day_ticks
    assert len({round(m.x) for m in lay.marks}) == 4
    _readable(lay)


def test_undated_sources_are_listed_not_drawn():
    points = [Point(DAY, 10, "10", "A"), Point(DAY + 3, 12, "12", "B"), Point(None, 1, "one", "Undated C")]
    lay = layout(points)
    assert sorted(m.text for m in lay.marks) == ["10", "12"] and lay.undated == (("Undated C", "one"),)
    drawn = svg(points, "people killed")
    assert "Not dated" in drawn and "Undated C: <b>one</b>" in drawn
    assert drawn.count("<circle") == 2


def test_many_labels_never_overlap():
    points = [Point(DAY + k % 3, 100 + k % 4, f"about {100 + k % 4} people", f"S{k}") for k in range(24)]
    lay = layout(points)
    _readable(lay)
    assert len(lay.boxes) >= 8  # those that find no room keep their mark, and the table lists them


BOX_PROBE = """<script>window.addEventListener('load',function(){var out=[];
document.querySelectorAll('svg.timeline').forEach(function(s){var r=s.getBoundingClientRect();
var t=[].slice.call(s.querySelectorAll('text')).map(function(e){var b=e.getBoundingClientRect();
return [b.left,b.top,b.right,b.bottom];});
var bad=0;for(var i=0;i<t.length;i++){var a=t[i];
if(a[0]<r.left-0.5||a[2]>r.right+0.5||a[1]<r.top-0.5||a[3]>r.bottom+0.5)bad++;
for(var j=i+1;j<t.length;j++){var b=t[j];
if(!(a[2]<=b[0]+0.5||a[0]>=b[2]-0.5||a[3]<=b[1]+0.5||a[1]>=b[3]-0.5))bad++;}}
out.push(t.length+':'+bad+':'+Math.round(r.width));});
document.body.setAttribute('data-probe',out.join(','));});</script></body>"""


@pytest.mark.skipif(not CHROMIUM, reason="Chromium (Debian package chromium) not installed")
@pytest.mark.parametrize("width", [400, 1280])
def test_timelines_in_chromium(tmp_path, width):
    """As a reader sees them: every label of every timeline inside its chart and over no other."""
    articles = {
        "a.txt": ("Quake kills 10 on the coast", "November 27, 2005", "Ten people were killed"),
        "b.txt": ("Quake toll rises to 12", "November 28, 2005", "Twelve people were killed"),
        "c.txt": ("Coast quake: a huge toll", "November 28, 2005", "At least 230,000 people were killed"),
        "d.txt": ("Eleven dead in coast quake", "November 28, 2005", "Eleven people were killed"),
        "e.txt": ("Coast quake", "", "One person was killed"),
    }
    src = tmp_path / "src"
    src.mkdir()
    for name, (title, day, said) in articles.items():
        stamp = f"Published: {day}\n" if day else ""
        (src / name).write_text(f"{title}\n{stamp}\n{said} in the quake on the coast on Sunday.\n")
    page = tmp_path / "r.html"
    CliRunner().invoke(cli, ["check", str(src), "--stories", "none", "-q", "-o", str(page)])
    html = page.read_text()
    assert '<svg class="timeline"' in html and "Not dated" in html
    page.write_text(html.replace("</body>", BOX_PROBE, 1))
    # an iframe of the screen's width: headless Chromium does not narrow its own window below ~500 px
    frame = tmp_path / "frame.html"
    frame.write_text(f"<html><body style='margin:0'><iframe id=f src='{page.name}' width={width} height=900 "
                     "style='border:0'></iframe><pre id=out></pre><script>document.getElementById('f').onload="
                     "function(){var d=this.contentDocument;setTimeout(function(){document.getElementById('out')"
                     ".textContent='probe='+d.body.getAttribute('data-probe')+';';},300);};</script></body></html>")
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'p'}", "--allow-file-access-from-files",
                          "--virtual-time-budget=5000", "--dump-dom", frame.resolve().as_uri()],
                         capture_output=True, text=True, timeout=90).stdout
    probe = re.search(r"probe=([^;]*);", dom).group(1)
    charts = [tuple(int(x) for x in chart.split(":")) for chart in probe.split(",")]
    assert charts and all(texts >= 5 and bad == 0 and shown <= width for texts, bad, shown in charts), charts
    shot = tmp_path / f"timeline{width}.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'q'}", f"--window-size={width},900",
                    f"--screenshot={shot}", page.resolve().as_uri()], capture_output=True, timeout=90)
    assert shot.exists() and shot.stat().st_size > 10000


def test_one_dated_figure_is_said_not_drawn():
    points = [Point(DAY, 20, "20", "A"), Point(None, 12, "12", "B"), Point(None, 12, "a dozen", "C")]
    assert layout(points) is None
    said = svg(points, "military posts")
    assert "<svg" not in said and "A, 2005-11-27: <b>20</b>" in said and "C: <b>a dozen</b>" in said

