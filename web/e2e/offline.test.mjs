// Ready for the stage and for USB sticks: the page runs under its Content-Security-Policy,
// talks to no other origin, keeps working offline after the first visit (service worker), and
// the single-file build runs as a file:// page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { distDir, useBrowser, withPage } from './helpers.mjs';

const lab = useBrowser();

test('the page runs under a strict CSP and requests nothing from another origin', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'csp', async (page) => {
    const origins = new Set();
    page.on('request', (req) => origins.add(new URL(req.url()).origin));
    const violations = [];
    await page.exposeFunction('reportViolation', (v) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(lab.server.url);
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    const csp = await page.getAttribute('meta[http-equiv=Content-Security-Policy]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline scripts');
    assert.deepEqual(violations, []);
    assert.deepEqual([...origins], [new URL(lab.server.url).origin]);
  });
});

test('the style sheets ship minified and load under their integrity hashes', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'minified-css', async (page) => {
    await page.goto(lab.server.url);
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    const sheets = await page.evaluate(async () =>
      Promise.all(
        [...document.querySelectorAll('link[rel=stylesheet]')].map(async (link) => ({
          href: link.href,
          integrity: link.integrity,
          loaded: link.sheet !== null && link.sheet.cssRules.length > 0,
          text: await (await fetch(link.href)).text(),
        })),
      ),
    );
    assert.ok(sheets.length >= 6, `${sheets.length} style sheets`);
    for (const { href, integrity, loaded, text } of sheets) {
      // A sheet whose bytes do not match its hash is not applied (and logs an error).
      assert.match(integrity, /^sha384-/, href);
      assert.ok(loaded, `${href} applied`);
      // Minified: no comments, no indented lines (the sources have both).
      assert.ok(!text.includes('/*'), `${href} keeps comments`);
      assert.ok(!/\n\s/.test(text), `${href} keeps its indentation`);
    }
  });
});

test('after a first visit the app reloads and runs with the network off', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'offline', async (page) => {
    await page.goto(lab.server.url);
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    // The worker has cached every asset once it is active and controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok));
      }
    });
    await page.context().setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    assert.equal(await page.locator('[data-actor]').count() > 0, true, 'the stage is drawn offline');
  });
});

test('the single-file build runs from file://', { timeout: 60_000 }, async () => {
  const file = resolve(join(distDir, '..', 'dist-single', 'keyfall.html'));
  await stat(file).catch(() => {
    throw new Error(`${file} is missing: run \`cargo xtask dist --single-file\` first`);
  });
  await withPage(lab.browser, 'single-file', async (page) => {
    const requests = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(`file://${file}`);
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    assert.equal(await page.locator('[data-actor]').count() > 0, true);
    // Nothing fetched from disk or network beyond the page itself and its data: URLs.
    assert.deepEqual(
      requests.filter((u) => !u.startsWith('data:') && u !== `file://${file}`),
      [],
    );
  });
});
