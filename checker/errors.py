"""The checker's errors, and problems that point at a file, line and column."""

from dataclasses import dataclass, field

PARSE = 0  # Problem.order of a file that could not be read or parsed: reported first


class CheckerError(Exception):
    """Bad rules, bad settings or unreadable input; the message says which and where."""


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    order: int = field(default=1, compare=False)

    def __str__(self):
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class DataError(CheckerError):
    """Raised with every problem found, so an author can fix them all in one go."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=lambda p: (p.order, p.path, p.line, p.col, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))
