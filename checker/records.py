"""Call-centre exports read as a stream of calls: CSV, JSON Lines and JSON arrays of turns.

    layout = Layout.parse(columns="call=call_id,role=speaker", roles="agent=坐席,customer=客户")
    with Source.open("calls.csv") as source:
        for item in read_calls(source, "csv", layout):   # a Call, or a BadRecord to report
            ...

A record is one turn: a call id, a speaker and what was said; optionally the
turn number (else input order), the agent and the queue. Column names and
speaker names are configurable (``Layout``); the defaults are ``call``,
``role``, ``text`` and the speaker names the text transcripts know
(transcript.py). The records of one call are contiguous, as exports are: a
call id that comes back after another call is a bad record. A malformed
record is a ``BadRecord`` with its line number and the reading goes on.

CSV and JSON Lines are read a line at a time (memory bounded by the longest
call, plus one hash per call id seen, for the contiguity check); a JSON array
is read whole. The encoding is detected from the start of the file as for
text input (decode.py), and a line that does not decode is a bad record.
"""

import codecs
import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .decode import decode, sniff
from .errors import CheckerError
from .transcript import ROLES

FORMATS = ("csv", "jsonl", "json")
EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
FIELDS = ("call", "role", "text", "turn", "agent", "queue")
REQUIRED = ("call", "role", "text")
SPEAKERS = ("agent", "customer")
SNIFF = 1 << 16


def format_of(name, explicit=None):
    """The record format of a file name (``.csv``, ``.jsonl``, ``.json``), or None for text."""
    if explicit:
        return None if explicit == "text" else explicit
    return EXTENSIONS.get(Path(str(name)).suffix.lower())


# ---------------------------------------------------------------- layout


def _default_roles():
    return {name.casefold(): role for name, role in ROLES.items()}


@dataclass(frozen=True)
class Layout:
    """Which column holds what, and which speaker names stand for the agent and the customer."""

    columns: dict = field(default_factory=lambda: {f: f for f in FIELDS})
    roles: dict = field(default_factory=_default_roles)  # casefolded speaker name -> agent | customer
    named: frozenset = frozenset()  # optional fields given explicitly: their column must exist

    @classmethod
    def parse(cls, columns=None, roles=None, settings=None):
        """From ``--columns call=call_id,…`` and ``--roles agent=坐席|客服,…`` over a settings section
        (``{"columns": {…}, "roles": {agent: [names]}}``, already validated)."""
        given = dict((settings or {}).get("columns") or {})
        given.update(_pairs(columns, "--columns", FIELDS))
        names = {role: [values] if isinstance(values, str) else list(values) for role, values in ((settings or {}).get("roles") or {}).items()}
        for role, value in _pairs(roles, "--roles", SPEAKERS, many=True).items():
            names[role] = value
        mapping = _default_roles()
        for role, values in names.items():
            for value in values:
                mapping[str(value).strip().casefold()] = role
        cols = {f: f for f in FIELDS}
        cols.update(given)
        return cls(columns=cols, roles=mapping, named=frozenset(f for f in given if f not in REQUIRED))

    def role_of(self, speaker):
        return self.roles.get(speaker.strip().casefold())


def _pairs(value, option, keys, many=False):
    """``a=x,b=y`` (with ``many``, ``a=x|z``) as a dict; CheckerError for anything else."""
    out = {}
    for part in (value or "").split(","):
        if not part.strip():
            continue
        key, sep, name = part.partition("=")
        key, name = key.strip(), name.strip()
        if not sep or not name:
            raise CheckerError(f"{option}: {part.strip()!r} is not NAME=VALUE")
        if key not in keys:
            raise CheckerError(f"{option}: unknown name {key!r}; known: {', '.join(keys)}")
        if many:
            out.setdefault(key, []).extend(v.strip() for v in name.split("|") if v.strip())
        else:
            out[key] = name
    return out


# ---------------------------------------------------------------- records


@dataclass
class Turn:
    line: int  # 1-based line of the record in the input
    number: int  # 1-based turn of the call (input order, or the turn column)
    speaker: str  # as written in the input
    text: str
    role: str = None  # agent | customer | unknown, once the call is complete


@dataclass
class Call:
    id: str
    line: int  # line of its first record
    turns: list = field(default_factory=list)
    agent: str = None
    queue: str = None
    role_inferred: bool = False


@dataclass(frozen=True)
class BadRecord:
    line: int
    reason: str


class Source:
    """An input file (or standard input) read as binary lines, counting the bytes read."""

    def __init__(self, stream, name, size=None):
        self.stream, self.name, self.size, self.done = stream, name, size, 0

    @classmethod
    def open(cls, name):
        if str(name) == "-":
            return cls(sys.stdin.buffer, "<stdin>")
        try:
            stream = open(name, "rb")
        except IsADirectoryError:
            raise CheckerError(f"{name}: is a folder, not a file") from None
        except OSError as exc:
            raise CheckerError(f"{name}: cannot read: {exc.strerror}") from None
        return cls(stream, str(name), Path(name).stat().st_size)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.stream is not sys.stdin.buffer:
            self.stream.close()

    def lines(self, encoding=None):
        """``(line number, text)`` per line; a line that does not decode comes as ``(number, None)``."""
        buffered = self.stream if hasattr(self.stream, "peek") else io.BufferedReader(self.stream)
        codec, bom = sniff(buffered.peek(SNIFF)[:SNIFF], encoding, self.name)
        if codecs.lookup(codec).name.startswith(("utf-16", "utf-32")):
            # Not splittable on the byte 0x0A: decode as a stream (strict).
            text = io.TextIOWrapper(buffered, encoding=codec, newline="")
            try:
                for number, line in enumerate(text, start=1):
                    self.done += len(line.encode(codec)) - (2 if number == 1 else 0)
                    yield number, line
            except UnicodeDecodeError as exc:
                raise CheckerError(f"{self.name}: not valid {codec}: {exc.reason}") from None
            return
        for number, raw in enumerate(buffered, start=1):
            self.done += len(raw)
            if number == 1 and bom and raw.startswith(bom):
                raw = raw[len(bom):]
            try:
                yield number, raw.decode(codec)
            except UnicodeDecodeError:
                yield number, None

    def read_all(self, encoding=None):
        data = self.stream.read()
        self.done = len(data)
        return decode(data, encoding, self.name)


def rows(source, fmt, layout, encoding=None):
    """``(line, mapping)`` per record, or a BadRecord, in input order."""
    if fmt == "csv":
        yield from _csv_rows(source, layout, encoding)
    elif fmt == "jsonl":
        yield from _jsonl_rows(source, encoding)
    elif fmt == "json":
        yield from _json_rows(source, encoding)
    else:
        raise ValueError(f"unknown record format {fmt!r}")


def _csv_rows(source, layout, encoding):
    undecodable, last = set(), [0]

    def text_lines():
        for number, line in source.lines(encoding):
            last[0] = number
            if line is None:
                undecodable.add(number)
                line = "\n"
            yield line

    reader = csv.reader(text_lines())
    header, first = None, 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield BadRecord(first, f"not a CSV record: {exc}")
            first = reader.line_num + 1
            continue
        lines = range(first, reader.line_num + 1)
        start, first = first, reader.line_num + 1
        broken = undecodable.intersection(lines)
        if not broken and (not row or row == [""]):
            continue
        if header is None:
            if broken:
                raise CheckerError(f"{source.name}:{start}: the header line does not decode")
            header = [name.strip() for name in row]
            missing = [f"{f!r} (column {layout.columns[f]!r})" for f in REQUIRED if layout.columns[f] not in header]
            missing += [f"{layout.columns[f]!r}" for f in sorted(layout.named) if layout.columns[f] not in header]
            if missing:
                raise CheckerError(
                    f"{source.name}:{start}: the header has no column {', '.join(missing)}; "
                    f"it has {', '.join(map(repr, header))} (name them with --columns call=…,role=…,text=…)"
                )
            continue
        if broken:
            undecodable -= broken
            yield BadRecord(start, f"not valid text in the file's encoding (line {min(broken)})")
            continue
        if len(row) != len(header):
            yield BadRecord(start, f"has {len(row)} fields, the header has {len(header)}")
            continue
        yield start, dict(zip(header, row))


def _jsonl_rows(source, encoding):
    for number, line in source.lines(encoding):
        if line is None:
            yield BadRecord(number, "not valid text in the file's encoding")
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield BadRecord(number, f"not JSON: {exc}")
            continue
        if not isinstance(record, dict):
            yield BadRecord(number, f"a JSON {type(record).__name__}, not an object")
            continue
        yield number, record


def _json_rows(source, encoding):
    text = source.read_all(encoding)
    decoder = json.JSONDecoder()
    pos, line, counted = _skip(text, 0), 1, 0

    def line_at(at):
        nonlocal line, counted
        line += text.count("\n", counted, at)
        counted = at
        return line

    if pos >= len(text) or text[pos] != "[":
        raise CheckerError(f"{source.name}:{line_at(pos)}: a JSON file of records must be an array of objects")
    pos = _skip(text, pos + 1)
    if pos < len(text) and text[pos] == "]":
        return
    while True:
        try:
            record, end = decoder.raw_decode(text, pos)
        except ValueError as exc:
            raise CheckerError(f"{source.name}:{line_at(pos)}: not JSON: {exc}") from None
        at = line_at(pos)
        if isinstance(record, dict):
            yield at, record
        else:
            yield BadRecord(at, f"a JSON {type(record).__name__}, not an object")
        pos = _skip(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = _skip(text, pos + 1)
            continue
        if pos < len(text) and text[pos] == "]" and _skip(text, pos + 1) == len(text):
            return
        raise CheckerError(f"{source.name}:{line_at(pos)}: expected ',' or the closing ']' of the array")


def _skip(text, pos):
    while pos < len(text) and text[pos] in " \t\r\n\ufeff":
        pos += 1
    return pos


def _value(record, column):
    value = record.get(column)
    if value is None or isinstance(value, (dict, list)):
        return value
    return value if isinstance(value, str) else str(value)


def turn_of(line, record, layout):
    """``(call id, Turn, agent, queue)`` for one record, or a BadRecord saying what is wrong."""
    cols = layout.columns
    for f in REQUIRED:
        if cols[f] not in record:
            return BadRecord(line, f"has no {cols[f]!r} field")
    call, speaker, text = (_value(record, cols[f]) for f in REQUIRED)
    for f, value in (("call", call), ("role", speaker), ("text", text)):
        if not isinstance(value, str):
            return BadRecord(line, f"the {cols[f]!r} field is {json.dumps(value, ensure_ascii=False)}, not text")
    if not call.strip():
        return BadRecord(line, f"the {cols['call']!r} field is empty")
    number = None
    if cols["turn"] in record and _value(record, cols["turn"]) not in (None, ""):
        raw = _value(record, cols["turn"])
        try:
            number = int(raw)
        except (TypeError, ValueError):
            return BadRecord(line, f"the {cols['turn']!r} field is {raw!r}, not a whole number")
        if number < 1:
            return BadRecord(line, f"the {cols['turn']!r} field is {number}: turns count from 1")
    if cols["turn"] in layout.named and number is None:
        return BadRecord(line, f"has no {cols['turn']!r} field")
    agent = _value(record, cols["agent"]) if cols["agent"] in record else None
    queue = _value(record, cols["queue"]) if cols["queue"] in record else None
    return call.strip(), Turn(line, number, speaker, text), agent, queue


def read_calls(source, fmt, layout, encoding=None):
    """Calls (complete, in input order) and BadRecords, as they come."""
    seen, current = set(), None
    items = rows(source, fmt, layout, encoding)
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        except CheckerError:
            if current is not None:  # the records read before the input went wrong are checked
                yield finish(current, layout)
            raise
        if isinstance(item, BadRecord):
            yield item
            continue
        parsed = turn_of(*item, layout)
        if isinstance(parsed, BadRecord):
            yield parsed
            continue
        call_id, turn, agent, queue = parsed
        if current is not None and call_id == current.id:
            current.turns.append(turn)
            current.agent = current.agent or agent
            current.queue = current.queue or queue
            continue
        if hash(call_id) in seen:
            yield BadRecord(
                turn.line,
                f"call {call_id!r} comes back after call {current.id!r}: the records of one call must be "
                "contiguous (sort the export by call)",
            )
            continue
        if current is not None:
            yield finish(current, layout)
        seen.add(hash(call_id))
        current = Call(call_id, turn.line, [turn], agent or None, queue or None)
    if current is not None:
        yield finish(current, layout)


def finish(call, layout):
    """Turn numbers and roles from the speaker names; a call whose speakers are all unknown
    (diarised ``0``/``1``, ``A``/``B``) keeps role None until the checker infers them."""
    if any(t.number is not None for t in call.turns):
        for i, t in enumerate(call.turns, start=1):
            t.number = i if t.number is None else t.number
        call.turns.sort(key=lambda t: t.number)
    else:
        for i, t in enumerate(call.turns, start=1):
            t.number = i
    roles = [layout.role_of(t.speaker) for t in call.turns]
    if any(roles):
        for t, role in zip(call.turns, roles):
            t.role = role or "unknown"
    return call
