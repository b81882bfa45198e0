"""A team's checker made on top of the one without settings gives the same findings as one built from scratch."""

import pytest

import checker
from checker.config import parse
from checker.facade import TeamChecker

SETTINGS = {
    "disable and re-level": {"disable": ["impatience", "s000-not-my-business"], "severity": {"shirking": "info", "mocking": "error"}},
    "minimum severity": {"min_severity": "error", "disable": ["refusal"]},
    "team rule and names": {
        "placeholders": {"company": {"zh": "西盈科技", "en": "Acme"}, "agent": {"zh": "小王", "en": "Wang"}},
        "rules": [{
            "id": "team-slang", "kind": "forbid", "category": "courtesy", "severity": "warning",
            "patterns": {"zh": ["亲", "宝子"], "en": ["hun"]}, "message": {"zh": "不要用网络用语。", "en": "No slang."},
        }],
    },
}


@pytest.fixture(scope="module")
def base():
    return checker.load()


@pytest.fixture(scope="module")
def texts():
    rules = checker.read_bundle()["rules"]
    extra = ["亲，这个不归我管，你去问西盈科技吧。", "Hun, ask someone at Acme, it is not my job.", "宝子你自己看说明书"]
    return [t for r in rules for t in r["examples"]["flag"] + r["examples"]["pass"]] + extra


@pytest.mark.parametrize("name", SETTINGS)
def test_same_findings_as_a_full_build(base, texts, name):
    settings = parse(SETTINGS[name], "settings")
    fresh = TeamChecker(settings)
    over = TeamChecker(settings, base=base)
    assert sorted(r.id for r in over.engine.rules) == sorted(r.id for r in fresh.engine.rules)
    for text in texts:
        assert [f.to_dict() for f in over.check(text)] == [f.to_dict() for f in fresh.check(text)], text


def test_only_new_keys_get_an_automaton_of_their_own(base):
    disabled = TeamChecker(parse(SETTINGS["disable and re-level"], "settings"), base=base).engine
    assert disabled.automaton is base.automaton  # nothing new to find
    team = TeamChecker(parse(SETTINGS["team rule and names"], "settings"), base=base).engine
    assert team.automaton is not base.automaton and "宝子" in team.keys
