// The console end to end: the legacy ADE flow typed by hand, the denied wrapKey, the grant that
// fixes it, then a deleted KEK taking vm1 from ok to at-risk to broken, as the core reports.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser, withPage } from './helpers.mjs';
import { LEGACY_ENABLE, legacySession, openApp, type, verdict, waitVerdict } from './flow.mjs';

const lab = useBrowser();

test('legacy ADE flow: wrapKey denied, granted, allowed; then the KEK is deleted', async () => {
  await withPage(lab.browser, 'console-legacy-ade', async (page) => {
    await legacySession(page, lab.server.url);
    assert.equal(await page.locator('[data-actor=ade-app]').count(), 1);
    assert.equal(await page.locator('[data-actor=kv-ade]').count(), 1);
    assert.equal(await page.locator('[data-actor=vm1]').count(), 1);

    await type(page, LEGACY_ENABLE);
    await page.waitForSelector('[data-message][data-op=wrapKey][data-result=deny][data-status="403"]');
    assert.match(await page.textContent('[data-message][data-op=wrapKey]'), /keys\/wrapKey/);
    await page.waitForSelector('svg [data-message][data-op=wrapKey][data-result=deny]');
    await screenshot(page, 'console-wrapkey-denied');

    await type(page, 'az keyvault set-policy --name kv-ade --spn ade-app --key-permissions wrapKey --secret-permissions set');
    await type(page, LEGACY_ENABLE);
    await page.waitForSelector('[data-message][data-op=wrapKey][data-result=allow]');
    assert.equal(await page.locator('[data-message][data-op=wrapKey][data-result=deny]').count(), 0);
    await waitVerdict(page, 'vm:vm1', 'ok');

    // Deleting the KEK is previewed: the dialog says vm1 would be at risk. Cancel first.
    await type(page, 'az keyvault key delete --vault-name kv-ade --name kek', { preview: 'cancel' });
    assert.equal(await page.locator('[data-testid=confirm]').count(), 0);
    assert.equal(await verdict(page, 'vm:vm1'), 'ok');
    await page.fill('[data-testid=console-input]', 'az keyvault key delete --vault-name kv-ade --name kek');
    await page.press('[data-testid=console-input]', 'Enter');
    await page.waitForSelector('[data-testid=confirm] [data-asset="vm:vm1"][data-after=at-risk]');
    await page.click('[data-testid=confirm-run]');
    await waitVerdict(page, 'vm:vm1', 'at-risk');
    // The cause as a chain back to the step that deleted the key; the audit entry in its tooltip.
    assert.match(await page.textContent('[data-asset="vm:vm1"]'), /admin deleted kek at step \d+/);
    assert.match(await page.getAttribute('[data-asset="vm:vm1"] .cause', 'title'), /KeyDelete/);

    await type(page, 'az vm deallocate --name vm1 --resource-group rg');
    await type(page, 'az vm start --name vm1 --resource-group rg');
    await waitVerdict(page, 'vm:vm1', 'broken');
    assert.equal(await page.getAttribute('[data-actor=vm1]', 'data-power'), 'locked');
    await screenshot(page, 'console-vm-broken');

    // The fix the core suggests runs with one click.
    await page.click('[data-asset="vm:vm1"] [data-testid=fix]');
    await page.waitForSelector('[data-message][data-op="key recover"]');
  });
});

test('errors mark the column, Tab completes, Up recalls, help lists commands', async () => {
  await withPage(lab.browser, 'console-editing', async (page) => {
    await openApp(page, lab.server.url);
    await type(page, 'az keyvault key create --vault-nme kv-ade --name kek');
    const err = page.locator('[data-testid=console-error]');
    assert.equal(await err.getAttribute('data-column'), '24');
    assert.match(await err.textContent(), /--vault-name/);
    assert.match(await err.locator('.caret').textContent(), /^ {25}\^$/);

    await page.fill('[data-testid=console-input]', 'az keyvault key del');
    await page.press('[data-testid=console-input]', 'Tab');
    assert.equal(await page.inputValue('[data-testid=console-input]'), 'az keyvault key delete ');

    await page.fill('[data-testid=console-input]', '');
    await page.press('[data-testid=console-input]', 'ArrowUp');
    assert.match(await page.inputValue('[data-testid=console-input]'), /--vault-nme/);

    // Tab shows every choice: all twelve flags of az keyvault create, in view.
    await page.fill('[data-testid=console-input]', 'az keyvault create --');
    await page.press('[data-testid=console-input]', 'Tab');
    const options = page.locator('[data-testid=completions] li');
    assert.equal(await options.count(), 12);
    for (const o of await options.all()) assert.ok(await o.isVisible() && (await o.boundingBox()).y >= 0);
    await page.press('[data-testid=console-input]', 'Escape');

    // help: every command, by group; help GROUP; COMMAND -h with flags, choices and an example.
    await type(page, 'help');
    const all = page.locator('[data-testid=console-help]').last();
    const groups = await all.locator('.help-section h4').evaluateAll((hs) => hs.map((h) => h.firstChild.textContent));
    for (const g of ['az keyvault', 'az keyvault key', 'az keyvault secret', 'az vm', 'az vm encryption', 'az disk-encryption-set', 'az backup', 'az role assignment', 'sim']) {
      assert.ok(groups.includes(g), `${g} in ${groups}`);
    }
    await type(page, 'help keyvault key');
    assert.match(await page.locator('[data-testid=console-help]').last().textContent(), /Group az keyvault key: Manage keys\..*rotation-policy/);
    await type(page, 'az keyvault key create -h');
    const create = page.locator('[data-testid=console-help]').last();
    assert.match(await create.textContent(), /--kty.*Allowed values: RSA, RSA-HSM, EC, EC-HSM, oct\./);
    assert.match(await create.textContent(), /az keyvault key create --vault-name kv-ade --name kek/);
    // Its top is in view: it reads from its first line.
    assert.ok(await create.locator('.help-head').isVisible());
    await screenshot(page, 'console-help');
    // Help is no command: nothing on the timeline.
    assert.equal(await page.locator('[data-testid=timeline-step]').count(), 0);
  });
});

test('typing in the past starts a branch and keeps the old one', async () => {
  await withPage(lab.browser, 'console-branch', async (page) => {
    await openApp(page, lab.server.url);
    await type(page, 'az keyvault create --name kv1 --resource-group rg --location westeurope --enable-rbac-authorization false');
    await type(page, 'az keyvault key create --vault-name kv1 --name k1 --kty RSA --size 2048');
    assert.equal(await page.locator('[data-testid=timeline-step]').count(), 2);
    await page.click('[data-testid=step-back]');
    assert.equal(
      await page.getAttribute('[data-testid=timeline-step] >> nth=1', 'data-state'),
      'future',
    );
    await type(page, 'az keyvault key create --vault-name kv1 --name k2 --kty RSA --size 2048');
    await page.click('[data-testid=tab-branches]');
    assert.equal(await page.locator('[data-testid=branch-row]').count(), 2);
    await page.click('[data-testid=compare]');
    await page.waitForSelector('[data-testid=compare-table]');

    // The autosave keeps both lines of play: after a reload the branch typed last is still
    // open, and the first one is still there to switch to.
    await page.reload();
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    await page.click('[data-testid=tab-branches]');
    assert.equal(await page.locator('[data-testid=branch-row]').count(), 2);
    assert.equal(await page.locator('[data-testid=timeline-step]').count(), 2);
    assert.match(await page.textContent('[data-testid=timeline-step] >> nth=1'), /k2/);
  });
});

test('a block pasted from Learn runs line by line, with its variables and continuations', async () => {
  await withPage(lab.browser, 'console-paste-block', async (page) => {
    await openApp(page, lab.server.url);
    const block = [
      '# As Learn writes it',
      'kv=kv-paste',
      'az keyvault create --name $kv --resource-group rg --location westeurope \\',
      '    --enable-rbac-authorization false',
      'az keyvault key create --vault-name "$kv" --name kek',
    ].join('\n');
    await page.focus('[data-testid=console-input]');
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      const input = document.querySelector('[data-testid=console-input]');
      input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, block);
    await page.waitForSelector('[data-actor=kv-paste]');
    await page.waitForFunction(() => document.querySelector('[data-actor=kv-paste]')?.textContent.includes('kek'));
    // The input did not take the block as one line.
    assert.equal(await page.inputValue('[data-testid=console-input]'), '');
  });
});
