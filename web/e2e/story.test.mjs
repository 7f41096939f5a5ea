// The story on the stage (issue 17, points 2 and 3, and free play): lesson 03 played in presenter
// mode at 1280x720 shows the BEK as "BEK · vm1" in an envelope stamped with its KEK version, the
// tie from the BEK to the KEK turning red and dashed the moment the KEK is deleted (while vm1,
// still holding its key in memory, runs on), the failed boot with its earlier calls numbered, and
// What breaks giving the cause as a chain back to the step that deleted the key. Message stepping
// goes back through a step's calls; free play keeps its actors in place when a second geography
// appears. Screenshots go to target/e2e/story-*.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { animationsDone, screenshot, useBrowser, withPage } from './helpers.mjs';
import { openApp, type } from './flow.mjs';
import { MIN_STAGE_PX, measure } from './legibility.mjs';

const lab = useBrowser();

async function toStep(page, n) {
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(
    (i) => document.querySelector('[data-testid=presenter-step]')?.textContent.startsWith(`Step ${i} `),
    n,
  );
}

/** Waits until every call of the step has been on stage: the last travelling, the rest faded. */
async function allCalls(page) {
  await page.waitForFunction(() => {
    const svg = document.querySelector('svg.stage');
    const n = Number(svg?.dataset.calls ?? 0);
    return n === 0 || svg.querySelectorAll('[data-past]').length === n - 1;
  }, null, { timeout: 30_000 });
}

test('lesson 03 tells the key story on the stage', { timeout: 120_000 }, async () => {
  await withPage(lab.browser, 'story', async (page) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${lab.server.url}?present&lesson=03`);
    await page.waitForSelector('[data-testid=app][data-mode=presenter][data-ready=true]');

    // Step 1: vm1 encrypted; its BEK on kv-ade's shelf by its VM's name, sealed with kek@1.
    await toStep(page, 1);
    await allCalls(page);
    // What is drawn, not the tooltips (<title>) inside the texts.
    const drawn = (ts) => ts.map((t) => [...t.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim());
    assert.deepEqual(await page.$$eval('.shelf-row.secret .bek-name', drawn), ['BEK · vm1']);
    assert.equal(await page.getAttribute('.envelope', 'data-stamp'), 'kek@1');
    const shelfText = (await page.$$eval('[data-actor=kv-ade] text', drawn)).join(' ');
    assert.doesNotMatch(shelfText, /[0-9a-f]{8}-[0-9a-f]{4}/, 'no GUID on the shelf');
    await page.waitForSelector('[data-tie=bek][data-broken=false]');
    await page.waitForSelector('[data-tie=kek][data-broken=false]');
    await page.waitForSelector('[data-actor=vm1] [data-token=in-memory]');
    // Enabling ADE makes several calls: all but the last stay drawn, faded and numbered.
    assert.ok((await page.locator('[data-past]').count()) >= 2);
    await animationsDone(page);
    // The numbers of the earlier calls read from the back of the room like every stage text.
    const m = await page.evaluate(measure);
    assert.ok(m.stage.px >= MIN_STAGE_PX, JSON.stringify(m.stage));
    assert.deepEqual([m.spills, m.offStage, m.contrast], [[], [], []]);
    await screenshot(page, 'story-03-wrapped');

    // Step 2: kek deleted. Broken at once, before any deallocate; vm1 runs on its key in memory.
    await toStep(page, 2);
    await allCalls(page);
    await page.waitForSelector('[data-tie=kek][data-broken=true]');
    await page.waitForSelector('.envelope.lost');
    await page.waitForSelector('[data-actor=vm1] [data-token=in-memory]');
    await page.waitForSelector('[data-asset="vm:vm1"][data-verdict=at-risk]');
    await animationsDone(page);
    await screenshot(page, 'story-03-kek-deleted');

    // Step 4: deallocate and start. The key in memory is gone; the boot's calls stay numbered.
    await toStep(page, 3);
    await toStep(page, 4);
    await allCalls(page);
    await page.waitForSelector('[data-actor=vm1] [data-token="sealed lost"]');
    await page.waitForSelector('[data-asset="vm:vm1"][data-verdict=broken]');
    const chain = await page.$$eval('[data-asset="vm:vm1"] [data-testid=cause-chain] li', (ls) =>
      ls.map((l) => l.textContent.trim()),
    );
    assert.equal(chain[0], 'vm1 will not boot', JSON.stringify(chain));
    assert.match(chain[1], /^← unwrapKey kek@1 → 404/, JSON.stringify(chain));
    assert.match(chain[2], /deleted kek at step 2$/, JSON.stringify(chain));
    await animationsDone(page);
    await screenshot(page, 'story-03-boot-failed');
  });
});

test('message stepping goes back through the calls of a step', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'message-back', async (page) => {
    await openApp(page, lab.server.url);
    await page.click('[data-testid=lesson-03]');
    await page.click('[data-testid=step-next]');
    await page.click('[data-testid=message-next]');
    await page.click('[data-testid=message-next]');
    await page.click('[data-testid=message-next]');
    const past = await page.locator('[data-past]').count();
    assert.ok(past >= 2, `earlier calls drawn: ${past}`);
    await page.click('[data-testid=message-back]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-past]').length === n - 1, past);
    assert.equal(await page.locator('svg [data-message]').count(), 1);
  });
});

test('free play keeps its actors in place when a second geography appears', { timeout: 60_000 }, async () => {
  await withPage(lab.browser, 'free-play', async (page) => {
    await openApp(page, lab.server.url);
    await type(page, 'az keyvault create --name kv --resource-group rg --location westeurope --enable-rbac-authorization false');
    await type(page, 'az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204');
    const places = () =>
      page.$$eval('svg [data-actor]', (gs) => Object.fromEntries(gs.map((g) => [g.dataset.actor, g.getAttribute('transform')])));
    const before = await places();
    await type(page, 'az keyvault create --name kv-us --resource-group rg --location eastus --enable-rbac-authorization false');
    await page.waitForSelector('svg [data-actor=kv-us]');
    const after = await places();
    for (const [name, at] of Object.entries(before)) assert.equal(after[name], at, `${name} moved`);
    assert.equal(await page.locator('svg .band.geography rect').count(), 2);
  });
});
