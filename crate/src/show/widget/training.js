// Training replay (crate/src/widget/training.js): a step slider over the loss curve; the loss at
// that step, and softmax(W) as of the last snapshot the crate took at or before it.
function (root, data, mm) {
  const chars = data.chars;
  const v = chars.length;
  const losses = data.losses;
  const steps = losses.length - 1;
  const snapshots = mm.decode(data.snapshots, Float32Array);
  const heat = mm.heatmap(root.querySelector('.mm-heatmap'), chars, data.palette);
  const curve = root.querySelector('.mm-curve svg');
  const pointsOf = (line) => line.getAttribute('points').trim().split(/\s+/).map((p) => p.split(',').map(Number));
  // The loss series: the curve's only one, series 0.
  const points = pointsOf(mm.one(curve, 'polyline[data-series="0"]'));
  if (points.length !== losses.length) throw new Error(`the curve has ${points.length} points, not ${losses.length}`);
  const dot = mm.svg('circle', { r: 5, class: 'mm-dot', fill: '#d62728' }, curve);
  const controls = mm.controls();
  mm.el('span', {}, controls, 'step');
  const slider = mm.el('input', { type: 'range', min: 0, max: steps, step: 1, value: steps }, controls);
  let shown = data.taken.length - 1;

  function update() {
    const s = +slider.value;
    mm.set('step', s);
    mm.set('loss', losses[s].toFixed(4));
    dot.setAttribute('cx', points[s][0]);
    dot.setAttribute('cy', points[s][1]);
    let j = 0;
    while (j + 1 < data.taken.length && data.taken[j + 1] <= s) j += 1;
    if (j !== shown) {
      heat.recolour(snapshots.subarray(j * v * v, (j + 1) * v * v));
      root.querySelector('.mm-as-of').textContent = data.taken[j];
      shown = j;
    }
  }
  slider.addEventListener('input', update);
  update();
}
