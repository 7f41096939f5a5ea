// Readable from the back of the room (issue 17): walks every step of every built-in lesson in
// presenter mode at 1280x720, in both themes, as a speaker pressing → would, and fails on stage
// text under 14 px on screen, captions under 24 px, a label that spills out of its actor's box or
// off the stage, a name covered by a badge, text under 4.5:1 contrast, an actor that moves or
// resizes between two steps (or a stage that changes size), "Nothing to check yet" while vaults
// are on stage, and a fix button below the fold of What breaks. At each lesson's last step the
// full app is checked for contrast too (the goal's "Your turn" panel, the timeline). The story's
// elements (BEK envelopes, ties and broken ties, key tokens, cause chains) are held to the same
// limits, and the walk fails if it never met one of them; story.test.mjs measures the earlier
// calls' numbers the same way.
//
// The figures go to target/e2e/legibility-<theme>.json; a failure lists the first of each kind.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { shotsDir, useBrowser } from './helpers.mjs';
import { MIN_CAPTION_PX, MIN_STAGE_PX, measure, moved } from './legibility.mjs';

const lab = useBrowser();
const THEMES = (process.env.KEYFALL_LEGIBLE_THEMES ?? 'light,dark').split(',');

/** The built-in lessons' ids, from the lesson picker: a tenth lesson is walked too. */
async function lessonIds(page) {
  await page.goto(lab.server.url);
  await page.waitForSelector('[data-testid=app][data-ready=true]');
  return page.$$eval('[data-testid^=lesson-]', (els) => els.map((e) => e.dataset.testid.slice('lesson-'.length)));
}

/**
 * Waits until the step's first call is on stage (the stage always says how many calls it has)
 * and no transition is under way: under reduced motion every change still runs a 0.01 ms
 * transition, and a colour read before its first frame is the old theme's.
 */
async function settle(page) {
  const calls = await page.getAttribute('svg.stage[data-calls]', 'data-calls');
  if (Number(calls) > 0) await page.waitForSelector('svg.stage [data-message]');
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

async function stepTo(page, n) {
  await page.waitForFunction(
    (i) => document.querySelector('[data-testid=presenter-step]')?.textContent.startsWith(`Step ${i} `),
    n,
  );
}

for (const theme of THEMES) {
  test(`every step of every lesson reads from the back of the room (${theme} theme)`, { timeout: 300_000 }, async () => {
    const context = await lab.browser.newContext({
      viewport: { width: 1280, height: 720 },
      reducedMotion: 'reduce',
      colorScheme: theme,
    });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    const report = { theme, steps: 0, minStage: { px: Infinity }, minCaption: { px: Infinity }, spills: [], overlaps: [], offStage: [], contrast: [], moves: [], emptyHealth: [], fixHidden: [], story: {} };
    const where = (lesson, step) => `${lesson}/${step}`;
    try {
      for (const lesson of await lessonIds(page)) {
        await page.goto(`${lab.server.url}?present&lesson=${lesson}`);
        await page.waitForSelector('[data-testid=app][data-mode=presenter][data-ready=true]');
        await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
        const total = Number((await page.textContent('[data-testid=presenter-step]')).split('/')[1]);
        let prev = null;
        for (let step = 0; step <= total; step++) {
          if (step > 0) {
            await page.keyboard.press('ArrowRight');
            await stepTo(page, step);
          }
          await settle(page);
          const m = await page.evaluate(measure);
          const at = where(lesson, step);
          report.steps += 1;
          if (m.stage.px < report.minStage.px) report.minStage = { ...m.stage, at };
          if (m.caption.px < report.minCaption.px) report.minCaption = { ...m.caption, at };
          for (const k of ['spills', 'overlaps', 'offStage', 'contrast']) report[k].push(...m[k].map((x) => ({ ...x, at })));
          if (m.emptyHealth) report.emptyHealth.push(at);
          for (const [k, n] of Object.entries(m.story)) report.story[k] = Math.max(report.story[k] ?? 0, n);
          if (m.fixHidden) report.fixHidden.push(at);
          if (prev) report.moves.push(...moved(prev, m).map((x) => ({ ...x, at })));
          prev = m;
        }
        // The full app at the lesson's end: the goal panel and the timeline.
        await page.keyboard.press('p');
        await page.waitForSelector('[data-testid=app][data-mode=app]');
        await settle(page);
        const full = await page.evaluate(measure);
        report.contrast.push(...full.contrast.map((x) => ({ ...x, at: `${where(lesson, total)} (full app)` })));
      }
    } finally {
      await context.close();
      await mkdir(shotsDir, { recursive: true });
      await writeFile(join(shotsDir, `legibility-${theme}.json`), JSON.stringify(report, null, 1));
    }
    const distinct = (list, key) => [...new Map(list.map((x) => [key(x), x])).values()];
    const summary = {
      steps: report.steps,
      smallestStageText: report.minStage,
      smallestCaption: report.minCaption,
      spills: report.spills.length,
      namesCovered: report.overlaps.length,
      offStage: report.offStage.length,
      contrastFailures: report.contrast.length,
      contrastPairs: distinct(report.contrast, (c) => `${c.fg}/${c.bg}`).length,
      moves: report.moves.length,
      story: report.story,
    };
    console.log(`legibility (${theme}): ${JSON.stringify(summary)}`);
    const show = (list, n = 6) => JSON.stringify(list.slice(0, n), null, 1);
    assert.deepEqual(errors, [], 'errors in the page');
    assert.ok(report.minStage.px >= MIN_STAGE_PX, `stage text ${show([report.minStage])}`);
    assert.ok(report.minCaption.px >= MIN_CAPTION_PX, `caption text ${show([report.minCaption])}`);
    assert.deepEqual(report.spills, [], `labels spill out of their actor: ${show(report.spills)}`);
    assert.deepEqual(report.overlaps, [], `names covered: ${show(report.overlaps)}`);
    assert.deepEqual(report.offStage, [], `drawn off the stage: ${show(report.offStage)}`);
    assert.deepEqual(report.contrast, [], `contrast under 4.5:1: ${show(distinct(report.contrast, (c) => `${c.fg}/${c.bg}/${c.where}`), 12)}`);
    assert.deepEqual(report.moves, [], `moved between steps: ${show(report.moves)}`);
    assert.deepEqual(report.emptyHealth, [], 'What breaks says "Nothing to check yet" with vaults on stage');
    assert.deepEqual(report.fixHidden, [], 'a fix button is below the fold of What breaks');
    // The walk met every kind of story element at least once, so their texts were held to the
    // same size, spill and contrast limits as the rest.
    // (Earlier calls are drawn once a step's second call starts; the walk measures at its first,
    // so story.test.mjs measures them, at lesson 03's encryption with every call shown.)
    for (const [k, n] of Object.entries(report.story)) {
      if (k !== 'past') assert.ok(n > 0, `no ${k} seen on any step: ${JSON.stringify(report.story)}`);
    }
  });
}
