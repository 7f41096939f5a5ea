// Names, tag values, secret values and narration that contain HTML or script are shown as text
// everywhere: on the stage, in the inspector, the audit log, the console and the commands view.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, withPage } from './helpers.mjs';
import { openApp, type } from './flow.mjs';

const lab = useBrowser();

const PAYLOAD = '<img src=x onerror=window.__xss=1>';

test('HTML in tags, values and file contents stays text', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'hostile-text', async (page) => {
    await openApp(page, lab.server.url);
    await type(page, 'az keyvault create --name kv1 --resource-group rg --location westeurope --enable-rbac-authorization false');
    await type(page, `az keyvault secret set --vault-name kv1 --name app --value "${PAYLOAD}" --tags "note=${PAYLOAD}"`);
    await type(page, 'az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204');
    await type(page, `sim write vm1 /data/x.html "${PAYLOAD}"`);
    await type(page, 'sim read vm1 /data/x.html');

    // The console shows the read-back content as text.
    assert.ok((await page.textContent('[data-testid=console-entry]:last-child')).includes(PAYLOAD));

    // Every panel that shows world text.
    await page.click('[data-object="secret:kv1/app"]');
    await page.waitForSelector('[data-testid=inspector]');
    assert.ok((await page.textContent('[data-testid=inspector]')).includes(PAYLOAD), 'tag shown as text');
    // The secret has one version, masked until revealed; revealed, the value is text too.
    const reveal = page.locator('[data-testid=inspector] [data-testid=reveal]');
    assert.equal(await reveal.count(), 1, 'one Reveal button, for the one version');
    await reveal.click();
    const value = page.locator('[data-testid=inspector] [data-testid=secret-value][data-revealed=true]');
    await value.waitFor();
    assert.equal(await value.textContent(), PAYLOAD);
    for (const tab of ['audit', 'commands', 'permissions', 'health']) {
      await page.click(`[data-testid=tab-${tab}]`);
    }

    assert.equal(await page.locator('img[src=x]').count(), 0, 'no <img> was created from text');
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no handler ran');
  });
});
