"""The one way a text is checked under a team's settings.

``TeamChecker`` builds the engine from the rule bundle plus the team's rules
(disabled, selected and re-levelled as the settings say), decides reply or
transcript, and drops what the settings filter out: below the minimum
severity, or between the markers ``phrasecheck: off`` and ``phrasecheck: on``
(for quoted customer words, say). The command line, the batch report and the
browser all check through it.
"""

import re
from dataclasses import replace

from . import config, load, similar
from .errors import DataError, Problem
from .finding import severity_rank
from .schema import did_you_mean
from .transcript import check_transcript

MARKER = re.compile(r"phrasecheck\s*[:：]\s*(off|on)", re.IGNORECASE)


class TeamChecker:
    def __init__(self, settings=None, rules_path=None, backend="auto", base=None):
        """``base``: the engine without settings (checker.load()), to build this one on top of."""
        self.settings = settings or config.Settings()
        self.engine = build(self.settings, rules_path, backend, base)

    def check(self, text, transcript=False, role="agent", lang=None, min_severity=None):
        """Findings for one text: a reply, or with ``transcript`` the turns of ``role``."""
        if transcript:
            findings = check_transcript(self.engine, text, role=role, lang=lang)
        else:
            findings = self.engine.check(text, lang=lang)
        settings = replace(self.settings, min_severity=min_severity) if min_severity else self.settings
        return keep(settings, findings, text)


def build(settings, rules_path=None, backend="auto", base=None):
    """The engine for ``settings``; a team rule that does not compile is a DataError at its place."""
    bad = []

    def on_error(record, exc):
        if record.get("origin") != "team":
            raise exc
        line, col = config.where(settings, record.get("id"))
        bad.append(Problem(settings.path or "settings", line, col, f"{exc}"))

    def checked_transform(records):
        bad.extend(unknown_names(settings, records))
        return transform(settings, records)

    engine = load(
        rules_path, backend=backend, extra_records=settings.rules, placeholders=settings.placeholders,
        transform=checked_transform, on_error=on_error, base=base,
    )
    if bad:
        raise DataError(bad)
    if engine.similar is not None:
        engine.similar = tier(engine.similar, settings)
    return engine


def tier(found, settings):
    """The similarity tier under the settings: off when ``disable`` names ``similar``; a kind of
    taboo named in ``disable`` is silenced (its id is a category's, e.g. ``shirking``); with a
    ``select`` that does not name ``similar``, only the kinds it names speak."""
    if similar.RULE_ID in settings.disable:
        return None
    found = found.without(settings.disable)
    if settings.select and similar.RULE_ID not in settings.select:
        found = found.without({k for k in found.hints if k not in settings.select})
    return found


def unknown_names(settings, records):
    """Problems for names in the settings file's ``disable`` and ``severity`` that are
    neither a rule id nor a category of any rule, with a "did you mean"."""
    source = settings.source if isinstance(settings.source, dict) else {}
    known = {r.get("id") for r in records} | {r.get("category") for r in records} | {similar.RULE_ID}
    known.discard(None)
    named = [(["disable", i], name, False) for i, name in enumerate(source.get("disable") or [])]
    named += [(["severity", name], name, True) for name in (source.get("severity") or {})]
    problems = []
    for path, name, at_key in named:
        if name not in known:
            line, col = config.position(source, path, at_key)
            message = f"{'.'.join(map(str, path[:1]))}: '{name}' is neither a rule id nor a category{did_you_mean(name, known)}"
            problems.append(Problem(settings.path or "settings", line, col, message))
    return problems


def transform(settings, records):
    """Apply disable / select / re-levelling to rule records before compiling."""
    out = []
    for record in records:
        keys = {record.get("id"), record.get("category")}
        if keys & settings.disable:
            continue
        if settings.select and not keys & settings.select:
            continue
        level = settings.severity.get(record.get("id")) or settings.severity.get(record.get("category"))
        out.append({**record, "severity": level} if level else record)
    return out


def keep(settings, findings, text):
    """Drop what is below the minimum severity or inside an off/on region."""
    regions = off_regions(text)
    kept = []
    for f in findings:
        if settings.min_severity and severity_rank(f.severity) < severity_rank(settings.min_severity):
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

