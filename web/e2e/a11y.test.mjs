// Accessibility: an axe-core scan of the main views reports no serious or critical violations,
// and the keyboard reaches everything with a visible focus.
//
// axe is injected as a script, which the page's strict CSP (script-src 'self') forbids; this
// test alone runs with Playwright's bypassCSP. offline.test.mjs checks the CSP itself.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { screenshot, useBrowser } from './helpers.mjs';
import { legacySession, openApp, type } from './flow.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const lab = useBrowser();

// Nothing is tolerated: actors are named by their visible text, and vaults that hold focusable
// shelf rows are groups, not buttons.
const STAGE_KNOWN = new Set();

/** Serious and critical violations on the page as it is now, one line each. */
async function scan(page) {
  // Scan a settled page: the theme applied and no transition or animation halfway between two
  // colours. Some stage animations loop, so wait only for those that end.
  await page.waitForFunction(() => document.documentElement.dataset.theme || !document.querySelector('[data-testid=app]'));
  await page.waitForFunction(() =>
    document.getAnimations().every(
      (a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity,
    ),
  );
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async (known) => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        ...v,
        nodes: v.nodes.filter(
          (n) => !(known.includes(v.id) && document.querySelector(n.target[0])?.closest('svg')),
        ),
      }))
      .filter((v) => v.nodes.length > 0)
      .map((v) => `${v.impact} ${v.id}: ${v.help} -> ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }, [...STAGE_KNOWN]);
  return violations;
}

async function withAxePage(name, body) {
  const context = await lab.browser.newContext({ viewport: { width: 1280, height: 720 }, bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await body(page);
    assert.deepEqual(errors, []);
  } catch (err) {
    await screenshot(page, `${name}-failure`).catch(() => {});
    throw err;
  } finally {
    await context.close();
  }
}

for (const theme of ['dark', 'light']) {
  test(`axe finds nothing serious in the main views (${theme} theme)`, { timeout: 120_000 }, async () => {
    await withAxePage(`axe-${theme}`, async (page) => {
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      const found = {};
      await openApp(page, lab.server.url);
      found.start = await scan(page);

      await page.click('[data-testid=lesson-03]');
      for (let i = 0; i < 3; i++) await page.click('[data-testid=step-next]');
      found['mid-lesson'] = await scan(page);
      for (const tab of ['health', 'branches', 'permissions', 'audit', 'inspector', 'commands']) {
        await page.click(`[data-testid=tab-${tab}]`);
        found[`tab ${tab}`] = await scan(page);
      }
      await page.click('[data-testid=share]');
      found['share dialog'] = await scan(page);
      await page.click('[data-testid=share-close]');
      await page.click('[data-testid=about-open]');
      await page.waitForSelector('[data-testid=about]');
      found.about = await scan(page);
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid=about]', { state: 'detached' });
      await page.click('[data-testid=editor-open]');
      await page.waitForSelector('[data-testid=editor] .ed-summary');
      found.editor = await scan(page);
      await page.click('[data-testid=editor-close]');

      await page.keyboard.press('p');
      await page.waitForSelector('[data-testid=app][data-mode=presenter]');
      found.presenter = await scan(page);
      await page.keyboard.press('?');
      found.shortcuts = await scan(page);
      await page.keyboard.press('Escape');

      await openApp(page, `${lab.server.url}?embed&lesson=05&step=2`);
      found.embed = await scan(page);
      await page.goto(`${lab.server.url}?notes`);
      await page.waitForSelector('[data-testid=notes-window]');
      found.notes = await scan(page);

      const bad = Object.entries(found).flatMap(([view, v]) => v.map((line) => `${view}: ${line}`));
      assert.deepEqual(bad, []);
    });
  });
}

test('the keyboard reaches header, stage actors, controls, tabs and console, with a visible focus', { timeout: 60_000 }, async () => {
  await withAxePage('keyboard', async (page) => {
    await legacySession(page, lab.server.url);
    await page.locator('[data-testid=console-input]').blur();
    await page.evaluate(() => document.activeElement?.blur());
    const seen = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        // SVG groups draw no outline: actors and shelf rows show focus as a thick stroke.
        const box = el.querySelector(':scope > .actor-box, :scope > .row-hit');
        const stroked = box && parseFloat(getComputedStyle(box).strokeWidth) >= 3;
        return {
          id: el.dataset.testid || el.dataset.actor && `actor:${el.dataset.actor}` || el.getAttribute('role') || el.tagName,
          outlined: stroked || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0),
        };
      });
      seen.push(info);
      if (info.id === 'console-input') break;
    }
    const ids = seen.map((s) => s.id);
    for (const want of ['lesson-01', 'share', 'actor:kv-ade', 'actor:vm1', 'step-back', 'tab-health', 'console-input']) {
      assert.ok(ids.includes(want), `Tab reaches ${want}: ${ids.join(' ')}`);
    }
    assert.ok(ids.indexOf('lesson-01') < ids.indexOf('actor:kv-ade'), 'header before stage');
    assert.ok(ids.indexOf('actor:kv-ade') < ids.indexOf('step-back'), 'stage before controls');
    assert.ok(ids.indexOf('step-back') < ids.indexOf('tab-health') && ids.indexOf('tab-health') < ids.indexOf('console-input'), 'controls, tabs, console');
    // Only the selected tab is a Tab stop; arrows move within the list.
    assert.equal(ids.filter((i) => i.startsWith('tab-')).length, 1, ids.join(' '));
    // The console's prompt shows focus on its row (:focus-within), BODY is where Tab starts.
    const unfocused = seen.filter((s) => !s.outlined && !['console-input', 'BODY'].includes(s.id));
    assert.deepEqual(unfocused, [], 'every stop shows its focus');

    await page.focus('[data-testid=tab-health]');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tab-branches');
    await page.waitForSelector('[data-testid=tab-branches][aria-selected=true]');
    // Enter on an actor selects it (the inspector opens).
    await page.focus('[data-actor=kv-ade]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=tab-inspector][aria-selected=true]');
  });
});
