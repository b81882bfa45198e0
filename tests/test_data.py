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


def test_coverage_counts_are_pinned(checked):
    """data/coverage.yml: a change that adds or loses entries refreshes it on purpose (make coverage-pin)."""
    assert coverage.differences(checked, coverage.read_pinned(ROOT / "data")) == []


def test_coverage_report_prints(checked):
    text = coverage.report(checked)
    assert "total:" in text and all(seed in text for seed in SEEDS)


def test_procedures_are_complete(checked):
    titles = {p["title"]["zh"] for p in checked.entries["procedures"]}
    for name in ("首访", "咨询实施", "热线", "现场支持", "客户培训", "客户管理", "投诉"):
        assert any(name in t for t in titles), name
    for proc in checked.entries["procedures"]:
        assert proc["flow"] and proc["duties"], proc["id"]
