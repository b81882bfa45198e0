"""The text sets quality figures and ``python -m generator diff`` are measured on.

Development sets (tests/fixtures/recall/: taboo lines ``dev_*`` and the later rounds' ``dev2/*``, ``dev3/*``…, acceptable
lines ``ok_*``), the held-out blind set (tests/fixtures/blind/, read only to
compute figures), and real text beside the repository in ../shared/corpora/
(agent turns, their flag verdicts, the delivery-app taboo list). A set that is
missing comes back as ``TextSet(rows=None, missing=reason)``, so callers skip it
with a one-line reason.
"""

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("zh", "en")


@dataclass
class TextSet:
    name: str
    lang: str
    rows: list = None  # dicts from the TSV, each with "utterance"; None when missing
    missing: str = ""  # why it is missing

    @property
    def texts(self):
        return [row["utterance"] for row in self.rows or ()]


def corpora(root=ROOT):
    return Path(root).parent / "shared" / "corpora"


def read_tsv(path, text_column="utterance"):
    """Rows of a tab-separated file with a header line; ``text_column`` becomes "utterance"."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    out = []
    for row in rows:
        text = (row.get(text_column) or "").strip()
        if text:
            out.append({**row, "utterance": text})
    return out


def _load(name, lang, path, text_column="utterance"):
    path = Path(path)
    if not path.is_file():
        return TextSet(name, lang, missing=f"{path.name} not found ({path.parent})")
    return TextSet(name, lang, read_tsv(path, text_column))


def dev(lang, root=ROOT):
    return _load(f"dev {lang}", lang, Path(root) / "tests" / "fixtures" / "recall" / f"dev_{lang}.tsv")


def _lang_files(folder, lang):
    """A round folder's files of one language: ``NAME_{lang}.tsv`` and a plain ``{lang}.tsv``, sorted."""
    return sorted(set(folder.glob(f"*_{lang}.tsv")) | set(folder.glob(f"{lang}.tsv")))


def dev_round(number, lang, root=ROOT):
    """A later round's development set: every ``tests/fixtures/recall/dev{number}/*_{lang}.tsv``
    (or ``{lang}.tsv``), one set.

    Written in a later round, each file before the rule changes it was written for, so its
    figure before those changes says how well the rules of the earlier rounds carried over.
    """
    folder = Path(root) / "tests" / "fixtures" / "recall" / f"dev{number}"
    paths = _lang_files(folder, lang)
    if not paths:
        return TextSet(f"dev{number} {lang}", lang, missing=f"no *_{lang}.tsv or {lang}.tsv in {folder.name}/")
    return TextSet(f"dev{number} {lang}", lang, [row for path in paths for row in read_tsv(path)])


def later_rounds(lang, root=ROOT):
    """Every later round's set that exists (dev2, dev3, ...), in order."""
    folder = Path(root) / "tests" / "fixtures" / "recall"
    numbers = sorted(int(p.name[3:]) for p in folder.glob("dev[0-9]*") if p.is_dir() and p.name[3:].isdigit())
    return [dev_round(n, lang, root) for n in numbers]


def ok(lang, root=ROOT, skip=None):
    """Acceptable look-alike lines: ``ok_{lang}.tsv`` and every ``ok2/``, ``ok3/``… ``*_{lang}.tsv`` (or ``{lang}.tsv``)
    of a later round, but the round folder named ``skip``."""
    folder = Path(root) / "tests" / "fixtures" / "recall"
    found = _load(f"ok {lang}", lang, folder / f"ok_{lang}.tsv")
    rounds = sorted(p for p in folder.glob("ok[0-9]*") if p.is_dir() and p.name != skip)
    for path in (path for round_folder in rounds for path in _lang_files(round_folder, lang)):
        found.rows = (found.rows or []) + read_tsv(path)
    return found


def blind(lang, root=ROOT):
    return _load(f"blind {lang}", lang, Path(root) / "tests" / "fixtures" / "blind" / f"blind_{lang}.tsv")


def delivery(root=ROOT):
    """The delivery-app taboo list (Chinese); rows keep ``judgement`` (yes/borderline) and ``kind``."""
    return _load("delivery-app zh", "zh", corpora(root) / "taboo_delivery_app_zh.tsv", text_column="phrase")


def half(utterance):
    """0 (even: the half rules are tuned on) or 1 (odd: reported separately)."""
    return int(hashlib.sha1(utterance.encode("utf-8")).hexdigest(), 16) % 2


def agent(lang, root=ROOT):
    """Real agent turns; each row gets ``half``."""
    found = _load(f"agent {lang}", lang, corpora(root) / f"agent_{lang}.tsv")
    for row in found.rows or ():
        row["half"] = half(row["utterance"])
    return found


def judgements(root=ROOT):
    """(lang, utterance, rule, match) -> verdict (tp/fp) from flag_judgements.tsv; None when missing."""
    path = corpora(root) / "flag_judgements.tsv"
    if not path.is_file():
        return None
    return {(r["lang"], r["utterance"], r["rule"], r["match"]): r["verdict"] for r in read_tsv(path)}
