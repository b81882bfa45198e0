// Which rules bundle this is: FNV-1a over its bytes, and its length. The build writes it
// into the snapshot's manifest (generator/snapshot.mjs) and the worker compares it with
// the bundle it fetched, so a snapshot is used only with the rules it was made for.
// Not a secure hash: crypto.subtle would need a secure context, which an intranet
// http:// site is not.
export function bundleId(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `${h.toString(16).padStart(8, "0")}-${bytes.length}`;
}
