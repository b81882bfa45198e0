"""Flag forbidden and discouraged service phrases in replies and call transcripts.

    >>> import checker
    >>> checker.check("这个不归我管，你找别人吧")   # doctest: +SKIP
    [Finding(rule='…', severity='error', start=2, end=6, …)]

The engine knows nothing about the site: it reads compiled rules (a JSON
bundle made from data/ by the generator) and returns ``Finding`` objects.
"""

from .engine import Checker
from .errors import CheckerError
from .finding import SEVERITIES, Finding
from .rules import read_bundle
from .transcript import check_transcript as _check_transcript

__all__ = ["Checker", "CheckerError", "Finding", "SEVERITIES", "check", "check_transcript", "load"]

_default = None


def load(path=None, backend="auto", folder=None, extra_records=(), transform=None, placeholders=None, on_error=None):
    """A Checker for the compiled rule bundle at ``path`` (default: the built-in one).

    ``extra_records`` adds rule records (a team's own rules); ``transform`` may
    edit the list of records before compiling (disable, re-level);
    ``placeholders`` overrides the bundle's names for {company} and the like;
    ``on_error`` as for ``Checker.from_records``.
    """
    bundle = read_bundle(path)
    records = list(bundle["rules"]) + list(extra_records)
    if transform:
        records = transform(records)
    names = {**bundle.get("placeholders", {}), **(placeholders or {})}
    # The bundle's precompiled sequences hold for its own names only: a rule whose
    # patterns use a name the team changed ({company}) is compiled again; a name
    # used only in suggestions ({agent}, {reply_by}) costs no recompiling.
    changed = {k for k, v in names.items() if bundle.get("placeholders", {}).get(k) != v}
    return Checker.from_records(
        records, folder, names, backend, categories=bundle.get("categories"),
        use_compiled=lambda record: not _uses(record, changed),
        on_error=on_error, classes=bundle.get("wordclasses", []),
    )


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
