// What every widget's script shares (crate/src/widget/runtime.js): finding the widget's root
// from its <script>, decoding its numbers, the controls, recolouring a heatmap and redrawing a
// bar chart that the crate drew. `makemoreWidget(script, widget)` runs `widget(root, data, mm)`
// once per root; on success the root gets `data-ready` and loses its "trust" line, on failure
// it shows the error (and stays without `data-ready`).
function makemoreWidget(script, widget) {
  const root = script && script.closest('[data-widget]');
  if (!root || root.hasAttribute('data-ready')) return;
  const SVG = 'http://www.w3.org/2000/svg';
  const mm = {
    // Little-endian numbers in base64, as the crate wrote them (Float32Array, Uint32Array).
    decode(text, Type) {
      const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
      return new Type(bytes.buffer);
    },
    // The text of a live number.
    set(what, text) {
      root.querySelector(`[data-value="${what}"]`).textContent = String(text);
    },
    fixed(x, digits) {
      return Number.isFinite(x) ? x.toFixed(digits) : x > 0 ? '∞' : String(x);
    },
    el(tag, attrs, parent, text) {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
      if (text !== undefined) e.textContent = text;
      if (parent) parent.append(e);
      return e;
    },
    svg(tag, attrs, parent) {
      const e = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
      if (parent) parent.append(e);
      return e;
    },
    // A row of controls at the top of the widget.
    controls() {
      const row = mm.el('div', { class: 'mm-controls' });
      root.querySelector('.mm-untrusted').after(row);
      return row;
    },
    button(row, label, onClick) {
      const b = mm.el('button', { type: 'button' }, row, label);
      b.addEventListener('click', onClick);
      return b;
    },
    // A live number the static picture does not have: `label <b data-value=what>`.
    live(row, what, label) {
      const span = mm.el('span', { class: 'mm-live' }, row, label + ' ');
      return mm.el('b', { 'data-value': what }, span, '');
    },
    // The one element of `scope` that `selector` picks (what the crate marked), or an error.
    one(scope, selector) {
      const found = scope.querySelectorAll(selector);
      if (found.length !== 1) throw new Error(`${found.length} elements are ${selector}, not 1`);
      return found[0];
    },
    // The crate's heatmap in `box`: its cells (each a <g data-cell="row,col"> with a <title> and
    // a <rect>), recoloured the way the crate colours them.
    heatmap(box, chars, palette) {
      const svg = box.querySelector('svg');
      const n = chars.length;
      const marked = svg.querySelectorAll('g[data-cell]').length;
      if (marked !== n * n) throw new Error(`the heatmap has ${marked} cells, not ${n * n}`);
      const cells = [];
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < n; c++) {
          const g = mm.one(svg, `g[data-cell="${r},${c}"]`);
          cells.push({ title: mm.one(g, 'title'), rect: mm.one(g, 'rect') });
        }
      }
      const at = (i) => cells[i].rect;
      const size = +at(0).getAttribute('width');
      const outline = mm.svg('rect', { class: 'mm-outline', fill: 'none', visibility: 'hidden' }, svg);
      const mark = mm.svg('rect', { class: 'mm-mark', fill: 'none', visibility: 'hidden' }, svg);
      const place = (e, rect, width) => {
        e.setAttribute('x', rect.getAttribute('x'));
        e.setAttribute('y', rect.getAttribute('y'));
        e.setAttribute('width', width);
        e.setAttribute('height', size);
        e.setAttribute('visibility', 'visible');
      };
      return {
        // The colour scale runs from min(0, smallest) to max(0, largest), as the crate's.
        recolour(values) {
          let lo = 0, hi = 0;
          for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
          values.forEach((v, i) => {
            const t = hi > lo ? (v - lo) / (hi - lo) : 0;
            at(i).setAttribute('fill', palette[Math.min(Math.floor(t * 256), 255)]);
            const [r, c] = [Math.floor(i / n), i % n];
            cells[i].title.textContent = `${chars[r]}${chars[c]}: ${v.toFixed(4)}`;
          });
        },
        outlineRow(r) { place(outline, at(r * n), size * n); },
        markCell(r, c) { place(mark, at(r * n + c), size); },
        clear() {
          outline.setAttribute('visibility', 'hidden');
          mark.setAttribute('visibility', 'hidden');
        },
      };
    },
    // The crate's bar chart of one row in `box` (each bar a <g data-bar="i"> with a <title> and
    // a <rect>; its title `data-part="title"`, its three ticks, 0, max / 2 and max,
    // `data-tick="0"` to "2"), redrawn for another row on the same scale rule: the tallest bar is
    // the plot's height.
    bars(box, chars) {
      const svg = box.querySelector('svg');
      const marked = svg.querySelectorAll('g[data-bar]').length;
      if (marked !== chars.length) throw new Error(`the bar chart has ${marked} bars, not ${chars.length}`);
      const groups = chars.map((_, i) => mm.one(svg, `g[data-bar="${i}"]`));
      const rects = groups.map((g) => mm.one(g, 'rect'));
      const titles = groups.map((g) => mm.one(g, 'title'));
      const title = mm.one(svg, '[data-part="title"]');
      const ticks = [0, 1, 2].map((i) => mm.one(svg, `[data-tick="${i}"]`));
      const bottom = Math.max(...rects.map((r) => +r.getAttribute('y') + +r.getAttribute('height')));
      const height = bottom - Math.min(...rects.map((r) => +r.getAttribute('y')));
      titles.forEach((t, i) => t.setAttribute('data-value', `p-${chars[i]}`));
      return {
        show(given, row) {
          const max = Math.max(...row);
          title.textContent = `P(next character | '${given}')`;
          [0, max / 2, max].forEach((tick, i) => { ticks[i].textContent = tick.toFixed(3); });
          row.forEach((p, i) => {
            const h = max > 0 ? Math.round((p / max) * height) : 0;
            rects[i].setAttribute('y', bottom - h);
            rects[i].setAttribute('height', h);
            titles[i].textContent = `${given}${chars[i]}: ${p.toFixed(4)}`;
          });
        },
        highlight(i) {
          rects.forEach((r, j) => r.classList.toggle('mm-drawn', j === i));
        },
      };
    },
  };
  try {
    const data = JSON.parse(root.querySelector('script.mm-data').textContent);
    widget(root, data, mm);
    root.querySelector('.mm-untrusted').remove();
    // Keys pressed in the widget are its own: JupyterLab's command-mode shortcuts (arrows move
    // between cells, letters change a cell's type) must not take them from a slider or a box.
    root.addEventListener('keydown', (event) => event.stopPropagation());
    root.setAttribute('data-ready', '');
  } catch (err) {
    mm.el('p', { class: 'mm-error' }, root, `This widget failed to start: ${err.message || err}`);
  }
}
