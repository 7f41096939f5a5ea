// The audit panel : every vault call is a row with its operation
// and status.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser, withPage } from './helpers.mjs';
import { LEGACY_ENABLE, LEGACY_SETUP, openApp, type } from './flow.mjs';

const lab = useBrowser();

test('audit rows show the denied wrapKey and the key deletion', async () => {
  await withPage(lab.browser, 'audit-rows', async (page) => {
    await openApp(page, lab.server.url);
    for (const line of LEGACY_SETUP) await type(page, line);
    await type(page, LEGACY_ENABLE);
    await type(page, 'az keyvault key delete --vault-name kv-ade --name kek');

    await page.click('[data-testid=tab-audit]');
    await page.waitForSelector('[data-testid=audit-row]');
    const rows = await page.$$eval('[data-testid=audit-row]', (els) =>
      els.map((e) => `${e.dataset.op} ${e.dataset.status}`),
    );
    assert.ok(rows.some((r) => /^KeyWrap /.test(r) && r.endsWith('403')), rows.join('\n'));
    assert.ok(rows.some((r) => /^KeyDelete /.test(r) && r.endsWith('200')), rows.join('\n'));
    await screenshot(page, 'audit-rows');
  });
});
