// Keyfall's service worker: after the first visit the playground works with the network off.
// `cargo xtask dist` fills in the two placeholders: the build's cache name and the list of
// hashed assets. Hashed names never change content, so cache-first is always correct for them;
// index.html is the only file that must be revalidated, so it goes network-first.
const CACHE = '__KEYFALL_CACHE__';
const ASSETS = __KEYFALL_ASSETS__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// The page asks a waiting worker to take over when the user accepts the update prompt.
self.addEventListener('message', (event) => {
  if (event.data === 'keyfall-activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Network first for the page itself, so a new deployment is seen; the cached copy when
    // offline. The fragment (share links) is not part of the request, so one entry serves all.
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put('./', copy));
          return response;
        })
        .catch(() => caches.match('./', { ignoreSearch: true })),
    );
    return;
  }
  event.respondWith(
    caches.match(request, { ignoreSearch: true }).then((hit) => hit ?? fetch(request)),
  );
});
