"""Rules as the checker uses them, compiled from the records of data/rules/.

The records arrive as plain dicts (from the generator's ``rules.json`` or from
a team's own YAML); ``compile_rules`` folds their patterns once.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import generated
from .errors import CheckerError
from .pattern import Choice, compile_pattern, prefixes, span
from .placeholders import fill_texts
from .wordclass import WordClasses

LANGS = ("zh", "en")
TURN = 200  # "within the same turn": as far as the line goes, up to this many characters


INDEXED = 8  # a condition with more sequences than this finds them by their first two characters


@dataclass(frozen=True)
class Condition:
    kind: str  # after | before | quoted | alone
    sequences: tuple = ()
    within: int = 0

    def __post_init__(self):
        by_first = None
        if len(self.sequences) > INDEXED:
            by_first = {}
            for seq in self.sequences:
                for prefix in prefixes(seq[0]):
                    by_first.setdefault(prefix, []).append(seq)
            by_first = {prefix: tuple(seqs) for prefix, seqs in by_first.items()}
        # first two characters (or the one of a one-character part) -> the sequences that
        # can start so (None: few sequences, searched one by one)
        object.__setattr__(self, "by_first", by_first)
        # where an indexed sequence may start: a regular expression of those first characters
        heads = by_first and re.compile("[" + "".join(sorted({re.escape(p[0]) for p in by_first})) + "]")
        object.__setattr__(self, "heads", heads)
        # the most characters a match of one of the sequences can take
        object.__setattr__(self, "reach", max((span(seq)[1] for seq in self.sequences), default=0))


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # forbid | replace | require
    category: str
    severity: str
    message: dict
    suggest: tuple
    sequences: dict  # lang -> tuple of folded sequences
    unless: tuple = ()  # a match is dropped when any of these holds
    when: tuple = ()  # a match is kept only when all of these hold
    where: dict = None
    phrase: dict = None
    examples: dict = None
    item: dict = None  # a required phrase's name on the call scorecard


def _placeholder_values(placeholders):
    return {name: [v for v in (texts.get("zh"), texts.get("en")) if v] for name, texts in placeholders.items()}


def conditions(records, fold, placeholders=None, classes=None):
    """Compiled ``unless``/``when`` conditions from their records (see _condition)."""
    values, classes = _placeholder_values(placeholders or {}), word_classes(classes, fold)
    return tuple(_condition(c, fold, values, classes) for c in records)


def _condition(cond, fold, values, classes):
    """``{after|before: [patterns], within: N}``, ``{quoted: true}`` or ``{alone: true}``;
    no ``within`` = the rest of the turn. A word class in a condition stands for its
    members in every language."""
    for kind in ("quoted", "alone"):
        if cond.get(kind):
            return Condition(kind)
    kind = "after" if "after" in cond else "before"
    sequences = tuple(seq for source in cond[kind] for seq in compile_pattern(source, fold, values, classes))
    return Condition(kind, sequences, int(cond.get("within", TURN)))


def compiled_json(rule):
    """A compiled rule's folded sequences, as JSON: the build stores them in the bundle
    (key ``compiled``) so that loading the rules, in the browser above all, skips folding
    every pattern again."""
    conditions = lambda conds: [[c.kind, [list(map(_plain, seq)) for seq in c.sequences], c.within] for c in conds]
    return {
        "sequences": {lang: [list(map(_plain, seq)) for seq in seqs] for lang, seqs in rule.sequences.items()},
        "unless": conditions(rule.unless),
        "when": conditions(rule.when),
    }


def _plain(part):
    if isinstance(part, Choice):
        return {"class": part.name, "members": list(part.members)}
    return part if isinstance(part, str) else list(part)


# One object for each distinct literal, gap and word class of the precompiled
# sequences: a pattern with alternatives expands to thousands of sequences that
# share their parts, and the browser's start-up snapshot is the heap they live in.
# Filled while a bundle is read and compiled; forget_shared() empties it after.
_shared = {}


def forget_shared():
    """Drop the table of shared parts once a bundle's rules are compiled: the parts stay
    shared by the sequences that hold them, and the table itself (tens of thousands of
    entries) is not kept in the heap."""
    _shared.clear()


def _part(part):
    if isinstance(part, Choice):
        return part  # made while the bundle was read (read_bundle(shared=True))
    if isinstance(part, str):
        return _shared.setdefault(part, part)
    if isinstance(part, dict):
        key = (part["class"], tuple(part["members"]))
        choice = _shared.get(key)
        if choice is None:
            choice = _shared[key] = Choice(key[0], tuple(_shared.setdefault(m, m) for m in key[1]))
        return choice
    key = tuple(part)
    return _shared.setdefault(key, key)


def _from_json(seq):
    return tuple(map(_part, seq))


def _compiled(compiled):
    conditions = lambda conds: tuple(Condition(kind, tuple(map(_from_json, seqs)), within) for kind, seqs, within in conds)
    sequences = {lang: tuple(map(_from_json, compiled["sequences"].get(lang, []))) for lang in LANGS}
    return sequences, conditions(compiled["unless"]), conditions(compiled["when"])


def word_classes(classes, fold):
    """A WordClasses from class records (or one already made)."""
    return classes if isinstance(classes, WordClasses) else WordClasses(classes, fold)


def compile_rule(record, fold, placeholders=None, use_compiled=False, classes=None):
    """A Rule from a record; with ``use_compiled``, from the build's precompiled sequences
    when the record has them (valid only for the placeholders they were made with).
    ``classes``: the word classes its patterns may name (records or a WordClasses)."""
    values = _placeholder_values(placeholders or {})
    classes = word_classes(classes, fold)
    rule_id = record.get("id", "?")
    try:
        if use_compiled and "compiled" in record:
            sequences, unless, when = _compiled(record["compiled"])
        else:
            sequences = {
                lang: tuple(
                    seq for source in record.get("patterns", {}).get(lang, []) for seq in compile_pattern(source, fold, values, classes, lang)
                )
                for lang in LANGS
            }
            unless = tuple(_condition(c, fold, values, classes) for c in record.get("unless", []))
            when = tuple(_condition(c, fold, values, classes) for c in record.get("when", []))
    except CheckerError as exc:
        raise CheckerError(f"rule {rule_id}: {exc}") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckerError(f"rule {rule_id}: malformed record ({exc!r})") from None
    return Rule(
        id=rule_id,
        kind=record.get("kind", "forbid"),
        category=record.get("category", ""),
        severity=record.get("severity", "warning"),
        message=fill_texts(record.get("message", {}), placeholders or {}),
        suggest=tuple(fill_texts(t, placeholders or {}) for t in record.get("suggest", ())),
        sequences=sequences,
        unless=unless,
        when=when,
        where=record.get("where"),
        phrase=record.get("phrase"),
        item=record.get("item"),
        examples=record.get("examples"),
    )


def compile_rules(records, fold, placeholders=None, use_compiled=False, classes=None):
    classes = word_classes(classes, fold)  # each class folded once, for every rule
    return [compile_rule(r, fold, placeholders, use_compiled, classes) for r in records]


def _shared_choice(obj):
    """json.loads' object_hook: a precompiled word class becomes its one shared Choice at once."""
    if len(obj) == 2 and "class" in obj and "members" in obj:
        return _part(obj)
    return obj


def read_bundle(path=None, shared=False):
    """The generator's compiled bundle: ``{"placeholders": …, "wordclasses": […], "rules": […]}``.

    ``shared``: the word classes in the precompiled sequences come as shared Choice
    objects instead of dicts, made while reading (the loaded bundle's peak memory
    is what the browser's start-up snapshot keeps); for Checker.from_records only.
    """
    path = Path(path) if path else generated.path("rules.json")
    try:
        with path.open("rb") as f:
            return _parse_bundle(f, _shared_choice if shared else None)
    except FileNotFoundError:
        raise CheckerError(f"{path.name} {generated.MISSING}") from None
    except (OSError, ValueError) as exc:
        raise CheckerError(f"{path}: cannot read the rules: {exc}") from None


RULES_OPEN = b'"rules":[\n'


def _parse_bundle(f, hook):
    """The bundle a rule at a time when it is laid out a rule a line (as the generator
    writes it, see generator.bundle.write_bundle), so the whole text and all of its
    parsed rules never exist at once; any other JSON as a whole."""
    first = f.readline()
    if not first.endswith(RULES_OPEN):
        bundle = json.loads(first + f.read(), object_hook=hook)
        choices = bundle.pop("choices", None) if isinstance(bundle, dict) else None
        if choices is not None:
            bundle["rules"] = [_resolved(rule, choices) for rule in bundle.get("rules", [])]
        return bundle
    head = first[: -len(RULES_OPEN)].rstrip(b",") + b"}"
    bundle = json.loads(head, object_hook=hook)
    choices = bundle.pop("choices", [])
    refs = lambda obj: choices[obj["choice"]] if len(obj) == 1 and "choice" in obj else hook(obj) if hook else obj
    bundle["rules"] = rules = []
    for line in f:
        if line.startswith(b"]}"):
            return bundle
        rules.append(json.loads(line.rstrip(b"\n").rstrip(b","), object_hook=refs))
    raise ValueError("the list of rules is cut short")


def _resolved(rule, choices):
    """A rule read as a whole document: its ``{"choice": N}`` references put back (see
    generator.bundle.write_bundle, which writes each word class once)."""
    if not isinstance(rule, dict) or not isinstance(rule.get("compiled"), dict):
        return rule
    part = lambda p: choices[p["choice"]] if isinstance(p, dict) and set(p) == {"choice"} else p
    seqs = lambda sequences: [[part(p) for p in seq] for seq in sequences]
    compiled = dict(rule["compiled"])
    if isinstance(compiled.get("sequences"), dict):
        compiled["sequences"] = {lang: seqs(s) for lang, s in compiled["sequences"].items()}
    for key in ("unless", "when"):
        if isinstance(compiled.get(key), list):
            compiled[key] = [[kind, seqs(s), within] for kind, s, within in compiled[key]]
    return {**rule, "compiled": compiled}
