// The timeline strip of a long session: it renders a window of chips around the current step,
// says how many steps lie outside it, pages there by click or key, and every step stays
// reachable (chips, the scrub range, step back).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser, withPage } from './helpers.mjs';
import { openApp } from './flow.mjs';

const lab = useBrowser();
const N = 120;

function script(n) {
  const lines = ['az keyvault create --name kv --resource-group rg --location westeurope --enable-rbac-authorization false'];
  for (let i = 1; i < n; i++) lines.push(`az keyvault secret set --vault-name kv --name s${i % 5} --value v${i}`);
  return `${lines.join('\n')}\n`;
}

/** Whether the current chip lies inside the strip's visible part. */
const currentInView = (page) =>
  page.evaluate(() => {
    const list = document.querySelector('.timeline .steps').getBoundingClientRect();
    const chip = document.querySelector('[data-testid=timeline-step][data-state=current]').getBoundingClientRect();
    return chip.left >= list.left - 1 && chip.right <= list.right + 1;
  });

test('a long session: a window of chips, the steps outside it a click or a key away', { timeout: 90_000 }, async () => {
  await withPage(lab.browser, 'timeline-long', async (page) => {
    await openApp(page, lab.server.url);
    await page.setInputFiles('[data-testid=import]', {
      name: 'long.sh',
      mimeType: 'text/plain',
      buffer: Buffer.from(script(N)),
    });
    await page.waitForSelector(`.timeline [data-steps="${N}"]`);
    await page.waitForSelector(`[data-testid=timeline-step][data-state=current][data-step="${N}"]`);
    const chips = await page.locator('[data-testid=timeline-step]').count();
    assert.ok(chips < N, `${chips} chips rendered for ${N} steps`);
    assert.match(await page.textContent('[data-testid=timeline-earlier]'), new RegExp(`${N - chips} earlier`));
    assert.equal(await page.locator('[data-testid=timeline-later]').count(), 0);
    await page.waitForFunction(() => document.querySelector('.timeline .steps').scrollLeft > 0);
    assert.ok(await currentInView(page), 'the current chip is in view');
    await screenshot(page, 'timeline-long');

    // Page back by keyboard to the first step, without moving the cursor, then jump there.
    await page.focus('[data-testid=timeline-earlier]');
    while (await page.locator('[data-testid=timeline-earlier]').count()) await page.keyboard.press('Enter');
    assert.equal(await page.inputValue('[data-testid=scrub]'), String(N), 'paging does not move the cursor');
    assert.equal(await page.locator('[data-testid=timeline-step][data-state=current]').count(), 0);
    assert.ok(await page.isVisible('[data-testid=timeline-step][data-step="1"]'));
    await page.focus('[data-testid=timeline-step][data-step="1"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=timeline-step][data-state=current][data-step="1"]');
    assert.match(await page.textContent('[data-testid=timeline-later]'), new RegExp(`${N - chips} later`));

    // The scrub range reaches any step, and the strip follows it.
    await page.locator('[data-testid=scrub]').fill('77');
    await page.waitForSelector('[data-testid=timeline-step][data-state=current][data-step="77"]');
    await page.waitForFunction(() => {
      const list = document.querySelector('.timeline .steps').getBoundingClientRect();
      const chip = document.querySelector('[data-testid=timeline-step][data-state=current]').getBoundingClientRect();
      return chip.left >= list.left - 1 && chip.right <= list.right + 1;
    });
    await page.click('[data-testid=step-back]');
    await page.waitForSelector('[data-testid=timeline-step][data-state=current][data-step="76"]');
    assert.ok(await currentInView(page));
  });
});
