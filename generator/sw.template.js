// Service worker: keeps the handbook and the checker usable when the server is gone.
// Pages and scripts: network first (always fresh while the server is up), cache as
// the fallback. The checker's heavy start-up files (the Pyodide runtime, the rules
// bundle, the start-up snapshot) come from this version's cache first, so a repeat
// visit starts without downloading them; the cache's name carries the hash of every
// file of the build, so a new build is cached afresh (and the worker checks that
// snapshot, rules and runtime belong together before it uses the snapshot).
// The snapshot is cached as served (gzip, about 14 MB): a repeat visit reads the
// checker worker's own unpacked copy in the origin-private file system (about 48 MB,
// see worker.mjs) and needs this one only when that copy is missing.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `handbook-${VERSION}`;

const SNAPSHOT = /\/assets\/checker\/checker-snapshot\.bin\.gz$/;

self.addEventListener("install", (event) => {
  const urls = FILES.map((f) => new URL(f, self.registration.scope));
  const plain = urls.filter((url) => !SNAPSHOT.test(url.pathname));
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all([
    cache.addAll(plain),
    // A snapshot that cannot be cached is fetched again when asked for (the site works without it).
    ...urls.filter((url) => SNAPSHOT.test(url.pathname)).map((url) =>
      fetch(url).then((response) => response.ok && cache.put(url, response)).catch(() => {})),
  ])));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith("handbook-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

const HEAVY = /\/assets\/(pyodide\/|checker\/checker-(bundle|snapshot))/;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (HEAVY.test(new URL(request.url).pathname)) {
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true }).then((hit) =>
        hit || fetch(request).then((response) => {
          if (response.ok) cache.put(request, response.clone()).catch(() => {});
          return response;
        })
      ))
    );
    return;
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit || Response.error()))
  );
});
