// Lessons end to end: open lesson 05, play it to its goal, and keep screenshots of the stage
// mid-lesson at the two projector sizes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser, withPage } from './helpers.mjs';
import { type } from './flow.mjs';

const lab = useBrowser();

async function open(page, lesson) {
  await page.goto(lab.server.url);
  await page.waitForSelector('[data-testid=app][data-ready=true]');
  await page.click(`[data-testid=lesson-${lesson}]`);
}

/** Opens `lesson` and returns how many steps its timeline has, asserting at least `atLeast`. */
async function openSteps(page, lesson, atLeast) {
  await open(page, lesson);
  const steps = await page.locator('[data-testid=timeline-step]').count();
  assert.ok(steps >= atLeast, `lesson ${lesson} has ${steps} steps`);
  return steps;
}

/** Plays steps `from` to `to` (0-based, `to` excluded) and returns each one's log text. */
async function stepLogs(page, from, to) {
  const logs = [];
  for (let i = from; i < to; i++) {
    await stepNext(page, i);
    logs.push(await page.textContent('.step-log'));
  }
  return logs;
}

/** Steps forward and waits until step `i` (0-based) is the current one. */
async function stepNext(page, i) {
  await page.click('[data-testid=step-next]');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=timeline-step]')[n]?.dataset.state === 'current',
    i,
  );
}

/** Index of the current timeline step, or -1. */
async function currentStep(page) {
  return page.$$eval('[data-testid=timeline-step]', (els) =>
    els.findIndex((e) => e.dataset.state === 'current'),
  );
}

test('lesson 05 plays step by step to its goal', async () => {
  await withPage(lab.browser, 'lesson-05', async (page) => {
    const steps = await openSteps(page, '05', 4);
    assert.equal(await currentStep(page), -1);

    for (let i = 0; i < steps; i++) {
      await stepNext(page, i);
    }
    assert.equal(await currentStep(page), steps - 1);
    // The last step is the goal: the lesson stops and shows it, not yet met.
    await page.waitForSelector('[data-testid=goal][data-met=false]');
    assert.match(await page.textContent('[data-testid=goal]'), /rp:rsv\/vm1\/rp-1/);
    // The old recovery point is broken by the disabled key version, as the core reports.
    const rp1 = page.locator('[data-asset="rp:rsv/vm1/rp-1"]');
    assert.notEqual(await rp1.getAttribute('data-verdict'), 'ok');
    assert.equal(await page.locator('[data-actor=rsv]').count(), 1);
    assert.equal(await page.locator('[data-actor=azure-backup]').count(), 1);
    assert.equal(await page.locator('[data-actor=platform-ade]').count(), 1);

    // Solve it: enable version 1 again (the hint's command) and the checker says met, at par.
    await page.fill('[data-testid=console-input]',
      'az keyvault key set-attributes --vault-name kv-ade --name kek --version @1 --enabled true');
    await page.press('[data-testid=console-input]', 'Enter');
    await page.waitForSelector('[data-testid=goal][data-met=true]');
    assert.match(await page.textContent('[data-testid=goal-status]'), /1 command/);
  });
});

test('play runs the lesson by itself and step back is exact', async () => {
  await withPage(lab.browser, 'lesson-05-play', async (page) => {
    await open(page, '05');
    await page.selectOption('[data-testid=speed]', '4');
    await page.click('[data-testid=play]');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=timeline-step]')[1]?.dataset.state === 'current',
      null,
      { timeout: 60_000 },
    );
    // Pause mid-lesson, with a message on stage.
    await page.click('[data-testid=play]');
    const verdicts = await page.$$eval('[data-asset]', (els) => els.map((e) => `${e.dataset.asset}=${e.dataset.verdict}`));
    await page.click('[data-testid=step-next]');
    await page.click('[data-testid=step-back]');
    const again = await page.$$eval('[data-asset]', (els) => els.map((e) => `${e.dataset.asset}=${e.dataset.verdict}`));
    assert.deepEqual(again, verdicts);
  });
});

test('a purge is said on the shelf as the row goes, and only going forward', async () => {
  await withPage(lab.browser, 'lesson-04-purge', async (page) => {
    await open(page, '04');
    const stepTo = async (n) => {
      await page.waitForFunction(
        (i) => document.querySelectorAll('[data-testid=timeline-step]')[i]?.dataset.state === 'current',
        n,
      );
    };
    // Step 4 gives the admin purge and purges kek, soft-deleted in step 3.
    for (let i = 0; i < 4; i++) {
      await page.click('[data-testid=step-next]');
      await stepTo(i);
    }
    const vault = page.locator('[data-actor=kv-ade]');
    assert.equal(await vault.locator('[data-object="key:kv-ade/kek"]').count(), 0, 'the row is gone');
    assert.match(await vault.locator('.purged-note').textContent(), /kek purged/);
    await screenshot(page, 'lesson-04-purged');
    // Back to step 3: kek is soft-deleted again, and nothing was purged.
    await page.click('[data-testid=step-back]');
    await stepTo(2);
    assert.equal(await vault.locator('[data-object="key:kv-ade/kek"]').count(), 1);
    assert.equal(await vault.locator('.purged-note').count(), 0);
  });
});

for (const [width, height] of [[1280, 720], [1920, 1080]]) {
  test(`stage mid-lesson at ${width}x${height}`, async () => {
    await withPage(lab.browser, `stage-${width}x${height}`, async (page) => {
      await page.setViewportSize({ width, height });
      await open(page, '05');
      for (let i = 0; i < 3; i++) await page.click('[data-testid=step-next]');
      // Wait until a message has arrived on stage: its pulse has travelled, its end mark has
      // popped and its label has faded in (every animation of the message finished).
      const arrived = await page.waitForFunction(() =>
        [...document.querySelectorAll('svg [data-message]')].find((m) => {
          const animations = m.getAnimations({ subtree: true });
          return animations.length > 0 && animations.every((a) => a.playState === 'finished');
        }),
      );
      await screenshot(page, `stage-mid-lesson-${width}x${height}`);
      // Its label is on screen and large enough to read from the back of a room.
      const label = await arrived.evaluate((m) => {
        const op = m.querySelector('.message-label .op');
        const { top, bottom, left, right, height } = op.getBoundingClientRect();
        return { text: op.textContent, top, bottom, left, right, height };
      });
      assert.ok(label.text.length > 0, 'the label names the call');
      // 16 px at 1280x720 and 28 px at 1920x1080 today.
      assert.ok(label.height >= 14, `the label's text is ${label.height}px high`);
      assert.ok(label.left >= 0 && label.top >= 0 && label.right <= width && label.bottom <= height,
        `the label ${JSON.stringify(label)} is inside the ${width}x${height} window`);
      const bodySize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
      assert.ok(bodySize >= 16, `body text is ${bodySize}px`);
    });
  });
}

test('lesson 10: the owner is refused on a new vault, and the goal is met with role assignments', { timeout: 90_000 }, async () => {
  await withPage(lab.browser, 'lesson-10', async (page) => {
    const steps = await openSteps(page, '10', 8);
    // Step 1: the owner's key create on the new (RBAC) vault is refused, and says why; step 2:
    // az refuses set-policy on it before sending anything.
    const logs = await stepLogs(page, 0, 2);
    assert.match(logs[0], /ForbiddenByRbac/);
    assert.match(logs[0], /keys\/create\/action/);
    assert.match(logs[1], /Cannot set policies to a vault with '--enable-rbac-authorization' specified/);
    // The goal: Azure Backup lost its access when the vault moved to RBAC.
    for (let i = 2; i < steps; i++) {
      await stepNext(page, i);
    }
    await page.waitForSelector('[data-testid=goal][data-met=false]');
    for (const line of [
      'az role assignment create --assignee azure-backup --role "Key Vault Administrator" --scope kv-legacy',
      'az backup protection backup-now --vault-name rsv --resource-group rg --container-name vm2 --item-name vm2',
    ]) {
      await page.fill('[data-testid=console-input]', line);
      await page.press('[data-testid=console-input]', 'Enter');
    }
    await page.waitForSelector('[data-testid=goal][data-met=true]');
    assert.match(await page.textContent('[data-testid=goal-status]'), /2 command/);
  });
});

test('lesson 11: before the ADE retirement the migration Learn describes meets the goal, and a VM restored from the old ADE backup is lost after it', { timeout: 120_000 }, async () => {
  await withPage(lab.browser, 'lesson-11', async (page) => {
    await open(page, '11');
    const steps = await page.locator('[data-testid=timeline-step]').count();
    assert.ok(steps >= 4, `lesson 11 has ${steps} steps`);
    const logs = [];
    for (let i = 0; i < steps; i++) {
      await stepNext(page, i);
      logs.push(await page.textContent('.step-log'));
    }
    // Step 3: encryption at host cannot be switched on where an ADE VM stands.
    assert.match(logs[2], /only when VM is in deallocated state/);
    // The goal: three days before the date, every ADE VM is at risk of it.
    await page.waitForSelector('[data-testid=goal][data-met=false]');
    // Windows, as Learn's migration page does it: decrypt, copy the disk by upload with
    // AzCopy through two SAS (Learn's shell variables, typed as in its script), and build a VM
    // with encryption at host on the copy.
    for (const line of [
      'az vm encryption disable --name win1 --resource-group rg',
      'az vm deallocate --name win1 --resource-group rg',
      'az disk create --name win1-os-eah --resource-group rg --upload-type Upload --upload-size-bytes 136365212160 --os-type Windows',
      'sourceSASURI=$(az disk grant-access --name win1-os --resource-group rg --duration-in-seconds 3600 --query accessSAS -o tsv)',
      'targetSASURI=$(az disk grant-access --name win1-os-eah --resource-group rg --access-level Write --duration-in-seconds 3600 --query accessSAS -o tsv)',
      'azcopy copy "$sourceSASURI" "$targetSASURI" --blob-type PageBlob',
      'az disk revoke-access --name win1-os --resource-group rg',
      'az disk revoke-access --name win1-os-eah --resource-group rg',
      'az vm create --name win1-eah --resource-group rg --attach-os-disk win1-os-eah --os-type Windows --encryption-at-host true',
      'az vm show --name win1-eah --resource-group rg --query securityProfile.encryptionAtHost -o tsv',
    ]) {
      await type(page, line);
    }
    assert.match(await page.locator('[data-testid=console-entry]').last().textContent(), /true$/);
    for (const line of [
      'az backup protection enable-for-vm --vault-name rsv --resource-group rg --vm win1-eah --policy-name DefaultPolicy',
      'az backup protection backup-now --vault-name rsv --resource-group rg --container-name win1-eah --item-name win1-eah',
    ]) {
      await type(page, line);
    }
    // Cleanup: stopping protection keeps rp-1 and deleting the left-behind disk breaks no
    // asset, so they run at once; deleting the VM asks first (the what-if dialog).
    await type(page, 'az backup protection disable --vault-name rsv --resource-group rg --container-name win1 --item-name win1 --yes');
    await type(page, 'az vm delete --name win1 --resource-group rg --yes', { preview: 'run' });
    await type(page, 'az disk delete --name win1-os --resource-group rg --yes');
    // Linux cannot decrypt its OS disk: a new VM with encryption at host, the data moved over.
    await type(page, 'sim read lin1 /data/orders.csv');
    await type(page, 'az vm delete --name lin1 --resource-group rg --yes', { preview: 'run' });
    await type(page, 'az disk delete --name lin1-os --resource-group rg --yes');
    for (const line of [
      'az vm create --name lin1 --resource-group rg --location westeurope --image Ubuntu2204 --encryption-at-host true',
      'sim write lin1 /data/orders.csv "order-1,42"',
    ]) {
      await type(page, line);
    }
    // Migrated, but the goal also waits for a VM nobody migrated: one restored from the ADE
    // recovery point, rebooted after the date.
    await page.waitForSelector('[data-testid=goal][data-met=false]');
    for (const line of [
      'sim restore-vm rsv win1 rp-1 --name win1',
      'sim advance 4d',
      'az vm deallocate --name win1 --resource-group rg',
      'az vm start --name win1 --resource-group rg',
    ]) {
      await type(page, line);
    }
    await page.waitForSelector('[data-testid=goal][data-met=true]');
    assert.match(await page.textContent('[data-testid=goal-status]'), /22 command/);
  });
});
