// The audit panel : every vault call is a row with its operation
// and status; Resource Manager operations (role assignments) are in the Activity log under it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser, withPage } from './helpers.mjs';
import { legacySession, type } from './flow.mjs';

const lab = useBrowser();

test('audit rows show the denied wrapKey and the key deletion', async () => {
  await withPage(lab.browser, 'audit-rows', async (page) => {
    await legacySession(page, lab.server.url, { enable: true });
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

test('a role assignment is in the Activity log, not the audit log', async () => {
  await withPage(lab.browser, 'activity-rows', async (page) => {
    await legacySession(page, lab.server.url);
    await type(
      page,
      'az role assignment create --assignee ade-app --role "Key Vault Secrets User" --scope kv-ade',
    );

    await page.click('[data-testid=tab-audit]');
    await page.waitForSelector('[data-testid=activity-row]');
    const activity = await page.$$eval('[data-testid=activity-row]', (els) =>
      els.map((e) => `${e.dataset.op} ${e.dataset.status}`),
    );
    assert.ok(
      activity.includes('Microsoft.Authorization/roleAssignments/write Succeeded'),
      activity.join('\n'),
    );
    const audit = await page.$$eval('[data-testid=audit-row]', (els) => els.map((e) => e.dataset.op));
    assert.ok(audit.includes('VaultPut'), audit.join('\n'));
    assert.ok(!audit.some((op) => /Role/.test(op)), audit.join('\n'));
    await page.locator('.activity').scrollIntoViewIfNeeded();
    await screenshot(page, 'activity-rows');
  });
});
