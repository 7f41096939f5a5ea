// Legibility as a speaker sees it (issue 17): what one screen of presenter mode shows, measured
// in the page. Shared by legible.test.mjs, which walks every step of every lesson and fails on
// what it finds, and by anyone who wants the figures for a screenshot (`node web/e2e/legible.test.mjs`
// prints them too).
//
// Everything is measured on screen, in CSS pixels: an SVG text's size is its computed font size
// times the stage's scale; a label spills when its box leaves its actor's box; contrast is
// computed from the computed colours of the text and of what is painted under its centre.

/** Smallest stage text, in px on screen. */
export const MIN_STAGE_PX = 14;
/** Smallest caption text, in px. */
export const MIN_CAPTION_PX = 24;
/** WCAG AA for body text; the brief asks it of all text, large text included. */
export const MIN_CONTRAST = 4.5;

/**
 * Runs in the page: measures the screen as it is now. Returns plain data:
 * `{ stage: {px, text}, caption: {px, text}, spills: [], overlaps: [], offStage: [],
 *    contrast: [], boxes: {name: [x, y, w, h]}, stageBox: [x, y, w, h], fixHidden, emptyHealth }`.
 */
export function measure() {
  const round = (v) => Math.round(v * 2) / 2;
  const visible = (el) =>
    el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && el.getClientRects().length > 0;
  const text = (el) => el.textContent.trim().replace(/\s+/g, ' ').slice(0, 60);
  const out = {
    stage: { px: Infinity, text: '' },
    caption: { px: Infinity, text: '' },
    spills: [],
    overlaps: [],
    offStage: [],
    contrast: [],
    boxes: {},
    stageBox: null,
    fixHidden: false,
    emptyHealth: false,
    // The story drawn on the stage (issue 17, point 2): BEK envelopes, ties (and broken ones),
    // the VMs' key tokens, earlier calls, and What breaks' cause chains. Their texts are measured
    // with every other; these counts let the walk say it saw each kind.
    story: { envelopes: 0, ties: 0, broken: 0, tokens: 0, past: 0, chains: 0 },
  };
  const count = (sel) => [...document.querySelectorAll(sel)].filter(visible).length;
  out.story = {
    envelopes: count('svg.stage .envelope'),
    ties: count('svg.stage .tie'),
    broken: count('svg.stage .tie.broken'),
    tokens: count('svg.stage .bek-token'),
    past: count('svg.stage [data-past]'),
    chains: count('[data-testid=cause-chain]'),
  };

  // ---- stage text sizes, spills, overlaps ----
  const svg = document.querySelector('svg.stage');
  if (svg) {
    const s = svg.getBoundingClientRect();
    out.stageBox = [s.x, s.y, s.width, s.height].map(round);
    for (const t of svg.querySelectorAll('text')) {
      if (!visible(t) || !t.textContent.trim()) continue;
      const m = t.getScreenCTM();
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      if (px < out.stage.px) out.stage = { px: Math.round(px * 10) / 10, text: text(t) };
      // Everything drawn on the stage stays on it.
      const r = t.getBoundingClientRect();
      const off = Math.max(s.left - r.left, r.right - s.right, s.top - r.top, r.bottom - s.bottom);
      if (off > 1) out.offStage.push({ text: text(t), by: Math.round(off) });
    }
    for (const g of svg.querySelectorAll('[data-actor]')) {
      const name = g.dataset.actor;
      const boxEl = g.querySelector(':scope > .actor-box');
      if (!boxEl || !visible(boxEl)) continue;
      const b = boxEl.getBoundingClientRect();
      out.boxes[name] = [b.x, b.y, b.width, b.height].map(round);
      const off = Math.max(s.left - b.left, b.right - s.right, s.top - b.top, b.bottom - s.bottom);
      if (off > 1) out.offStage.push({ text: `box of ${name}`, by: Math.round(off) });
      const texts = [...g.querySelectorAll('text')].filter((t) => visible(t) && t.textContent.trim());
      for (const t of texts) {
        const r = t.getBoundingClientRect();
        const by = Math.max(b.left - r.left, r.right - b.right, b.top - r.top, r.bottom - b.bottom);
        if (by > 1) out.spills.push({ actor: name, text: text(t), by: Math.round(by) });
      }
      // Nothing written over the actor's name (a verdict badge, a tag).
      const nameEl = g.querySelector('.actor-name');
      if (nameEl && visible(nameEl)) {
        const n = nameEl.getBoundingClientRect();
        const covers = [...g.querySelectorAll('text, rect')].filter(
          (e) => e !== nameEl && e !== boxEl && visible(e) && !e.closest('.row-hit') && !e.classList.contains('row-hit'),
        );
        for (const e of covers) {
          const r = e.getBoundingClientRect();
          const w = Math.min(r.right, n.right) - Math.max(r.left, n.left);
          const h = Math.min(r.bottom, n.bottom) - Math.max(r.top, n.top);
          if (w > 1 && h > 1) out.overlaps.push({ actor: name, over: text(nameEl), by: text(e) || e.getAttribute('class') });
        }
      }
    }
  }

  // ---- captions ----
  const captions = document.querySelector('[data-testid=captions]');
  if (captions) {
    for (const el of captions.querySelectorAll('*')) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own || !visible(el) || el.closest('.sr-only')) continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (px < out.caption.px) out.caption = { px, text: text(el) };
    }
  }

  // ---- contrast ----
  const parse = (c) => {
    const m = c && c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
    return o;
  };
  const lum = (c) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const SHAPES = new Set(['rect', 'circle', 'ellipse', 'path', 'polygon']);
  const paintOf = (el) => {
    const cs = getComputedStyle(el);
    if (el instanceof SVGElement) {
      if (!SHAPES.has(el.tagName)) return null;
      const fill = parse(cs.fill);
      if (!fill) return null;
      fill[3] *= parseFloat(cs.fillOpacity) * opacity(el);
      return fill;
    }
    const bg = parse(cs.backgroundColor);
    if (!bg || bg[3] === 0) return null;
    bg[3] *= opacity(el);
    return bg;
  };
  const page = parse(getComputedStyle(document.documentElement).backgroundColor);
  const root = page && page[3] > 0 ? page : parse(getComputedStyle(document.body).backgroundColor) ?? [255, 255, 255, 1];
  const candidates = [
    ...document.querySelectorAll('svg.stage text'),
    ...[...document.querySelectorAll('body *')].filter(
      (el) => !(el instanceof SVGElement) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()),
    ),
  ];
  for (const el of candidates) {
    if (!visible(el) || el.closest('.sr-only, title, option, select, button:disabled, .blank-screen')) continue;
    if (!el.textContent.trim()) continue;
    const r = el.getBoundingClientRect();
    const cx = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const cy = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
    const stack = document.elementsFromPoint(cx, cy);
    const at = stack.indexOf(el);
    if (at < 0) continue; // covered, or scrolled out of its panel: not on screen
    const svgText = el instanceof SVGElement;
    const layers = [];
    for (const e of stack.slice(svgText ? at + 1 : at)) {
      const p = paintOf(e);
      if (!p) continue;
      layers.push(p);
      if (p[3] >= 0.999) break;
    }
    let bg = root;
    for (const p of layers.reverse()) bg = over(p, bg);
    const cs = getComputedStyle(el);
    const fg = parse(svgText ? cs.fill : cs.color);
    if (!fg) continue;
    fg[3] *= (svgText ? parseFloat(cs.fillOpacity) : 1) * opacity(el);
    const c = ratio(over(fg, bg), bg);
    if (c < 4.5) {
      const hex = (v) => '#' + v.slice(0, 3).map((x) => Math.round(x).toString(16).padStart(2, '0')).join('');
      out.contrast.push({ text: text(el), ratio: Math.round(c * 100) / 100, fg: hex(over(fg, bg)), bg: hex(bg), where: el.getAttribute('class') || el.tagName.toLowerCase() });
    }
  }

  // ---- what breaks ----
  const fix = document.querySelector('[data-testid=fix]');
  if (fix) {
    const f = fix.getBoundingClientRect();
    const panel = fix.closest('.tab-panel') ?? document.documentElement;
    const p = panel.getBoundingClientRect();
    out.fixHidden = f.top < p.top || f.bottom > Math.min(p.bottom, innerHeight) + 1;
  }
  const health = document.querySelector('[data-testid=health]');
  out.emptyHealth =
    !!health && /Nothing to check yet/.test(health.textContent) && !!document.querySelector('svg [data-actor] .actor-box') &&
    [...document.querySelectorAll('svg [data-actor]')].some((g) => g.classList.contains('vault') || g.classList.contains('vm'));
  return out;
}

/** Boxes that moved or resized between two measures of consecutive steps (more than 1 px). */
export function moved(before, after) {
  const out = [];
  for (const [name, b] of Object.entries(after.boxes)) {
    const a = before.boxes[name];
    if (a && a.some((v, i) => Math.abs(v - b[i]) > 1)) out.push({ actor: name, from: a, to: b });
  }
  if (before.stageBox && after.stageBox && before.stageBox.some((v, i) => Math.abs(v - after.stageBox[i]) > 1)) {
    out.push({ actor: '(stage)', from: before.stageBox, to: after.stageBox });
  }
  return out;
}
