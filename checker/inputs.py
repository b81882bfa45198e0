"""Reading what the command line and the batch check: files, folders, standard input.

A reader turns one input path into ``Item``s (name, text). ``TextReader``
reads a whole file as one text (UTF-8, UTF-16 with BOM, GB18030/GBK detected
by decode.py); readers for other formats (one item per CSV row or JSON line)
plug in through ``READERS``, keyed by file suffix.
"""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .decode import decode
from .errors import CheckerError


@dataclass(frozen=True)
class Item:
    name: str  # what reports call it: the path, or path plus a row or line number
    text: str


class TextReader:
    """A whole file (or standard input, ``-``) is one text."""

    suffixes = (".txt",)

    def read(self, name, encoding=None):
        yield Item(display_name(name), read_input(name, encoding))


READERS = {suffix: reader for reader in (TextReader(),) for suffix in reader.suffixes}


def reader_for(name):
    """The reader for ``name`` by its suffix; plain text for anything else."""
    return READERS.get(Path(str(name)).suffix.lower(), READERS[".txt"])


def read_input(name, encoding=None):
    """The text of a file or of standard input (``-``); CheckerError saying why not."""
    if name == "-":
        return decode(sys.stdin.buffer.read(), encoding, "<stdin>")
    try:
        data = Path(name).read_bytes()
    except IsADirectoryError:
        raise CheckerError(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise CheckerError(f"{name}: cannot read: {exc.strerror}") from None
    return decode(data, encoding, name)


def expand(paths):
    """``(files, errors)``: folders replaced by the files under them that a reader takes, sorted; '-' kept.

    A folder with no such file is an error ``(folder, reason)``; a path given
    twice (or a file also found in a given folder) is read once.
    """
    files, errors, seen = [], [], set()
    wanted = tuple(READERS)

    def add(name):
        key = name if name == "-" else os.path.normpath(name)
        if key not in seen:
            seen.add(key)
            files.append(name)

    for name in paths:
        name = str(name)
        if name != "-" and os.path.isdir(name):
            found = sorted(
                os.path.join(folder, entry)
                for folder, _, entries in os.walk(name)
                for entry in entries
                if entry.lower().endswith(wanted) and os.path.isfile(os.path.join(folder, entry))
            )
            if not found:
                errors.append((name, f"folder holds no {' or '.join('*' + s for s in wanted)} file"))
            for path in found:
                add(path)
        else:
            add(name)
    return files, errors


def display_name(name):
    return "<stdin>" if name == "-" else str(name)


def reason_of(exc, name):
    """The message of a CheckerError from read_input, without its leading ``name: ``."""
    message = str(exc)
    prefix = f"{display_name(name)}: "
    return message[len(prefix):] if message.startswith(prefix) else message
