// The checker's text fold (checker/normalize.py) in JavaScript, for search.
// It reads the same generated table (t2s.json: traditional -> simplified, NFKC of
// single characters, lower case, curly -> straight quotes) and does the same
// second pass: zero-width characters dropped, spaces and filler marks inside
// Chinese dropped, runs of spaces made one, English contractions expanded.
// The browser tests check it against the Python fold on shared vectors.
//
//   const folder = phbFold(table);
//   folder.fold("投訴　ＡＢＣ")         // -> "投诉 abc", as checker.normalize.fold
//   folder.fold("投訴", true)          // -> {text, from, to}: with the offset map
(function (global) {
  "use strict";
  const CJK = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2fa1f}";
  const ZERO_WIDTH = "\\u00ad\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff";
  const SPACE = "\\t\\r\\f\\v \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  const FILLER = "·•*_~\\-/|.・"; // as in the Python class: "\\-" is the hyphen
  const PUNCT = new Set("!\"#$%&'()*+,./:;<=>?@[]^`{}~、。「」『』【】《》〈〉…—");
  const CONTRACTIONS = { can: "cannot", won: "will not", shan: "shall not", ain: "is not" };
  const SUFFIXES = { m: " am", re: " are", ve: " have", ll: " will", d: " would" };

  const CJK_ONE = new RegExp(`^[${CJK}]$`, "u");
  const isCJK = (c) => c !== "" && CJK_ONE.test(c);
  const ZW_ONE = new RegExp(`^[${ZERO_WIDTH}]$`, "u");
  const isZW = (c) => c !== "" && ZW_ONE.test(c);
  const isWord = (c) => c.length === 1 && /[A-Za-z]/.test(c);
  const isAlpha = (c) => c !== "" && /^\p{L}$/u.test(c);
  const ZW_ALL = new RegExp(`[${ZERO_WIDTH}]`, "gu");
  const FILLER_ANY = new RegExp(`[${FILLER}]`, "u");
  const RUN_CHAR = new RegExp(`^[${SPACE}${FILLER}${ZERO_WIDTH}]$`, "u");

  function expandContraction(token) {
    const m = /^([a-z]+)'(t|m|re|ve|ll|d)$/.exec(token);
    if (!m) return token;
    const [, stem, suffix] = m;
    if (suffix !== "t") return stem + SUFFIXES[suffix];
    if (stem in CONTRACTIONS) return CONTRACTIONS[stem];
    if (stem.endsWith("n") && stem.length > 1) return stem.slice(0, -1) + " not";
    return token;
  }

  function phbFold(table) {
    const one = new Map(Object.entries(table.one));
    const many = new Map(Object.entries(table.many));
    const TRIGGER = new RegExp(`^[${ZERO_WIDTH}${FILLER}${SPACE.replace(" ", "")}']$`, "u");

    // t: an array of characters (code points), after the table pass.
    const at = (t, i) => (i >= 0 && i < t.length ? t[i] : "");
    const slice = (t, a, b) => t.slice(a, b).join("");

    function word(t, s, done) {
      let a = s;
      while (a > done && (isWord(t[a - 1]) || isZW(t[a - 1]))) a -= 1;
      let b = s;
      while (b < t.length && (isWord(t[b]) || t[b] === "'" || isZW(t[b]))) b += 1;
      return [a, b, expandContraction(slice(t, a, b).replace(ZW_ALL, ""))];
    }

    function run(t, s, e, done) {
      const before = at(t, s - 1), after = at(t, e);
      if ((isCJK(before) || isCJK(after)) && (isCJK(before) || PUNCT.has(before)) && (isCJK(after) || PUNCT.has(after))) {
        return [s, e, ""];
      }
      const text = slice(t, s, e).replace(ZW_ALL, "");
      if (!text && isWord(before) && (isWord(after) || after === "'")) return word(t, s, done);
      if (!text || FILLER_ANY.test(text)) return [s, e, text];
      if (s >= 3 && slice(t, s - 3, s) === "can" && slice(t, e, e + 3) === "not" && !isAlpha(at(t, s - 4)) && !isAlpha(at(t, e + 3))) {
        return [s - 3, e + 3, "cannot"];
      }
      return [s, e, " "];
    }

    // Where a change may start: what checker.normalize's two patterns find.
    function changes(t) {
      const out = [];
      for (let i = 0; i < t.length; i++) {
        const c = t[i];
        if (TRIGGER.test(c) || many.has(c)) { out.push(i); continue; }
        if (c !== " ") continue;
        const next = at(t, i + 1);
        if (next === " " || (next !== "" && (isCJK(next) || isZW(next) || FILLER_ANY.test(next) || PUNCT.has(next)))) out.push(i);
        else if (slice(t, i + 1, i + 4) === "not" && !/^[\p{L}\p{N}_]$/u.test(at(t, i + 4))) out.push(i);
      }
      return out;
    }

    // fold(text) -> the folded text; fold(text, true) -> {text, from, to}: for each
    // UTF-16 unit of the folded text, where its character starts and ends in the
    // original (the offset map of checker.normalize.Folded), to mark a match there.
    function fold(text, keep = false) {
      const source = Array.from(text);
      const t = source.map((c) => one.get(c) || c);
      const offsets = [0];
      for (const c of source) offsets.push(offsets[offsets.length - 1] + c.length);
      const out = [], from = [], to = [];
      const copy = (a, b) => {
        out.push(slice(t, a, b));
        if (keep) for (let k = a; k < b; k++) for (let u = 0; u < t[k].length; u++) { from.push(offsets[k]); to.push(offsets[k + 1]); }
      };
      const put = (repl, a, b) => {
        out.push(repl);
        if (keep) for (let u = 0; u < repl.length; u++) { from.push(offsets[a]); to.push(offsets[b]); }
      };
      let done = 0;
      for (let s of changes(t)) {
        if (s < done) continue;
        const c = t[s];
        let e, repl;
        if (many.has(c)) {
          e = s + 1; repl = many.get(c);
        } else if (c === "'") {
          [s, e, repl] = word(t, s, done);
          if (repl === slice(t, s, e)) continue;
        } else {
          let end = s;
          while (end < t.length && RUN_CHAR.test(t[end])) end += 1;
          [s, e, repl] = run(t, s, end, done);
          if (s < done || repl === slice(t, s, e)) continue;
        }
        if (s > done) copy(done, s);
        put(repl, s, e);
        done = e;
      }
      copy(done, t.length);
      const folded = out.join("");
      return keep ? { text: folded, from, to } : folded;
    }

    return { fold };
  }

  global.phbFold = phbFold;
})(self);
