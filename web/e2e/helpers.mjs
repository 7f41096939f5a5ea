// Shared by the end-to-end tests: serve dist/ on 127.0.0.1, drive Debian's Chromium with
// playwright-core, fail on any console or page error, keep screenshots in target/e2e/.
//
// `cargo xtask test` sets KEYFALL_DIST and KEYFALL_SCREENSHOTS; run by hand after
// `cargo xtask dist` with `node --test web/e2e/` from the repository root.

import { createServer } from 'node:http';
import { after, before } from 'node:test';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');
export const distDir = resolve(process.env.KEYFALL_DIST ?? join(root, 'dist'));
export const shotsDir = resolve(process.env.KEYFALL_SCREENSHOTS ?? join(root, 'target', 'e2e'));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  // Browsers compile wasm while it downloads only when it is served as application/wasm.
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/** Serves `dir` on 127.0.0.1 on a free port; resolves to { url, close }. */
export async function serveDist(dir = distDir) {
  await stat(join(dir, 'index.html')).catch(() => {
    throw new Error(`${dir}/index.html is missing: run \`cargo xtask dist\` first`);
  });
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    // Never serve outside dist/, whatever the request path says.
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * One server for dist/ and one Chromium for the test file that calls this (at its top level):
 * started before its tests, closed after them. Tests read `lab.server` and `lab.browser`.
 */
export function useBrowser() {
  const lab = {};
  before(async () => {
    lab.server = await serveDist();
    lab.browser = await launchChromium();
  });
  after(async () => {
    await lab.browser?.close();
    await lab.server?.close();
  });
  return lab;
}

/** Launches headless Chromium with the flags TOOLCHAIN.md verified for this machine, and any extra. */
export function launchChromium(extraFlags = []) {
  return chromium.launch({
    executablePath: process.env.KEYFALL_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraFlags,
    ],
  });
}

/** Saves a 1280x720 screenshot as target/e2e/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(shotsDir, { recursive: true });
  const path = join(shotsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Runs `body(page)` in a fresh 1280x720 page (with Playwright's context `options` besides, e.g.
 * `{ reducedMotion: 'reduce' }`). Fails the test on any console error or uncaught page error
 * (even when `body` passed), and saves `<name>-failure.png` when anything fails.
 */
export async function withPage(browser, name, body, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  try {
    await body(page);
    if (errors.length > 0) throw new Error(`errors in the page:\n${errors.join('\n')}`);
  } catch (err) {
    const shot = await screenshot(page, `${name}-failure`).catch(() => 'not saved');
    err.message += `\n(screenshot: ${shot})`;
    if (errors.length > 0 && !err.message.includes('errors in the page')) {
      err.message += `\nerrors in the page:\n${errors.join('\n')}`;
    }
    throw err;
  } finally {
    await context.close();
  }
}

/** Waits until every CSS animation on the page has finished, so screenshots are stable. */
export async function animationsDone(page) {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState === 'finished'),
  );
}
