// More context (crate/src/widget/context.js): type a context, see the model's distribution of the
// next character (the last K characters typed, after K start tokens), and draw from it with the
// page's own seeded generator (mulberry32, seed 2147483647: not the crate's).
function (root, data, mm) {
  const chars = data.chars;
  const v = chars.length;
  const k = data.k;
  const rows = mm.decode(data.rows, Float32Array);
  const index = mm.decode(data.index, Uint32Array);
  const bars = mm.bars(root.querySelector('.mm-bars'), chars);
  const controls = mm.controls();
  mm.el('span', {}, controls, 'the name so far');
  const input = mm.el('input', { type: 'text', placeholder: 'e.g. em', spellcheck: 'false' }, controls);
  mm.button(controls, 'draw the next character', draw);
  mm.button(controls, 'clear', () => { input.value = ''; update(); });
  const problem = mm.el('span', { class: 'mm-problem' }, controls);
  const after = mm.el('p');
  root.querySelector('.mm-bars').after(after);
  mm.live(after, 'drawn', 'drawn:');
  mm.el('span', {}, after, ' · ');
  mm.live(after, 'name', 'the last name drawn:');
  let state = 2147483647;
  let row = null;

  function random() { // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  function update() {
    const typed = Array.from(input.value);
    const unknown = typed.find((ch) => !chars.includes(ch));
    problem.textContent = unknown === undefined ? '' : `'${unknown}' is not in the vocabulary`;
    if (unknown !== undefined) return;
    const context = [...Array(k).fill(chars[0]), ...typed].slice(-k);
    const c = context.reduce((at, ch) => at * v + chars.indexOf(ch), 0);
    row = rows.subarray(index[c] * v, (index[c] + 1) * v);
    mm.set('context', context.join(''));
    bars.show(context.join(''), row);
  }
  function draw() {
    if (!row || problem.textContent) return;
    let u = random() * row.reduce((a, b) => a + b, 0);
    let next = 0;
    while (next < v - 1 && u >= row[next]) { u -= row[next]; next += 1; }
    mm.set('drawn', `'${chars[next]}' after '${root.querySelector('[data-value="context"]').textContent}', p = ${row[next].toFixed(4)}`);
    if (next === 0) {
      mm.set('name', input.value + chars[0]);
      input.value = '';
    } else {
      input.value += chars[next];
    }
    update();
  }
  input.addEventListener('input', update);
  update();
}
