// Handouts (issue 14.4): `cargo xtask dist` writes dist/handouts/LL.html for every built-in
// lesson with `keyfall handouts`. Each opens in Chromium with nothing fetched but itself, and
// prints cleanly on A4 and Letter: every step starts a page, no picture is split, nothing is
// wider than the paper, the text is 10pt or more, nothing dark behind it. Screenshots of the
// screen and print views, and the PDFs, go to target/e2e for a look. The app's Handout button
// offers the same page for the session.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { distDir, screenshot, shotsDir, useBrowser, withPage } from './helpers.mjs';
import { openApp } from './flow.mjs';

const lab = useBrowser();

const lessons = readdirSync(join(distDir, 'handouts'))
  .filter((f) => f.endsWith('.html'))
  .map((f) => f.replace(/\.html$/, ''))
  .sort();

/** The printable width of each paper at 96 px an inch, less the page's 12 mm side margins. */
const PAPERS = { A4: 210, Letter: 215.9 };
const MARGIN_MM = 12;
const mmToPx = (mm) => (mm * 96) / 25.4;
/** 10pt in CSS pixels. */
const MIN_TEXT_PX = (10 * 96) / 72;

test('every built-in lesson has a handout', () => {
  assert.ok(lessons.length >= 10, `handouts in dist/handouts: ${lessons}`);
});

/** What the page shows in print at `width` CSS pixels: its structure and the rules it breaks. */
function printLayout(page) {
  return page.evaluate((minText) => {
    const inSvg = (el) => el.closest('svg') !== null;
    const width = document.documentElement.clientWidth;
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => !inSvg(el) || el.tagName === 'svg')
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 || el.scrollWidth > el.clientWidth + 1)
      .filter((el) => getComputedStyle(el).display !== 'inline')
      .map((el) => `${el.tagName}.${el.className?.baseVal ?? el.className}`);
    // Text of the page itself; the pictures' labels are sized with the stage and scale with it.
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || inSvg(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < minText - 0.01) small.push(`${el.tagName} ${size}px: ${n.textContent.trim().slice(0, 40)}`);
    }
    const luminance = (c) => {
      const m = c.match(/rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/);
      if (!m || (m[4] !== undefined && Number(m[4]) === 0)) return 1;
      return (0.2126 * m[1] + 0.7152 * m[2] + 0.0722 * m[3]) / 255;
    };
    const dark = [...document.querySelectorAll('*')]
      .filter((el) => !inSvg(el) && luminance(getComputedStyle(el).backgroundColor) < 0.8)
      .map((el) => `${el.tagName} ${getComputedStyle(el).backgroundColor}`);
    const sections = [...document.querySelectorAll('section.step')];
    return {
      wide,
      small,
      dark,
      sections: sections.map((s) => ({
        breakBefore: getComputedStyle(s).breakBefore,
        title: s.querySelector('h2')?.textContent ?? '',
        pictures: s.querySelectorAll('figure.pic > svg').length,
        pictureBreak: getComputedStyle(s.querySelector('figure.pic')).breakInside,
        commands: s.querySelectorAll('li.cmd').length,
      })),
    };
  }, MIN_TEXT_PX);
}

for (const lesson of lessons) {
  test(`handout ${lesson} loads nothing else and prints one step per page on A4 and Letter`, { timeout: 60_000 }, async () => {
    await withPage(lab.browser, `handout-${lesson}`, async (page) => {
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      const url = `${lab.server.url}handouts/${lesson}.html`;
      await page.goto(url);
      assert.deepEqual(requests, [url], 'a handout fetches nothing but itself');
      if (lesson === '03') await screenshot(page, 'handout-03-screen');

      await page.emulateMedia({ media: 'print' });
      for (const [paper, mm] of Object.entries(PAPERS)) {
        await page.setViewportSize({ width: Math.floor(mmToPx(mm - 2 * MARGIN_MM)), height: 1000 });
        const layout = await printLayout(page);
        assert.ok(layout.sections.length > 0, 'the handout has steps');
        for (const [i, s] of layout.sections.entries()) {
          assert.equal(s.breakBefore, 'page', `${paper}: step ${i + 1} (${s.title}) starts a page`);
          assert.equal(s.pictures, 1, `${paper}: step ${i + 1} has one picture`);
          assert.equal(s.pictureBreak, 'avoid', `${paper}: step ${i + 1}'s picture is never split`);
        }
        assert.deepEqual(layout.wide, [], `${paper}: nothing wider than the paper`);
        assert.deepEqual(layout.small, [], `${paper}: text at least 10pt`);
        assert.deepEqual(layout.dark, [], `${paper}: no dark backgrounds in print`);
        if (lesson === '03' && paper === 'A4') {
          await page.screenshot({ path: join(shotsDir, 'handout-03-print.png'), fullPage: true });
        }
        // Chromium's own pagination: a cover page, then at least a page for every step.
        const pdf = await page.pdf({ format: paper, preferCSSPageSize: true });
        const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
        assert.ok(pages >= layout.sections.length + 1, `${paper}: ${pages} pages for ${layout.sections.length} steps`);
        if (lesson === '03') {
          await mkdir(shotsDir, { recursive: true });
          await writeFile(join(shotsDir, `handout-03-${paper}.pdf`), pdf);
        }
      }
    });
  });
}

test('the app\'s Handout button offers the session as the handout keyfall handout writes', { timeout: 90_000 }, async () => {
  await withPage(lab.browser, 'handout-export', async (page) => {
    await openApp(page, lab.server.url);
    await page.click('[data-testid=lesson-03]');
    await page.click('[data-testid=export-menu]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-handout]')]);
    assert.equal(await page.locator('.export-menu[open]').count(), 0, 'the menu closes after a pick');
    assert.equal(download.suggestedFilename(), 'keyfall-03-handout.html');
    const got = await readFile(await download.path(), 'utf8');
    const cli = readFileSync(join(distDir, 'handouts', '03.html'), 'utf8');
    // The session is what was played: the same steps and the same pictures as the CLI's page
    // (the lesson file's rule list and a goal's reference solution are not part of a session).
    const parts = (html, re) => html.match(re) ?? [];
    assert.ok(got.startsWith('<!DOCTYPE html>'));
    assert.deepEqual(parts(got, /<h2>.*?<\/h2>/g), parts(cli, /<h2>.*?<\/h2>/g), 'the same steps');
    const pictures = parts(got, /<svg [\s\S]*?<\/svg>/g);
    assert.equal(pictures.length, parts(cli, /<h2>/g).length, 'one picture per step');
    assert.deepEqual(pictures, parts(cli, /<svg [\s\S]*?<\/svg>/g), 'the same pictures');
  });
});
