"""Team settings: discovery, disable, re-level, extra rules, placeholders, off/on markers."""

import json

import pytest

from checker import CheckerError
from checker import config, facade
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


TEAM_RULE = "rules:\n  - id: team-x\n    kind: forbid\n    category: courtesy\n    severity: warning\n    patterns: {zh: [亲]}\n    message: {zh: 不要用网络用语。, en: No slang.}\n"


@pytest.mark.parametrize("settings, expected", [
    ("colour: red\n", ".phrasecheck.yml:1:1: unknown key 'colour'"),
    ("min_sevrity: error\n", "did you mean 'min_severity'?"),
    ("severity: {x: fatal}\n", ".phrasecheck.yml:1:15: severity.x: must be one of"),
    ("rules: [{id: x}]\n", "rules.0: lacks 'kind'"),
    ("min_severity: loud\n", ".phrasecheck.yml:1:15: min_severity: must be one of"),
    ("weights: {error: -1}\n", "weights.error: must be bigger than or equal to 0"),
    ("disable: [a\n", ".phrasecheck.yml:2:1: YAML syntax error"),
    ("placeholders: {company: 西盈}\n", "placeholders.company: must be object"),
    (TEAM_RULE.replace("kind: forbid", "kind: require"), ".phrasecheck.yml:3:11: rules.0.kind: a require rule needs 'where'"),
    (TEAM_RULE.replace("patterns: {zh: [亲]}", "patterns: 亲"), ".phrasecheck.yml:6:15: rules.0.patterns: must be object"),
    (TEAM_RULE.replace("patterns: {zh: [亲]}", "patterns: {zh: 亲}"), ".phrasecheck.yml:6:20: rules.0.patterns.zh: must be array"),
    (TEAM_RULE + "    sugest: [{zh: 您好, en: Hello}]\n", ".phrasecheck.yml:8:5: rules.0: unknown key 'sugest'; did you mean 'suggest'?"),
    (TEAM_RULE.replace("[亲]", "['亲(']"), ".phrasecheck.yml:6:5: rule team-x: pattern '亲('"),
    ("[1, 2]\n", "must be a mapping of settings"),
    ("disable: [t-not-mien]\n", ".phrasecheck.yml:1:11: disable: 't-not-mien' is neither a rule id nor a category; did you mean 't-not-mine'?"),
    ("severity: {shirkin: info}\n", ".phrasecheck.yml:1:12: severity: 'shirkin' is neither a rule id nor a category; did you mean 'shirking'?"),
])
def test_bad_settings_exit_2(tmp_path, capsys, fixture_bundle, settings, expected):
    code, _, err = run_with(tmp_path, capsys, fixture_bundle, settings, "x")
    assert code == 2 and "Traceback" not in err
    assert expected in err, err


def test_team_rule_needs_no_source(tmp_path, capsys, fixture_bundle):
    code, found, err = run_with(tmp_path, capsys, fixture_bundle, TEAM_RULE, "亲，您好")
    assert code == 1 and [f["rule"] for f in found] == ["team-x"], err


def test_off_on_markers(fx):
    text = "客户原话 phrasecheck: off 不归我管 phrasecheck: on 以后我不清楚"
    kept = facade.keep(config.Settings(), fx.check(text), text)
    assert [f.rule for f in kept] == ["t-dont-know"]


def test_unterminated_off_runs_to_the_end(fx):
    text = "我不清楚 phrasecheck：off 不归我管"
    assert [f.rule for f in facade.keep(config.Settings(), fx.check(text), text)] == ["t-dont-know"]


def test_parse_rejects_non_mapping():
    with pytest.raises(CheckerError, match="mapping"):
        config.parse([1, 2])


def test_internal_error_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path):
    from checker import cli

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cli, "run", broken)
    assert main(["--no-config", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" in err and "ZeroDivisionError: boom" in err and "--debug" in err
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "--no-config", str(tmp_path)])
