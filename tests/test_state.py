"""The started checker carried into another interpreter as bytes (checker/state.py), as the
build does before it takes the browser's start-up snapshot."""

import json

import pytest

from checker import normalize, state, web


@pytest.fixture
def carried():
    """The web functions' checkers dumped, then loaded in place of the ones made here;
    put back afterwards."""
    web.warm_up()
    before = web._checkers, normalize._default
    packed = state.dump()
    web._checkers, normalize._default = None, None
    state.load(packed)
    yield before
    web._checkers, normalize._default = before


def test_the_carried_checker_answers_every_rule_example_alike(carried):
    texts = state.example_texts()
    assert len(texts) > 1000
    now = state.digest(texts)
    web._checkers, normalize._default = carried
    assert now == state.digest(texts)


def test_the_carried_checker_is_new_objects_that_share_as_before(carried):
    old, new = carried[0][""].engine, web._checkers[""].engine
    assert new is not old and new.folder is normalize._default
    # A rule's sequences are one object for the rule and for its anchors' entries.
    for entries in list(new.by_key.values())[:200]:
        for entry in entries:
            rule = entry[0]
            assert any(entry[2] is seq for seq in rule.sequences[entry[1]])
            assert next(r for r in new.rules if r.id == rule.id) is rule


def test_team_settings_build_on_the_carried_checker(carried):
    settings = json.dumps({"placeholders": {"company": {"zh": "西盈", "en": "Xiying"}}, "disable": ["shirking"]})
    result = json.loads(web.check_json("这个不归我管，你找别人吧。西盈产品就这样", settings_json=settings))
    assert result["findings"] and all(f["category"] != "shirking" for f in result["findings"])
