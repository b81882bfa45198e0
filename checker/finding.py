"""A finding: one rule matched at one place, and the severity order. Formatting lives in reports/."""

from dataclasses import asdict, dataclass, field

SEVERITIES = ("info", "warning", "error")  # the one severity order, least severe first
MOST_SEVERE_FIRST = SEVERITIES[::-1]  # how reports list them
BLOCKING = frozenset({"warning", "error"})  # what a reply the handbook recommends must never get


def severity_rank(severity):
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: str
    start: int  # offsets into the original text, in code points
    end: int
    match: str
    message: str
    suggestions: tuple = field(default_factory=tuple)
    line: int = 1  # 1-based line of ``start`` in the checked text or file
    col: int = 1  # 1-based column of ``start`` on that line
    role: str = None  # speaker of the turn, for transcripts
    kind: str = "forbid"

    def to_dict(self):
        data = asdict(self)
        data["suggestions"] = list(self.suggestions)
        return data
