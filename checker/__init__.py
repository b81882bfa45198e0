"""Flag forbidden and discouraged service phrases in replies and call transcripts.

    >>> import checker
    >>> checker.check("这个不归我管，你找别人吧")   # doctest: +SKIP
    [Finding(rule='…', severity='error', start=2, end=6, …)]

The engine knows nothing about the site: it reads compiled rules (a JSON
bundle made from data/ by the generator) and returns ``Finding`` objects.
"""

from dataclasses import replace
from typing import NamedTuple

from .engine import Checker
from .errors import CheckerError
from .finding import SEVERITIES, Finding
from .normalize import default_folder
from .placeholders import fill_texts
from .rules import compile_rule, conditions, forget_shared, read_bundle, word_classes
from .similar import Similar
from .transcript import check_transcript as _check_transcript

__all__ = ["Checker", "CheckerError", "Finding", "SEVERITIES", "check", "check_transcript", "load"]

_default = None


def load(path=None, backend="auto", folder=None, extra_records=(), transform=None, placeholders=None, on_error=None, base=None, similar=True):
    """A Checker for the compiled rule bundle at ``path`` (default: the built-in one).

    ``extra_records`` adds rule records (a team's own rules); ``transform`` may
    edit the list of records before compiling (disable, re-level);
    ``placeholders`` overrides the bundle's names for {company} and the like;
    ``on_error`` as for ``Checker.from_records``.
    ``base``: a Checker that ``load()`` made from the built-in bundle; the new one
    is then made on top of it (see ``_over``) instead of from the bundle again.
    ``similar``: false leaves out the similarity tier (checker/similar.py), so only
    the rules speak.
    """
    if base is not None and path is None and getattr(base, "bundle", None) is not None:
        engine = _over(base, extra_records, transform, placeholders, on_error)
        if not similar:
            engine.similar = None
        return engine
    bundle = read_bundle(path, shared=True)
    # The bundle's precompiled sequences hold for its own names only: a rule whose
    # patterns use a name the team changed ({company}) is compiled again; a name
    # used only in suggestions ({agent}, {reply_by}) costs no recompiling.
    records, names, changed = _settings(bundle["rules"], bundle.get("placeholders", {}), extra_records, transform, placeholders)
    folder = folder or default_folder()
    classes = word_classes(bundle.get("wordclasses", []), folder.fold)
    engine = Checker.from_records(
        records, folder, names, backend, categories=bundle.get("categories"),
        use_compiled=lambda record: not _uses(record, changed),
        on_error=on_error, classes=classes,
    )
    forget_shared()
    # What a checker made on top of this one needs: the bundle's records without their
    # (large) precompiled sequences, its names and its word classes.
    if similar and bundle.get("similar"):
        principles = bundle["similar"]["principles"]
        unless = {p["id"]: conditions(p["unless"], folder.fold, names, classes) for p in principles if p.get("unless")}
        engine.similar = Similar(bundle["similar"]["models"], principles, unless=unless)
        engine.categories = {**engine.similar.names(), **engine.categories}
    engine.bundle = Bundle(
        [{k: v for k, v in r.items() if k != "compiled"} for r in bundle["rules"]],
        bundle.get("placeholders", {}), classes,
    )
    return engine


class Bundle(NamedTuple):
    records: list
    placeholders: dict
    classes: object


def _settings(bundle_records, bundle_names, extra_records, transform, placeholders):
    """The records to compile (the bundle's, a team's own, then ``transform``), the names
    in force, and which of them differ from the bundle's."""
    records = list(bundle_records) + list(extra_records)
    if transform:
        records = transform(records)
    names = {**bundle_names, **(placeholders or {})}
    changed = {k for k, v in names.items() if bundle_names.get(k) != v}
    return records, names, changed


def _over(base, extra_records, transform, placeholders, on_error):
    """A team's Checker made on top of ``base``: a bundle rule whose patterns the
    settings leave as they are keeps base's compiled sequences, anchors and
    automaton keys (re-levelled and its texts filled in with the team's names);
    only team rules and rules whose patterns use a changed name are compiled, and
    only their new keys are built into an automaton of their own. The browser's
    start-up snapshot holds the default Checker, so team settings cost a fraction
    of a full start."""
    info = base.bundle
    records, names, changed = _settings(info.records, info.placeholders, extra_records, transform, placeholders)
    mine = {rule.id: rule for rule in base.rules}
    fold = base.folder.fold
    rules = []
    for record in records:
        rule = mine.get(record.get("id"))
        try:
            if rule is not None and record.get("origin") != "team" and not _uses(record, changed):
                rules.append(replace(
                    rule, severity=record.get("severity", "warning"),
                    message=fill_texts(record.get("message", {}), names),
                    suggest=tuple(fill_texts(t, names) for t in record.get("suggest", ())),
                ))
            else:
                rules.append(compile_rule(record, fold, names, False, info.classes))
        except CheckerError as exc:
            if on_error is None:
                raise
            on_error(record, exc)
    engine = base.derived(rules)
    engine.bundle = info
    return engine


def _uses(record, names):
    """Whether the record's patterns or conditions name one of the placeholders ``names``."""
    if not names:
        return False
    sources = [p for ps in record.get("patterns", {}).values() for p in ps]
    sources += [p for key in ("unless", "when") for c in record.get(key, []) for k in ("after", "before") for p in c.get(k, [])]
    return any("{" + name + "}" in source for source in sources for name in names)


def default():
    global _default
    if _default is None:
        _default = load()
    return _default


def check(text, lang=None):
    """Findings for one reply: a list of ``Finding`` sorted by position; ``[]`` when clean."""
    return default().check(text, lang=lang)


def check_transcript(text, role="agent", lang=None):
    """Findings for a speaker-tagged transcript; each carries ``line`` and ``role``."""
    return _check_transcript(default(), text, role=role, lang=lang)
