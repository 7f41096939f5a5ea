// The audit panel : every vault call is a row with its operation
// and status.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, screenshot, serveDist, withPage } from './helpers.mjs';
import { LEGACY_ENABLE, LEGACY_SETUP, openApp, type } from './flow.mjs';

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

test('audit rows show the denied wrapKey and the key deletion', async () => {
  await withPage(browser, 'audit-rows', async (page) => {
    await openApp(page, server.url);
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
