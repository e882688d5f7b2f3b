"""facts installs as a package: what it reads at run time is package data, the default suites
are the checkout's expectations/ (one source of truth), and a missing model names its fix."""
import filecmp
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from facts.cli import cli


def test_packaged_suites_are_the_checkouts_expectations():
    packaged, top = ROOT / "facts" / "expectations", ROOT / "expectations"
    names = sorted(p.name for p in top.glob("*.json"))
    assert names == sorted(p.name for p in packaged.glob("*.json"))
    _match, mismatch, errors = filecmp.cmpfiles(top, packaged, names, shallow=False)
    assert not mismatch and not errors, f"facts/expectations differs from expectations/: {mismatch or errors}"


def test_packaged_model_pin_is_the_requirements_file():
    assert (ROOT / "facts" / "data" / "model.txt").read_text() == (ROOT / "requirements" / "model.txt").read_text()


def test_package_data_is_declared():
    text = (ROOT / "pyproject.toml").read_text()
    for pattern in ('"data/*.json"', '"data/*.txt"', '"expectations/*.json"'):
        assert pattern in text


def test_default_suites_outside_a_checkout(tmp_path, monkeypatch, seeds_dir):
    monkeypatch.chdir(tmp_path)  # no expectations/ here: the installed suites are used
    result = CliRunner().invoke(cli, ["check", str(seeds_dir), "-q"])
    assert result.exit_code == 0, result.output


def test_missing_model_is_a_setup_error_naming_the_install_command(monkeypatch):
    import pytest
    import spacy

    from facts.errors import SetupError
    from facts.parse import nlp

    def missing(*args, **kwargs):
        raise OSError("[E050] Can't find model")

    monkeypatch.setattr(spacy, "load", missing)
    with pytest.raises(SetupError) as raised:
        nlp.load(False)
    message = str(raised.value)
    assert "pip install --no-deps --require-hashes -r" in message
    pinned = message.rsplit(" -r ", 1)[1].rstrip("`")
    assert pinned.endswith("model.txt") and "--hash=sha256:" in Path(pinned).read_text()


def test_setup_error_exits_4_not_bad_input(monkeypatch):
    from facts import api as pipeline
    from facts.errors import SetupError

    def broken(*args, **kwargs):
        raise SetupError("the spaCy model is not installed; install it with `pip install ...`")

    monkeypatch.setattr(pipeline, "extractor", broken)
    result = CliRunner().invoke(cli, ["explain", "Three people were hurt."])
    assert result.exit_code == 4 and "pip install" in result.output
