// Runs the Python checker in Pyodide, off the page's main thread.
// Messages in:  {id, text, mode, role, lang, min, settings}
// Messages out: {type: "status", stage, detail?} while loading, then {id, result} or {id, error}.
import { loadPyodide } from "../pyodide/pyodide.mjs";

const here = new URL("./", import.meta.url);
let check = null;
const waiting = [];

function status(stage, detail) {
  postMessage({ type: "status", stage, detail });
}

async function start() {
  status("runtime");
  const pyodide = await loadPyodide({ indexURL: new URL("../pyodide/", here).href });
  status("checker");
  const response = await fetch(new URL("checker-bundle.zip", here));
  if (!response.ok) throw new Error(`checker-bundle.zip: HTTP ${response.status}`);
  const bundle = await response.arrayBuffer();
  pyodide.unpackArchive(bundle, "zip", { extractDir: "/phb" });
  pyodide.runPython("import sys; sys.path.insert(0, '/phb')");
  check = pyodide.pyimport("checker.web").check_json;
  check("", "reply", "agent", "", "info", ""); // compile the rules now, not on the first keystroke
  status("ready");
  for (const message of waiting.splice(0)) answer(message);
}

function answer(message) {
  const { id, text, mode, role, lang, min, settings } = message;
  try {
    const result = check(text, mode || "reply", role || "agent", lang || "", min || "info", settings || "");
    postMessage({ id, result: JSON.parse(result) });
  } catch (error) {
    postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
}

onmessage = (event) => {
  if (check) answer(event.data);
  else waiting.push(event.data);
};

start().catch((error) => status("failed", String(error && error.message ? error.message : error)));
