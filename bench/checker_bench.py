"""Checker benchmark: throughput, per-call latency, memory and load time, per backend.

    .venv/bin/python bench/checker_bench.py            # ~1.1 MB text
    .venv/bin/python bench/checker_bench.py --quick    # ~128 kB text, fewer runs
    .venv/bin/python bench/checker_bench.py --profile  # also cProfile one native check

It prints figures and never asserts on time. Throughput is compared with a
bare pyahocorasick scan over the same automaton keys (``Checker.keys``),
built once: ``for end, key in A.iter(text): pass``. The issue's target is
check/bare <= 2x; the ratio is printed, not enforced. Sizes are UTF-8 bytes
(1 MB = 10^6 bytes).

Two more texts give the issue's ratios on text that is not made up: real agent
turns (../shared/corpora/agent_zh.tsv, one turn a line) and the seed documents,
dense with taboos (../shared/seeds/); each repeated to about 300 kB. They are
skipped, with a line saying so, when those folders are missing. On them the
whole check (rules, then the similarity tier when the Checker has one) and the
rules alone are timed in the same runs and their ratios printed side by side.
"""

import argparse
import copy
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

BACKENDS = ("native", "pure")


def timed(fn, runs):
    """Wall times (perf_counter) of ``runs`` calls and the last result."""
    times, result = [], None
    for _ in range(runs):
        gc.collect()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return times, result


def percentile(values, q):
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def bare_native(keys):
    import ahocorasick

    a = ahocorasick.Automaton()
    for key in keys:
        a.add_word(key, key)
    a.make_automaton()
    return a


def bare_pure(keys):
    from checker.automaton import PureAutomaton

    return PureAutomaton(keys)


SHARED = ROOT.parent / "shared"


def real_texts(size=300_000):
    """{name: text} of real agent turns and the taboo-dense seed documents, each repeated to ~``size`` bytes."""
    out = {}
    agent = SHARED / "corpora" / "agent_zh.tsv"
    if agent.is_file():
        rows = agent.read_text(encoding="utf-8").splitlines()[1:]
        out["real agent turns (agent_zh.tsv)"] = "\n".join(r.split("\t")[0] for r in rows)
    else:
        print(f"skipped: real agent text ({agent.relative_to(ROOT.parent)} not found)")
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if seeds:
        out["taboo-dense (seed documents)"] = "\n".join(p.read_text(encoding="utf-8") for p in seeds)
    else:
        print("skipped: taboo-dense text (shared/seeds/ not found)")
    for name, text in out.items():
        times = max(1, size // len(text.encode("utf-8")))
        out[name] = "\n".join([text] * times)
    return out


def rules_only(c):
    """``c`` without the similarity tier (checker/similar.py): only the rules speak."""
    plain = copy.copy(c)
    plain.similar = None
    return plain


def ratios(c, texts, runs):
    """check/bare-scan per text, interleaved run by run: (name, bytes, check s, bare s, median ratio,
    rules-only check s, its median ratio, the stages of one check (see breakdown()), automaton hits,
    findings). The whole check includes the similarity tier when the Checker has one; the rules-only
    check is the same Checker without it, timed in the same runs."""
    keys = sorted(c.keys)
    a = bare_native(keys)
    plain = rules_only(c)
    rows = []
    for name, text in texts.items():
        def scan():
            for end, key in a.iter(text):
                pass

        c.check(text[:2000])
        checks, plains, bares = [], [], []
        for _ in range(runs):
            bares += timed(scan, 1)[0]
            checks += timed(lambda: c.check(text), 1)[0]
            plains += timed(lambda: plain.check(text), 1)[0]
        ratio = statistics.median(t / b for t, b in zip(checks, bares))
        plain_ratio = statistics.median(t / b for t, b in zip(plains, bares))
        stages, folded = breakdown(c, text, runs)
        hits, found = len(c.automaton.find(folded.text)), len(c.check(text))
        rows.append((name, len(text.encode("utf-8")), statistics.median(checks), statistics.median(bares), ratio,
                     statistics.median(plains), plain_ratio, stages, hits, found))
    return rows


def memory_child(backend):
    """Run in a fresh interpreter: load time cold, RSS and tracemalloc figures, as JSON."""
    import tracemalloc

    t0 = time.perf_counter()
    import checker
    from checker.normalize import default_folder

    t_import = time.perf_counter() - t0
    r0 = rss()
    t0 = time.perf_counter()
    folder = default_folder()  # the character table, shared by every Checker
    t_folder = time.perf_counter() - t0
    r1 = rss()
    t0 = time.perf_counter()
    first = checker.load(backend=backend, folder=folder)
    t_first = time.perf_counter() - t0
    r2 = rss()
    out = {
        "cold_import_s": t_import,
        "cold_folder_s": t_folder,
        "cold_load_s": t_first,
        "rss_folder": r1 - r0,
        "rss_checker": r2 - r1,
    }
    del first
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    kept = checker.load(backend=backend, folder=folder)
    current, peak = tracemalloc.get_traced_memory()
    out["tm_checker_retained"] = current - base
    out["tm_checker_peak"] = peak - base
    keys = sorted(kept.keys)
    gc.collect()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    automaton = (bare_native if backend == "native" else bare_pure)(keys)
    current, peak = tracemalloc.get_traced_memory()
    out["tm_automaton_retained"] = current - base
    out["tm_automaton_peak"] = peak - base
    tracemalloc.stop()
    if backend == "native" and hasattr(automaton, "get_stats"):
        out["ac_stats"] = automaton.get_stats()
    print(json.dumps(out))


def memory(backend):
    proc = subprocess.run(
        [sys.executable, __file__, "--_memory", backend], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(proc.stdout)


def _clocked(fn, spent, key):
    """``fn``, adding the time spent in it to ``spent[key]``."""

    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - t

    return wrapper


class _Proxy:
    """``inner`` with one method clocked (as ``key``; ``fn`` in its place, when given)."""

    def __init__(self, inner, method, spent, key=None, fn=None):
        self._inner = inner
        setattr(self, method, _clocked(fn or getattr(inner, method), spent, key or method))

    def __getattr__(self, name):
        return getattr(self._inner, name)


def breakdown(c, text, runs):
    """Stages of ``c.check(text)``, all measured inside the same call; the run with the median total.

    The folder and the automaton are swapped for clocked proxies and ``scan``
    is clocked on the instance, for the duration of the runs only. The
    automaton's ``ends`` (an iterator, for the native one) is clocked as a
    list, so that the walk itself is counted there and not in ``verify``.
    """
    samples = []
    folder, automaton = c.folder, c.automaton
    try:
        for _ in range(runs):
            spent = {"fold": 0.0, "find": 0.0, "scan": 0.0}
            c.folder = _Proxy(folder, "fold", spent)
            c.automaton = _Proxy(automaton, "ends", spent, "find", lambda text: list(automaton.ends(text)))
            c.scan = _clocked(type(c).scan.__get__(c), spent, "scan")
            gc.collect()
            t = time.perf_counter()
            c.check(text)
            spent["total"] = time.perf_counter() - t
            samples.append(spent)
    finally:
        c.folder, c.automaton = folder, automaton
        c.__dict__.pop("scan", None)
    samples.sort(key=lambda s: s["total"])
    stages = samples[len(samples) // 2]
    stages["translate"] = statistics.median(timed(lambda: folder.translate(text), runs)[0])
    return stages, folder.fold(text)


def fmt_mb(n):
    return f"{n / 1e6:.2f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


def table(title, columns, rows):
    label_w = max(len(r[0]) for r in rows)
    widths = [max(len(c), *(len(r[i + 1]) for r in rows)) for i, c in enumerate(columns)]
    print(f"\n{title}")
    print("  " + " " * label_w + "  " + "  ".join(c.rjust(w) for c, w in zip(columns, widths)))
    for r in rows:
        print("  " + r[0].ljust(label_w) + "  " + "  ".join(v.rjust(w) for v, w in zip(r[1:], widths)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="~128 kB text and fewer runs")
    ap.add_argument("--size", type=int, help="text size in UTF-8 bytes (default 1.1 MB, 128 kB with --quick)")
    ap.add_argument("--runs", type=int, help="timed runs per throughput figure (default 5, 3 with --quick)")
    ap.add_argument("--calls", type=int, default=200, help="calls for the per-reply latency (default 200)")
    ap.add_argument("--profile", action="store_true", help="cProfile one native check of the text")
    ap.add_argument("--_memory", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._memory:
        memory_child(args._memory)
        return

    import checker
    import corpus
    from checker.normalize import default_folder
    from checker.rules import compile_rules, read_bundle

    size = args.size or (128_000 if args.quick else 1_100_000)
    runs = args.runs or (3 if args.quick else 5)
    calls = 50 if args.quick and args.calls == 200 else args.calls

    t0 = time.perf_counter()
    text, taboos = corpus.make_text(size)
    t_text = time.perf_counter() - t0
    nbytes = len(text.encode("utf-8"))
    small = text[: len(text) // 8]
    small_bytes = len(small.encode("utf-8"))
    big = text * 4
    reply, reply_taboos = corpus.make_reply(2048)
    reply_bytes = len(reply.encode("utf-8"))
    print(f"checker benchmark · Python {sys.version.split()[0]} · {os.cpu_count()} CPUs · seed {corpus.SEED}")
    print(
        f"text: {fmt_mb(nbytes)} UTF-8, {len(text):,} characters, {text.count(chr(10)) + 1:,} lines, "
        f"{taboos:,} taboo sentences (one per {len(text) // max(taboos, 1)} characters); built in {t_text:.2f} s"
    )
    print(f"reply: {reply_bytes:,} bytes, {len(reply)} characters, {reply_taboos} taboo sentences")

    folder = default_folder()
    results = {b: {} for b in BACKENDS}
    checkers = {}
    for backend in BACKENDS:
        r = results[backend]
        # Load (compile) time, warm: the character table is already loaded.
        load_times, checkers[backend] = timed(lambda: checker.load(backend=backend, folder=folder), runs)
        r["load"] = statistics.median(load_times)
        bundle_t, bundle = timed(read_bundle, runs)
        r["load_read"] = statistics.median(bundle_t)
        names = bundle.get("placeholders", {})
        compile_t, rules = timed(lambda: compile_rules(bundle["rules"], folder.fold, names, classes=bundle.get("wordclasses", [])), runs)
        r["load_compile"] = statistics.median(compile_t)
        r["load_automaton"] = statistics.median(timed(lambda: checker.Checker(rules, folder, backend), runs)[0])
        r["keys"] = len(checkers[backend].keys)
        r["anchors"] = len(checkers[backend].by_key)
        r["rules"] = len(checkers[backend].rules)

    keys = sorted(checkers["native"].keys)
    a = bare_native(keys)
    tree = bare_pure(keys)

    def scan_native():
        for end, key in a.iter(text):
            pass

    def scan_pure():
        tree.find(text)

    # Throughput, interleaved run by run so that a busy machine skews every
    # figure of a run alike; the ratios are medians of per-run ratios.
    for c in checkers.values():
        c.check(small)  # warm up
    samples = {"bare": [], "bare_py": [], **{b: [] for b in BACKENDS}}
    for _ in range(runs):
        samples["bare"] += timed(scan_native, 1)[0]
        for backend, c in checkers.items():
            t, findings = timed(lambda: c.check(text), 1)
            samples[backend] += t
            results[backend]["findings"] = len(findings)
        samples["bare_py"] += timed(scan_pure, 1)[0]
    bare, bare_min = statistics.median(samples["bare"]), min(samples["bare"])
    bare_py = statistics.median(samples["bare_py"])
    for backend, c in checkers.items():
        r = results[backend]
        times = samples[backend]
        r["check"], r["check_min"] = statistics.median(times), min(times)
        r["ratio"] = statistics.median(t / b for t, b in zip(times, samples["bare"]))
        r["ratio_py"] = statistics.median(t / b for t, b in zip(times, samples["bare_py"]))

    for backend, c in checkers.items():
        r = results[backend]
        r["check_small"] = statistics.median(timed(lambda: c.check(small), runs)[0])
        if not args.quick:  # does the cost per MB stay flat on a longer text?
            r["check_big"] = timed(lambda: c.check(big), 1)[0][0]
        stages, folded = breakdown(c, text, runs)
        r.update(stages)
        r["hits"] = len(c.automaton.find(folded.text))

        c.check(reply)
        lat, reply_findings = timed(lambda: c.check(reply), calls)
        r["lat_median"] = statistics.median(lat)
        r["lat_p95"] = percentile(lat, 0.95)
        r["reply_findings"] = len(reply_findings)
        r["mem"] = memory(backend)

    def mbs(seconds, n=nbytes):
        return f"{n / 1e6 / seconds:.2f}"

    def ms(seconds):
        return f"{seconds * 1e3:.1f}" if seconds < 10 else f"{seconds:.1f} s"

    def kib(n):
        return f"{n / 1024:,.0f}"

    cols = list(BACKENDS)
    R = [results[b] for b in cols]
    rows = [
        ("rules / anchor literals / automaton keys", *(f"{r['rules']} / {r['anchors']:,} / {r['keys']:,}" for r in R)),
        ("load (compile) ms, warm", *(ms(r["load"]) for r in R)),
        ("  read rules.json ms", *(ms(r["load_read"]) for r in R)),
        ("  compile patterns ms", *(ms(r["load_compile"]) for r in R)),
        ("  Checker() + automaton ms", *(ms(r["load_automaton"]) for r in R)),
        ("cold import + table + load ms", *(ms(r["mem"]["cold_import_s"] + r["mem"]["cold_folder_s"] + r["mem"]["cold_load_s"]) for r in R)),
        (f"check() MB/s ({fmt_mb(nbytes)}), median (best)", *(f"{mbs(r['check'])} ({mbs(r['check_min'])})" for r in R)),
        (f"check() MB/s ({fmt_mb(small_bytes)}: first 1/8)", *(mbs(r["check_small"], small_bytes) for r in R)),
        *(
            [(f"check() MB/s ({fmt_mb(4 * nbytes)}: text x4, 1 run)", *(mbs(r["check_big"], 4 * nbytes) for r in R))]
            if not args.quick
            else []
        ),
        ("bare pyahocorasick MB/s, median (best)", *(f"{mbs(bare)} ({mbs(bare_min)})" for _ in R)),
        ("check / bare pyahocorasick (per run)", *(f"{r['ratio']:.1f}x" for r in R)),
        ("bare pure-Python automaton MB/s", "", mbs(bare_py)),
        ("check / bare pure automaton (per run)", "", f"{results['pure']['ratio_py']:.1f}x"),
        ("check() ms on the text", *(ms(r["check"]) for r in R)),
        ("  one check, instrumented ms", *(ms(r["total"]) for r in R)),
        ("    fold ms (translate pass alone)", *(f"{ms(r['fold'])} ({ms(r['translate'])})" for r in R)),
        ("    automaton.ends ms", *(ms(r["find"]) for r in R)),
        ("    verify (scan - ends) ms", *(ms(r["scan"] - r["find"]) for r in R)),
        ("    findings (rest) ms", *(ms(r["total"] - r["fold"] - r["scan"]) for r in R)),
        ("automaton hits / findings", *(f"{r['hits']:,} / {r['findings']:,}" for r in R)),
        (f"latency {reply_bytes} B reply, median ms", *(f"{r['lat_median'] * 1e3:.2f}" for r in R)),
        (f"latency {reply_bytes} B reply, p95 ms", *(f"{r['lat_p95'] * 1e3:.2f}" for r in R)),
        ("  findings in the reply", *(str(r["reply_findings"]) for r in R)),
        ("tracemalloc Checker retained KiB", *(kib(r["mem"]["tm_checker_retained"]) for r in R)),
        ("tracemalloc Checker peak KiB", *(kib(r["mem"]["tm_checker_peak"]) for r in R)),
        ("tracemalloc automaton alone KiB", *(kib(r["mem"]["tm_automaton_retained"]) for r in R)),
        ("RSS delta, load Checker KiB", *(kib(r["mem"]["rss_checker"]) for r in R)),
        ("RSS delta, character table KiB", *(kib(r["mem"]["rss_folder"]) for r in R)),
    ]
    table(f"median of {runs} runs; latency over {calls} calls; time.perf_counter", cols, rows)
    real = ratios(checkers["native"], real_texts(), runs)
    if real:
        print(
            "\nnative check / bare pyahocorasick scan on real text (all folding included; median of per-run ratios);"
            "\nthe whole check (rules, then the similarity tier when there is one) and the rules alone, in the same runs:"
        )
        for name, n, check_s, bare_s, ratio, plain_s, plain_ratio, st, hits, found in real:
            print(
                f"  {name:<34} {fmt_mb(n):>9}  check {ms(check_s):>7} ms  bare scan {ms(bare_s):>7} ms  = {ratio:.2f}x"
                f"  | rules only {ms(plain_s):>7} ms = {plain_ratio:.2f}x"
            )
            print(
                f"  {'':<34} {'':>9}  one check {ms(st['total'])} ms: fold {ms(st['fold'])} (translate {ms(st['translate'])}),"
                f" ends {ms(st['find'])}, verify {ms(st['scan'] - st['find'])}, findings {ms(st['total'] - st['fold'] - st['scan'])};"
                f" {hits:,} hits, {found:,} findings"
            )
    stats = results["native"]["mem"].get("ac_stats")
    if stats:
        print(
            f"\npyahocorasick get_stats(): {stats['nodes_count']:,} nodes, {stats['words_count']:,} words, "
            f"{stats['links_count']:,} links, longest {stats['longest_word']}, "
            f"total_size {stats['total_size'] / 1024:,.0f} KiB"
        )
        print(
            "  (pyahocorasick >= 2 allocates its trie with PyMem_*, so tracemalloc counts it in the figures above;"
            " older builds used plain malloc, outside tracemalloc - compare with total_size and the RSS delta)"
        )
    print(
        "\nfold = Folder.fold (Folder.translate + one regex pass); ends = automaton.ends, every hit as a list (unsorted);"
        "\nverify = gaps, word edges and `unless` conditions for every hit; findings = the similarity tier (when there is one),"
        "\noffset map-back and Finding objects."
    )

    if args.profile:
        import cProfile
        import pstats

        c = checker.load(backend="native", folder=folder)
        prof = cProfile.Profile()
        prof.enable()
        c.check(text)
        prof.disable()
        print("\ncProfile of one native check (by own time):")
        pstats.Stats(prof).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
