// Madani's service worker. Named after the build (`cargo xtask web` writes the build id below), so a
// release is a new worker: it installs on the next visit, takes over, and deletes the old caches; the
// page shell is always asked of the network first, so a visitor online never gets a stale app.
//   - the build's files (content-hashed names): from the cache, fetched once;
//   - pages (navigations): the network, else the last shell seen (offline);
//   - the API's public reads (GET without credentials): the network, else the last answer seen, so
//     that pages already seen stay readable offline. Answers for a signed-in person are not kept.
const BUILD = "__BUILD__";
const FILES = `madani-files-${BUILD}`;
const READS = `madani-reads-${BUILD}`;
const PRECACHE = __PRECACHE__;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(FILES).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== FILES && n !== READS).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

const HASHED = /-[0-9a-f]{8,}\.(js|wasm|css|json)$/;

async function fromCacheFirst(request) {
  const cache = await caches.open(FILES);
  const hit = await cache.match(request);
  if (hit) return hit;
  const answer = await fetch(request);
  if (answer.ok) cache.put(request, answer.clone());
  return answer;
}

async function fromNetworkFirst(request, cacheName, key) {
  const cache = await caches.open(cacheName);
  try {
    const answer = await fetch(request);
    if (answer.ok) cache.put(key, answer.clone());
    return answer;
  } catch (offline) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw offline;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Every page of the app is the same shell: keep the last one (its language is the visitor's).
    event.respondWith(fromNetworkFirst(request, READS, "/__shell__"));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(fromCacheFirst(request));
  } else if (url.pathname.startsWith("/api/v1/") && !request.headers.has("authorization")) {
    event.respondWith(fromNetworkFirst(request, READS, request));
  }
});

// Signing out forgets what was kept.
self.addEventListener("message", (event) => {
  if (event.data === "forget") event.waitUntil(caches.delete(READS));
});
