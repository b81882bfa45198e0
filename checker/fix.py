"""Applying a suggestion to the text it was made for; the rule's kind decides how.

- ``replace`` (a drop-in): the suggestion takes the place of the matched words.
- ``forbid`` (a rewrite): the suggestion is a whole reply, so it takes the place
  of the sentence that holds the match. A sentence ends at 。！？!? (a run of
  them counts as one end), at an English full stop followed by a space, or at
  the end of the line (a transcript turn); a speaker tag such as ``客服：``
  stays where it is.
- ``require`` (a missing phrase): the suggestion is added at the start of the
  turn (after its speaker tag) or at its end.

Every character outside the replaced span is left as it was. Plain Python with
no site knowledge: ``web.check_json`` works out every finding's fixes with it for the
checker page, and ``doubled`` tells the page (and ``make validate``) when a fix would
write a word or a punctuation mark twice.
"""

import re

from .errors import CheckerError
from .transcript import TAG

ENDS = "。！？!?"
# How each kind of rule is applied: the page says "replace the words",
# "rewrite the sentence" or "add".
SCOPE = {"replace": "words", "forbid": "sentence", "require": "insert", "similar": "sentence"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_FINAL = "。！？!?.…~～”’」』)）"  # a suggestion ending in one of these needs no end of its own
_PAUSE = "，,、；;：:"


def _get(finding, key, default=None):
    if isinstance(finding, dict):
        return finding.get(key, default)
    return getattr(finding, key, default)


def _ends_sentence(text, i):
    char = text[i]
    if char in ENDS:
        return True
    # An English full stop ends a sentence when a space or the end of the line follows.
    return char == "." and (i + 1 == len(text) or text[i + 1] in " \t\r\n") and i > 0 and not text[i - 1].isdigit()


def _line(text, start, end):
    """(start, end) of the line holding [start, end), without its line break."""
    low = text.rfind("\n", 0, start) + 1
    high = text.find("\n", end)
    high = len(text) if high < 0 else high
    if high > low and text[high - 1] == "\r":
        high -= 1
    return low, high


def _after_tag(text, low, high):
    """Where the spoken text of the line [low, high) begins (after a speaker tag, if any)."""
    tag = TAG.match(text[low:high])
    return low + tag.end() if tag else low


def sentence_span(text, start, end):
    """(start, end) of the sentence holding the match [start, end): from after the
    previous sentence end (or the speaker tag, or the line start), leading spaces
    skipped, to just after the next run of sentence ends (or the line end)."""
    low, high = _line(text, start, end)
    floor = min(_after_tag(text, low, high), start)
    s = start
    while s > floor and not _ends_sentence(text, s - 1):
        s -= 1
    while s < start and text[s] in " \t\u3000":
        s += 1
    e = end
    if not (end > start and _ends_sentence(text, end - 1)):
        while e < high and not _ends_sentence(text, e):
            e += 1
        e = min(e + 1, high)  # the end mark itself
    while e < high and text[e] in ENDS:
        e += 1
    return s, e


def _match_case(match, suggestion):
    """An English drop-in takes the capital letter (or not) of the words it replaces."""
    if not match or not suggestion or not suggestion[0].isascii() or not match[0].isascii():
        return suggestion
    if match[0].isupper() and suggestion[0].islower():
        return suggestion[0].upper() + suggestion[1:]
    if match[0].islower() and suggestion[0].isupper() and not re.match(r"I\b", suggestion):
        return suggestion[0].lower() + suggestion[1:]
    return suggestion


def _trailing_ends(piece):
    i = len(piece)
    while i > 0 and (piece[i - 1] in ENDS or piece[i - 1] == "."):
        i -= 1
    return piece[i:]


def apply_fix(text, finding, suggestion, insert=None):
    """``(new_text, (start, end))``: ``text`` with ``suggestion`` applied for ``finding``
    (a Finding or its dict), and where the suggestion now sits in the new text.

    ``insert`` (``start`` or ``end``) says where a missing phrase goes; by default the
    finding's own ``insert`` (as the checker page gets it), else the start of the turn.
    Raises CheckerError when the text no longer holds the finding's match.
    """
    kind = _get(finding, "kind", "forbid")
    start, end = _get(finding, "start"), _get(finding, "end")
    if kind not in SCOPE:
        raise CheckerError(f"unknown kind of rule '{kind}'")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= len(text):
        raise CheckerError(f"the finding's span {start}..{end} is outside the text")
    if text[start:end] != _get(finding, "match", text[start:end]):
        raise CheckerError("the text has changed since it was checked: check it again")
    if not suggestion:
        raise CheckerError("empty suggestion")
    if kind == "replace":
        new = _match_case(text[start:end], suggestion)
        return text[:start] + new + text[end:], (start, start + len(new))
    if kind in ("forbid", "similar"):
        s, e = sentence_span(text, start, end)
        new = suggestion
        ends = _trailing_ends(text[s:e])
        if ends and new[-1] not in _FINAL:
            new += ends  # keep the sentence's own end when the suggestion has none
        return text[:s] + new + text[e:], (s, s + len(new))
    return _insert(text, start, end, suggestion, insert or _get(finding, "insert") or "start")


def _insert(text, start, end, suggestion, where):
    low, high = _line(text, start, max(start, end - 1) if end > start else start)
    if where == "start":
        at = _after_tag(text, low, high)
        rest = text[at:high]
        new = suggestion
        if rest.strip() and new[-1] not in _FINAL + _PAUSE:
            new += "，" if _CJK.search(new[-1]) else ", "
        elif rest.strip() and not _CJK.search(new[-1]) and not rest[:1].isspace() and not _CJK.search(rest[0]):
            new += " "
        return text[:at] + new + text[at:], (at, at + len(new))
    if where != "end":
        raise CheckerError(f"insert must be 'start' or 'end', not '{where}'")
    at = high
    before = text[_after_tag(text, low, high):at].rstrip()
    at = _after_tag(text, low, high) + len(before)
    if not before:
        sep = ""
    elif before[-1] in ENDS + _PAUSE or before[-1] == ".":
        sep = "" if _CJK.search(suggestion[0]) else " "
    else:
        sep = "。" if _CJK.search(before[-1]) else ". "
    new = sep + suggestion
    return text[:at] + new + text[at:], (at + len(sep), at + len(new))


PUNCT = set("，。！？、；：,.!?;:")
# Single characters that, written twice where a drop-in meets the text, are always a slip.
SINGLE = set("您你我他她它的了吗呢吧啊") | PUNCT


def doubled(text, seams):
    """A word or punctuation mark written twice across one of ``seams`` (offsets), or None."""
    for p in seams:
        if not 0 < p < len(text):
            continue
        left, right = text[p - 1], text[p]
        if left in PUNCT and right in PUNCT:
            return left + right
        for k in range(1, 7):
            a, b = text[max(0, p - k):p], text[p:p + k]
            if len(a) < k or a != b or any(c in PUNCT or c.isspace() for c in a):
                continue
            if k > 1 or a in SINGLE:
                return a + b
        words_left = re.findall(r"[A-Za-z']+", text[max(0, p - 20):p])
        words_right = re.findall(r"[A-Za-z']+", text[p:p + 20])
        if (
            words_left and words_right
            and words_left[-1].lower() == words_right[0].lower()
            and re.search(r"[A-Za-z']+\s*$", text[:p]) and re.match(r"\s*[A-Za-z']+", text[p:])
        ):
            return f"{words_left[-1]} {words_right[0]}"
    return None
