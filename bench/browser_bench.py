"""Browser benchmark: the checker page in Chromium, cold load and per-check time.

    .venv/bin/python bench/browser_bench.py             # 5 cold loads, 30 warm checks
    .venv/bin/python bench/browser_bench.py --quick     # 2 cold loads, 10 warm checks

The built site/ is served on 127.0.0.1 by ``generator.serve``'s handler (metered here);
Debian's Chromium is driven by Playwright with the launch arguments of
tests/browser/conftest.py, and every request to another host is aborted (and
reported), as in the tests.

Cold: each run is a fresh browser context (empty HTTP cache, no service
worker). A taboo sentence is filled into the reply box as soon as the page's
DOM is there; the page records, with performance.now() (0 = navigation
start), when the checker status first says ``ready`` and when the first
finding appears (the page checks the waiting text as soon as the worker is
ready).

Warm: in one page, a ~2 kB reply (the same one bench/checker_bench.py uses)
and a one-line taboo sentence are checked repeatedly: set the status to
``stale``, put the text in the box, click Check, and wait (inside the page)
for the status to become ``clean`` or ``findings``; timed with
performance.now() in the page. That is one worker round trip (postMessage,
the Python check in Pyodide, JSON back) plus drawing the findings.

Bare boot: the same cold start of a page that only loads the vendored Pyodide in
a worker (the same files, server and caching as the checker) and runs ``1+1``:
what starting Python costs by itself, the floor for the checker's first findings.

Repeat visit: a browser profile on disk (as a staff member's browser: HTTP cache,
Chromium's compiled-code cache and the service worker's Cache Storage persist) with
the service worker allowed; after a first visit has let it cache the site, the
checker page is opened again and timed to the first finding. Where the time goes is
printed from the worker's own marks (performance.now() in the worker, converted to
the page's clock): when the worker was created and its script ran, when Pyodide's
scripts were loaded, the wasm module compiled and instantiated, the snapshot read,
the module created, the heap copied in, Python resumed, the probe checked, and when
the page showed the first finding; and where the snapshot came from (``kept``: the
worker's own unpacked copy in the origin-private file system, read straight into the
wasm memory; ``read``: the file as served, from Cache Storage or the network). Then the
floor, in the same profile: each step alone in an idle worker (starting a worker,
reading the kept snapshot into a wasm memory, compiling the wasm module, loading
Pyodide's scripts) and their sum with resuming Python (as the visits measured it):
what no start-up can go below on this machine.

The machine's load average is printed beside each set of figures: on a shared
machine they are worth only as much as the load was low.

Also printed: the wasm heap of the started checker, the bytes a cold visit
downloads (as served, from Chromium's network events), and a cold start with the
network throttled to a 100 Mbit/s intranet (Chromium's network emulation).

It prints figures and never asserts on time.
"""

import argparse
import functools
import json
import os
import shutil
import tempfile
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from generator.serve import Handler, Server  # noqa: E402
from tests.browser.conftest import ARGS, CHROMIUM, LOCAL_HOSTS  # noqa: E402

SITE = ROOT / "site"
TABOO = "这个不归我管，你找别人吧。"

# Installed before any page script runs: note when the status first becomes
# `ready` and when the first finding is added, in performance.now() time.
OBSERVER = """
(() => {
  window.__bench = { ready: null, finding: null, states: [], loading: [] };
  const watch = new MutationObserver((records) => {
    const now = performance.now();
    const b = window.__bench;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.type === "attributes" && r.attributeName === "data-state" && r.target.dataset.testid === "checker-status") {
        // The state this record set is the next record's old value, or the current one.
        const next = records.slice(i + 1).find((n) => n.target === r.target && n.attributeName === "data-state");
        const state = next ? next.oldValue : r.target.dataset.state;
        b.states.push(state);
        // The worker reports its stages as "loading" with a new text: runtime, then checker (rules).
        const text = r.target.textContent;
        if (state === "loading" && !b.loading.some((l) => l[1] === text)) b.loading.push([now, text]);
        if (state === "ready" && b.ready === null) b.ready = now;
      }
      if (r.type === "childList" && b.finding === null) {
        for (const node of r.addedNodes) {
          if (node.nodeType === 1 && (node.matches("[data-testid=finding]") || node.querySelector("[data-testid=finding]"))) {
            b.finding = now;
            break;
          }
        }
      }
    }
  });
  watch.observe(document, { subtree: true, childList: true, attributes: true, attributeOldValue: true, attributeFilter: ["data-state"] });
})();
"""

# One warm check, timed inside the page.
CHECK = """
async (text) => {
  const status = document.querySelector("[data-testid=checker-status]");
  const box = document.querySelector("[data-testid=reply-input]");
  status.dataset.state = "stale";
  box.value = text;  // no input event: no second, typing-triggered check
  const done = new Promise((resolve) => {
    const watch = new MutationObserver(() => {
      if (["clean", "findings", "failed"].includes(status.dataset.state)) { watch.disconnect(); resolve(status.dataset.state); }
    });
    watch.observe(status, { attributes: true, attributeFilter: ["data-state"] });
  });
  const t0 = performance.now();
  document.querySelector(".phb-check-run").click();
  const state = await done;
  const t1 = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  return { ms: t1 - t0, painted: performance.now() - t0, state, findings: document.querySelectorAll("[data-testid=finding]").length };
}
"""


class Guard:
    """Aborts and remembers every request that would leave this machine (as tests/browser/conftest.py)."""

    def __init__(self):
        self.blocked = []
        self.errors = []
        self.requests = 0

    def route(self, route):
        self.requests += 1
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlparse(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def observe(guard, request):
    """Without --route: watch requests instead of intercepting them (no added latency)."""
    guard.requests += 1
    url = request.url
    if not url.startswith(("data:", "blob:")) and urlparse(url).hostname not in LOCAL_HOSTS:
        guard.blocked.append(url)


def new_page(browser, guard, route=True):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    if route:
        context.route("**/*", guard.route)
    else:
        context.on("request", lambda request: observe(guard, request))
    context.add_init_script(OBSERVER)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and guard.errors.append(m.text))
    page.on("pageerror", lambda e: guard.errors.append(str(e)))
    return context, page


def summary(values, unit="ms"):
    if not values:
        return "-"
    return (
        f"median {statistics.median(values):8.1f} {unit}   min {min(values):8.1f}   max {max(values):8.1f}   (n={len(values)})"
    )


def ms(value):
    return "-" if value is None else f"{value:.0f} ms"


def load():
    return os.getloadavg()[0]


def loads(before, after):
    return f"load average {before:.1f} -> {after:.1f}"


# The worker's start-up marks (worker.mjs), in the order they happen on a snapshot start.
STEPS = (
    ("created", "worker created (boot.js)"),
    ("script", "worker script running"),
    ("scripts", "Pyodide's scripts loaded"),
    ("snapshot_reader", "snapshot reader running"),
    ("manifest", "snapshot manifest read"),
    ("bundle", "rules bundle read and hashed"),
    ("instantiate", "Pyodide asks for the wasm module"),
    ("compiled", "wasm module compiled"),
    ("snapshot_response", "snapshot response"),
    ("snapshot_first", "snapshot first chunk"),
    ("instantiated", "wasm module instantiated"),
    ("stdlib", "standard library (plain start)"),
    ("snapshot_received", "snapshot bytes all received"),
    ("heap", "snapshot file read"),
    ("module", "Pyodide module created"),
    ("copied", "heap copied into wasm memory"),
    ("restored", "Python resumed (restored)"),
    ("probed", "probe check done"),
    ("ready", "worker ready"),
    ("finding", "first finding shown (page)"),
)


def timeline(worker_marks, page_origin, finding):
    """The worker's marks on the page's clock (ms since navigation start), with the first finding."""
    marks = dict(worker_marks)
    origin = marks.pop("origin", None)
    marks.pop("fetched", None)
    if origin is None:
        return {"finding": finding}
    shift = origin - page_origin
    out = {name: value + shift for name, value in marks.items() if isinstance(value, (int, float))}
    out["created"] = shift
    out["finding"] = finding
    return out


def print_timeline(runs, indent="    "):
    for name, label in STEPS:
        values = [r[name] for r in runs if name in r]
        if values:
            print(f"{indent}{label:<32} {summary(values)}")


def cold_run(browser, url, guard, timeout_ms, route):
    context, page = new_page(browser, guard, route)
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_test_id("reply-input").fill(TABOO)
        page.get_by_test_id("finding").first.wait_for(state="visible", timeout=timeout_ms)
        wall = (time.perf_counter() - t0) * 1e3
        marks = page.evaluate(
            "() => ({...window.__bench, dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,"
            " load: performance.getEntriesByType('navigation')[0].loadEventEnd})"
        )
        marks["wall"] = wall
        state = page.get_by_test_id("checker-status").get_attribute("data-state")
        if marks["ready"] is None:
            raise RuntimeError(f"the status never said ready (states seen: {marks['states']}, now {state})")
        return marks
    finally:
        context.close()


# The bare-boot page: written into the served site for the run only, removed after.
BARE_FILES = {
    # An empty icon: without one Chromium asks for /favicon.ico, a 404 in the console.
    "assets/checker/bench-bare.html": (
        '<!doctype html><meta charset="utf-8"><title>bare boot</title><link rel="icon" href="data:,">'
        '<script src="bench-bare.js"></script>'
    ),
    "assets/checker/bench-bare.js": (
        'window.__bare = null; const w = new Worker(new URL("bench-bare.mjs", document.currentScript.src), {type: "module"});'
        " w.onmessage = (e) => { window.__bare = {value: e.data, t: performance.now()}; };"
    ),
    "assets/checker/bench-bare.mjs": (
        'import { loadPyodide } from "../pyodide/pyodide.mjs";'
        ' const py = await loadPyodide({ indexURL: new URL("../pyodide/", import.meta.url).href });'
        ' postMessage(String(py.runPython("1+1")));'
    ),
}


# The floor of a repeat visit: in the same profile, each step alone in an idle worker,
# one after the other: starting a worker, reading the kept snapshot (OPFS) into a wasm
# memory as the checker's worker does, compiling the wasm module from Cache Storage
# (streaming, so from Chromium's code cache if it has it), loading Pyodide's scripts.
BARE_FILES["assets/checker/bench-floor.html"] = (
    '<!doctype html><meta charset="utf-8"><title>floor</title><link rel="icon" href="data:,"><script src="bench-floor.js"></script>'
)
BARE_FILES["assets/checker/bench-floor.js"] = (
    'window.__floor = null; const t0 = performance.now();'
    ' const w = new Worker(new URL("bench-floor.mjs", document.currentScript.src), {type: "module"});'
    " w.onmessage = (e) => { if (e.data === 'up') { window.__up = performance.now() - t0; return; } window.__floor = {...e.data, worker: window.__up}; };"
)
BARE_FILES["assets/checker/bench-floor.mjs"] = """
postMessage("up");
const here = new URL("./", import.meta.url);
async function cached(name) {
  for (const key of (await caches.keys()).reverse()) {
    const hit = await (await caches.open(key)).match(new URL(name, here).href, { ignoreSearch: true });
    if (hit) return hit;
  }
  throw new Error(name + " is not cached");
}
const root = await navigator.storage.getDirectory();
let kept = null;
for await (const name of root.keys()) if (/^checker-snapshot-.*\.bin$/.test(name)) kept = name;
if (!kept) throw new Error("no kept snapshot");
let t = performance.now();
const handle = await (await root.getFileHandle(kept)).createSyncAccessHandle({ mode: "read-only" });
const size = handle.getSize();
const memory = new WebAssembly.Memory({ initial: Math.ceil(size / 65536) });
const bytes = handle.read(new Uint8Array(memory.buffer, 0, size), { at: 0 });
handle.close();
const read = performance.now() - t;
t = performance.now();
await WebAssembly.compileStreaming(cached("../pyodide/pyodide.asm.wasm"));
const compile = performance.now() - t;
t = performance.now();
await Promise.all([import("../pyodide/pyodide.mjs"), import("../pyodide/pyodide.asm.mjs")]);
const scripts = performance.now() - t;
postMessage({ read, bytes, compile, scripts });
"""


def floor_runs(context, base, timeout_ms, runs):
    out = []
    for _ in range(runs):
        page = context.new_page()
        page.goto(base + "assets/checker/bench-floor.html")
        page.wait_for_function("() => window.__floor !== null", timeout=timeout_ms)
        out.append(page.evaluate("() => window.__floor"))
        page.close()
    return out


def bare_run(browser, base, guard, timeout_ms, route):
    context, page = new_page(browser, guard, route)
    try:
        page.goto(base + "assets/checker/bench-bare.html")
        page.wait_for_function("() => window.__bare !== null", timeout=timeout_ms)
        bare = page.evaluate("() => window.__bare")
        if bare["value"] != "2":
            raise RuntimeError(f"bare boot answered {bare['value']!r}")
        return bare["t"]
    finally:
        context.close()


class Served:
    """Bytes the server sent (bodies as served: the site is not compressed on the fly, the
    snapshot is stored gzip-compressed) and, when ``rate`` is set (bytes per second), the
    pace it sends them at: a 100 Mbit/s intranet, whatever the page or its worker fetch."""

    total = 0
    rate = None
    lock = threading.Lock()
    free_at = 0.0  # when the shared link is next free (all connections share the rate)

    @classmethod
    def send(cls, size):
        with cls.lock:
            cls.total += size
            if not cls.rate:
                return
            start = max(time.perf_counter(), cls.free_at)
            cls.free_at = start + size / cls.rate
            wait = cls.free_at - time.perf_counter()
        if wait > 0:
            time.sleep(wait)


class MeteredHandler(Handler):
    def copyfile(self, source, outputfile):
        while True:
            chunk = source.read(64 * 1024)
            if not chunk:
                return
            Served.send(len(chunk))
            outputfile.write(chunk)


def measured_cold(browser, url, guard, timeout_ms, rate=None):
    """One cold load, the bytes it downloaded and, with ``rate``, a throttled network; (marks, bytes)."""
    context, page = new_page(browser, guard, route=False)
    Served.total, Served.rate = 0, rate
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.get_by_test_id("reply-input").fill(TABOO)
        page.get_by_test_id("finding").first.wait_for(state="visible", timeout=timeout_ms)
        marks = page.evaluate("() => ({...window.__bench, origin: performance.timeOrigin})")
        status = page.get_by_test_id("checker-status")
        marks["start"], marks["heap"] = status.get_attribute("data-start"), status.get_attribute("data-heap")
        marks["steps"] = timeline(json.loads(status.get_attribute("data-marks") or "{}"), marks["origin"], marks["finding"])
        return marks, Served.total
    finally:
        Served.rate = None
        context.close()


def until(page, script, timeout_ms):
    """Waits until the async function ``script`` gives something true (page.wait_for_function
    does not await an async function's promise: the promise itself counts as true)."""
    deadline = time.monotonic() + timeout_ms / 1e3
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            raise RuntimeError(f"not so after {timeout_ms / 1e3:.0f} s: {script}")
        page.wait_for_timeout(100)


# True once the checker's worker has kept its unpacked snapshot, whole, in the origin-private file system.
KEPT = (
    "async () => { "
    "const m = await (await fetch(\"/assets/checker/checker-snapshot.json\")).json(); "
    "const length = m.header + m.runs.reduce((sum, [, n]) => sum + n, 0); "
    "const root = await navigator.storage.getDirectory(); "
    "for await (const name of root.keys()) { "
    "if (name !== `checker-snapshot-${m.digest}.bin`) continue; "
    "try { if ((await (await root.getFileHandle(name)).getFile()).size === length) return name; } catch {} "
    "} "
    "return null; "
    "} "
)


def repeat_runs(playwright, base, url, guard, timeout_ms, runs):
    """First findings on repeat visits (a profile on disk, service worker allowed and warm),
    then the floor runs in the same profile: (visits, floor)."""
    profile = tempfile.mkdtemp(prefix="browser-bench-profile-")
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, args=ARGS, viewport={"width": 1280, "height": 900}
    )
    context.add_init_script(OBSERVER)
    context.on("request", lambda request: observe(guard, request))
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null", timeout=timeout_ms)
        page.wait_for_function("() => window.__bench.ready !== null", timeout=timeout_ms)
        until(
            page,
            "async () => { for (const key of await caches.keys()) { const c = await caches.open(key);"
            " if ((await c.keys()).some((r) => r.url.endsWith('checker-snapshot.bin.gz'))) return true; } return false; }",
            timeout_ms,
        )
        until(page, KEPT, timeout_ms)
        page.close()
        visits = []
        for _ in range(runs):
            page = context.new_page()
            page.goto(url, wait_until="domcontentloaded")
            page.get_by_test_id("reply-input").fill(TABOO)
            page.get_by_test_id("finding").first.wait_for(state="visible", timeout=timeout_ms)
            marks = page.evaluate("() => ({...window.__bench, origin: performance.timeOrigin})")
            status = page.get_by_test_id("checker-status")
            worker_marks = json.loads(status.get_attribute("data-marks") or "{}")
            steps = timeline(worker_marks, marks["origin"], marks["finding"])
            steps["source"] = worker_marks.get("source")
            visits.append((marks["finding"], status.get_attribute("data-start"), steps))
            page.close()
        return visits, floor_runs(context, base, timeout_ms, runs)
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, help="cold loads, each in a fresh context (default 5, 2 with --quick)")
    ap.add_argument("--checks", type=int, help="warm checks per text (default 30, 10 with --quick)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--route", action="store_true", help="intercept every request as the tests do (adds latency); default: only watch them")
    ap.add_argument("--lang", choices=("zh", "en"), default="zh", help="which checker page (default zh)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds to wait for the checker (default 120)")
    args = ap.parse_args()
    runs = args.runs or (2 if args.quick else 5)
    checks = args.checks or (10 if args.quick else 30)
    timeout_ms = args.timeout * 1e3

    if not (SITE / "index.html").is_file():
        sys.exit("site/ is not built: run `make build`")
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    import corpus
    from playwright.sync_api import sync_playwright

    reply, _ = corpus.make_reply(2048)
    httpd = Server(("127.0.0.1", 0), functools.partial(MeteredHandler, directory=str(SITE)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    url = base + ("en/checker/" if args.lang == "en" else "checker/")
    guard = Guard()
    for rel, text in BARE_FILES.items():
        (SITE / rel).write_text(text, encoding="utf-8")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            print(f"browser benchmark · Chromium {browser.version} · {url}")
            cold = []
            load_first = load()
            for i in range(runs):
                marks = cold_run(browser, url, guard, timeout_ms, args.route)
                cold.append(marks)
                stages = marks["loading"]
                marks["runtime"] = stages[0][0] if stages else None
                marks["rules"] = stages[1][0] if len(stages) > 1 else None
                rules = f", 'checker' {marks['rules']:.0f} ms" if marks["rules"] is not None else ""
                print(
                    f"  cold run {i + 1}: DOMContentLoaded {marks['dcl']:.0f} ms, worker stage 'runtime' {ms(marks['runtime'])}{rules},"
                    f" ready {marks['ready']:.0f} ms, first finding {marks['finding']:.0f} ms (wall from goto {marks['wall']:.0f} ms)"
                )

            # Bare boot and checker cold runs interleaved, so both see the same machine.
            bare, cold_again = [], []
            load_start = load()
            for i in range(runs):
                bare.append(bare_run(browser, base, guard, timeout_ms, args.route))
                cold_again.append(measured_cold(browser, url, guard, timeout_ms))
            load_cold = load()
            repeat, floor = repeat_runs(p, base, url, guard, timeout_ms, runs)
            load_repeat = load()
            throttled = [measured_cold(browser, url, guard, timeout_ms, rate=100e6 / 8) for _ in range(max(2, runs // 2))]

            context, page = new_page(browser, guard, args.route)
            page.goto(url)
            page.wait_for_function(
                "() => window.__bench.ready !== null || document.querySelector('[data-testid=checker-status]').dataset.state === 'failed'",
                timeout=timeout_ms,
            )
            warm = {}
            for name, text in (("reply", reply), ("taboo", TABOO)):
                page.evaluate(CHECK, text)  # one untimed check first
                results = [page.evaluate(CHECK, text) for _ in range(checks)]
                warm[name] = results
            context.close()
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
        for rel in BARE_FILES:
            (SITE / rel).unlink(missing_ok=True)

    print(f"\ncold load, {runs} fresh contexts (performance.now(), 0 = navigation start; {loads(load_first, load_start)}):")
    print(f"  DOMContentLoaded          {summary([m['dcl'] for m in cold])}")
    print(f"  worker says 'runtime'     {summary([m['runtime'] for m in cold if m['runtime'] is not None])}")
    # Only a plain start has a 'checker' stage (loading the rules); a snapshot start goes
    # from 'runtime' to 'ready', its steps are under "where the time goes" below.
    staged = [m for m in cold if m["runtime"] is not None and m["rules"] is not None]
    if staged:
        print(f"    Pyodide runtime loaded  {summary([m['rules'] - m['runtime'] for m in staged])}  (stage 'runtime' -> 'checker')")
        print(f"    rules bundle + compile  {summary([m['ready'] - m['rules'] for m in staged])}  (stage 'checker' -> 'ready')")
    if len(staged) < len(cold):
        print(f"    'runtime' -> 'ready'    {summary([m['ready'] - m['runtime'] for m in cold if m['runtime'] is not None and m['rules'] is None])}"
              "  (snapshot starts: no 'checker' stage)")
    print(f"  checker status ready      {summary([m['ready'] for m in cold])}")
    print(f"  first finding visible     {summary([m['finding'] for m in cold])}")
    print(f"  ready -> first finding    {summary([m['finding'] - m['ready'] for m in cold])}")
    bare_ms = statistics.median(bare)
    again = [m["finding"] for m, _ in cold_again]
    print(f"\nstart-up against bare Pyodide, {runs} runs each, interleaved ({loads(load_start, load_cold)}):")
    print(f"  bare Pyodide boot (1+1)   {summary(bare)}")
    print(f"  checker first finding     {summary(again)}  = {statistics.median(again) / bare_ms:.2f}x bare boot"
          f"  (start path: {sorted({m['start'] for m, _ in cold_again})})")
    reps = [t for t, _, _ in repeat]
    print(f"  repeat visit (SW warm)    {summary(reps)}  = {statistics.median(reps) / bare_ms:.2f}x bare boot  (start path: {sorted({p for _, p, _ in repeat})})")
    print(f"\ncold first finding, where the time goes (ms since navigation start, {loads(load_start, load_cold)}):")
    print_timeline([m["steps"] for m, _ in cold_again])
    steps = [m for _, _, m in repeat if m]
    print(f"\nrepeat visit, where the time goes (profile on disk, {loads(load_cold, load_repeat)}):")
    print_timeline(steps)
    kept = [m for m in steps if m.get("source") == "kept"]
    read = [m for m in steps if m.get("source") != "kept"]
    print(f"  snapshot from: {', '.join(f'{n} {name}' for n, name in ((len(kept), 'kept (OPFS)'), (len(read), 'read as served')) if n)}")
    durations = {
        "worker created after navigation": [m["created"] for m in steps if "created" in m],
        "worker script to Pyodide's scripts": [m["scripts"] - m["script"] for m in steps if "scripts" in m],
        "wasm compile (streaming, code cache)": [m["compiled"] - m["script"] for m in steps if "compiled" in m],
        "snapshot read into wasm memory (OPFS)": [m["copied"] - m["module"] for m in kept if "copied" in m],
        "snapshot file read (as served)": [m["heap"] - m["script"] for m in read if "heap" in m],
        "heap copy into wasm memory": [m["copied"] - max(m["module"], m["heap"]) for m in read if "copied" in m],
        "Python resumed after the copy": [m["restored"] - m["copied"] for m in steps if "restored" in m],
        "probe check": [m["probed"] - m["restored"] for m in steps if "probed" in m],
        "ready -> first finding (page)": [m["finding"] - m["ready"] for m in steps if "ready" in m],
    }
    print("  durations of the steps (each from its own start):")
    for label, values in durations.items():
        if values:
            print(f"    {label:<38} {summary(values)}")
    print(f"  the floor, each step alone in an idle worker of the same profile ({runs} runs):")
    print(f"    {'start a worker (new Worker -> message)':<38} {summary([f['worker'] for f in floor])}")
    print(f"    {'read the kept snapshot into memory':<38} {summary([f['read'] for f in floor])}  ({floor[0]['bytes'] / 1e6:.1f} MB)")
    print(f"    {'compile the wasm module (streaming)':<38} {summary([f['compile'] for f in floor])}")
    print(f"    {'load Pyodide scripts':<38} {summary([f['scripts'] for f in floor])}")
    resumed = durations["Python resumed after the copy"] + durations["probe check"]
    if resumed:
        parts = [statistics.median([f[k] for f in floor]) for k in ("worker", "read", "compile", "scripts")]
        resume = statistics.median(durations["Python resumed after the copy"]) + statistics.median(durations["probe check"])
        print(f"    {'sum, with resume + probe as measured':<38} {sum(parts) + resume:8.1f} ms"
              f"  (worker {parts[0]:.0f} + read {parts[1]:.0f} + compile {parts[2]:.0f} + scripts {parts[3]:.0f} + resume and probe {resume:.0f})")
    heaps = {m["heap"] for m, _ in cold_again}
    print(f"  wasm heap of the started checker: {', '.join(f'{int(h) / 2**20:.1f} MiB' for h in heaps if h)}")
    print(f"  bytes a cold visit downloads (as served): {statistics.median([b for _, b in cold_again]) / 1e6:.1f} MB")
    print(f"  cold first finding at 100 Mbit/s  {summary([m['finding'] for m, _ in throttled])}"
          f"  ({statistics.median([b for _, b in throttled]) / 1e6:.1f} MB)")
    print(f"\nwarm check in one page, {checks} checks each (click Check -> status clean/findings):")
    reply_bytes = len(reply.encode("utf-8"))
    for name, label in (("reply", f"{reply_bytes} B reply ({len(reply)} chars)"), ("taboo", f"one sentence ({len(TABOO)} chars)")):
        results = warm[name]
        states = {r["state"] for r in results}
        print(f"  {label:<28} {summary([r['ms'] for r in results])}  findings {results[-1]['findings']}, states {sorted(states)}")
        print(f"  {'  ... to next anim. frame':<28} {summary([r['painted'] for r in results])}")
    verb = "routed" if args.route else "seen"
    print(f"\nrequests {verb}: {guard.requests}; to other hosts{' (aborted)' if args.route else ''}: {len(guard.blocked)}")
    if guard.blocked:
        print("  WARNING: the page tried to reach other hosts: " + ", ".join(sorted(set(guard.blocked))[:5]))
    if guard.errors:
        print(f"  console/page errors ({len(guard.errors)}): " + " | ".join(guard.errors[:3]))
    if args.route:
        print("(every request went through Playwright's route handler, as in the tests; that adds a little to cold loads)")


if __name__ == "__main__":
    main()
