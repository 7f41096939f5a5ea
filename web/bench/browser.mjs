// `cargo xtask bench`, browser section: measures the built site in headless Chromium and prints
// one JSON object on stdout (progress goes to stderr). xtask merges it into its table and
// target/bench/report.json and compares it with the budgets of DESIGN.md; this script only
// measures, it judges nothing.
//
//   KEYFALL_DIST=dist KEYFALL_BENCH_DIST=target/bench/bench-dist \
//   KEYFALL_EMPTY_DIST=target/bench/empty-dist node web/bench/browser.mjs
//
// KEYFALL_BENCH_DIST is the same site built with the web crate's `bench` feature, which adds the
// in-page entry points (`keyfallBench.whatIfMatrix()`); everything else runs on the shipped
// build, KEYFALL_DIST.
//
// - load: navigation start to `[data-testid=app][data-ready=true]`, Keyfall and an empty Yew
//   app built the same way, alternating which goes first, in fresh browser contexts; medians
//   and the median of the per-run ratios.
// - what-if: `window.keyfallBench.whatIfMatrix()` (the large world's full matrix, in the page's
//   wasm), after one warm-up run; median.
// - long tasks: PerformanceObserver 'longtask' (over 50 ms by definition) while lesson 05 plays
//   at 1x.
// - session: a training session of SESSION_COMMANDS commands (imported as a script, which makes
//   the same steps as typing them), then commands typed, steps back and scrubs: the longest task
//   each one causes, from the input until the page has settled.
// - embed_docs: a docs page on another origin with three <keyfall-embed> demos (docs/embedding.md):
//   what it transfers from Keyfall's site, gzip -9, before any click and once one demo is played
//   and ready.
// - memory: JS heap (performance.memory) and wasm linear memory after stepping through every
//   lesson.
//
// KEYFALL_BENCH_ONLY=session,memory runs only the named parts (the others are left out of the
// JSON), to iterate on one figure; xtask leaves it unset and runs them all.

import { launchChromium, serveDist } from '../e2e/helpers.mjs';
import { serveDocsPage, watchTransfer } from '../e2e/docs-page.mjs';

// Odd, for a plain median; a run pair takes well under a second.
const RUNS = Number(process.env.KEYFALL_BENCH_RUNS ?? 11);
const MATRIX_RUNS = 15;
// Calls before the timed ones: the first calls run in V8's baseline compiler while the optimizing
// tier compiles the core in the background. The first call is reported too, as the cold figure.
const MATRIX_WARMUP = 3;
// How long a lesson may play before the long-task watch stops; lesson 05 at 1x takes less.
const PLAY_LIMIT_MS = 120_000;
// A long training session, and how many of each action are timed in it.
const SESSION_COMMANDS = Number(process.env.KEYFALL_BENCH_SESSION ?? 1000);
const SESSION_ACTIONS = 5;

const log = (...a) => console.error('[browser bench]', ...a);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Runs before any page script (and outside the page's CSP): notes when the app first reports
// ready, every long task, and the wasm instance Trunk's loader announces.
function probes() {
  window.__bench = { readyAt: null, startedAt: null, longTasks: [], wasm: null };
  const ready = () => document.querySelector('[data-testid=app][data-ready=true]');
  new MutationObserver((_, obs) => {
    if (window.__bench.readyAt === null && ready()) {
      window.__bench.readyAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task support: the list stays empty and `supported` says so.
    window.__bench.noLongTasks = true;
  }
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__bench.startedAt = performance.now();
    window.__bench.wasm = e.detail?.wasm ?? null;
  });
}

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(probes);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { context, page, errors };
}

// Navigation to ready, and where the time went: the wasm downloaded (resource timing), the
// module compiled, instantiated and `main` run (Trunk's TrunkApplicationStarted), then the first
// render until data-ready.
async function readyTime(browser, url) {
  const { context, page } = await newPage(browser);
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__bench.readyAt !== null, null, { timeout: 60_000 });
    return await page.evaluate(() => {
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      return {
        ready: window.__bench.readyAt,
        wasmLoaded: wasm?.responseEnd ?? null,
        started: window.__bench.startedAt,
      };
    });
  } finally {
    await context.close();
  }
}

async function openKeyfall(browser, url) {
  const opened = await newPage(browser);
  await opened.page.goto(url);
  await opened.page.waitForSelector('[data-testid=app][data-ready=true]');
  return opened;
}

async function load(browser, keyfallUrl, emptyUrl) {
  // One warm-up of each, not counted: the first launch pays for Chromium's own start-up.
  await readyTime(browser, keyfallUrl);
  await readyTime(browser, emptyUrl);
  const keyfall = [];
  const empty = [];
  const phases = { keyfall: [], empty: [] };
  const timed = async (url, side, into) => {
    const t = await readyTime(browser, url);
    into.push(t.ready);
    phases[side].push(t);
  };
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order, so drift on a shared machine hits both sides alike.
    if (i % 2 === 0) {
      await timed(keyfallUrl, 'keyfall', keyfall);
      await timed(emptyUrl, 'empty', empty);
    } else {
      await timed(emptyUrl, 'empty', empty);
      await timed(keyfallUrl, 'keyfall', keyfall);
    }
    log(`load run ${i + 1}/${RUNS}: keyfall ${keyfall.at(-1).toFixed(1)} ms, empty ${empty.at(-1).toFixed(1)} ms`);
  }
  // The budget's figure: each run's ratio, taken back to back, then the median of those, which
  // shrugs off a run where the shared machine was busy for one side only.
  const ratios = keyfall.map((k, i) => k / empty[i]);
  // Medians of each phase's length, per app: what the ratio is made of.
  const breakdown = (runs) => {
    const ok = runs.filter((r) => r.wasmLoaded !== null && r.started !== null);
    if (ok.length === 0) return null;
    return {
      wasm_loaded_ms: median(ok.map((r) => r.wasmLoaded)),
      compile_and_start_ms: median(ok.map((r) => r.started - r.wasmLoaded)),
      // The empty app can be ready a hair before Trunk's event fires (its whole render happens
      // inside `main`): that phase is then zero, not negative.
      first_render_ms: median(ok.map((r) => Math.max(0, r.ready - r.started))),
    };
  };
  return {
    runs: RUNS,
    keyfall_ms: keyfall,
    empty_ms: empty,
    ratios,
    keyfall_median_ms: median(keyfall),
    empty_median_ms: median(empty),
    ratio: median(ratios),
    keyfall_phases: breakdown(phases.keyfall),
    empty_phases: breakdown(phases.empty),
  };
}

async function whatIf(browser, url) {
  const { context, page } = await openKeyfall(browser, url);
  try {
    const { cold, times } = await page.evaluate(
      ([n, warmup]) => {
        const calls = Array.from({ length: warmup }, () => window.keyfallBench.whatIfMatrix());
        return {
          cold: calls[0],
          times: Array.from({ length: n }, () => window.keyfallBench.whatIfMatrix()),
        };
      },
      [MATRIX_RUNS, MATRIX_WARMUP],
    );
    log(`what-if matrix: first call ${cold.toFixed(1)} ms; then ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
    return { runs: times.length, warmup: MATRIX_WARMUP, first_ms: cold, ms: times, median_ms: median(times) };
  } finally {
    await context.close();
  }
}

async function longTasks(browser, url) {
  const { context, page } = await openKeyfall(browser, url);
  try {
    await page.click('[data-testid=lesson-05]');
    await page.selectOption('[data-testid=speed]', { label: '1×' });
    const start = await page.evaluate(() => performance.now());
    await page.click('[data-testid=play]');
    // Playing ends by itself at the lesson's last step (or its goal): the button is released.
    let finished = true;
    try {
      await page.waitForSelector('[data-testid=play][aria-pressed=false]', { timeout: PLAY_LIMIT_MS });
    } catch {
      finished = false;
    }
    const end = await page.evaluate(() => performance.now());
    const tasks = await page.evaluate(
      (from) => window.__bench.longTasks.filter((t) => t.start >= from),
      start,
    );
    const supported = await page.evaluate(() => !window.__bench.noLongTasks);
    const durations = tasks.map((t) => t.duration);
    log(`long tasks during lesson 05 at 1x (${((end - start) / 1000).toFixed(1)} s): ${durations.length}`);
    return {
      lesson: '05',
      speed: '1x',
      supported,
      played_ms: end - start,
      finished,
      count: durations.length,
      max_ms: durations.length ? Math.max(...durations) : 0,
      durations_ms: durations,
    };
  } finally {
    await context.close();
  }
}

// A session's commands: a vault, an app and a VM, then key versions, secret versions and policy
// changes in turn (a dozen objects, many versions), so the world stays small and what grows is
// the history: the records, the audit log, the timeline and the saved text.
function sessionScript(n) {
  const lines = [
    'az ad sp create-for-rbac --name app',
    'az keyvault create --name kv --resource-group rg --location westeurope --enabled-for-disk-encryption true --enable-rbac-authorization false',
    'az vm create --name vm1 --resource-group rg --location westeurope --image Ubuntu2204',
  ];
  const cycle = [
    (i) => `az keyvault key create --vault-name kv --name k${i % 6} --kty RSA --size 2048`,
    (i) => `az keyvault secret set --vault-name kv --name s${i % 6} --value v${i}`,
    () => 'az keyvault set-policy --name kv --spn app --key-permissions get wrapKey unwrapKey',
    (i) => `az keyvault key set-attributes --vault-name kv --name k${i % 6} --enabled true`,
  ];
  for (let i = 0; lines.length < n; i++) lines.push(cycle[i % cycle.length](i));
  return `${lines.join('\n')}\n`;
}

// The longest task (and how many over 50 ms) between `act()` and the page settling: `done()`
// holds in the page, two frames have passed and the long-task observer has reported.
async function timed(page, act, done, arg) {
  const from = await page.evaluate(() => performance.now());
  await act();
  await page.waitForFunction(done, arg, { timeout: 60_000 });
  const settled = await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))),
  );
  await page.waitForTimeout(150);
  const tasks = await page.evaluate((t) => window.__bench.longTasks.filter((x) => x.start >= t), from);
  const durations = tasks.map((t) => t.duration);
  return { max_ms: durations.length ? Math.max(...durations) : 0, long_tasks: durations.length, settle_ms: settled - from };
}

// The strip renders a window of chips in a long session: ask it for the step numbers, not for
// the k-th chip.
const currentIs = (k) =>
  document.querySelector('[data-testid=timeline-step][data-state=current]')?.dataset.step === String(k + 1);
const stepsAre = (n) => document.querySelector('.timeline [data-steps]')?.dataset.steps === String(n);

async function session(browser, url) {
  const { context, page } = await openKeyfall(browser, url);
  try {
    const n = SESSION_COMMANDS;
    await page.setInputFiles('[data-testid=import]', {
      name: 'session.sh',
      mimeType: 'text/plain',
      buffer: Buffer.from(sessionScript(n)),
    });
    await page.waitForFunction(stepsAre, n, { timeout: 300_000 });
    await page.waitForFunction(currentIs, n - 1, { timeout: 60_000 });
    // The runs last: xtask reads `max_ms` as the first one after the action's name.
    const summary = (runs) => ({
      max_ms: Math.max(...runs.map((r) => r.max_ms)),
      median_max_ms: median(runs.map((r) => r.max_ms)),
      median_settle_ms: median(runs.map((r) => r.settle_ms)),
      runs,
    });
    const typed = [];
    for (let i = 0; i < SESSION_ACTIONS; i++) {
      const steps = n + i + 1;
      typed.push(await timed(page, async () => {
        await page.fill('[data-testid=console-input]', `az keyvault key create --vault-name kv --name t${i} --kty RSA --size 2048`);
        await page.press('[data-testid=console-input]', 'Enter');
      }, stepsAre, steps));
    }
    let cursor = n + SESSION_ACTIONS;
    const back = [];
    for (let i = 0; i < SESSION_ACTIONS; i++) {
      cursor -= 1;
      back.push(await timed(page, () => page.click('[data-testid=step-back]'), currentIs, cursor - 1));
    }
    const scrub = [];
    for (const to of [Math.round(n / 2), Math.round(n / 5), n - 7, Math.round((3 * n) / 4), 3].slice(0, SESSION_ACTIONS)) {
      scrub.push(await timed(page, () => page.locator('[data-testid=scrub]').fill(String(to)), currentIs, to - 1));
    }
    const result = { commands: n, typed: summary(typed), back: summary(back), scrub: summary(scrub) };
    log(`session of ${n} commands: longest task typing ${result.typed.max_ms.toFixed(0)} ms, back ${result.back.max_ms.toFixed(0)} ms, scrub ${result.scrub.max_ms.toFixed(0)} ms`);
    return result;
  } finally {
    await context.close();
  }
}

async function memory(browser, url) {
  const { context, page } = await openKeyfall(browser, url);
  try {
    const lessons = await page.$$eval('[data-testid^=lesson-]', (els) => els.map((e) => e.dataset.testid));
    let steps = 0;
    for (const lesson of lessons) {
      await page.click(`[data-testid=${lesson}]`);
      // Step through to the end; each click waits for the next timeline step to be current.
      for (let i = 0; i < 500; i++) {
        if (await page.isDisabled('[data-testid=step-next]')) break;
        await page.click('[data-testid=step-next]');
        await page.waitForFunction(
          (n) => document.querySelectorAll('[data-testid=timeline-step]')[n]?.dataset.state === 'current',
          i,
        );
        steps++;
      }
    }
    const m = await page.evaluate(() => ({
      js_heap_used: performance.memory?.usedJSHeapSize ?? null,
      js_heap_total: performance.memory?.totalJSHeapSize ?? null,
      wasm_memory: window.__bench.wasm?.memory?.buffer?.byteLength ?? null,
    }));
    log(`memory after ${lessons.length} lessons (${steps} steps): ${JSON.stringify(m)}`);
    return { lessons: lessons.length, steps, ...m };
  } finally {
    await context.close();
  }
}

async function embedDocs(browser, appUrl) {
  const docs = await serveDocsPage(appUrl);
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    const transfer = watchTransfer(page, appUrl);
    await page.goto(docs.url);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('keyfall-embed')].every((e) => {
        const img = e.shadowRoot?.querySelector('img.preview');
        return img && img.complete;
      }),
    );
    const before = await transfer.settled();
    await page.locator('keyfall-embed').first().getByRole('button').click();
    await page
      .frameLocator('keyfall-embed >> nth=0 >> iframe')
      .locator('[data-testid=app][data-ready=true]')
      .waitFor({ timeout: 60_000 });
    const after = await transfer.settled();
    const sum = (rs) => rs.reduce((n, r) => n + r.gzip, 0);
    const result = {
      embeds: 3,
      before_click_gzip: sum(before),
      before_click_wasm: before.some((r) => r.url.endsWith('.wasm')),
      after_click_gzip: sum(after),
    };
    log(`docs page with three embeds: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await context.close();
    await docs.close();
  }
}

async function main() {
  const keyfallDir = process.env.KEYFALL_DIST;
  const emptyDir = process.env.KEYFALL_EMPTY_DIST;
  const benchDir = process.env.KEYFALL_BENCH_DIST;
  if (!keyfallDir || !emptyDir || !benchDir) {
    throw new Error('set KEYFALL_DIST, KEYFALL_BENCH_DIST and KEYFALL_EMPTY_DIST');
  }
  const keyfall = await serveDist(keyfallDir);
  const benchSite = await serveDist(benchDir);
  const empty = await serveDist(emptyDir);
  // helpers' flags, plus exact heap numbers (performance.memory is bucketed without it).
  const browser = await launchChromium(['--enable-precise-memory-info']);
  const only = process.env.KEYFALL_BENCH_ONLY?.split(',');
  const parts = {
    load: () => load(browser, keyfall.url, empty.url),
    what_if: () => whatIf(browser, benchSite.url),
    long_tasks: () => longTasks(browser, keyfall.url),
    session: () => session(browser, keyfall.url),
    memory: () => memory(browser, keyfall.url),
    embed_docs: () => embedDocs(browser, keyfall.url),
  };
  try {
    const result = { chromium: browser.version() };
    for (const [name, measure] of Object.entries(parts)) {
      if (!only || only.includes(name)) result[name] = await measure();
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await browser.close();
    await keyfall.close();
    await benchSite.close();
    await empty.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
