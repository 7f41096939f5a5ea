// A documentation page from another site with three Keyfall demos on it, as docs/embedding.md
// tells authors to write it. Shared by the embed e2e test and the browser bench, which both ask
// what such a page costs its reader before and after a click.

import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';

/** The three demos the page embeds: [lesson, step, label]. */
export const EMBEDS = [
  ['01', 4, 'The platform wraps the BEK with the KEK'],
  ['03', 2, 'The KEK is deleted while vm1 runs'],
  ['05', 2, 'The KEK is rotated'],
];

/** The page's HTML, for an app served at `appUrl` (ending in a slash). */
export function docsPage(appUrl) {
  const demos = EMBEDS.map(
    ([lesson, step, label]) => `
  <h2>${label}</h2>
  <keyfall-embed lesson="${lesson}" step="${step}" label="${label}">
    <a href="${appUrl}?lesson=${lesson}&amp;step=${step}">Open the Keyfall demo: ${label}</a>
  </keyfall-embed>
  <p>Some prose after the demo, as a docs page has.</p>`,
  ).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Docs page with three Keyfall demos</title>
  <script src="${appUrl}embed.js" defer></script>
  <style>body { font-family: sans-serif; max-width: 960px; margin: 2em auto; }</style>
</head>
<body>
  <h1>Azure Disk Encryption, key by key</h1>
  ${demos}
</body>
</html>`;
}

/** Serves the docs page on its own 127.0.0.1 port (another origin than the app). */
export async function serveDocsPage(appUrl) {
  const html = docsPage(appUrl);
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * Records every response the page and its frames receive from `origin`, with the size gzip -9
 * would send (our test servers do not compress; a static host does).
 */
export function watchTransfer(page, origin) {
  const seen = [];
  const pending = [];
  page.on('response', (response) => {
    if (!response.url().startsWith(origin)) return;
    pending.push(
      response
        .body()
        .then((body) => seen.push({ url: response.url(), gzip: gzipSync(body, { level: 9 }).length }))
        .catch(() => seen.push({ url: response.url(), gzip: 0 })),
    );
  });
  return {
    /** Every response so far, once their bodies are in. */
    async settled() {
      await Promise.all(pending);
      return [...seen];
    },
    async total() {
      return (await this.settled()).reduce((n, r) => n + r.gzip, 0);
    },
  };
}
