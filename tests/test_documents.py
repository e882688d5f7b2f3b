"""Inputs of every kind, and every input accounted for."""
import io

import pytest

import facts
from facts.inputs.chrome import is_chrome
from facts.inputs.documents import load_documents
from facts.inputs.html import html_to_text
from facts.inputs.metadata import parse_date, text_metadata
from facts.inputs.sentences import split_sentences


@pytest.mark.parametrize("text, date", [
    ("Published: 0333 GMT September 14, 2018", "2018-09-14"),
    ("Friday, Sept 14, 2018.", "2018-09-14"),
    ("on February 8, 2020. (AA)", "2020-02-08"),
    ("14 May 2019", "2019-05-14"),
    ("2020-02-08T10:00:00Z", "2020-02-08"),
    ("no date here, just 2018", ""),
])
def test_parse_date(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("line, chrome", [
    ("8Next articleAfghan conflict could be deadlier", True),
    ("8Previous articleIsraeli ambassador", True),
    ("Page Generated in 0/2009 sec", True),
    ("Security Key:", True), ("Captcha refresh", True), ("Latest News", True),
    ("News ID: 231374", True), ("Published: 0333 GMT September 14, 2018", True),
    ("Turkey has 12 military posts inside Idlib province.", False),
    ("Latest news from the front suggests 12 posts were reinforced.", False),
])
def test_is_chrome(line, chrome):
    assert is_chrome(line) is chrome


def test_text_metadata_reads_published_line_before_other_dates():
    meta = text_metadata("News ID: 1\nPublished: 0333 GMT September 14, 2018\n\nTitle here\n\nOn May 1, 2017 x.")
    assert meta["published"] == "2018-09-14"
    assert meta["title"] == "Title here"


def test_html_drops_scripts_and_styles():
    page = html_to_text(
        "<html><head><title>T</title><style>p{}</style></head><body><script>var x = 5;</script>"
        "<p>Some 300 soldiers crossed.</p><time datetime='2020-02-08'>x</time></body></html>")
    assert "var x" not in page.text and "p{}" not in page.text
    assert "Some 300 soldiers crossed." in page.text
    assert (page.title, page.published) == ("T", "2020-02-08")


def test_sentences_skip_chrome_and_keep_abbreviations():
    text = "The U.N. Office said 12 posts.\nLatest News\nMr. Smith left. Then 3 more came."
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == ["The U.N. Office said 12 posts.", "Mr. Smith left.", "Then 3 more came."]


def test_every_input_is_accounted_for(tmp_path):
    (tmp_path / "good.txt").write_text("Turkey has 12 military posts in Idlib.")
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 with 3 cups".encode("latin-1"))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "rows.jsonl").write_text(
        '{"id": "a", "text": "About 40 people came.", "published": "2020-01-02"}\n'
        "not json\n"
        '{"id": "c"}\n')
    (tmp_path / "rows.csv").write_text("id,text\nr1,Some 300 soldiers crossed.\n")
    (tmp_path / "bad.csv").write_text("name,body\nx,y\n")
    df, docs = facts.extract_paths([str(tmp_path)])
    status = dict(zip(docs["doc_id"], zip(docs["status"], docs["reason"])))
    assert status["good.txt"] == ("ok", "")
    assert status["empty.txt"] == ("skipped", "empty document")
    assert status["binary.txt"][0] == "skipped" and "binary" in status["binary.txt"][1]
    assert status["latin1.txt"][0] == "failed" and "offset 3" in status["latin1.txt"][1]
    assert status["notes.pdf"][0] == "skipped" and "'.pdf'" in status["notes.pdf"][1]
    assert status["rows.jsonl#a"] == ("ok", "")  # row ids are qualified by their file
    assert status["rows.jsonl:2"][0] == "failed" and "line 2: invalid JSON" in status["rows.jsonl:2"][1]
    assert status["rows.jsonl#c"][0] == "failed" and "line 3: missing field 'text'" in status["rows.jsonl#c"][1]
    assert status["rows.csv#r1"] == ("ok", "")
    assert status["bad.csv"][0] == "failed" and "missing column 'id', 'text'" in status["bad.csv"][1]
    assert len(docs) == 10
    assert set(df["doc_id"]) == {"good.txt", "rows.jsonl#a", "rows.csv#r1"}
    assert df.loc[df["doc_id"] == "rows.jsonl#a", "published"].item() == "2020-01-02"


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(facts.DocumentError, match=r"nope\.txt: no such file or directory"):
        list(load_documents([str(tmp_path / "nope.txt")]))


def test_stdin():
    docs = list(load_documents(["-"], stdin=io.StringIO("Some 300 soldiers crossed.")))
    assert [(d.doc_id, d.status) for d in docs] == [("-", "ok")]


def test_output_is_deterministic(seeds_dir):
    first, _ = facts.extract_paths([str(seeds_dir)])
    second, _ = facts.extract_paths([str(seeds_dir)])
    assert first.equals(second)


def test_a_url_line_links_a_text_article(tmp_path):
    """`URL:` in a .txt article is read like `Published:`; only http(s) links are kept."""
    from facts.inputs.documents import load_documents

    (tmp_path / "a.txt").write_text("Three hurt in crash\nPublished: June 4, 2015\nURL: https://example.com/news/3\n\n"
                                    "Three people were hurt in a crash on Route 9.\n")
    (tmp_path / "b.txt").write_text("Two hurt\nURL: javascript:alert(1)\n\nTwo people were hurt.\n")
    docs = {d.doc_id: d for d in load_documents([str(tmp_path)])}
    assert docs["a.txt"].url == "https://example.com/news/3" and docs["a.txt"].published == "2015-06-04"
    assert docs["b.txt"].url == ""
