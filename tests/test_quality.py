"""The quality figures: the script runs on every set, and recall on the development sets keeps a floor."""

import pytest

import checker
from bench import quality
from generator import textsets

# Recall floors on the development sets with the 你 rule disabled: the figure measured
# on main when they were set, minus 3 points, so a change that loses a rule family fails.
FLOORS = {"zh": 90.8, "en": 96.0}  # measured 93.8 % and 99.0 % (337 rules, 34 word classes)


@pytest.fixture(scope="module")
def without_ni():
    return checker.load(transform=lambda records: [r for r in records if r["id"] != quality.NI_RULE])


@pytest.mark.parametrize("lang", textsets.LANGS)
def test_recall_floor_on_the_development_set(without_ni, lang):
    lines = textsets.dev(lang)
    assert lines.rows, lines.missing
    caught, _, _ = quality.recall_of(without_ni, lines.texts)
    assert 100 * caught / len(lines.texts) >= FLOORS[lang]


def test_the_script_prints_every_section(capsys):
    if not textsets.corpora().is_dir():
        pytest.skip("../shared/corpora is missing")
    quality.main([])
    out = capsys.readouterr().out
    for heading in ("word classes:", "dev zh", "dev en", "delivery-app zh (yes)", "recall per principle",
                    "agent zh even (tuning)", "agent en odd (reported)", "ok zh:", "recommended replies", "rules by origin:"):
        assert heading in out, heading


def test_blind_lines_are_never_printed(capsys, monkeypatch):
    """Stand-in blind lines, caught and missed: their figures are printed, never the lines."""
    lines = [{"utterance": "qqzx blind line one", "principle": "curt"}, {"utterance": "这个不归我管qqzx", "principle": "shirking"}]
    monkeypatch.setattr(textsets, "blind", lambda lang, root=textsets.ROOT: textsets.TextSet(f"blind {lang}", lang, [dict(r) for r in lines]))
    monkeypatch.setattr(quality, "recommended_section", lambda engine, book: None)  # covered above
    quality.main(["--misses"])
    out = capsys.readouterr().out
    assert "qqzx" not in out
    assert [line.split()[:3] for line in out.splitlines() if line.strip().startswith("blind zh")] == [["blind", "zh", "2"]]


def test_missing_corpora_are_skipped_with_a_reason(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(textsets, "corpora", lambda root=textsets.ROOT: tmp_path / "nowhere")
    monkeypatch.setattr(quality, "recommended_section", lambda engine, book: None)
    quality.main([])
    out = capsys.readouterr().out
    assert "delivery-app zh" in out and "skipped: taboo_delivery_app_zh.tsv not found" in out
    assert "skipped: ../shared/corpora/flag_judgements.tsv not found" in out


def test_halves_follow_the_utterance_hash():
    # sha1("您好") ends in an even digit, sha1("好的") in an odd one.
    import hashlib

    for text in ("您好", "好的", "Hey there!"):
        assert textsets.half(text) == int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16) % 2
    assert {textsets.half(t) for t in ("a", "b", "c", "d", "e", "f")} == {0, 1}


def test_a_round_folder_reads_lang_tsv_and_named_files(tmp_path):
    recall = tmp_path / "tests" / "fixtures" / "recall"
    for folder, name, header in (("dev7", "zh.tsv", "utterance\tsector\tprinciple\tnote"),
                                 ("dev7", "more_zh.tsv", "utterance\tsector\tprinciple\tnote"),
                                 ("dev7", "en.tsv", "utterance\tsector\tprinciple\tnote"),
                                 ("ok7", "zh.tsv", "utterance\tsector\tnote")):
        (recall / folder).mkdir(parents=True, exist_ok=True)
        (recall / folder / name).write_text(f"{header}\n{name} line\tbank\t{'x' if 'ok' in folder else 'curt'}\tnote\n", encoding="utf-8")
    rounds = textsets.later_rounds("zh", root=tmp_path)
    assert [(s.name, s.texts) for s in rounds] == [("dev7 zh", ["more_zh.tsv line", "zh.tsv line"])]
    assert "zh.tsv line" in textsets.ok("zh", root=tmp_path).texts
    assert textsets.dev_round(8, "zh", root=tmp_path).missing
