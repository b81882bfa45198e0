// Runs the Python checker in Pyodide, off the page's main thread.
// Messages in:  {id, call, args}: call one function of checker.web (check_json, decode_json).
// Messages out: {type: "status", stage, detail?} while loading, then {id, result} or {id, error}.
//
// Start-up: the build saves the started checker (Python, the checker's modules, the
// loaded rules and the automaton) as a memory snapshot (generator/snapshot.mjs).
// Restoring it skips all of that; when it cannot be used (missing, corrupt, made by
// another Pyodide or for other rules, or it fails its probe) the worker starts
// Python and the checker the plain way. The "ready" status says which path ran.
import { loadPyodide, version } from "../pyodide/pyodide.mjs";
import createPyodideModule from "../pyodide/pyodide.asm.mjs";
import { bundleId } from "./bundle-id.mjs";

const here = new URL("./", import.meta.url);
const indexURL = new URL("../pyodide/", here).href;
const CALLS = new Set(["check_json", "decode_json"]);
let web = null;
const waiting = [];

function status(stage, detail) {
  postMessage({ type: "status", stage, detail });
}

async function fetchBytes(name) {
  const response = await fetch(new URL(name, here));
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response;
}

// The heap a snapshot restores into starts at the wasm module's own initial size;
// a snapshot is larger, so grow the heap to the snapshot's size first (the module's
// own growMemory refreshes its views; the restore then overwrites the heap).
function growingTo(size) {
  return async (settings) => {
    const module = await createPyodideModule(settings);
    if (module.HEAP8.length < size) module.growMemory(size);
    if (module.HEAP8.length < size) throw new Error(`heap ${module.HEAP8.length} < snapshot ${size}`);
    return module;
  };
}

async function heapOf(response, size) {
  const heap = new Uint8Array(await new Response(response.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
  if (heap.length !== size) throw new Error(`size ${heap.length}, expected ${size}`);
  marks.heap = performance.now();
  return heap;
}

async function fromSnapshot(bundleReady) {
  const manifest = await (await fetchBytes("checker-snapshot.json")).json();
  if (manifest.pyodide !== version) throw new Error(`made with Pyodide ${manifest.pyodide}, this is ${version}`);
  // The heap downloads and unpacks while Pyodide fetches and compiles its wasm.
  const heap = fetchBytes("checker-snapshot.bin.gz").then((response) => heapOf(response, manifest.size));
  heap.catch(() => {}); // a failure is reported by loadPyodide's await below
  const bundle = await bundleReady;
  if (manifest.bundle !== bundleId(bundle)) throw new Error("made for other rules");
  const pyodide = await loadPyodide({ indexURL, _loadSnapshot: heap, createPyodideModule: growingTo(manifest.size) });
  marks.restored = performance.now();
  // The snapshot keeps memory, not files: the bundle goes back where team settings read it.
  pyodide.unpackArchive(bundle, "zip", { extractDir: "/phb" });
  const web = pyodide.pyimport("checker.web");
  const found = JSON.parse(web.check_json(manifest.probe)).findings.map((f) => f.rule);
  const rules = [...new Set(found)].sort();
  if (JSON.stringify(rules) !== JSON.stringify(manifest.rules)) throw new Error("failed its probe");
  marks.probed = performance.now();
  return { pyodide, web };
}

async function plain(bundle) {
  const pyodide = await loadPyodide({ indexURL, createPyodideModule });
  status("checker");
  pyodide.unpackArchive(bundle, "zip", { extractDir: "/phb" });
  pyodide.runPython("import sys; sys.path.insert(0, '/phb')");
  const web = pyodide.pyimport("checker.web");
  web.warm_up(); // compile the rules now, not on the first keystroke
  return { pyodide, web };
}

const marks = {}; // performance.now() of the start-up steps, reported with "ready"

async function start() {
  status("runtime");
  const bundleReady = fetchBytes("checker-bundle.zip").then(async (response) => new Uint8Array(await response.arrayBuffer()));
  let started, path = "snapshot";
  try {
    started = await fromSnapshot(bundleReady);
  } catch (error) {
    path = `plain start (snapshot not used: ${error && error.message ? error.message : error})`;
    started = await plain(await bundleReady);
  }
  web = started.web;
  marks.ready = performance.now();
  status("ready", { path, heap: started.pyodide._module.HEAP8.length, marks });
  for (const message of waiting.splice(0)) answer(message);
}

function answer(message) {
  const { id, call, args } = message;
  try {
    if (!CALLS.has(call)) throw new Error(`unknown call ${call}`);
    postMessage({ id, result: JSON.parse(web[call](...args)) });
  } catch (error) {
    postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
}

onmessage = (event) => {
  if (web) answer(event.data);
  else waiting.push(event.data);
};

start().catch((error) => status("failed", String(error && error.message ? error.message : error)));
