"""The library API the CLI is a thin layer over: options that go together, as data."""
import pytest

from facts import api


@pytest.mark.parametrize("options, error", [
    (api.CheckOptions(), None),
    (api.CheckOptions(strict=True), "--strict goes with --against or --baseline"),
    (api.CheckOptions(strict=True, baseline="old.json"), None),
    (api.CheckOptions(strict=True, against=("sources",)), None),
    (api.CheckOptions(baseline="old.json", against=("sources",)), "--baseline goes with a check of sources"),
    (api.CheckOptions(master="local[2]"), "--master, --conf and --out go with --engine spark"),
    (api.CheckOptions(conf=("spark.x=1",)), "--master, --conf and --out go with --engine spark"),
    (api.CheckOptions(mentions_out="m.parquet", engine="spark"), None),
    (api.CheckOptions(accept_confirmed=True), "--accept-confirmed goes with --reviews"),
    (api.CheckOptions(accept_confirmed=True, reviews="reviews.json"), None),
    # a draft check reads only the rules that hold for drafts
    (api.CheckOptions(against=("sources",), master="local[2]"), None),
])
def test_check_arguments(options, error):
    if error is None:
        api.check_arguments(options)
    else:
        with pytest.raises(api.OptionError, match=error.replace("[", r"\[")):
            api.check_arguments(options)


def test_every_rule_names_real_options():
    fields = set(api.CheckOptions.__dataclass_fields__)
    for rule in api.OPTION_RULES:
        assert set(rule.options) | set(rule.needs) | ({rule.excludes} - {""}) <= fields, rule
        assert not rule.engine or rule.engine in api.ENGINES


@pytest.mark.parametrize("items, conf", [((), {}), (("a=1", "b.c=x=y"), {"a": "1", "b.c": "x=y"})])
def test_spark_conf(items, conf):
    assert api.spark_conf(items) == conf


@pytest.mark.parametrize("item", ["novalue", "=1"])
def test_spark_conf_names_a_bad_setting(item):
    with pytest.raises(api.OptionError, match="expected KEY=VALUE"):
        api.spark_conf([item])
