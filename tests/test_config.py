"""Team settings: discovery, disable, re-level, extra rules, placeholders, off/on markers."""

import json

import pytest

from checker import CheckerError
from checker import config
from checker.cli import main


def test_discovery_walks_up(tmp_path):
    (tmp_path / ".phrasecheck.yml").write_text("min_severity: error\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "reply.txt").write_text("x", encoding="utf-8")
    assert config.discover(deep / "reply.txt") == tmp_path / ".phrasecheck.yml"
    assert config.find([str(deep / "reply.txt")]).min_severity == "error"


def test_no_config_found(tmp_path):
    assert config.discover(tmp_path / "x.txt") is None
    assert config.find([str(tmp_path / "x.txt")]) == config.Settings()


def run_with(tmp_path, capsys, fixture_bundle, settings_yaml, text, *args):
    (tmp_path / ".phrasecheck.yml").write_text(settings_yaml, encoding="utf-8")
    path = tmp_path / "reply.txt"
    path.write_text(text, encoding="utf-8")
    code = main(["--rules", str(fixture_bundle), "--format", "json", *args, str(path)])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if out.out.strip() else None), out.err


def test_disable_rule_and_category(tmp_path, capsys, fixture_bundle):
    code, found, _ = run_with(tmp_path, capsys, fixture_bundle, "disable: [t-not-mine, refusal]\n", "不归我管，没办法，我不清楚")
    assert [f["rule"] for f in found] == ["t-dont-know"]


def test_relevel(tmp_path, capsys, fixture_bundle):
    _, found, _ = run_with(tmp_path, capsys, fixture_bundle, "severity: {shirking: info}\n", "不归我管")
    assert found[0]["severity"] == "info"


def test_extra_rule_and_placeholders(tmp_path, capsys, fixture_bundle):
    settings = """
placeholders: {company: {zh: 某某科技, en: Acme}}
rules:
  - {id: team-slang, kind: forbid, category: courtesy, severity: warning, patterns: {zh: [亲]}, message: {zh: 不要用网络用语。, en: No slang.}}
"""
    _, found, _ = run_with(tmp_path, capsys, fixture_bundle, settings, "亲，某某科技产品就这样，西盈产品就这样")
    assert [(f["rule"], f["match"]) for f in found] == [("team-slang", "亲"), ("t-company", "某某科技产品就这样")]


def test_no_config_flag(tmp_path, capsys, fixture_bundle):
    code, found, _ = run_with(tmp_path, capsys, fixture_bundle, "disable: [t-not-mine]\n", "不归我管", "--no-config")
    assert [f["rule"] for f in found] == ["t-not-mine"]


@pytest.mark.parametrize("settings, message", [
    ("colour: red\n", "unknown setting"),
    ("severity: {x: fatal}\n", "severity.x"),
    ("rules: [{id: x}]\n", "lacks"),
    ("min_severity: loud\n", "min_severity"),
    ("weights: {error: -1}\n", "weights"),
    ("disable: [a\n", "reply"),  # YAML syntax error names file:line:col
])
def test_bad_settings_exit_2(tmp_path, capsys, fixture_bundle, settings, message):
    code, _, err = run_with(tmp_path, capsys, fixture_bundle, settings, "x")
    assert code == 2 and "phrasecheck.yml" in err and "Traceback" not in err
    if message != "reply":
        assert message in err
    else:
        assert ".phrasecheck.yml:2:1:" in err or ".phrasecheck.yml:1:" in err


def test_off_on_markers(fx):
    text = "客户原话 phrasecheck: off 不归我管 phrasecheck: on 以后我不清楚"
    settings = config.Settings()
    kept = settings.filter(fx.check(text), text)
    assert [f.rule for f in kept] == ["t-dont-know"]


def test_unterminated_off_runs_to_the_end(fx):
    text = "我不清楚 phrasecheck：off 不归我管"
    assert [f.rule for f in config.Settings().filter(fx.check(text), text)] == ["t-dont-know"]


def test_parse_rejects_non_mapping():
    with pytest.raises(CheckerError, match="mapping"):
        config.parse([1, 2])
