"""Checking call-centre exports end to end: read (records.py), check (calls.py), write (reports/calls.py).

    code = runner.run(["calls.jsonl"], Options(fmt="jsonl"), facade.TeamChecker(settings))

Each call is written whole as soon as it is checked: findings to ``out``, its
row to the scorecard CSV, its counts to the report's summary. A progress bar
(tqdm) goes to stderr on a terminal, unless ``quiet``; a summary line closes
the run (calls, turns, findings, time, throughput). A bad record is reported
with its line and skipped, and the run goes on (exit 2 at the end). Ctrl-C
stops after the call being checked: every output is completed for the calls
finished, and the exit status is 130 (a second Ctrl-C stops at once).
"""

import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import batch_report
from .batch import Summary
from .calls import card_of, check_call, rows_of, rules_version
from .errors import CheckerError
from .records import BadRecord, Layout, Source, format_of, read_calls
from .reports.calls import FINDINGS, Scorecards

FORMATS = tuple(FINDINGS)
SHOWN = 20  # bad records printed on stderr; all are counted, the first batch.ERRORS listed in the report
INTERRUPTED = 130


@dataclass
class Options:
    input_format: str = None  # csv | jsonl | json; default from each file's extension
    layout: Layout = field(default_factory=Layout)
    role: str = "agent"
    lang: str = None
    fmt: str = "jsonl"  # findings: jsonl | json | text
    scorecard: Path = None
    report: Path = None
    report_lang: str = "zh"
    mask: bool = True
    quiet: bool = False
    encoding: str = None
    rules_path: Path = None
    progress: bool = None  # None: when stderr is a terminal and not quiet


class Interrupt:
    """The first Ctrl-C asks the run to stop after the current call; the second stops at once."""

    def __init__(self):
        self.requested = False
        try:
            self.previous = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread: Ctrl-C keeps its usual meaning
            self.previous = None

    def _handle(self, signum, frame):
        self.requested = True
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def restore(self):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


@dataclass
class Totals:
    calls: int = 0
    turns: int = 0
    findings: int = 0
    bad: int = 0
    unreadable: int = 0
    bytes: int = 0


def _progress(opts, paths, err):
    from tqdm import tqdm

    show = opts.progress if opts.progress is not None else (not opts.quiet and hasattr(err, "isatty") and err.isatty())
    sizes = [Path(p).stat().st_size if p != "-" and Path(p).is_file() else None for p in paths]
    total = sum(sizes) if None not in sizes else None
    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, file=err, disable=not show, dynamic_ncols=True, leave=False)


def run(paths, opts, team, out=None, err=None):
    """Check every call of the record files ``paths`` through ``team`` (a facade.TeamChecker);
    the exit status (0, 1, 2 or 130)."""
    engine, settings = team.engine, team.settings
    out = out or sys.stdout
    err = err or sys.stderr
    version = rules_version(settings, opts.rules_path)
    summary = Summary(settings.weights, engine.rules, engine.categories, version=version, mask=opts.mask) if opts.report else None
    scorecard_path = opts.scorecard or (Path(opts.report) / "summary.csv" if opts.report else None)
    if opts.report:
        try:
            Path(opts.report).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CheckerError(f"{opts.report}: cannot write the report: {exc.strerror or exc}") from None
    try:
        cards = Scorecards(scorecard_path, {r.category for r in engine.rules}) if scorecard_path else None
    except OSError as exc:
        raise CheckerError(f"{scorecard_path}: cannot write the scorecards: {exc.strerror or exc}") from None
    writer = FINDINGS[opts.fmt](out)
    totals, started = Totals(), time.perf_counter()
    bar = _progress(opts, paths, err)

    def complain(message):
        bar.write(f"python -m checker: error: {message}", file=err)

    def bad(name, line, reason):
        totals.bad += 1
        if summary:
            summary.error(name, reason, line)
        if totals.bad <= SHOWN:
            complain(f"{name}:{line}: {reason} (record skipped)")

    stop = Interrupt()
    try:
        for path in paths:
            if stop.requested:
                break
            try:
                source = Source.open(path)
            except CheckerError as exc:
                totals.unreadable += 1
                if summary:
                    summary.error(str(path), str(exc).removeprefix(f"{path}: "))
                complain(str(exc))
                continue
            fmt = format_of(path, opts.input_format)
            with source:
                done = 0
                try:
                    for item in read_calls(source, fmt, opts.layout, opts.encoding):
                        if isinstance(item, BadRecord):
                            bad(source.name, item.line, item.reason)
                        else:
                            _one(item, engine, settings, opts, version, writer, cards, summary, totals)
                        bar.update(source.done - done)
                        done = source.done
                        if stop.requested:
                            break
                except CheckerError as exc:
                    # The file cannot be read on (a header without the columns, a JSON array
                    # that stops parsing): what was read is kept, the file counts as bad.
                    totals.unreadable += 1
                    if summary:
                        summary.error(source.name, str(exc))
                    complain(str(exc))
                totals.bytes += source.done
    except BrokenPipeError:
        # The reader of the findings went away (``… | head``): stop as if interrupted, quietly.
        _silence(out)
        stop.requested = closed = True
    else:
        closed = False
    finally:
        bar.close()
        try:
            writer.close()
        except BrokenPipeError:
            _silence(out)
            closed = True
        if cards:
            cards.close()
        stop.restore()
    if summary:
        batch_report.write_report(summary.result(), opts.report, opts.report_lang, scorecards=False)
    seconds = time.perf_counter() - started
    if not opts.quiet:
        print(summary_line(totals, seconds, "Output closed after" if closed else "Interrupted after" if stop.requested else "Checked"), file=err)
        if totals.bad > SHOWN:
            print(f"python -m checker: {totals.bad:,} bad records in all, the first {SHOWN} shown above", file=err)
        if opts.report:
            print(f"Report written to {Path(opts.report) / 'report.html'} and {scorecard_path}", file=err)
    if closed:
        return 1 if totals.findings else 0
    if stop.requested:
        return INTERRUPTED
    if totals.bad or totals.unreadable:
        return 2
    return 1 if totals.findings else 0


def _silence(out):
    """Point ``out`` at /dev/null, so that what is still buffered for a closed pipe goes nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _one(call, engine, settings, opts, version, writer, cards, summary, totals):
    checked = check_call(engine, settings, call, opts.role, opts.lang)
    rows = rows_of(call, checked, version, opts.mask)
    writer.write(rows)
    card = card_of(call, checked, settings.weights, version)
    if cards:
        cards.write(card)
    if summary:
        summary.add(card, [f for *_, f in checked], len(call.turns), call.agent, call.queue, call.role_inferred)
    totals.calls += 1
    totals.turns += len(call.turns)
    totals.findings += len(rows)


def summary_line(totals, seconds, head="Checked"):
    mb = totals.bytes / 1e6
    rate = f"{totals.turns / seconds:,.0f} turns/s, {mb / seconds:.1f} MB/s" if seconds > 0 else "-"
    skipped = f"; {totals.bad:,} bad record{'s' if totals.bad != 1 else ''} skipped" if totals.bad else ""
    unreadable = f"; {totals.unreadable} file{'s' if totals.unreadable != 1 else ''} not read through" if totals.unreadable else ""
    return (
        f"{head} {totals.calls:,} call{'s' if totals.calls != 1 else ''}, {totals.turns:,} turns ({mb:,.1f} MB): "
        f"{totals.findings:,} findings{skipped}{unreadable}; {seconds:.1f} s, {rate}"
    )
