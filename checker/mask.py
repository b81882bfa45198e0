"""Masking of phone, ID-card and bank-card numbers in quoted text (reports and exports).

A run of 11 to 19 digits (single spaces or hyphens between them allowed, an
ID card's final X too) keeps its first 3 and last 4 digits; the others become
``*``. Separators stay, so a masked text has the length of the original and
offsets into it still hold.
"""

import re

NUMBER = re.compile(r"(?<![0-9])\d(?:[ -]?\d){9,17}[ -]?[\dXx](?![0-9])")
KEEP_HEAD, KEEP_TAIL = 3, 4


def _masked(m):
    chars = list(m.group(0))
    digits = [i for i, c in enumerate(chars) if c not in " -"]
    for i in digits[KEEP_HEAD:len(digits) - KEEP_TAIL]:
        chars[i] = "*"
    return "".join(chars)


def mask(text):
    """``text`` with long card and phone numbers masked (same length)."""
    if not text or sum(c.isdigit() for c in text) < 11:
        return text
    return NUMBER.sub(_masked, text)
