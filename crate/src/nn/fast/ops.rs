//! The lecture's exercises 4 and 5: index rows of `W` instead of multiplying by one-hot vectors,
//! add the gradient back into those rows, and compute the loss with a fused cross-entropy.
//!
//! A one-hot row times `W` is a row of `W`, so `one_hot(xs) . W` is `W[xs]` (exercise 4), and
//! the product's backward `one_hot(xs)^T . dlogits` adds row `i` of `dlogits` into row `xs[i]`
//! of `dW` (a scatter-add, PyTorch's `index_add_`). `F.cross_entropy(logits, ys)` (exercise 5)
//! fuses the softmax and the NLL: `log_softmax` is computed shifted by the row's maximum, so
//! logits in the hundreds, where `exp` overflows f32, give the right finite loss.

use ndarray::{Array2, ArrayBase, ArrayView2, Axis, Data, Ix2};

use super::kernels::{add_rows, cross_entropy_rows, largest};
use crate::error::{Result, check_param, check_shape};

/// `W[xs]`: row `i` of the result is row `xs[i]` of `W` (the lecture's exercise 4, replacing
/// `F.one_hot(xs, num_classes=27).float() @ W`). An index outside `W` is an
/// [`Error::UnknownIndex`](crate::Error::UnknownIndex).
///
/// ```
/// use makemore::nn::{one_hot, select_rows};
/// use ndarray::array;
///
/// let w = array![[0.1f32, 0.2], [0.3, 0.4], [0.5, 0.6]];
/// let logits = select_rows(&w, &[2, 0, 2])?;
/// assert_eq!(logits, array![[0.5, 0.6], [0.1, 0.2], [0.5, 0.6]]);
/// assert_eq!(logits, one_hot(&[2, 0, 2], 3)?.dot(&w)); // the same numbers, no product
/// assert!(select_rows(&w, &[3]).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn select_rows<S: Data<Elem = f32>>(
    w: &ArrayBase<S, Ix2>,
    xs: &[usize],
) -> Result<Array2<f32>> {
    select_rows_of(w.view(), xs)
}

fn select_rows_of(w: ArrayView2<f32>, xs: &[usize]) -> Result<Array2<f32>> {
    check_indices(xs, w.nrows())?;
    let Some(rows) = w.as_slice() else {
        return Ok(w.select(Axis(0), xs));
    };
    // Row-major W: each row is one slice to copy (ndarray's select goes element by element).
    let cols = w.ncols();
    let mut out = Vec::with_capacity(xs.len() * cols);
    for &x in xs {
        out.extend_from_slice(&rows[x * cols..(x + 1) * cols]);
    }
    Ok(Array2::from_shape_vec((xs.len(), cols), out).expect("one row of W per index"))
}

/// The gradient of [`select_rows`]: a `rows x C` matrix whose row `r` is the sum of the rows
/// `i` of `dlogits` with `xs[i] == r` (PyTorch's `dW.index_add_(0, xs, dlogits)`), equal to
/// `one_hot(xs, rows)^T . dlogits`. `dlogits` needs one row per index.
///
/// ```
/// use makemore::nn::scatter_add;
/// use ndarray::array;
///
/// let dlogits = array![[1.0f32, 2.0], [10.0, 20.0], [100.0, 200.0]];
/// let dw = scatter_add(&[2, 0, 2], &dlogits, 3)?;
/// assert_eq!(dw, array![[10.0, 20.0], [0.0, 0.0], [101.0, 202.0]]);
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn scatter_add<S: Data<Elem = f32>>(
    xs: &[usize],
    dlogits: &ArrayBase<S, Ix2>,
    rows: usize,
) -> Result<Array2<f32>> {
    scatter_add_of(xs, dlogits.view(), rows)
}

fn scatter_add_of(xs: &[usize], dlogits: ArrayView2<f32>, rows: usize) -> Result<Array2<f32>> {
    let mut dw = Array2::zeros((rows, dlogits.ncols()));
    check_indices(xs, dw.nrows())?;
    check_shape("dlogits", (xs.len(), dw.ncols()), dlogits.dim())?;
    let cols = dw.ncols();
    if let (Some(from), Some(into)) = (dlogits.as_slice(), dw.as_slice_mut()) {
        // Both row-major: a vectorised loop over slices, the same additions in the same order.
        if cols > 0 {
            add_rows(into, cols, xs, from);
        }
        return Ok(dw);
    }
    for (&x, row) in xs.iter().zip(dlogits.rows()) {
        let mut target = dw.row_mut(x);
        target += &row;
    }
    Ok(dw)
}

/// The fused cross-entropy (the lecture's exercise 5, `F.cross_entropy(logits, ys)`): the
/// average NLL of the labels under the softmax of each row of logits (each term in f32, summed in
/// f64), and its gradient with respect to the logits, `dlogits = (softmax(logits) - one_hot(ys))
/// / n`, in one pass: `(loss, dlogits)`, as [`Objective::loss_and_grad`](crate::nn::Objective::loss_and_grad)
/// gives `(loss, dW)`. Each row is shifted by its maximum first, so no `exp` overflows: logits of 100..200 give
/// the right loss where `exp(logits) / sum` is `inf / inf = NaN`. With `m` the row's maximum and
/// `e = exp(logits - m)`, row `i`'s term is `-log_softmax[y] = ln(sum(e)) - (logits[y] - m)` and
/// its `dlogits` is `(e / sum(e) - one_hot(y)) / n`. One label per row, each a column, and at
/// least one.
///
/// ```
/// use makemore::nn::{cross_entropy, loss, softmax, softmax_naive};
/// use ndarray::{array, Array2};
///
/// let logits = array![[0.0f32, 2f32.ln()], [150.0, 150.0]];
/// let (loss_, dlogits) = cross_entropy(&logits, &[1, 0])?;
/// let expected = -((2.0f64 / 3.0).ln() + 0.5f64.ln()) / 2.0;
/// assert!((loss_ as f64 - expected).abs() < 1e-7);
/// assert!((dlogits[[0, 1]] - (2.0 / 3.0 - 1.0) / 2.0).abs() < 1e-7);
/// // The literal way overflows: exp(150) is inf in f32.
/// let w = Array2::<f32>::zeros((1, 1));
/// assert!(loss(&softmax_naive(&logits), &[1, 0], &w, 0.0)?.is_nan());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn cross_entropy<S: Data<Elem = f32>>(
    logits: &ArrayBase<S, Ix2>,
    ys: &[usize],
) -> Result<(f32, Array2<f32>)> {
    cross_entropy_of(logits.view(), ys)
}

fn cross_entropy_of(logits: ArrayView2<f32>, ys: &[usize]) -> Result<(f32, Array2<f32>)> {
    check_param(!ys.is_empty(), "labels", "none", "at least one is needed")?;
    check_shape("logits", (ys.len(), logits.ncols()), logits.dim())?;
    check_indices(ys, logits.ncols())?;
    let cols = logits.ncols();
    let logits = logits.as_standard_layout();
    let from = logits
        .as_slice()
        .expect("a standard-layout array is one slice");
    // The formula above, computed by the vectorised kernel the fast paths use: an f32 `exp` and
    // `ln` within 2 ulp of the library's, each row's term in f32 as torch computes it, the terms
    // summed in f64.
    let mut dlogits = Array2::zeros(logits.dim());
    let out = dlogits.as_slice_mut().expect("a new array is one slice");
    let nll = cross_entropy_rows(from, out, cols, ys, 1.0 / ys.len() as f32);
    Ok(((nll / ys.len() as f64) as f32, dlogits))
}

/// Every index must be below `size`.
fn check_indices(xs: &[usize], size: usize) -> Result<()> {
    // The largest index first (a loop that compiles to vector instructions), then, if it is too
    // large, the first index that is.
    if largest(xs).is_none_or(|max| max < size) {
        return Ok(());
    }
    crate::error::check_indices(xs, size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::counting::sample::Generator;
    use crate::nn::net::randn;
    use crate::nn::{backward, forward, loss, one_hot, softmax, softmax_naive};

    #[test]
    fn indexing_is_the_one_hot_product_exactly_and_scatter_add_its_transpose() {
        let w = randn(Generator::ChaCha, 3, (27, 27));
        let xs: Vec<usize> = (0..500).map(|i| (i * 7 + i / 3) % 27).collect();
        let xenc = one_hot(&xs, 27).unwrap();
        assert_eq!(select_rows(&w, &xs).unwrap(), xenc.dot(&w));
        let dlogits = randn(Generator::ChaCha, 4, (500, 500)).slice_move(ndarray::s![.., ..27]);
        let by_product = xenc.t().dot(&dlogits);
        let scattered = scatter_add(&xs, &dlogits, 27).unwrap();
        assert!((&scattered - &by_product).iter().all(|d| d.abs() < 1e-4));
        assert!(matches!(
            scatter_add(&xs[..3], &dlogits, 27),
            Err(Error::Shape { .. })
        ));
    }

    #[test]
    fn any_layout_gives_the_same_rows_and_sums() {
        // Row-major arrays take the slice path; a transposed view the general one.
        let w = randn(Generator::ChaCha, 6, (27, 27));
        let xs: Vec<usize> = (0..100).map(|i| (i * 13) % 27).collect();
        let wt = w.t().to_owned();
        assert_eq!(
            select_rows(&wt.t(), &xs).unwrap(),
            select_rows(&w, &xs).unwrap()
        );
        let ys: Vec<usize> = (0..100).map(|i| (i * 5) % 27).collect();
        let logits = select_rows(&w, &xs).unwrap();
        let lt = logits.t().to_owned();
        assert_eq!(
            cross_entropy(&lt.t(), &ys).unwrap(),
            cross_entropy(&logits, &ys).unwrap()
        );
        let dlogits = select_rows(&w, &xs).unwrap();
        let dt = dlogits.t().to_owned();
        assert_eq!(
            scatter_add(&xs, &dt.t(), 27).unwrap(),
            scatter_add(&xs, &dlogits, 27).unwrap()
        );
    }

    #[test]
    fn cross_entropy_is_the_loss_of_the_softmax_and_its_gradient() {
        let w = randn(Generator::ChaCha, 5, (27, 27));
        let xs: Vec<usize> = (0..300).map(|i| (i * 5) % 27).collect();
        let ys: Vec<usize> = (0..300).map(|i| (i * 11 + 3) % 27).collect();
        let logits = select_rows(&w, &xs).unwrap();
        let (ce_loss, dlogits) = cross_entropy(&logits, &ys).unwrap();
        let literal = loss(&softmax(&logits), &ys, &w, 0.0).unwrap();
        assert!((ce_loss - literal).abs() < 1e-6, "{ce_loss} vs {literal}");
        let xenc = one_hot(&xs, 27).unwrap();
        let dw = backward(&xenc, &forward(&xenc, &w).unwrap().2, &ys, &w, 0.0).unwrap();
        let fused = scatter_add(&xs, &dlogits, 27).unwrap();
        assert!((&fused - &dw).iter().all(|d| d.abs() < 1e-6));
    }

    #[test]
    fn cross_entropy_agrees_with_f64_at_every_row_length() {
        // Rows of 1 to 100 logits (the lecture's 27, one and more vectors, row-length
        // remainders), 300 rows (blocks of 128 and a partial one), against the formula in f64.
        for cols in [1, 5, 27, 32, 100] {
            let n = 300;
            let mut logits = Array2::from_shape_fn((n, cols), |(i, j)| {
                let x = ((i * 31 + j * 17) % 97) as f32 / 97.0 * 16.0 - 8.0;
                if i % 50 == 7 { x + 120.0 } else { x } // some rows in the hundreds
            });
            let ys: Vec<usize> = (0..n).map(|i| (i * 7 + 3) % cols).collect();
            if cols > 1 {
                logits[[3, (ys[3] + 1) % cols]] = f32::NEG_INFINITY; // a probability of 0
            }
            let (ce_loss, dlogits) = cross_entropy(&logits, &ys).unwrap();
            let (mut nll, mut worst) = (0.0f64, 0.0f64);
            for ((row, &y), d) in logits.rows().into_iter().zip(&ys).zip(dlogits.rows()) {
                let max = row.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x as f64));
                let sum: f64 = row.iter().map(|&x| (x as f64 - max).exp()).sum();
                nll += sum.ln() - (row[y] as f64 - max);
                for (j, (&x, &g)) in row.iter().zip(&d).enumerate() {
                    let p = (x as f64 - max).exp() / sum;
                    let expected = (p - if j == y { 1.0 } else { 0.0 }) / n as f64;
                    worst = worst.max((g as f64 - expected).abs() * n as f64);
                }
            }
            let expected = nll / n as f64;
            let err = (ce_loss as f64 - expected).abs();
            assert!(
                err < 1e-6 * expected.max(1.0),
                "{cols}: {ce_loss} vs {expected}"
            );
            // Each dlogit within 1e-6 / n: the probabilities to 1e-6.
            assert!(worst < 1e-6, "{cols} columns: dlogits off by {worst} / n");
        }
    }

    #[test]
    fn logits_in_the_hundreds_overflow_the_literal_loss_but_not_the_fused_one() {
        // One row of logits 100, 101, ..., 200 in f32, labelled with each column in turn.
        let row: Vec<f32> = (100..=200).map(|x| x as f32).collect();
        let logits = Array2::from_shape_fn((101, 101), |(_, j)| row[j]);
        let ys: Vec<usize> = (0..101).collect();
        let w = Array2::<f32>::zeros((1, 1));
        let literal = loss(&softmax_naive(&logits), &ys, &w, 0.0).unwrap();
        assert!(literal.is_nan());
        // ln sum_j exp(100 + j) = 200 + ln sum_j exp(-j); the loss of label y is that - (100 + y).
        let log_sum = 200.0 + (0..=100).map(|j| (-(j as f64)).exp()).sum::<f64>().ln();
        let expected = (0..=100).map(|y| log_sum - (100 + y) as f64).sum::<f64>() / 101.0;
        let (ce_loss, dlogits) = cross_entropy(&logits, &ys).unwrap();
        assert!(ce_loss.is_finite() && dlogits.iter().all(|g| g.is_finite()));
        assert!(
            (ce_loss as f64 - expected).abs() < 1e-4,
            "{ce_loss} vs {expected}"
        );
        let sums = dlogits.sum_axis(Axis(1));
        assert!(sums.iter().all(|s| s.abs() < 1e-6)); // softmax sums to 1, one-hot to 1
    }

    #[test]
    fn bad_arguments_are_errors() {
        let logits = Array2::<f32>::zeros((2, 3));
        assert!(matches!(
            cross_entropy(&logits, &[0, 3]),
            Err(Error::UnknownIndex { index: 3, size: 3 })
        ));
        assert!(cross_entropy(&logits, &[0]).is_err());
        assert!(cross_entropy(&logits, &[]).is_err());
    }
}
