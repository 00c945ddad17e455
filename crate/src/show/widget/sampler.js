// Sampling, step by step (crate/src/widget/sampler.js): the crate's names for the seed, drawn
// one character at a time; each draw outlines the row of P it came from and shows that row as
// bars, the character drawn marked.
function (root, data, mm) {
  const chars = data.chars;
  const v = chars.length;
  const probs = mm.decode(data.probs, Float32Array);
  const heat = mm.heatmap(root.querySelector('.mm-heatmap'), chars, data.palette);
  const bars = mm.bars(root.querySelector('.mm-bars'), chars);
  const names = data.names.map((name) => Array.from(name));
  const row = (context) => probs.subarray(context * v, (context + 1) * v);
  let current = 0; // the name being drawn
  let pos = 0; // how many of its characters are drawn
  let done = [];

  function draw() {
    if (current >= names.length) {
      mm.set('name', `(all ${names.length} names drawn: reset to start again)`);
      return;
    }
    const name = names[current];
    const context = pos === 0 ? 0 : chars.indexOf(name[pos - 1]);
    const next = chars.indexOf(name[pos]);
    heat.outlineRow(context);
    heat.markCell(context, next);
    bars.show(chars[context], row(context));
    bars.highlight(next);
    pos += 1;
    mm.set('name', name.slice(0, pos).join(''));
    if (pos === name.length) {
      done.push(name.join(''));
      mm.set('names', done.join(' '));
      current += 1;
      pos = 0;
    }
  }
  function nextName() {
    if (current >= names.length) return;
    const start = current;
    while (current === start) draw();
  }
  function reset() {
    [current, pos, done] = [0, 0, []];
    mm.set('name', '');
    mm.set('names', '');
    heat.clear();
    bars.show(chars[0], row(0));
    bars.highlight(-1);
  }
  const controls = mm.controls();
  mm.button(controls, 'next character', draw);
  mm.button(controls, 'next name', nextName);
  mm.button(controls, 'reset', reset);
  reset();
}
