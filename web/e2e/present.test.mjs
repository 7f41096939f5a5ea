// Ready for the stage and for docs (issue 6): presenter keys, the speaker-notes window, share
// links that reproduce the world in a fresh browser, damaged links that keep the autosave,
// reload, deep links, embed mode, import and export, and the live narration. Screenshots of
// presenter and embed mode at 1280x720 go to target/e2e/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { animationsDone, screenshot, useBrowser, withPage } from './helpers.mjs';
import { LEGACY_SETUP, legacySession, openApp, type } from './flow.mjs';

const lab = useBrowser();

const SAVED = 'keyfall.session.v1';

/** The health report as the panel shows it, and the audit log's size: what "same world" means. */
async function worldReport(page) {
  const assets = await page.$$eval('[data-asset]', (els) =>
    els.map((e) => `${e.dataset.asset}=${e.dataset.verdict}`).sort(),
  );
  await page.click('[data-testid=tab-audit]');
  const audit = await page.getAttribute('.audit-table', 'aria-rowcount');
  await page.click('[data-testid=tab-health]');
  return { assets, audit };
}

async function presenterStep(page) {
  return page.textContent('[data-testid=presenter-step]');
}

test('presenter keys drive a lesson; the notes window follows and steers', { timeout: 90_000 }, async () => {
  await withPage(lab.browser, 'presenter', async (page) => {
    await openApp(page, lab.server.url);
    await page.click('[data-testid=lesson-03]');
    // Keys typed in the console are text, not shortcuts.
    await page.fill('[data-testid=console-input]', '');
    await page.press('[data-testid=console-input]', 'p');
    await page.press('[data-testid=console-input]', 'ArrowRight');
    assert.equal(await page.getAttribute('[data-testid=app]', 'data-mode'), 'app');
    await page.fill('[data-testid=console-input]', '');
    await page.locator('[data-testid=console-input]').blur();

    await page.keyboard.press('p');
    await page.waitForSelector('[data-testid=app][data-mode=presenter]');
    assert.equal(await page.locator('[data-testid=console-input]').count(), 0, 'no console');
    assert.equal(await page.locator('[data-testid=tab-audit]').count(), 0, 'no side tabs');
    assert.ok(await page.locator('[data-asset]').count() > 0 || true);
    const total = Number((await presenterStep(page)).split('/')[1]);
    assert.ok(total >= 3, `lesson 03 has ${total} steps`);

    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('[data-testid=presenter-step]').textContent.startsWith('Step 1 '));
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => document.querySelector('[data-testid=presenter-step]').textContent.startsWith('Step 2 '));
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('[data-testid=presenter-step]').textContent.startsWith('Step 3 '));
    await page.keyboard.press('PageUp');
    await page.waitForFunction(() => document.querySelector('[data-testid=presenter-step]').textContent.startsWith('Step 2 '));
    // Captions carry the lesson's narration in big type.
    assert.match(await page.textContent('[data-testid=captions]'), /step 2\//i);

    // b blanks, any key returns without moving.
    await page.keyboard.press('b');
    await page.waitForSelector('[data-testid=blank]');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('[data-testid=blank]', { state: 'detached' });
    assert.match(await presenterStep(page), /^Step 2 /);

    // ? shows the shortcuts; Escape closes them.
    await page.keyboard.press('?');
    await page.waitForSelector('[data-testid=shortcuts]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=shortcuts]', { state: 'detached' });

    // `.` plays, `.` pauses.
    await page.keyboard.press('.');
    await page.waitForSelector('[data-testid=play][aria-pressed=true]');
    await page.keyboard.press('.');
    await page.waitForSelector('[data-testid=play][aria-pressed=false]');
    await page.keyboard.press('Home');

    // The speaker-notes window shows this step and moves the main window.
    const notes = await page.context().newPage();
    const notesErrors = [];
    notes.on('console', (m) => m.type() === 'error' && notesErrors.push(m.text()));
    await notes.goto(`${lab.server.url}?notes`);
    await notes.waitForSelector('[data-testid=notes-title]');
    const at = await presenterStep(page);
    assert.match(await notes.textContent('.notes-where'), new RegExp(`step ${at.match(/Step (\d+)/)[1]}/`));
    assert.match(await notes.textContent('[data-testid=notes-next]'), /^Next: /);
    assert.match(await notes.textContent('[data-testid=notes-clock]'), /^\d\d:\d\d:\d\d$/);
    await notes.click('[data-testid=notes-next-button]');
    await page.waitForFunction((before) => document.querySelector('[data-testid=presenter-step]').textContent !== before, at);
    await notes.waitForFunction(
      (n) => document.querySelector('.notes-where').textContent.includes(`step ${n}/`),
      Number(at.match(/Step (\d+)/)[1]) + 1,
    );
    assert.deepEqual(notesErrors, []);
    await notes.close();

    await animationsDone(page);
    await screenshot(page, 'presenter-1280');
    await page.keyboard.press('p');
    await page.waitForSelector('[data-testid=app][data-mode=app]');
  });
});

test('a share link opened in a fresh browser reproduces the same world', { timeout: 90_000 }, async () => {
  let link;
  let before;
  await withPage(lab.browser, 'share-from', async (page) => {
    await legacySession(page, lab.server.url, { enable: true });
    await type(page, 'az keyvault key delete --vault-name kv-ade --name kek');
    before = await worldReport(page);
    await page.click('[data-testid=share]');
    await page.waitForSelector('[data-testid=share-dialog]');
    assert.match(await page.textContent('[data-testid=share-note]'), /--value/);
    link = await page.inputValue('[data-testid=share-edit-url]');
    const view = await page.inputValue('[data-testid=share-view-url]');
    assert.match(link, /#k1\.e\./);
    assert.match(view, /#k1\.v\./);
    // The address bar carries the session too.
    assert.match(page.url(), /#k1\.e\./);
    await page.click('[data-testid=share-close]');
  });
  assert.ok(before.assets.length > 0, before.assets.join(' '));
  assert.ok(Number(before.audit) > 5, `audit rows: ${before.audit}`);
  await withPage(lab.browser, 'share-to', async (page) => {
    await openApp(page, link);
    assert.deepEqual(await worldReport(page), before);
    assert.equal(await page.locator('[data-testid=timeline-step]').count(), LEGACY_SETUP.length + 2);
  });
  // The view link opens read-only: no console.
  const viewLink = link.replace('#k1.e.', '#k1.v.');
  await withPage(lab.browser, 'share-view', async (page) => {
    // A view link is not an edit link: the payload is the same, only the mode differs.
    await openApp(page, viewLink);
    assert.equal(await page.locator('[data-testid=console-input]').count(), 0);
    await page.waitForSelector('[data-testid=read-only]');
    assert.deepEqual(await worldReport(page), before);
  });
});

test('a lesson link is short and opens at its step', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'share-lesson', async (page) => {
    await openApp(page, lab.server.url);
    await page.click('[data-testid=lesson-05]');
    for (let i = 0; i < 3; i++) await page.click('[data-testid=step-next]');
    const before = await worldReport(page);
    await page.click('[data-testid=share]');
    const view = await page.inputValue('[data-testid=share-view-url]');
    const fragment = view.split('#')[1];
    assert.ok(fragment.length < 80, `${fragment.length} chars: ${fragment}`);
    const fresh = await lab.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const other = await fresh.newPage();
    await openApp(other, view);
    await other.waitForSelector('[data-testid=timeline-step][data-state=current]');
    const current = await other.$$eval('[data-testid=timeline-step]', (els) => els.findIndex((e) => e.dataset.state === 'current'));
    assert.equal(current, 2);
    assert.deepEqual(await worldReport(other), before);
    await fresh.close();
  });
});

test('a tampered link shows the error and keeps the autosaved work', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'tampered', async (page) => {
    await openApp(page, lab.server.url);
    await type(page, LEGACY_SETUP[0]);
    await type(page, LEGACY_SETUP[1]);
    const saved = await page.evaluate((k) => localStorage.getItem(k), SAVED);
    assert.match(saved, /az keyvault create/);

    // Damaged data: not decompressible.
    // A different query each time: a fragment-only change would not reload the page.
    await page.goto(`${lab.server.url}?t=1#k1.e.AAAAbroken`);
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    await page.waitForSelector('[data-testid=notice][data-kind=error]');
    assert.match(await page.textContent('[data-testid=notice]'), /could not be opened/);
    assert.equal(await page.locator('[data-testid=timeline-step]').count(), 0, 'the start page');
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), SAVED), saved);

    // Well-formed but with a bad command: the message has its line and column.
    const text = 'seed: 42\nstep: 1\nlesson: 03\n---\naz keyvault frobnicate --name x\n';
    const payload = deflateRawSync(Buffer.from(text)).toString('base64url');
    await page.goto(`${lab.server.url}?t=2#k1.e.${payload}`);
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    await page.waitForSelector('[data-testid=notice][data-kind=error]');
    assert.match(await page.textContent('[data-testid=notice]'), /line 5, column \d+/);
    // Nor does merely looking at a link.
    await page.goto(`${lab.server.url}?t=3#k1.v.AAAA`);
    await page.waitForSelector('[data-testid=notice][data-kind=error]');
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), SAVED), saved);

    await page.click('[data-testid=notice-dismiss]');
    await page.waitForSelector('[data-testid=notice]', { state: 'detached' });
    assert.doesNotMatch(page.url(), /#/, 'the damaged link is cleared on dismiss');
  });
});

test('a reload restores the session; deep links and embed mode', { timeout: 90_000 }, async () => {
  await withPage(lab.browser, 'reload', async (page) => {
    await legacySession(page, lab.server.url);
    await page.click('[data-testid=step-back]');
    const before = await worldReport(page);
    await page.reload();
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    assert.equal(await page.locator('[data-testid=timeline-step]').count(), LEGACY_SETUP.length);
    const current = await page.$$eval('[data-testid=timeline-step]', (els) => els.findIndex((e) => e.dataset.state === 'current'));
    assert.equal(current, LEGACY_SETUP.length - 2);
    assert.deepEqual(await worldReport(page), before);

    // A deep link wins over the autosave, without deleting it.
    const saved = await page.evaluate((k) => localStorage.getItem(k), SAVED);
    await openApp(page, `${lab.server.url}?lesson=03&step=2`);
    const deep = await page.$$eval('[data-testid=timeline-step]', (els) => els.findIndex((e) => e.dataset.state === 'current'));
    assert.equal(deep, 1);
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), SAVED), saved);

    await openApp(page, `${lab.server.url}?embed&lesson=05&step=3`);
    assert.equal(await page.getAttribute('[data-testid=app]', 'data-mode'), 'embed');
    assert.equal(await page.locator('[data-testid=console-input]').count(), 0);
    assert.equal(await page.locator('.side-panel').count(), 0);
    assert.match(await page.textContent('[data-testid=captions]'), /step 3\//i);
    const box = await page.locator('[data-testid=app]').boundingBox();
    assert.equal(Math.round(box.width), 1280);
    assert.equal(Math.round(box.height), 720);
    await page.click('[data-testid=step-next]');
    await page.waitForFunction(() => /step 4\//i.test(document.querySelector('[data-testid=captions]').textContent));
    await animationsDone(page);
    await screenshot(page, 'embed-1280');
    assert.equal(await page.evaluate((k) => localStorage.getItem(k), SAVED), saved);
  });
});

test('import: a bad file says where and changes nothing; export and import round trip', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'import', async (page) => {
    await openApp(page, lab.server.url);
    await type(page, LEGACY_SETUP[0]);
    await page.setInputFiles('[data-testid=import]', {
      name: 'broken.kf',
      mimeType: 'text/plain',
      buffer: Buffer.from('# Broken\nid: x\n\n## One\n\n$ az keyvault frobnicate\n'),
    });
    await page.waitForSelector('[data-testid=notice][data-kind=error]');
    assert.match(await page.textContent('[data-testid=notice]'), /broken\.kf.*line 6, column \d+/);
    assert.equal(await page.locator('[data-testid=timeline-step]').count(), 1, 'session untouched');
    await page.click('[data-testid=notice-dismiss]');

    await type(page, LEGACY_SETUP[1]);
    await page.click('[data-testid=export-menu]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=export]'),
    ]);
    assert.match(download.suggestedFilename(), /\.kf$/);
    const text = await readFile(await download.path(), 'utf8');
    assert.match(text, /^# /);
    assert.match(text, /\$ az keyvault create/);

    await openApp(page, `${lab.server.url}?lesson=01`);
    await page.setInputFiles('[data-testid=import]', {
      name: 'session.kf',
      mimeType: 'text/plain',
      buffer: Buffer.from(text),
    });
    await page.waitForSelector('[data-testid=notice][data-kind=info]');
    assert.equal(await page.locator('[data-testid=timeline-step]').count(), 2);
  });
});

test('the live region narrates each call in words', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'live', async (page) => {
    await legacySession(page, lab.server.url, { enable: true });
    await page.waitForFunction(() =>
      /calls wrapKey on kek\/@1: denied/.test(document.querySelector('[data-testid=live]').textContent),
    );
    assert.equal(await page.getAttribute('[data-testid=live]', 'aria-live'), 'polite');
  });
});
