"""The character table the checker folds text with, derived at build time.

Traditional -> simplified comes from OpenCC's own character dictionary
(TSCharacters.txt of opencc-python-reimplemented); the rest from Python's
Unicode database. Shipping this table instead of OpenCC keeps the browser
bundle small and makes folding one ``str.translate``. Regional words
(data/dialect.yml: 莫得 -> 没有, 唔知 -> 不知道) come as ``words``, matched after
the character pass, so their spelling here is the folded one.
"""

import functools
import sys
import unicodedata
from pathlib import Path

QUOTES = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'}


def opencc_characters():
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        source, targets = line.split("\t", 1)
        target = targets.split(" ")[0]
        if len(source) == 1 and len(target) == 1 and source != target:
            table[source] = target
    return table


def build(dialect=()):
    """The table; ``dialect``: the entries of data/dialect.yml."""
    one, many = characters()
    table = {"source": "OpenCC TSCharacters + Unicode " + unicodedata.unidata_version + " NFKC, lower case", "one": one, "many": many}
    if dialect:
        table["source"] += ", regional words from data/dialect.yml"
        table["words"] = [_word(entry, one) for entry in dialect]
    return table


@functools.lru_cache(maxsize=1)
def characters():
    """(one, many): the character folds, the same for every data/ (made once per process;
    callers only read them)."""
    t2s = opencc_characters()
    one, many = {}, {}
    for code in range(0x80, 0x30000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if unicodedata.category(char) in ("Cn", "Co", "Cs"):
            continue
        folded = unicodedata.normalize("NFKC", char)
        folded = "".join(t2s.get(c, c) for c in folded)
        folded = "".join(QUOTES.get(c, c) for c in folded).lower()
        if folded == char:
            continue
        if len(folded) == 1:
            one[char] = folded
        elif code < 0x10000 and folded.strip() == folded and not any(unicodedata.combining(c) for c in folded):
            # Astral ones (enclosed letters and the like) are left out: they
            # disguise nothing we match, and one astral character in the
            # checker's character class makes Python's regex scan 8x slower.
            many[char] = folded
    for char in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        one[char] = char.lower()
    return one, many


def _word(entry, one):
    """A data/dialect.yml entry as the fold reads it: the characters in their folded form."""
    fold = lambda text: "".join(one.get(c, c) for c in text)
    word = {"from": fold(entry["from"]), "to": entry["to"]}
    for key in ("after", "before", "not_after", "not_before"):
        if key in entry:
            word[key] = fold(entry[key])
    for key in ("next", "prev"):
        if key in entry:
            word[key] = entry[key]
    return word


if __name__ == "__main__":
    table = build()
    print(len(table["one"]), len(table["many"]), file=sys.stderr)
