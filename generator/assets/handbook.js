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

  // Filters above the phrasebook and the taboo list.
  for (const bar of document.querySelectorAll(".phb-filters")) {
    const items = Array.from(document.querySelectorAll(bar.dataset.target));
    const controls = Array.from(bar.querySelectorAll("[data-filter]"));
    const count = bar.querySelector(".phb-filter-count");
    const apply = () => {
      let shown = 0;
      for (const item of items) {
        let ok = true;
        for (const c of controls) {
          const want = c.value.trim().toLowerCase();
          if (!want) continue;
          if (c.dataset.filter === "text") ok = ok && item.textContent.toLowerCase().includes(want);
          else ok = ok && (item.dataset[c.dataset.filter] || "").split(" ").includes(want);
        }
        item.hidden = !ok;
        if (ok) shown++;
      }
      count.textContent = `${shown} / ${items.length}`;
    };
    for (const c of controls) c.addEventListener("input", apply);
    apply();
  }

  // Call-script player: one step at a time, follow the chosen branch.
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
    const go = (id) => {
      for (const s of steps.values()) s.classList.remove("phb-current");
      const step = steps.get(id);
      step.classList.add("phb-current");
      trail.push(id);
      path.textContent = trail.join(" → ");
      back.disabled = trail.length < 2;
      step.querySelector("button")?.focus({ preventScroll: true });
    };
    player.addEventListener("click", (event) => {
      const button = event.target.closest(".phb-branch");
      if (button && button.closest(".phb-current")) go(button.dataset.goto);
    });
    back.addEventListener("click", () => { trail.pop(); go(trail.pop()); });
    restart.addEventListener("click", () => { trail.length = 0; go(player.dataset.start); });
    go(player.dataset.start);
  }

  // Flowcharts: Mermaid is vendored with the site and loaded only where needed.
  const flows = document.querySelectorAll(".phb-flow-source");
  if (flows.length && assets) {
    const tag = document.createElement("script");
    tag.src = new URL("vendor/mermaid.min.js", assets).href;
    tag.onload = async () => {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
      let n = 0;
      for (const source of flows) {
        try {
          const { svg } = await window.mermaid.render(`phb-flow-${n++}`, source.textContent);
          const figure = document.createElement("div");
          figure.className = "phb-flow-chart";
          figure.innerHTML = svg; // Mermaid's own SVG of our data, rendered with securityLevel strict
          source.replaceWith(figure);
        } catch (e) {
          source.classList.add("phb-flow-failed");
        }
      }
    };
    document.head.append(tag);
  }

  for (const button of document.querySelectorAll(".phb-print-button")) button.addEventListener("click", () => window.print());
})();
