// Sambang Lapangan service worker, version {{ version }} (a hash of the shell's files).
// Precaches the app shell; serves it cache-first so the app opens with no network. API requests
// are never touched here: the page's outbox talks to the network itself.
const VERSION = "{{ version }}";
const CACHE = "sambang-lapangan-" + VERSION;
const SCOPE = "{{ scope }}";
const PRECACHE = {{ precache|safe }};
const SHELL_PATHS = new Set(PRECACHE.map((url) => new URL(url, self.location.origin).pathname));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("sambang-lapangan-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith(SCOPE)) {
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(SCOPE)).then((hit) => hit || fetch(request)));
    return;
  }
  if (SHELL_PATHS.has(url.pathname)) {
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true }))
        .then((hit) => hit || fetch(request)));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "version") event.source.postMessage({ version: VERSION });
});
