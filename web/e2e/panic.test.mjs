// A panic in the app (issue 7): the hook logs it, shows the overlay with "Restore last session",
// and leaves localStorage (the autosave) as it was. The panic comes from
// `window.keyfallBench.panic()`, an entry point for tools, not a hidden control in the UI.
//
// Not through withPage: that fails on any console error, and this test expects exactly one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser } from './helpers.mjs';

const lab = useBrowser();

test('a panic shows the overlay and keeps the autosave', async () => {
  const context = await lab.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const consoleErrors = [];
  const pageErrors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  try {
    await page.goto(lab.server.url);
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    // Some state worth keeping, as the autosave would have written it.
    await page.evaluate(() => localStorage.setItem('keyfall.session.v1', '{"test":"kept"}'));

    // Snapshot, panic and snapshot in one synchronous turn: nothing else can write between.
    const { before, after, thrown } = await page.evaluate(() => {
      const snapshot = () => JSON.stringify(Object.entries(localStorage).sort());
      const before = snapshot();
      let thrown = null;
      try {
        window.keyfallBench.panic();
      } catch (err) {
        // panic = "abort": after the hook the wasm traps, and the trap surfaces here.
        thrown = String(err);
      }
      return { before, after: snapshot(), thrown };
    });
    assert.ok(thrown, 'the panic ends in a trap that the caller sees');
    assert.equal(after, before, 'localStorage is unchanged');
    assert.match(before, /keyfall\.session\.v1/);

    const overlay = page.locator('[data-testid=panic-overlay]');
    await overlay.waitFor();
    assert.match(await overlay.textContent(), /Keyfall hit a bug and stopped\. Your session is saved\./);
    assert.match(await page.textContent('[data-testid=panic-message]'), /keyfallBench\.panic\(\) was called/);
    await screenshot(page, 'panic-overlay');

    // Exactly the hook's one console error, and no uncaught error.
    assert.equal(consoleErrors.length, 1, consoleErrors.join('\n'));
    assert.match(consoleErrors[0], /Keyfall panicked: [\s\S]*keyfallBench\.panic\(\) was called/);
    assert.deepEqual(pageErrors, []);

    // The button reloads the page; restoring the session on load is the autosave's job.
    await Promise.all([page.waitForEvent('load'), page.click('[data-testid=panic-restore]')]);
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    assert.equal(await page.locator('[data-testid=panic-overlay]').count(), 0);
  } catch (err) {
    await screenshot(page, 'panic-failure').catch(() => {});
    throw err;
  } finally {
    await context.close();
  }
});
