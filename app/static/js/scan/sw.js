// The scanner's service worker (served as /scan/sw.js, scope /scan): after the first visit the
// page and its assets come from this cache when the network is gone. API calls pass through.
// Bump CACHE_VERSION whenever one of the ASSETS changes, so phones fetch the new files.
const CACHE_VERSION = "scan-v4";
const PAGE = "/scan";
const PAGE_TIMEOUT_MS = 3000;
const ASSETS = [
  "/static/css/app.css",
  "/static/css/scan.css",
  "/static/img/icon.svg",
  "/static/js/error-summary.js",
  "/static/js/table-cards.js",
  "/static/js/offline-forms.js",
  "/static/js/scan/main.js",
  "/static/js/scan/api.js",
  "/static/js/scan/camera.js",
  "/static/js/scan/feedback.js",
  "/static/js/scan/store.js",
  "/static/js/scan/token.js",
  "/static/vendor/idb/idb.umd.js",
  "/static/vendor/barcode-detector/ponyfill.js",
  "/static/vendor/noble-ed25519/ed25519.js",
  "/static/vendor/zxing-wasm/zxing_reader.wasm",
];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE_VERSION);
    await cache.addAll(ASSETS);
    // The page needs the login cookie; a failure here only means it is cached on first use.
    try {
      const page = await fetch(PAGE, { credentials: "same-origin" });
      if (page.ok && !page.redirected) { await cache.put(PAGE, page); }
    } catch (error) { /* cached by the next visit */ }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE_VERSION) { await caches.delete(name); }
    }
    await self.clients.claim();
  })());
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); });
  });
}

// Network first with a short timeout: a slow venue network still opens the page at once.
async function page(request) {
  const cache = await caches.open(CACHE_VERSION);
  try {
    const response = await withTimeout(fetch(request), PAGE_TIMEOUT_MS);
    if (response.ok && !response.redirected) { await cache.put(PAGE, response.clone()); }
    return response;
  } catch (error) {
    const cached = await cache.match(PAGE);
    if (cached) { return cached; }
    throw error;
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE_VERSION);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) { return cached; }
  const response = await fetch(request);
  if (response.ok) { await cache.put(request, response.clone()); }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname === PAGE && request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(asset(request));
  }
  // Everything else, /api/ above all, goes to the network untouched.
});
