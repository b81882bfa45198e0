"""The function the browser calls: JSON in, JSON out, UTF-16 offsets for JavaScript."""

import json

from checker import web


def test_utf16_offsets_after_astral_characters():
    result = json.loads(web.check_json("😀😀" + "这个不归我管"))
    f = result["findings"][0]
    assert f["start16"] == f["start"] + 2 and f["end16"] == f["end"] + 2
    text = "😀😀这个不归我管"
    assert text.encode("utf-16-le")[f["start16"] * 2:f["end16"] * 2].decode("utf-16-le") == f["match"]


def test_utf16_table():
    table = web._utf16("a😀b")
    assert table == [0, 1, 3, 4]


def test_transcript_mode_has_a_score():
    result = json.loads(web.check_json("客户：你好\n座席：好的", mode="transcript"))
    assert "score" in result and 0 <= result["score"]["score"] <= 100


def test_settings_are_applied():
    settings = json.dumps({"disable": ["shirking", "impatience", "refusal", "interrogation", "blaming"]})
    result = json.loads(web.check_json("这个不归我管", settings_json=settings))
    assert all(f["category"] not in ("shirking",) for f in result["findings"])


def test_min_severity():
    result = json.loads(web.check_json("这个不归我管，我不清楚", min_severity="error"))
    assert all(f["severity"] == "error" for f in result["findings"])


def test_findings_carry_category_names():
    f = json.loads(web.check_json("这个不归我管"))["findings"][0]
    assert f["category_names"]["zh"] and f["category_names"]["en"]


def _apply(text, fix):
    """What the page does: splice in UTF-16 units, as JavaScript strings count."""
    units = text.encode("utf-16-le")
    return (units[:fix["start16"] * 2] + fix["insert"].encode("utf-16-le") + units[fix["end16"] * 2:]).decode("utf-16-le")


def test_each_fix_is_an_edit_the_page_can_splice():
    from checker.fix import apply_fix

    text = "好的。这个不归我管，你找别人吧。我也没办法。"
    for f in json.loads(web.check_json(text))["findings"]:
        for fix, suggestion in zip(f["fixes"], f["suggestions"]):
            assert _apply(text, fix) == apply_fix(text, f, suggestion)[0]
            assert fix["before"] in text and fix["after"] in _apply(text, fix)


def test_fix_offsets_are_utf16_after_astral_characters():
    text = "😀😀你的货明天到。"
    f = next(f for f in json.loads(web.check_json(text))["findings"] if f["kind"] == "replace")
    assert _apply(text, f["fixes"][0]) == "😀😀您的货明天到。"


def test_a_fix_that_doubles_a_word_is_marked():
    # The drop-in 您可以 put in front of 可以 would write 可以可以.
    text = "你必须可以先备份。"
    found = [fix for f in json.loads(web.check_json(text))["findings"] for fix in f["fixes"] if "可以" in fix["label"]]
    assert found and all(fix["problem"] for fix in found if "可以可以" in _apply(text, fix))


def test_missing_phrase_fix_inserts_with_its_separator():
    text = "客户：在吗\n座席：请讲，我是3号客服代表\n座席：好的"
    result = json.loads(web.check_json(text, mode="transcript"))
    closing = next(f for f in result["findings"] if f["kind"] == "require" and f["insert"] == "end")
    fixed = _apply(text, closing["fixes"][0])
    assert fixed.startswith(text) and fixed[len(text)] == "。"
    assert closing["item_name"]["zh"] == "道别"


def test_auto_mode_detects_a_transcript():
    transcript = "客户：这个不归我管\n座席：您好，我是3号客服代表，请问有什么可以帮您？\n座席：再见。"
    result = json.loads(web.check_json(transcript, mode="auto"))
    assert result["mode"] == "transcript" and result["detected"] and result["findings"] == []
    result = json.loads(web.check_json("这个不归我管", mode="auto"))
    assert result["mode"] == "reply" and not result["detected"] and result["findings"]


def test_scorecard_items():
    result = json.loads(web.check_json("客户：在吗\n座席：请讲，我是3号客服代表。这个不归我管\n座席：好的", mode="transcript"))
    items = {i["name"]["zh"]: i for i in result["score"]["required"]}
    assert items["问候"]["found"] is None and items["问候"]["points"] < 0
    assert items["自报工号"]["found"] == "我是" and items["自报工号"]["points"] == 0
    assert result["score"]["wording"]["error"] >= 1 and result["score"]["wording"]["points"] < 0


def test_decode_json_decodes_as_the_command_line_does():
    assert json.loads(web.decode_json("座席：您好".encode("utf-32")))["text"] == "座席：您好"
    assert json.loads(web.decode_json("您好".encode("gb18030")))["text"] == "您好"
    assert "GB18030" in json.loads(web.decode_json(bytes(range(0x81, 0xFF)) * 4))["error"]
