// Keyfall's boot script. `cargo xtask dist` moves Trunk's inline loader here (so the page runs
// under a Content-Security-Policy without 'unsafe-inline') and appends this file after it.

// Offline support: register the service worker on http(s) only (not file://, not the
// single-file build). When a new version has been deployed and installed in the background,
// offer to switch to it instead of switching under a presenter's feet.
function registerWorker() {
  navigator.serviceWorker
    .register('./sw.js')
    .then((registration) => {
      const offer = (worker) => {
        if (!worker || !navigator.serviceWorker.controller) return;
        const bar = document.createElement('div');
        bar.className = 'update-prompt';
        bar.setAttribute('role', 'status');
        bar.dataset.testid = 'update-prompt';
        const text = document.createElement('span');
        text.textContent = 'A new version of Keyfall is ready.';
        const reload = document.createElement('button');
        reload.type = 'button';
        reload.textContent = 'Reload';
        reload.addEventListener('click', () => worker.postMessage('keyfall-activate'));
        const later = document.createElement('button');
        later.type = 'button';
        later.textContent = 'Later';
        later.addEventListener('click', () => bar.remove());
        bar.append(text, reload, later);
        document.body.append(bar);
      };
      if (registration.waiting) offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const worker = registration.installing;
        worker?.addEventListener('statechange', () => {
          if (worker.state === 'installed') offer(worker);
        });
      });
    })
    .catch(() => {
      // No service worker (private mode, unsupported host): the app still runs online.
    });
  // The first install also changes the controller (clients.claim); only a page that was already
  // controlled is switching versions and needs a reload.
  const hadController = Boolean(navigator.serviceWorker.controller);
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!hadController || reloading) return;
    reloading = true;
    location.reload();
  });
}

// Installing the worker downloads every asset a second time to cache it: start only once the page
// has loaded and the main thread is idle, so it never competes with the first render.
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  const whenIdle = () =>
    'requestIdleCallback' in window
      ? requestIdleCallback(registerWorker, { timeout: 2000 })
      : setTimeout(registerWorker, 200);
  if (document.readyState === 'complete') whenIdle();
  else addEventListener('load', whenIdle, { once: true });
}
