"""The handbook checks its advice: suggestions that fit, one-click fixes that leave a correct text.

- A drop-in (``kind: replace``) put into each ``examples.flag`` text of its rule
  must give a text the rule passes and that reads as one sentence: no word or
  punctuation doubled where the drop-in meets the text ("这个这个", "。。", "，，").
- A rewrite (``kind: forbid``) applied to each flag example of its language must
  leave a text with no error or warning finding and no doubling at its seams.
- No suggestion names a clock time (use ``{reply_by}``), a seed brand (use
  ``{company}``), or a blank such as ``**号`` or ``XXX先生``; no recommended reply
  anywhere, nor any rule's phrase, message, reason or example, carries such a blank.
"""

import re

from checker.finding import BLOCKING
from checker.fix import apply_fix, doubled
from checker.transcript import check_transcript

from .data import BRANDS

_NUM = "[零〇一二两三四五六七八九十0-9０-９]"
_DAY = "(?:上午|下午|中午|晚上|早上|早晨|傍晚|凌晨|今天|明天|后天|今晚|明早|周[一二三四五六日天]|星期[一二三四五六日天])"
_EN_NUM = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
CLOCK = [
    re.compile(_DAY + r"\s*" + _NUM + r"{1,3}\s*[点时]"),  # 下午五点, 明天上午10点
    re.compile(_NUM + r"{1,3}[点时](?:半|钟|整|前|以前|之前|左右|" + _NUM + r"{1,2}分)"),  # 三点前, 10点半
    re.compile(r"(?<![第0-9])[二两三四五六七八九十]{1,2}点(?![建意要内原问注说看方几多])"),  # 三点 on its own
    re.compile(r"\d{1,2}\s*[:：]\s*\d{2}"),  # 10:00
    re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:a\.?m\b\.?|p\.?m\b\.?|o'?clock\b)", re.I),  # 5 pm, 10 a.m.
    re.compile(rf"\b{_EN_NUM}\s+o'?clock\b", re.I),
    re.compile(rf"(?<!one )\b(?:by|at|before|until|till)\s+{_EN_NUM}\b(?!\s*(?:days?|hours?|minutes?|weeks?|working|business)\b)", re.I),
    re.compile(r"\b(?:by|at|before|until)\s+(?:noon|midday|midnight)\b", re.I),
]
# Blanks left for someone to fill in: **号, XXX先生, ××, [name]; and in a suggestion,
# which a click puts into the reply as it is, a gap such as "您是说……，对吗" or "重点：……".
BLANK = re.compile(r"\*\*|＊＊|[Xx]{3,}|×|(?<![A-Za-z])[XxＸ][月日号]|\[[^\]\n]{1,20}\]")
GAP = re.compile(r"[：:]\s*…+|…+\s*[，,]|先生\s*[/／（(]\s*女士|sir\s*/\s*madam|Mr\s*/\s*Ms|Mr \(Ms\)|XX(?=先生|女士|总|经理)")


def clock_time(text):
    """The first clock time named in ``text``, or None."""
    for pattern in CLOCK:
        m = pattern.search(text)
        if m:
            return m.group(0).strip()
    return None


def blank(text, suggestion=False):
    m = BLANK.search(text) or (GAP.search(text) if suggestion else None)
    return m.group(0) if m else None


def brand(text, names, fold):
    folded = fold(text).text
    return next((name for name in names if fold(name).text in folded), None)


def brand_names(book):
    """The seed brands: the list the data is checked against, plus the substitutions noted as brands."""
    names = list(BRANDS)
    names += [s["from"] for s in book.substitutions if "brand" in s.get("note", "")]
    return names


def _lang(text):
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "en"


def _own_findings(checker, rule, text):
    if rule.kind == "require" or "\n" in text:
        found = check_transcript(checker, text, role="agent", resolve=False)
    else:
        found = checker.check(text, resolve=False)
    return [f for f in found if f.rule == rule.id]


def _shown_findings(checker, text):
    if "\n" in text:
        return check_transcript(checker, text, role="agent")
    return checker.check(text)


def _apply_drop_in(checker, rule, text, suggestion):
    """Put the drop-in in place of each of the rule's matches; the seams it made.
    Right to left, so that the offsets of the matches still to do stay valid."""
    seams, floor = [], len(text) + 1
    for f in sorted(_own_findings(checker, rule, text), key=lambda f: -f.start):
        if f.end > floor:
            continue  # overlaps the match just replaced
        text, (s, e) = apply_fix(text, f, suggestion)
        seams = [p + (e - s) - (f.end - f.start) for p in seams] + [s, e]
        floor = f.start
    return text, seams


def _blocking(checker, text):
    return [f for f in _shown_findings(checker, text) if f.severity in BLOCKING and f.kind != "require"]


def fix_all(checker, text, seams=()):
    """Fix what is left one finding at a time, each with its first suggestion, as a
    reader clicking through the checker page would; the final text and every seam."""
    seams = list(seams)
    for _ in range(20):
        todo = [f for f in _blocking(checker, text) if f.suggestions]
        if not todo:
            break
        f = todo[0]
        text, (s, e) = apply_fix(text, f, f.suggestions[0])
        seams = [p for p in seams if p <= s] + [s, e]
    return text, seams


def check_advice(book, checker, problem, replies):
    """Report through ``problem(entry_id, path, message)`` every suggestion that does not fit;
    ``replies``: (kind, entry, path, text) for every reply the handbook recommends."""
    compiled = {r.id: r for r in checker.rules}
    brands = brand_names(book)
    fold = checker.folder.fold
    for rule in book.rules:
        for key in ("phrase", "message", "why"):  # what the checker and the taboo list show
            for lang in ("zh", "en") if key in rule else ():
                found = blank(rule[key][lang])
                if found:
                    problem(rule["id"], [key, lang], f"{key} has a blank 「{found}」: write the words, e.g. 某某 / someone")
        for way in ("flag", "pass"):  # the taboo list shows the examples too
            for i, text in enumerate(rule["examples"][way]):
                found = blank(text)
                if found:
                    problem(rule["id"], ["examples", way, i], f"example has a blank 「{found}」: write the words, e.g. 王总 / Ms Wang")
        for i, item in enumerate(rule.get("suggest", [])):
            for lang in ("zh", "en"):
                text = item[lang]
                found = clock_time(text)
                if found:
                    problem(rule["id"], ["suggest", i, lang], f"suggestion names a clock time 「{found}」: promise {{reply_by}} instead")
                found = brand(text, brands, fold)
                if found:
                    problem(rule["id"], ["suggest", i, lang], f"suggestion names the brand 「{found}」: use {{company}} or {{product}}")
        compiled_rule = compiled.get(rule["id"])
        if compiled_rule is None or rule["kind"] == "require":
            continue
        for j, example in enumerate(rule["examples"]["flag"]):
            lang = _lang(example)
            for i, item in enumerate(compiled_rule.suggest):
                where = ["suggest", i, lang]
                own = _own_findings(checker, compiled_rule, example)
                if not own:
                    continue  # the self-tests report a flag example the rule misses
                if rule["kind"] == "replace":
                    new, seams = _apply_drop_in(checker, compiled_rule, example, item[lang])
                    if _own_findings(checker, compiled_rule, new):
                        problem(rule["id"], where, f"drop-in 「{item[lang]}」 leaves 「{new}」 still flagged by {rule['id']}")
                else:
                    new, (s, e) = apply_fix(example, own[0], item[lang])
                    seams = [s, e]
                    inside = [f for f in _blocking(checker, new) if f.start < e and f.end > s]
                    if inside:
                        f = inside[0]
                        problem(rule["id"], where, f"rewrite of flag example {j + 1} gives 「{new}」, flagged at 「{f.match}」 by {f.rule}")
                        continue
                    # Then the rest, one click at a time: the text must end clean.
                    new, seams = fix_all(checker, new, seams)
                    left = _blocking(checker, new)
                    if left:
                        f = left[0]
                        problem(rule["id"], where, f"fixing flag example {j + 1} one finding at a time ends in 「{new}」, still flagged at 「{f.match}」 by {f.rule}")
                twice = doubled(new, seams)
                if twice:
                    kind = "drop-in" if rule["kind"] == "replace" else "rewrite"
                    problem(rule["id"], where, f"{kind} of flag example {j + 1} gives 「{new}」 with 「{twice}」 doubled")
    for kind, entry, path, text in replies:
        found = blank(text, suggestion=kind == "suggest")
        if found:
            problem(entry["id"], path, f"{kind} has a blank to fill in 「{found}」: use {{agent}}, {{agent_id}} or plain words")
        found = kind != "suggest" and clock_time(text)  # suggestions are checked above
        if found:
            problem(entry["id"], path, f"{kind} names a clock time 「{found}」: promise {{reply_by}} instead, as a team sets it")
