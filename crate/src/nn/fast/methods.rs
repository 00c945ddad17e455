//! How each [`Method`](super::super::Method) computes the data's part of the loss, the average
//! NLL, and adds its gradient into `dW`: the lecture's formulas (`nn/loss.rs`) arranged for
//! speed, on what [`Objective`](super::super::Objective) prepared. The regulariser is the
//! objective's, not theirs. `W` must be row-major (standard layout) and every row index in range
//! (both the objective's to ensure).

use ndarray::linalg::general_mat_mul;
use ndarray::{Array2, ArrayView2, Axis, s};

use super::kernels::{add_rows, counts_rows, indexed_rows, onehot_rows};

/// [`Method::OneHot`](super::super::Method::OneHot): the average NLL, and its gradient added into
/// `dw`, by the lecture's products, `xenc . W` and `xenc^T . dlogits`, a block of pairs at a time,
/// so that the block's logits stay in cache between the forward product, the softmax and the
/// backward product (and 228146 x 27 logits are never all in memory at once).
pub(in crate::nn) fn onehot(
    xenc: &Array2<f32>,
    ys: &[usize],
    w: ArrayView2<'_, f32>,
    mut dw: Option<&mut Array2<f32>>,
) -> f64 {
    const PAIRS_PER_BLOCK: usize = 512;
    let size = w.ncols();
    let inv_n = 1.0 / ys.len() as f32;
    let mut logits = Array2::<f32>::zeros((PAIRS_PER_BLOCK, size));
    let mut nll = 0.0f64;
    for (xblock, yblock) in xenc
        .axis_chunks_iter(Axis(0), PAIRS_PER_BLOCK)
        .zip(ys.chunks(PAIRS_PER_BLOCK))
    {
        let mut block = logits.slice_mut(s![..yblock.len(), ..]);
        general_mat_mul(1.0, &xblock, &w, 0.0, &mut block);
        let rows = block
            .as_slice_mut()
            .expect("the first rows of a standard-layout array are one slice");
        nll += onehot_rows(rows, size, yblock, inv_n, dw.is_some());
        if let Some(dw) = dw.as_deref_mut() {
            general_mat_mul(1.0, &xblock.t(), &block, 1.0, dw);
        }
    }
    nll / ys.len() as f64
}

/// [`Method::Counts`](super::super::Method::Counts): the average NLL from each context seen with
/// its counts (`rows[b][i]` is the row of `W` context `i` picks in block `b`; `counts` its counts
/// side by side, `sums` their sums; `n` examples), and its gradient added into `dw`: the logits
/// of the contexts (the sum of the rows each picks), the kernel's NLL terms and, in place, their
/// gradient, added back into every row that was picked.
pub(in crate::nn) fn counts(
    w: ArrayView2<'_, f32>,
    rows: &[Vec<usize>],
    counts: &[f32],
    sums: &[f32],
    n: f64,
    dw: Option<&mut Array2<f32>>,
) -> f64 {
    let mut logits = pick_rows(w, rows, 0..rows[0].len());
    let v = w.ncols();
    let nll = counts_rows(&mut logits, v, counts, sums, (1.0 / n) as f32, dw.is_some());
    if let Some(dw) = dw {
        let into = dw.as_slice_mut().expect("a new array is one slice");
        for block in rows {
            add_rows(into, v, block, &logits);
        }
    }
    nll / n
}

/// [`Method::Index`](super::super::Method::Index): the average NLL per example (`rows[b][i]` is
/// the row of `W` example `i` picks in block `b`, `ys[i]` its next character), and its gradient
/// added into `dw`. One row per example (the table net) takes the fused kernel of the lecture's
/// exercises 4 and 5: `W[xs]`, the cross-entropy and the scatter-add in one vectorised pass over
/// blocks of examples, no one-hot matrix and no matrix of `W[xs]`. More (the concatenated net):
/// a block of examples at a time, the summed rows, the one-hot path's kernel, and `dlogits`
/// added back into every row each example picked.
pub(in crate::nn) fn indexed(
    w: ArrayView2<'_, f32>,
    rows: &[Vec<usize>],
    ys: &[usize],
    dw: Option<&mut Array2<f32>>,
) -> f64 {
    let v = w.ncols();
    let scale = 1.0 / ys.len() as f64;
    let mut dw = dw.map(|g| g.as_slice_mut().expect("a new array is one slice"));
    if let [xs] = rows {
        let flat = w.as_slice().expect("a standard layout is one slice");
        return indexed_rows(flat, v, xs, ys, scale as f32, dw) / ys.len() as f64;
    }
    const BLOCK: usize = 4096;
    let mut block_grad = vec![0.0f32; dw.as_ref().map_or(0, |g| g.len())];
    let mut nll = 0.0f64;
    for (start, ys) in (0..).step_by(BLOCK).zip(ys.chunks(BLOCK)) {
        let range = start..start + ys.len();
        let mut d = pick_rows(w, rows, range.clone());
        nll += onehot_rows(&mut d, v, ys, scale as f32, dw.is_some());
        if let Some(dw) = dw.as_deref_mut() {
            // A block's sum first, then into dW: less f32 rounding than one by one.
            block_grad.fill(0.0);
            for block in rows {
                add_rows(&mut block_grad, v, &block[range.clone()], &d);
            }
            for (g, b) in dw.iter_mut().zip(&block_grad) {
                *g += b;
            }
        }
    }
    nll * scale
}

/// The logits of the examples (or contexts) `range`, row-major: for each, the sum of the rows of
/// `W` it picks (`rows[b][i]` in block `b`), in block order.
fn pick_rows(
    w: ArrayView2<'_, f32>,
    rows: &[Vec<usize>],
    range: std::ops::Range<usize>,
) -> Vec<f32> {
    let flat = w.as_slice().expect("a standard layout is one slice");
    let v = w.ncols();
    let mut logits = Vec::with_capacity(range.len() * v);
    for &r in &rows[0][range.clone()] {
        logits.extend_from_slice(&flat[r * v..(r + 1) * v]);
    }
    for block in &rows[1..] {
        for (out, &r) in logits.chunks_exact_mut(v).zip(&block[range.clone()]) {
            for (o, &x) in out.iter_mut().zip(&flat[r * v..(r + 1) * v]) {
                *o += x;
            }
        }
    }
    logits
}
