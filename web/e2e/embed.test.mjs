// Light docs embeds (docs/embedding.md): a docs page on another origin with three
// <keyfall-embed> elements shows three pictures and transfers no wasm until the reader presses
// one; then that one, and only that one, becomes the app at its lesson and step. Keyboard,
// screen-reader name, reduced motion and the no-JavaScript link are checked on the same page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser, withPage } from './helpers.mjs';
import { EMBEDS, serveDocsPage, watchTransfer } from './docs-page.mjs';

const lab = useBrowser();

/** The budget of issue 14 for a page with three embeds before any click, gzip. */
const BEFORE_CLICK_BUDGET = 30_000;

async function withDocs(name, body, options) {
  const docs = await serveDocsPage(lab.server.url);
  try {
    await withPage(lab.browser, name, (page) => body(page, docs), options);
  } finally {
    await docs.close();
  }
}

const upgraded = (page) =>
  page.waitForFunction(
    (n) => [...document.querySelectorAll('keyfall-embed')].filter((e) => e.shadowRoot?.querySelector('button')).length === n,
    EMBEDS.length,
  );

test('three embeds show their pictures and load no wasm until one is played', { timeout: 90_000 }, async () => {
  await withDocs('embed-docs', async (page, docs) => {
    const transfer = watchTransfer(page, lab.server.url);
    await page.goto(docs.url);
    await upgraded(page);
    // Every preview picture is in, drawn by the same renderer as the app's stage.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('keyfall-embed')].every((e) => {
        const img = e.shadowRoot.querySelector('img.preview');
        return img && img.complete && img.naturalWidth > 0;
      }),
    );
    const before = await transfer.settled();
    const urls = before.map((r) => r.url);
    assert.ok(!urls.some((u) => u.endsWith('.wasm')), `wasm before a click: ${urls}`);
    assert.ok(!urls.some((u) => /keyfall-web.*\.js$/.test(u)), `app glue before a click: ${urls}`);
    for (const [lesson, step] of EMBEDS) {
      assert.ok(urls.some((u) => u.endsWith(`previews/${lesson}-${step}.svg`)), `preview ${lesson}-${step} in ${urls}`);
    }
    const bytes = before.reduce((n, r) => n + r.gzip, 0);
    assert.ok(bytes <= BEFORE_CLICK_BUDGET, `${bytes} bytes (gzip) before a click, budget ${BEFORE_CLICK_BUDGET}`);
    await screenshot(page, 'embed-docs-before');

    // A real button with the demo's name, reached by Tab and pressed with Enter.
    const second = page.locator('keyfall-embed').nth(1);
    const button = second.getByRole('button', { name: `Play the demo: ${EMBEDS[1][2]}` });
    await button.focus();
    await page.keyboard.press('Enter');
    const frame = page.frameLocator('keyfall-embed >> nth=1 >> iframe');
    await frame.locator('[data-testid=app][data-mode=embed][data-ready=true]').waitFor({ timeout: 60_000 });
    assert.match(await frame.locator('[data-testid=captions] .caption-step').textContent(), /^Step 2\//);
    assert.equal(await page.locator('keyfall-embed iframe').count(), 1, 'only the pressed demo loads');
    await second.scrollIntoViewIfNeeded();
    await screenshot(page, 'embed-docs-after');
    const after = await transfer.settled();
    assert.ok(after.some((r) => r.url.endsWith('.wasm')), 'the app loaded its wasm after the click');
    assert.equal(
      await second.evaluate((e) => e.shadowRoot.querySelector('iframe').title),
      `Keyfall: ${EMBEDS[1][2]}`,
    );
  });
});

test('reduced motion: the play button does not animate', { timeout: 60_000 }, async () => {
  await withDocs(
    'embed-reduced-motion',
    async (page, docs) => {
      await page.goto(docs.url);
      await upgraded(page);
      const duration = await page.$eval('keyfall-embed', (e) =>
        getComputedStyle(e.shadowRoot.querySelector('.disc')).transitionDuration,
      );
      assert.equal(duration, '0s');
    },
    { reducedMotion: 'reduce' },
  );
});

test('without JavaScript each embed is a link to its demo', { timeout: 60_000 }, async () => {
  await withDocs(
    'embed-no-js',
    async (page, docs) => {
      await page.goto(docs.url);
      const links = page.locator('keyfall-embed a');
      assert.equal(await links.count(), EMBEDS.length);
      for (const [i, [lesson, step]] of EMBEDS.entries()) {
        assert.ok(await links.nth(i).isVisible());
        assert.equal(await links.nth(i).getAttribute('href'), `${lab.server.url}?lesson=${lesson}&step=${step}`);
      }
    },
    { javaScriptEnabled: false },
  );
});
