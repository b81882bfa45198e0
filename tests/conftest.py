import json
from pathlib import Path

import pytest
import yaml

import checker
from checker import generated
from checker.normalize import Folder

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).with_name("fixtures")
PLACEHOLDERS = {"company": {"zh": "西盈", "en": "Xiying"}}


@pytest.fixture(scope="session")
def table():
    table_path, rules_path = generated.path("t2s.json"), generated.path("rules.json")
    if not table_path.is_file() or not rules_path.is_file():
        pytest.fail("build/checker/t2s.json or rules.json is missing: run `make rules` (make test does it)")
    return json.loads(table_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def folder(table):
    return Folder(table)


@pytest.fixture(scope="session")
def fixture_records():
    return yaml.safe_load((FIXTURES / "rules.yml").read_text(encoding="utf-8"))


def make_checker(records, folder, backend="auto"):
    return checker.Checker.from_records(records, folder, PLACEHOLDERS, backend)


@pytest.fixture(scope="session")
def fx(fixture_records, folder):
    """A Checker over the fixture rules."""
    return make_checker(fixture_records, folder)


@pytest.fixture(scope="session")
def fixture_bundle(tmp_path_factory, fixture_records):
    path = tmp_path_factory.mktemp("bundle") / "rules.json"
    path.write_text(json.dumps({"placeholders": PLACEHOLDERS, "rules": fixture_records}, ensure_ascii=False), encoding="utf-8")
    return path
