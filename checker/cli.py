"""``python -m checker`` / ``phrasecheck``: check replies or call transcripts.

The command-line layer: arguments, reading inputs (inputs.py), the team's
settings (config.py), checking through facade.TeamChecker, writing through a
reports writer. Exit status: 0 no findings, 1 findings, 2 usage, input or
settings error, and 2 for an internal error too (one line; the traceback
with ``--debug``).
"""

import argparse
import os
import sys
from pathlib import Path

from . import batch, batch_report, inputs, records, reports, runner
from . import config as team_config
from .errors import CheckerError, DataError
from .facade import TeamChecker
from .finding import SEVERITIES
from .score import scorecards

PROG = "python -m checker"


def parser():
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Flag forbidden and discouraged service phrases and suggest better ones.",
        epilog="With --transcript, a FILE that is a folder stands for the *.txt files under it (sorted). "
        "A .csv, .jsonl or .json FILE (or --input-format) is an export of turn records, one call after another: "
        "each call is checked as a transcript and its findings are written as soon as it is complete; "
        "a malformed record is reported with its line and skipped. "
        "Exit status: 0 clean, 1 findings, 2 usage, input or settings error (with --report or records: some file "
        "or record could not be read, reported after the run), 130 interrupted (records: output complete for the calls finished).",
    )
    p.add_argument("files", nargs="*", default=["-"], metavar="FILE", help="files to check; '-' or nothing reads standard input")
    p.add_argument("--transcript", action="store_true", help="input is a speaker-tagged call transcript (客户：/座席：/Agent: …)")
    p.add_argument("--role", choices=["agent", "customer", "all"], default="agent", help="with --transcript: whose lines to check (default: agent)")
    p.add_argument("--lang", choices=["zh", "en"], help="match only this language's patterns and report in it (default: both; messages follow the text)")
    p.add_argument("--format", choices=sorted(reports.FORMATS), default="text", help="output format (default: text; jsonl and csv: one finding per line)")
    p.add_argument("--input-format", choices=["text", *records.FORMATS], help="how to read FILE (default: from its extension: .csv, .jsonl, .json are records, anything else text)")
    p.add_argument("--columns", metavar="MAP", help="records: which column holds what, e.g. call=call_id,role=speaker,text=text[,turn=seq,agent=agent_id,queue=skill] (default: call, role, text; turn, agent, queue when present)")
    p.add_argument("--roles", metavar="MAP", help="records: speaker names, e.g. agent=坐席|客服,customer=客户 (default: the names text transcripts know; a call whose speakers are all unknown, such as 0/1 or A/B, gets its agent inferred from the opening)")
    p.add_argument("--scorecard", metavar="FILE", type=Path, help="records: write one scorecard row per call to FILE (CSV, UTF-8 with BOM)")
    p.add_argument("--no-mask", action="store_true", help="records: keep phone, ID-card and bank-card numbers in quoted text (default: masked)")
    p.add_argument("-q", "--quiet", action="store_true", help="records: no progress bar, no summary line")
    p.add_argument("--min-severity", choices=SEVERITIES, help="report only findings at least this severe")
    p.add_argument("--select", metavar="IDS", help="comma-separated rule ids or categories to check (default: all)")
    p.add_argument("--ignore", metavar="IDS", help="comma-separated rule ids or categories to skip")
    p.add_argument("--encoding", help="input encoding (default: detect UTF-8/UTF-16/GB18030)")
    p.add_argument("--config", type=Path, help="team settings file (default: the nearest .phrasecheck.yml above the first file)")
    p.add_argument("--no-config", action="store_true", help="ignore .phrasecheck.yml files")
    p.add_argument("--rules", type=Path, help="compiled rule bundle (default: the built-in rules)")
    p.add_argument("--backend", choices=["auto", "native", "pure"], default="auto", help=argparse.SUPPRESS)
    p.add_argument("--debug", action="store_true", help="on an internal error, show the traceback")
    p.add_argument("--score", action="store_true", help="with --transcript: print a quality score per call")
    p.add_argument(
        "--report", metavar="DIR", type=Path,
        help="with --transcript: also write DIR/summary.csv (one row per call, UTF-8 with BOM for Excel) and "
        "DIR/report.html (one self-contained page: scores, findings per category, most frequent taboo phrases; "
        "in the --lang language, default Chinese) and say where on one line (on stderr with other formats than text). "
        "A file that cannot be read is reported, listed in the report and skipped; the exit status is then 2 "
        "even though the report was written",
    )
    return p


def _split(value):
    return {v.strip() for v in value.split(",") if v.strip()} if value else set()


def error(message):
    print(f"{PROG}: error: {message}", file=sys.stderr)


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return run(args)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except CheckerError as exc:
        error(exc)
        return 2
    except BrokenPipeError:
        # The reader stopped reading (`… | head`): nothing is wrong, and nothing more can be said.
        # Python would report the pipe again when it flushes stdout at exit; send that to nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # noqa: BLE001 - the one place an unexpected error becomes exit 2
        if args.debug:
            raise
        error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)")
        return 2


def run(args):
    kinds = {records.format_of(name, args.input_format) is not None for name in args.files}
    if True in kinds:
        if False in kinds:
            error("record files (.csv, .jsonl, .json) and text files cannot be checked in one run")
            return 2
        return check_records(args)
    for option in ("columns", "roles", "scorecard"):
        if getattr(args, option):
            error(f"--{option} is for record files (.csv, .jsonl, .json)")
            return 2
    for needed, flag in ((args.score, "--score"), (args.report, "--report")):
        if needed and not args.transcript:
            error(f"{flag} needs --transcript")
            return 2
    if args.score and args.format not in reports.SCORES:
        error(f"--score does not go with --format {args.format}")
        return 2
    files, unreadable = list(args.files), []
    if args.transcript:
        files, unreadable = inputs.expand(args.files)
        if unreadable and not args.report:
            raise CheckerError(": ".join(unreadable[0]))
        for path, reason in unreadable:
            error(f"{path}: {reason}")
    settings = team_config.find(args.files, args.config, args.no_config)
    settings = settings.with_cli(select=_split(args.select), ignore=_split(args.ignore), min_severity=args.min_severity)
    team = TeamChecker(settings, rules_path=args.rules, backend=args.backend)
    items = []  # every input is read before anything is written: an unreadable one stops the run cleanly
    for name in files:
        try:
            items.extend(inputs.reader_for(name).read(name, args.encoding))
        except CheckerError as exc:
            if not args.report:
                raise
            error(exc)
            unreadable.append((inputs.display_name(name), inputs.reason_of(exc, name)))
    writer = reports.writer(args.format, sys.stdout)
    results = []
    for item in items:
        findings = team.check(item.text, transcript=args.transcript, role=args.role, lang=args.lang)
        writer.write(item.name, findings)
        results.append((item.name, findings))
    writer.finish(scorecards(results, settings.weights) if args.score else None)
    if args.report:
        engine = team.engine
        summary = batch.summarize(results, unreadable, settings.weights, engine.rules, categories=engine.categories)
        csv_path, html_path = batch_report.write_report(summary, args.report, args.lang or "zh")
        where = sys.stdout if args.format == "text" else sys.stderr
        print(f"Report written to {html_path} and {csv_path}", file=where)
        if unreadable:
            return 2
    return 1 if any(findings for _, findings in results) else 0


def check_records(args):
    """``python -m checker calls.jsonl …``: exports of turn records (runner.py)."""
    if args.format not in runner.FORMATS:
        error(f"--format {args.format} is for text files; records take {', '.join(runner.FORMATS)}")
        return 2
    if args.score:
        error("--score is for text transcripts; records take --scorecard FILE or --report DIR")
        return 2
    settings = team_config.find(args.files, args.config, args.no_config)
    settings = settings.with_cli(select=_split(args.select), ignore=_split(args.ignore), min_severity=args.min_severity)
    layout = records.Layout.parse(args.columns, args.roles, settings.records)
    team = TeamChecker(settings, rules_path=args.rules, backend=args.backend)
    options = runner.Options(
        input_format=None if args.input_format in (None, "text") else args.input_format,
        layout=layout, role=args.role, lang=args.lang, fmt=args.format, scorecard=args.scorecard,
        report=args.report, report_lang=args.lang or "zh", mask=not args.no_mask, quiet=args.quiet,
        encoding=args.encoding, rules_path=args.rules,
    )
    try:
        return runner.run(args.files, options, team)
    except KeyboardInterrupt:  # a second Ctrl-C
        return runner.INTERRUPTED
