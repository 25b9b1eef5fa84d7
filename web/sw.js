// Madani's service worker. Named after the build (`cargo xtask web` writes the build id below), so a
// release is a new worker: it installs on the next visit, takes over, and deletes the old caches. The
// page shell is asked of the network first; what it kept (on a slow link, or offline) is always its
// own build's, whose files it holds, so a release shows at the latest on the visit after that.
//   - the build's files (content-hashed names): from the cache, fetched once;
//   - pages (navigations): the network, else (offline, or no answer within 0.3 s on a slow link) the
//     last shell seen, of this build only (each build's worker has caches of its own);
//   - the API's public reads (GET without credentials): the same, so that a repeat visit starts at
//     once and pages already seen stay readable offline. Answers for a signed-in person are not kept.
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

const HASHED = /-[0-9a-f]{8,}\.(js|wasm|bin|css|json)$/;

async function fromCacheFirst(request) {
  const cache = await caches.open(FILES);
  const hit = await cache.match(request);
  if (hit) return hit;
  const answer = await fetch(request);
  if (answer.ok) cache.put(request, answer.clone());
  return answer;
}

/** From the network; when the link is slow (no answer within `wait`) or down, the last answer kept
 * under `key` if there is one, the network's answer still kept for the next time. */
async function networkOrKept(request, key, wait) {
  const cache = await caches.open(READS);
  const network = fetch(request).then((answer) => {
    if (answer.ok) cache.put(key, answer.clone());
    return answer;
  });
  const kept = await cache.match(key);
  if (!kept) return network;
  // Offline, anything kept will do; on a slow link, only an answer of the last day.
  const age = Date.now() - Date.parse(kept.headers.get("date") || "");
  if (!(age < 24 * 3600 * 1000)) return network.catch(() => kept);
  const slow = new Promise((resolve) => setTimeout(() => resolve(kept), wait));
  return Promise.race([network.catch(() => kept), slow]);
}

/** How long a page or a public read waits for the network before the kept answer is used. */
const PATIENCE = 300;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Every page of the app is the same shell: keep the last one (its language is the visitor's).
    event.respondWith(networkOrKept(request, "/__shell__", PATIENCE));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(fromCacheFirst(request));
  } else if (url.pathname.startsWith("/api/v1/") && !request.headers.has("authorization")) {
    event.respondWith(networkOrKept(request, request, PATIENCE));
  }
});

self.addEventListener("message", (event) => {
  // Signing out forgets what was kept.
  if (event.data === "forget") event.waitUntil(caches.delete(READS));
  // The page that registered the worker: its shell and the build's files it loaded.
  if (event.data && Array.isArray(event.data.keep)) {
    const files = event.data.keep.map((u) => new URL(u, self.location.origin)).filter((u) => u.origin === self.location.origin);
    event.waitUntil(
      Promise.all([
        caches.open(FILES).then((cache) => cache.addAll(files.filter((u) => HASHED.test(u.pathname)).map((u) => u.pathname))),
        caches.open(READS).then((cache) =>
          Promise.all([
            cache.match("/__shell__").then((hit) => hit || fetch("/").then((r) => r.ok && cache.put("/__shell__", r))),
            // Its public reads, asked again (without credentials: what anyone may read).
            ...files
              .filter((u) => u.pathname.startsWith("/api/v1/"))
              .map((u) => fetch(u.href).then((r) => r.ok && cache.put(u.href, r)).catch(() => {})),
          ]),
        ),
      ]).catch(() => {}),
    );
  }
});
