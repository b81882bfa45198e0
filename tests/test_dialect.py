"""Regional words (data/dialect.yml): folded to standard Mandarin with their context, the
offsets still pointing at what was written, and the data checked like every other file."""

import shutil
from pathlib import Path

import pytest

import checker
from checker.normalize import Folder
from generator.cli import main as generator_main

ROOT = Path(__file__).resolve().parent.parent


def folder_of(*words):
    return Folder({"one": {}, "many": {}, "words": list(words)})


def test_longest_word_first_and_offsets_map_back():
    f = folder_of({"from": "唔", "to": "不", "next": "han"}, {"from": "唔知", "to": "不知道"})
    folded = f.fold("我唔知呀")
    assert folded.text == "我不知道呀"
    s = folded.text.index("不知道")
    assert "我唔知呀"[folded.start(s):folded.end(s + 3)] == "唔知"
    assert f.fold("唔系").text == "不系"


@pytest.mark.parametrize(
    "word, kept, changed",
    [
        ({"from": "唔", "to": "不", "next": "han"}, "唔，好的", "唔好"),
        ({"from": "伐", "to": "吗", "next": "not-han"}, "伐木", "好伐？"),
        ({"from": "么样", "to": "怎么样", "not_after": "什怎"}, "什么样", "么样搞"),
        ({"from": "阿拉", "to": "我们", "not_before": "伯"}, "阿拉伯", "阿拉下班"),
        ({"from": "儿", "to": "", "prev": "han"}, "儿科", "较真儿"),
        ({"from": "额", "to": "我", "prev": "not-han"}, "金额", "额不知道"),
    ],
)
def test_context_decides(word, kept, changed):
    f = folder_of(word)
    assert f.fold(kept).text == kept
    assert f.fold(changed).text != changed


def test_a_word_dropped_keeps_the_rest_in_place():
    f = folder_of({"from": "欸", "to": "", "prev": "han", "next": "not-han"})
    folded = f.fold("不知道欸。")
    assert folded.text == "不知道。"
    assert folded.start(3) == 4  # the full stop still points at itself


@pytest.mark.parametrize(
    "text, rule",
    [
        ("莫得办法，您自己去问别人。", "s004-no-way"),  # 莫得办法 -> 没有办法
        ("这个唔关我事。", "s000-not-my-business"),  # 唔关 -> 不关
    ],
)
def test_the_shipped_table_lets_rules_read_regional_speech(text, rule):
    found = [f for f in checker.check(text) if f.rule == rule]
    assert found, [f.rule for f in checker.check(text)]
    assert all(text[f.start:f.end] == f.match for f in found)


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d)
    return d


def validate(data_dir, capsys):
    code = generator_main(["--data", str(data_dir), "validate"])
    return code, capsys.readouterr().err


def test_a_word_folded_twice_and_an_unknown_region_are_reported_with_their_lines(data_dir, capsys):
    path = data_dir / "dialect.yml"
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    path.write_text(text + "- {from: 莫得, to: 没有, region: [sichuan]}\n- {from: 嘎嘎, to: 哈哈, region: [mars]}\n", encoding="utf-8")
    code, err = validate(data_dir, capsys)
    assert code == 1
    assert f"dialect.yml:{lines + 1}:" in err and "'莫得' is folded twice in the same context" in err, err
    assert f"dialect.yml:{lines + 2}:31: region.0: must be one of" in err, err


def test_the_authors_page_lists_every_regional_word_with_its_context():
    from generator import data, pages

    book = data.read(ROOT / "data")
    out = pages.render(book)
    for path, lang, dropped, context in (("authors.md", "zh", "（去掉）", "前一字不是"), ("authors.en.md", "en", "(dropped)", "not after")):
        text = out[path]
        section = text[text.index("{ #dialect }"):text.index("{ #substitutions }")]
        assert section.count("<tr><td><code") == len(book.dialect) > 100
        assert '<code lang="zh">莫得</code>' in section and dropped in section and context in section
