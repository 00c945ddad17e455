//! The loss of the neural bigram and its gradient, derived by hand: Rust has no autograd here,
//! so [`backward`] spells out what PyTorch's `loss.backward()` computes, and the tests check it
//! against finite differences.

use ndarray::{Array2, ArrayBase, ArrayView2, Data, Ix2};

use crate::error::{Result, check_indices, check_param, check_shape};

/// The loss: the average negative log-likelihood of the correct next characters,
/// `-mean(ln probs[i, ys[i]])`, plus `reg * mean(W^2)` (the lecture's
/// `-probs[torch.arange(n), ys].log().mean() + 0.01 * (W**2).mean()`).
///
/// Sums run in f64. `probs` must have one row per label; a label outside the row, no labels, or
/// a `reg` that is negative or not finite is an error.
///
/// ```
/// use makemore::nn::loss;
/// use ndarray::array;
///
/// let probs = array![[0.5f32, 0.5], [0.25, 0.75]];
/// let w = array![[1.0f32, -1.0], [1.0, 1.0]];
/// let l = loss(&probs, &[0, 1], &w, 0.0)?;
/// assert!((l - (-(0.5f32.ln() + 0.75f32.ln()) / 2.0)).abs() < 1e-6);
/// let l_reg = loss(&probs, &[0, 1], &w, 0.01)?;
/// assert!((l_reg - l - 0.01).abs() < 1e-6); // mean(W^2) = 1
/// assert!(loss(&probs, &[0, 2], &w, 0.0).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn loss<A, B>(
    probs: &ArrayBase<A, Ix2>,
    ys: &[usize],
    w: &ArrayBase<B, Ix2>,
    reg: f32,
) -> Result<f32>
where
    A: Data<Elem = f32>,
    B: Data<Elem = f32>,
{
    loss_of(probs.view(), ys, w.view(), reg)
}

fn loss_of(probs: ArrayView2<f32>, ys: &[usize], w: ArrayView2<f32>, reg: f32) -> Result<f32> {
    check_reg(reg)?;
    check_labels(probs.dim(), ys)?;
    let nll: f64 = ys
        .iter()
        .enumerate()
        .map(|(i, &y)| -(probs[[i, y]] as f64).ln())
        .sum();
    Ok((nll / ys.len() as f64 + reg_term(&w, reg)) as f32)
}

/// The gradient of [`loss()`] with respect to `W`, derived by hand.
///
/// Write `n` for the number of pairs, `x_i` for row `i` of `xenc`, `l_i = x_i W` for its logits
/// and `p_i = softmax(l_i)` for its probabilities. The loss is
///
/// `L = -(1/n) sum_i ln p_i[y_i] + reg * (1/|W|) sum_jk W[j,k]^2`.
///
/// 1. With `ln p_i[y] = l_i[y] - ln sum_k exp(l_i[k])`, the derivative of `-ln p_i[y_i]` with
///    respect to `l_i[j]` is `p_i[j] - [j == y_i]`. So
///    `dlogits = (probs - one_hot(ys)) / n`.
/// 2. `l = xenc . W`, so the chain rule through the matrix product gives
///    `dW = xenc^T . dlogits`.
/// 3. The derivative of `reg * mean(W^2)` is `2 * reg * W / |W|` (`|W|` = number of entries).
///
/// Together: `dW = xenc^T . (probs - one_hot(ys)) / n + 2 * reg * W / |W|`. The tests check it
/// against central finite differences in f64.
///
/// ```
/// use makemore::nn::{backward, forward, loss, one_hot};
/// use ndarray::array;
///
/// let (xs, ys) = ([0, 1, 1], [1, 0, 1]);
/// let xenc = one_hot(&xs, 2)?;
/// let w = array![[0.1f32, -0.2], [0.3, 0.0]];
/// let (_, _, probs) = forward(&xenc, &w)?;
/// let dw = backward(&xenc, &probs, &ys, &w, 0.01)?;
/// // Nudge W[0, 1] and compare the change of the loss with the gradient.
/// let h = 1e-2;
/// let l = |w: &ndarray::Array2<f32>| loss(&forward(&xenc, w).unwrap().2, &ys, w, 0.01).unwrap();
/// let (mut up, mut down) = (w.clone(), w.clone());
/// up[[0, 1]] += h;
/// down[[0, 1]] -= h;
/// assert!(((l(&up) - l(&down)) / (2.0 * h) - dw[[0, 1]]).abs() < 1e-3);
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn backward<A, B, C>(
    xenc: &ArrayBase<A, Ix2>,
    probs: &ArrayBase<B, Ix2>,
    ys: &[usize],
    w: &ArrayBase<C, Ix2>,
    reg: f32,
) -> Result<Array2<f32>>
where
    A: Data<Elem = f32>,
    B: Data<Elem = f32>,
    C: Data<Elem = f32>,
{
    backward_of(xenc.view(), probs.view(), ys, w.view(), reg)
}

fn backward_of(
    xenc: ArrayView2<f32>,
    probs: ArrayView2<f32>,
    ys: &[usize],
    w: ArrayView2<f32>,
    reg: f32,
) -> Result<Array2<f32>> {
    check_reg(reg)?;
    check_labels(probs.dim(), ys)?;
    if xenc.nrows() != ys.len() {
        check_shape("xenc", (ys.len(), w.nrows()), xenc.dim())?;
    }
    check_shape("W", (xenc.ncols(), probs.ncols()), w.dim())?;
    let mut dlogits = probs.to_owned();
    for (i, &y) in ys.iter().enumerate() {
        dlogits[[i, y]] -= 1.0;
    }
    dlogits /= ys.len() as f32;
    let mut dw = xenc.t().dot(&dlogits);
    add_reg_grad(&mut dw, &w, reg);
    Ok(dw)
}

/// The regulariser, `reg * mean(W^2)`, in f64 (zero for an empty `W`): the one term of the loss
/// that pulls `W` towards zero. Its gradient is [`reg_grad`]'s. Every objective adds this
/// term, the lecture's [`loss()`] and each [`Method`](super::Method)'s alike.
///
/// The squares are summed in 16 running sums, added pairwise at the end: the same sum up to f64
/// rounding, but the additions need not wait for each other (a table net's `W` has 19683
/// weights at K = 2, 531441 at K = 4).
pub(super) fn reg_term<S: Data<Elem = f32>>(w: &ArrayBase<S, Ix2>, reg: f32) -> f64 {
    if w.is_empty() {
        return 0.0;
    }
    let w = w.as_standard_layout();
    let xs = w.as_slice().expect("a standard layout is one slice");
    let square = |x: &f32| f64::from(*x) * f64::from(*x);
    let mut acc = [0.0f64; 16];
    let mut chunks = xs.chunks_exact(16);
    for chunk in &mut chunks {
        for (a, x) in acc.iter_mut().zip(chunk) {
            *a += square(x);
        }
    }
    let mut width = 16;
    while width > 1 {
        width /= 2;
        for i in 0..width {
            acc[i] += acc[i + width];
        }
    }
    let squares = acc[0] + chunks.remainder().iter().map(square).sum::<f64>();
    reg as f64 * squares / w.len() as f64
}

/// The gradient of [`reg_term`], `2 * reg * W / |W|`, in standard (row-major) layout.
pub(super) fn reg_grad<S: Data<Elem = f32>>(w: &ArrayBase<S, Ix2>, reg: f32) -> Array2<f32> {
    let k = reg_grad_scale(w, reg);
    w.as_standard_layout().mapv(|x| k * x)
}

/// Adds [`reg_grad`] to `dw`.
pub(super) fn add_reg_grad<S: Data<Elem = f32>>(
    dw: &mut Array2<f32>,
    w: &ArrayBase<S, Ix2>,
    reg: f32,
) {
    dw.scaled_add(reg_grad_scale(w, reg), w);
}

/// `2 * reg / |W|`, the factor of `W` in [`reg_grad`] (0 for an empty `W`).
fn reg_grad_scale<S: Data<Elem = f32>>(w: &ArrayBase<S, Ix2>, reg: f32) -> f32 {
    if w.is_empty() {
        0.0
    } else {
        2.0 * reg / w.len() as f32
    }
}

/// `reg` must be finite and >= 0.
pub(super) fn check_reg(reg: f32) -> Result<()> {
    check_param(
        reg.is_finite() && reg >= 0.0,
        "reg",
        reg,
        "must be finite and >= 0",
    )
}

/// One label per row of `probs`, each a column of it, and at least one.
fn check_labels((rows, cols): (usize, usize), ys: &[usize]) -> Result<()> {
    check_param(!ys.is_empty(), "labels", "none", "at least one is needed")?;
    check_shape("probs", (ys.len(), cols), (rows, cols))?;
    check_indices(ys, cols)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::nn::{Net, one_hot};
    use crate::vocab::Vocab;

    #[test]
    fn bad_arguments_to_the_pieces_are_errors() {
        let w = Array2::<f32>::zeros((3, 3));
        let probs = Array2::<f32>::from_elem((2, 3), 1.0 / 3.0);
        assert!(matches!(
            loss(&probs, &[0], &w, 0.0),
            Err(Error::Shape { .. })
        ));
        assert!(matches!(
            loss(&probs, &[], &w, 0.0),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            loss(&probs, &[0, 1], &w, f32::INFINITY),
            Err(Error::InvalidParameter { name: "reg", .. })
        ));
        let xenc = one_hot(&[0, 1], 3).unwrap();
        assert!(backward(&xenc, &probs, &[0, 1], &w, 0.0).is_ok());
        assert!(matches!(
            backward(&xenc, &probs, &[0, 1], &Array2::zeros((2, 3)), 0.0),
            Err(Error::Shape { what: "W", .. })
        ));
        assert!(matches!(
            backward(&one_hot(&[0], 3).unwrap(), &probs, &[0, 1], &w, 0.0),
            Err(Error::Shape { what: "xenc", .. })
        ));
        assert!(matches!(
            Net::from_counts(
                &crate::counting::Counts::from_matrix(
                    Vocab::from_chars("ab".chars()).unwrap(),
                    Array2::zeros((3, 3))
                )
                .unwrap(),
                f32::NAN
            ),
            Err(Error::InvalidParameter {
                name: "smoothing",
                ..
            })
        ));
    }
}
