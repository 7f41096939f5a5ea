// <keyfall-embed>: a Keyfall demo in a docs page that costs the reader a picture, not the app.
//
// A docs page includes this file once and writes
//   <keyfall-embed lesson="03" step="2"><a href=".../?lesson=03&step=2">Open the demo</a></keyfall-embed>
// or, for a session of one's own, link="https://host/keyfall/#k1.v...." (a Share link).
// The element shows the step's picture (previews/LL-S.svg, written by `cargo xtask dist`) under a
// play button; the app (wasm and all) loads in an iframe only when the reader presses it. Without
// JavaScript the element is never upgraded and its link stays, so the reader can still get there.
//
// The app is found beside this script, or at the element's `app` attribute. Attributes:
// lesson, step, link, app, label (what the demo shows, for the button and the frame's title).
(() => {
  'use strict';
  if (!window.customElements || customElements.get('keyfall-embed')) return;

  // Captured now: currentScript is null once this file has run.
  const scriptUrl = document.currentScript ? document.currentScript.src : location.href;

  const STYLE = `
    :host { display: block; position: relative; max-width: 100%; aspect-ratio: 16 / 10;
      background: #0f1720; color: #e6edf3; border-radius: 8px; overflow: hidden;
      font: 16px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; }
    :host([hidden]) { display: none; }
    .preview, iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; }
    .preview { object-fit: contain; background: #0f1720; }
    .card { position: absolute; inset: 0; display: flex; flex-direction: column;
      align-items: center; justify-content: center; gap: .4em; padding: 1em; text-align: center; }
    .card strong { font-size: 1.3em; }
    button { all: unset; box-sizing: border-box; position: absolute; inset: 0; cursor: pointer;
      display: flex; align-items: center; justify-content: center;
      background: linear-gradient(transparent 55%, rgba(0, 0, 0, .55)); }
    .disc { width: 84px; height: 84px; border-radius: 50%; background: rgba(9, 105, 218, .92);
      box-shadow: 0 2px 12px rgba(0, 0, 0, .45); display: flex; align-items: center;
      justify-content: center; transition: transform .15s ease-out; }
    .disc svg { width: 36px; height: 36px; margin-left: 6px; fill: #fff; }
    .caption { position: absolute; left: 0; right: 0; bottom: 0; padding: .6em 1em;
      font-weight: 600; text-shadow: 0 1px 2px #000; }
    button:hover .disc { transform: scale(1.08); }
    button:focus-visible .disc { outline: 4px solid #fff; outline-offset: 4px; }
    @media (prefers-reduced-motion: reduce) { .disc { transition: none; }
      button:hover .disc { transform: none; } }
  `;

  /** The app's address for this element, and the picture that stands for it (or null). */
  function target(el) {
    const app = new URL(el.getAttribute('app') || '.', scriptUrl);
    const link = el.getAttribute('link');
    if (link) {
      // A Share link: its fragment holds the session; embed mode goes in the query.
      const url = new URL(link, app);
      if (!url.searchParams.has('embed')) url.search = url.search ? `${url.search}&embed` : '?embed';
      return { url: url.href, preview: null };
    }
    const lesson = (el.getAttribute('lesson') || '').trim();
    const step = Math.max(0, parseInt(el.getAttribute('step') || '0', 10) || 0);
    if (!/^\d{2}$/.test(lesson)) return null;
    const url = new URL(app);
    url.search = `?embed&lesson=${lesson}&step=${step}`;
    return { url: url.href, preview: new URL(`previews/${lesson}-${step}.svg`, app).href, lesson, step };
  }

  function describe(el, t) {
    const label = el.getAttribute('label');
    if (label) return label;
    return t && t.lesson ? `Keyfall lesson ${t.lesson}, step ${t.step}` : 'a Keyfall session';
  }

  class KeyfallEmbed extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = STYLE;
      root.append(style);
      const t = target(this);
      const what = describe(this, t);
      if (!t) {
        // A mistyped lesson: say so where the demo would be, rather than show a broken frame.
        const card = document.createElement('div');
        card.className = 'card';
        card.setAttribute('role', 'note');
        card.textContent = `keyfall-embed: lesson="${this.getAttribute('lesson') || ''}" is not a lesson number such as "03", and there is no link="...".`;
        root.append(card);
        return;
      }
      if (t.preview) {
        const img = document.createElement('img');
        img.className = 'preview';
        img.alt = '';
        img.decoding = 'async';
        img.loading = 'lazy';
        img.src = t.preview;
        img.addEventListener('error', () => img.remove());
        root.append(img);
      } else {
        const card = document.createElement('div');
        card.className = 'card';
        const strong = document.createElement('strong');
        strong.textContent = 'Keyfall';
        card.append(strong, document.createTextNode('A key-management demo, in the page'));
        root.append(card);
      }
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-label', `Play the demo: ${what}`);
      button.innerHTML = '<span class="disc" aria-hidden="true"><svg viewBox="0 0 24 24"><path d="M5 3l16 9-16 9z"/></svg></span>';
      const caption = document.createElement('span');
      caption.className = 'caption';
      caption.setAttribute('aria-hidden', 'true');
      caption.textContent = what;
      button.append(caption);
      button.addEventListener('click', () => this.play(t.url, what));
      root.append(button);
    }

    /** Replaces the picture with the app, and gives the app the keyboard. */
    play(url, what) {
      const root = this.shadowRoot;
      const frame = document.createElement('iframe');
      frame.src = url;
      frame.title = `Keyfall: ${what}`;
      frame.allow = 'fullscreen';
      frame.setAttribute('allowfullscreen', '');
      for (const node of [...root.children]) if (node.tagName !== 'STYLE') node.remove();
      root.append(frame);
      frame.focus();
      this.dispatchEvent(new CustomEvent('keyfall-play', { bubbles: true, detail: { url } }));
    }
  }

  customElements.define('keyfall-embed', KeyfallEmbed);
})();
