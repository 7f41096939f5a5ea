// "Download this step" (issue 14.3): the step controls offer the stage as an SVG, drawn by
// keyfall-stage in the wasm as `keyfall render` draws it, and as a PNG the browser makes from that
// SVG; the same buttons work in presenter mode.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { animationsDone, useBrowser, withPage } from './helpers.mjs';
import { openApp } from './flow.mjs';

const lab = useBrowser();

/** Clicks `button` and returns the download it starts: its file name and bytes. */
async function downloadOf(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

async function atStep(page, n) {
  await openApp(page, lab.server.url);
  await page.click('[data-testid=lesson-03]');
  for (let i = 0; i < n; i++) {
    await page.click('[data-testid=step-next]');
    await animationsDone(page);
  }
}

test('the step controls download the stage as SVG and PNG', { timeout: 90_000 }, async () => {
  await withPage(lab.browser, 'step-picture', async (page) => {
    await atStep(page, 2);
    const svg = await downloadOf(page, '[data-testid=picture-svg]');
    assert.equal(svg.name, 'keyfall-03-step-2.svg');
    const text = svg.bytes.toString('utf8');
    assert.ok(text.startsWith('<?xml') && text.includes('<svg xmlns="http://www.w3.org/2000/svg"'), text.slice(0, 120));
    // The step's calls, with their labels and results, and the styles inside.
    assert.ok(text.includes('<style>'), 'styles inside');
    assert.ok(text.includes('key get kek'), 'the step\'s call');
    assert.ok(text.includes('404 KeyNotFound'), 'its result');
    // The styles come from the page's loaded sheets, flattened as `keyfall render` flattens
    // them: no variables, the stage's rules with the theme's colours in place.
    const style = text.slice(text.indexOf('<style>'), text.indexOf('</style>'));
    assert.ok(!style.includes('var('), `variables left in: ${style.slice(0, 200)}`);
    assert.ok(/\.site-pill\{fill:[^;}]+/.test(style), 'the stage\'s rules');
    assert.ok(!style.includes('@keyframes') && !style.includes('animation'), 'no motion in a still picture');
    // ... and the wasm carries no copy of them.
    const wasmUrl = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.endsWith('.wasm')));
    const wasm = Buffer.from(await (await page.request.get(wasmUrl)).body());
    assert.ok(!wasm.includes('stroke-dasharray: 7 93'), 'stage.css compiled into the wasm');

    const png = await downloadOf(page, '[data-testid=picture-png]');
    assert.equal(png.name, 'keyfall-03-step-2.png');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    assert.equal(png.bytes.readUInt32BE(16), 1280, 'a 1280-wide slide');
    assert.ok(png.bytes.length > 20_000, `${png.bytes.length} bytes: a drawn picture, not a blank`);
  });
});

test('presenter mode downloads the step too', { timeout: 90_000 }, async () => {
  await withPage(lab.browser, 'step-picture-presenter', async (page) => {
    await atStep(page, 1);
    await page.keyboard.press('p');
    await page.waitForSelector('[data-testid=app][data-mode=presenter]');
    const svg = await downloadOf(page, '[data-mode=presenter] [data-testid=picture-svg]');
    assert.equal(svg.name, 'keyfall-03-step-1.svg');
    assert.ok(svg.bytes.toString('utf8').startsWith('<?xml'));
  });
});
