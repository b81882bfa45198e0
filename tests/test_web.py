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
