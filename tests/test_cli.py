"""``python -m checker``: exit codes, formats, encodings, roles, settings."""

import json
import subprocess
import sys

import pytest

from checker.cli import main
from tests.conftest import ROOT


@pytest.fixture
def run(capsys, fixture_bundle, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def run(*args, stdin=None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": __import__("io").BytesIO(stdin)})())
        code = main(["--rules", str(fixture_bundle), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def test_clean_text_exits_0(run, tmp_path):
    code, out, _ = run(write(tmp_path, "ok.txt", "您好，我来帮您跟进。"))
    assert code == 0 and out == "No problems found.\n"


def test_findings_exit_1_text_format(run, tmp_path):
    path = write(tmp_path, "bad.txt", "您好\n这个不归我管，你找别人吧")
    code, out, _ = run(path)
    assert code == 1
    assert out.splitlines() == [
        f"{path}:2:1: E t-not-mine 「这个不归我管」 推诿责任。",
        "    → 我来帮您跟进。",
        "Found 1 problem (1 error).",
    ]


def test_stdin(run):
    code, out, _ = run("-", stdin="我不清楚".encode())
    assert code == 1 and out.startswith("<stdin>:1:1: W t-dont-know")


def test_json_format(run, tmp_path):
    code, out, _ = run("--format", "json", write(tmp_path, "a.txt", "不归我管"))
    data = json.loads(out)
    assert code == 1
    assert data[0]["rule"] == "t-not-mine" and data[0]["start"] == 0 and data[0]["end"] == 4
    assert set(data[0]) >= {"rule", "category", "severity", "start", "end", "match", "message", "suggestions", "line", "path"}


def test_sarif_format(run, tmp_path):
    code, out, _ = run("--format", "sarif", write(tmp_path, "a.txt", "x\n你到底听清楚没"))
    doc = json.loads(out)
    assert code == 1 and doc["version"] == "2.1.0"
    result = doc["runs"][0]["results"][0]
    assert result["ruleId"] == "t-listen" and result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (2, 1, 7)


def test_jsonl_and_csv_formats_give_one_finding_per_line(run, tmp_path):
    first, second = write(tmp_path, "a.txt", "不归我管"), write(tmp_path, "=b.txt", "我不清楚")
    code, out, _ = run("--format", "jsonl", first, second)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and [(item["path"], item["rule"]) for item in lines] == [(first, "t-not-mine"), (second, "t-dont-know")]
    code, out, _ = run("--format", "csv", first, second)
    rows = out.splitlines()
    assert code == 1 and rows[0].startswith("path,line,col,severity,rule") and len(rows) == 3
    assert rows[1].startswith(f"{first},1,1,error,t-not-mine")


def test_writers_stream_each_input_as_it_comes():
    import io

    from checker import reports
    from checker.finding import Finding

    found = [Finding(rule="r", category="c", severity="error", start=0, end=1, match="x", message="m")]
    for name in ("text", "jsonl", "csv"):
        out = io.StringIO()
        writer = reports.writer(name, out)
        writer.write("a.txt", found)
        assert "a.txt" in out.getvalue(), name  # written before the run ends
        writer.finish()
    out = io.StringIO()
    writer = reports.writer("json", out)
    writer.write("a.txt", found)
    assert out.getvalue() == ""  # one document, written at the end
    writer.finish([{"path": "a.txt", "score": 90}])
    assert json.loads(out.getvalue())["scores"][0]["score"] == 90


def test_score_does_not_go_with_csv(run, tmp_path):
    code, _, err = run("--transcript", "--score", "--format", "csv", write(tmp_path, "a.txt", "座席：您好"))
    assert code == 2 and "--score" in err


def test_usage_error_exits_2(run, capsys):
    with pytest.raises(SystemExit) as info:
        main(["--format", "xml"])
    assert info.value.code == 2


def test_missing_file_exits_2(run, tmp_path):
    code, _, err = run(str(tmp_path / "nope.txt"))
    assert code == 2 and "cannot read" in err


@pytest.mark.parametrize("data, encoding", [
    ("不归我管".encode("utf-8-sig"), None),
    ("不归我管".encode("utf-16"), None),
    ("这个不归我管，你找别人吧".encode("gb18030"), None),
    ("不歸我管".encode("big5"), "big5"),
])
def test_encodings(run, tmp_path, data, encoding):
    args = ["--encoding", encoding] if encoding else []
    code, out, _ = run(*args, write(tmp_path, "enc.txt", data))
    assert code == 1 and "t-not-mine" in out


@pytest.mark.parametrize("data, reason", [
    (b"\x00\x01\x02binary\x00", "NUL"),
    (b"\xc3\x28\xa0\xa1\xff\xfe\xfd" * 3, "not valid UTF-8"),
])
def test_undecodable_input_exits_2(run, tmp_path, data, reason):
    code, out, err = run(write(tmp_path, "bin.dat", data))
    assert code == 2 and reason in err and "Traceback" not in err and out == ""


def test_wrong_explicit_encoding_exits_2(run, tmp_path):
    code, _, err = run("--encoding", "ascii", write(tmp_path, "a.txt", "不归我管"))
    assert code == 2 and "not valid ascii" in err


def test_transcript_roles(run, tmp_path):
    path = write(tmp_path, "call.txt", "客户：不归我管\n座席：您好，我不清楚\n座席：再见")
    code, out, _ = run("--transcript", "--format", "json", path)
    assert [(f["rule"], f["line"], f["role"]) for f in json.loads(out)] == [("t-dont-know", 2, "agent")]
    code, out, _ = run("--transcript", "--role", "customer", "--format", "json", path)
    assert [(f["rule"], f["line"], f["role"]) for f in json.loads(out)] == [("t-not-mine", 1, "customer")]


def test_min_severity_select_ignore(run, tmp_path):
    path = write(tmp_path, "a.txt", "不归我管，我不清楚")
    assert json_rules(run("--format", "json", "--min-severity", "error", path)) == ["t-not-mine"]
    assert json_rules(run("--format", "json", "--select", "t-dont-know", path)) == ["t-dont-know"]
    assert json_rules(run("--format", "json", "--ignore", "shirking", path)) == []


def json_rules(result):
    return [f["rule"] for f in json.loads(result[1])]


def test_lang_option(run, tmp_path):
    path = write(tmp_path, "a.txt", "不归我管 not my job")
    code, out, _ = run("--lang", "en", "--format", "json", path)
    assert [(f["match"], f["message"]) for f in json.loads(out)] == [("not my job", "Passes the buck.")]


def test_score(run, tmp_path):
    path = write(tmp_path, "call.txt", "座席：请讲\n座席：我不清楚")
    code, out, _ = run("--transcript", "--score", path)
    assert code == 1
    assert f"{path}: score 91/100 (0 errors, 2 warnings, 1 info; missing: t-greeting, t-closing)" in out


def test_score_needs_transcript(run, tmp_path):
    code, _, err = run("--score", write(tmp_path, "a.txt", "x"))
    assert code == 2 and "--transcript" in err


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "checker", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and "--transcript" in proc.stdout


def test_score_json_is_one_document(run, tmp_path):
    path = write(tmp_path, "call.txt", "座席：请讲\n座席：我不清楚")
    code, out, _ = run("--transcript", "--score", "--format", "json", path)
    doc = json.loads(out)
    assert code == 1 and doc["scores"][0]["score"] == 91 and doc["findings"][0]["rule"] == "t-greeting"


def test_a_reader_that_stops_early_gets_no_error(tmp_path):
    # `python -m checker long.txt | head -1`: the closed pipe is not an internal error.
    path = tmp_path / "long.txt"
    path.write_text("这个不归我管，你找别人吧。\n" * 3000, encoding="utf-8")
    command = f'"{sys.executable}" -m checker "{path}" 2>"{tmp_path / "err.txt"}" | head -c 100 >/dev/null; echo "${{PIPESTATUS[0]}}"'
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (tmp_path / "err.txt").read_text(encoding="utf-8") == ""
    assert done.stdout.strip() == "1"
