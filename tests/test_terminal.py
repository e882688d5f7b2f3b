"""The terminal report as a fact-checker reads it at 80 columns: lines wrapped with their indent,
never ending with a space, never wider than the terminal."""
import shutil

from click.testing import CliRunner
from conftest import POSTS_SEED

from facts.cli import cli


def lines_of(result) -> list[str]:
    return result.stdout.splitlines()


def assert_clean(lines: list[str], width: int = 80) -> None:
    for line in lines:
        assert line == line.rstrip(), f"trailing space: {line!r}"
        assert len(line) <= width, f"wider than {width}: {line!r}"


def test_a_wrapped_inputs_not_read_line_has_no_trailing_space(seeds_dir, tmp_path):
    """Issue 33 item 9: "skipped ... expected one of .txt, .md, " wrapped with a space at its end."""
    shutil.copy(seeds_dir / POSTS_SEED, tmp_path)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--jobs", "1"])
    lines = lines_of(result)
    assert_clean(lines)
    at = next(i for i, line in enumerate(lines) if line.startswith("skipped  notes.pdf"))
    assert "expected one of" in lines[at] and lines[at + 1].startswith(" " * 9 + ".")  # the rest, indented
