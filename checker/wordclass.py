"""Word classes: named sets of words any rule pattern can use as ``<name>``.

A class record is ``{id, members: {zh: [...], en: [...]}, note: {zh, en}}``
(data/wordclasses/*.yml, carried in the rules bundle as ``wordclasses``). A
member is a literal with optional groups and alternatives (``其他(窗口|柜台)``,
``(去)?问问``), no gaps or placeholders. ``WordClasses`` folds every member
once, the first time a pattern asks for its class.
"""

from .errors import CheckerError
from .pattern import Choice, expand_member

LANGS = ("zh", "en")


class WordClasses:
    def __init__(self, records, fold):
        self.records = {}
        for record in records or ():
            if record.get("id") in self.records:
                raise CheckerError(f"word class <{record.get('id')}> is defined twice")
            self.records[record["id"]] = record
        self.fold = fold
        self._choices = {}

    def names(self):
        return sorted(self.records)

    def choice(self, name, lang=None):
        """The class's folded members in ``lang`` (None: every language) as a Choice, or None if it has none."""
        key = (name, lang)
        if key not in self._choices:
            self._choices[key] = self._compile(name, lang)
        return self._choices[key]

    def _compile(self, name, lang):
        members = self.records[name].get("members", {})
        folded = set()
        for code in (lang,) if lang else LANGS:
            for source in members.get(code) or ():
                if not isinstance(source, str):
                    raise CheckerError(f"word class <{name}>: member {source!r} is not text")
                try:
                    texts = expand_member(source)
                except CheckerError as exc:
                    raise CheckerError(f"word class <{name}>: {exc}") from None
                for text in texts:
                    value = self.fold(text).text.strip()
                    if not value:
                        raise CheckerError(f"word class <{name}>: member {source!r} is empty after normalisation, so it can never match")
                    folded.add(value)
        if not folded:
            return None
        return Choice(name, tuple(sorted(folded, key=lambda m: (-len(m), m))))

    def check(self):
        """Fold every member of every class now; a CheckerError names the first bad one."""
        for name in self.records:
            for lang in LANGS:
                self.choice(name, lang)
