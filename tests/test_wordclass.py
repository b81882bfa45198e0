"""Word classes in patterns: <name> parses, compiles to one part, matches, never blows up."""

import json
import random
import shutil

import pytest

import checker
from checker import CheckerError, automaton
from checker.engine import ANCHOR_KEYS, anchor
from checker.pattern import MAX_EXPANSIONS, Choice, ClassRef, compile_pattern, expand
from checker.rules import compile_rules, compiled_json
from checker.wordclass import WordClasses
from generator.cli import main as generator_main
from tests.conftest import ROOT

CLASSES = [
    {"id": "elsewhere", "members": {"zh": ["隔壁", "前台", "那边", "(其他|别的)(窗口|柜台|部门)"], "en": ["elsewhere", "the front desk"]}},
    {"id": "go-ask", "members": {"zh": ["(去)?问问", "去问", "找"], "en": ["ask", "go ask"]}},
    {"id": "you", "members": {"zh": ["你", "您"]}},
]


@pytest.fixture(scope="module")
def classes(folder):
    return WordClasses(CLASSES, folder.fold)


def rule(rule_id, zh=(), en=(), **extra):
    return {"id": rule_id, "kind": "forbid", "category": "shirking", "severity": "error",
            "message": {"zh": "推诿", "en": "Sends away"}, "patterns": {"zh": list(zh), "en": list(en)}, **extra}


def spans(findings):
    return [(f.rule, f.start, f.end) for f in findings]


def test_expand_keeps_a_class_as_one_token():
    assert expand("你得<go-ask>(一下)?<elsewhere>") == [
        ("你得", ClassRef("go-ask"), "一下", ClassRef("elsewhere")),
        ("你得", ClassRef("go-ask"), ClassRef("elsewhere")),
    ]
    assert expand(r"a\<b>") == [("a<b>",)]


def test_members_expand_and_fold_longest_first(classes):
    choice = classes.choice("elsewhere", "zh")
    assert set(choice.members) == {"隔壁", "前台", "那边", "其他窗口", "其他柜台", "其他部门", "别的窗口", "别的柜台", "别的部门"}
    assert [len(m) for m in choice.members] == sorted((len(m) for m in choice.members), reverse=True)
    assert classes.choice("you", "en") is None  # no English members
    assert set(classes.choice("you").members) == {"你", "您"}  # conditions: every language


def test_a_class_compiles_to_one_part(folder, classes):
    [seq] = compile_pattern("<elsewhere>.{0,4}<go-ask>", folder.fold, classes=classes, lang="zh")
    assert isinstance(seq[0], Choice) and seq[1] == (0, 4) and isinstance(seq[2], Choice)
    # Adjacent parts are joined by an empty gap, so sequences keep alternating part / gap.
    assert compile_pattern("去<elsewhere>", folder.fold, classes=classes, lang="zh") == [("去", (0, 0), classes.choice("elsewhere", "zh"))]


def test_no_combinatorial_blow_up(folder):
    many = WordClasses([
        {"id": "a", "members": {"zh": [f"甲{i}" for i in range(40)]}},
        {"id": "b", "members": {"zh": [f"乙{i}" for i in range(40)]}},
        {"id": "c", "members": {"zh": [f"丙{i}" for i in range(40)]}},
    ], folder.fold)
    # 40 x 40 x 40 members would be 64000 variants, far over the limit, as alternatives.
    assert 40 ** 3 > MAX_EXPANSIONS
    assert len(compile_pattern("<a>.{0,4}<b>.{0,4}<c>", folder.fold, classes=many, lang="zh")) == 1
    assert len(compile_pattern("(<a>)?<b>(的)?<c>", folder.fold, classes=many, lang="zh")) == 4


def test_unknown_class_says_which_and_suggests(folder, classes):
    with pytest.raises(CheckerError, match=r"unknown word class <elsewher>; did you mean <elsewhere>\?"):
        compile_pattern("去<elsewher>", folder.fold, classes=classes, lang="zh")
    with pytest.raises(CheckerError, match=r"unknown word class <nowhere-at-all>$"):
        compile_pattern("<nowhere-at-all>", folder.fold, classes=classes, lang="zh")
    with pytest.raises(CheckerError, match="no en members"):
        compile_pattern("<you> must", folder.fold, classes=classes, lang="en")
    with pytest.raises(CheckerError, match="starts a word class"):
        expand("a<B>")


@pytest.mark.parametrize("member, message", [("a.{0,2}b", "gap"), ("<you>", "another class"), ("{company}", "placeholder"), ("(a", "missing")])
def test_bad_members_are_refused(folder, member, message):
    with pytest.raises(CheckerError, match=message):
        WordClasses([{"id": "x", "members": {"zh": [member]}}], folder.fold).check()


@pytest.fixture(scope="module")
def engines(folder, classes):
    records = [
        rule("send-away", zh=["<you>.{0,4}<go-ask><elsewhere>", "<elsewhere>.{0,2}<go-ask>吧"], en=["go <elsewhere>", "<go-ask> <elsewhere>"]),
        rule("send-away-alt", zh=["(你|您).{0,4}((去)?问问|去问|找)(隔壁|前台|那边|(其他|别的)(窗口|柜台|部门))", "(隔壁|前台|那边|(其他|别的)(窗口|柜台|部门)).{0,2}((去)?问问|去问|找)吧"],
             en=["go (elsewhere|the front desk)", "(ask|go ask) (elsewhere|the front desk)"]),
        rule("later-unless", zh=["改天"], unless=[{"after": ["<go-ask>"], "within": 4}]),
    ]
    return {name: checker.Checker(compile_rules(records, folder.fold, classes=classes), folder, name)
            for name in ("native", "pure") if automaton.available(name)}


@pytest.mark.parametrize("text, expected", [
    ("这事你得去问问隔壁。", "你得去问问隔壁"),
    ("您找其他部门", "您找其他部门"),
    ("前台问问吧", "前台问问吧"),
    ("You should go elsewhere.", "go elsewhere"),
    ("Ask the front desk.", "Ask the front desk"),
])
def test_a_class_matches_any_member(engines, text, expected):
    for engine in engines.values():
        found = [f for f in engine.check(text) if f.rule == "send-away"]
        assert [f.match for f in found] == [expected], engine.backend


@pytest.mark.parametrize("text", ["你得去问问经理", "go elsewhereish", "forego elsewhere", "askelsewhere", "隔壁很吵。问问吧"])
def test_a_class_matches_nothing_else(engines, text):
    for engine in engines.values():
        assert not [f for f in engine.check(text) if f.rule == "send-away"], (engine.backend, text)


def test_a_class_in_a_condition(engines):
    engine = next(iter(engines.values()))
    assert [f.rule for f in engine.check("改天吧")] == ["later-unless"]
    assert engine.check("改天去问问吧") == []


def test_a_class_finds_what_the_same_alternation_finds(engines):
    """The class rule and its spelled-out twin flag the same spans, on both backends."""
    rng = random.Random(11)
    pieces = ["你", "您", "得", "去", "问问", "找", "隔壁", "前台", "其他", "窗口", "部门", "吧", "。", "好", "go ", "ask ", "elsewhere", "the front desk", " "]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        results = []
        for engine in engines.values():
            found = engine.check(text, resolve=False)
            mine = {(f.start, f.end) for f in found if f.rule == "send-away"}
            twin = {(f.start, f.end) for f in found if f.rule == "send-away-alt"}
            assert {s for s, _ in mine} == {s for s, _ in twin}, text  # same places flagged
            results.append(spans(found))
        assert all(r == results[0] for r in results), text  # both backends agree


def test_class_only_sequence_is_keyed_on_its_members(folder, classes):
    go_ask, elsewhere = (classes.choice(name, "zh").members for name in ("go-ask", "elsewhere"))
    [seq] = compile_pattern("<go-ask><elsewhere>", folder.fold, classes=classes, lang="zh")
    keys, low, high = anchor(seq)
    if len(go_ask) * len(elsewhere) <= ANCHOR_KEYS:  # both classes joined: every pair is a key
        assert set(keys) == {a + b for a in go_ask for b in elsewhere} and (low, high) == (0, 0)
    else:  # too many pairs: its shortest member (2) beats 找 (1)
        assert set(keys) == set(elsewhere) and (low, high) == (1, 3)


def test_a_class_beside_a_literal_joins_it_in_the_keys(folder, classes):
    elsewhere = classes.choice("elsewhere", "zh").members
    assert len(elsewhere) <= ANCHOR_KEYS
    [seq] = compile_pattern("你<elsewhere>", folder.fold, classes=classes, lang="zh")
    keys, low, high = anchor(seq)
    assert set(keys) == {"你" + m for m in elsewhere} and (low, high) == (0, 0)  # not every 你
    [seq] = compile_pattern("去问.{0,2}<elsewhere>", folder.fold, classes=classes, lang="zh")
    assert anchor(seq)[0] == ("去问",)  # a tie: the literal, one key


def test_a_long_literal_is_rare_enough_on_its_own(folder, classes):
    [seq] = compile_pattern("你去问问<elsewhere>", folder.fold, classes=classes, lang="zh")
    assert anchor(seq)[:3] == (("你去问问",), 0, 0)  # RARE characters or more: one key beats many
    [seq] = compile_pattern("问<elsewhere>吧.{0,3}这个不归我们管", folder.fold, classes=classes, lang="zh")
    assert anchor(seq)[0] == ("这个不归我们管",)  # the longest of the rare-enough single keys


def test_compiled_bundle_carries_classes(folder, classes, tmp_path):
    records = [rule("send-away", zh=["<you>.{0,4}<go-ask><elsewhere>"], en=["go <elsewhere>"])]
    [compiled] = compile_rules(records, folder.fold, classes=classes)
    stored = json.loads(json.dumps(compiled_json(compiled)))
    bundle = tmp_path / "rules.json"
    bundle.write_text(json.dumps({"placeholders": {}, "wordclasses": CLASSES, "rules": [{**records[0], "compiled": stored}]}), encoding="utf-8")
    loaded = checker.load(bundle)
    assert loaded.rules[0].sequences == compiled.sequences
    # A team's own rule compiled at load time can name the bundle's classes too.
    team = checker.load(bundle, extra_records=[rule("team-rule", zh=["叫<you>找<elsewhere>"])])
    assert [f.rule for f in team.check("叫你找前台")] == ["team-rule"]


def test_the_real_bundle_has_the_common_classes():
    bundle = checker.read_bundle()
    ids = {c["id"] for c in bundle["wordclasses"]}
    assert {"you", "elsewhere", "yourself", "later", "go-ask"} <= ids


WORDCLASS = """\
- id: elsewhere
  members:
    zh: [隔壁, 前台]
    en: [elsewhere]
  note: {zh: 别处, en: Elsewhere}
"""


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d, ignore=shutil.ignore_patterns("wordclasses"))
    (d / "wordclasses").mkdir()
    (d / "wordclasses" / "a.yml").write_text(WORDCLASS, encoding="utf-8")
    return d


def validate(data_dir, capsys):
    code = generator_main(["--data", str(data_dir), "validate"])
    return code, capsys.readouterr().err


def test_duplicate_class_names_both_files(data_dir, capsys):
    (data_dir / "wordclasses" / "b.yml").write_text(WORDCLASS, encoding="utf-8")
    code, err = validate(data_dir, capsys)
    assert code == 1
    assert "wordclasses/b.yml:1:7: duplicate word class 'elsewhere' (also in data/wordclasses/a.yml)" in err


def test_bad_member_and_unknown_class_name_file_and_line(data_dir, capsys):
    (data_dir / "wordclasses" / "a.yml").write_text(WORDCLASS.replace("隔壁, 前台", '隔壁, "a.{0,2}b"'), encoding="utf-8")
    rules = data_dir / "rules" / "000.yml"
    text = rules.read_text(encoding="utf-8")
    first = text.index("    zh: [")
    rules.write_text(text[:first] + text[first:].replace("zh: [", 'zh: ["去<elsewher>", ', 1), encoding="utf-8")
    line = text[:first].count("\n") + 1
    code, err = validate(data_dir, capsys)
    assert code == 1
    assert "wordclasses/a.yml:3:14: word class <elsewhere>: word-class member 'a.{0,2}b'" in err, err
    assert f"rules/000.yml:{line}:10: rule " in err and "unknown word class <elsewher>; did you mean <elsewhere>?" in err, err


def test_a_large_condition_finds_the_same_through_its_index(folder, classes):
    """A condition of many sequences is looked up by their first characters; the
    result is what searching each sequence gives."""
    from dataclasses import replace

    from checker.engine import holds
    from checker.rules import INDEXED, Condition

    seqs = tuple(s for src in ("(我|我们)(帮|给|替)(您|你)(查|问|看)(一下)?", "<go-ask><elsewhere>", "ok then") for s in compile_pattern(src, folder.fold, classes=classes))
    assert len(seqs) > INDEXED
    rng = random.Random(5)
    pieces = ["我", "们", "帮", "给", "您", "查", "一下", "去问", "隔壁", "找", "前台", "ok", " then", "。", "\n", "好", "x"]
    for kind, within in (("after", 6), ("after", 200), ("before", 5), ("before", 200)):
        indexed = Condition(kind, seqs, within)
        plain = replace(indexed)
        object.__setattr__(plain, "by_first", None)
        assert indexed.by_first and plain.by_first is None
        for _ in range(300):
            left = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
            right = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
            text = left + "MATCH" + right
            start, end = len(left), len(left) + 5
            assert holds(indexed, text, start, end) == holds(plain, text, start, end), (kind, within, text)
