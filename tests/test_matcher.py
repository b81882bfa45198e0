"""The engine on fixture rules: matching, exceptions, overlaps, order, both backends."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import automaton
from tests.conftest import make_checker


def spans(findings):
    return [(f.rule, f.start, f.end, f.match) for f in findings]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("这个不归我管，你找别人吧", [("t-not-mine", 0, 6, "这个不归我管")]),
        ("這個不歸我管", [("t-not-mine", 0, 6, "這個不歸我管")]),
        ("这 个 不·关·我事", [("t-not-mine", 0, 10, "这 个 不·关·我事")]),
        ("不关我事，不过我可以帮您", []),  # exception: an alternative follows
        ("你到底听清楚没有", [("t-listen", 0, 6, "你到底听清楚")]),
        ("你好。听清楚了吗", []),  # a gap never crosses a sentence end
        ("我不清楚", [("t-dont-know", 0, 4, "我不清楚")]),
        ("有不清楚的地方请随时问我", []),
        ("我不清楚的地方请随时问我", []),  # exception: 的地方 follows
        ("客户说“我不清楚”", []),  # exception: quoted
        ("别担心，没办法的事我们也会想办法", []),  # exception: before
        ("真的没有办法", [("t-cannot-help", 2, 6, "没有办法")]),
        ("I know it", []),  # no: whole words only
        ("No, that is not my problem", [("t-cannot-help", 0, 2, "No"), ("t-not-mine", 12, 26, "not my problem")]),
        ("I can't help you", [("t-cannot-help", 2, 12, "can't help")]),
        ("西盈产品就这样", [("t-company", 0, 7, "西盈产品就这样")]),
        ("您好，这个问题我来帮您跟进。", []),
        ("", []),
    ],
)
def test_check(fx, text, expected):
    assert spans(fx.check(text)) == expected


def test_contained_match_is_dropped(fx):
    # 没办法 inside nothing else; 不归我管 inside 这个不归我管 is reported once.
    assert len(fx.check("这个不归我管")) == 1


def test_lang_selects_patterns(fx):
    assert fx.check("not my job", lang="zh") == []
    assert spans(fx.check("not my job", lang="en")) == [("t-not-mine", 0, 10, "not my job")]
    assert fx.check("不归我管", lang="en") == []


def test_message_language_follows_text(fx):
    assert fx.check("不归我管")[0].message == "推诿责任。"
    assert fx.check("not my job")[0].message == "Passes the buck."
    assert fx.check("not my job")[0].suggestions == ("I'll follow this up for you.",)


def test_line_and_column(fx):
    f = fx.check("第一行\n第二行不归我管")[0]
    assert (f.line, f.col, f.start) == (2, 4, 7)


def test_rule_order_does_not_change_output(fixture_records, folder):
    text = "这个不归我管！你到底听清楚没有？我不清楚，没办法。not my job. No."
    expected = spans(make_checker(fixture_records, folder).check(text))
    for seed in range(5):
        shuffled = list(fixture_records)
        random.Random(seed).shuffle(shuffled)
        assert spans(make_checker(shuffled, folder).check(text)) == expected


needs_native = pytest.mark.skipif(not automaton.available("native"), reason="pyahocorasick not installed")


@needs_native
@pytest.mark.parametrize("keys, text", [
    (["he", "she", "his", "hers"], "ushers and his hers"),
    (["不归我管", "归我", "我管", "不"], "这个不归我管不不"),
    (["a", "aa", "aaa"], "aaaa"),
    ([], "anything"),
])
def test_backends_find_the_same(keys, text):
    assert automaton.build(keys, "native").find(text) == automaton.build(keys, "pure").find(text)


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab不归我", min_size=1, max_size=6), max_size=25), st.text(alphabet="ab不归我c。", max_size=80))
def test_backends_agree_on_overlapping_keys(keys, text):
    # A small alphabet makes keys overlap and share suffixes: every failure link is used.
    native, pure = automaton.build(keys, "native"), automaton.build(keys, "pure")
    assert native.find(text) == pure.find(text)
    assert sorted(native.ends(text)) == sorted(pure.ends(text))


PHRASES = ["不归我管", "我不清楚", "你到底听清楚", "没办法", "not my job", "no idea", "can't help", "西盈产品就这样", "不关我事，不过我可以"]
NOISE = st.sampled_from([" ", "·", "\u200b", "，", "。", "\n", "好", "a", "ＮＯ", "“", "”", "😀", "這", "x"])


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PHRASES), NOISE), max_size=30))
def test_backends_give_identical_findings(fixture_records, folder, parts):
    text = "".join(parts)
    native = make_checker(fixture_records, folder, "native")
    pure = make_checker(fixture_records, folder, "pure")
    assert spans(native.check(text)) == spans(pure.check(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_check_never_raises_and_spans_are_valid(fx, text):
    for f in fx.check(text):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.match
        assert f.severity in ("error", "warning", "info")


@pytest.mark.parametrize("text, rules", [
    ("经理肯定会给您打电话", ["t-promise"]),  # when: someone else is promised for
    ("我肯定会跟进", []),  # when does not hold: the agent's own promise
    ("我们会尽快处理", ["t-no-time-given"]),
    ("我们会尽快处理，下午三点前给您回复", []),  # unless without within: the rest of the turn
    ("我们会尽快处理。\n下午三点前给您回复", ["t-no-time-given"]),  # but not the next line
])
def test_when_and_turn_wide_conditions(fx, text, rules):
    assert [f.rule for f in fx.check(text)] == rules


BARE = [{
    "id": "t-bare", "kind": "forbid", "category": "shirking", "severity": "warning",
    "patterns": {"zh": ["不(清楚|知道)(哦|呢)?"]},
    "message": {"zh": "生硬。", "en": "Curt."}, "suggest": [],
    "when": [{"alone": True}],
}]


@pytest.mark.parametrize("text, found", [
    ("不清楚。", True),
    ("  不知道！！😀 ", True),
    ("不清楚哦", True),
    ("不清楚，我帮您问一下。", False),  # more is said in the turn
    ("有不清楚的地方请问我", False),
    ("您好。\n不知道\n再见", True),  # a line of its own
    ("不知道" + "好" * 300, False),
])
def test_alone_holds_only_for_a_bare_turn(folder, text, found):
    assert bool(make_checker(BARE, folder).check(text)) is found


def test_alone_looks_at_the_turn_not_the_transcript(folder):
    from checker.transcript import check_transcript

    text = "客户：这个怎么用？\n客服：不清楚。\n客服：不清楚的话我帮您查。"
    assert [f.line for f in check_transcript(make_checker(BARE, folder), text) if f.rule == "t-bare"] == [2]


def _rule(rule_id, patterns, **extra):
    return {"id": rule_id, "kind": "forbid", "category": "shirking", "severity": "warning", "patterns": {"zh": patterns},
            "message": {"zh": "x", "en": "x"}, "suggest": [], **extra}


LINKED = [{
    "id": "t-we-sorry", "kind": "forbid", "category": "empathy", "severity": "info",
    "patterns": {"en": ["we are sorry"]}, "message": {"zh": "x", "en": "x"}, "suggest": [],
    "unless": [{"after": ["let us know"]}, {"before": ["thanks for waiting"], "within": 20}],
}]
_URL = "https://example.com/t5/" + "a-long-path-" * 20 + "/td-p/8324672"


@pytest.mark.parametrize("text, found", [
    ("we are sorry. " + "x" * 250 + " let us know", True),  # the way forward is out of reach
    ("we are sorry. see " + _URL + " and let us know", False),  # a link counts as one character
    ("we are sorry. see www." + "b" * 300 + ".com then let us know", False),
    ("we are sorry. see " + _URL + " " + "x" * 250 + " let us know", True),  # but the rest still counts
    ("thanks for waiting, " + _URL + " we are sorry", False),  # before, read back across a link
    ("thanks for waiting, " + "y" * 30 + " we are sorry", True),
])
def test_a_link_counts_as_one_character_in_a_conditions_reach(folder, text, found):
    assert bool(make_checker(LINKED, folder).check(text, lang="en")) is found


# Patterns whose hits the matcher rejects early: by the character right after or
# before the anchor, by the part before a gap, by a word right before a lone match,
# and conditions bounded by their reach. What is found must not change.
EARLY = [
    _rule("t-hurry", ["您(快|赶紧)(点|一点)"]),
    _rule("t-before-gap", ["(张三|李四)的.{0,3}(电话|地址).{0,4}给您"]),
    _rule("t-lone", ["(哦|没有)"], when=[{"alone": True}]),
    _rule("t-unless-near", ["没办法"], unless=[{"before": ["(别担心|不要紧)"], "within": 2}]),
    # One anchor literal, entries with and without a character wanted after it, two
    # sharing the part after their gap (tested once for both).
    _rule("t-shared", ["号码.{0,3}(发给|告诉)您", "电话号码.{0,3}(发给|告诉)您", "号码(是|为).{0,6}吗", "号码呢"]),
]


@pytest.mark.parametrize("text, found", [
    ("您快点", [("t-hurry", "您快点")]),
    ("您快一点吧", [("t-hurry", "您快一点")]),
    ("您", []),
    ("您好您", []),
    ("请您赶紧点", [("t-hurry", "您赶紧点")]),
    ("张三的电话我给您", [("t-before-gap", "张三的电话我给您")]),
    ("李四的家里地址给您", [("t-before-gap", "李四的家里地址给您")]),
    ("张三的电话号码是多少，回头给您", []),  # the part before the gap is too far from 给您
    ("给您", []),
    ("哦", [("t-lone", "哦")]),
    ("好的\n哦！", [("t-lone", "哦")]),
    ("好的哦", []),
    ("！没有。", [("t-lone", "没有")]),
    ("没办法", [("t-unless-near", "没办法")]),
    ("别担心没办法的事也能办", []),
    ("别担心，真的没办法", [("t-unless-near", "没办法")]),  # the exception is more than two characters back
    ("不要紧" + "的" * 300 + "没办法", [("t-unless-near", "没办法")]),
    ("号码我发给您", [("t-shared", "号码我发给您")]),
    ("电话号码我告诉您", [("t-shared", "电话号码我告诉您"), ("t-shared", "号码我告诉您")]),
    ("号码是多少吗", [("t-shared", "号码是多少吗")]),
    ("号码呢", [("t-shared", "号码呢")]),
    ("号码吗", []),
    ("号码稍后我再发给您", []),  # the part after the gap is too far
])
@pytest.mark.parametrize("dispatch", [1, 10**9])  # every literal's entries sorted by the next character, or none
def test_early_rejection_finds_what_matching_finds(folder, text, found, dispatch, monkeypatch):
    from checker import engine as matcher

    monkeypatch.setattr(matcher, "DISPATCH", dispatch)
    for backend in ("native", "pure"):
        if automaton.available(backend):
            engine = make_checker(EARLY, folder, backend)
            assert [(f.rule, f.match) for f in engine.check(text, resolve=False)] == found, backend


def test_a_more_severe_match_inside_a_milder_one_is_kept(folder):
    # A long wording note (warning) around an error must not hide the error; a match
    # inside one as severe or more is still said once.
    rules = [_rule("t-long-note", ["没这回事我们"]), dict(_rule("t-deny", ["没这回事"]), severity="error"),
             _rule("t-inner-mild", ["这回事"])]
    found = spans(make_checker(rules, folder).check("没这回事我们不知道"))
    assert found == [("t-long-note", 0, 6, "没这回事我们"), ("t-deny", 0, 4, "没这回事")]


def test_a_forbid_match_running_on_from_one_of_its_category_is_said_once(folder):
    # 明天再来吧 runs on from 要下班了，明天再来: one taboo, one finding (both would rewrite the
    # same sentence). One of another category, a drop-in (replace) fix or a more severe
    # match that crosses it is still reported.
    later = lambda rule_id, pattern, **extra: dict(_rule(rule_id, [pattern]), category="later", **extra)
    text = "我们要下班了，明天再来吧您"
    closing = later("t-closing", "要下班了，明天再来")
    rules = [closing, later("t-come-back", "明天再来吧"), later("t-drop-in", "再来吧", kind="replace"), _rule("t-other-kind", ["来吧您"])]
    assert spans(make_checker(rules, folder).check(text)) == [
        ("t-closing", 2, 11, "要下班了，明天再来"), ("t-drop-in", 9, 12, "再来吧"), ("t-other-kind", 10, 13, "来吧您")]
    rules = [closing, later("t-worse", "明天再来吧", severity="error")]
    assert spans(make_checker(rules, folder).check(text)) == [("t-closing", 2, 11, "要下班了，明天再来"), ("t-worse", 7, 12, "明天再来吧")]
    # Two that share only a punctuation mark are two taboos.
    rules = [later("t-closing-2", "要下班了，"), later("t-come-back-2", "，明天再来")]
    assert [f.rule for f in make_checker(rules, folder).check(text)] == ["t-closing-2", "t-come-back-2"]
    # Both later matches do match: it is the resolution of overlaps that says the taboo once.
    assert len(make_checker([closing, later("t-come-back", "明天再来吧")], folder).check(text, resolve=False)) == 2
