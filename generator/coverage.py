"""How many entries each seed and section gave, so nothing disappears unnoticed."""

from collections import Counter


def counts(book):
    """{(seed, kind): n} and {(seed, section): n}."""
    by_kind, by_section = Counter(), Counter()
    for kind, entries in book.entries.items():
        for entry in entries:
            source = entry.get("source") or {"seed": "(team)", "section": "(team)"}  # a team's own entry has none
            by_kind[(source["seed"], kind)] += 1
            by_section[(source["seed"], source["section"])] += 1
    return by_kind, by_section


def report(book):
    by_kind, by_section = counts(book)
    lines = []
    for seed in sorted({s for s, _ in by_kind}):
        kinds = ", ".join(f"{kind} {n}" for (s, kind), n in sorted(by_kind.items()) if s == seed)
        lines.append(f"{seed}: {sum(n for (s, _), n in by_kind.items() if s == seed)} entries ({kinds})")
        for (s, section), n in sorted(by_section.items()):
            if s == seed:
                lines.append(f"    {n:4d}  {section}")
    steps = sum(len(s["steps"]) for s in book.entries["scripts"])
    patterns = sum(len(r["patterns"].get("zh", [])) + len(r["patterns"].get("en", [])) for r in book.rules)
    examples = sum(len(r["examples"]["flag"]) + len(r["examples"]["pass"]) for r in book.rules)
    lines.append(f"total: {sum(by_kind.values())} entries, {len(book.rules)} rules, {patterns} patterns, {examples} rule examples, {steps} script steps")
    return "\n".join(lines) + "\n"
