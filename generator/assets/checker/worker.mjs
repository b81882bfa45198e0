// Runs the Python checker in Pyodide, off the page's main thread.
// Messages in:  {id, call, args}: call one function of checker.web (check_json, decode_json).
// Messages out: {type: "status", stage, detail?} while loading, then {id, result} or {id, error}.
//
// Start-up: the build saves the started checker (Python, the checker's modules, the
// loaded rules and the automaton) as a memory snapshot (generator/snapshot.mjs).
// Restoring it skips all of that; when it cannot be used (missing, corrupt, made by
// another Pyodide or for other rules, or it fails its probe) the worker starts
// Python and the checker the plain way. The "ready" status says which path ran.
//
// Nothing waits for anything it does not need: the files are requested and the wasm
// module compiles (streaming, so Chromium can take it from its compiled-code cache)
// before Pyodide's own scripts are even loaded, and the heap is read while they are
// (on a repeat visit it is read from this browser's own copy, see keptReady).
import { bundleId } from "./bundle-id.mjs";

// performance.now() of the start-up steps (worker clock; `origin` converts them to the
// page's), reported with "ready" for the benchmark.
const marks = { origin: performance.timeOrigin, script: performance.now() };
function mark(name) {
  marks[name] = performance.now();
}

const here = new URL("./", import.meta.url);
const indexURL = new URL("../pyodide/", here).href;
const CALLS = new Set(["check_json", "decode_json"]);
let web = null;
let unpack = null; // puts the rules bundle's files back, the first time a call needs them
const waiting = [];

function status(stage, detail) {
  postMessage({ type: "status", stage, detail });
}

function reason(error) {
  return String(error && error.message ? error.message : error);
}

const fetchAsUsual = self.fetch.bind(self);

async function fetchOk(url) {
  const response = await fetchAsUsual(url);
  if (!response.ok) throw new Error(`${url.pathname.split("/").pop()}: HTTP ${response.status}`);
  return response;
}

// Settled quietly until someone awaits them: a failure is reported where it matters.
function started(promise) {
  promise.catch(() => {});
  return promise;
}

const MANIFEST = new URL("checker-snapshot.json", here);
const SNAPSHOT = new URL("checker-snapshot.bin.gz", here);
const BUNDLE = new URL("checker-bundle.zip", here);
const WASM = new URL("pyodide.asm.wasm", indexURL);
const STDLIB = new URL("python_stdlib.zip", indexURL);

// On a repeat visit the service worker's cache holds these files: read them from
// Cache Storage directly rather than through the service worker, which costs a
// round trip and copies every chunk once more. Only the newest cache of the handbook's
// that holds all of them is used (one being filled by an update is passed over);
// without one (no service worker, an http:// intranet site) they are fetched.
const cacheReady = started((async () => {
  if (!self.caches) return null;
  const names = (await caches.keys()).filter((name) => name.startsWith("handbook-")).reverse();
  for (const name of names) {
    const cache = await caches.open(name);
    const urls = [MANIFEST, SNAPSHOT, BUNDLE, WASM, STDLIB];
    const hits = await Promise.all(urls.map((url) => cache.match(url, { ignoreSearch: true })));
    if (hits.every(Boolean)) return { name, hits: new Map(hits.map((hit, i) => [urls[i].href, hit])) };
  }
  return null;
})().catch(() => null));

async function get(url) {
  const cache = await cacheReady;
  return (cache && cache.hits.get(url.href)) || fetchOk(url);
}

const manifestReady = started(get(MANIFEST).then((response) => response.json()));
const bundleReady = started(get(BUNDLE).then(async (response) => new Uint8Array(await response.arrayBuffer())));
const compiled = started(WebAssembly.compileStreaming(get(WASM)).then((module) => (mark("compiled"), module)));
// The snapshot is read on a thread of its own (snapshot-reader.mjs), as soon as the
// manifest says how long it is: on this one, Pyodide's scripts and the wasm module
// keep the thread busy, and a read in chunks waits for every gap between them.
function reader(message) {
  const thread = new Worker(new URL("snapshot-reader.mjs", here), { type: "module" });
  const file = new Promise((resolve, reject) => {
    thread.onmessage = ({ data }) => {
      if (data.error) return reject(new Error(data.error));
      if (data.marks) {
        const { origin, ...steps } = data.marks;
        for (const [name, at] of Object.entries(steps)) marks[`snapshot_${name}`] = at + origin - marks.origin;
      }
      resolve(data.file);
    };
    thread.onerror = (event) => reject(new Error(event.message || "the snapshot reader failed"));
    thread.postMessage(message);
  });
  return { thread, file: started(file) };
}

function readElsewhere(message) {
  return reader(message).file;
}

// The snapshot file's length: Pyodide's header, then the heap's non-zero runs.
function lengthOf(manifest) {
  return manifest.header + manifest.runs.reduce((sum, [, n]) => sum + n, 0);
}

// After its first start from the snapshot, the worker keeps the file unpacked in this
// browser's origin-private file system (OPFS; see keep() below), under a name that
// carries the snapshot's digest. A repeat visit reads it from there synchronously, run
// by run, straight into the wasm memory: no thread, no transfer, no copy (48 MB in
// 60-75 ms alone on a 2-core machine, against 110-210 ms through Cache Storage and a
// 50 ms copy after).
// Only a secure context has one, as only it has a service worker; without it, or
// while the file is not there yet, the snapshot is read as the server sends it.
function keptName(manifest) {
  return `checker-snapshot-${manifest.digest}.bin`;
}

// The standard library is kept beside it (see stdlibReady).
function stdlibName(manifest) {
  return `checker-snapshot-${manifest.digest}.stdlib`;
}

function hasOPFS() {
  return Boolean(self.navigator && navigator.storage && navigator.storage.getDirectory);
}

// The kept file `name`, open for reading, if it is there with `length` bytes (else null).
// Read-only: tabs opened together can each read it.
// A worker stopped while it opened the file (a reload during start-up) can leave
// Chromium's lock on it held: the next open then never settles (seen on one start in
// six of the offline test). Past OPEN_WAIT the file is passed over, the snapshot is
// read as served, and the handle is closed should it come after all. The wait is long
// enough for a busy machine: the open settles only when this thread is free, and it is
// busy loading Pyodide's scripts meanwhile (at 1.5 s, 1 start in 4 of a loaded test run
// passed a good kept copy over).
const OPEN_WAIT = 3000;
async function openKept(name, length) {
  const root = await navigator.storage.getDirectory();
  const opening = root.getFileHandle(name).then((file) => file.createSyncAccessHandle({ mode: "read-only" }));
  const handle = await Promise.race([opening, new Promise((resolve) => setTimeout(resolve, OPEN_WAIT, null))]);
  if (!handle) {
    opening.then((late) => late.close(), () => {});
    return null;
  }
  if (handle.getSize() === length) return handle;
  handle.close();
  return null;
}

const keptReady = started(manifestReady.then((manifest) => (manifest.digest && hasOPFS() ? openKept(keptName(manifest), lengthOf(manifest)) : null)).catch(() => null));

// A kept file that did not restore is removed: the next visit reads the snapshot anew.
async function forgetKept(manifest) {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(keptName(manifest));
}

// Hands the files this start read as served (the snapshot file unless it came from the
// kept copy, null then, and the standard library) to a thread of their own, which writes
// them to OPFS; the buffers are transferred: this worker is done with them.
function keep(manifest, snapshotFile) {
  if (!manifest.digest || !hasOPFS()) return;
  const files = [];
  if (stdlibBytes && stdlibBytes.length === manifest.stdlib) files.push({ name: stdlibName(manifest), file: stdlibBytes.buffer });
  if (snapshotFile) files.push({ name: keptName(manifest), file: snapshotFile.buffer });
  stdlibBytes = null;
  if (!files.length) return;
  const writer = new Worker(new URL("snapshot-reader.mjs", here), { type: "module" });
  writer.postMessage({ keep: files, prefix: `checker-snapshot-${manifest.digest}.` }, files.map((f) => f.file));
}

const headerReady = started(manifestReady.then(headerOf));

// On a first visit (no kept copy of any snapshot in this browser) the snapshot is read
// at once, without waiting for the manifest, which is given to the reader when it comes
// (see snapshotReady): the read is what a first visit waits for longest.
const earlyReader = started((async () => {
  if (hasOPFS()) {
    const root = await navigator.storage.getDirectory();
    for await (const name of root.keys()) if (name.startsWith("checker-snapshot-") && name.endsWith(".bin")) return null;
  }
  const cache = await cacheReady;
  return reader({ url: SNAPSHOT.href, cache: cache && cache.name, snapshot: true });
})().catch(() => null));

// {kept: an OPFS access handle} or {file: the snapshot file's bytes}.
const snapshotReady = started(Promise.all([headerReady, manifestReady, cacheReady, keptReady, earlyReader]).then(async ([head, manifest, cache, kept, early]) => {
  if (kept) return { kept };
  let bytes;
  if (early) {
    early.thread.postMessage({ length: lengthOf(manifest), head });
    bytes = await early.file;
  } else {
    bytes = await readElsewhere({ url: SNAPSHOT.href, cache: cache && cache.name, length: lengthOf(manifest), head });
  }
  mark("heap");
  return { file: new Uint8Array(bytes) };
}));

// Python's standard library. A plain start needs it before Python runs: Pyodide fetches
// it itself (answered by fetchStdlib). A start from the snapshot does not: the restored
// interpreter has imported all a check uses (checker.web.warm_up, before the snapshot)
// and knows the archive's table of contents already, so Pyodide is given an empty file
// in its place and the archive is put into the file system after the worker is ready
// (installStdlib), for what a later call may still import. It comes from the kept copy
// (4.5 MB in a few ms), from the service worker's cache (read by another thread) or
// from the server. What was not read from the kept copy is held (stdlibBytes) for keep().
let stdlibBytes = null;
let stdlibRead = null;
function stdlibReady() {
  stdlibRead ??= started(manifestReady.then(async (manifest) => {
    const kept = manifest.digest && manifest.stdlib && hasOPFS() ? await openKept(stdlibName(manifest), manifest.stdlib).catch(() => null) : null;
    if (kept) {
      try {
        const bytes = new Uint8Array(manifest.stdlib);
        if (kept.read(bytes, { at: 0 }) === bytes.length) return { bytes, kept: true };
      } finally {
        kept.close();
      }
    }
    const cache = await cacheReady;
    return cache ? { bytes: new Uint8Array(await readElsewhere({ url: STDLIB.href, cache: cache.name, length: null, head: null })) } : null;
  }));
  return stdlibRead;
}

function fetchStdlib(url, options) {
  return stdlibReady().then((got) => {
    if (!got) {
      return fetchAsUsual(url, options).then((response) => {
        if (response.ok) response.clone().arrayBuffer().then((b) => (stdlibBytes = new Uint8Array(b)), () => {});
        return response;
      });
    }
    mark("stdlib");
    if (!got.kept) stdlibBytes = got.bytes;
    return new Response(got.bytes); // (a copy: the bytes stay for keep())
  }, () => fetchAsUsual(url, options));
}

// The empty stand-in a start from the snapshot gives Pyodide for the standard library.
const LATER = new URL("python_stdlib.zip?later", indexURL);

// Puts the standard library where the restored interpreter expects it, once. Python
// runs only inside a call, which is synchronous: the file never appears in the middle of one.
let stdlibInstalled = null;
function installStdlib(pyodide, manifest) {
  stdlibInstalled ??= (async () => {
    const got = await stdlibReady().catch(() => null);
    let bytes = got && got.bytes;
    if (!bytes) stdlibBytes = bytes = new Uint8Array(await (await fetchOk(STDLIB)).arrayBuffer());
    else if (!got.kept) stdlibBytes = bytes;
    const [major, minor] = pyodide._api.pyVersionTuple;
    pyodide.FS.writeFile(`/lib/python${major}${minor}.zip`, bytes);
    mark("stdlib");
    keep(manifest, null);
  })();
  return stdlibInstalled;
}

// Pyodide's own fetch of the wasm module is answered with an empty response: the module
// compiled above takes its place (see instantiateStreaming below), and a cold visit
// does not download it twice.
self.fetch = (url, options) => {
  if (String(url) === WASM.href) return Promise.resolve(new Response(null, { headers: { "Content-Type": "application/wasm" } }));
  if (String(url) === STDLIB.href) return fetchStdlib(url, options);
  if (String(url) === LATER.href) return Promise.resolve(new Response(new Uint8Array(0)));
  return fetchAsUsual(url, options);
};

// Pyodide instantiates its wasm module with instantiateStreaming over its own fetch,
// and only once the snapshot's header is there; the module compiled above (in
// parallel) takes its place. If that compile failed, the module is fetched again here.
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = async (source, imports) => {
  mark("instantiate");
  let module;
  try {
    module = await compiled;
  } catch {
    return instantiateStreaming(fetchOk(WASM), imports);
  }
  const instance = await WebAssembly.instantiate(module, imports);
  mark("instantiated");
  return { module, instance };
};

// Pyodide's header of the snapshot, which the manifest repeats (base64): Pyodide needs
// it before it creates the wasm module, which can then start while the file is read.
function headerOf(manifest) {
  const head = Uint8Array.from(atob(manifest.head), (c) => c.charCodeAt(0));
  if (head.length !== manifest.header) throw new Error("its manifest's header is damaged");
  return head;
}

// Writes run after run of the snapshot file into `heap`: from the bytes read, or read
// from the kept file straight into place.
function writeRuns(source, manifest, heap, initial) {
  const size = manifest.size - manifest.header;
  const kept = source.kept;
  if (kept) {
    const head = new Uint8Array(manifest.header);
    if (kept.read(head, { at: 0 }) !== head.length || head.some((b, i) => b !== source.head[i])) throw new Error("its kept copy's header is not the manifest's");
  }
  let from = manifest.header, end = 0;
  for (const [at, length] of manifest.runs) {
    if (at < end || at + length > size) throw new Error("its runs overlap or overflow");
    if (end < initial) heap.fill(0, end, Math.min(at, initial));
    const into = heap.subarray(at, at + length);
    if (!kept) into.set(source.file.subarray(from, from + length));
    else if (kept.read(into, { at: from }) !== length) throw new Error("its kept copy is cut short");
    from += length;
    end = at + length;
  }
  if (end < initial) heap.fill(0, end, initial);
}

// Pyodide creates the wasm module, then copies the snapshot's heap into its memory and
// starts from there. The header alone is given to Pyodide (so it copies nothing); here
// the memory is grown to the snapshot's size and the runs are written into it, and
// the rest is zeroed where the new module has written something (its own initial
// memory; what growing adds is zero already).
function restoringInto(createPyodideModule, manifest, snapshot) {
  return async (settings) => {
    const module = await createPyodideModule(settings);
    mark("module");
    const initial = module.HEAP8.length;
    const size = manifest.size - manifest.header;
    if (initial < size) module.growMemory(size);
    if (module.HEAP8.length < size) throw new Error(`heap ${module.HEAP8.length} < snapshot ${size}`);
    const source = await snapshot;
    try {
      writeRuns({ ...source, head: await headerReady }, manifest, module.HEAPU8, initial);
    } finally {
      if (source.kept) source.kept.close();
    }
    if (source.kept) mark("heap");
    mark("copied");
    return module;
  };
}

async function fromSnapshot(pyodideModule, createPyodideModule) {
  const manifest = await manifestReady;
  mark("manifest");
  if (manifest.pyodide !== pyodideModule.version) throw new Error(`made with Pyodide ${manifest.pyodide}, this is ${pyodideModule.version}`);
  const bundle = await bundleReady;
  mark("bundle");
  if (manifest.bundle !== bundleId(bundle)) throw new Error("made for other rules");
  const header = await headerReady;
  const pyodide = await pyodideModule.loadPyodide({
    indexURL,
    _loadSnapshot: header,
    createPyodideModule: restoringInto(createPyodideModule, manifest, snapshotReady),
    stdLibURL: LATER.href,
    // The checker loads no packages: the lock file's header is all Pyodide checks (its
    // ABI), so the 120 kB file is neither fetched nor parsed.
    ...(manifest.lockfile ? { lockFileContents: { info: manifest.lockfile, packages: {} } } : {}),
  });
  mark("restored");
  const web = pyodide.pyimport("checker.web");
  const found = JSON.parse(web.check_json(manifest.probe)).findings.map((f) => f.rule);
  const rules = [...new Set(found)].sort();
  if (JSON.stringify(rules) !== JSON.stringify(manifest.rules)) throw new Error("failed its probe");
  mark("probed");
  const source = await snapshotReady;
  marks.source = source.kept ? "kept" : "read";
  keep(manifest, source.file || null);
  // The snapshot keeps memory, not files. A check reads none (all it needs is in the
  // restored heap), so the bundle goes back to /phb only when a call fails without it
  // (unpacking it costs about as much as the rest of a repeat visit).
  unpack = () => pyodide.unpackArchive(bundle, "zip", { extractDir: "/phb" });
  return { pyodide, web, later: () => installStdlib(pyodide, manifest) };
}

async function plain(pyodideModule, createPyodideModule, bundle) {
  const pyodide = await pyodideModule.loadPyodide({ indexURL, createPyodideModule });
  status("checker");
  pyodide.unpackArchive(bundle, "zip", { extractDir: "/phb" });
  pyodide.runPython("import sys; sys.path.insert(0, '/phb')");
  const web = pyodide.pyimport("checker.web");
  web.warm_up(); // compile the rules now, not on the first keystroke
  return { pyodide, web };
}

async function start() {
  status("runtime");
  const [pyodideModule, { default: createPyodideModule }] = await Promise.all([import("../pyodide/pyodide.mjs"), import("../pyodide/pyodide.asm.mjs")]);
  mark("scripts");
  let up, path = "snapshot";
  try {
    up = await fromSnapshot(pyodideModule, createPyodideModule);
  } catch (error) {
    path = `plain start (snapshot not used: ${reason(error)})`;
    unpack = null;
    earlyReader.then((early) => early && early.thread.terminate());
    const kept = await keptReady; // (not the file being read: a plain start waits for nothing)
    if (kept) {
      kept.close(); // closing twice does nothing
      await forgetKept(await manifestReady).catch(() => {});
    }
    up = await plain(pyodideModule, createPyodideModule, await bundleReady);
  }
  web = up.web;
  later = up.later || null;
  mark("ready");
  // When each file's fetch started and finished (from the service worker's cache on a repeat visit).
  marks.fetched = Object.fromEntries(performance.getEntriesByType("resource").map((r) => [r.name.split("/").pop(), [r.startTime, r.responseEnd]]));
  status("ready", { path, heap: up.pyodide._module.HEAP8.length, marks });
  for (const message of waiting.splice(0)) queue(message);
  // The standard library, read or fetched once the calls that waited for the start are
  // answered; the calls go on meanwhile (one that needs it waits for it, see answer).
  if (later) setTimeout(() => later && later().catch(() => {}), 0);
}

function call({ call, args }) {
  if (!CALLS.has(call)) throw new Error(`unknown call ${call}`);
  return JSON.parse(web[call](...args));
}

// What a call may need that a start from the snapshot leaves for later: the standard
// library's archive and the rules bundle's files (the snapshot keeps memory, not files;
// unpacking the bundle costs about as much as the rest of a repeat visit).
let later = null;
async function restoreFiles() {
  const install = later;
  later = null;
  if (install) await install();
  if (unpack) {
    const restore = unpack;
    unpack = null;
    restore();
  }
}

async function answer(request) {
  const { id } = request;
  let result;
  try {
    try {
      result = call(request);
    } catch (error) {
      if (!later && !unpack) throw error;
      // Perhaps it needed a file: put them back and try once more.
      await restoreFiles();
      result = call(request);
    }
  } catch (error) {
    postMessage({ id, error: reason(error) });
    return;
  }
  postMessage({ id, result });
}

// Calls are answered one at a time, in order.
let line = Promise.resolve();
function queue(request) {
  const next = () => answer(request);
  line = line.then(next, next);
}

onmessage = (event) => {
  if (web) queue(event.data);
  else waiting.push(event.data);
};

start().catch((error) => status("failed", reason(error)));
