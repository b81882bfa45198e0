// Reads one of the checker's start-up files on a thread of its own: the checker's
// worker (worker.mjs) starts one for the snapshot and one for Python's standard
// library, and is meanwhile busy loading Pyodide's scripts and the wasm module.
// Message in: {url, cache, length, head}: the file's URL, the name of the service
// worker's cache to read it from (or null: fetch it) and, for the snapshot, its length
// once unpacked and Pyodide's header it begins with (null for a file read as it is).
// For the snapshot, {url, cache, snapshot: true} starts the read before the manifest is
// there (on a first visit) and a later {length, head} gives what it says.
// Message out: {file} (an ArrayBuffer, transferred; for the snapshot with `marks`, when
// this thread's steps happened) or {error}.
// Or, message in: {keep: [{name, file}], prefix}: write each file (the snapshot file,
// unpacked, and Python's standard library; transferred) to the origin-private file
// system under its name for the next visits, and remove the files there of other
// versions (named checker-snapshot-*, not beginning with `prefix`); nothing is sent back.

// When this thread's steps happened (performance.now() on this thread's clock, and its
// origin): sent back with the file; worker.mjs puts the snapshot's on its own clock for
// the benchmark's timeline (bench/browser_bench.py).
const marks = { origin: performance.timeOrigin, reader: performance.now() };

// worker.mjs has the same; a module both import would cost this thread one more fetch before its read.
async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${new URL(url).pathname.split("/").pop()}: HTTP ${response.status}`);
  return response;
}

// The file (see generator/snapshot.mjs): Pyodide's header, then the heap's
// non-zero runs. Gzip-compressed as the server sends it and the service worker keeps
// it, or already unpacked by the browser (a server that sends it with
// Content-Encoding: gzip): told apart by gzip's first two bytes. Read in chunks into
// one buffer (in chunks, it measured faster than response.arrayBuffer()).
// The snapshot's length and header, given with the first message or by a later one.
let size = null;
let sized = null;
const sizeKnown = new Promise((resolve) => (sized = resolve));
function setSize(length, head) {
  size = { length, head };
  sized(size);
}

async function readSnapshot(response) {
  marks.response = performance.now();
  const reader = response.body.getReader();
  const first = await reader.read();
  marks.first = performance.now();
  const gzip = !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b;
  let chunks = reader;
  if (gzip) {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(first.value);
      },
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          marks.received = performance.now();
          controller.close();
        } else controller.enqueue(value);
      },
    });
    chunks = body.pipeThrough(new DecompressionStream("gzip")).getReader();
  }
  // Chunks that come before the length is known wait in `early`.
  let file = null, at = 0, early = [];
  const place = (value) => {
    if (at + value.length > file.length) throw new Error(`larger than its ${file.length} bytes`);
    file.set(value, at);
    at += value.length;
  };
  const allocate = () => {
    file = new Uint8Array(size.length);
    for (const value of early) place(value);
    early = null;
  };
  for (let next = gzip ? await chunks.read() : first; !next.done; next = await chunks.read()) {
    if (!file && size) allocate();
    if (file) place(next.value);
    else early.push(next.value);
  }
  marks.received ??= performance.now(); // (set by the gzip stream's last pull)
  if (!file) {
    await sizeKnown;
    allocate();
  }
  const { length, head } = size;
  if (at !== length) throw new Error(`size ${at}, expected ${length}`);
  if (file.subarray(0, head.length).some((b, i) => b !== head[i])) throw new Error("its header is not the manifest's");
  return file;
}

// Written in one go under its own name: a write cut short leaves a file shorter than
// the snapshot, which the worker passes over and this writes again. (A temporary name
// and move() left Chromium listing a name it then could not open.) An open that does
// not settle (a lock left by a stopped worker, see openKept in worker.mjs) is given
// up after a while, so that this thread ends and lets the buffers go.
const OPEN_WAIT = 5000;
async function keep(name, file) {
  const root = await navigator.storage.getDirectory();
  const opening = root.getFileHandle(name, { create: true }).then((entry) => entry.createSyncAccessHandle());
  const handle = await Promise.race([opening, new Promise((resolve) => setTimeout(resolve, OPEN_WAIT, null))]);
  if (!handle) throw new Error(`${name} stays locked`);
  try {
    handle.truncate(0);
    if (handle.write(new Uint8Array(file), { at: 0 }) !== file.byteLength) throw new Error("short write");
    handle.flush();
  } finally {
    handle.close();
  }
}

async function forgetOthers(prefix) {
  const root = await navigator.storage.getDirectory();
  for await (const other of root.keys()) {
    if (other.startsWith("checker-snapshot-") && !other.startsWith(prefix)) await root.removeEntry(other).catch(() => {});
  }
}

onmessage = async ({ data }) => {
  if (data.keep) {
    for (const { name, file } of data.keep) await keep(name, file).catch(() => {}); // the next visit reads it as before
    await forgetOthers(data.prefix).catch(() => {});
    close();
    return;
  }
  if (data.length && !data.url) {
    setSize(data.length, data.head);
    return;
  }
  if (data.head) setSize(data.length, data.head);
  try {
    const hit = data.cache && (await (await caches.open(data.cache)).match(data.url, { ignoreSearch: true }));
    const response = hit || (await fetchOk(data.url));
    const snapshot = Boolean(data.head || data.snapshot);
    const file = snapshot ? (await readSnapshot(response)).buffer : await response.arrayBuffer();
    postMessage(snapshot ? { file, marks } : { file }, [file]);
  } catch (error) {
    postMessage({ error: String(error && error.message ? error.message : error) });
  }
  close();
};
