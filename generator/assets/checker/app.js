// The reply checker page: talks to the worker, shows findings, applies suggestions.
// User text is only ever inserted with textContent / text nodes, never as HTML.
(function () {
  "use strict";
  const root = document.querySelector(".phb-checker");
  const script = document.currentScript;
  if (!root || !script) return;
  const base = new URL("./", script.src);
  const zh = root.dataset.lang !== "en";
  const T = zh
    ? {
        runtime: "正在加载 Python 运行环境…", checker: "正在加载检查规则…", ready: "就绪，可以开始检查。",
        fromSnapshot: "（快速启动）", plainStart: "（常规启动）", newVersion: "网站有新版本，刷新页面即可使用。", reload: "刷新",
        failed: "检查器无法启动：", timeout: "检查器加载超时。请确认网站服务器允许 WebAssembly（Content-Security-Policy 需含 'wasm-unsafe-eval'）后刷新页面。",
        checking: "正在检查…", clean: "没有发现问题。", found: (n) => `发现 ${n} 处问题。`, say: "改为：",
        copied: "报告已复制。", line: "第{n}行", score: "通话评分", missing: "缺少：", decodeFailed: "无法识别文件编码（支持 UTF-8、UTF-16、GB18030/GBK）。",
        error: "忌语", warning: "避免", info: "建议", agent: "座席", customer: "客户", unknown: "旁白",
      }
    : {
        runtime: "Loading the Python runtime…", checker: "Loading the rules…", ready: "Ready to check.",
        fromSnapshot: " (quick start)", plainStart: " (plain start)", newVersion: "A new version of the site is ready: reload to use it.", reload: "Reload",
        failed: "The checker could not start: ", timeout: "The checker took too long to load. Make sure the web server allows WebAssembly (the Content-Security-Policy needs 'wasm-unsafe-eval'), then reload.",
        checking: "Checking…", clean: "No problems found.", found: (n) => `${n} problem${n === 1 ? "" : "s"} found.`, say: "Say instead:",
        copied: "Report copied.", line: "line {n}", score: "Call score", missing: "Missing: ", decodeFailed: "Cannot tell the file's encoding (UTF-8, UTF-16 and GB18030/GBK are supported).",
        error: "Taboo", warning: "Avoid", info: "Advice", agent: "Agent", customer: "Customer", unknown: "Narration",
      };

  const input = root.querySelector("[data-testid=reply-input]");
  const highlight = root.querySelector(".phb-highlight");
  const statusLine = root.querySelector("[data-testid=checker-status]");
  const list = root.querySelector(".phb-findings");
  const scoreBox = root.querySelector(".phb-score");
  const langSelect = root.querySelector(".phb-check-lang");
  const minSelect = root.querySelector(".phb-check-min");
  let ready = false, seq = 0, lastFindings = [], timer = null;
  const pending = new Map();

  function setStatus(text, state) {
    statusLine.textContent = text;
    statusLine.dataset.state = state || "";
  }

  // boot.js (in <head>) normally started the worker already.
  const boot = window.__phbChecker || { worker: new Worker(new URL("worker.mjs", base), { type: "module" }), early: [] };
  const worker = boot.worker;
  const startTimer = setTimeout(() => { if (!ready) setStatus(T.timeout, "failed"); }, 60000);
  worker.onerror = (event) => setStatus(T.failed + (event.message || "worker error"), "failed");
  worker.onmessage = receive;
  for (const event of boot.early.splice(0)) receive(event);

  function receive(event) {
    const data = event.data;
    if (data.type === "status") {
      if (data.stage === "failed") { clearTimeout(startTimer); setStatus(T.failed + data.detail, "failed"); return; }
      if (data.stage === "ready") {
        clearTimeout(startTimer);
        ready = true;
        // Which start-up path ran: the build's snapshot, or a plain start (the reason goes to the title).
        const snapshot = data.detail && data.detail.path === "snapshot";
        setStatus(T.ready + (snapshot ? T.fromSnapshot : T.plainStart), "ready");
        statusLine.dataset.start = snapshot ? "snapshot" : "plain";
        statusLine.dataset.heap = (data.detail && data.detail.heap) || "";
        statusLine.title = (data.detail && data.detail.path) || "";
        if (input.value) run();
        return;
      }
      setStatus(T[data.stage] || data.stage, "loading");
      return;
    }
    const resolve = pending.get(data.id);
    pending.delete(data.id);
    if (resolve) resolve(data);
  }

  function mode() {
    return root.querySelector("input[name=phb-mode]:checked").value;
  }

  // Team settings: the same keys as .phrasecheck.yml; kept in localStorage only on request.
  const STORE = "phrasebook-checker-settings";
  const panel = root.querySelector(".phb-settings");
  const saveBox = panel.querySelector(".phb-set-save");

  function settings() {
    const placeholders = {};
    for (const input of panel.querySelectorAll(".phb-set-name")) {
      const value = input.value.trim();
      if (!value) continue;
      const other = panel.querySelector(`.phb-set-name[data-name="${input.dataset.name}"][data-lang="${input.dataset.lang === "zh" ? "en" : "zh"}"]`);
      placeholders[input.dataset.name] = placeholders[input.dataset.name] || { zh: other.value.trim() || other.placeholder, en: other.value.trim() || other.placeholder };
      placeholders[input.dataset.name][input.dataset.lang] = value;
    }
    const disable = Array.from(panel.querySelectorAll(".phb-set-categories input:checked")).map((box) => box.value);
    const out = {};
    if (Object.keys(placeholders).length) out.placeholders = placeholders;
    if (disable.length) out.disable = disable;
    return Object.keys(out).length ? JSON.stringify(out) : "";
  }

  function remember() {
    try {
      if (saveBox.checked) localStorage.setItem(STORE, JSON.stringify({ names: Array.from(panel.querySelectorAll(".phb-set-name")).map((i) => i.value), settings: settings() }));
      else localStorage.removeItem(STORE);
    } catch (e) { /* storage may be disabled; settings still apply to this page */ }
  }

  try {
    const saved = JSON.parse(localStorage.getItem(STORE) || "null");
    if (saved) {
      saveBox.checked = true;
      panel.querySelectorAll(".phb-set-name").forEach((input, i) => { input.value = saved.names[i] || ""; });
      const disabled = new Set((JSON.parse(saved.settings || "{}").disable) || []);
      for (const box of panel.querySelectorAll(".phb-set-categories input")) box.checked = disabled.has(box.value);
    }
  } catch (e) { /* ignore unreadable saved settings */ }

  panel.addEventListener("change", () => { remember(); run(); });

  function ask(text) {
    const id = ++seq;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ id, text, mode: mode(), role: "agent", lang: langSelect.value, min: minSelect.value, settings: settings() });
    });
  }

  // One check at a time: while the worker is busy, later requests collapse into
  // one re-run with the newest text, so typing in a long text never queues up work.
  let busy = false, again = false;

  async function run() {
    if (!ready) return;
    if (busy) { again = true; setStatus(T.checking, "checking"); return; }
    busy = true;
    try {
      do {
        again = false;
        const text = input.value;
        setStatus(T.checking, "checking");
        const answer = await ask(text);
        if (again) continue; // the text or the options changed meanwhile
        if (answer.error) setStatus(T.failed + answer.error, "failed");
        else show(text, answer.result);
      } while (again);
    } finally {
      busy = false;
    }
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(text, result) {
    lastFindings = result.findings;
    list.replaceChildren();
    for (const f of result.findings) list.append(findingItem(f));
    drawHighlight(text, result.findings);
    if (result.score) {
      scoreBox.hidden = false;
      const s = result.score;
      scoreBox.textContent = `${T.score}: ${s.score}/100` + (s.missing.length ? ` · ${T.missing}${s.missing.join(", ")}` : "");
    } else {
      scoreBox.hidden = true;
    }
    const n = result.findings.length;
    setStatus(n ? T.found(n) : T.clean, n ? "findings" : "clean");
  }

  function findingItem(f) {
    const li = el("li", `phb-finding phb-${f.severity}`);
    li.setAttribute("data-testid", "finding");
    li.dataset.rule = f.rule;
    const head = el("p", "phb-finding-head");
    head.append(el("span", `phb-badge phb-${f.severity}`, T[f.severity]));
    head.append(" ");
    head.append(el("q", "phb-finding-match", f.match));
    const category = (f.category_names || {})[zh ? "zh" : "en"] || f.category;
    const where = T.line.replace("{n}", f.line) + (f.role ? ` · ${T[f.role] || f.role}` : "") + ` · ${category}`;
    head.append(" ", el("span", "phb-finding-where", where));
    li.append(head);
    li.append(el("p", "phb-finding-message", f.message));
    if (f.suggestions.length) {
      const box = el("div", "phb-suggestions");
      box.append(el("span", "phb-say-label", T.say));
      for (const s of f.suggestions) {
        const b = el("button", "phb-suggestion", s);
        b.type = "button";
        b.addEventListener("click", () => apply(f, s));
        box.append(b);
      }
      li.append(box);
    }
    const rule = el("a", "phb-finding-rule", f.rule);
    rule.href = new URL(`../taboos/#${encodeURIComponent(f.rule)}`, location.href).href;
    li.append(rule);
    li.addEventListener("mouseenter", () => focusMark(f, true));
    li.addEventListener("mouseleave", () => focusMark(f, false));
    return li;
  }

  function apply(f, suggestion) {
    const v = input.value;
    if (f.kind === "require") {
      // Add the missing greeting after the speaker tag, or the closing at the end of the turn.
      const line = v.slice(f.start16, f.end16);
      const tag = line.match(/^[^:：\n]*[:：]\s*/);
      const at = f.insert === "start" ? f.start16 + (tag ? tag[0].length : 0) : f.end16;
      const text = f.insert === "start" ? suggestion : (/[\s。！？.!?]$/.test(v.slice(0, at)) ? "" : " ") + suggestion;
      input.value = v.slice(0, at) + text + v.slice(at);
      input.focus();
      input.setSelectionRange(at + text.length, at + text.length);
      run();
      return;
    }
    if (v.slice(f.start16, f.end16) !== f.match) return; // the text changed since the check
    input.value = v.slice(0, f.start16) + suggestion + v.slice(f.end16);
    const caret = f.start16 + suggestion.length;
    input.focus();
    input.setSelectionRange(caret, caret);
    run();
  }

  function drawHighlight(text, findings) {
    highlight.replaceChildren();
    const spans = findings.filter((f) => f.kind !== "require").sort((a, b) => a.start16 - b.start16);
    let at = 0;
    for (const f of spans) {
      if (f.start16 < at) continue;
      highlight.append(document.createTextNode(text.slice(at, f.start16)));
      const mark = el("mark", `phb-mark-${f.severity}`, text.slice(f.start16, f.end16));
      mark.dataset.start = f.start16;
      highlight.append(mark);
      at = f.end16;
    }
    highlight.append(document.createTextNode(text.slice(at) + "\n"));
    syncScroll();
  }

  function focusMark(f, on) {
    const mark = highlight.querySelector(`mark[data-start="${f.start16}"]`);
    if (mark) mark.classList.toggle("phb-focus", on);
  }

  function syncScroll() {
    highlight.scrollTop = input.scrollTop;
    highlight.scrollLeft = input.scrollLeft;
  }

  function schedule() {
    clearTimeout(timer);
    highlight.replaceChildren(document.createTextNode(input.value + "\n"));
    timer = setTimeout(run, 250);
  }

  function report() {
    const lines = lastFindings.map((f) => `${T.line.replace("{n}", f.line)}: [${T[f.severity]}] ${f.match} — ${f.message}` + (f.suggestions.length ? ` ${T.say} ${f.suggestions[0]}` : ""));
    return (lines.length ? lines.join("\n") : T.clean) + "\n";
  }

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      const area = el("textarea");
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
  }

  function decode(buffer) {
    const bytes = new Uint8Array(buffer);
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch (e) {
      try {
        return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
      } catch (e2) {
        return null;
      }
    }
  }

  async function openFile(file) {
    const text = decode(await file.arrayBuffer());
    if (text === null) { setStatus(T.decodeFailed, "failed"); return; }
    if (/^(客户|顾客|座席|坐席|客服|agent|customer)\s*[:：]/im.test(text)) {
      root.querySelector("input[name=phb-mode][value=transcript]").checked = true;
    }
    input.value = text;
    schedule();
  }

  input.addEventListener("input", schedule);
  input.addEventListener("scroll", syncScroll);
  root.querySelector(".phb-check-run").addEventListener("click", run);
  root.querySelector(".phb-check-clear").addEventListener("click", () => { input.value = ""; schedule(); input.focus(); });
  root.querySelector(".phb-check-copy").addEventListener("click", async () => { await copyText(report()); setStatus(T.copied, statusLine.dataset.state); });
  for (const control of root.querySelectorAll("input[name=phb-mode], .phb-check-lang, .phb-check-min")) control.addEventListener("change", run);
  root.querySelector(".phb-check-file").addEventListener("change", (event) => { if (event.target.files[0]) openFile(event.target.files[0]); });
  input.addEventListener("dragover", (event) => event.preventDefault());
  input.addEventListener("drop", (event) => {
    if (event.dataTransfer.files.length) { event.preventDefault(); openFile(event.dataTransfer.files[0]); }
  });
  if ("serviceWorker" in navigator && location.protocol.startsWith("http")) {
    navigator.serviceWorker.register(new URL("../../sw.js", base)).then((registration) => {
      // A new build has been cached while this page runs the old one: say so, once.
      registration.addEventListener("updatefound", () => {
        const next = registration.installing;
        if (!next || !navigator.serviceWorker.controller) return;
        next.addEventListener("statechange", () => { if (next.state === "activated") newVersion(); });
      });
    }).catch(() => {});
  }

  function newVersion() {
    if (root.querySelector("[data-testid=new-version]")) return;
    const note = document.createElement("p");
    note.className = "phb-new-version";
    note.dataset.testid = "new-version";
    note.setAttribute("role", "status");
    note.textContent = T.newVersion + " ";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = T.reload;
    button.addEventListener("click", () => location.reload());
    note.appendChild(button);
    statusLine.after(note);
  }
})();
