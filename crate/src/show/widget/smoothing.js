// Smoothing (crate/src/widget/smoothing.js): k from 0 to 10 on a log scale; P = (N + k) / rowsum
// of the training counts, in f64, recolours the heatmap; the average NLL on train and dev.
function (root, data, mm) {
  const chars = data.chars;
  const v = chars.length;
  const train = mm.decode(data.train, Uint32Array);
  const dev = mm.decode(data.dev, Uint32Array);
  const heat = mm.heatmap(root.querySelector('.mm-heatmap'), chars, data.palette);
  // Position 0 is k = 0; positions 1 to 401 are k = 10^-3 to 10^1, 100 to a decade.
  const kAt = (pos) => (pos === 0 ? 0 : Math.pow(10, (pos - 1) / 100 - 3));
  const posOf = (k) => (k === 0 ? 0 : Math.round((Math.log10(k) + 3) * 100) + 1);
  const controls = mm.controls();
  const marks = mm.el('datalist', { id: `mm-k-marks-${Math.random().toString(36).slice(2)}` }, controls);
  for (const k of [0, 0.001, 0.01, 0.1, 1, 10]) mm.el('option', { value: posOf(k), label: String(k) }, marks);
  mm.el('span', {}, controls, 'k');
  const slider = mm.el('input', { type: 'range', min: 0, max: 401, step: 1, value: posOf(data.k), list: marks.id }, controls);
  mm.el('span', {}, controls, '0 · 0.001 · 0.01 · 0.1 · 1 · 10 (log scale)');

  function nll(counts, p) {
    let logLikelihood = 0;
    let n = 0;
    counts.forEach((c, i) => {
      if (c > 0) {
        logLikelihood += c * Math.log(p[i]);
        n += c;
      }
    });
    return -logLikelihood / n;
  }
  function update() {
    const k = kAt(+slider.value);
    const p = new Float64Array(v * v);
    for (let r = 0; r < v; r++) {
      let sum = 0;
      for (let c = 0; c < v; c++) sum += train[r * v + c] + k;
      for (let c = 0; c < v; c++) p[r * v + c] = sum > 0 ? (train[r * v + c] + k) / sum : 1 / v;
    }
    mm.set('k', k === 0 ? '0' : String(Number(k.toPrecision(3))));
    mm.set('nll-train', mm.fixed(nll(train, p), 4));
    mm.set('nll-dev', mm.fixed(nll(dev, p), 4));
    heat.recolour(p);
  }
  slider.addEventListener('input', update);
}
