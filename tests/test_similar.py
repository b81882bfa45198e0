"""The similarity tier (checker/similar.py) and its training (generator/similar.py)."""

import json
from pathlib import Path

import pytest

import checker
from checker import config
from checker.facade import TeamChecker
from checker.finding import BLOCKING
from checker.rules import conditions
from checker.similar import RULE_ID, Similar, grams, scored_units, unit_lang, units
from generator import similar as training
from generator import textsets
from generator.data import read
from generator.selftest import recommended

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def book():
    return read(ROOT / "data")


@pytest.fixture(scope="module")
def engine():
    return checker.load()


def test_grams_read_ni_as_nin_and_digits_as_zero():
    assert grams("你去3号窗口", "zh") == grams("您去7号窗口", "zh")
    assert "去0号" in grams("你去3号窗口", "zh")
    assert not any("，" in g for g in grams("好的，稍等", "zh"))  # no n-gram crosses punctuation
    assert {"read", "read the", "read the manual"} <= grams("read the manual", "en")


def test_units_are_clauses_then_short_sentences_and_skip_run_ons():
    text = "好的，这个不归我管。找别人吧！"
    pieces = [text[s:e] for s, e in units(text)]
    assert pieces == ["好的", "这个不归我管", "找别人吧", "好的，这个不归我管"]
    run_on = "嗯" * 40
    assert units(run_on) == []


def test_a_unit_is_scored_on_its_own_n_grams(engine):
    """scored_units reads each clause once and puts a sentence's features together from
    its clauses': they must be exactly what the unit's own text gives."""
    texts = [
        "好的，这个不归我管。找别人吧！",
        "No, you can't. Ask the store, they'll sort it out; sorry!\nOK, bye.",
        "您好，this is John，您的订单123号已经发出，please check it.",
        "呃那个就是您这个 嗯 我们这边没办法啊您找别人吧 好吧",
        "'Hi', he said — 'go away, now.' …then? no!",
    ]
    for text in texts:
        folded = engine.folder.fold(text).text
        got = scored_units(folded)
        assert [(s, e) for s, e, _, _ in got] == units(folded)
        for start, end, lang, features in got:
            piece = folded[start:end]
            assert lang == unit_lang(piece)
            assert features == grams(piece, lang)


def test_the_one_pass_bound_is_never_below_a_units_score(engine):
    """hints_for scores in full only the units whose bound (_Bound: one pass over the text)
    is over the threshold; the bound must hold for every unit, however its n-grams repeat,
    and for English words cut by a unit's edge."""
    from checker.similar import _Bound, _Units
    lines = [row["utterance"] for name in ("dev6/zh.tsv", "dev6/en.tsv", "ok6/zh.tsv", "ok6/en.tsv")
             for row in textsets.read_tsv(ROOT / "tests/fixtures/recall" / name)]
    texts = ["\n".join(lines[i:i + 7]) for i in range(0, len(lines), 7)]
    texts += ["的的的的的的的的的的的的", "no no no no no no no no", "don't.don't,don'", "您好您好您好，好好好。"]
    checked = 0
    for text in texts:
        folded = engine.folder.fold(text).text
        read = _Units(folded)
        for lang, model in engine.similar.models.items():
            bound = _Bound(model, read.folded)
            for start, end, unit_lang, clauses in read.spans:
                if unit_lang == lang and not bound.over(start, end):
                    checked += 1
                    assert model.score(read.features(clauses, lang)) <= model.threshold, folded[start:end]
    assert checked > 1000


def test_a_speech_pause_ends_a_clause(engine):
    from checker.normalize import pauses
    text = "不是_是在营_交的还是在银行啊"
    folded = engine.folder.fold(text)
    assert folded.text == "不是是在营交的还是在银行啊"  # the rules read across the pause
    breaks = pauses(folded, text)
    assert [folded.text[s:e] for s, e in units(folded.text, breaks)][:3] == ["不是", "是在营", "交的还是在银行啊"]
    sentence = scored_units(folded.text, breaks)[-1]
    assert "是是在" not in sentence[3] and "不是" in sentence[3]  # no n-gram crosses a pause
    assert pauses(engine.folder.fold("不是是在营"), "不是是在营") == []


def test_a_kind_is_not_hinted_where_its_unless_holds():
    engine = checker.load(similar=False)
    unless = {"shirking": conditions([{"after": ["(但是|不过)我(来|帮您)"]}], engine.folder.fold)}
    engine.similar = Similar(toy_model(), PRINCIPLES, unless=unless)
    assert any(f.rule == RULE_ID for f in engine.check("这个西瓜不甜啊"))
    assert not any(f.rule == RULE_ID for f in engine.check("这个西瓜不甜啊，不过我来帮您换一个"))


def test_the_built_in_bundle_carries_both_models(engine):
    assert set(engine.similar.models) == {"zh", "en"}
    for lang in ("zh", "en"):
        model = engine.similar.models[lang]
        assert model.weights and model.kinds and model.threshold > 0


def test_a_units_kind_sums_the_pairs_the_bundle_lists(engine):
    # The model keeps each n-gram's [kind, weight, kind, weight …] packed in bytes; the kind
    # it names is the one the lists as the bundle gives them add up to most.
    bundle = json.loads((ROOT / "data" / "similar" / "zh.json").read_text(encoding="utf-8"))
    model = engine.similar.models["zh"]
    lines = (ROOT / "tests" / "fixtures" / "recall" / "dev_zh.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines[:300]:
        features = grams(line.split("\t")[0], "zh")
        totals = list(bundle["priors"])
        for g in features:
            pairs = bundle["kind_grams"].get(g, [])
            for i in range(0, len(pairs), 2):
                totals[pairs[i]] += pairs[i + 1]
        assert model.kind(features) == bundle["kinds"][totals.index(max(totals))]


def toy_model(lang="zh"):
    """A model that scores 西瓜不甜 (words no rule names) as a taboo of the kind shirking."""
    weights = {g: 5.0 for g in grams("西瓜不甜", "zh")}
    return {lang: {"bias": -10.0, "threshold": 0.0, "weights": weights, "kinds": ["gossip", "shirking"],
                   "priors": [0.0, -0.1], "kind_grams": {"瓜不": [1, 2.0]}}}


PRINCIPLES = [
    {"id": "shirking", "name": {"zh": "推诿", "en": "passing the buck"}, "advice": {"zh": "统一接口。", "en": "Be the one contact."}},
    {"id": "gossip", "name": {"zh": "议论", "en": "gossip"}, "advice": {"zh": "不议论。", "en": "No gossip."}},
]


def test_a_hint_names_its_kind_and_points_into_the_original_text():
    engine = checker.load(similar=False)
    engine.similar = Similar(toy_model(), PRINCIPLES)
    text = "您好！！這個西瓜不 甜啊，您看看"
    found = [f for f in engine.check(text) if f.rule == RULE_ID]
    assert len(found) == 1
    f = found[0]
    assert f.severity == "info" and f.kind == "similar" and f.category == "shirking"
    assert f.suggestions == ()
    assert text[f.start:f.end] == f.match and f.match.startswith("這個西瓜")
    assert "推诿" in f.message and "统一接口" in f.message


def test_a_hint_never_overlaps_a_rule_finding(engine):
    text = "这个不归我管，你找别人吧"
    found = engine.check(text)
    rules = [f for f in found if f.rule != RULE_ID]
    hints = [f for f in found if f.rule == RULE_ID]
    assert rules
    assert not any(h.start < r.end and r.start < h.end for h in hints for r in rules)


def test_settings_turn_the_tier_or_a_kind_off():
    base = checker.load(similar=False)
    base.similar = Similar(toy_model(), PRINCIPLES)
    text = "这个西瓜不甜啊"
    assert any(f.rule == RULE_ID for f in base.check(text))
    off = TeamChecker(config.Settings(disable=frozenset({RULE_ID})), base=base)
    assert off.engine.similar is None
    kind_off = TeamChecker(config.Settings(disable=frozenset({"shirking"})), base=base)
    assert not any(f.rule == RULE_ID for f in kind_off.check(text))
    assert checker.load(similar=False).similar is None


def test_no_recommended_reply_gets_a_hint(book, engine):
    hinted = [(path, f.match) for _, _, path, text in recommended(book) for f in engine.check(text) if f.rule == RULE_ID]
    assert hinted == []


def test_hints_never_block(engine):
    for text in ["这事你得去隔壁问", "网上都写着，自己查", "That's not on us, go ask the store."]:
        assert all(f.severity not in BLOCKING for f in engine.check(text) if f.rule == RULE_ID)


def test_every_development_principle_has_advice(book):
    labels = {row["principle"] for lang in textsets.LANGS for s in [textsets.dev(lang), *textsets.later_rounds(lang)] for row in s.rows or () if row.get("principle")}
    assert labels <= {p["id"] for p in book.principles}


def test_training_leaves_out_the_units_the_checker_would_excuse():
    # A look-alike line that is a hard answer and a way forward gets no hint, so it must
    # not push the threshold up; its first clause alone is what a taboo line looks like.
    engine = checker.load(similar=False)
    unless = {"shirking": conditions([{"after": ["(但是|不过)我(来|帮您)"]}], engine.folder.fold)}
    hints = Similar(toy_model(), PRINCIPLES, unless=unless).hints
    data = toy_model()["zh"]
    excused = training.Excused("zh", hints, data["kind_grams"], data["kinds"], data["priors"])
    vocabulary = set(grams("西瓜不甜啊不过我来帮您换一个", "zh"))
    line = ("西瓜不甜啊,不过我来帮您换一个", ())
    kept = training.unit_features(line, "zh", vocabulary, excused)
    everything = training.unit_features(line, "zh", vocabulary)
    assert len(everything) == 3 and len(kept) == 1  # clause 1 and the sentence are excused
    assert kept == [everything[1]]  # the way forward itself stays a negative
    assert len(training.unit_features(("西瓜不甜啊", ()), "zh", vocabulary, excused)) == 1  # nothing follows: kept


def test_training_separates_a_toy_set():
    pos = [frozenset(grams(t, "zh")) for t in ["不归我管", "这事不归我管", "找别人去", "你找别人吧"] * 3]
    neg = [frozenset(grams(t, "zh")) for t in ["我来帮您查", "稍等我看一下", "好的马上处理", "我帮您转给同事并跟进"] * 3]
    model = training.train(pos, neg, 1e-3)
    assert min(training.score(model, [p]) for p in pos) > max(training.score(model, [n]) for n in neg)


def test_the_model_files_say_how_they_were_trained():
    for lang in textsets.LANGS:
        data = json.loads((ROOT / "data" / "similar" / f"{lang}.json").read_text(encoding="utf-8"))
        notes = data["trained"]
        assert notes["taboo_lines"] > 100 and notes["cv_recall"] > 0 and notes["features"] == len(data["weights"])
