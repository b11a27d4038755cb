// renxing page's service worker: the page works offline after the first visit. Every file of
// the page (the HTML, the script, the style, the WebAssembly) is cached at install; requests go
// to the network first (so a new version is picked up at once) and fall back to the cache when
// the network fails.
const CACHE = 'renxing-page-v5';
const FILES = ['./', './index.html', './app.js', './agree.js', './history.js', './uncertainty.js', './qca.js', './indicators.js', './style.css', './favicon.svg', './pkg/renxing_wasm.js', './pkg/renxing_wasm_bg.wasm'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('renxing-page-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok && res.type === 'basic') {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req, { ignoreSearch: true }).then((hit) => hit ?? Response.error())),
  );
});
