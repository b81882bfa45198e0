// Handbook pages: copy buttons, filters, the call-script player, flowcharts, print.
(function () {
  "use strict";
  const script = document.currentScript;
  const assets = script ? new URL("./", script.src) : null;

  // Copy to the clipboard; the checker page (app.js, loaded after this script) uses it too.
  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      const area = document.createElement("textarea");
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
  }
  window.phb = Object.assign(window.phb || {}, { copyText });

  // Copy buttons next to recommended replies.
  for (const button of document.querySelectorAll(".phb-copy")) {
    button.addEventListener("click", async () => {
      const text = button.parentElement.querySelector(".phb-say-text").textContent;
      await copyText(text);
      const label = button.textContent;
      button.textContent = button.dataset.copied;
      button.classList.add("phb-copied");
      setTimeout(() => { button.textContent = label; button.classList.remove("phb-copied"); }, 1500);
    });
  }

  // The phrasebook and the taboo list. The filters' state lives in the URL's query
  // (?filter=…&severity=…&channel=…&source=…; not q, which Material's search takes): shareable, kept on reload, carried to the other
  // language and between the index and the category pages by the links marked phb-keep-query.
  function keepQuery() {
    for (const a of document.querySelectorAll("a.phb-keep-query, .md-select a[hreflang]")) {
      const url = new URL(a.getAttribute("href"), location.href);
      url.search = location.search;
      if (a.hreflang) url.hash = location.hash; // the language switch keeps the anchor too
      a.href = url.href;
    }
  }
  window.addEventListener("hashchange", keepQuery);
  window.phb.keepQuery = keepQuery;

  // An old link to an entry of the one long page (/taboos/#rule-id, /phrasebook/#category-x)
  // goes on to the category page that has it now.
  const index = document.querySelector(".phb-categories[data-pages]");
  if (index && location.hash.length > 1) {
    const id = decodeURIComponent(location.hash.slice(1));
    const cat = JSON.parse(index.dataset.pages)[id] || (id.startsWith("category-") && index.querySelector(`.phb-cat[data-category="${CSS.escape(id.slice(9))}"]`) ? id.slice(9) : null);
    if (cat) location.replace(new URL(`${cat}/${location.search}${id === "category-" + cat ? "" : location.hash}`, location.href).href);
  }

  function wanted(controls) {
    const want = {};
    for (const c of controls) {
      const value = c.value.trim().toLowerCase();
      if (value) want[c.dataset.filter] = value;
    }
    return want;
  }

  // Does an entry (its data attributes or its entries.json record) pass the filters?
  function passes(values, text, want) {
    for (const [name, value] of Object.entries(want)) {
      if (name === "text") { if (!text.includes(value)) return false; }
      else if (!(values[name] || "").split(" ").includes(value)) return false;
    }
    return true;
  }

  // An entry's own words for the text filter: not its buttons' and headings' labels ("Copy",
  // "Details", "Say instead"), which every entry has; read once.
  const texts = new WeakMap();
  const SKIP = "button, summary, .phb-entry-label, .phb-source";
  function textOf(item) {
    if (!texts.has(item)) {
      const parts = [];
      const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) if (!walker.currentNode.parentElement.closest(SKIP)) parts.push(walker.currentNode.data);
      texts.set(item, parts.join("").toLowerCase());
    }
    return texts.get(item);
  }

  function matchRow(record, labels, cat) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.className = "phb-keep-query";
    a.href = `${cat}/#${record.id}`;
    a.textContent = record.phrase;
    li.append(a);
    if (index.dataset.section === "taboos" && labels[record.severity]) { // a scenario's is its taboos' level: not shown
      const badge = document.createElement("span");
      badge.className = `phb-badge phb-${record.severity}`;
      badge.textContent = labels[record.severity];
      li.append(" ", badge);
    }
    if (record.say.length) {
      const say = document.createElement("span");
      say.className = "phb-cat-say";
      say.textContent = record.say[0];
      li.append(" ", say);
    }
    return li;
  }

  for (const bar of document.querySelectorAll(".phb-filters")) {
    const controls = Array.from(bar.querySelectorAll("[data-filter]"));
    const count = bar.querySelector(".phb-filter-count");
    const clear = bar.querySelector(".phb-filter-clear");
    const none = bar.parentElement.querySelector(".phb-no-results");
    const query = new URLSearchParams(location.search);
    for (const c of controls) {
      const value = query.get(c.dataset.param);
      if (value === null) continue;
      if (c.tagName === "SELECT" && !Array.from(c.options).some((o) => o.value === value)) continue;
      c.value = value;
    }
    let records = null; // the index page's entries.json, fetched when a filter is first set
    const groups = Array.from(document.querySelectorAll(bar.dataset.target));
    const labels = index ? JSON.parse(index.dataset.labels) : {};

    const show = (want) => {
      const filtering = Object.keys(want).length > 0;
      let shown = 0, total = 0;
      if (!bar.dataset.entries) {
        for (const item of groups) {
          const ok = passes(item.dataset, textOf(item), want);
          item.hidden = !ok;
          total++;
          if (ok) shown++;
        }
      } else {
        for (const group of groups) {
          const list = group.querySelector(".phb-cat-matches");
          const countLabel = group.querySelector(".phb-cat-count");
          const all = Number(countLabel.dataset.total);
          total += all;
          list.replaceChildren();
          if (!filtering || !records) {
            group.hidden = false;
            list.hidden = true;
            countLabel.dataset.shown = "";
            shown += all;
            continue;
          }
          const hits = records.filter((r) => r.category === group.dataset.category && passes(r, r.text, want));
          for (const r of hits) list.append(matchRow(r, labels, group.dataset.category));
          group.hidden = hits.length === 0;
          list.hidden = hits.length === 0;
          countLabel.dataset.shown = `${hits.length} / `;
          shown += hits.length;
        }
      }
      count.textContent = `${shown} / ${total}`;
      keepQuery(); // the match lists' links too
      if (none) none.hidden = shown > 0;
      if (clear) clear.hidden = !filtering;
    };

    const apply = async () => {
      const want = wanted(controls);
      const params = new URLSearchParams(location.search);
      for (const c of controls) {
        if (c.value.trim()) params.set(c.dataset.param, c.value.trim());
        else params.delete(c.dataset.param);
      }
      const search = params.toString();
      history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
      keepQuery();
      if (bar.dataset.entries && Object.keys(want).length && !records) {
        count.textContent = labels.loading || "";
        try {
          const response = await fetch(new URL(bar.dataset.entries, location.href));
          records = await response.json();
        } catch (e) {
          count.textContent = String(e);
          return;
        }
      }
      show(wanted(controls)); // the controls may have changed while entries.json loaded
    };
    for (const c of controls) c.addEventListener("input", apply);
    clear?.addEventListener("click", () => {
      for (const c of controls) c.value = "";
      apply();
    });
    apply();
  }
  keepQuery();

  // A link to an entry of a category page opens its details.
  const openTarget = () => {
    const target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const details = target && target.classList.contains("phb-entry") && target.querySelector(".phb-entry-details");
    if (details) details.open = true;
  };
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // Call-script player: one step at a time, follow the chosen branch. Where it is goes to
  // the flowchart below as a "phb-step" event (the step's chart node, the path so far).
  for (const player of document.querySelectorAll(".phb-player")) {
    const steps = new Map(Array.from(player.querySelectorAll(".phb-step")).map((s) => [s.dataset.step, s]));
    const trail = [];
    player.classList.add("phb-js");
    const bar = document.createElement("p");
    bar.className = "phb-player-bar";
    const back = document.createElement("button");
    back.type = "button";
    back.textContent = player.dataset.backLabel;
    const restart = document.createElement("button");
    restart.type = "button";
    restart.className = "phb-restart";
    restart.textContent = player.dataset.restartLabel;
    const path = document.createElement("span");
    path.className = "phb-trail";
    bar.append(back, " ", restart, " ", path);
    player.prepend(bar);
    const go = (id, focus = true) => {
      for (const s of steps.values()) s.classList.remove("phb-current");
      const step = steps.get(id);
      step.classList.add("phb-current");
      trail.push(id);
      path.textContent = player.dataset.stepLabel.replace("{n}", trail.length);
      back.disabled = trail.length < 2;
      if (focus) step.querySelector("button")?.focus({ preventScroll: true });
      const nodes = trail.map((t) => steps.get(t).dataset.node);
      window.phb.step = nodes;
      document.dispatchEvent(new CustomEvent("phb-step", { detail: nodes }));
    };
    player.addEventListener("click", (event) => {
      const button = event.target.closest(".phb-branch");
      if (button && button.closest(".phb-current")) go(button.dataset.goto);
    });
    back.addEventListener("click", () => { trail.pop(); go(trail.pop()); });
    restart.addEventListener("click", () => { trail.length = 0; go(player.dataset.start); });
    go(player.dataset.start, false);
  }

  // A rendered flowchart: zoom buttons, drag to pan (the box scrolls), the player's step
  // outlined and the path to it shaded, the box scrolled to keep the step in view.
  function chartTools(flow, figure) {
    const svg = figure.querySelector("svg");
    const labels = JSON.parse(flow.dataset.labels || "{}");
    const box = svg.viewBox.baseVal;
    const width = box.width, height = box.height;
    svg.removeAttribute("style");
    svg.removeAttribute("width");
    const view = document.createElement("div");
    view.className = "phb-flow-view";
    view.tabIndex = 0;
    view.setAttribute("role", "region");
    view.setAttribute("aria-label", labels.chart || "");
    figure.replaceWith(view);
    view.append(figure);
    const tools = document.createElement("div");
    tools.className = "phb-flow-tools";
    const button = (text, label, action) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.title = label;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", action);
      tools.append(b, " ");
      return b;
    };
    const percent = document.createElement("span");
    percent.className = "phb-flow-percent";
    let scale = 1;
    const fit = () => Math.min(1, (view.clientWidth - 16) / width);
    const zoom = (next) => {
      const cx = (view.scrollLeft + view.clientWidth / 2) / scale, cy = (view.scrollTop + view.clientHeight / 2) / scale;
      scale = Math.max(0.2, Math.min(2, next));
      svg.style.width = `${width * scale}px`;
      svg.style.height = `${height * scale}px`;
      view.scrollLeft = cx * scale - view.clientWidth / 2;
      view.scrollTop = cy * scale - view.clientHeight / 2;
      percent.textContent = `${Math.round(scale * 100)}%`;
    };
    button("−", labels.zoom_out, () => zoom(scale / 1.25));
    button("+", labels.zoom_in, () => zoom(scale * 1.25));
    button(labels.fit, labels.fit, () => zoom(fit()));
    button("100%", `${labels.actual} 100%`, () => zoom(1));  // the name holds the visible text (WCAG 2.5.3)
    tools.append(percent);
    const hint = document.createElement("span");
    hint.className = "phb-flow-hint";
    hint.textContent = labels.hint || "";
    tools.append(" ", hint);
    view.before(tools);
    view.addEventListener("keydown", (e) => {
      if (e.key === "+" || e.key === "=") zoom(scale * 1.25);
      else if (e.key === "-") zoom(scale / 1.25);
    });
    // Drag with the mouse to pan; touch screens scroll the box natively.
    let drag = null;
    view.addEventListener("pointerdown", (e) => {
      if (e.pointerType !== "mouse" || e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, left: view.scrollLeft, top: view.scrollTop };
      view.classList.add("phb-dragging");
    });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      view.scrollLeft = drag.left - (e.clientX - drag.x);
      view.scrollTop = drag.top - (e.clientY - drag.y);
    });
    window.addEventListener("pointerup", () => { drag = null; view.classList.remove("phb-dragging"); });
    // Readable by default: the whole chart if that leaves its text at three quarters of its
    // size or more, else its own size (the box scrolls to the player's step).
    zoom(fit() >= 0.75 ? fit() : 1);

    const nodes = new Map();
    for (const g of svg.querySelectorAll("g.node[id]")) {
      const m = /-flowchart-(.+)-\d+$/.exec(g.id);
      if (m) nodes.set(m[1], g);
    }
    const edges = Array.from(svg.querySelectorAll("path.flowchart-link[id]"));
    const show = (path) => {
      for (const g of nodes.values()) g.classList.remove("phb-flow-current", "phb-flow-visited");
      for (const e of edges) e.classList.remove("phb-flow-walked");
      path.forEach((id, i) => {
        nodes.get(id)?.classList.add(i === path.length - 1 ? "phb-flow-current" : "phb-flow-visited");
        if (i) edges.find((e) => e.id.includes(`-L_${path[i - 1]}_${id}_`))?.classList.add("phb-flow-walked");
      });
      const current = nodes.get(path[path.length - 1]);
      if (!current) return;
      const r = current.getBoundingClientRect(), v = view.getBoundingClientRect();
      if (r.left < v.left || r.right > v.right || r.top < v.top || r.bottom > v.bottom) {
        view.scrollTo({
          left: view.scrollLeft + r.left - v.left - (v.width - r.width) / 2,
          top: view.scrollTop + r.top - v.top - (v.height - r.height) / 2,
          behavior: "smooth",
        });
      }
    };
    document.addEventListener("phb-step", (e) => show(e.detail));
    if (window.phb.step) show(window.phb.step);
  }

  // Flowcharts: Mermaid is vendored with the site and loaded only where needed.
  const flows = document.querySelectorAll(".phb-flow-source");
  if (flows.length && assets) {
    const tag = document.createElement("script");
    tag.src = new URL("vendor/mermaid.min.js", assets).href;
    tag.onload = async () => {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral", flowchart: { useMaxWidth: false } });
      let n = 0;
      for (const source of flows) {
        try {
          const { svg } = await window.mermaid.render(`phb-flow-${n++}`, source.textContent);
          const figure = document.createElement("div");
          figure.className = "phb-flow-chart";
          figure.innerHTML = svg; // Mermaid's own SVG of our data, rendered with securityLevel strict
          source.replaceWith(figure);
          chartTools(figure.closest(".phb-flow"), figure);
        } catch (e) {
          source.classList.add("phb-flow-failed");
        }
      }
    };
    document.head.append(tag);
  }

  for (const button of document.querySelectorAll(".phb-print-button")) button.addEventListener("click", () => window.print());

  // A printed category page shows every entry's details; the screen goes back as it was.
  let closed = [];
  window.addEventListener("beforeprint", () => {
    closed = Array.from(document.querySelectorAll("details.phb-entry-details:not([open])"));
    for (const d of closed) d.open = true;
  });
  window.addEventListener("afterprint", () => { for (const d of closed) d.open = false; closed = []; });
})();
