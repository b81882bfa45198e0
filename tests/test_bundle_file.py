"""The rule bundle's file layout: one JSON document, a rule a line, read a rule at a time."""

import json

import pytest

from checker import generated
from checker.errors import CheckerError
from checker.rules import read_bundle
from generator.bundle import write_bundle

ODD = {
    "categories": {"a": {"zh": "甲\n乙", "en": "a,\n"}},
    "placeholders": {},
    "wordclasses": [],
    "rules": [{"id": "x", "compiled": {"class": "c", "members": ["a"]}}, {"id": "y,\n]}"}, {"id": "z"}],
}


@pytest.mark.parametrize("bundle", [ODD, {"rules": []}, {"rules": [{"id": 1}]}], ids=["odd-texts", "no-rules", "one-rule"])
def test_written_a_rule_a_line_and_read_back_the_same(tmp_path, bundle):
    path = tmp_path / "rules.json"
    write_bundle(path, bundle)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith('"rules":[') and lines[-1] == "]}"
    assert len(lines) == len(bundle["rules"]) + 2
    assert json.loads(path.read_text(encoding="utf-8")) == bundle  # still plain JSON
    assert read_bundle(path) == bundle


def test_a_bundle_cut_short_is_a_clear_error(tmp_path):
    path = tmp_path / "rules.json"
    write_bundle(path, ODD)
    path.write_bytes(path.read_bytes().rsplit(b"\n", 3)[0] + b"\n")
    with pytest.raises(CheckerError, match="cut short"):
        read_bundle(path)


def test_a_bundle_as_one_line_is_still_read(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(ODD), encoding="utf-8")
    assert read_bundle(path) == ODD


CLASS = {"class": "later", "members": ["回头", "改天"]}
REPEATED = {
    "placeholders": {},
    "rules": [
        {"id": "a", "compiled": {"sequences": {"zh": [["你", CLASS, "再来"], [CLASS, "吧"]], "en": []}, "unless": [["after", [[CLASS]], 8]], "when": []}},
        {"id": "b", "compiled": {"sequences": {"zh": [[CLASS]]}, "unless": [], "when": [["quoted", [], 0]]}},
    ],
}


def test_a_word_class_is_written_once_and_read_back_in_place(tmp_path):
    path = tmp_path / "rules.json"
    write_bundle(path, REPEATED)
    text = path.read_text(encoding="utf-8")
    assert text.count("改天") == 1 and text.count('{"choice":0}') == 4
    assert read_bundle(path) == REPEATED
    one_line = tmp_path / "one.json"
    one_line.write_text(json.dumps(json.loads(text)), encoding="utf-8")
    assert read_bundle(one_line) == REPEATED
    shared = read_bundle(path, shared=True)["rules"]
    first, second = shared[0]["compiled"]["sequences"]["zh"][0][1], shared[1]["compiled"]["sequences"]["zh"][0][0]
    assert first is second and first.members == ("回头", "改天")


def test_the_built_bundle_is_laid_out_a_rule_a_line():
    path = generated.path("rules.json")
    with path.open("rb") as f:
        head = f.readline()
    assert head.endswith(b'"rules":[\n')
    raw = json.loads(path.read_bytes())
    assert raw["choices"] and '"members"' not in json.dumps(raw["rules"])
    assert read_bundle(path)["rules"][0].keys() == raw["rules"][0].keys()
