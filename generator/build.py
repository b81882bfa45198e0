"""Build the site atomically: everything goes to temporary folders first.

Only when data, self-tests, pages and the MkDocs build have all succeeded are
``docs/``, ``site/`` and the checker's generated files (``build/checker/``:
rules.json, t2s.json) replaced; a failed build leaves the previous ones as
they were. MkDocs itself is extended through hooks.py (``hooks:`` in mkdocs.yml).
"""

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import checker

from . import bundle, pages, precompress, search
from .hooks import JIEBA_FILE

ASSETS = Path(__file__).with_name("assets")
CHECKER_PACKAGE = Path(checker.__file__).parent
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
REQUIRED_VENDOR = PYODIDE_FILES + ("python_stdlib.pyc.zip",)


class BuildError(Exception):
    """The build could not run (missing vendored files, MkDocs failure)."""


@dataclass
class Settings:
    root: Path
    data_dir: Path
    docs_dir: Path
    site_dir: Path
    rules_dir: Path  # where the checker's generated files go (build/checker/)
    pyodide_dir: Path
    mermaid_file: Path
    config_file: Path
    snapshot: bool = True  # make the checker's start-up snapshot (needs Node; without it the page starts plainly)


def check_data(settings):
    """Load data/ and run the handbook's self-tests; raise DataError with every problem."""
    return bundle.check(settings.data_dir)


def checker_zip(path, rules_dir):
    """The checker with its generated files and its pure-Python dependency (the schema
    validator), as Pyodide will unpack them."""
    import fastjsonschema

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for file in sorted(CHECKER_PACKAGE.rglob("*.py")):
            z.write(file, f"checker/{file.relative_to(CHECKER_PACKAGE).as_posix()}")
        for name in bundle.FILES:
            z.write(rules_dir / name, f"checker/{name}")
        for module in (fastjsonschema,):
            package = Path(module.__file__).parent
            for file in sorted(package.glob("*.py")):
                z.write(file, f"{package.name}/{file.name}")


def render_docs(settings, book, docs, rules_dir):
    for rel, text in pages.render(book).items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    jieba_words(book, docs / JIEBA_FILE)
    search.write_entries(book, docs / search.ENTRIES_FILE)
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)
    # The search worker folds queries with the checker's own table.
    shutil.copy2(rules_dir / "t2s.json", docs / "assets" / "search" / "t2s.json")
    missing = [f for f in REQUIRED_VENDOR if not (settings.pyodide_dir / f).is_file()]
    if missing:
        raise BuildError(f"{settings.pyodide_dir}: missing {', '.join(missing)}; run `make vendor` to fetch the npm package pyodide")
    if not settings.mermaid_file.is_file():
        raise BuildError(f"{settings.mermaid_file}: missing; run `make vendor` to fetch the npm package mermaid")
    (docs / "assets" / "pyodide").mkdir(parents=True)
    for name in PYODIDE_FILES:
        # The byte-compiled standard library (see precompile_stdlib.mjs) takes the original's place.
        source = settings.pyodide_dir / ("python_stdlib.pyc.zip" if name == "python_stdlib.zip" else name)
        shutil.copy2(source, docs / "assets" / "pyodide" / name)
    (docs / "assets" / "vendor").mkdir(parents=True, exist_ok=True)
    shutil.copy2(settings.mermaid_file, docs / "assets" / "vendor" / "mermaid.min.js")
    checker_zip(docs / "assets" / "checker" / "checker-bundle.zip", rules_dir)
    if settings.snapshot:
        make_snapshot(settings.pyodide_dir, docs / "assets" / "checker")


SNAPSHOT_SCRIPT = Path(__file__).with_name("snapshot.mjs")


def make_snapshot(pyodide_dir, checker_dir):
    """The checker's start-up snapshot, made by the vendored Pyodide under Node (snapshot.mjs).
    Without Node the site still works: the page then starts Python the plain way."""
    node = shutil.which("node")
    if node is None:
        print("warning: node not found: no start-up snapshot, the checker page will start plainly", file=sys.stderr)
        return
    run = subprocess.run(
        [node, str(SNAPSHOT_SCRIPT), str(pyodide_dir), str(checker_dir / "checker-bundle.zip"), str(checker_dir)],
        capture_output=True, text=True,
    )
    if run.returncode != 0:
        raise BuildError(f"making the start-up snapshot failed: {(run.stderr or run.stdout).strip()[-2000:]}")


def jieba_words(book, path):
    """Domain words for jieba so taboo phrases and service terms are searchable as words."""
    words = set()
    for rule in book.rules:
        phrase = rule["phrase"]["zh"]
        if 2 <= len(phrase) <= 8:
            words.add(phrase)
    words.update(["投诉", "没办法", "首问责任制", "回访", "座席", "忌语", "推诿", "热线", "首访"])
    path.write_text("".join(f"{w} 100000\n" for w in sorted(words)), encoding="utf-8")


def run_mkdocs(settings, book, docs, site):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        # The navigation follows the data, so it is given here rather than in mkdocs.yml.
        config = load_config(str(settings.config_file), docs_dir=str(docs), site_dir=str(site), nav=pages.nav(book), strict=True)
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        raise BuildError(f"MkDocs build failed: {exc}") from None


def swap(new, target):
    """Replace ``target`` by ``new`` with renames only."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def build(settings):
    checked = check_data(settings)
    book = checked.book
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=settings.root))
    try:
        rules = work / "rules"
        bundle.write(checked, rules)
        docs, site = work / "docs", work / "site"
        render_docs(settings, book, docs, rules)
        run_mkdocs(settings, book, docs, site)
        precompress.write(site)
        shutil.rmtree(docs / "assets" / "pyodide")  # big, vendored: the site has it, docs/ need not
        swap(docs, settings.docs_dir)
        swap(site, settings.site_dir)
        settings.rules_dir.mkdir(parents=True, exist_ok=True)
        for name in bundle.FILES:
            os.replace(rules / name, settings.rules_dir / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return book
