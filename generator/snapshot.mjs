// Makes the checker's start-up snapshot at build time, with the vendored Pyodide
// itself under Node: the wasm heap after Python has started, the checker's
// modules are imported, the rules are loaded and the automaton is built. The
// browser restores it instead of starting Python and building all that again.
//
// Usage: node generator/snapshot.mjs PYODIDE_DIR BUNDLE_ZIP OUT_DIR
// Writes OUT_DIR/checker-snapshot.bin.gz and OUT_DIR/checker-snapshot.json (what the
// worker checks before and after restoring: the Pyodide version, the bundle's hash,
// the snapshot's size and digest, and a probe text with the findings it must give).
//
// The .bin.gz holds, gzip-compressed, the snapshot's header (Pyodide's own, `header`
// bytes, repeated in the manifest's `head`, base64) and then only the parts of the heap
// that are not zero: the manifest's `runs`, [offset in the heap, length] in 4 KiB pages. About half the heap is zeros; leaving
// them out halves what a start reads, decompresses and copies, and the worker writes
// the runs straight into the wasm memory, which is zero elsewhere.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

import { bundleId } from "./assets/checker/bundle-id.mjs";

// Free memory still holds whatever was there before (the parsed rules bundle above
// all), which compresses badly. With malloc held to its present footprint (so it
// fails instead of growing the heap), take every free block it has, zero it and
// give it back; the memory past the break is zeroed too. The snapshot is then
// mostly zeros where nothing lives.
function zeroFreeMemory(module) {
  const before = module.HEAP8.length;
  module._malloc_set_footprint_limit(module._malloc_footprint());
  const taken = [];
  for (let block = 1 << 24; block >= 64; block >>= 2) {
    for (let at = module._malloc(block); at; at = module._malloc(block)) {
      module.HEAPU8.fill(0, at, at + block);
      taken.push(at);
    }
  }
  for (const at of taken) module._free(at);
  module._malloc_set_footprint_limit(-1); // no limit again
  module.HEAPU8.fill(0, module._sbrk(0));
  if (module.HEAP8.length !== before) throw new Error("zeroing free memory grew the heap");
}

function allZero(bytes) {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

// [offset, length] of the stretches of `bytes` whose pages are not all zero.
function nonZeroRuns(bytes, page) {
  const runs = [];
  for (let at = 0; at < bytes.length; at += page) {
    const end = Math.min(at + page, bytes.length);
    if (allZero(bytes.subarray(at, end))) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === at) last[1] += end - at;
    else runs.push([at, end - at]);
  }
  return runs;
}

const [dir, bundlePath, outDir] = process.argv.slice(2).map((p) => resolve(p));
const { loadPyodide, version } = await import(pathToFileURL(`${dir}/pyodide.mjs`).href);
const bundle = new Uint8Array(readFileSync(bundlePath));

// With the byte-compiled standard library the site ships (see precompile_stdlib.mjs).
const stdlib = `${dir}/python_stdlib.pyc.zip`;
const probe = "这个不归我管，你找别人吧。";
const start = `
import json, sys
sys.path.insert(0, "/phb")
import checker.state, checker.web
`;
// What the two interpreters must answer alike: the probe's rules, and a digest of the
// answers to every rule example.
const answers = `
json.dumps([sorted({f["rule"] for f in json.loads(checker.web.check_json(${JSON.stringify(probe)}))["findings"]}),
            checker.state.digest(checker.state.example_texts())])
`;

// The checker is started in a first interpreter and carried over, pickled, into the one
// the snapshot is taken of (checker/state.py): there its objects lie side by side, not
// between the holes that reading the bundle and building the engine leave.
const builder = await loadPyodide({ indexURL: `${dir}/`, stdLibURL: stdlib });
builder.unpackArchive(bundle, "zip", { extractDir: "/phb" });
builder.runPython(`${start}checker.web.warm_up()`);
const built = builder.runPython(answers);
const state = builder.runPython("checker.state.dump()").toJs();

const pyodide = await loadPyodide({ indexURL: `${dir}/`, _makeSnapshot: true, stdLibURL: stdlib });
pyodide.unpackArchive(bundle, "zip", { extractDir: "/phb" });
pyodide.globals.set("state", state);
pyodide.runPython(`${start}
checker.state.load(state.to_bytes())
del state
# Everything a check may import lazily is imported now, while the files are there:
# the snapshot keeps memory, not the file system.
checker.web.warm_up()
`);
const loaded = pyodide.runPython(answers);
if (loaded !== built) throw new Error(`the checker carried over answers differently: ${loaded} against ${built}`);
const expected = JSON.stringify(JSON.parse(loaded)[0]);
pyodide.runPython("import gc; gc.collect()");
zeroFreeMemory(pyodide._module);
const snapshot = pyodide.makeMemorySnapshot();
const header = new Uint32Array(snapshot.buffer, snapshot.byteOffset, 2)[1]; // where the heap starts
const runs = nonZeroRuns(snapshot.subarray(header), 4096);
const parts = [snapshot.subarray(0, header), ...runs.map(([at, length]) => snapshot.subarray(header + at, header + at + length))];
const file = Buffer.concat(parts);
const packed = gzipSync(file, { level: 6 });
writeFileSync(`${outDir}/checker-snapshot.bin.gz`, packed);
const manifest = {
  pyodide: version,
  bundle: bundleId(bundle),
  size: snapshot.length,
  header,
  head: Buffer.from(snapshot.subarray(0, header)).toString("base64"),
  runs,
  // Names the browser's own unpacked copy of this very file (see worker.mjs).
  digest: createHash("sha256").update(file).digest("hex").slice(0, 32),
  stdlib: statSync(stdlib).size, // the standard library's size, which the worker keeps beside it
  // The lock file's header: a start from the snapshot loads no packages and gives Pyodide this alone.
  lockfile: JSON.parse(readFileSync(`${dir}/pyodide-lock.json`, "utf8")).info,
  probe,
  rules: JSON.parse(expected),
};
writeFileSync(`${outDir}/checker-snapshot.json`, JSON.stringify(manifest));
const kept = runs.reduce((sum, [, length]) => sum + length, 0);
console.log(`checker-snapshot.bin.gz: heap ${snapshot.length - header} bytes, ${kept} not zero in ${runs.length} runs, ${packed.length} compressed`);
