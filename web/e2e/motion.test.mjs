// Reduced motion (issue 5, animation): with `prefers-reduced-motion: reduce` a call does not
// travel; its lane, label and result are shown at once, without any running animation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser, withPage } from './helpers.mjs';

const lab = useBrowser();

test('with reduced motion, messages are shown but nothing travels', async () => {
  await withPage(
    lab.browser,
    'reduced-motion',
    async (page) => {
      await page.goto(lab.server.url);
      await page.waitForSelector('[data-testid=app][data-ready=true]');
      await page.click('[data-testid=lesson-05]');
      for (let i = 0; i < 2; i++) await page.click('[data-testid=step-next]');
      const message = page.locator('svg [data-message]').first();
      await message.waitFor({ state: 'visible' });
      // Right away, not after a wait: nothing in the message animates.
      const running = await message.evaluate((el) =>
        el.getAnimations({ subtree: true }).filter((a) => a.playState === 'running').length,
      );
      assert.equal(running, 0, 'no message animation runs under reduced motion');
      // Yet the call is there to read: its label and its result mark.
      assert.match(await message.textContent(), /allowed|denied|failed/);
      assert.ok(await message.locator('.end-mark').isVisible());
      assert.ok(await message.locator('.message-label').isVisible());
      await screenshot(page, 'stage-reduced-motion');
    },
    { reducedMotion: 'reduce' },
  );
});
