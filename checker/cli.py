"""``python -m checker`` / ``phrasecheck``: check replies or call transcripts.

Exit status: 0 no findings, 1 findings, 2 usage or input error.
"""

import argparse
import json
import sys
from pathlib import Path

from . import batch, batch_report
from . import config as team_config
from . import report
from .errors import CheckerError
from .finding import SEVERITIES
from .score import format_scores, scorecards


def parser():
    p = argparse.ArgumentParser(
        prog="python -m checker",
        description="Flag forbidden and discouraged service phrases and suggest better ones.",
        epilog="With --transcript, a FILE that is a folder stands for the *.txt files under it (sorted). "
        "Exit status: 0 clean, 1 findings, 2 usage or input error (with --report: some file could not be read).",
    )
    p.add_argument("files", nargs="*", default=["-"], metavar="FILE", help="files to check; '-' or nothing reads standard input")
    p.add_argument("--transcript", action="store_true", help="input is a speaker-tagged call transcript (客户：/座席：/Agent: …)")
    p.add_argument("--role", choices=["agent", "customer", "all"], default="agent", help="with --transcript: whose lines to check (default: agent)")
    p.add_argument("--lang", choices=["zh", "en"], help="match only this language's patterns and report in it (default: both; messages follow the text)")
    p.add_argument("--format", choices=sorted(report.FORMATS), default="text", help="output format (default: text)")
    p.add_argument("--min-severity", choices=SEVERITIES, help="report only findings at least this severe")
    p.add_argument("--select", metavar="IDS", help="comma-separated rule ids or categories to check (default: all)")
    p.add_argument("--ignore", metavar="IDS", help="comma-separated rule ids or categories to skip")
    p.add_argument("--encoding", help="input encoding (default: detect UTF-8/UTF-16/GB18030)")
    p.add_argument("--config", type=Path, help="team settings file (default: the nearest .phrasecheck.yml above the first file)")
    p.add_argument("--no-config", action="store_true", help="ignore .phrasecheck.yml files")
    p.add_argument("--rules", type=Path, help="compiled rule bundle (default: the built-in rules)")
    p.add_argument("--backend", choices=["auto", "native", "pure"], default="auto", help=argparse.SUPPRESS)
    p.add_argument("--score", action="store_true", help="with --transcript: print a quality score per call")
    p.add_argument(
        "--report", metavar="DIR", type=Path,
        help="with --transcript: also write DIR/summary.csv (one row per call, UTF-8 with BOM for Excel) and "
        "DIR/report.html (one self-contained page: scores, findings per category, most frequent taboo phrases; "
        "in the --lang language, default Chinese) and say where on one line (on stderr with --format json/sarif). "
        "A file that cannot be read is reported, listed in the report and skipped; the exit status is then 2 "
        "even though the report was written",
    )
    return p


def _split(value):
    return {v.strip() for v in value.split(",") if v.strip()} if value else set()


def main(argv=None):
    args = parser().parse_args(argv)
    if args.score and not args.transcript:
        print("python -m checker: error: --score needs --transcript", file=sys.stderr)
        return 2
    if args.report and not args.transcript:
        print("python -m checker: error: --report needs --transcript", file=sys.stderr)
        return 2
    unreadable = []
    try:
        files = args.files
        if args.transcript:
            files, folder_errors = batch.expand(args.files)
            if folder_errors and not args.report:
                raise CheckerError(": ".join(folder_errors[0]))
            unreadable.extend(folder_errors)
            for path, reason in folder_errors:
                print(f"python -m checker: error: {path}: {reason}", file=sys.stderr)
        settings = team_config.find(args.files, args.config, args.no_config)
        settings = settings.with_cli(select=_split(args.select), ignore=_split(args.ignore), min_severity=args.min_severity)
        engine = settings.checker(rules_path=args.rules, backend=args.backend)
        results = []
        for name in files:
            try:
                text = team_config.read_input(name, args.encoding)
            except CheckerError as exc:
                if not args.report:
                    raise
                print(f"python -m checker: error: {exc}", file=sys.stderr)
                unreadable.append((batch.display_name(name), batch.reason_of(exc, name)))
                continue
            findings = settings.check(engine, text, transcript=args.transcript, role=args.role, lang=args.lang)
            results.append(("<stdin>" if name == "-" else name, findings, text))
    except CheckerError as exc:
        print(f"python -m checker: error: {exc}", file=sys.stderr)
        return 2
    checked = [(path, findings) for path, findings, _ in results]
    out = report.FORMATS[args.format](checked)
    if args.score and args.format == "json":
        # One JSON document: the findings and the scorecards side by side.
        out = json.dumps({"findings": json.loads(out), "scores": scorecards(checked, settings.weights)}, ensure_ascii=False, indent=2) + "\n"
    elif args.score:
        out += format_scores(checked, settings.weights)
    sys.stdout.write(out)
    if args.report:
        summary = batch.summarize(checked, unreadable, settings.weights, engine.rules, categories=engine.categories)
        try:
            csv_path, html_path = batch_report.write_report(summary, args.report, args.lang or "zh")
        except CheckerError as exc:
            print(f"python -m checker: error: {exc}", file=sys.stderr)
            return 2
        where = sys.stdout if args.format == "text" else sys.stderr
        print(f"Report written to {html_path} and {csv_path}", file=where)
        if unreadable:
            return 2
    return 1 if any(findings for _, findings, _ in results) else 0

