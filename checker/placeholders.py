"""Placeholders such as ``{company}``: the one way to fill them into a text.

``placeholders`` is ``{name: {zh: …, en: …}}`` (data/settings.yml, a team's
settings). A name with no value in the text's language takes the other
language's; a name not configured stays as written, so a page or message never
silently loses words. Patterns fill placeholders themselves (pattern.py).
"""

from .pattern import PLACEHOLDER


def fill(text, lang, placeholders):
    """``text`` (one language) with every configured {name} filled in."""
    if not text or "{" not in text:
        return text

    def value(match):
        names = placeholders.get(match.group(1))
        if not names:
            return match.group(0)
        return names.get(lang) or next((v for v in names.values() if v), match.group(0))

    return PLACEHOLDER.sub(value, text)


def fill_texts(texts, placeholders):
    """A {zh, en} text with every configured {name} filled in, language by language."""
    if not texts:
        return texts
    return {lang: fill(value, lang, placeholders) for lang, value in texts.items()}
