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
