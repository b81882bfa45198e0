"""The checker finds the same on every rule example and on the bench corpus as when
tests/fixtures/golden.json was recorded (refresh: ``make golden``, see tests/golden.py)."""

import json

import pytest

import checker
from tests import golden


@pytest.fixture(scope="module")
def recorded():
    return json.loads(golden.GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine():
    return checker.load()


def test_golden_covers_examples_and_corpus(recorded):
    assert len(recorded["rules"]) >= 200
    assert len(recorded["cases"]) > 1000
    assert len(recorded["cases"][-1]["text"]) > 10000  # the bench corpus


def test_same_matches_as_recorded(recorded, engine):
    known = set(recorded["rules"])
    changed = []
    for case in recorded["cases"]:
        got = [m for m in golden.matches(engine, case["mode"], case["text"]) if m[0] in known]
        want = case["matches"]
        if got != want:
            changed.append((case["text"][:40], want, got))
    assert not changed, f"{len(changed)} texts changed (refresh on purpose with `make golden`): {changed[:3]}"
