//! The forward pass: one-hot inputs, `logits = xenc . W`, and the softmax that turns each row of
//! logits into the distribution of the next character.

use ndarray::{Array2, ArrayBase, ArrayView1, ArrayView2, ArrayViewMut1, Axis, Data, Ix2};

use crate::error::{Result, check_indices, check_shape};

/// One-hot encoding (the lecture's `F.one_hot(xs, num_classes=27).float()`): row `i` is all zeros
/// except a 1 at column `xs[i]`. An index `>= num_classes` is an [`Error::UnknownIndex`](crate::Error::UnknownIndex).
///
/// ```
/// use makemore::nn::one_hot;
/// use ndarray::array;
///
/// assert_eq!(one_hot(&[0, 2], 3)?, array![[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]);
/// assert!(one_hot(&[3], 3).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn one_hot(xs: &[usize], num_classes: usize) -> Result<Array2<f32>> {
    check_indices(xs, num_classes)?;
    let mut xenc = Array2::zeros((xs.len(), num_classes));
    for (i, &x) in xs.iter().enumerate() {
        xenc[[i, x]] = 1.0;
    }
    Ok(xenc)
}

/// The forward pass, step by step and literally as in the lecture: `logits = xenc . W` (the
/// log-counts, one row per input), `counts = exp(logits)` (the "fake counts", playing the part of
/// `N`) and `probs = counts / counts.sum(1, keepdims=True)` (each row the distribution of the
/// next character), returned in that order: `(logits, counts, probs)`.
///
/// `exp` overflows f32 for logits above about 88, and the rows then hold NaN; [`softmax`]
/// computes the same `probs` without that problem (training uses it). `xenc` is `n x V` and `W`
/// is `V x C`; other shapes are an [`Error::Shape`](crate::Error::Shape).
///
/// ```
/// use makemore::nn::{forward, one_hot, softmax};
/// use ndarray::Array2;
///
/// let w = Array2::from_shape_fn((3, 3), |(i, j)| (i * 3 + j) as f32 / 10.0);
/// let (logits, counts, probs) = forward(&one_hot(&[2, 0], 3)?, &w)?;
/// assert_eq!(logits.row(0), w.row(2)); // a one-hot row picks a row of W
/// assert_eq!(counts, logits.mapv(f32::exp));
/// assert!((&probs - &softmax(&logits)).iter().all(|d| d.abs() < 1e-6));
/// assert!(forward(&one_hot(&[0], 2)?, &w).is_err());
///
/// let (_, counts, probs) = forward(&one_hot(&[1], 2)?, &ndarray::array![[0.0f32, 0.0], [0.0, 2f32.ln()]])?;
/// assert_eq!(counts, ndarray::array![[1.0, 2.0]]);
/// assert_eq!(probs, ndarray::array![[1.0 / 3.0, 2.0 / 3.0]]);
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn forward<A, B>(
    xenc: &ArrayBase<A, Ix2>,
    w: &ArrayBase<B, Ix2>,
) -> Result<(Array2<f32>, Array2<f32>, Array2<f32>)>
where
    A: Data<Elem = f32>,
    B: Data<Elem = f32>,
{
    forward_of(xenc.view(), w.view())
}

fn forward_of(
    xenc: ArrayView2<f32>,
    w: ArrayView2<f32>,
) -> Result<(Array2<f32>, Array2<f32>, Array2<f32>)> {
    check_shape("W", (xenc.ncols(), w.ncols()), w.dim())?;
    let logits = xenc.dot(&w);
    let counts = logits.mapv(f32::exp);
    let probs = &counts / &counts.sum_axis(Axis(1)).insert_axis(Axis(1));
    Ok((logits, counts, probs))
}

/// The softmax of each row, in the numerically stable form: subtract the row's maximum before
/// `exp` (which changes nothing, since the factor `exp(-max)` cancels in the division), so the
/// largest `exp` is 1 and nothing overflows.
///
/// ```
/// use makemore::nn::{softmax, softmax_naive};
/// use ndarray::array;
///
/// let logits = array![[1.0f32, 2.0, 3.0]];
/// let p = softmax(&logits);
/// assert!((&p - &softmax_naive(&logits)).iter().all(|d| d.abs() < 1e-7));
/// // Shifting a row changes nothing; the naive form overflows at a shift of 100.
/// let shifted = &logits + 100.0;
/// assert!((&softmax(&shifted) - &p).iter().all(|d| d.abs() < 1e-6));
/// assert!(softmax_naive(&shifted).iter().any(|x| x.is_nan()));
/// ```
pub fn softmax<S: Data<Elem = f32>>(logits: &ArrayBase<S, Ix2>) -> Array2<f32> {
    softmax_of(logits.view())
}

fn softmax_of(logits: ArrayView2<f32>) -> Array2<f32> {
    let mut probs = logits.to_owned();
    for row in probs.rows_mut() {
        softmax_row(row);
    }
    probs
}

/// One row's stable softmax, in place: shift by the row's maximum, `exp`, divide by the sum.
pub(crate) fn softmax_row(mut row: ArrayViewMut1<f32>) {
    let max = row_max(row.view());
    row.mapv_inplace(|x| (x - max).exp());
    let sum = row.sum();
    row /= sum;
}

/// The largest entry of a row (minus infinity for an empty one).
fn row_max(row: ArrayView1<f32>) -> f32 {
    row.fold(f32::NEG_INFINITY, |m, &x| m.max(x))
}

/// The log of each row's softmax, `logits - ln(sum(exp(logits)))`, computed stably (in f64, the
/// row shifted by its maximum first) and rounded to f32: the first half of a fused cross-entropy.
/// Where [`softmax_naive`] overflows to NaN and `ln` of a [`softmax`] that rounded to 0 is minus
/// infinity, this stays finite.
///
/// ```
/// use makemore::nn::{log_softmax, softmax};
/// use ndarray::array;
///
/// let logits = array![[1.0f32, 2.0, 3.0], [0.0, 0.0, 200.0]];
/// let logp = log_softmax(&logits);
/// assert!((logp[[0, 2]] - softmax(&logits)[[0, 2]].ln()).abs() < 1e-6);
/// assert_eq!(logp[[1, 0]], -200.0); // softmax gives exactly 0 here, and ln 0 = -inf
/// ```
pub fn log_softmax<S: Data<Elem = f32>>(logits: &ArrayBase<S, Ix2>) -> Array2<f32> {
    log_softmax_of(logits.view())
}

fn log_softmax_of(logits: ArrayView2<f32>) -> Array2<f32> {
    let mut out = Array2::zeros(logits.dim());
    let mut buf = Vec::with_capacity(logits.ncols());
    for (row, mut out_row) in logits.rows().into_iter().zip(out.rows_mut()) {
        log_softmax_row(row, &mut buf);
        for (o, &l) in out_row.iter_mut().zip(&buf) {
            *o = l as f32;
        }
    }
    out
}

/// One row's log-softmax in f64 into `out` (cleared first): `x - max - ln(sum(exp(x - max)))`.
/// Every path that needs log-probabilities from logits uses it.
pub(crate) fn log_softmax_row(row: ArrayView1<f32>, out: &mut Vec<f64>) {
    let max = row_max(row) as f64;
    let log_sum = row
        .iter()
        .map(|&v| (v as f64 - max).exp())
        .sum::<f64>()
        .ln();
    out.clear();
    out.extend(row.iter().map(|&v| v as f64 - max - log_sum));
}

/// The softmax of each row as the lecture first writes it: `exp(logits) / rowsum(exp(logits))`.
/// Overflows (giving NaN) for logits above about 88; see [`softmax`].
///
/// ```
/// use makemore::nn::softmax_naive;
/// use ndarray::array;
///
/// let p = softmax_naive(&array![[0.0f32, 3f32.ln()]]);
/// assert!((p[[0, 1]] - 0.75).abs() < 1e-7);
/// ```
pub fn softmax_naive<S: Data<Elem = f32>>(logits: &ArrayBase<S, Ix2>) -> Array2<f32> {
    softmax_naive_of(logits.view())
}

fn softmax_naive_of(logits: ArrayView2<f32>) -> Array2<f32> {
    let counts = logits.mapv(f32::exp);
    &counts / &counts.sum_axis(Axis(1)).insert_axis(Axis(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counting::sample::Generator;
    use crate::nn::net::randn;
    use crate::nn::training_set::small;

    #[test]
    fn stable_and_naive_softmax_agree() {
        let logits = randn(Generator::ChaCha, 3, (27, 27)) * 3.0;
        let (stable, naive) = (softmax(&logits), softmax_naive(&logits));
        for (a, b) in stable.iter().zip(&naive) {
            assert!((a - b).abs() <= 1e-6 * b.max(1e-3), "{a} {b}");
        }
        for row in stable.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-6);
        }
        // Large logits: the naive form overflows, the stable one does not.
        // (The shift rounds the logits to multiples of 2^-17, so the results differ in the 5th digit.)
        let big = &logits + 100.0;
        assert!(softmax_naive(&big).iter().any(|x| x.is_nan()));
        assert!((&softmax(&big) - &stable).iter().all(|d| d.abs() < 1e-5));
    }

    #[test]
    fn forward_is_the_lecture_and_agrees_with_the_stable_softmax() {
        let data = small();
        let v = data.vocab().len();
        let w = randn(Generator::ChaCha, 1, (v, v));
        let xenc = one_hot(data.xs(), v).unwrap();
        let (logits, _, probs) = forward(&xenc, &w).unwrap();
        for (i, &x) in data.xs().iter().enumerate() {
            assert_eq!(logits.row(i), w.row(x));
        }
        let p = softmax(&logits);
        assert!((&probs - &p).iter().all(|d| d.abs() < 1e-6));
    }
}
