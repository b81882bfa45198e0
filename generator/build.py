"""Build the site atomically: everything goes to temporary folders first.

Only when data, self-tests, pages and the MkDocs build have all succeeded are
``docs/`` and ``site/`` replaced; a failed build leaves the previous ones as
they were.
"""

import hashlib
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import bundle, chartable, data, pages, selftest
from checker.errors import DataError

ASSETS = Path(__file__).with_name("assets")
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
REQUIRED_VENDOR = PYODIDE_FILES + ("python_stdlib.pyc.zip",)
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'none'"
)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
# Material reads <link rel=alternate hreflang> as language roots and fetches
# "sitemap.xml" next to each; the i18n plugin points them at pages instead,
# which only yields 404s. The language switcher itself does not need them.
HREFLANG = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


class BuildError(Exception):
    """The build could not run (missing vendored files, MkDocs failure)."""


@dataclass
class Settings:
    root: Path
    data_dir: Path
    docs_dir: Path
    site_dir: Path
    checker_dir: Path
    pyodide_dir: Path
    mermaid_file: Path
    config_file: Path


@dataclass
class Checked:
    """Data that passed every check, with what checking it produced."""

    book: data.Handbook
    table: dict  # the fold table
    rules: dict  # rule id -> compiled Rule


def check_data(settings):
    """Load data/ and run the handbook's self-tests; raise DataError with every problem."""
    book = data.read(settings.data_dir)
    table = chartable.build()
    checker, problems = selftest.make_checker(book, table)
    problems += selftest.check_book(book, checker)
    if problems:
        raise DataError(problems)
    return Checked(book, table, {rule.id: rule for rule in checker.rules})


def write_rules(settings, checked):
    bundle.write_json(settings.checker_dir / "t2s.json", checked.table)
    bundle.write_json(settings.checker_dir / "rules.json", bundle.rule_bundle(checked.book, checked.rules))


def checker_zip(path, checker_dir):
    """The checker with its pure-Python dependencies (the automaton, the schema validator), as Pyodide will unpack them."""
    import ahocorapy
    import fastjsonschema

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for file in sorted(checker_dir.rglob("*.py")) + [checker_dir / "rules.json", checker_dir / "t2s.json"]:
            z.write(file, f"checker/{file.relative_to(checker_dir).as_posix()}")
        for module in (ahocorapy, fastjsonschema):
            package = Path(module.__file__).parent
            for file in sorted(package.glob("*.py")):
                z.write(file, f"{package.name}/{file.name}")


def render_docs(settings, book, docs):
    for rel, text in pages.render(book).items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)
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
    checker_zip(docs / "assets" / "checker" / "checker-bundle.zip", settings.checker_dir)


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

    jieba_file = settings.root / ".cache" / "jieba-user.txt"
    jieba_file.parent.mkdir(exist_ok=True)
    jieba_words(book, jieba_file)
    try:
        config = load_config(
            str(settings.config_file), docs_dir=str(docs), site_dir=str(site), nav=pages.nav(book), strict=True
        )
        # Two settings follow the data, so they are set here rather than in
        # mkdocs.yml: jieba's user dictionary (the taboo phrases, so search
        # treats them as words) and the English titles of the nav sections.
        for plugin in config["plugins"].values():
            if type(plugin).__name__ == "SearchPlugin" and hasattr(plugin.config, "jieba_dict_user"):
                plugin.config.jieba_dict_user = str(jieba_file)
            if hasattr(plugin, "config") and "languages" in getattr(plugin, "config", {}):
                for language in plugin.config["languages"]:
                    if language["locale"] == "en":
                        language["nav_translations"] = pages.nav_translations()
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        raise BuildError(f"MkDocs build failed: {exc}") from None


def harden(site):
    """Add a Content-Security-Policy to every page, with hashes of its inline scripts.

    Also drops the hreflang links (see HREFLANG)."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        hashes = sorted({
            "'sha256-" + _b64(hashlib.sha256(body.encode("utf-8")).digest()) + "'"
            for body in INLINE_SCRIPT.findall(html)
        })
        meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP.format(hashes="".join(" " + h for h in hashes))}">'
        html = html.replace("<head>", "<head>\n    " + meta, 1)
        html = HREFLANG.sub("", html)
        page.write_text(html, encoding="utf-8")


def _b64(raw):
    import base64

    return base64.b64encode(raw).decode("ascii")


def service_worker(site):
    """sw.js at the site root: the whole handbook, checker included, works offline after one visit."""
    files = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not p.name.endswith((".map", ".gz")) and p.name != "sw.js"
    )
    digest = hashlib.sha256()
    for rel in files:
        digest.update(rel.encode() + b"\0" + (site / rel).read_bytes())
    urls = ["./" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel) for rel in files]
    template = Path(__file__).with_name("sw.template.js").read_text(encoding="utf-8")
    text = template.replace("__VERSION__", digest.hexdigest()[:16]).replace("__FILES__", json.dumps(urls, ensure_ascii=False))
    (site / "sw.js").write_text(text, encoding="utf-8")


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
        write_rules(settings, checked)
        docs, site = work / "docs", work / "site"
        render_docs(settings, book, docs)
        run_mkdocs(settings, book, docs, site)
        harden(site)
        service_worker(site)
        shutil.rmtree(docs / "assets" / "pyodide")  # big, vendored: the site has it, docs/ need not
        swap(docs, settings.docs_dir)
        swap(site, settings.site_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return book
