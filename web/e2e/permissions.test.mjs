// The permissions panel : tick wrapKey for ade-app and the
// legacy ADE flow succeeds.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser, withPage } from './helpers.mjs';
import { LEGACY_ENABLE, legacySession, type } from './flow.mjs';

const lab = useBrowser();

test('ticking wrapKey for ade-app lets the legacy flow wrap the BEK', async () => {
  await withPage(lab.browser, 'permissions-wrapkey', async (page) => {
    await legacySession(page, lab.server.url, { enable: true });
    await page.waitForSelector('[data-message][data-op=wrapKey][data-result=deny]');

    await page.click('[data-testid=tab-permissions]');
    const box = page.locator('[data-perm="kv-ade/ade-app/keys/wrapKey"]');
    assert.equal(await box.isChecked(), false);
    // The box shows the world, not the click: it ticks once the set-policy has run.
    await box.click();
    // The edit lands as a set-policy command. It only adds a permission and changes no verdict
    // (vm1 was never encrypted), so it runs at once: no what-if dialog opens.
    const outcome = await page.waitForFunction(() => {
      if (document.querySelector('[data-testid=confirm]')) return 'dialog';
      return document.querySelector('[data-perm="kv-ade/ade-app/keys/wrapKey"]')?.checked === true && 'ticked';
    }).then((h) => h.jsonValue());
    assert.equal(outcome, 'ticked', 'ticking a permission runs without a what-if preview');
    await type(page, LEGACY_ENABLE);
    await page.waitForSelector('[data-message][data-op=wrapKey][data-result=allow]');
    await screenshot(page, 'permissions-wrapkey-allowed');
  });
});
