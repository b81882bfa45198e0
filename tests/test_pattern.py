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
        ("(a.{0,2}b|c|d|e)" * 5, "more than"),  # groups with gaps cannot stay whole
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


MANY = "(肯定|一定|绝对|八成)是(你|您)(家|那边)?的(电脑|手机|路由器)(太|也太)(老|旧|慢)"


def test_many_variants_keep_their_word_groups_whole(folder):
    from checker.pattern import INLINE_OVER, Choice

    sequences = compile_pattern(MANY, folder.fold)
    assert len(expand(MANY)) <= 2 * INLINE_OVER < 4 * 2 * 2 * 3 * 2 * 3  # not one sequence per variant
    assert any(isinstance(part, Choice) and part.inline for seq in sequences for part in seq)
    assert len(compile_pattern("(你|您)(家|那边)?的电脑", folder.fold)) == 6  # few variants: written out, long literals


@pytest.mark.parametrize(
    "text, hit",
    [
        ("肯定是你家的电脑太老了", True),
        ("八成是您的路由器也太慢", True),
        ("一定是你那边的手机太旧", True),
        ("肯定是你家的电视太老了", False),
        ("肯定是你的电脑很老", False),
    ],
)
def test_whole_groups_match_what_the_variants_match(folder, text, hit):
    from checker import Checker

    engine = Checker.from_records(
        [{"id": "r", "kind": "forbid", "category": "c", "severity": "error", "patterns": {"zh": [MANY]}, "message": {"zh": "m", "en": "m"}}],
        folder=folder,
    )
    assert bool(engine.check(text, lang="zh")) is hit
