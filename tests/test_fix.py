"""Applying a suggestion: drop-ins replace the words, rewrites the sentence, nothing else moves."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import checker
from checker import web
from checker.errors import CheckerError
from checker.fix import apply_fix, sentence_span
from checker.transcript import check_transcript

REPLY = "这个不归我管，你找别人吧。我也没办法。"


def finding(text, word, kind="forbid", **extra):
    start = text.index(word)
    return {"kind": kind, "start": start, "end": start + len(word), "match": word, **extra}


def test_the_issue_reply_gets_a_whole_sentence_not_a_spliced_one():
    f = next(f for f in checker.check(REPLY) if f.kind == "forbid")
    new, (s, e) = apply_fix(REPLY, f, "这个问题我来帮您跟进。")
    assert new == "这个问题我来帮您跟进。我也没办法。"
    assert new[s:e] == "这个问题我来帮您跟进。"


def test_drop_in_replaces_the_words_only():
    new, span = apply_fix("你的货明天到。", finding("你的货明天到。", "你", "replace"), "您")
    assert new == "您的货明天到。" and span == (0, 1)


def test_rewrite_keeps_the_sentence_end_when_the_suggestion_has_none():
    text = "好的。这个做不了！谢谢"
    new, _ = apply_fix(text, finding(text, "做不了", kind="forbid"), "我们看看其他办法")
    assert new == "好的。我们看看其他办法！谢谢"


def test_rewrite_takes_a_run_of_end_marks_as_one_end():
    text = "你烦不烦啊？！我说了。"
    new, _ = apply_fix(text, finding(text, "你烦不烦"), "我再给您说明一遍。")
    assert new == "我再给您说明一遍。我说了。"


def test_rewrite_stops_at_the_line_end_and_keeps_the_speaker_tag():
    text = "客户：我的货呢？\n客服：这个不归我管，你找别人\n客户：好吧"
    new, (s, e) = apply_fix(text, finding(text, "不归我管"), "这个问题我来跟进。")
    assert new == "客户：我的货呢？\n客服：这个问题我来跟进。\n客户：好吧"
    assert new[s:e] == "这个问题我来跟进。"


def test_english_sentences_end_at_a_full_stop_and_a_space():
    text = "Thanks for waiting. I have no idea, ask someone else. Bye."
    new, _ = apply_fix(text, finding(text, "I have no idea"), "I'll find out for you.")
    assert new == "Thanks for waiting. I'll find out for you. Bye."
    assert sentence_span("Version 2.5 is out. Fine", 0, 3) == (0, 19)


def test_english_drop_in_takes_the_case_of_the_words_it_replaces():
    text = "Then you must restart. You must wait."
    first, _ = apply_fix(text, finding(text, "you must", "replace"), "You can")
    assert first == "Then you can restart. You must wait."
    second, _ = apply_fix(text, finding(text, "You must", "replace"), "you can")
    assert second == "Then you must restart. You can wait."


def test_missing_greeting_goes_after_the_speaker_tag_and_closing_at_the_end():
    text = "座席：什么事？\n客户：打不开。\n座席：嗯，那就这样"
    first = finding(text, "座席：什么事？", "require")
    new, (s, e) = apply_fix(text, first, "您好，有什么可以帮您？", insert="start")
    assert new.startswith("座席：您好，有什么可以帮您？什么事？")
    last = finding(text, "座席：嗯，那就这样", "require", insert="end")
    new, (s, e) = apply_fix(text, last, "感谢您的来电，再见！")
    assert new.endswith("座席：嗯，那就这样。感谢您的来电，再见！") and new[s:e] == "感谢您的来电，再见！"


def test_a_changed_text_is_refused():
    with pytest.raises(CheckerError, match="changed"):
        apply_fix("你好", {"kind": "replace", "start": 0, "end": 1, "match": "您"}, "您")
    with pytest.raises(CheckerError, match="outside"):
        apply_fix("你好", {"kind": "replace", "start": 0, "end": 9}, "您")


def test_every_kind_of_finding_says_how_it_is_fixed():
    result = json.loads(web.check_json("座席：你好\n客户：喂\n座席：不归我管", mode="transcript"))
    assert {f["fix"] for f in result["findings"]} == {"words", "sentence", "insert"}


# Text made of Chinese, English, end marks, commas, spaces, line breaks and speaker tags.
PIECES = st.sampled_from(["你", "好", "不归我管", "我", "。", "！", "？", "?", "!", "，", " ", "\n", "客服：", "Agent: ", "ok", ".", "…", "“", "”"])
TEXTS = st.lists(PIECES, min_size=1, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data(), st.sampled_from(["您", "我来跟进。", "Let me check", "好"]), st.sampled_from(["replace", "forbid"]))
def test_nothing_outside_the_replaced_span_changes(text, data, suggestion, kind):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    f = {"kind": kind, "start": start, "end": end, "match": text[start:end]}
    new, (s, e) = apply_fix(text, f, suggestion)
    cut_start, cut_end = (start, end) if kind == "replace" else sentence_span(text, start, end)
    # Before and after the replaced part, the text is unchanged; the new part holds the suggestion.
    assert new[:s] == text[:cut_start] and s == cut_start
    assert new[e:] == text[cut_end:]
    assert suggestion.lower() in new[s:e].lower()
    # A sentence never reaches across a line or past the span's own line.
    assert "\n" not in text[cut_start:start] and "\n" not in text[end:cut_end]
    if kind == "forbid":
        assert cut_start <= start and end <= cut_end


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_the_checkers_own_findings_can_all_be_fixed(text):
    engine = checker.default()
    for f in check_transcript(engine, text, role="all") if "\n" in text else engine.check(text):
        if f.suggestions:
            new, (s, e) = apply_fix(text, f, f.suggestions[0], insert="start")
            assert f.suggestions[0][:1] in new[s:e]


def test_team_names_fill_suggestions_and_only_recompile_rules_that_use_them():
    settings = json.dumps({"placeholders": {"reply_by": {"zh": "今天下班前", "en": "before the end of today"}, "agent_id": {"zh": "1024号", "en": "representative number 1024"}}})
    found = json.loads(web.check_json("这个我不清楚。", settings_json=settings))["findings"]
    assert any("今天下班前" in s for f in found for s in f["suggestions"])
    assert not any("{" in s for f in found for s in f["suggestions"])
    engine = web._team(settings).engine
    assert engine.check("这个我不清楚。")  # the precompiled patterns still match
    greeting = next(r for r in engine.rules if r.id == "s001-require-greeting")
    assert greeting.suggest[0]["zh"].startswith("您好，我是1024号客服代表")


def test_a_drop_in_comes_in_the_language_of_the_words_it_replaces():
    text = "备注：You must restart it."  # Chinese around, English words matched
    drop = next(f for f in checker.check(text) if f.kind == "replace")
    assert drop.suggestions[0] == "You can"
    new, _ = apply_fix(text, drop, drop.suggestions[0])
    assert new == "备注：You can restart it."
