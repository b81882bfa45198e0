"""Team settings as plain data: ``.phrasecheck.yml``, found by walking up from the checked file.

    placeholders: {company: {zh: 西盈, en: Xiying}}   # names used in patterns and suggestions:
                                                      # company, product, hotline, agent, agent_id
                                                      # (1024号 / representative number 1024),
                                                      # reply_by (今天下班前 / before the end of today)
    disable: [s000-busy-now, neglect]                 # rule ids or categories
    severity: {internal: warning}                     # re-level rules or categories
    min_severity: warning
    weights: {error: 10, warning: 4, info: 1}         # call scorecards
    rules: [ … ]                                      # extra rules, same fields as data/rules (origin: team)
    records:                                          # CSV / JSON exports of turns (records.py)
      columns: {call: call_id, role: speaker, turn: seq, agent: agent_id, queue: skill}
      roles: {agent: [坐席, 客服], customer: 客户}

The file is checked against ``schema.TEAM_SETTINGS``; every problem is
reported as ``path:line:col: message``. Applying the settings to a check is
facade.py's job.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

from . import schema
from .errors import DataError, Problem

NAME = ".phrasecheck.yml"
DEFAULT_WEIGHTS = {"error": 10, "warning": 4, "info": 1}


@dataclass(frozen=True)
class Settings:
    path: str = None
    placeholders: dict = field(default_factory=dict)
    disable: frozenset = frozenset()
    severity: dict = field(default_factory=dict)
    min_severity: str = None
    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    rules: tuple = ()  # the team's own rule records
    select: frozenset = frozenset()  # only these rule ids or categories (command line --select)
    records: dict = field(default_factory=dict)  # columns and speaker names of record exports (records.Layout)
    source: object = field(default=None, compare=False, repr=False)  # the parsed file, which knows where each rule is (for error positions)

    def with_cli(self, select=(), ignore=(), min_severity=None):
        return replace(
            self,
            select=frozenset(select),
            disable=self.disable | frozenset(ignore),
            min_severity=min_severity or self.min_severity,
        )


def discover(start):
    """The nearest .phrasecheck.yml in ``start`` or a folder above it."""
    folder = Path(start).resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in [folder, *folder.parents]:
        if (candidate / NAME).is_file():
            return candidate / NAME
    return None


def find(files, explicit=None, disabled=False):
    if disabled:
        return Settings()
    path = explicit
    if path is None:
        first = next((f for f in files if f != "-"), None)
        path = discover(first if first else Path.cwd())
    return parse_file(path) if path else Settings()


def parse_file(path):
    """Settings from a ``.phrasecheck.yml``; DataError listing every problem as ``path:line:col: message``."""
    from .yamlfile import load

    path = Path(path)
    data = load(path, str(path))
    return parse(data if data is not None else {}, str(path))


def parse(data, where="settings"):
    """Settings from a parsed mapping, checked against ``schema.TEAM_SETTINGS`` first."""
    if not isinstance(data, dict):
        raise DataError([Problem(where, 1, 1, "must be a mapping of settings (placeholders, disable, severity, …)")])
    found = list(schema.problems(data, schema.TEAM_SETTINGS))
    rules = data.get("rules") if isinstance(data.get("rules"), list) else []
    for i, rule in enumerate(rules):
        if isinstance(rule, dict):
            found.extend((("rules", i, key), message, False) for key, message in schema.rule_problems(rule))
    if found:
        problems = []
        for path, message, at_key in found:
            line, col = position(data, list(path), at_key)
            shown = ".".join(map(str, path[:-1] if at_key else path))
            problems.append(Problem(where, line, col, f"{shown}: {message}" if shown else message))
        raise DataError(problems)
    return Settings(
        path=where,
        placeholders=dict(data.get("placeholders") or {}),
        disable=frozenset(data.get("disable") or ()),
        severity=dict(data.get("severity") or {}),
        min_severity=data.get("min_severity"),
        weights={**DEFAULT_WEIGHTS, **(data.get("weights") or {})},
        rules=tuple({"origin": "team", **rule} for rule in rules),
        records=dict(data.get("records") or {}),
        source=data,
    )


def where(settings, rule_id, key="patterns"):
    """``(line, col)`` of a key of the team rule ``rule_id`` in the settings file."""
    rules = (settings.source or {}).get("rules") or []
    for i, rule in enumerate(rules):
        if isinstance(rule, dict) and rule.get("id") == rule_id:
            return position(settings.source, ["rules", i, key], at_key=True)
    return (1, 1)


def position(data, path, at_key=False):
    """Where a value was in the YAML file; (1, 1) for settings that came as JSON (the browser),
    which also keeps the YAML loader out of the browser."""
    if getattr(data, "where", None) is None:
        return (1, 1)
    from . import yamlfile

    return yamlfile.position(data, path, at_key)
