"""Call-centre exports as input: CSV, JSON Lines, JSON arrays of turns (records.py, calls.py, runner.py)."""

import codecs
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker import records
from checker.cli import main
from checker.errors import CheckerError
from checker.mask import mask

from .calls_data import records as generated
from .calls_data import write_jsonl

FIXTURES = Path(__file__).with_name("fixtures")
ROOT = Path(__file__).resolve().parent.parent

# (call, speaker, text): two calls, agent 坐席 and customer 客户.
TURNS = [
    ("c1", "坐席", "您好"),
    ("c1", "客户", "怎么办"),
    ("c1", "坐席", "这个不归我管，你找别人吧"),
    ("c1", "坐席", "再见"),
    ("c2", "客户", "喂，我的号码是13812345678"),
    ("c2", "坐席", "我不清楚"),
    ("c2", "坐席", "好的"),
]
# With the fixture rules: (call, turn, role, rule, start, end)
EXPECTED = [
    ("c1", 3, "agent", "t-not-mine", 0, 6),
    ("c2", 2, "agent", "t-dont-know", 0, 4),
    ("c2", 2, "agent", "t-greeting", 0, 4),
    ("c2", 3, "agent", "t-closing", 0, 2),
]


def key(row):
    return (row["call"], row["turn"], row["role"], row["rule"], row["start"], row["end"])


@pytest.fixture
def run(capsys, fixture_bundle, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    def run(*args):
        code = main(["--rules", str(fixture_bundle), "--no-config", *map(str, args)])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def jsonl(out):
    return [json.loads(line) for line in out.splitlines()]


def write_rows(path, header, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# ---------------------------------------------------------------- the three formats


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_with_custom_columns_and_role_names(run, tmp_path, encoding):
    path = write_rows(tmp_path / "calls.csv", ["通话ID", "说话人", "内容"], [(c, "A" if s == "坐席" else "C", t) for c, s, t in TURNS], encoding)
    code, out, err = run(path, "--columns", "call=通话ID,role=说话人,text=内容", "--roles", "agent=A,customer=C", "--format", "jsonl")
    assert code == 1, err
    rows = jsonl(out)
    assert [key(r) for r in rows] == EXPECTED
    first = rows[0]
    assert first["match"] == "这个不归我管" and first["severity"] == "error" and first["category"] == "shirking"
    assert first["message"] == "推诿责任。" and first["role_inferred"] is False and first["line"] == 4
    assert len(first["rules_version"]) == 12 and {r["rules_version"] for r in rows} == {first["rules_version"]}
    assert err.startswith("Checked 2 calls, 7 turns")


def test_jsonl_with_custom_columns(run, tmp_path):
    path = write_jsonl(tmp_path / "calls.jsonl", ({"call_id": c, "speaker": s, "text": t} for c, s, t in TURNS))
    code, out, _ = run(path, "--columns", "call=call_id,role=speaker,text=text", "--roles", "agent=坐席,customer=客户", "--format", "jsonl")
    assert code == 1 and [key(r) for r in jsonl(out)] == EXPECTED


def test_json_array_with_defaults(run, tmp_path):
    # Default columns call/role/text; default speaker names (坐席, 客户 are known to text transcripts too).
    path = tmp_path / "calls.json"
    path.write_text(json.dumps([{"call": c, "role": s, "text": t} for c, s, t in TURNS], ensure_ascii=False, indent=1), encoding="utf-8")
    code, out, _ = run(path, "--format", "json")
    assert code == 1 and [key(r) for r in json.loads(out)] == EXPECTED


def test_input_format_overrides_the_extension(run, tmp_path):
    path = write_jsonl(tmp_path / "export.txt", ({"call": c, "role": s, "text": t} for c, s, t in TURNS))
    code, out, _ = run(path, "--input-format", "jsonl", "--format", "jsonl")
    assert code == 1 and [key(r) for r in jsonl(out)] == EXPECTED


def test_turn_column_orders_the_turns(run, tmp_path):
    rows = [{"call": "c", "role": "坐席", "text": "再见", "seq": 3}, {"call": "c", "role": "坐席", "text": "您好", "seq": 1},
            {"call": "c", "role": "客户", "text": "嗯", "seq": 2}]
    path = write_jsonl(tmp_path / "c.jsonl", rows)
    code, out, _ = run(path, "--columns", "turn=seq", "--format", "jsonl")
    assert code == 0 and out == ""  # greeting first, goodbye last once sorted


def test_settings_file_sets_columns_and_roles(capsys, fixture_bundle, tmp_path):
    (tmp_path / ".phrasecheck.yml").write_text("records:\n  columns: {call: id, role: who}\n  roles: {agent: [A, 坐席], customer: C}\n", encoding="utf-8")
    path = write_jsonl(tmp_path / "calls.jsonl", ({"id": c, "who": "A" if s == "坐席" else "C", "text": t} for c, s, t in TURNS))
    code = main(["--rules", str(fixture_bundle), str(path), "--format", "jsonl"])
    assert code == 1 and [key(r) for r in jsonl(capsys.readouterr().out)] == EXPECTED


def test_settings_records_section_is_validated_by_the_schema(capsys, tmp_path):
    from checker.config import parse

    with pytest.raises(CheckerError, match="records: unknown key 'sort' \\(known: columns, roles\\)"):
        parse({"records": {"sort": True}})
    assert parse({"records": {"roles": {"agent": "A"}}}).records == {"roles": {"agent": "A"}}
    (tmp_path / "bad.yml").write_text("records:\n  columns:\n    speaker: who\n", encoding="utf-8")
    path = write_jsonl(tmp_path / "c.jsonl", [{"call": "c", "role": "坐席", "text": "您好"}])
    assert main(["--config", str(tmp_path / "bad.yml"), str(path)]) == 2
    assert "bad.yml:3:5: records.columns: unknown key 'speaker'" in capsys.readouterr().err


def test_unknown_columns_are_an_input_error(run, tmp_path):
    path = write_rows(tmp_path / "calls.csv", ["id", "who", "text"], [("c1", "坐席", "您好")])
    code, out, err = run(path, "--format", "jsonl")
    assert code == 2 and out == ""
    assert "calls.csv:1: the header has no column 'call' (column 'call')" in err and "--columns" in err


def test_bad_mapping_options(run, tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"call": "c", "role": "坐席", "text": "您好"}])
    assert run(path, "--columns", "speaker=x")[0] == 2
    code, _, err = run(path, "--roles", "boss=x")
    assert code == 2 and "unknown name 'boss'" in err


# ---------------------------------------------------------------- calls and roles


def test_a_call_coming_back_is_a_bad_record(run, tmp_path):
    rows = [("c1", "坐席", "您好"), ("c2", "坐席", "您好"), ("c1", "坐席", "这个不归我管"), ("c2", "坐席", "再见")]
    path = write_rows(tmp_path / "calls.csv", ["call", "role", "text"], rows)
    code, out, err = run(path, "--format", "jsonl")
    assert code == 2
    assert "calls.csv:4: call 'c1' comes back after call 'c2'" in err and "contiguous" in err
    assert [(r["call"], r["rule"]) for r in jsonl(out)] == [("c1", "t-closing")]  # c2 is complete


def test_diarised_speakers_get_the_agent_from_the_opening(run, tmp_path):
    rows = [
        {"call": "x", "role": "0", "text": "喂"}, {"call": "x", "role": "1", "text": "您好，请问有什么可以帮您"},
        {"call": "x", "role": "0", "text": "我不清楚怎么办"}, {"call": "x", "role": "1", "text": "这个不归我管"},
        # the other way round in the next call
        {"call": "y", "role": "0", "text": "你好"}, {"call": "y", "role": "1", "text": "我不清楚"},
        {"call": "y", "role": "0", "text": "再见"},
    ]
    code, out, _ = run(write_jsonl(tmp_path / "d.jsonl", rows), "--format", "jsonl")
    found = jsonl(out)
    assert {(r["call"], r["speaker"], r["rule"]) for r in found} == {("x", "1", "t-not-mine"), ("x", "1", "t-closing")}
    assert all(r["role_inferred"] and r["role"] == "agent" for r in found)
    code, out, _ = run(tmp_path / "d.jsonl", "--format", "jsonl", "--role", "customer")
    assert {(r["call"], r["speaker"], r["rule"]) for r in jsonl(out)} == {("x", "0", "t-dont-know"), ("y", "1", "t-dont-know")}


def test_unknown_speaker_beside_known_ones_is_neither(run, tmp_path):
    rows = [{"call": "x", "role": "坐席", "text": "您好"}, {"call": "x", "role": "机器人", "text": "这个不归我管"}, {"call": "x", "role": "坐席", "text": "再见"}]
    code, out, _ = run(write_jsonl(tmp_path / "u.jsonl", rows), "--format", "jsonl", "--role", "all")
    assert [(r["role"], r["rule"], r["role_inferred"]) for r in jsonl(out)] == [("unknown", "t-not-mine", False)]


def test_unpunctuated_speech_recognition_transcript(run):
    """An ASR export of the repo's own (fillers, no punctuation, a timestamp column)."""
    code, out, err = run(FIXTURES / "calls" / "asr_unpunctuated.csv", "--columns", "call=call_id,role=channel,turn=seq", "--format", "jsonl")
    assert code == 1, err
    found = [(r["call"], r["turn"], r["rule"], r["match"], r["role_inferred"]) for r in jsonl(out)]
    assert found == [
        ("asr-1", 5, "t-not-mine", "这个不归我管", True),
        ("asr-1", 7, "t-dont-know", "我不清楚", True),
        ("asr-2", 4, "t-listen", "你到底听清楚", True),
        ("asr-2", 6, "t-cannot-help", "没有办法", True),
        ("asr-2", 6, "t-closing", "没有办法 系统就是这样 就这样吧", True),
    ]
    agents = {(r["call"], r["speaker"]) for r in jsonl(out)}
    assert agents == {("asr-1", "1"), ("asr-2", "0")}  # the customer speaks first in asr-2


# ---------------------------------------------------------------- bad records


def test_malformed_records_in_the_middle_are_skipped_and_reported(run, tmp_path):
    path = tmp_path / "calls.jsonl"
    lines = [json.dumps({"call": c, "role": s, "text": t}, ensure_ascii=False) for c, s, t in TURNS]
    lines.insert(2, '{"call": "c1", "role": "坐席", "text": ')  # cut off
    lines.insert(4, '["c1", "坐席"]')
    lines.insert(6, '{"call": "c1", "role": "坐席", "text": null}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(path, "--format", "jsonl", "--scorecard", "cards.csv")
    assert code == 2
    assert [key(r) for r in jsonl(out)] == EXPECTED
    assert "calls.jsonl:3: not JSON" in err and "calls.jsonl:5: a JSON list, not an object" in err
    assert "calls.jsonl:7: the 'text' field is null, not text" in err and "3 bad records skipped" in err
    with open(tmp_path / "cards.csv", encoding="utf-8-sig", newline="") as f:
        assert [r["call"] for r in csv.DictReader(f)] == ["c1", "c2"]


def test_malformed_csv_rows_and_undecodable_lines(run, tmp_path):
    path = tmp_path / "calls.csv"
    body = "call,role,text\n" + "".join(f"{c},{s},{t}\n" for c, s, t in TURNS[:3])
    body += "c1,坐席\n"  # one field short
    path.write_bytes(body.encode("utf-8") + "c1,坐席,再见\n".encode("gbk") + "".join(f"{c},{s},\"{t}\"\n" for c, s, t in TURNS[3:]).encode("utf-8"))
    code, out, err = run(path, "--format", "jsonl")
    assert code == 2
    assert "calls.csv:5: has 2 fields, the header has 3" in err and "calls.csv:6: not valid text" in err
    assert [key(r) for r in jsonl(out)] == EXPECTED


def test_missing_file_among_others(run, tmp_path):
    path = write_jsonl(tmp_path / "calls.jsonl", ({"call": c, "role": s, "text": t} for c, s, t in TURNS))
    code, out, err = run(tmp_path / "gone.jsonl", path, "--format", "jsonl")
    assert code == 2 and "gone.jsonl: cannot read" in err and [key(r) for r in jsonl(out)] == EXPECTED


def test_json_array_syntax_error_keeps_what_came_before(run, tmp_path):
    path = tmp_path / "calls.json"
    items = [json.dumps({"call": c, "role": s, "text": t}, ensure_ascii=False) for c, s, t in TURNS]
    path.write_text("[\n" + ",\n".join(items[:4]) + ",\n{oops}\n]", encoding="utf-8")
    code, out, err = run(path, "--format", "jsonl")
    assert code == 2 and "calls.json:6: not JSON" in err
    assert [key(r) for r in jsonl(out)] == EXPECTED[:1]


# ---------------------------------------------------------------- outputs


def test_numbers_are_masked_unless_asked(run, tmp_path):
    rows = [{"call": "m", "role": "坐席", "text": "您好"}, {"call": "m", "role": "坐席", "text": "号码13812345678，这个不归我管"}]
    path = write_jsonl(tmp_path / "m.jsonl", rows)
    _, out, _ = run(path, "--format", "jsonl")
    closing = next(r for r in jsonl(out) if r["rule"] == "t-closing")
    assert closing["match"] == "号码138****5678，这个不归我管" and (closing["start"], closing["end"]) == (0, 20)
    _, out, _ = run(path, "--format", "jsonl", "--no-mask")
    assert "13812345678" in out


def test_mask_keeps_length():
    for text in ("13812345678", "身份证 11010519491231002X", "6222 0212 3456 7890"):
        masked = mask(text)
        assert len(masked) == len(text) and masked != text and "*" in masked
    assert mask("订单 12345 号") == "订单 12345 号"


def test_scorecard_and_report(run, tmp_path):
    rows = generated(calls=40, seed=3)
    path = write_jsonl(tmp_path / "calls.jsonl", rows)
    code, out, err = run(path, "--columns", "call=call_id,role=speaker,agent=agent_id", "--report", "out", "--format", "jsonl")
    assert code == 1 and "Report written to out/report.html and out/summary.csv" in err
    found = jsonl(out)
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8-sig", newline="") as f:
        cards = list(csv.DictReader(f))
    assert len(cards) == 40 and sum(int(c["findings"]) for c in cards) == len(found)
    assert {c["rules_version"] for c in cards} == {found[0]["rules_version"]}
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="agents"' in page and 'id="queues"' in page and found[0]["rules_version"] in page
    assert "http" not in page and "<script" not in page
    assert all("*" in r["match"] or not any(ch.isdigit() for ch in r["match"]) for r in found if r["rule"] == "t-closing")


def test_text_format_for_records(run, tmp_path):
    path = write_jsonl(tmp_path / "calls.jsonl", ({"call": c, "role": s, "text": t} for c, s, t in TURNS))
    code, out, _ = run(path, "--quiet")
    assert code == 1 and out.splitlines()[0] == "c1:3:1: E t-not-mine [agent] 「这个不归我管」 推诿责任。"
    assert out.splitlines()[-1] == "Found 4 problems (1 error, 2 warnings, 1 info)."


def test_records_and_text_files_do_not_mix(run, tmp_path):
    (tmp_path / "a.txt").write_text("座席：您好\n", encoding="utf-8")
    code, _, err = run(tmp_path / "a.txt", tmp_path / "b.csv")
    assert code == 2 and "cannot be checked in one run" in err


def test_format_of():
    assert records.format_of("a.CSV") == "csv" and records.format_of("a.jsonl") == "jsonl" and records.format_of("a.json") == "json"
    assert records.format_of("a.txt") is None and records.format_of("a.txt", "csv") == "csv" and records.format_of("a.csv", "text") is None


# ---------------------------------------------------------------- Ctrl-C


def test_ctrl_c_leaves_complete_output_for_the_calls_finished(tmp_path, fixture_bundle):
    path = write_jsonl(tmp_path / "big.jsonl", generated(calls=8000, seed=5))
    out = tmp_path / "findings.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open(out, "w") as stdout, open(tmp_path / "err.txt", "w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "checker", str(path), "--rules", str(fixture_bundle), "--no-config", "--format", "json",
             "--columns", "call=call_id,role=speaker,agent=agent_id", "--scorecard", str(tmp_path / "cards.csv"), "--report", str(tmp_path / "rep")],
            stdout=stdout, stderr=stderr, env=env, cwd=tmp_path,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not (tmp_path / "cards.csv").exists() or (tmp_path / "cards.csv").stat().st_size == 0):
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=60)
    err = (tmp_path / "err.txt").read_text(encoding="utf-8")
    assert code == 130, err
    assert "Interrupted after" in err and "Traceback" not in err
    found = json.loads(out.read_text(encoding="utf-8"))  # a complete JSON array
    with open(tmp_path / "cards.csv", encoding="utf-8-sig", newline="") as f:
        cards = list(csv.DictReader(f))
    assert 0 < len(cards) < 8000
    per_call = {}
    for row in found:
        per_call[row["call"]] = per_call.get(row["call"], 0) + 1
    assert {c["call"]: int(c["findings"]) for c in cards if int(c["findings"])} == per_call
    page = (tmp_path / "rep" / "report.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>") and f"{len(cards):,}" in page


def test_a_closed_pipe_stops_the_run_quietly(tmp_path, fixture_bundle):
    path = write_jsonl(tmp_path / "calls.jsonl", generated(calls=3000, seed=9))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    checker = subprocess.Popen(
        [sys.executable, "-m", "checker", str(path), "--rules", str(fixture_bundle), "--no-config", "--format", "jsonl", "--columns", "call=call_id,role=speaker"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    first = checker.stdout.readline()
    checker.stdout.close()  # what `| head -1` does
    err = checker.stderr.read().decode("utf-8")
    assert checker.wait(timeout=60) == 1
    assert json.loads(first)["call"].startswith("c9-")
    assert "Output closed after" in err and "Traceback" not in err and "internal error" not in err
