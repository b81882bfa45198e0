"""The generator: every authoring error as path:line:col, atomic builds, both languages."""

import shutil

import pytest

from generator import build as site_build
from generator import data as data_mod
from generator import pages
from generator.cli import main as generator_main
from checker.errors import DataError
from tests.conftest import ROOT

SEED = "000_79863f69677ec33a.txt"
RULE = f"""\
- id: r-one
  kind: forbid
  category: shirking
  severity: error
  phrase: {{zh: 不归我管, en: Not my job}}
  patterns: {{zh: ["不归我管"], en: ["not my job"]}}
  message: {{zh: 推诿, en: Passes the buck}}
  suggest: [{{zh: 我来跟进, en: "I'll follow it up"}}]
  examples: {{flag: [这个不归我管], pass: [我来跟进]}}
  origin: seed
  source: {{seed: {SEED}, section: 其他场合}}
"""
SCENARIO = f"""\
- id: sc-one
  category: shirking
  channel: [phone]
  title: {{zh: 分工, en: Division of work}}
  situation: {{zh: 客户找错了人, en: The customer asks the wrong person}}
  say: [{{zh: 我来帮您联系同事, en: "I'll get my colleague for you"}}]
  avoid: [r-one]
  guidance: [{{zh: 统一接口, en: One point of contact}}]
  origin: seed
  source: {{seed: {SEED}, section: 其他场合}}
"""
SCRIPT = f"""\
- id: sp-one
  category: script
  title: {{zh: 脚本, en: Script}}
  start: "1"
  steps:
    - {{id: "1", say: {{zh: 您好, en: Hello}}, branches: [{{answer: {{zh: 是, en: "Yes"}}, goto: "2"}}, {{answer: {{zh: 否, en: "No"}}, goto: "3"}}]}}
    - {{id: "2", say: {{zh: 好的, en: Good}}, next: "3"}}
    - {{id: "3", say: {{zh: 再见, en: Bye}}, end: true}}
  origin: seed
  source: {{seed: {SEED}, section: 其他场合}}
"""


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    for sub in ("rules", "scenarios", "scripts"):
        (d / sub).mkdir(parents=True)
    shutil.copy(ROOT / "data" / "settings.yml", d)
    shutil.copy(ROOT / "data" / "categories.yml", d)
    shutil.copy(ROOT / "data" / "sources.yml", d)
    (d / "rules" / "a.yml").write_text(RULE, encoding="utf-8")
    (d / "scenarios" / "a.yml").write_text(SCENARIO, encoding="utf-8")
    (d / "scripts" / "a.yml").write_text(SCRIPT, encoding="utf-8")
    return d


def problems(data_dir, capsys):
    code = generator_main(["--data", str(data_dir), "validate"])
    err = capsys.readouterr().err
    return code, err


def test_valid_data(data_dir, capsys):
    code = generator_main(["--data", str(data_dir), "validate"])
    assert code == 0, capsys.readouterr().err


@pytest.mark.parametrize("file, old, new, expected", [
    ("rules/a.yml", "  kind: forbid\n", "  kind: forbid\n  colour: red\n", "rules/a.yml:3:3: unknown key 'colour'"),
    ("rules/a.yml", "  suggest:", "  sugest:", "unknown key 'sugest'; did you mean 'suggest'?"),
    ("rules/a.yml", "en: Passes the buck", "fr: Passe", "rules/a.yml:7:12: message: lacks 'en'"),
    ("rules/a.yml", "  severity: error\n", "  severity: [error\n", "rules/a.yml:5:"),  # YAML syntax error
    ("scenarios/a.yml", "avoid: [r-one]", "avoid: [r-nothing]", "scenarios/a.yml:7:11: 'r-nothing' is not the id of a rule"),
    ("scenarios/a.yml", "avoid: [r-one]", "avoid: [r-ones]", "'r-ones' is not the id of a rule; did you mean 'r-one'?"),
    ("scripts/a.yml", 'goto: "3"}]', 'goto: "9"}]', "scripts/a.yml:6:"),
    ("scenarios/a.yml", "我来帮您联系同事", "这个不归我管", "scenarios/a.yml:6:14: recommended reply contains 「不归我管」, flagged by r-one (error)"),  # a recommended reply the checker flags
    ("rules/a.yml", "pass: [我来跟进]", "pass: [不归我管]", "flags its pass example"),
    ("scripts/a.yml", "say: {zh: 好的, en: Good}", "say: {zh: 这个不归我管, en: Good}", "scripts/a.yml:7:"),  # a script line the checker flags
    ("rules/a.yml", "flag: [这个不归我管]", "flag: [这个没问题]", "does not flag its example"),
    ("rules/a.yml", "en: Not my job}", "en: Not my business}", 'rules/a.yml:5:26: rule r-one does not flag its English phrase "Not my business" (found: nothing)'),
    ("rules/a.yml", 'zh: ["不归我管"]', 'zh: ["不归(我管"]', "rules/a.yml:6:19: rule r-one: pattern '不归(我管', at character 6: missing ')'"),
    ("rules/a.yml", "  category: shirking\n", "  category: nonsense\n", "unknown category 'nonsense'"),
    ("scenarios/a.yml", "title: {zh: 分工", "title: {zh: 西盈分工", "brand name '西盈'"),
    ("scenarios/a.yml", "section: 其他场合}", "section: 其它场合}", "section '其它场合' has no English title in sources.yml (sections: of 000_79863f69677ec33a.txt); did you mean '其他场合'?"),
])
def test_each_authoring_error_is_reported_with_its_place(data_dir, capsys, file, old, new, expected):
    path = data_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    code, err = problems(data_dir, capsys)
    assert code == 1
    assert expected in err, err


def test_one_indentation_slip_gives_one_error(capsys, tmp_path):
    """A data file that cannot be parsed is one error, first; references to its ids are not errors too."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "rules" / "000.yml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  message:"))
    lines[at] = " " + lines[at]
    path.write_text("\n".join(lines), encoding="utf-8")
    code, err = problems(data, capsys)
    found = err.strip().split("\n")
    assert code == 1 and len(found) == 2, err
    assert found[0].startswith(f"data/rules/000.yml:{at + 1}:4: YAML syntax error") and "indentation" in found[0]
    assert found[1].startswith("1 problem(s)")


def test_parse_errors_come_first(data_dir, capsys):
    (data_dir / "scenarios" / "a.yml").write_text(SCENARIO.replace("channel: [phone]", "channel: [fax]"), encoding="utf-8")
    (data_dir / "scripts" / "a.yml").write_text(SCRIPT + "  - [\n", encoding="utf-8")
    code, err = problems(data_dir, capsys)
    assert err.split("\n")[0].startswith("data/scripts/a.yml:") and "YAML" in err.split("\n")[0], err
    assert "channel" in err


def test_a_behaviour_rule_need_not_flag_its_english_phrase(data_dir, capsys):
    path = data_dir / "rules" / "a.yml"
    text = path.read_text(encoding="utf-8").replace("en: Not my job}", "en: Shrugging the customer off}")
    path.write_text(text, encoding="utf-8")
    assert problems(data_dir, capsys)[0] == 1
    path.write_text(text.replace("  kind: forbid\n", "  kind: forbid\n  behaviour: true\n"), encoding="utf-8")
    code, err = problems(data_dir, capsys)
    assert code == 0, err


def test_duplicate_id_across_files(data_dir, capsys):
    (data_dir / "rules" / "b.yml").write_text(RULE, encoding="utf-8")
    code, err = problems(data_dir, capsys)
    assert code == 1 and "rules/b.yml:1:7: duplicate id 'r-one' (also in data/rules/a.yml)" in err


def test_duplicate_key(data_dir, capsys):
    path = data_dir / "rules" / "a.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  kind: forbid\n", "  kind: forbid\n  kind: replace\n"), encoding="utf-8")
    code, err = problems(data_dir, capsys)
    assert "rules/a.yml:3:3: duplicate key 'kind'" in err


def test_all_problems_in_one_run(data_dir, capsys):
    (data_dir / "scenarios" / "a.yml").write_text(SCENARIO.replace("r-one", "r-x").replace("channel: [phone]", "channel: [fax]"), encoding="utf-8")
    (data_dir / "scripts" / "a.yml").write_text(SCRIPT.replace('next: "3"', 'next: "7"'), encoding="utf-8")
    code, err = problems(data_dir, capsys)
    assert code == 1 and err.count("\n") >= 3
    assert "problem(s)" in err


def test_unreachable_step_and_missing_end(data_dir):
    script = SCRIPT.replace('goto: "2"', 'goto: "3"').replace(", end: true", ', next: "1"')
    (data_dir / "scripts" / "a.yml").write_text(script, encoding="utf-8")
    with pytest.raises(DataError) as info:
        data_mod.read(data_dir)
    text = str(info.value)
    assert "step '2' cannot be reached" in text and "no end step" in text


def settings_for(tmp_path, data_dir, pyodide=None):
    return site_build.Settings(
        root=tmp_path, data_dir=data_dir, docs_dir=tmp_path / "docs", site_dir=tmp_path / "site",
        rules_dir=tmp_path / "build" / "checker", pyodide_dir=pyodide or ROOT / ".cache" / "vendor" / "pyodide",
        mermaid_file=ROOT / ".cache" / "vendor" / "mermaid" / "mermaid.min.js", config_file=ROOT / "mkdocs.yml",
        snapshot=False,  # the start-up snapshot has its own browser tests
    )


def test_failed_build_leaves_previous_site_docs_and_rules(tmp_path, data_dir, monkeypatch):
    previous = {
        tmp_path / "site" / "index.html": "previous", tmp_path / "docs" / "index.html": "previous",
        tmp_path / "build" / "checker" / "rules.json": "{}", tmp_path / "build" / "checker" / "t2s.json": "{}",
    }
    for path, text in previous.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    path = data_dir / "rules" / "a.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("category: shirking", "category: nonsense"), encoding="utf-8")
    with pytest.raises(DataError):
        site_build.build(settings_for(tmp_path, data_dir))
    missing_runtime = settings_for(tmp_path, ROOT / "data" if False else data_dir, pyodide=tmp_path / "no-pyodide")
    path.write_text(RULE, encoding="utf-8")
    with pytest.raises(site_build.BuildError, match="make vendor"):
        site_build.build(missing_runtime)

    def mkdocs_fails(*args):
        raise site_build.BuildError("MkDocs build failed: a broken page")

    monkeypatch.setattr(site_build, "run_mkdocs", mkdocs_fails)
    with pytest.raises(site_build.BuildError, match="broken page"):
        site_build.build(settings_for(tmp_path, data_dir))
    for path, text in previous.items():
        assert path.read_text(encoding="utf-8") == text, path
    assert not list(tmp_path.glob(".build-*"))


def test_build_into_temporary_folders(tmp_path, data_dir):
    if not (ROOT / ".cache" / "vendor" / "pyodide" / "pyodide.mjs").is_file():
        pytest.fail("vendored Pyodide missing: run `make vendor`")
    site_build.build(settings_for(tmp_path, data_dir))
    site = tmp_path / "site"
    for page in ("index.html", "checker/index.html", "en/checker/index.html", "phrasebook/index.html", "en/phrasebook/index.html",
                 "phrasebook/shirking/index.html", "en/phrasebook/shirking/index.html", "taboos/shirking/index.html",
                 "phrasebook/entries.json", "en/phrasebook/entries.json", "scripts/sp-one/index.html", "sw.js"):
        assert (site / page).is_file(), page
    html = (site / "phrasebook" / "shirking" / "index.html").read_text(encoding="utf-8")
    assert 'id="sc-one"' in html and "我来帮您联系同事" in html
    en = (site / "en" / "phrasebook" / "shirking" / "index.html").read_text(encoding="utf-8")
    assert "get my colleague for you" in en
    assert "get my colleague for you" in (site / "en" / "phrasebook" / "entries.json").read_text(encoding="utf-8")
    html = (site / "phrasebook" / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    assert (site / "assets" / "pyodide" / "pyodide.asm.wasm").is_file()
    assert (site / "assets" / "checker" / "checker-bundle.zip").is_file()
    assert (tmp_path / "build" / "checker" / "rules.json").is_file() and (tmp_path / "build" / "checker" / "t2s.json").is_file()
    assert not (site / ".jieba-user.txt").exists() and "rel=\"alternate\"" not in html


def test_render_is_pure_and_bilingual(data_dir):
    book = data_mod.read(data_dir)
    first, second = pages.render(book), pages.render(book)
    assert first == second
    zh = {p for p in first if ".en." not in p}
    en = {p.replace(".en.", ".") for p in first if ".en." in p}
    assert zh == en
    assert {"phrasebook/index.md", "phrasebook/shirking.md", "taboos/index.md", "taboos/shirking.md", "taboos/entries.json"} <= zh


def test_examples_in_the_other_language_are_marked_and_glossed(data_dir):
    rendered = pages.render(data_mod.read(data_dir))
    en, zh = rendered["taboos/shirking.en.md"], rendered["taboos/shirking.md"]
    # The flagged example is a case of the rule's taboo; the passing one is the rule's own suggestion.
    assert '<span lang="zh">这个不归我管</span> <span class="phb-gloss">a case of “Not my job”</span>' in en
    assert '<span lang="zh">我来跟进</span> <span class="phb-gloss">I&#39;ll follow it up</span>' in en
    assert "这个不归我管" in zh and 'lang="zh"' not in zh and "phb-gloss" not in zh
    # The source line names the section in the page's language.
    assert "Source: Service communication guidelines · Other occasions" in en and "出处：服务沟通用语指引 · 其他场合" in zh


def test_flagged_examples_glossed_only_by_the_taboo_share_one_gloss(data_dir):
    """Two Chinese flagged examples with no English of their own: one gloss for both, not the same one twice."""
    book = data_mod.read(data_dir)
    rule = next(r for r in book.entries["rules"] if r["id"] == "r-one")
    rule["examples"]["flag"] = ["这个不归我管", "这事不归我们管"]
    en = pages.render(book)["taboos/shirking.en.md"]
    assert en.count("a case of “Not my job”") == 1
    assert '<span lang="zh">这个不归我管</span> · <span lang="zh">这事不归我们管</span> <span class="phb-gloss">each a case of “Not my job”</span>' in en


def test_placeholders_are_filled(data_dir):
    path = data_dir / "scenarios" / "a.yml"
    path.write_text(SCENARIO.replace("situation: {zh: 客户找错了人,", "situation: {zh: \"客户找{company}的人\","), encoding="utf-8")
    out = pages.render(data_mod.read(data_dir))
    assert "客户找我们公司的人" in out["phrasebook/shirking.md"]


def test_one_content_security_policy():
    from generator import csp, serve

    assert serve.HEADERS["Content-Security-Policy"] == csp.header()
    meta, header = csp.meta(["'sha256-x'"]), csp.header()
    assert meta.replace(" 'sha256-x'", "") == header.replace(" 'unsafe-inline'", "", 1)
    assert "'unsafe-inline'" not in meta.split("script-src", 1)[1].split(";", 1)[0]
    assert csp.script_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"

