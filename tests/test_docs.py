"""Docs cannot drift: every command has --help with an example and appears in the README."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from facts.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
COMMANDS = sorted(cli.commands)


def test_there_are_commands():
    assert {"extract", "check", "compare"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_has_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"facts {name} " in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_readme(name):
    assert f"### `facts {name}" in README


def test_top_level_help_has_an_example():
    assert "Example:" in CliRunner().invoke(cli, ["--help"]).output


def _named_modules():
    """Every module path the README's "How it works" names (`facts/claims/keys.py`)."""
    import re

    section = README.split("## How it works", 1)[1].split("\n## ", 1)[0]
    return sorted(set(re.findall(r"`(facts/[\w/]+\.py)`", section)))


def test_how_it_works_names_modules():
    assert len(_named_modules()) >= 25


@pytest.mark.parametrize("module", _named_modules())
def test_how_it_works_names_modules_that_exist(module):
    assert (Path(__file__).resolve().parent.parent / module).is_file(), f"README names {module}, which does not exist"


def test_how_it_works_shows_every_module_of_the_tree():
    """The tree in "How it works" lists every module of the package, so a newcomer sees it all."""
    section = README.split("## How it works", 1)[1].split("\n## ", 1)[0]
    root = Path(__file__).resolve().parent.parent / "facts"
    for path in root.rglob("*.py"):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        assert path.name in section, f"{path.relative_to(root.parent)} is missing from README's How it works"


GX_EXAMPLE = "Runnable after `facts extract seeds/ -o seeds-facts.parquet`:"


def test_the_gx_example_runs(tmp_path, seeds_dir):
    """The README's facts.gx example, as a user runs it: in a fresh process, beside the fact
    table `facts extract` wrote, twice (it adds or updates what it makes)."""
    import subprocess
    import sys

    code = README.split(GX_EXAMPLE, 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    assert CliRunner().invoke(cli, ["extract", str(seeds_dir), "-o", str(tmp_path / "seeds-facts.parquet"),
                                    "-q"]).exit_code == 0
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip().splitlines()[-1] == "agree"
    assert (tmp_path / "my-gx-project" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html").is_file()
