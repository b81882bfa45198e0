// The reply checker page: talks to the worker, shows findings at the text, applies fixes.
// Everything about the text itself (findings, fixes and their previews, transcript
// detection, file decoding, the scorecard) is worked out in Python (checker/web.py);
// this script only shows it. User text is only ever inserted with textContent / text
// nodes, never as HTML.
(function () {
  "use strict";
  const root = document.querySelector(".phb-checker");
  const script = document.currentScript;
  if (!root || !script) return;
  const base = new URL("./", script.src);
  const zh = root.dataset.lang !== "en";
  const L = JSON.parse(root.dataset.labels); // severity, role and badge labels, from labels.py
  const T = zh
    ? {
        runtime: "正在加载 Python 运行环境…", checker: "正在加载检查规则…", ready: "就绪，可以开始检查。",
        fromSnapshot: "（快速启动）", plainStart: "（常规启动）", newVersion: "网站有新版本，刷新页面即可使用。", reload: "刷新",
        failed: "检查器无法启动：", timeout: "检查器加载超时。请确认网站服务器允许 WebAssembly（Content-Security-Policy 需含 'wasm-unsafe-eval'）后刷新页面。",
        checking: "正在检查…", clean: "没有发现问题。", found: (n) => `发现 ${n} 处问题。`,
        words: "换词：", sentence: "整句改为：", insert: "添加：", manual: "需要手动修改：", doubled: (d) => `直接替换会出现重复的“${d}”`,
        copied: "报告已复制。", line: "第{n}行", score: "通话评分", item: "项目", result: "结果", points: "得分",
        said: (w) => `已说：“${w}”`, lacks: (at, name) => `通话${at === "first" ? "开头" : "结尾"}缺少${name}`,
        wording: "用语", wordingCounts: (c) => (c.error || c.warning || c.info ? [c.error && `${c.error} 处${L.error}`, c.warning && `${c.warning} 处${L.warning}`, c.info && `${c.info} 处${L.info}`].filter(Boolean).join("，") : "没有问题"),
        addAt: (at) => (at === "first" ? "加在座席第一句话的开头" : "加在座席最后一句话的末尾"),
        before: "原句", after: "改后", details: "详情", rule: "规则", falseAlarm: "报告误报", alarmCopied: "误报说明已复制，可转给编写者。",
        alarm: (f) => `话术检查误报\n规则：${f.rule}\n标出的文字：${f.match}\n所在句子：${f.sentence || f.match}\n`, alarmSubject: "话术检查误报",
        showInText: "在原文中选中", undone: "已撤销修改。", applied: "已修改，正在重新检查…", stale: "文字已改动，请等检查完成后再修改。",
        noFix: "没有现成的改法：请按上面的说明手动改写这句话。", decodeFailed: "无法识别文件编码（支持 UTF-8、UTF-16、UTF-32、GB18030/GBK）：", sayInstead: "改为：",
      }
    : {
        runtime: "Loading the Python runtime…", checker: "Loading the rules…", ready: "Ready to check.",
        fromSnapshot: " (quick start)", plainStart: " (plain start)", newVersion: "A new version of the site is ready: reload to use it.", reload: "Reload",
        failed: "The checker could not start: ", timeout: "The checker took too long to load. Make sure the web server allows WebAssembly (the Content-Security-Policy needs 'wasm-unsafe-eval'), then reload.",
        checking: "Checking…", clean: "No problems found.", found: (n) => `${n} problem${n === 1 ? "" : "s"} found.`,
        words: "Replace with:", sentence: "Rewrite the sentence:", insert: "Add:", manual: "Fix by hand:", doubled: (d) => `applied as it is, it would write "${d}"`,
        copied: "Report copied.", line: "line {n}", score: "Call score", item: "Item", result: "Result", points: "Points",
        said: (w) => `Said: "${w}"`, lacks: (at, name) => `${name} missing at the ${at === "first" ? "start" : "end"} of the call`,
        wording: "Wording", wordingCounts: (c) => (c.error || c.warning || c.info ? [c.error && `${c.error} × ${L.error}`, c.warning && `${c.warning} × ${L.warning}`, c.info && `${c.info} × ${L.info}`].filter(Boolean).join(", ") : "no problems"),
        addAt: (at) => (at === "first" ? "goes at the start of the agent's first line" : "goes at the end of the agent's last line"),
        before: "Now", after: "Fixed", details: "Details", rule: "Rule", falseAlarm: "Report a false alarm", alarmCopied: "False-alarm note copied: pass it on to the authors.",
        alarm: (f) => `Reply checker false alarm\nRule: ${f.rule}\nMarked text: ${f.match}\nSentence: ${f.sentence || f.match}\n`, alarmSubject: "Reply checker false alarm",
        showInText: "Select in the text", undone: "Fix undone.", applied: "Fixed; checking again…", stale: "The text has changed: wait for the check, then fix.",
        noFix: "No ready-made fix: reword this sentence by hand, as said above.", decodeFailed: "Cannot tell the file's encoding (UTF-8, UTF-16, UTF-32 and GB18030/GBK are supported): ", sayInstead: "Say instead:",
      };

  const input = root.querySelector("[data-testid=reply-input]");
  const highlight = root.querySelector(".phb-highlight");
  const statusLine = root.querySelector("[data-testid=checker-status]");
  const panel = root.querySelector(".phb-panel");
  const list = root.querySelector(".phb-findings");
  const scoreBox = root.querySelector(".phb-score");
  const langSelect = root.querySelector(".phb-check-lang");
  const minSelect = root.querySelector(".phb-check-min");
  const modeNote = root.querySelector("[data-testid=mode-note]");
  const undoButton = root.querySelector("[data-testid=undo]");
  let ready = false, seq = 0, timer = null, previews = 0;
  let lastText = null, lastFindings = [], items = [], active = -1;
  let pinned = null; // the mode the reader chose; null: detected from the text
  const undoStack = []; // {before, after} of each applied fix
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
        statusLine.dataset.marks = JSON.stringify((data.detail && data.detail.marks) || {}); // for the benchmark
        statusLine.title = (data.detail && data.detail.path) || "";
        if (input.value && !busy) run(); // (a check sent while it started is answered next)
        return;
      }
      setStatus(T[data.stage] || data.stage, "loading");
      return;
    }
    const resolve = pending.get(data.id);
    pending.delete(data.id);
    if (resolve) resolve(data);
  }

  // One call of a checker.web function in the worker.
  function call(name, args) {
    const id = ++seq;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ id, call: name, args });
    });
  }

  function mode() {
    return pinned || "auto";
  }

  function showMode(result) {
    root.querySelector(`input[name=phb-mode][value=${result.mode}]`).checked = true;
    modeNote.hidden = !result.detected;
  }

  // Team settings: the same keys as .phrasecheck.yml; kept in localStorage only on request.
  const STORE = "phrasebook-checker-settings";
  const settingsPanel = root.querySelector(".phb-settings");
  const saveBox = settingsPanel.querySelector(".phb-set-save");
  const reportTo = settingsPanel.querySelector(".phb-set-report");

  function settings() {
    const placeholders = {};
    for (const field of settingsPanel.querySelectorAll(".phb-set-name")) {
      const value = field.value.trim();
      if (!value) continue;
      const other = settingsPanel.querySelector(`.phb-set-name[data-name="${field.dataset.name}"][data-lang="${field.dataset.lang === "zh" ? "en" : "zh"}"]`);
      placeholders[field.dataset.name] = placeholders[field.dataset.name] || { zh: other.value.trim() || other.placeholder, en: other.value.trim() || other.placeholder };
      placeholders[field.dataset.name][field.dataset.lang] = value;
    }
    const disable = Array.from(settingsPanel.querySelectorAll(".phb-set-categories input:checked")).map((box) => box.value);
    const out = {};
    if (Object.keys(placeholders).length) out.placeholders = placeholders;
    if (disable.length) out.disable = disable;
    return Object.keys(out).length ? JSON.stringify(out) : "";
  }

  function remember() {
    try {
      if (saveBox.checked) {
        const names = Array.from(settingsPanel.querySelectorAll(".phb-set-name")).map((i) => ({ name: i.dataset.name, lang: i.dataset.lang, value: i.value }));
        localStorage.setItem(STORE, JSON.stringify({ names, reportTo: reportTo.value, settings: settings() }));
      } else localStorage.removeItem(STORE);
    } catch (e) { /* storage may be disabled; settings still apply to this page */ }
  }

  try {
    const saved = JSON.parse(localStorage.getItem(STORE) || "null");
    if (saved) {
      saveBox.checked = true;
      for (const entry of saved.names || []) {
        const field = settingsPanel.querySelector(`.phb-set-name[data-name="${entry.name}"][data-lang="${entry.lang}"]`);
        if (field) field.value = entry.value || "";
      }
      reportTo.value = saved.reportTo || "";
      const disabled = new Set((JSON.parse(saved.settings || "{}").disable) || []);
      for (const box of settingsPanel.querySelectorAll(".phb-set-categories input")) box.checked = disabled.has(box.value);
    }
  } catch (e) { /* ignore unreadable saved settings */ }

  settingsPanel.addEventListener("change", () => { remember(); run(); });

  // One check at a time: while the worker is busy, later requests collapse into
  // one re-run with the newest text, so typing in a long text never queues up work.
  let busy = false, again = false;

  // A check asked for while the worker is starting is sent at once: the worker answers
  // it as soon as it is up, without waiting for this page to hear that it is ready.
  async function run() {
    clearTimeout(timer); // a check asked for now makes the pending one moot
    if (busy) { again = true; if (ready) setStatus(T.checking, "checking"); return; }
    busy = true;
    try {
      do {
        again = false;
        const text = input.value;
        if (ready) setStatus(T.checking, "checking");
        const answer = await call("check_json", [text, mode(), "agent", langSelect.value, minSelect.value, settings()]);
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
    // The finding open in the panel stays open when the same text is checked again.
    const was = active >= 0 && text === lastText ? lastFindings[active] : null;
    if (text !== lastText) panel.scrollTop = 0;
    lastText = text;
    lastFindings = result.findings;
    active = -1;
    showMode(result);
    items = result.findings.map((f, i) => findingItem(f, i));
    list.replaceChildren(...items);
    drawHighlight(text, result.findings);
    const reopen = was ? result.findings.findIndex((f) => f.rule === was.rule && f.start16 === was.start16) : -1;
    if (reopen >= 0) activate(reopen, false);
    showScore(result.score);
    const n = result.findings.length;
    setStatus(n ? T.found(n) : T.clean, n ? "findings" : "clean");
  }

  function showScore(s) {
    scoreBox.hidden = !s;
    scoreBox.replaceChildren();
    if (!s) return;
    scoreBox.append(el("p", "phb-score-total", `${T.score}: ${s.score}/100`));
    const table = el("table", "phb-score-items");
    const head = el("tr");
    for (const h of [T.item, T.result, T.points]) head.append(el("th", "", h));
    table.append(head);
    const order = { first: 0, last: 1 };
    for (const item of s.required.slice().sort((a, b) => order[a.at] - order[b.at])) {
      const name = item.name[zh ? "zh" : "en"] || item.name.zh;
      const row = el("tr", item.found === null ? "phb-score-missing" : "phb-score-ok");
      row.append(el("td", "", name), el("td", "", item.found === null ? T.lacks(item.at, name) : T.said(item.found)), el("td", "", points(item.points)));
      table.append(row);
    }
    const row = el("tr", s.wording.points ? "phb-score-missing" : "phb-score-ok");
    row.append(el("td", "", T.wording), el("td", "", T.wordingCounts(s.wording)), el("td", "", points(s.wording.points)));
    table.append(row);
    scoreBox.append(table);
  }

  function points(n) {
    return n ? `−${-n}` : "0";
  }

  function requireName(f) {
    const item = f.item_name || {};
    return item[zh ? "zh" : "en"] || f.match;
  }

  function findingItem(f, index) {
    const li = el("li", `phb-finding phb-${f.severity}`);
    li.setAttribute("data-testid", "finding");
    li.dataset.rule = f.rule;
    li.dataset.kind = f.kind;
    li.id = `phb-finding-${index}`;
    const head = el("p", "phb-finding-head");
    const category = (f.category_names || {})[zh ? "zh" : "en"] || "";
    const where = [T.line.replace("{n}", f.line), f.role && f.role !== "agent" ? L[f.role] || "" : "", category].filter(Boolean).join(" · ");
    if (f.kind === "require") {
      // A missing phrase: say what to add and where, not "avoid this line".
      head.append(el("span", "phb-badge phb-missing", L.missing), " ", el("strong", "phb-finding-title", T.lacks(f.insert === "start" ? "first" : "last", requireName(f))));
      head.append(" ", el("span", "phb-finding-where", `${T.line.replace("{n}", f.line)} · ${T.addAt(f.insert === "start" ? "first" : "last")}`));
    } else {
      head.append(el("span", `phb-badge phb-${f.severity}`, L[f.severity]), " ");
      const match = el("button", "phb-finding-match");
      match.append(el("q", "", quoted(f.match)));
      match.type = "button";
      match.title = T.showInText;
      match.addEventListener("click", () => selectInText(index));
      head.append(match, " ", el("span", "phb-finding-where", where));
    }
    li.append(head);
    li.append(el("p", "phb-finding-message", f.message));
    if (f.fixes.length) li.append(fixBox(f, index));
    else li.append(el("p", "phb-no-fix", T.noFix));
    const tools = el("div", "phb-finding-tools");
    tools.append(falseAlarm(f));
    const details = el("details", "phb-finding-details");
    details.append(el("summary", "", T.details));
    const about = el("p", "phb-finding-rule");
    const code = el("code", "", f.rule);
    const link = el("a", "", L.see_rule);
    link.href = new URL(root.dataset.rulePage + `#${encodeURIComponent(f.rule)}`, location.href).href;
    about.append(`${T.rule}: `, code, " · ", link);
    details.append(about);
    tools.append(details);
    li.append(tools);
    li.addEventListener("mouseenter", () => markOf(index, "phb-focus", true));
    li.addEventListener("mouseleave", () => markOf(index, "phb-focus", false));
    return li;
  }

  function fixBox(f, index) {
    const box = el("div", "phb-fixes");
    box.append(el("span", "phb-fix-label", T[f.fix] || T.sayInstead));
    for (const fix of f.fixes) {
      if (fix.problem) {
        // Never offered as one click: it would leave a broken text that might then check clean.
        const manual = el("p", "phb-fix-manual");
        manual.append(el("span", "phb-fix-label", T.manual), " ", el("span", "", fix.label), " ", el("small", "", `(${fix.problem.length <= 12 ? T.doubled(fix.problem) : fix.problem})`));
        box.append(manual);
        continue;
      }
      const wrap = el("span", "phb-fix");
      const button = el("button", "phb-suggestion", fix.label);
      button.type = "button";
      button.setAttribute("data-testid", "apply-fix");
      const preview = el("span", "phb-fix-preview");
      preview.id = `phb-preview-${++previews}`;
      preview.setAttribute("role", "tooltip");
      preview.setAttribute("data-testid", "fix-preview");
      const before = el("span", "phb-fix-before");
      before.append(el("span", "phb-visually-hidden", `${T.before}: `), el("del", "", fix.before));
      const after = el("span", "phb-fix-after");
      after.append(el("span", "phb-visually-hidden", `${T.after}: `), el("ins", "", fix.after));
      preview.append(before, el("span", "phb-fix-arrow", " → "), after);
      button.setAttribute("aria-describedby", preview.id);
      button.addEventListener("click", () => apply(fix));
      wrap.append(button, preview);
      box.append(wrap);
    }
    return box;
  }

  function falseAlarm(f) {
    const note = T.alarm(f);
    const address = reportTo.value.trim();
    if (address) {
      const link = el("a", "phb-false-alarm", T.falseAlarm);
      link.href = `mailto:${encodeURIComponent(address).replace("%40", "@")}?subject=${encodeURIComponent(T.alarmSubject)}&body=${encodeURIComponent(note)}`;
      link.setAttribute("data-testid", "false-alarm");
      return link;
    }
    const button = el("button", "phb-false-alarm", T.falseAlarm);
    button.type = "button";
    button.setAttribute("data-testid", "false-alarm");
    button.addEventListener("click", async () => { await copyText(note); setStatus(T.alarmCopied, statusLine.dataset.state); });
    return button;
  }

  // Apply one fix the worker worked out for the text as it was checked.
  function apply(fix) {
    const v = input.value;
    if (v !== lastText) { setStatus(T.stale, "checking"); run(); return; }
    const next = v.slice(0, fix.start16) + fix.insert + v.slice(fix.end16);
    undoStack.push({ before: v, after: next });
    undoButton.disabled = false;
    input.value = next;
    const caret = fix.start16 + fix.insert.length;
    input.focus();
    input.setSelectionRange(caret, caret);
    setStatus(T.applied, "checking");
    drawPlain();
    run();
  }

  function undo() {
    const last = undoStack[undoStack.length - 1];
    if (!last || input.value !== last.after) return false;
    undoStack.pop();
    input.value = last.before;
    undoButton.disabled = !undoStack.length;
    input.focus();
    drawPlain();
    setStatus(T.undone, "checking");
    run();
    return true;
  }

  // A finding inside another (a more severe one inside a milder, longer one) is drawn as a
  // mark inside that one's mark; one that only overlaps another is not drawn (its card is listed).
  function drawHighlight(text, findings) {
    highlight.replaceChildren();
    const spans = findings.map((f, i) => [f, i]).filter(([f]) => f.kind !== "require")
      .sort((a, b) => a[0].start16 - b[0].start16 || b[0].end16 - a[0].end16);
    drawMarks(highlight, text, spans, 0, text.length);
    highlight.append(document.createTextNode("\n"));
    syncScroll();
  }

  // Draws text[from, to) into parent with the marks of `spans` (sorted, outer first) inside it.
  function drawMarks(parent, text, spans, from, to) {
    let at = from, k = 0;
    while (k < spans.length) {
      const [f, i] = spans[k++];
      if (f.start16 < at || f.end16 > to) continue;
      const inside = [];
      while (k < spans.length && spans[k][0].start16 < f.end16) inside.push(spans[k++]);
      parent.append(document.createTextNode(text.slice(at, f.start16)));
      const mark = el("mark", `phb-mark-${f.severity}`);
      mark.dataset.index = i;
      drawMarks(mark, text, inside, f.start16, f.end16);
      parent.append(mark);
      at = f.end16;
    }
    parent.append(document.createTextNode(text.slice(at, to)));
  }

  function drawPlain() {
    highlight.replaceChildren(document.createTextNode(input.value + "\n"));
    syncScroll();
  }

  function markOf(index, name, on) {
    const mark = highlight.querySelector(`mark[data-index="${index}"]`);
    if (mark) mark.classList.toggle(name, on);
  }

  // The finding under the caret opens in the panel: a click on a highlight, or the
  // arrow keys moving onto one, brings up what is wrong there and its fixes.
  function openAtCaret() {
    if (input.value !== lastText) return;
    const at = input.selectionStart;
    let best = -1;
    lastFindings.forEach((f, i) => {
      if (f.kind === "require" || at < f.start16 || at > f.end16) return;
      if (best < 0 || f.end16 - f.start16 < lastFindings[best].end16 - lastFindings[best].start16) best = i;
    });
    if (best >= 0) activate(best);
  }

  function activate(index, reveal = true) {
    if (active >= 0 && items[active]) {
      items[active].classList.remove("phb-active");
      markOf(active, "phb-active", false);
    }
    active = index;
    const item = items[index];
    item.classList.add("phb-active");
    markOf(index, "phb-active", true);
    // Scroll the panel, not the page, so the text stays where it is.
    const top = item.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop;
    if (top < panel.scrollTop || top + item.offsetHeight > panel.scrollTop + panel.clientHeight) panel.scrollTop = top;
    if (!reveal) return;
    const box = item.getBoundingClientRect();
    const text = input.getBoundingClientRect();
    // On a narrow screen the panel sits under the text: bring the finding into view
    // only as far as keeps the top of the text on screen.
    if (box.bottom > window.innerHeight) window.scrollBy(0, Math.min(box.bottom - window.innerHeight + 8, Math.max(0, text.top - 56)));
  }

  function selectInText(index) {
    const f = lastFindings[index];
    if (input.value !== lastText) return;
    input.focus();
    input.setSelectionRange(f.start16, f.end16);
    activate(index);
  }

  function syncScroll() {
    highlight.scrollTop = input.scrollTop;
    highlight.scrollLeft = input.scrollLeft;
  }

  function schedule() {
    clearTimeout(timer);
    if (!input.value) { pinned = null; modeNote.hidden = true; }
    undoButton.disabled = !undoStack.length || input.value !== undoStack[undoStack.length - 1].after;
    drawPlain();
    timer = setTimeout(run, 250);
  }

  function report() {
    const lines = lastFindings.map((f) => {
      const what = f.kind === "require" ? T.lacks(f.insert === "start" ? "first" : "last", requireName(f)) : `[${L[f.severity]}] ${f.match}`;
      const fix = f.fixes.find((x) => !x.problem);
      return `${T.line.replace("{n}", f.line)}: ${what} — ${f.message} (${T.rule}: ${f.rule})` + (fix ? `\n  ${T[f.fix] || T.sayInstead} ${fix.label}` : "");
    });
    return (lines.length ? lines.join("\n") : T.clean) + "\n";
  }

  const copyText = window.phb.copyText; // handbook.js, loaded before this script

  // The marked words as the finding quotes them: a pattern may take the comma or the space
  // beside the words (", ask someone else"); the quote leaves that out, the highlight keeps it.
  function quoted(text) {
    return text.replace(/^[\s,，、;；:：.。\-–—]+|[\s,，、;；:：\-–—]+$/g, "") || text;
  }

  async function openFile(file) {
    // Decoded by checker/decode.py in the worker, as the command line decodes files.
    const answer = await call("decode_json", [new Uint8Array(await file.arrayBuffer())]);
    const decoded = answer.result || {};
    if (answer.error || decoded.error) { setStatus(T.decodeFailed + (decoded.error || answer.error), "failed"); return; }
    pinned = null;
    input.value = decoded.text;
    schedule();
  }

  input.addEventListener("input", schedule);
  input.addEventListener("scroll", syncScroll);
  input.addEventListener("click", openAtCaret);
  input.addEventListener("keyup", (event) => { if (event.key.startsWith("Arrow") || event.key === "Home" || event.key === "End") openAtCaret(); });
  root.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === "z" && undo()) event.preventDefault();
  });
  undoButton.addEventListener("click", undo);
  modeNote.querySelector("[data-testid=mode-back]").addEventListener("click", () => { pinned = "reply"; modeNote.hidden = true; run(); });
  for (const radio of root.querySelectorAll("input[name=phb-mode]")) radio.addEventListener("change", () => { pinned = radio.value; modeNote.hidden = true; run(); });
  root.querySelector(".phb-check-run").addEventListener("click", run);
  root.querySelector(".phb-check-clear").addEventListener("click", () => { input.value = ""; schedule(); input.focus(); });
  root.querySelector(".phb-check-copy").addEventListener("click", async () => { await copyText(report()); setStatus(T.copied, statusLine.dataset.state); });
  for (const control of root.querySelectorAll(".phb-check-lang, .phb-check-min")) control.addEventListener("change", run);
  root.querySelector(".phb-check-file").addEventListener("change", (event) => {
    const file = event.target.files[0], name = root.querySelector(".phb-file-name");
    name.textContent = file ? file.name : name.dataset.empty;
    if (file) openFile(file);
  });
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
