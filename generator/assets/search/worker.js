// The handbook's search worker, in place of Material's (hooks.py points the search
// box at it with the page's language: worker.js?lang=zh|en). It speaks Material's
// worker protocol (SETUP -> READY, QUERY -> RESULT with results grouped by page)
// so Material's search box and result list stay as they are, but it answers from
// the handbook's own index of that language (search/<lang>.json, made by
// generator/search.py): every scenario, taboo rule and guideline is its own
// result, an exact phrase ranks first, and queries and texts are folded with the
// checker's table (traditional -> simplified, full-width -> half-width, case).
"use strict";
importScripts("fold.js");

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const LANG = new URL(self.location.href).searchParams.get("lang") === "en" ? "en" : "zh";
const HAN = /\p{Script=Han}/u;
const HAN_RUNS = /\p{Script=Han}+|[^\p{Script=Han}]+/gu;
const SEPARATOR = /[\s\p{P}\p{S}]+/u;
const MAX_WORD = 8;
const MAX_GROUPS = 40;
const MAX_PER_PAGE = 50;
const SNIPPET = LANG === "zh" ? 90 : 180;

let folder = null, docs = [], pages = new Map(), words = new Set();

async function setup() {
  const [table, index] = await Promise.all([
    fetch("t2s.json").then((r) => r.json()),
    fetch(`../../search/${LANG}.json`).then((r) => r.json()),
  ]);
  folder = phbFold(table);
  words = new Set(index.words);
  docs = index.docs.map((d) => {
    const doc = {
      location: d.l, title: d.t, text: d.x, kind: d.k || "", summary: d.s || "",
      // Folded for matching; folded with the offset map only when shown (see mapped).
      T: folder.fold(d.t), X: folder.fold(d.x), S: folder.fold(d.s || ""), maps: null,
      A: (d.a || []).map((a) => folder.fold(a)), W: (d.w || []).map((w) => folder.fold(w)),
      R: (d.r || []).map((r) => folder.fold(r)),
    };
    if (!d.l.includes("#")) pages.set(d.l, doc);
    return doc;
  });
}

// Query terms: words split at spaces and punctuation; Chinese cut into the index's
// words (jieba's, from the build) by longest match, single characters otherwise.
function terms(q) {
  const out = [];
  for (const piece of q.split(SEPARATOR)) {
    for (const part of piece.match(HAN_RUNS) || []) {
      if (!HAN.test(part)) { out.push(part); continue; }
      const chars = Array.from(part);
      for (let i = 0; i < chars.length;) {
        let n = Math.min(MAX_WORD, chars.length - i);
        while (n > 1 && !words.has(chars.slice(i, i + n).join(""))) n -= 1;
        out.push(chars.slice(i, i + n).join(""));
        i += n;
      }
    }
  }
  return [...new Set(out.filter(Boolean))];
}

// Where ``needle`` occurs in ``hay``; a Latin needle only at the start of a word.
function find(hay, needle, from = 0) {
  const latin = /^[a-z0-9]/.test(needle);
  for (let i = hay.indexOf(needle, from); i !== -1; i = hay.indexOf(needle, i + 1)) {
    if (!latin || i === 0 || !/[a-z0-9]/.test(hay[i - 1])) return i;
  }
  return -1;
}

function count(hay, needle) {
  let n = 0;
  for (let i = find(hay, needle); i !== -1 && n < 5; i = find(hay, needle, i + needle.length)) n += 1;
  return n;
}

// How well a document answers the query (0: not at all). The phrase itself first:
// the title is the phrase, then the title in the other language, the words a rule
// catches, the text; then all the query's words, then most of them.
function rank(doc, q, qterms) {
  const T = doc.T, X = doc.X;
  let score = 0;
  if (T === q) score = 1000;
  else if (doc.A.includes(q)) score = 900;
  else if (find(T, q) !== -1) score = 600 + 100 * q.length / T.length;
  else if (doc.A.some((a) => find(a, q) !== -1)) score = 450;
  else if (doc.W.includes(q)) score = 400;
  else if (find(X, q) !== -1) score = 200 + 5 * count(X, q) + 50 * q.length / Math.max(X.length, 1);
  else if (doc.R.some((r) => find(r, q) !== -1)) score = 200; // a taboo it names, in the other language
  if (!score && qterms.length > 1) {
    let matched = 0, weight = 0;
    for (const term of qterms) {
      const inT = find(T, term) !== -1, inA = doc.A.some((a) => find(a, term) !== -1), inX = find(X, term) !== -1;
      const inW = doc.W.includes(term);
      if (inT || inA || inX || inW) matched += 1;
      weight += (inT ? 30 : inA || inW ? 20 : inX ? 10 : 0) * Array.from(term).length;
    }
    if (matched === qterms.length) score = 100 + weight / qterms.length;
    else if (matched * 2 >= qterms.length) score = 10 * matched / qterms.length + weight / (10 * qterms.length);
  }
  if (score && doc.kind) score *= 1.1; // an entry before a page section that merely mentions it
  return score;
}

function escape(s) {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// A shown document's folded fields with their offset maps (made once, when first shown).
function mapped(doc) {
  if (!doc.maps) doc.maps = { T: folder.fold(doc.title, true), X: folder.fold(doc.text, true), S: folder.fold(doc.summary, true) };
  return doc.maps;
}

// The original text from ``start`` to ``end`` with every occurrence of the needles marked.
function mark(original, folded, needles, start, end) {
  const ranges = [];
  for (const needle of needles) {
    for (let i = find(folded.text, needle); i !== -1; i = find(folded.text, needle, i + needle.length)) {
      ranges.push([folded.from[i], folded.to[i + needle.length - 1]]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let out = "", at = start;
  for (const [a, b] of ranges) {
    if (a < at || b > end) continue;
    out += escape(original.slice(at, a)) + "<mark>" + escape(original.slice(a, b)) + "</mark>";
    at = b;
  }
  return out + escape(original.slice(at, end));
}

// What a result shows under its title: an entry's summary (what it is about, then
// what to say) when the query is in it or in the title, else the text around the match.
function snippet(doc, needles, byTitle) {
  const inSummary = doc.summary && needles.some((n) => find(doc.S, n) !== -1);
  const fromStart = byTitle || inSummary;
  const maps = mapped(doc);
  const [folded, text] = doc.summary && fromStart ? [maps.S, doc.summary] : [maps.X, doc.text];
  if (!text) return "";
  let first = -1;
  for (const needle of fromStart ? [] : needles) {
    const i = find(folded.text, needle);
    if (i !== -1 && (first === -1 || i < first)) first = i;
  }
  let start = first === -1 ? 0 : Math.max(0, folded.from[first] - Math.floor(SNIPPET / 3));
  if (start > 0 && LANG === "en") start = text.indexOf(" ", start) + 1 || start;
  const end = Math.min(text.length, start + (fromStart ? 2 : 1) * SNIPPET);
  const body = mark(text, folded, needles, start, end);
  return `<p>${start > 0 ? "… " : ""}${body}${end < text.length ? " …" : ""}</p>`;
}

function search(query) {
  const q = folder.fold(query).trim();
  if (!q) return { items: [] };
  const qterms = terms(q);
  const hits = [];
  for (const doc of docs) {
    const score = rank(doc, q, qterms);
    if (score > 0) hits.push({ doc, score });
  }
  hits.sort((a, b) => b.score - a.score || a.doc.title.length - b.doc.title.length);
  const groups = new Map();
  for (const { doc, score } of hits) {
    const page = doc.location.split("#")[0];
    if (!groups.has(page)) {
      if (groups.size >= MAX_GROUPS) continue;
      groups.set(page, []);
    }
    if (groups.get(page).length >= MAX_PER_PAGE) continue;
    const phrase = find(doc.T, q) !== -1 || find(doc.X, q) !== -1;
    const needles = phrase ? [q] : qterms;
    // The words found (Material passes them on for highlighting on the page); a query
    // word cut by the segmentation is not listed as "missing".
    const found = {};
    for (const n of needles) if (find(doc.T, n) !== -1 || find(doc.X, n) !== -1) found[n] = true;
    // Found by its title (in either language), the words a rule catches or a taboo it names: its summary.
    const byTitle = find(doc.T, q) !== -1 || doc.A.some((a) => find(a, q) !== -1) || doc.W.includes(q) || doc.R.some((r) => find(r, q) !== -1);
    groups.get(page).push({
      location: doc.location,
      title: mark(doc.title, mapped(doc).T, needles, 0, doc.title.length),
      text: snippet(doc, needles, byTitle),
      // Material shows the results of a page whose score equals its best one and folds
      // the rest under "more": so the score it sees is the kind of match, not the rank.
      score: score >= 400 ? 3 : score >= 200 ? 2 : 1,
      terms: found,
    });
  }
  for (const [page, items] of groups) {
    if (!items.some((item) => item.location === page)) {
      const doc = pages.get(page);
      items.push({ location: page, title: escape(doc ? doc.title : page), text: "", score: 0, terms: {} });
    }
  }
  return { items: [...groups.values()] };
}

// Answered one at a time, in order: a query that arrives while the index loads waits for it.
let ready = null;
addEventListener("message", (event) => {
  const message = event.data;
  if (message.type === SETUP) {
    ready = ready || setup();
    ready.then(() => postMessage({ type: READY }), (error) => console.error("search index:", error));
  } else if (message.type === QUERY) {
    (ready || Promise.resolve()).then(() => postMessage({ type: RESULT, data: folder ? search(message.data) : { items: [] } }));
  }
});
