// The checker's text fold (checker/normalize.py) in JavaScript, for search.
// It reads the same generated table (t2s.json: traditional -> simplified, NFKC of
// single characters, lower case, curly -> straight quotes) and does the same
// second pass: zero-width characters dropped, spaces and filler marks inside
// Chinese dropped, runs of spaces made one, English contractions expanded,
// regional words (table.words, from data/dialect.yml) made standard Mandarin.
// The browser tests check it against the Python fold on shared vectors.
//
//   const folder = phbFold(table);
//   folder.fold("投訴　ＡＢＣ")         // -> "投诉 abc", as checker.normalize.fold
//   folder.fold("投訴", true)          // -> {text, from, to}: with the offset map
(function (global) {
  "use strict";
  // The character classes of checker/normalize.py, as code point ranges.
  const CJK = [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff], [0x20000, 0x2fa1f]];
  const ZERO_WIDTH = [[0xad, 0xad], [0x180e, 0x180e], [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x2064], [0x2066, 0x2069], [0xfeff, 0xfeff]];
  const SPACE = [[0x09, 0x09], [0x0d, 0x0d], [0x0c, 0x0c], [0x0b, 0x0b], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000]];
  const FILLER = new Set("·•*_~-/|.・"); // the Python class's "\\-" is the hyphen
  const PUNCT = new Set("!\"#$%&'()*+,./:;<=>?@[]^`{}~、。「」『』【】《》〈〉…—");
  const CONTRACTIONS = { can: "cannot", won: "will not", shan: "shall not", ain: "is not" };
  const SUFFIXES = { m: " am", re: " are", ve: " have", ll: " will", d: " would" };

  const chars = (ranges) => {
    const set = new Set();
    for (const [lo, hi] of ranges) for (let c = lo; c <= hi; c++) set.add(String.fromCodePoint(c));
    return set;
  };
  const ZW = chars(ZERO_WIDTH), SPACES = chars(SPACE);
  const isCJK = (c) => {
    if (c === "") return false;
    const code = c.codePointAt(0);
    return CJK.some(([lo, hi]) => code >= lo && code <= hi);
  };
  const isZW = (c) => ZW.has(c);
  const isWord = (c) => c.length === 1 && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));
  const isAlpha = (c) => c !== "" && /^\p{L}$/u.test(c);
  const dropZW = (s) => Array.from(s).filter((c) => !ZW.has(c)).join("");
  const isRun = (c) => SPACES.has(c) || FILLER.has(c) || ZW.has(c);
  // What may start a change besides a space and a multi-character fold: as Python's trigger class.
  const TRIGGER = new Set([...ZW, ...FILLER, ...[...SPACES].filter((c) => c !== " "), "'"]);

  function expandContraction(token) {
    const m = /^([a-z]+)'(t|m|re|ve|ll|d)$/.exec(token);
    if (!m) return token;
    const [, stem, suffix] = m;
    if (suffix !== "t") return stem + SUFFIXES[suffix];
    if (stem in CONTRACTIONS) return CONTRACTIONS[stem];
    if (stem.endsWith("n") && stem.length > 1) return stem.slice(0, -1) + " not";
    return token;
  }

  // Regional words, longest first (a stable sort, as Python's): each with its context.
  function wordList(table) {
    const list = (table.words || []).map((w) => ({
      from: Array.from(w.from), to: w.to, next: w.next || "", prev: w.prev || "",
      after: w.after ? new Set(Array.from(w.after)) : null, before: w.before ? new Set(Array.from(w.before)) : null,
      notAfter: new Set(Array.from(w.not_after || "")), notBefore: new Set(Array.from(w.not_before || "")),
    }));
    return list.sort((a, b) => b.from.length - a.from.length);
  }

  function phbFold(table) {
    const many = new Map(Object.entries(table.many));
    const words = wordList(table);
    const firsts = new Set(words.map((w) => w.from[0]));
    // table.one as an array indexed by code point (0: unchanged): a lookup per character.
    const one = new Uint32Array(0x30000);
    for (const key in table.one) one[key.codePointAt(0)] = table.one[key].codePointAt(0);
    for (let c = 0x41; c <= 0x5a; c++) one[c] = c + 0x20;
    const cache = new Map(); // folded code point -> its string
    const oneOf = (c) => {
      const code = c.codePointAt(0);
      const f = code < 0x30000 ? one[code] : 0;
      if (!f) return c;
      let str = cache.get(f);
      if (str === undefined) cache.set(f, (str = String.fromCodePoint(f)));
      return str;
    };

    // t: an array of characters (code points), after the table pass.
    const at = (t, i) => (i >= 0 && i < t.length ? t[i] : "");
    const slice = (t, a, b) => t.slice(a, b).join("");

    function word(t, s, done) {
      let a = s;
      while (a > done && (isWord(t[a - 1]) || isZW(t[a - 1]))) a -= 1;
      let b = s;
      while (b < t.length && (isWord(t[b]) || t[b] === "'" || isZW(t[b]))) b += 1;
      return [a, b, expandContraction(dropZW(slice(t, a, b)))];
    }

    function run(t, s, e, done) {
      const before = at(t, s - 1), after = at(t, e);
      if ((isCJK(before) || isCJK(after)) && (isCJK(before) || PUNCT.has(before)) && (isCJK(after) || PUNCT.has(after))) {
        return [s, e, ""];
      }
      const text = dropZW(slice(t, s, e));
      if (!text && isWord(before) && (isWord(after) || after === "'")) return word(t, s, done);
      if (!text || Array.from(text).some((c) => FILLER.has(c))) return [s, e, text];
      if (s >= 3 && slice(t, s - 3, s) === "can" && slice(t, e, e + 3) === "not" && !isAlpha(at(t, s - 4)) && !isAlpha(at(t, e + 3))) {
        return [s - 3, e + 3, "cannot"];
      }
      return [s, e, " "];
    }

    function wordAt(t, i) {
      const before = at(t, i - 1);
      return words.find((w) => {
        if (w.from.some((c, k) => t[i + k] !== c)) return false;
        const after = at(t, i + w.from.length);
        if (w.prev === "han" ? !isCJK(before) : w.prev === "not-han" && isCJK(before)) return false;
        if (w.next === "han" ? !isCJK(after) : w.next === "not-han" && isCJK(after)) return false;
        if ((w.after && !w.after.has(before)) || (w.before && !w.before.has(after))) return false;
        return !w.notAfter.has(before) && !w.notBefore.has(after);
      });
    }

    // Regional words found left to right, none overlapping: start -> [end, replacement].
    function wordStarts(t) {
      const found = new Map();
      if (!words.length) return found;
      for (let i = 0; i < t.length; i++) {
        if (!firsts.has(t[i])) continue;
        const w = wordAt(t, i);
        if (!w) continue;
        found.set(i, [i + w.from.length, w.to]);
        i += w.from.length - 1;
      }
      return found;
    }

    // Where a change may start: what checker.normalize's two patterns find.
    function changes(t, found) {
      const out = [];
      for (let i = 0; i < t.length; i++) {
        const c = t[i];
        if (TRIGGER.has(c) || many.has(c)) { out.push(i); continue; }
        if (c !== " ") continue;
        const next = at(t, i + 1);
        if (next === " " || (next !== "" && (isCJK(next) || isZW(next) || FILLER.has(next) || PUNCT.has(next)))) out.push(i);
        else if (slice(t, i + 1, i + 4) === "not" && !/^[\p{L}\p{N}_]$/u.test(at(t, i + 4))) out.push(i);
      }
      if (!found.size) return out;
      return [...new Set([...out, ...found.keys()])].sort((a, b) => a - b);
    }

    // fold(text) -> the folded text; fold(text, true) -> {text, from, to}: for each
    // UTF-16 unit of the folded text, where its character starts and ends in the
    // original (the offset map of checker.normalize.Folded), to mark a match there.
    function fold(text, keep = false) {
      const source = Array.from(text);
      const t = source.map(oneOf);
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
      const found = wordStarts(t);
      for (let s of changes(t, found)) {
        if (s < done) continue;
        const c = t[s];
        let e, repl;
        if (found.has(s)) {
          [e, repl] = found.get(s);
        } else if (many.has(c)) {
          e = s + 1; repl = many.get(c);
        } else if (c === "'") {
          [s, e, repl] = word(t, s, done);
          if (repl === slice(t, s, e)) continue;
        } else {
          let end = s;
          while (end < t.length && isRun(t[end])) end += 1;
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
