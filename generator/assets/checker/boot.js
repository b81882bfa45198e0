// Starts the checker's worker from <head>, before the stylesheets and the page: loading
// Pyodide takes seconds, so every moment counts. app.js takes the worker over
// and replays any message that arrived before it ran.
(function () {
  "use strict";
  const script = document.currentScript;
  const worker = new Worker(new URL("worker.mjs", script.src), { type: "module" });
  const early = [];
  worker.onmessage = (event) => early.push(event);
  window.__phbChecker = { worker, early };
})();
