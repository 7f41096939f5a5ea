// "About this simulation": `a` opens it from anywhere but a text field, the header's About
// button too; it holds focus while open, Escape closes it and focus goes back. A 1280x720
// screenshot of it mid-lesson goes to target/e2e/about-1280.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { animationsDone, screenshot, useBrowser, withPage } from './helpers.mjs';
import { openApp } from './flow.mjs';

const lab = useBrowser();

const activeTestId = (page) => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.className);

test('a opens About, Escape closes it; the header button opens it and gets focus back', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'about', async (page) => {
    await openApp(page, lab.server.url);
    await page.click('[data-testid=lesson-03]');
    for (let i = 0; i < 2; i++) await page.click('[data-testid=step-next]');

    // Typed in the console, `a` is text.
    await page.fill('[data-testid=console-input]', '');
    await page.press('[data-testid=console-input]', 'a');
    assert.equal(await page.locator('[data-testid=about]').count(), 0, 'a typed in the console');
    await page.fill('[data-testid=console-input]', '');
    await page.locator('[data-testid=console-input]').blur();

    await page.keyboard.press('a');
    const about = page.locator('[data-testid=about]');
    await about.waitFor({ state: 'visible' });
    assert.equal(await page.getAttribute('[data-testid=about]', 'role'), 'dialog');
    // Each heading after its mark (✓ ≈ ✗), which screen readers skip.
    const headings = await page.$$eval('[data-testid=about] h3', (els) =>
      els.map((e) => e.textContent.slice(e.querySelector('[aria-hidden=true]').textContent.length)),
    );
    assert.deepEqual(
      headings,
      [
        "Modelled (checked against Microsoft's sources)",
        'Our inference (no Microsoft source says exactly this)',
        'Not modelled',
      ],
    );
    assert.match(await about.textContent(), /VmBootLocked is Keyfall's name for that failure/);
    assert.match(await about.textContent(), /docs\/fidelity\.md/);
    // The whole dialog fits the 1280x720 window; the lists sit side by side.
    const box = await about.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 720, `dialog at ${box.y}, ${box.height} high`);
    const tops = await page.$$eval('.about-section', (els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    assert.equal(new Set(tops).size, 1, `three columns: ${tops}`);
    // Body text no smaller than the app's own panels at this width.
    const px = await page.$eval('.about-section li', (e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(px >= 16, `list text is ${px}px`);

    // Focus is on Close and Tab stays inside.
    assert.equal(await activeTestId(page), 'about-close');
    await animationsDone(page);
    await screenshot(page, 'about-1280');
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => !!document.activeElement.closest('[data-testid=about]')), `Tab ${i + 1} stays in the dialog`);
    }

    await page.keyboard.press('Escape');
    await about.waitFor({ state: 'detached' });

    // From the header: focus returns to the button that opened it.
    await page.click('[data-testid=about-open]');
    await about.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await about.waitFor({ state: 'detached' });
    assert.equal(await activeTestId(page), 'about-open');

    // The key toggles it.
    await page.keyboard.press('a');
    await about.waitFor({ state: 'visible' });
    await page.keyboard.press('a');
    await about.waitFor({ state: 'detached' });

    // One dialog at a time: ? replaces About, Escape closes it.
    await page.keyboard.press('a');
    await about.waitFor({ state: 'visible' });
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=shortcuts]');
    assert.equal(await about.count(), 0);
    assert.match(await page.textContent('[data-testid=shortcuts]'), /about this simulation/);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=shortcuts]', { state: 'detached' });
  });
});

test('About opens in presenter mode too, from the key and the header', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'about-presenter', async (page) => {
    await openApp(page, `${lab.server.url}?lesson=03&step=2`);
    await page.keyboard.press('p');
    await page.waitForSelector('[data-testid=app][data-mode=presenter]');
    await page.keyboard.press('a');
    await page.waitForSelector('[data-testid=about]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=about]', { state: 'detached' });
    await page.click('[data-testid=about-open]');
    await page.waitForSelector('[data-testid=about]');
    await page.click('[data-testid=about-close]');
    await page.waitForSelector('[data-testid=about]', { state: 'detached' });
  });
});
