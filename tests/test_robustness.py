"""Whatever staff paste: never a traceback, never a hang, spans always valid (real rules)."""

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import checker
from checker.transcript import check_transcript
from tests.conftest import ROOT

TABOO = "这个不归我管"


@pytest.fixture(scope="module")
def real():
    return checker.load()


def valid(findings, text):
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.match
        assert f.line >= 1 and f.col >= 1
    return findings


@pytest.mark.parametrize("text", ["", " ", "\n\n\t \u3000", "\u200b\u200b", "\ufeff"])
def test_empty_and_blank(real, text):
    assert real.check(text) == []
    assert check_transcript(real, text) == []


def test_emoji_combining_marks_and_bidi(real):
    text = "😀👍🏽 e\u0301 \u202e" + TABOO + "\u202c 𠀀"
    findings = valid(real.check(text), text)
    assert any("不归我管" in f.match for f in findings)


def test_disguise_with_combining_marks_between_characters(real):
    text = "这个不\u0301归我管"
    valid(real.check(text), text)


def test_ten_megabytes(real):
    unit = "您好，这个问题我来帮您跟进，今天下午给您回复。" * 20 + TABOO + "。\n"
    text = unit * (10_000_000 // len(unit) + 1)
    findings = real.check(text)
    assert len(findings) >= text.count(TABOO)
    assert findings[-1].line == text.count("\n")


def test_one_very_long_line(real):
    text = ("很好" * 5000 + TABOO) * 200  # 2 MB without a line break
    findings = real.check(text)
    assert len([f for f in findings if "不归我管" in f.match]) == 200


def test_long_transcript(real):
    call = "客户：你们怎么回事\n座席：您好，我是3号客服小李，这个不归我管\n座席：感谢您的来电，再见\n"
    text = call * 20000
    findings = check_transcript(real, text)
    assert len({f.line for f in findings}) >= 20000


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_fuzz_reply(real, text):
    valid(real.check(text), text)


PIECES = ["不归我管", "没办法", "你", "客户：", "座席：", "\n", "“", "”", "我不清楚", "的地方", "，", "😀", " ", "\u200b", "這個", "急什么"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40))
def test_fuzz_transcript(real, parts):
    text = "".join(parts)
    valid(check_transcript(real, text, role="all"), text)


def cli(data, *args):
    return subprocess.run([sys.executable, "-m", "checker", "--no-config", *args, "-"], input=data, capture_output=True, cwd=ROOT)


@pytest.mark.parametrize("data", [b"", b"   \n", "😀".encode()])
def test_cli_blank_input_is_clean(data):
    proc = cli(data)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"NUL bytes"),
    ("不归我管".encode("utf-8") + "客户".encode("gb18030") + b"\xff", b"not valid UTF-8"),
])
def test_cli_binary_and_mixed_encodings_exit_2(data, reason):
    proc = cli(data)
    assert proc.returncode == 2 and reason in proc.stderr and b"Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def both():
    from checker import automaton

    if not automaton.available("native"):
        pytest.skip("pyahocorasick not installed")
    return checker.load(backend="native"), checker.load(backend="pure")


def spans(findings):
    return [(f.rule, f.start, f.end) for f in findings]


def test_backends_agree_on_every_rule_example(both):
    native, pure = both
    texts = [t for r in checker.read_bundle()["rules"] for t in r["examples"]["flag"] + r["examples"]["pass"]]
    assert len(texts) > 500
    for text in texts:
        assert spans(native.check(text)) == spans(pure.check(text)), text
    joined = "\n".join(texts)
    assert spans(native.check(joined)) == spans(pure.check(joined))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=40))
def test_backends_agree_on_random_mixes(both, parts):
    native, pure = both
    text = "".join(parts)
    assert spans(native.check(text)) == spans(pure.check(text))


def test_precompiled_sequences_match_the_patterns(real):
    """The bundle's precompiled sequences say exactly what compiling the patterns says."""
    from checker.rules import compile_rules

    bundle = checker.read_bundle()
    classes = bundle.get("wordclasses", [])
    fresh = compile_rules(bundle["rules"], real.folder.fold, bundle["placeholders"], classes=classes)
    stored = compile_rules(bundle["rules"], real.folder.fold, bundle["placeholders"], use_compiled=True, classes=classes)
    assert all("compiled" in r for r in bundle["rules"])
    assert fresh == stored
