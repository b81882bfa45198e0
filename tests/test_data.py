"""The handbook's own data: valid, complete, and consistent with its checker."""

import pytest

from generator import build as site_build
from generator import coverage
from tests.conftest import ROOT

SEEDS = {
    "000_79863f69677ec33a.txt", "001_c9e12ba6f0ed7e0b.txt", "002_b96ea86a6082f71d.txt",
    "003_e0af6980495a729a.txt", "004_351bc3209c9ec844.txt",
}


@pytest.fixture(scope="module")
def checked():
    """The real data/, schema and self-tests included (rule examples, replies, phrases)."""
    settings = site_build.Settings(
        root=ROOT, data_dir=ROOT / "data", docs_dir=ROOT / "docs", site_dir=ROOT / "site", rules_dir=ROOT / "build" / "checker",
        pyodide_dir=ROOT, mermaid_file=ROOT, config_file=ROOT / "mkdocs.yml",
    )
    return site_build.check_data(settings).book


def test_every_seed_is_used(checked):
    used = {e["source"]["seed"] for entries in checked.entries.values() for e in entries}
    assert used == SEEDS


def test_every_rule_has_examples_both_ways(checked):
    for rule in checked.rules:
        assert rule["examples"]["flag"] and rule["examples"]["pass"], rule["id"]


def test_kinds_present(checked):
    for kind in ("rules", "scenarios", "guidelines", "procedures", "scripts", "forms", "transcripts"):
        assert checked.entries[kind], kind


def test_required_phrases_exist(checked):
    kinds = {(r["kind"], r["where"]["turns"]) for r in checked.rules if r["kind"] == "require"}
    assert ("require", "first") in kinds and ("require", "last") in kinds


# Pinned counts: a change that loses entries has to change this table on purpose.
STEPS, FIELDS = 102, 39
PINNED = {
    ("000_79863f69677ec33a.txt", "guidelines"): 7,
    ("000_79863f69677ec33a.txt", "rules"): 179,
    ("000_79863f69677ec33a.txt", "scenarios"): 9,
    ("001_c9e12ba6f0ed7e0b.txt", "forms"): 2,
    ("001_c9e12ba6f0ed7e0b.txt", "guidelines"): 51,
    ("001_c9e12ba6f0ed7e0b.txt", "procedures"): 7,
    ("001_c9e12ba6f0ed7e0b.txt", "rules"): 3,
    ("001_c9e12ba6f0ed7e0b.txt", "scenarios"): 25,
    ("001_c9e12ba6f0ed7e0b.txt", "scripts"): 7,
    ("002_b96ea86a6082f71d.txt", "guidelines"): 25,
    ("002_b96ea86a6082f71d.txt", "rules"): 104,
    ("002_b96ea86a6082f71d.txt", "scenarios"): 22,
    ("003_e0af6980495a729a.txt", "guidelines"): 52,
    ("003_e0af6980495a729a.txt", "rules"): 22,
    ("003_e0af6980495a729a.txt", "scenarios"): 9,
    ("004_351bc3209c9ec844.txt", "guidelines"): 17,
    ("004_351bc3209c9ec844.txt", "rules"): 11,
    ("004_351bc3209c9ec844.txt", "scenarios"): 4,
    ("004_351bc3209c9ec844.txt", "transcripts"): 1,
}


def test_coverage_counts_are_pinned(checked):
    by_kind, _ = coverage.counts(checked)
    assert dict(by_kind) == PINNED


def test_coverage_report_prints(checked):
    text = coverage.report(checked)
    assert "total:" in text and all(seed in text for seed in SEEDS)


def test_script_steps_and_form_fields_are_pinned(checked):
    steps = {s["id"]: len(s["steps"]) for s in checked.entries["scripts"]}
    fields = {f["id"]: len(f["fields"]) for f in checked.entries["forms"]}
    assert sum(steps.values()) == STEPS and sum(fields.values()) == FIELDS, (steps, fields)


def test_procedures_are_complete(checked):
    titles = {p["title"]["zh"] for p in checked.entries["procedures"]}
    for name in ("首访", "咨询实施", "热线", "现场支持", "客户培训", "客户管理", "投诉"):
        assert any(name in t for t in titles), name
    for proc in checked.entries["procedures"]:
        assert proc["flow"] and proc["duties"], proc["id"]
