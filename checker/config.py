"""Team settings: ``.phrasecheck.yml``, found by walking up from the checked file.

    placeholders: {company: {zh: 西盈, en: Xiying}}   # names used in patterns
    disable: [s000-busy-now, neglect]                 # rule ids or categories
    severity: {internal: warning}                     # re-level rules or categories
    min_severity: warning
    weights: {error: 10, warning: 4, info: 1}         # call scorecards
    rules: [ … ]                                      # extra rules, same fields as data/rules

Text between the markers ``phrasecheck: off`` and ``phrasecheck: on`` (for
quoted customer words, say) is not reported.
"""

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from .decode import decode
from .errors import CheckerError
from .finding import SEVERITIES, severity_rank
from .transcript import check_transcript

NAME = ".phrasecheck.yml"
KEYS = {"placeholders", "disable", "severity", "min_severity", "weights", "rules"}
DEFAULT_WEIGHTS = {"error": 10, "warning": 4, "info": 1}
RULE_KEYS = {"id", "kind", "category", "severity", "patterns", "message"}
MARKER = re.compile(r"phrasecheck\s*[:：]\s*(off|on)", re.IGNORECASE)


@dataclass(frozen=True)
class Settings:
    path: str = None
    placeholders: dict = field(default_factory=dict)
    disable: frozenset = frozenset()
    severity: dict = field(default_factory=dict)
    min_severity: str = None
    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    rules: tuple = ()
    select: frozenset = frozenset()

    def with_cli(self, select=(), ignore=(), min_severity=None):
        return replace(
            self,
            select=frozenset(select),
            disable=self.disable | frozenset(ignore),
            min_severity=min_severity or self.min_severity,
        )

    def transform(self, records):
        """Apply disable / select / re-levelling to rule records before compiling."""
        out = []
        for record in records:
            keys = {record.get("id"), record.get("category")}
            if keys & self.disable:
                continue
            if self.select and not keys & self.select:
                continue
            level = self.severity.get(record.get("id")) or self.severity.get(record.get("category"))
            out.append({**record, "severity": level} if level else record)
        return out

    def checker(self, rules_path=None, backend="auto"):
        from . import load

        return load(rules_path, backend=backend, extra_records=self.rules, transform=self.transform, placeholders=self.placeholders)

    def check(self, engine, text, transcript=False, role="agent", lang=None):
        """What the CLI, the batch report and the browser report for one text under these settings."""
        if transcript:
            findings = check_transcript(engine, text, role=role, lang=lang, out_lang=lang)
        else:
            findings = engine.check(text, lang=lang, out_lang=lang)
        return self.filter(findings, text)

    def filter(self, findings, text):
        """Drop what is below the minimum severity or inside an off/on region."""
        regions = off_regions(text)
        kept = []
        for f in findings:
            if self.min_severity and severity_rank(f.severity) < severity_rank(self.min_severity):
                continue
            if any(s <= f.start < e for s, e in regions):
                continue
            kept.append(f)
        return kept


def off_regions(text):
    regions, start = [], None
    for m in MARKER.finditer(text):
        if m.group(1).lower() == "off" and start is None:
            start = m.start()
        elif m.group(1).lower() == "on" and start is not None:
            regions.append((start, m.end()))
            start = None
    if start is not None:
        regions.append((start, len(text)))
    return regions


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
    import yaml

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CheckerError(f"{path}: cannot read the settings: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CheckerError(f"{path}: the settings file must be UTF-8") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise CheckerError(f"{path}:{mark.line + 1}:{mark.column + 1}: {exc.problem}") from None
    return parse(data or {}, str(path))


def parse(data, where="settings"):
    def fail(message):
        raise CheckerError(f"{where}: {message}")

    if not isinstance(data, dict):
        fail("must be a mapping of settings")
    unknown = set(data) - KEYS
    if unknown:
        fail(f"unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(KEYS))}")
    placeholders = data.get("placeholders") or {}
    for name, value in placeholders.items():
        if not isinstance(value, dict) or not set(value) <= {"zh", "en"} or not all(isinstance(v, str) and v for v in value.values()):
            fail(f"placeholders.{name} must be {{zh: …, en: …}}")
    severity = data.get("severity") or {}
    for key, level in severity.items():
        if level not in SEVERITIES:
            fail(f"severity.{key} must be one of {', '.join(SEVERITIES)}")
    min_severity = data.get("min_severity")
    if min_severity is not None and min_severity not in SEVERITIES:
        fail(f"min_severity must be one of {', '.join(SEVERITIES)}")
    weights = {**DEFAULT_WEIGHTS, **(data.get("weights") or {})}
    if set(weights) != set(DEFAULT_WEIGHTS) or not all(isinstance(v, (int, float)) and v >= 0 for v in weights.values()):
        fail("weights must give a number >= 0 for error, warning and info")
    rules = data.get("rules") or []
    if not isinstance(rules, list):
        fail("rules must be a list")
    for i, rule in enumerate(rules):
        missing = RULE_KEYS - set(rule) if isinstance(rule, dict) else RULE_KEYS
        if missing:
            fail(f"rules[{i}] lacks {', '.join(sorted(missing))}")
        if rule["severity"] not in SEVERITIES:
            fail(f"rules[{i}].severity must be one of {', '.join(SEVERITIES)}")
    disable = data.get("disable") or []
    if not isinstance(disable, list):
        fail("disable must be a list of rule ids or categories")
    return Settings(
        path=where,
        placeholders=placeholders,
        disable=frozenset(disable),
        severity=dict(severity),
        min_severity=min_severity,
        weights=weights,
        rules=tuple(rules),
    )


def read_input(name, encoding=None):
    if name == "-":
        return decode(sys.stdin.buffer.read(), encoding, "<stdin>")
    try:
        data = Path(name).read_bytes()
    except IsADirectoryError:
        raise CheckerError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise CheckerError(f"{name}: cannot read: {exc.strerror}") from None
    return decode(data, encoding, name)
