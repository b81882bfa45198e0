import pytest

from checker import CheckerError
from checker.pattern import compile_pattern, expand


@pytest.mark.parametrize(
    "source, sequences",
    [
        ("不归我管", [("不归我管",)]),
        ("(这个)?不归我管", [("这个不归我管",), ("不归我管",)]),
        ("不(归|关)我(管|事)", [("不归我管",), ("不归我事",), ("不关我管",), ("不关我事",)]),
        ("((a|b)c|d)", [("ac",), ("bc",), ("d",)]),
        ("你.{0,4}听清楚", [("你", (0, 4), "听清楚")]),
        ("a.{0,2}.{1,3}b", [("a", (1, 5), "b")]),
        (r"\(注\)", [("(注)",)]),
        ("{company}产品", [("西盈产品",), ("Xiying产品",)]),
    ],
)
def test_expand(source, sequences):
    assert expand(source, {"company": ["西盈", "Xiying"]}) == sequences


@pytest.mark.parametrize(
    "source, message",
    [
        ("(不归", "missing"),
        ("不归)", "unbalanced"),
        ("a.b", "gap"),
        ("a.{0,99}b", "at most|<= 20"),
        ("{nobody}", "unknown placeholder"),
        ("?a", "unexpected"),
        ("(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)", "more than"),
    ],
)
def test_errors_name_the_pattern(source, message):
    import re

    with pytest.raises(CheckerError) as info:
        expand(source, {})
    assert source in str(info.value) and re.search(message, str(info.value))


def test_compiled_patterns_are_folded(folder):
    assert compile_pattern("不 歸 我管", folder.fold) == [("不归我管",)]
    assert compile_pattern("CAN'T help", folder.fold) == [("cannot help",)]


def test_gap_at_the_edge_is_refused(folder):
    with pytest.raises(CheckerError, match="start and end with text"):
        compile_pattern(".{0,2}听清楚", folder.fold)


def test_pattern_empty_after_folding_is_refused(folder):
    with pytest.raises(CheckerError, match="never match"):
        compile_pattern("\u200b", folder.fold)
