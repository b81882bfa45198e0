"""Streaming writers for checks of call records (records.py): findings (JSON Lines, JSON, text)
and per-call scorecards (CSV).

A finding here is a row (calls.rows_of: call, turn, role, offsets in the
turn's text, rules version), not a ``Finding`` of a file, so these sit beside
the file writers of ``reports`` rather than behind their ``write(path,
findings)`` seam. Each takes the rows of one call at a time and writes them
whole; ``close`` completes the file (a JSON array's closing bracket, the text
summary), so a run stopped between two calls leaves valid files.
"""

import csv
import json

from ..finding import MOST_SEVERE_FIRST
from .formats import LETTERS, spreadsheet_safe, text_summary


class JsonLines:
    """One JSON object per finding and line."""

    def __init__(self, out):
        self.out = out

    def write(self, rows):
        if rows:
            self.out.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))

    def close(self):
        self.out.flush()


class JsonArray:
    """One JSON array of findings, written as the calls come."""

    def __init__(self, out):
        self.out, self.first = out, True
        out.write("[")

    def write(self, rows):
        for row in rows:
            self.out.write(("\n  " if self.first else ",\n  ") + json.dumps(row, ensure_ascii=False))
            self.first = False

    def close(self):
        self.out.write("]\n" if self.first else "\n]\n")
        self.out.flush()


class Text:
    """``call:turn: E rule [role] 「match」 message`` lines, then a count, like the text format."""

    def __init__(self, out):
        self.out, self.counts = out, dict.fromkeys(MOST_SEVERE_FIRST, 0)

    def write(self, rows):
        lines = []
        for row in rows:
            self.counts[row["severity"]] += 1
            role = f" [{row['role']}{'?' if row['role_inferred'] else ''}]"
            match = row["match"].replace("\r", " ").replace("\n", " ")
            lines.append(f"{row['call']}:{row['turn']}:{row['start'] + 1}: {LETTERS[row['severity']]} {row['rule']}{role} 「{match}」 {row['message']}\n")
            lines.extend(f"    → {s}\n" for s in row["suggestions"])
        self.out.write("".join(lines))

    def close(self):
        self.out.write(text_summary(self.counts) + "\n")
        self.out.flush()


FINDINGS = {"jsonl": JsonLines, "json": JsonArray, "text": Text}


class Scorecards:
    """The per-call scorecard CSV (UTF-8 with a byte-order mark, for Excel): one row per call,
    then one column per category of the rules."""

    FIELDS = ["call", "agent", "queue", "turns", "score", "errors", "warnings", "info", "findings",
              "missing_required", "role_inferred", "line", "rules_version"]

    def __init__(self, path, categories):
        self.categories = sorted(categories)
        self.file = open(path, "w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file)
        self.writer.writerow(self.FIELDS + [f"category:{c}" for c in self.categories])

    def write(self, card):
        row = [card["call"], card["agent"] or "", card["queue"] or "", card["turns"], card["score"], card["errors"],
               card["warnings"], card["info"], card["findings"], " ".join(card["missing"]),
               "yes" if card["role_inferred"] else "", card["line"], card["rules_version"]]
        self.writer.writerow([spreadsheet_safe(v) for v in row] + [card["categories"].get(c, 0) for c in self.categories])

    def close(self):
        self.file.close()
