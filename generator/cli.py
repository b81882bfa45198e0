"""``python -m generator validate|build|coverage``."""

import argparse
import sys
from pathlib import Path

from . import data
from .errors import DataError

ROOT = Path(__file__).resolve().parent.parent


def validate(args):
    data.read(args.data)
    print(f"{args.data}: ok")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder (default: data/)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check data/ and report every problem as path:line:col")
    args = parser.parse_args(argv)
    try:
        return {"validate": validate}[args.command](args)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in {args.data}", file=sys.stderr)
        return 1
