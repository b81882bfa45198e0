"""Batch mode: scorecards over a folder of transcripts, the CSV and HTML reports, ``--report``."""

import codecs
import csv
import json
import re

import pytest

from checker import batch, batch_report, inputs
from checker.cli import main
from checker.config import Settings

# With the fixture rules and the default weights (error 10, warning 4, info 1):
CALLS = {
    # t-not-mine (error) + t-dont-know (warning) = 86
    "east/a.txt": "座席：您好\n客户：怎么办\n座席：这个不归我管，你找别人吧\n座席：我不清楚\n座席：再见\n",
    # no greeting (warning), t-dont-know, t-cannot-help (warnings), t-not-mine (error), no closing (info) = 77
    "east/sub/b.txt": "座席：请讲\n座席：我不清楚，没办法\n座席：不歸我管\n",
    # clean = 100
    "west/c.txt": "座席：您好，请问有什么可以帮您？\n客户：查订单\n座席：感谢您的来电，再见\n",
    # t-listen (error) + t-dont-know (warning) = 86; the name and the words need escaping
    "west/<b>d</b> & co.txt": "座席：您好\n座席：你到底听清楚没\n座席：<i>我不清楚</i>\n座席：再见\n",
    "west/notes.md": "座席：不归我管\n",  # not a *.txt: not in the batch
}
SCORES = {"east/a.txt": 86, "east/sub/b.txt": 77, "west/<b>d</b> & co.txt": 86, "west/c.txt": 100}


def make_calls(root, calls=CALLS):
    for name, content in calls.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


@pytest.fixture
def calls(tmp_path):
    return make_calls(tmp_path / "calls")


@pytest.fixture
def summary(calls, fixture_bundle):
    return batch.run([calls], settings=Settings(), rules_path=fixture_bundle)


def rel(summary_path, root):
    return str(summary_path).replace(str(root) + "/", "")


# ---------------------------------------------------------------- files


def test_folders_expand_to_sorted_txt_files(calls):
    files, errors = inputs.expand([calls])
    assert [rel(f, calls) for f in files] == sorted(SCORES) == ["east/a.txt", "east/sub/b.txt", "west/<b>d</b> & co.txt", "west/c.txt"]
    assert errors == []


def test_expand_keeps_order_of_arguments_and_drops_repeats(calls, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    files, errors = inputs.expand([calls / "west" / "c.txt", calls / "west", "-", empty])
    assert [rel(f, calls) for f in files] == ["west/c.txt", "west/<b>d</b> & co.txt", "-"]
    assert errors == [(str(empty), "folder holds no *.txt file")]


# ---------------------------------------------------------------- summary


def test_scores_per_call(summary, calls):
    cards = {rel(card["path"], calls): card for card in summary["calls"]}
    assert {path: card["score"] for path, card in cards.items()} == SCORES
    b = cards["east/sub/b.txt"]
    assert (b["errors"], b["warnings"], b["info"], b["findings"]) == (1, 3, 1, 5)
    assert b["missing"] == ["t-greeting", "t-closing"]
    assert cards["west/c.txt"] == {**cards["west/c.txt"], "errors": 0, "warnings": 0, "info": 0, "missing": [], "findings": 0}
    assert summary["errors"] == []
    assert summary["totals"] == {
        "calls": 4, "turns": 0, "unreadable": 0, "bad_records": 0, "findings": 9, "role_inferred": 0, "mean_score": 87.2, "min_score": 77,
    }
    assert [(b["low"], b["count"]) for b in summary["histogram"] if b["count"]] == [(70, 1), (80, 2), (100, 1)]
    assert summary["severities"] == {"error": 3, "warning": 5, "info": 1}
    assert [(c["call"], c["score"]) for c in summary["worst"]][0] == (str(calls / "east/sub/b.txt"), 77)


def test_scores_use_the_configured_weights(calls, fixture_bundle):
    settings = Settings(weights={"error": 50, "warning": 0, "info": 0})
    summary = batch.run([calls / "east"], settings=settings, rules_path=fixture_bundle)
    assert [card["score"] for card in summary["calls"]] == [50, 50]


def test_settings_filter_applies(calls, fixture_bundle):
    summary = batch.run([calls / "east" / "sub"], settings=Settings().with_cli(min_severity="error"), rules_path=fixture_bundle)
    assert [(card["score"], card["findings"], card["missing"]) for card in summary["calls"]] == [(90, 1, [])]


def test_counts_per_category(summary):
    assert [(c["category"], c["count"]) for c in summary["categories"]] == [
        ("shirking", 5), ("courtesy", 2), ("impatience", 1), ("refusal", 1),
    ]


def test_category_names_come_from_the_bundle():
    summary = batch.summarize([("a.txt", [])], categories={"shirking": {"zh": "推诿", "en": "Passing the buck"}})
    item = {"category": "shirking", "names": {"zh": "推诿", "en": "Passing the buck"}, "count": 1}
    assert batch_report.category_name(item, "en") == "Passing the buck"
    assert batch_report.category_name({"category": "x", "names": None, "count": 1}, "zh") == "x"
    assert summary["categories"] == []


def test_top_phrases(summary):
    top = [(p["rule"], p["count"], p["examples"], p["message"]) for p in summary["top_phrases"]]
    assert top == [
        ("t-dont-know", 3, ["我不清楚"], "不要说不清楚。"),
        ("t-not-mine", 2, ["不歸我管", "这个不归我管"], "推诿责任。"),
        ("t-cannot-help", 1, ["没办法"], "生硬拒绝。"),
        ("t-listen", 1, ["你到底听清楚"], "训斥客户。"),
    ]
    assert summary["top_phrases"][0]["messages"] == {"zh": "不要说不清楚。", "en": "Do not say you have no idea."}
    # required phrases that are missing are not taboo phrases
    assert not {"t-greeting", "t-closing"} & {p["rule"] for p in summary["top_phrases"]}


def test_top_phrases_are_limited(calls, fixture_bundle):
    summary = batch.run([calls], settings=Settings(), rules_path=fixture_bundle, top=2)
    assert [p["rule"] for p in summary["top_phrases"]] == ["t-dont-know", "t-not-mine"]


def test_unreadable_files_are_errors_and_do_not_stop_the_batch(calls, fixture_bundle):
    make_calls(calls, {"east/binary.txt": b"\x00\x01\x02 binary \x00", "east/garbage.txt": b"\xc3\x28\xa0\xa1\xff\xfe\xfd" * 3})
    summary = batch.run([calls, calls / "gone.txt"], settings=Settings(), rules_path=fixture_bundle)
    assert len(summary["calls"]) == 4
    errors = {rel(e["path"], calls): e["reason"] for e in summary["errors"]}
    assert set(errors) == {"east/binary.txt", "east/garbage.txt", "gone.txt"}
    assert "NUL" in errors["east/binary.txt"] and "not valid UTF-8" in errors["east/garbage.txt"]
    assert errors["gone.txt"].startswith("cannot read")
    assert summary["totals"]["unreadable"] == 3


def test_encodings_are_detected(tmp_path, fixture_bundle):
    make_calls(tmp_path, {"gbk.txt": "座席：您好\n座席：这个不归我管\n座席：再见\n".encode("gb18030")})
    summary = batch.run([tmp_path], settings=Settings(), rules_path=fixture_bundle)
    assert [card["score"] for card in summary["calls"]] == [90]


# ---------------------------------------------------------------- CSV


def test_csv(summary, calls, tmp_path):
    make_calls(calls, {"zh/通话-一.txt": "座席：你好\n座席：没有办法\n座席：再见\n"})
    path = tmp_path / "summary.csv"
    batch_report.write_csv(summary, path)
    data = path.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [rel(r["path"], calls) for r in rows] == [rel(c["path"], calls) for c in summary["calls"]]
    b = next(r for r in rows if r["path"].endswith("b.txt"))
    assert {k: b[k] for k in ("score", "errors", "warnings", "info", "findings", "missing_required", "read_error")} == {
        "score": "77", "errors": "1", "warnings": "3", "info": "1", "findings": "5", "missing_required": "t-greeting t-closing", "read_error": "",
    }
    assert (b["category:shirking"], b["category:courtesy"], b["category:refusal"], b["category:impatience"]) == ("2", "2", "1", "0")


def test_csv_keeps_chinese_and_lists_unreadable_files(tmp_path, fixture_bundle):
    make_calls(tmp_path / "in", {"华东/通话-一.txt": "座席：你好\n座席：没有办法\n座席：再见\n", "坏文件.txt": b"\x00\x00"})
    summary = batch.run([tmp_path / "in"], settings=Settings(), rules_path=fixture_bundle)
    path = batch_report.write_csv(summary, tmp_path / "s.csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(rel(r["path"], tmp_path / "in"), r["score"]) for r in rows] == [("华东/通话-一.txt", "96"), ("坏文件.txt", "")]
    assert "NUL" in rows[1]["read_error"]


def test_csv_cells_cannot_be_formulas(tmp_path):
    summary = batch.summarize([("=HYPERLINK(1).txt", [])])
    path = batch_report.write_csv(summary, tmp_path / "s.csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        assert next(csv.DictReader(f))["path"] == "'=HYPERLINK(1).txt"


# ---------------------------------------------------------------- HTML


@pytest.fixture
def page(summary, tmp_path):
    path = batch_report.write_html(summary, tmp_path / "report.html")
    return path.read_text(encoding="utf-8")


def test_html_is_self_contained(page):
    assert page.startswith("<!DOCTYPE html>")
    assert "http" not in page.lower()
    for banned in ("<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import", "//"):
        assert banned not in page.lower(), banned


def test_html_has_the_charts_as_relative_bars(page):
    assert "<svg" not in page
    scores = re.search(r'<figure id="chart-scores">.*?</figure>', page, re.S).group(0)
    widths = [float(w) for w in re.findall(r'style="width: ([\d.]+)%"', scores)]
    assert len(widths) == 11  # score bands 0–9 … 90–99, 100
    assert widths[7:] == [50.0, 100.0, 0.0, 50.0]  # one call at 77, two at 86, one at 100
    categories = re.search(r'<figure id="chart-categories">.*?</figure>', page, re.S).group(0)
    assert [float(w) for w in re.findall(r'style="width: ([\d.]+)%"', categories)] == [100.0, 40.0, 20.0, 20.0]


def test_html_escapes_user_strings(page):
    assert "<b>d</b>" not in page and "<i>" not in page
    assert "&lt;b&gt;d&lt;/b&gt; &amp; co.txt" in page
    assert "t-dont-know" in page and "不要说不清楚。" in page and "你到底听清楚" in page


def test_html_escapes_rules_from_team_settings(calls, fixture_bundle, tmp_path):
    rule = {"id": "x-tag", "kind": "forbid", "category": "<u>cat</u>", "severity": "error",
            "patterns": {"zh": ["坏话"]}, "message": {"zh": "<em>别说</em>", "en": "<em>no</em>"}}
    make_calls(calls, {"east/x.txt": "座席：您好，坏话\n座席：再见\n"})
    summary = batch.run([calls / "east"], settings=Settings(rules=(rule,)), rules_path=fixture_bundle)
    page = batch_report.render_html(summary)
    assert "<u>" not in page and "<em>" not in page
    assert "&lt;u&gt;cat&lt;/u&gt;" in page and "&lt;em&gt;别说&lt;/em&gt;" in page


def test_html_tables_and_language(summary):
    zh = batch_report.render_html(summary)
    en = batch_report.render_html(summary, lang="en")
    assert '<html lang="zh-CN">' in zh and "通话质量评分报告" in zh and "推诿责任。" in zh
    assert '<html lang="en">' in en and "Call quality scorecard report" in en and "Passes the buck." in en and "推诿责任。" not in en
    for section in ("overview", "calls", "categories", "top-phrases"):
        assert f'id="{section}"' in zh
    rows = re.search(r'<section id="calls">.*?</section>', zh, re.S).group(0)
    assert rows.count("<tr>") == 5  # header + four calls, the worst first
    assert rows.index("b.txt") < rows.index("a.txt") and "t-greeting" in rows and "t-closing" in rows
    assert "得分最低的 " not in rows  # every call is listed: no "the N lowest of" note
    with pytest.raises(ValueError):
        batch_report.render_html(summary, lang="fr")


def test_html_lists_unreadable_files(tmp_path, fixture_bundle):
    make_calls(tmp_path / "in", {"ok.txt": "座席：您好\n座席：再见\n", "bad & <x>.txt": b"\x00\x01"})
    summary = batch.run([tmp_path / "in"], settings=Settings(), rules_path=fixture_bundle)
    page = batch_report.render_html(summary)
    section = re.search(r'<section id="errors">.*?</section>', page, re.S).group(0)
    assert "bad &amp; &lt;x&gt;.txt" in section and "NUL bytes" in section


def test_html_for_an_empty_batch(tmp_path):
    page = batch_report.render_html(batch.summarize([], [("gone.txt", "cannot read: No such file or directory")]))
    assert "chart-scores" not in page and "没有可评分的通话。" in page and "gone.txt" in page


# ---------------------------------------------------------------- CLI


@pytest.fixture
def run(capsys, fixture_bundle, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def run(*args):
        code = main(["--rules", str(fixture_bundle), "--no-config", *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_cli_report_with_findings_exits_1(run, calls, tmp_path):
    code, out, err = run("--transcript", str(calls), "--report", "out")
    assert code == 1 and err == ""
    assert out.splitlines()[-1] == "Report written to out/report.html and out/summary.csv"
    assert "Found 9 problems" in out
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8-sig", newline="") as f:
        assert {rel(r["path"], calls): int(r["score"]) for r in csv.DictReader(f)} == SCORES
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "chart-scores" in page and "http" not in page


def test_cli_report_clean_exits_0(run, calls, tmp_path):
    code, out, _ = run("--transcript", str(calls / "west" / "c.txt"), "--report", "deep/out")
    assert code == 0 and out.startswith("No problems found.\n") and (tmp_path / "deep" / "out" / "report.html").is_file()


def test_cli_report_english(run, calls, tmp_path):
    code, _, _ = run("--transcript", "--lang", "en", str(calls), "--report", "out")
    assert "Call quality scorecard report" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_cli_report_with_unreadable_file_still_writes_and_exits_2(run, calls, tmp_path):
    make_calls(calls, {"east/binary.txt": b"\x00\x01 binary"})
    code, out, err = run("--transcript", str(calls), "--report", "out")
    assert code == 2
    assert "binary.txt: contains NUL bytes" in err and "Traceback" not in err
    assert "Found 9 problems" in out and "Report written to" in out
    with (tmp_path / "out" / "summary.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 5 and "NUL" in rows[-1]["read_error"]
    assert "binary.txt" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_cli_report_when_nothing_is_readable_exits_2(run, tmp_path):
    make_calls(tmp_path / "in", {"a.txt": b"\x00"})
    code, out, err = run("--transcript", "in", str(tmp_path / "missing.txt"), "--report", "out")
    assert code == 2 and "missing.txt: cannot read" in err
    assert "No problems found." in out
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "a.txt" in page and "missing.txt" in page


def test_cli_report_json_stays_parseable(run, calls):
    code, out, err = run("--transcript", "--format", "json", str(calls), "--report", "out")
    assert code == 1 and len(json.loads(out)) == 9
    assert err.strip() == "Report written to out/report.html and out/summary.csv"


def test_cli_report_needs_transcript(run, calls):
    code, _, err = run(str(calls / "east" / "a.txt"), "--report", "out")
    assert code == 2 and "--report needs --transcript" in err


def test_cli_report_folder_not_writable_exits_2(run, calls, tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder")
    code, _, err = run("--transcript", str(calls), "--report", "taken")
    assert code == 2 and "cannot write the report" in err


def test_cli_expands_folders_without_report(run, calls):
    code, out, _ = run("--transcript", "--score", str(calls))
    assert code == 1
    scored = [line.split(": score ")[0] for line in out.splitlines() if ": score " in line]
    assert [rel(p, calls) for p in scored] == sorted(SCORES)
    assert "notes.md" not in out


def test_cli_empty_folder_is_an_input_error(run, tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = run("--transcript", "empty")
    assert code == 2 and out == "" and "empty: folder holds no *.txt file" in err


def test_cli_unreadable_file_without_report_still_stops(run, calls):
    make_calls(calls, {"east/binary.txt": b"\x00"})
    code, out, err = run("--transcript", str(calls))
    assert code == 2 and out == "" and "NUL" in err


def test_help_documents_report():
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(buffer.getvalue().split())
    assert "--report DIR" in text and "the exit status is then 2" in text and "*.txt" in text


def test_summary_stays_the_same_size_for_many_calls():
    summary = batch.Summary()
    for i in range(1000):
        card = {"call": f"c{i}", "score": i % 101, "errors": 0, "warnings": 0, "info": 0, "missing": [], "categories": {}}
        summary.add(card, [], turns=10, agent=f"A{i % 40}", queue="billing" if i % 2 else "sales")
    result = summary.result()
    assert [c["score"] for c in result["worst"]] == sorted(c["score"] for c in result["worst"]) and len(result["worst"]) == batch.WORST
    assert result["worst"][0]["score"] == 0 and result["agents"]["count"] == 40 and len(result["agents"]["rows"]) == batch.GROUPS
    assert result["queues"]["count"] == 2 and {r["name"]: r["calls"] for r in result["queues"]["rows"]} == {"sales": 500, "billing": 500}
    assert sum(b["count"] for b in result["histogram"]) == 1000 and result["totals"]["turns"] == 10000
    page = batch_report.render_html(result, lang="en")
    calls = re.search(r'<section id="calls">.*?</section>', page, re.S).group(0)
    assert calls.count("<tr>") == batch.WORST + 1 and "The 25 lowest of 1,000 calls" in calls
    assert 'id="agents"' in page and "40 in all" in page and 'id="queues"' in page


def test_report_examples_mask_numbers(tmp_path, fixture_bundle):
    make_calls(tmp_path / "in", {"a.txt": "座席：您好\n座席：13812345678不归我管\n座席：再见\n"})
    rule = {"id": "x-number", "kind": "forbid", "category": "internal", "severity": "info", "patterns": {"zh": ["13812345678不归"]},
            "message": {"zh": "号码", "en": "number"}}
    summary = batch.run([tmp_path / "in"], settings=Settings(rules=({**rule, "origin": "team"},)), rules_path=fixture_bundle)
    examples = {p["rule"]: p["examples"] for p in summary["top_phrases"]}
    assert examples["x-number"] == ["138****5678不归"]
