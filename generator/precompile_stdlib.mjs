// Byte-compiles Pyodide's standard library once, at build time, with Pyodide's
// own Python (run here under Node), and writes python_stdlib.pyc.zip beside the
// original. Pyodide's zip holds only .py files, so every page load compiled
// each imported module from source: shipping unchecked hash-based .pyc files
// instead takes well over a second off starting the checker.
//
// Usage: node generator/precompile_stdlib.mjs DIR   (DIR = the unpacked npm package pyodide)
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dir = resolve(process.argv[2] || ".");
const { loadPyodide } = await import(pathToFileURL(`${dir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({ indexURL: `${dir}/` });
pyodide.runPython(`
import importlib.util
import io
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

source = zipfile.ZipFile(next(p for p in sys.path if p.endswith(".zip")))
buffer = io.BytesIO()
compiled = 0
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
    for info in source.infolist():
        data = source.read(info)
        if info.filename.endswith(".py"):
            try:
                code = compile(data, info.filename, "exec", dont_inherit=True)
            except SyntaxError:  # test data files that are not meant to compile
                out.writestr(info, data)
                continue
            out.writestr(info.filename + "c", _code_to_hash_pyc(code, importlib.util.source_hash(data), False))
            compiled += 1
        else:
            out.writestr(info, data)
result = buffer.getvalue()
`);
const bytes = pyodide.globals.get("result").toJs();
writeFileSync(`${dir}/python_stdlib.pyc.zip`, bytes);
console.log(`python_stdlib.pyc.zip: ${pyodide.globals.get("compiled")} modules byte-compiled, ${bytes.length} bytes`);
