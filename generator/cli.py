"""``python -m generator validate|rules|build|serve|coverage|csp|diff|similar``.

Errors name the file, line and column; a failed build changes nothing.
"""

import argparse
import sys
from pathlib import Path

from checker.errors import DataError

from . import build as site_build
from . import bundle, data

ROOT = Path(__file__).resolve().parent.parent


def settings_from(args):
    return site_build.Settings(
        root=ROOT,
        data_dir=args.data,
        docs_dir=args.docs,
        site_dir=args.site,
        rules_dir=args.rules_dir,
        pyodide_dir=args.pyodide,
        mermaid_file=args.mermaid,
        config_file=ROOT / "mkdocs.yml",
    )


def cmd_validate(args):
    book = site_build.check_data(settings_from(args)).book
    print(f"{args.data}: ok ({sum(len(v) for v in book.entries.values())} entries, {len(book.rules)} rules)")
    return 0


def cmd_rules(args):
    checked = site_build.check_data(settings_from(args))
    rules, table = bundle.write(checked, args.rules_dir)
    characters = len(checked.table["one"]) + len(checked.table["many"])
    print(f"{rules}: {len(checked.book.rules)} rules; {table}: {characters} characters")
    return 0


def cmd_build(args):
    import time

    started = time.perf_counter()
    book = site_build.build(settings_from(args))
    every = [p for p in args.site.rglob("*") if p.is_file()]
    copies = {p for p in every if p.suffix == ".gz" and p.with_suffix("").is_file()}  # generator/precompress.py
    files = [p for p in every if p not in copies]
    size, packed = (sum(p.stat().st_size for p in group) / 1e6 for group in (files, copies))
    pages = sum(1 for p in files if p.name.endswith(".html"))
    print(f"{args.site}: {pages} pages, {len(files)} files, {size:.1f} MB (and {len(copies)} gzip copies, {packed:.1f} MB), "
          f"built in {time.perf_counter() - started:.1f} s from {len(book.rules)} rules")
    return 0


def cmd_serve(args):
    from .serve import serve

    serve(args.site, args.host, args.port)
    return 0


def cmd_csp(args):
    from .csp import header

    print(header())
    return 0


def cmd_coverage(args):
    from . import coverage

    book = data.read(args.data)
    if args.pin:
        print(f"{coverage.pin(book)}: pinned")
        return 0
    print(coverage.report(book), end="")
    changed = coverage.differences(book, coverage.read_pinned(args.data))
    print("pinned counts (data/coverage.yml): " + ("as pinned" if not changed else "differ: " + "; ".join(changed)))
    return 0


def cmd_diff(args):
    from .diff import DiffError, diff

    try:
        diff(args.rev, args.data, ROOT)
    except DiffError as exc:
        print(f"diff failed: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_similar(args):
    from . import similar

    return similar.main(args.data, hold_out=args.hold_out, out_dir=args.out)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m generator", description="Build the handbook from data/.")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder (default: data/)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="generated pages (default: docs/)")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site (default: site/)")
    parser.add_argument("--rules-dir", type=Path, default=ROOT / "build" / "checker", help="the checker's generated files (default: build/checker/)")
    parser.add_argument("--pyodide", type=Path, default=ROOT / ".cache" / "vendor" / "pyodide", help="unpacked npm package pyodide")
    parser.add_argument("--mermaid", type=Path, default=ROOT / ".cache" / "vendor" / "mermaid" / "mermaid.min.js", help="mermaid.min.js from the npm package mermaid")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check data/ (schema, references, rule examples, replies)")
    sub.add_parser("rules", help="compile the checker's rules and fold table from data/")
    sub.add_parser("build", help="generate docs/ and build site/ (atomically)")
    serve = sub.add_parser("serve", help="serve site/ on http://127.0.0.1:8000 with the site's security headers")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    cov = sub.add_parser("coverage", help="entries per seed and section, against the pinned counts (data/coverage.yml)")
    cov.add_argument("--pin", action="store_true", help="write data/coverage.yml from the data as it is")
    sub.add_parser("csp", help="print the Content-Security-Policy a web server should send with the site")
    rev = sub.add_parser("diff", help="what the work tree's rules newly flag and no longer flag, against a commit")
    rev.add_argument("rev", nargs="?", default="HEAD", help="the commit to compare with (default HEAD)")
    sim = sub.add_parser("similar", help="train the similarity tier's models (data/similar/) from the text sets and ../shared/corpora")
    sim.add_argument("--hold-out", type=int, metavar="N", help="leave the development round N (devN/, okN/) out of the training")
    sim.add_argument("--out", type=Path, help="write the models here instead of data/similar/")
    args = parser.parse_args(argv)
    commands = {
        "validate": cmd_validate, "rules": cmd_rules, "build": cmd_build, "serve": cmd_serve,
        "coverage": cmd_coverage, "csp": cmd_csp, "diff": cmd_diff, "similar": cmd_similar,
    }
    try:
        return commands[args.command](args)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in {args.data}; nothing was written", file=sys.stderr)
        return 1
    except site_build.BuildError as exc:
        print(f"build failed: {exc}; the previous site and rules are unchanged", file=sys.stderr)
        return 1
