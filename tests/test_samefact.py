"""Loading a same-fact model from a file (`samefact.from_file`): the shipped one reads back as the
default, and a file that is not a model is refused with its name and what was expected."""
import json
from importlib import resources

import pytest

from facts.claims.samefact import ModelError, default_model, from_file


def _shipped() -> dict:
    return json.loads(resources.files("facts").joinpath("data/same_fact.json").read_text("utf-8"))


def test_the_shipped_model_read_from_a_file_is_the_default(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(_shipped()))
    model = from_file(path)
    assert (model.weights, model.intercept, model.idf) == (default_model().weights, default_model().intercept,
                                                           default_model().idf)


def test_a_file_that_is_no_json_is_refused_by_name(tmp_path):
    path = tmp_path / "model.json"
    path.write_text("{not json")
    with pytest.raises(ModelError, match=r"model\.json: not a same-fact model file"):
        from_file(path)
    with pytest.raises(ModelError, match=r"missing\.json: not a same-fact model file"):
        from_file(tmp_path / "missing.json")


def test_a_model_of_another_format_names_the_file_and_the_format_expected(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({**_shipped(), "format_version": -1}))
    with pytest.raises(ModelError, match=r"old\.json: expected format .* version \d+, found .* version -1"):
        from_file(path)
