// The permissions panel : tick wrapKey for ade-app and the
// legacy ADE flow succeeds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser, withPage } from './helpers.mjs';
import { LEGACY_ENABLE, LEGACY_SETUP, openApp, type } from './flow.mjs';

const lab = useBrowser();

test('ticking wrapKey for ade-app lets the legacy flow wrap the BEK', async () => {
  await withPage(lab.browser, 'permissions-wrapkey', async (page) => {
    await openApp(page, lab.server.url);
    for (const line of LEGACY_SETUP) await type(page, line);
    await type(page, LEGACY_ENABLE);
    await page.waitForSelector('[data-message][data-op=wrapKey][data-result=deny]');

    await page.click('[data-testid=tab-permissions]');
    const box = page.locator('[data-perm="kv-ade/ade-app/keys/wrapKey"]');
    assert.equal(await box.isChecked(), false);
    // The box shows the world, not the click: it ticks once the set-policy has run.
    await box.click();
    // The edit lands as a command; confirm if it is previewed.
    if (await page.locator('[data-testid=confirm]').count()) await page.click('[data-testid=confirm-run]');
    await page.waitForFunction(() =>
      document.querySelector('[data-perm="kv-ade/ade-app/keys/wrapKey"]')?.checked === true,
    );
    await type(page, LEGACY_ENABLE);
    await page.waitForSelector('[data-message][data-op=wrapKey][data-result=allow]');
    await screenshot(page, 'permissions-wrapkey-allowed');
  });
});
