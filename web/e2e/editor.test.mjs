// The scenario editor (issue 15.1): a trainer writes a scenario in the page. Errors are shown
// at their line and column, under the right characters; "Run to here" opens the scenario on the
// stage at the caret's step; scenarios are saved in the browser under a name, reopened, renamed
// and deleted; a share link opens the same scenario in a fresh browser.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, useBrowser, withPage } from './helpers.mjs';
import { openApp } from './flow.mjs';

const lab = useBrowser();

const TEXT = '[data-testid=editor-text]';

/** Opens the app, then the editor with a blank scenario (the commented template). */
async function openEditor(page) {
  await openApp(page, lab.server.url);
  // Replacing or deleting asks the browser's confirm(): say yes.
  page.on('dialog', (d) => d.accept().catch(() => {}));
  await page.click('[data-testid=editor-open]');
  await page.waitForSelector('[data-testid=editor]');
  // A fresh page may start from a copy of an open lesson: ask for the template.
  await page.click('[data-testid=editor-new]');
  await page.click('[data-testid=editor-blank]');
  await page.waitForFunction((sel) => document.querySelector(sel).value.includes('# My scenario'), TEXT);
  await summary(page, 'No problems. 3 of 3 checks hold.');
}

/** Waits until the problem list's summary reads `want`. */
async function summary(page, want) {
  await page.waitForFunction(
    (w) => document.querySelector('.ed-summary')?.textContent === w,
    want,
  ).catch(async (e) => {
    const got = await page.textContent('.ed-summary');
    throw new Error(`summary is "${got}", wanted "${want}": ${e.message}`);
  });
}

/** Replaces the editor's text as typing would (an input event). */
async function setText(page, text) {
  await page.fill(TEXT, text);
}

/** Opens the editor on the template with its first `from` replaced by `to`, as typing would;
 * returns the new text. */
async function editTemplate(page, from, to) {
  await openEditor(page);
  const template = await page.inputValue(TEXT);
  assert.ok(template.includes(from), `${from} is in the template`);
  const text = template.replace(from, to);
  await setText(page, text);
  return text;
}

/** Puts the caret at the start of the first occurrence of `needle`. */
async function caretAt(page, needle) {
  await page.evaluate(([sel, n]) => {
    const t = document.querySelector(sel);
    const at = t.value.indexOf(n);
    if (at < 0) throw new Error(`${n} is not in the text`);
    t.focus();
    t.setSelectionRange(at, at);
    t.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  }, [TEXT, needle]);
}

test('the blank template is a three-step scenario with a goal, every check holding', async () => {
  await withPage(lab.browser, 'editor-template', async (page) => {
    await openEditor(page);
    const text = await page.inputValue(TEXT);
    assert.equal((text.match(/^## /gm) ?? []).length, 3);
    assert.match(text, /^goal: vm:vm1 ok$/m);
    assert.match(text, /^par: 3$/m);
    // Every sim expect and the goal carry a ✓ in the gutter.
    assert.equal(await page.locator('.ed-ln.held').count(), 3);
  });
});

test('an error is underlined at its column, listed with the suggestion, and fixed from the list', async () => {
  await withPage(lab.browser, 'editor-error', async (page) => {
    const text = await editTemplate(page, '--vault-name kv-ade --name kek --kty', '--vault-nam kv-ade --name kek --kty');
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('--vault-nam ')) + 1;
    const column = lines[line - 1].indexOf('--vault-nam') + 1;
    // The vault has no key then, so the later checks fail too: the error is listed first.
    const item = page.locator('.ed-problems li.error');
    await item.waitFor();
    assert.equal(await item.getAttribute('data-line'), String(line));
    assert.equal(await item.getAttribute('data-column'), String(column));
    assert.match(await item.textContent(), /unknown flag --vault-nam/);
    // Under exactly that word, at that column of the text the textarea holds.
    const mark = await page.evaluate(() => {
      const layer = document.querySelector('[data-testid=editor-layer]');
      const err = layer.querySelector('.p-error');
      const range = document.createRange();
      range.setStart(layer, 0);
      range.setEndBefore(err);
      const style = getComputedStyle(layer);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      return {
        word: err.textContent,
        before: range.toString(),
        left: err.getBoundingClientRect().left - layer.getBoundingClientRect().left - parseFloat(style.paddingLeft),
        charWidth: ctx.measureText('x').width,
      };
    });
    assert.equal(mark.word, '--vault-nam');
    const before = mark.before.split('\n');
    assert.equal(before.length, line, 'the underline is on the line of the error');
    assert.equal(before.at(-1).length, column - 1, 'and at its column');
    assert.equal(mark.before, text.split('\n').slice(0, line - 1).concat(lines[line - 1].slice(0, column - 1)).join('\n'),
      'the coloured copy holds the same characters as the textarea up to there');
    assert.ok(Math.abs(mark.left - (column - 1) * mark.charWidth) < 2,
      `drawn ${mark.left}px in, ${(column - 1) * mark.charWidth}px expected`);
    await screenshot(page, 'editor-error');
    await page.click('[data-testid=editor-fix]');
    await summary(page, 'No problems. 3 of 3 checks hold.');
    assert.match(await page.inputValue(TEXT), /--vault-name kv-ade --name kek --kty/);
  });
});

test('a failed sim expect says what really happened, beside the line', async () => {
  await withPage(lab.browser, 'editor-expect', async (page) => {
    await editTemplate(page, '$ sim expect error VmBootLocked', '$ sim expect ok');
    await summary(page, '1 problem; 2 of 3 checks hold.');
    assert.match(await page.textContent('.ed-problems li.failed'), /expected ok, got error VmBootLocked/);
    assert.match(await page.textContent('.ed-said'), /got error VmBootLocked/);
    assert.equal(await page.locator('.ed-ln.failed').count(), 1);
  });
});

test('Tab completes a command with the names that exist at that line; Escape leaves the text', async () => {
  await withPage(lab.browser, 'editor-complete', async (page) => {
    await editTemplate(page, '$ az vm deallocate', '$ az keyvault key show --vault-name kv-ade --name ke\n$ az vm deallocate');
    await caretAt(page, '\n$ az vm deallocate');
    await page.keyboard.press('Tab');
    assert.match(await page.inputValue(TEXT), /--name kek \n\$ az vm deallocate/);
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'editor-run');
  });
});

test('Run to here shows the stage at the step under the caret', async () => {
  await withPage(lab.browser, 'editor-run', async (page) => {
    await openEditor(page);
    await caretAt(page, '$ az vm start');
    assert.match(await page.textContent('[data-testid=editor-run]'), /step 2/);
    await page.click('[data-testid=editor-run]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=captions] .caption-step')?.textContent === 'Step 2/3 · Break it');
    assert.equal(await page.locator('[data-testid=timeline-step]').count(), 3);
    assert.equal(await page.getAttribute('[data-testid=timeline-step][data-state=current]', 'data-step'), '2');
    // The editor stays open with the text as it was.
    assert.match(await page.inputValue(TEXT), /^\/\/ A scenario is a lesson/);
  });
});

test('scenarios are saved under a name, reopened after a reload, renamed and deleted', async () => {
  await withPage(lab.browser, 'editor-save', async (page) => {
    const text = await editTemplate(page, '# My scenario', '# Payroll outage');
    await page.fill('[data-testid=editor-name]', 'Payroll outage');
    await page.click('[data-testid=editor-save]');
    await page.waitForFunction(() => /Saved as “Payroll outage”/.test(document.querySelector('[data-testid=editor-status]').textContent));
    // A different text in the editor, then a reload: the saved one is listed and opens as saved.
    await setText(page, text.replace('# Payroll outage', '# Something else'));
    await page.reload();
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    await page.click('[data-testid=editor-open]');
    await page.click('[data-testid=editor-saved]');
    await page.click('.ed-list button[data-do=open][data-name="Payroll outage"]');
    await page.waitForFunction((sel) => document.querySelector(sel).value.includes('# Payroll outage'), TEXT);
    assert.equal(await page.inputValue(TEXT), text);
    // Rename in the list, by keyboard.
    await page.click('[data-testid=editor-saved]');
    await page.click('.ed-list button[data-do=rename]');
    await page.fill('[data-testid=editor-rename-input]', 'Payroll, take two');
    await page.press('[data-testid=editor-rename-input]', 'Enter');
    await page.waitForSelector('.ed-list button[data-do=open][data-name="Payroll, take two"]', { state: 'attached' });
    assert.equal(await page.inputValue('[data-testid=editor-name]'), 'Payroll, take two');
    assert.equal(await page.locator('.ed-list button[data-do=open]').count(), 1);
    // Delete.
    await page.click('.ed-list button[data-do=delete]');
    await page.waitForFunction(() => document.querySelectorAll('.ed-list button[data-do=open]').length === 0);
    assert.equal(await page.textContent('[data-testid=editor-saved]'), 'Saved (0)');
  });
});

test('a share link opens the same scenario in a fresh browser', async () => {
  let link;
  await withPage(lab.browser, 'editor-share', async (page) => {
    await openEditor(page);
    await page.click('[data-testid=editor-export]');
    await page.click('[data-testid=editor-export-link]');
    link = await page.inputValue('[data-testid=editor-link]');
  });
  assert.match(link, /#k1\.e\./);
  // A new context: no localStorage, no autosave, nothing but the link.
  await withPage(lab.browser, 'editor-share-open', async (page) => {
    await page.goto(link);
    await page.waitForSelector('[data-testid=app][data-ready=true]');
    const titles = await page.locator('[data-testid=timeline-step] .step-title').allTextContents();
    assert.deepEqual(titles, ['Build the world', 'Break it', 'Your turn: bring vm1 back']);
    assert.match(await page.textContent('[data-testid=captions]'), /My scenario/);
    // Made theirs, it is the same scenario: the same checks hold.
    await page.click('[data-testid=editor-open]');
    await page.waitForSelector('[data-testid=editor]');
    await summary(page, 'No problems. 3 of 3 checks hold.');
    const text = await page.inputValue(TEXT);
    assert.match(text, /^# My scenario\nid: my-scenario\nseed: 42\n/);
    assert.match(text, /^goal: vm:vm1 ok\npar: 3\nhint: Deleted is not gone\.$/m);
  });
});
