"""The handbook's advice checks: drop-ins and rewrites that leave a correct text, no clock times,
brands or blanks in suggestions."""

import pytest

import checker
from generator.advice import blank, brand, clock_time, doubled, fix_all
from tests.test_generator import data_dir, problems  # noqa: F401  (data_dir is a fixture)

ISSUE_REPLY = "这个不归我管，你找别人吧。我也没办法。"


@pytest.mark.parametrize("text, found", [
    ("我这边安排一下，今天下午三点前给您处理好。", "下午三点"),
    ("明天上午十点前给您回复。", "上午十点"),
    ("三点前给您答复", "三点前"),
    ("我三点给您回电", "三点"),
    ("10:00 前给您结果", "10:00"),
    ("I'll get back to you by 5 pm today.", "5 pm"),
    ("call you back before 5 this afternoon", "before 5"),
    ("by 10 a.m. tomorrow", "10 a.m."),
    ("at three o'clock", "three o'clock"),
    ("by noon", "by noon"),
])
def test_clock_times_are_found(text, found):
    assert clock_time(text) == found


@pytest.mark.parametrize("text", [
    "这个问题我来跟进，尽快给您答复。",
    "我有三点建议。",
    "稍微等一点时间",
    "半小时内给您回复",
    "we'll take care of them one by one",
    "within 2 hours",
    "I'll call you back by the end of today.",
])
def test_no_clock_time_in_plain_promises(text):
    assert clock_time(text) is None


@pytest.mark.parametrize("text, found", [
    ("您好，我是**号客服代表", "**"),
    ("请问您是XXX先生（女士）吗？", "XXX"),
    ("×总，您好！", "×"),
    ("已经在X月X日上报", "X月"),
    ("Hello, this is [name].", "[name]"),
    ("我跟您确认一下，您是说……，对吗？", "……，"),
    ("我再跟您确认一下重点：……", "：……"),
    ("这位先生/女士，您好", "先生/女士"),
    ("Excuse me, sir/madam, sign here", "sir/madam"),
])
def test_blanks_are_found(text, found):
    assert blank(text, suggestion=True) == found


def test_no_blank_in_a_finished_reply():
    assert blank("您好，我是热线客服代表，很高兴为您服务。") is None
    assert blank("我现在就检查一下……查到了。", suggestion=True) is None
    assert blank("您是说……，对吗？") is None  # a gap is left to the reader of a call script


def test_brands_are_found_through_folding():
    fold = checker.default().folder.fold
    assert brand("欢迎使用用友軟件", ["用友软件"], fold) == "用友软件"
    assert brand("欢迎使用我们的产品", ["用友软件"], fold) is None


@pytest.mark.parametrize("text, seams, found", [
    ("这个这个问题我来跟进。", [2], "这个这个"),
    ("您好！，你找谁", [3], "！，"),
    ("我来跟进。。", [5], "。。"),
    ("您您好", [1], "您您"),
    ("I'm sorry sorry for that", [9], "sorry sorry"),
])
def test_doubling_at_a_seam(text, seams, found):
    assert doubled(text, seams) == found


def test_no_doubling_in_a_clean_seam():
    assert doubled("谢谢您，您的货明天到。", [3]) is None
    assert doubled("看看这个", [1]) is None  # reduplication is Chinese, not a slip


def test_the_issue_reply_fixed_one_click_at_a_time_ends_clean():
    engine = checker.default()
    text, seams = fix_all(engine, ISSUE_REPLY)
    assert not [f for f in engine.check(text) if f.severity in ("error", "warning")]
    assert doubled(text, seams) is None
    assert "。。" not in text and "这个这个" not in text


DROP_IN = """\
- id: r-two
  kind: replace
  category: addressing
  severity: warning
  phrase: {zh: 喂, en: Oi}
  patterns: {zh: ["喂"]}
  message: {zh: 不礼貌, en: Rude}
  suggest: [{zh: 您好, en: Hello}]
  examples: {flag: [喂，你找谁], pass: [您好]}
  origin: seed
  source: {seed: 002_b96ea86a6082f71d.txt, section: 客户服务忌语：直呼客户}
"""


@pytest.mark.parametrize("old, new, expected", [
    ("", "", None),  # as written, the drop-in fits
    ("suggest: [{zh: 您好, en: Hello}]", "suggest: [{zh: 您好！, en: Hello}]", "drop-in of flag example 1 gives 「您好！，你找谁」 with 「！，」 doubled"),
    ("suggest: [{zh: 您好, en: Hello}]", "suggest: [{zh: 喂您好, en: Hello}]", "drop-in 「喂您好」 leaves 「喂您好，你找谁」 still flagged by r-two"),
])
def test_a_drop_in_that_breaks_its_flag_example_is_rejected(data_dir, capsys, old, new, expected):  # noqa: F811
    path = data_dir / "rules" / "b.yml"
    path.write_text(DROP_IN.replace(old, new) if old else DROP_IN, encoding="utf-8")
    code, err = problems(data_dir, capsys)
    if expected is None:
        assert code == 0, err
    else:
        assert code == 1 and "rules/b.yml:8:" in err and expected in err, err


def test_the_issue_drop_in_doubling_is_rejected(data_dir, capsys):  # noqa: F811
    rule = DROP_IN.replace('patterns: {zh: ["喂"]}', 'patterns: {zh: ["不归我管"]}').replace("flag: [喂，你找谁]", "flag: [这个不归我管]")
    rule = rule.replace("suggest: [{zh: 您好, en: Hello}]", "suggest: [{zh: 这个问题我来跟进, en: Hello}]")
    (data_dir / "rules" / "b.yml").write_text(rule, encoding="utf-8")
    code, err = problems(data_dir, capsys)
    assert code == 1 and "gives 「这个这个问题我来跟进」 with 「这个这个」 doubled" in err, err


@pytest.mark.parametrize("old, new, expected", [
    ("suggest: [{zh: 我来跟进, en: \"I'll follow it up\"}]", "suggest: [{zh: 我来跟进，今天下午五点前给您答复, en: \"I'll follow it up\"}]", "rules/a.yml:8:18: suggestion names a clock time 「下午五点」: promise {reply_by} instead"),
    ("suggest: [{zh: 我来跟进, en: \"I'll follow it up\"}]", "suggest: [{zh: 我来跟进, en: \"I'll follow it up by 5 pm\"}]", "suggestion names a clock time 「5 pm」"),
    ("suggest: [{zh: 我来跟进, en: \"I'll follow it up\"}]", "suggest: [{zh: 三棵樹我来跟进, en: \"I'll follow it up\"}]", "suggestion names the brand 「三棵树」"),
    ("suggest: [{zh: 我来跟进, en: \"I'll follow it up\"}]", "suggest: [{zh: 我是**号，我来跟进, en: \"I'll follow it up\"}]", "suggest has a blank to fill in 「**」"),
])
def test_a_suggestion_with_a_clock_time_brand_or_blank_is_rejected(data_dir, capsys, old, new, expected):  # noqa: F811
    path = data_dir / "rules" / "a.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    code, err = problems(data_dir, capsys)
    assert code == 1 and expected in err, err


@pytest.mark.parametrize("file, old, new, expected", [
    ("scripts/a.yml", "say: {zh: 好的, en: Good}", "say: {zh: 您好，请问您是XXX先生（女士）吗, en: Good}", ("scripts/a.yml:7:", "step has a blank to fill in 「XXX」")),
    ("rules/a.yml", "phrase: {zh: 不归我管, en: Not my job}", "phrase: {zh: 不归我管，找XXX去, en: Not my job}", ("rules/a.yml:5:", "phrase has a blank 「XXX」")),
    ("rules/a.yml", "pass: [我来跟进]", "pass: [×总，我来跟进]", ("rules/a.yml:9:", "example has a blank 「×」")),
    ("scripts/a.yml", "say: {zh: 好的, en: Good}", "say: {zh: 好的，下午三点前给您回电, en: Good}", ("scripts/a.yml:7:", "step names a clock time 「下午三点」")),
    ("scenarios/a.yml", 'en: "I\'ll get my colleague for you"}', 'en: "I\'ll get my colleague for you by 5 pm"}', ("scenarios/a.yml:6:", "say names a clock time 「5 pm」")),
])
def test_a_blank_or_clock_time_in_a_reply_rule_phrase_or_example_is_rejected(data_dir, capsys, file, old, new, expected):  # noqa: F811
    path = data_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    code, err = problems(data_dir, capsys)
    assert code == 1 and all(part in err for part in expected), err


def test_an_editorial_reply_is_marked_and_schema_checked(data_dir, capsys):  # noqa: F811
    path = data_dir / "scenarios" / "a.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('en: "I\'ll get my colleague for you"}', 'en: "I\'ll get my colleague for you", origin: editorial}'), encoding="utf-8")
    assert problems(data_dir, capsys)[0] == 0
    path.write_text(text.replace('en: "I\'ll get my colleague for you"}', 'en: "I\'ll get my colleague for you", origin: invented}'), encoding="utf-8")
    code, err = problems(data_dir, capsys)
    assert code == 1 and "scenarios/a.yml:6:" in err and "say.0.origin: must be one of" in err, err


def test_editorial_replies_are_marked_on_the_page_and_counted_for_authors(data_dir):  # noqa: F811
    from generator import data as data_mod
    from generator import pages

    path = data_dir / "scenarios" / "a.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('en: "I\'ll get my colleague for you"}', 'en: "I\'ll get my colleague for you", origin: editorial}'), encoding="utf-8")
    rendered = pages.render(data_mod.read(data_dir))
    phrasebook = rendered["phrasebook/shirking.en.md"]
    assert 'data-origin="editorial"' in phrasebook and ">editors</span>" in phrasebook
    taboos = rendered["taboos/shirking.md"]
    assert 'id="r-one"' in taboos
    assert "phb-origin" not in taboos  # the seed rule and its seed suggestion carry no mark
    authors = next(v for k, v in rendered.items() if k.startswith("authors") and not k.endswith(".en.md"))
    assert "| `editorial`（编者） | 0 | 1 |" in authors
    assert "| `seed`（原始资料） | 3 | " in authors


