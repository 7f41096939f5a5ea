// Phones and small embeds (issue 17, point 5): at 390x844 (a phone) and 960x600 (the embed size
// the README suggests), the embed's stage fills its frame with stage text of at least 12 px on
// screen, in every lesson; the app's header stays one row, its controls behind a menu button
// that works from the keyboard (aria-expanded, Escape closes and gives the focus back).
//
// Sizes are measured in the page, in CSS pixels, as legibility.mjs does: an SVG text's size is
// its computed font size times the stage's scale.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser } from './helpers.mjs';

const lab = useBrowser();

/** Smallest stage text on a phone or in a small embed, in px on screen. */
const MIN_PX = 12;
/** The stage's share of the frame's height, and the drawing's share of the stage's area. */
const MIN_STAGE_HEIGHT = 0.5;
const MIN_DRAWN = 0.6;
/** One row of header: the brand and a button. */
const MAX_HEADER_PX = 56;

const SIZES = [
  { width: 390, height: 844 },
  { width: 960, height: 600 },
];

async function open(size, url) {
  const context = await lab.browser.newContext({ viewport: size, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(lab.server.url + url);
  await page.waitForSelector('[data-testid=app][data-ready=true]');
  return { context, page, errors };
}

/** Runs in the page: the stage's text sizes and how much of the frame the drawing covers. */
function measureStage() {
  const svg = document.querySelector('svg.stage');
  const wrap = svg.closest('.stage-wrap').getBoundingClientRect();
  const box = svg.getBoundingClientRect();
  const vb = svg.viewBox.baseVal;
  // preserveAspectRatio meet: the drawing is the viewBox scaled to fit the element, centred.
  const scale = Math.min(box.width / vb.width, box.height / vb.height);
  const drawn = {
    left: box.left + (box.width - vb.width * scale) / 2,
    top: box.top + (box.height - vb.height * scale) / 2,
  };
  drawn.right = drawn.left + vb.width * scale;
  drawn.bottom = drawn.top + vb.height * scale;
  const visibleW = Math.max(0, Math.min(drawn.right, wrap.right) - Math.max(drawn.left, wrap.left));
  const visibleH = Math.max(0, Math.min(drawn.bottom, wrap.bottom) - Math.max(drawn.top, wrap.top));
  let min = { px: Infinity, text: '' };
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim() || t.getClientRects().length === 0) continue;
    if (!t.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const m = t.getScreenCTM();
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    if (px < min.px) min = { px: Math.round(px * 10) / 10, text: t.textContent.trim().slice(0, 40) };
  }
  return {
    min,
    stageShare: wrap.height / innerHeight,
    drawnShare: (visibleW * visibleH) / (wrap.width * wrap.height),
    wrap: [wrap.width, wrap.height].map(Math.round),
  };
}

for (const size of SIZES) {
  test(`the embed's stage fills a ${size.width}x${size.height} frame with text of at least ${MIN_PX} px`, { timeout: 180_000 }, async () => {
    const errors = [];
    // The lessons, from the full app's picker: a new lesson is checked too.
    const app = await open({ width: 1280, height: 720 }, '');
    const lessons = await app.page.$$eval('[data-testid^=lesson-]', (els) => els.map((e) => e.dataset.testid.slice('lesson-'.length)));
    await app.context.close();
    assert.ok(lessons.length >= 9, `${lessons.length} lessons`);
    const failures = [];
    for (const id of lessons) {
      // The last step shows every actor the lesson has.
      const { context: c, page: p, errors: e } = await open(size, `?embed&lesson=${id}&step=999`);
      await p.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
      const m = await p.evaluate(measureStage);
      if (m.min.px < MIN_PX) failures.push(`lesson ${id}: stage text ${m.min.px} px ("${m.min.text}")`);
      if (m.stageShare < MIN_STAGE_HEIGHT) failures.push(`lesson ${id}: the stage is ${Math.round(m.stageShare * 100)}% of the frame's height`);
      if (m.drawnShare < MIN_DRAWN) failures.push(`lesson ${id}: the drawing covers ${Math.round(m.drawnShare * 100)}% of the stage ${m.wrap}`);
      if (id === '03') await screenshot(p, `embed-${size.width}x${size.height}`);
      errors.push(...e);
      await c.close();
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(errors, []);
  });

  test(`at ${size.width}x${size.height} the header is one row, its controls behind a menu button`, async () => {
    const { context, page, errors } = await open(size, '?lesson=03&step=2');
    const header = await page.locator('.app-header').boundingBox();
    assert.ok(header.height <= MAX_HEADER_PX, `the header is ${header.height} px tall`);
    const toggle = page.locator('[data-testid=menu-toggle]');
    assert.ok(await toggle.isVisible());
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('[data-testid=share]').isVisible(), false);

    // From the keyboard: focus, Enter opens, Tab reaches the controls, Escape closes and
    // gives the focus back to the button.
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.locator('[data-testid=share]').isVisible());
    assert.ok(await page.locator('[data-testid=lesson-01]').isVisible());
    await screenshot(page, `app-menu-${size.width}x${size.height}`);
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.querySelector('#header-menu').contains(document.activeElement)));
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'menu-toggle');
    assert.equal(await page.locator('[data-testid=share]').isVisible(), false);

    // A click on one of its buttons does the work and closes the menu.
    await toggle.click();
    await page.click('[data-testid=lesson-05]');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson-05]')?.getAttribute('aria-pressed') === 'true');

    // A click elsewhere closes it too.
    await toggle.click();
    await page.mouse.click(size.width / 2, size.height - 20);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await screenshot(page, `app-${size.width}x${size.height}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('at 1280x720 the header keeps every control in its row, with no menu button', async () => {
  const { context, page, errors } = await open({ width: 1280, height: 720 }, '');
  assert.equal(await page.locator('[data-testid=menu-toggle]').isVisible(), false);
  assert.ok(await page.locator('[data-testid=share]').isVisible());
  assert.ok(await page.locator('[data-testid=lesson-10]').isVisible());
  const header = await page.locator('.app-header').boundingBox();
  assert.ok(header.height <= MAX_HEADER_PX, `the header is ${header.height} px tall`);
  assert.deepEqual(errors, []);
  await context.close();
});
