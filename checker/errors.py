"""The checker's one exception type."""


class CheckerError(Exception):
    """Bad rules, bad settings or unreadable input; the message says which and where."""
