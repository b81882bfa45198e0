"""Folding: each case gives the folded text, and spans map back to the original."""

import pytest

CASES = [
    # (raw, folded)
    ("不归我管", "不归我管"),
    ("這個不歸我管", "这个不归我管"),  # traditional -> simplified
    ("ＮＯＴ　ｍｙ　ｊｏｂ", "not my job"),  # full-width letters and space
    ("不 关 我 事", "不关我事"),  # spaces between Chinese characters
    ("不·关·我·事", "不关我事"),  # filler marks
    ("不\u200b关\u200d我事", "不关我事"),  # zero-width characters
    ("不\u00a0关\t我事", "不关我事"),
    ("不 \u200b关 · 我事", "不关我事"),  # mixed runs
    ("1.5 km - e-mail", "1.5 km - e-mail"),  # marks outside Chinese stay
    ("a\u200bb", "ab"),
    ("什 么 ？", "什么?"),  # a space before punctuation inside Chinese
    ("对 ， 没 错 ！", "对,没错!"),
    ("hello , world", "hello , world"),  # not in English
    ("a \u200b b", "a b"),
    ("Not  My\tJob", "not my job"),  # runs of spaces, case
    ("I can't", "i cannot"),
    ("I can not", "i cannot"),
    ("don’t", "do not"),  # curly apostrophe, contraction
    ("we’re", "we are"),
    ("don\u200b't", "do not"),  # zero-width hidden inside a contraction
    ("do\u200bn't know", "do not know"),
    ("it\u200b's", "it's"),
    ("'quoted' words", "'quoted' words"),
    ("“引号”", '"引号"'),
    ("I know", "i know"),
    ("第一行\n第二行", "第一行\n第二行"),  # line breaks stay
    ("\u202e不归我管\u202c", "不归我管"),  # bidi controls
    ("㈱", "(株)"),  # one character folding to several
    ("😀不归我管", "😀不归我管"),  # astral characters keep their place
]


@pytest.mark.parametrize("raw, folded", CASES)
def test_fold(folder, raw, folded):
    assert folder.fold(raw).text == folded


@pytest.mark.parametrize("raw, folded", CASES)
def test_offsets_map_back(folder, raw, folded):
    f = folder.fold(raw)
    for s in range(len(f.text)):
        for e in range(s + 1, len(f.text) + 1):
            start, end = f.start(s), f.end(e)
            assert 0 <= start < end <= len(raw)
    # the whole folded text maps to the whole meaningful original
    assert f.start(0) <= 1 and f.end(len(f.text)) >= len(raw) - 1


@pytest.mark.parametrize(
    "raw, needle, original",
    [
        ("这 个不·归我管吧", "不归我管", "不·归我管"),
        ("x\u200b不归我管", "不归我管", "不归我管"),
        ("I can't help", "cannot help", "can't help"),
        ("You can  not help", "cannot help", "can  not help"),
        ("ＮＯ　ＩＤＥＡ", "no idea", "ＮＯ　ＩＤＥＡ"),
        ("😀這個", "这个", "這個"),
    ],
)
def test_span_of_a_match(folder, raw, needle, original):
    f = folder.fold(raw)
    s = f.text.index(needle)
    assert raw[f.start(s):f.end(s + len(needle))] == original


def test_clean_chinese_needs_no_map(folder):
    f = folder.fold("您好，请问有什么可以帮您？")
    assert f._out is None


def test_a_long_text_folds_as_its_lines_do(folder):
    """Past normalize.LONG characters the first pass goes through a list over the
    Basic Multilingual Plane; characters past it (emoji, the compatibility
    ideographs of plane 2) are mapped as before."""
    from checker.normalize import LONG

    lines = [raw for raw, _ in CASES] + ["這個😀\U0002f800不歸我管", "ＡＢＣ“引号” \U0001f600 ok"]
    text = "\n".join(lines * (LONG // len("\n".join(lines)) + 1))
    assert len(text) >= LONG
    assert folder.fold(text).text == "\n".join(folder.fold(line).text for line in text.split("\n"))
    assert folder.translate(text) == text.translate(folder.one)
    assert "\U0002f800" not in folder.translate(text)  # plane 2 is folded too


@pytest.mark.parametrize("shape", ["sparse", "dense", "dense later", "nothing to change"])
def test_a_long_text_translates_the_same_by_either_way(folder, shape):
    """A long text with few changed characters is mapped only where they are, a dense
    one through the list; both give str.translate's result, emoji and plane 2 included."""
    from checker.normalize import LONG, SAMPLE

    clean = "您好请问有什么可以帮您我们马上处理"  # nothing here for the table to change
    sparse = (clean * 3 + "，😀") * (LONG // len(clean))
    dense = "這個不歸我管，請您找別人吧\U0002f800ＡＢＣ“引号”" * (LONG // 10)
    text = {
        "sparse": sparse,
        "dense": dense,
        "dense later": clean * (SAMPLE // len(clean) + 1) + dense,
        "nothing to change": clean * (LONG // len(clean) + 1),
    }[shape]
    assert len(text) >= LONG
    assert folder.translate(text) == text.translate(folder.one)


def test_a_character_class_in_ranges():
    import re

    from checker.normalize import _class

    pattern = re.compile(_class([0x4E00, 0x4E01, 0x4E02, ord("-"), ord("]"), 0x4E05]))
    assert [c for c in "\u4e00\u4e01\u4e02\u4e03\u4e05-]^a" if pattern.match(c)] == ["\u4e00", "\u4e01", "\u4e02", "\u4e05", "-", "]"]
    assert re.compile(_class([])).search("anything") is None
