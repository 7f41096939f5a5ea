// The first slice end to end: the built app loads, the VM encrypts its disk with a BEK from
// the core, and the BEK lands in the key vault.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { animationsDone, launchChromium, screenshot, serveDist, withPage } from './helpers.mjs';

let server;
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('encrypting the disk shows real ciphertext and stores the BEK in the vault', async () => {
  await withPage(browser, 'encrypt-disk', async (page) => {
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    assert.equal(await page.locator('[data-actor=vm1]').count(), 1);
    assert.equal(await page.locator('[data-actor=kv-ade]').count(), 1);
    assert.equal(
      await page.getAttribute('[data-testid=vm1-disk]', 'data-state'),
      'plaintext',
    );
    await screenshot(page, 'stage-initial');

    await page.click('[data-testid=encrypt-disk]');
    await page.waitForSelector('[data-testid=round-trip]');
    assert.equal(
      await page.textContent('[data-testid=sectors]'),
      '2 · 115 B → 171 B',
    );
    const hex = await page.textContent('[data-testid=ciphertext]');
    assert.match(hex, /^([0-9a-f]{2}\s){15}[0-9a-f]{2}$/);
    assert.match(await page.textContent('[data-testid=round-trip]'), /^✓/);
    assert.match(await page.textContent('[data-testid=wrong-key]'), /^✓/);
    assert.equal(
      await page.getAttribute('[data-testid=vm1-disk]', 'data-state'),
      'encrypted',
    );
    assert.match(await page.textContent('[data-testid=message]'), /secret set/);
    await animationsDone(page);
    assert.match(await page.textContent('[data-testid=kv-ade-secrets]'), /Secrets \(1\)/);
    await screenshot(page, 'stage-encrypted');

    // A second run draws a new BEK from the same seeded generator: new bytes, a second version.
    await page.click('[data-testid=encrypt-disk]');
    await page.waitForSelector('text=Result #2');
    assert.notEqual(await page.textContent('[data-testid=ciphertext]'), hex);
    await animationsDone(page);
    assert.match(await page.textContent('[data-testid=kv-ade-secrets]'), /Secrets \(2\)/);
  });
});
