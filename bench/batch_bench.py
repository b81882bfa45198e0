"""Batch benchmark: call-centre exports checked in one process and on Dask, memory of a long stream,
and how the checker does on real unpunctuated speech-recognition calls.

    .venv/bin/python bench/batch_bench.py                 # 200,000 turns, a 1 GB stream
    .venv/bin/python bench/batch_bench.py --quick         # 20,000 turns, a 50 MB stream
    .venv/bin/python bench/batch_bench.py --stream-mb 0   # skip the stream

It prints figures and never asserts on them. The dataset is generated
(tests/calls_data.py) into a temporary folder: JSON Lines for one process,
Parquet for Dask (MB/s are of the JSON Lines file, the same data in both).
One process is ``python -m checker data.jsonl --format jsonl`` as a
subprocess (start-up and loading the rules included), findings to
/dev/null; Dask is ``distributed.check`` on a LocalCluster of 1 and 2 worker
processes started beforehand, after a warm-up run that builds the engines.
Peak memory is the peak RSS of that subprocess (its VmHWM) on the stream
file. The real calls are ../shared/corpora/mobilecs_calls (skipped when the
folder is missing).
"""

import argparse
import csv
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.calls_data import records, write_jsonl  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
COLUMNS = "call=call_id,role=speaker,agent=agent_id"


# The checker run as a child that reports its own peak RSS (VmHWM: this process image only; the
# rusage of a child would also count the memory of this process it was forked from).
CHILD = """
import atexit, runpy, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            print("peak-rss-kb", line.split()[1], file=sys.stderr)
atexit.register(peak)
sys.argv[0] = "checker"
runpy.run_module("checker", run_name="__main__", alter_sys=True)
"""


def run_cli(path, *extra):
    """``(seconds, CPU seconds, peak RSS in MiB, last stderr line)`` of ``python -m checker path --format jsonl``
    to /dev/null."""
    cmd = [sys.executable, "-c", CHILD, str(path), "--columns", COLUMNS, "--format", "jsonl", "--no-config", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with open(os.devnull, "w") as null, tempfile.TemporaryFile() as err:
        proc = subprocess.run(cmd, stdout=null, stderr=err, cwd=ROOT)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"checker failed ({proc.returncode}): {' / '.join(lines[-3:])}")
    peak = next(int(line.split()[1]) for line in lines if line.startswith("peak-rss-kb"))
    said = [line for line in lines if not line.startswith("peak-rss-kb")]
    return seconds, cpu, peak / 1024, said[-1] if said else ""


def dataset(folder, turns):
    """JSON Lines and Parquet of at least ``turns`` turns; ``(jsonl, parquet, turns, bytes)``."""
    import pandas as pd

    rows, calls, seed = [], 0, 1
    while len(rows) < turns:
        rows.extend(records(calls=500, seed=seed))
        seed += 1
    jsonl = write_jsonl(folder / "calls.jsonl", rows)
    parquet = folder / "calls.parquet"
    pd.DataFrame(rows).to_parquet(parquet, row_group_size=20000)
    return jsonl, parquet, len(rows), jsonl.stat().st_size


def stream_file(folder, megabytes):
    """A JSON Lines file of about ``megabytes`` MB (10^6 bytes), written a call at a time."""
    path, target, seed = folder / "stream.jsonl", megabytes * 10**6, 1000
    with open(path, "w", encoding="utf-8") as out:
        while out.tell() < target:
            out.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(calls=2000, seed=seed)))
            seed += 1
    return path


def bench_dask(parquet, workers, turns, size):
    import logging

    from dask.distributed import Client, LocalCluster

    from checker import distributed
    from checker.records import Layout

    layout = Layout.parse(COLUMNS)
    with tempfile.TemporaryDirectory() as tmp, LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        distributed.check([parquet], Path(tmp) / "warm", client, layout, partitions=2 * workers)  # builds the engines
        before = client.run(_cpu)
        started = time.perf_counter()
        _, findings = distributed.check([parquet], Path(tmp) / "out", client, layout, partitions=4 * workers)
        seconds = time.perf_counter() - started
        after = client.run(_cpu)
    return seconds, sum(after[w] - before[w] for w in after), findings


def _cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def asr_agreement():
    """The required-phrase verdicts on the real calls, and what dropping punctuation changes."""
    calls, judged = CORPORA / "mobilecs_calls", CORPORA / "transcript_judgements.tsv"
    if not calls.is_dir() or not judged.is_file():
        print(f"real calls: skipped ({calls} not found)")
        return
    import checker
    from checker.calls import check_call
    from checker.config import Settings
    from checker.records import Call, Layout, Turn, finish
    from checker.transcript import turns as tagged_turns

    engine, settings = checker.default(), Settings()
    files = sorted(calls.glob("*.txt"))
    flags = {}
    for path in files:
        flags[path.name] = {f.rule for f in checker.check_transcript(path.read_text(encoding="utf-8")) if f.kind == "require"}
    verdicts = list(csv.DictReader(judged.open(encoding="utf-8"), delimiter="\t"))
    decided = [v for v in verdicts if v["verdict"] in ("tp", "fp")]
    agree = sum((v["rule"] in flags.get(v["file"], ())) == (v["verdict"] == "tp") for v in decided)
    unjudged = sum(len(rules - {v["rule"] for v in verdicts if v["file"] == name}) for name, rules in flags.items())
    print(f"real calls ({len(files)} mobilecs transcripts, ASR text): required-phrase verdicts agreed {agree}/{len(decided)} "
          f"(tp/fp; {len(verdicts) - len(decided)} judged unclear, not counted); {unjudged} required-phrase flags without a verdict")

    # The same calls as diarised records (speakers 0/1, no names), punctuated and with punctuation dropped.
    punct = re.compile(r"[，。！？、；：,.!?;:（）()“”\"'…~～]")
    right, same, total, lost, gained = 0, 0, 0, 0, 0
    layout = Layout(roles={})
    for path in files:
        text = path.read_text(encoding="utf-8")
        parts = [(t.role, text[t.start:t.end]) for t in tagged_turns(text) if t.role != "unknown"]
        results = []
        for strip in (False, True):
            turns = [Turn(i, i, "0" if role == "agent" else "1", punct.sub("", piece) if strip else piece) for i, (role, piece) in enumerate(parts, 1)]
            call = finish(Call(path.name, 1, turns), layout)
            found = check_call(engine, settings, call)
            results.append({(turn.number, f.rule) for turn, _, _, f in found})
            if not strip:
                right += call.turns[[t.speaker for t in call.turns].index("0")].role == "agent"
        base, bare = results
        same += len(base & bare)
        total += len(base)
        lost += len(base - bare)
        gained += len(bare - base)
    print(f"  as diarised records (0/1): agent inferred right in {right}/{len(files)} calls")
    print(f"  punctuation removed: {same}/{total} findings unchanged ({lost} lost, {gained} new)")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="20,000 turns and a 50 MB stream")
    p.add_argument("--turns", type=int, help="turns in the dataset (default 200,000)")
    p.add_argument("--stream-mb", type=int, help="size of the stream for peak memory, MB (default 1000; 0 skips)")
    args = p.parse_args()
    turns_wanted = args.turns or (20_000 if args.quick else 200_000)
    stream_mb = args.stream_mb if args.stream_mb is not None else (50 if args.quick else 1000)

    asr_agreement()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jsonl, parquet, turns, size = dataset(folder, turns_wanted)
        mb = size / 1e6
        print(f"dataset: {turns:,} turns, {mb:.1f} MB as JSON Lines (generated, tests/calls_data.py)")
        seconds, cpu, rss, line = run_cli(jsonl, "--quiet")
        print(f"one process: {seconds:.1f} s, {turns / seconds:,.0f} turns/s, {mb / seconds:.2f} MB/s "
              f"(CPU {cpu:.1f} s: {turns / cpu:,.0f} turns/s, {mb / cpu:.2f} MB/s of CPU; peak RSS {rss:.0f} MiB)")
        try:
            import dask  # noqa: F401
        except ImportError:
            print("dask: skipped (pip install '.[dask]')")
        else:
            for workers in (1, 2):
                seconds, cpu, findings = bench_dask(parquet, workers, turns, size)
                print(f"dask, {workers} worker{'s' if workers > 1 else ''}: {seconds:.1f} s, {turns / seconds:,.0f} turns/s, {mb / seconds:.2f} MB/s "
                      f"(workers' CPU {cpu:.1f} s; {findings:,} findings)")
        jsonl.unlink()
        parquet.unlink()
        if stream_mb:
            path = stream_file(folder, stream_mb)
            seconds, cpu, rss, line = run_cli(path)
            print(f"stream of {path.stat().st_size / 1e6:,.0f} MB: peak RSS {rss:.0f} MiB (CPU {cpu:.0f} s); {line}")
    print(f"(machine: {os.cpu_count()} cores, shared; load average {os.getloadavg()[0]:.1f}; s, turns/s and MB/s are wall-clock unless marked CPU)")


if __name__ == "__main__":
    main()
