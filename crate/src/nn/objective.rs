//! The training loss prepared once for a [`Method`]: the lecture's one-hot products, the same
//! numbers by row indexing, or from the bigram counts `N`.

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix2, s};
use serde::{Deserialize, Serialize};

use super::forward::{log_softmax_row, one_hot};
use super::kernels::{indexed_rows, onehot_rows, sum_squares};
use super::loss::{add_reg_grad, check_reg};
use super::training_set::TrainingSet;
use crate::error::{Result, check_shape};

/// How a training step computes the loss and its gradient. All three give the same numbers (up
/// to f32 rounding); they differ in cost.
///
/// - [`Method::OneHot`] is the lecture's: the one-hot matrix `xenc` (n x 27) times `W`, softmax
///   over n rows, and `dW = xenc^T . dlogits`: about 3 x 27 x 27 x n operations per step (n =
///   228146 for names.txt). The products are ndarray's (matrixmultiply); the softmax, the loss
///   and `dlogits` are one pass over the rows of the product, with an `exp` that compiles to
///   vector instructions (within 2 ulp of `f32::exp`).
/// - [`Method::Counts`] uses what the one-hot product really does. `xenc . W` only picks rows of
///   `W`: every pair `(x, y)` gets the logits `W[x]` and the probabilities `softmax(W[x])`. So all
///   pairs starting with the same `x` share their probabilities, and the sums over pairs group by
///   the bigram counts `N` of the data:
///
///   `L = -(1/n) sum_xy N[x,y] ln softmax(W[x])[y] + reg * mean(W^2)`,
///
///   `dW[x] = (rowsum(N)[x] * softmax(W[x]) - N[x]) / n + 2 * reg * W[x] / |W|`.
///
///   That is 27 x 27 work per step, whatever n is. It is the lecture's "the net just learns the
///   counts" made literal: the data enter the loss only through `N`, and with `reg = 0` the
///   gradient is zero exactly when `softmax(W[x]) = N[x] / rowsum(N)[x]`, the count model.
/// - [`Method::Index`] is the lecture's exercises 4 and 5: still one example at a time, but
///   `xenc . W` is done as what it is, `W[xs]` (row indexing, [`crate::nn::select_rows`]), the
///   softmax and the NLL as one fused, stable cross-entropy ([`crate::nn::cross_entropy`]), and
///   `xenc^T . dlogits` as a scatter-add of each example's `dlogits` into its row of `dW`
///   ([`crate::nn::scatter_add`]): about 2 x 27 x n operations per step, and no n x 27 one-hot
///   matrix. The three run fused, a block of examples at a time, in f32 and vectorised (by hand
///   for AVX-512): every example's softmax is still computed, 228146 of them per step.
///
/// The neural n-gram nets ([`crate::nn::TableNet`], [`crate::nn::ConcatNet`]) train with
/// [`Method::Counts`] or [`Method::Index`]; their one-hot input would have `V^K` (or `K * V`)
/// columns per example and is never built, so they refuse [`Method::OneHot`].
///
/// ```
/// use makemore::nn::Method;
///
/// assert_eq!(Method::default(), Method::Counts);
/// assert_eq!(serde_json::to_string(&Method::Index).unwrap(), "\"index\"");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Method {
    /// The lecture's: one-hot encoding, matrix products over every pair.
    #[cfg_attr(feature = "cli", value(name = "onehot"))]
    OneHot,
    /// The same loss and gradient from the bigram counts `N`: 27 x 27 work per step.
    #[default]
    Counts,
    /// The same loss and gradient per example by row indexing `W[xs]`, the fused cross-entropy
    /// and a scatter-add: the lecture's exercises 4 and 5.
    Index,
}

/// The training loss (average NLL plus `reg * mean(W^2)`) of one training set, prepared once for
/// a [`Method`]: the one-hot matrix `xenc` for [`Method::OneHot`], the counts `N` for
/// [`Method::Counts`], the indices `xs` and `ys` for [`Method::Index`]. Then any `W` can be
/// scored and differentiated.
///
/// ```
/// use makemore::nn::{Init, Method, Objective, TrainingSet};
/// use makemore::Dataset;
///
/// let data = TrainingSet::from_dataset(&Dataset::from_items(["emma", "ava", "mia"])?)?;
/// let w = Init::ChaCha { seed: 1 }.weights(data.vocab().len());
/// let slow = Objective::new(&data, Method::OneHot, 0.01)?;
/// let fast = Objective::new(&data, Method::Counts, 0.01)?;
/// let indexed = Objective::new(&data, Method::Index, 0.01)?;
/// let ((l1, g1), (l2, g2)) = (slow.loss_and_grad(&w)?, fast.loss_and_grad(&w)?);
/// let (l3, g3) = indexed.loss_and_grad(&w)?;
/// assert!((l1 - l2).abs() < 1e-6 && (l1 - l3).abs() < 1e-6);
/// assert!((&g1 - &g2).iter().all(|d| d.abs() < 1e-6));
/// assert!((&g1 - &g3).iter().all(|d| d.abs() < 1e-6));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Objective {
    prepared: Prepared,
    reg: f32,
    size: usize,
}

#[derive(Clone, Debug)]
enum Prepared {
    OneHot {
        xenc: Array2<f32>,
        ys: Vec<usize>,
    },
    Counts {
        counts: Array2<f64>,
        row_sums: Array1<f64>,
        n: f64,
    },
    Index {
        xs: Vec<usize>,
        ys: Vec<usize>,
    },
}

impl Objective {
    /// Prepares the loss of `data` for `method`, with regularisation strength `reg` (finite and
    /// >= 0).
    ///
    /// ```
    /// use makemore::nn::{Method, Objective, TrainingSet};
    /// use makemore::Dataset;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// assert!(Objective::new(&data, Method::Counts, 0.01).is_ok());
    /// assert!(Objective::new(&data, Method::Counts, -1.0).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn new(data: &TrainingSet, method: Method, reg: f32) -> Result<Self> {
        check_reg(reg)?;
        Ok(Self::prepare(data, method, reg))
    }

    /// [`Objective::new`] for a `reg` already checked (by [`super::TrainOptions::check`]).
    pub(super) fn prepare(data: &TrainingSet, method: Method, reg: f32) -> Self {
        let size = data.vocab().len();
        let prepared = match method {
            Method::OneHot => Prepared::OneHot {
                xenc: one_hot(data.xs(), size)
                    .expect("a training set's indices are in its vocabulary"),
                ys: data.ys().to_vec(),
            },
            Method::Counts => {
                let counts = data.counts().mapv(f64::from);
                Prepared::Counts {
                    row_sums: counts.sum_axis(Axis(1)),
                    counts,
                    n: data.len() as f64,
                }
            }
            Method::Index => Prepared::Index {
                xs: data.xs().to_vec(),
                ys: data.ys().to_vec(),
            },
        };
        Objective {
            prepared,
            reg,
            size,
        }
    }

    /// The method it was prepared for.
    ///
    /// ```
    /// # use makemore::nn::{Method, Objective, TrainingSet};
    /// # let data = TrainingSet::from_dataset(&makemore::Dataset::from_items(["ab"])?)?;
    /// assert_eq!(Objective::new(&data, Method::OneHot, 0.0)?.method(), Method::OneHot);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn method(&self) -> Method {
        match self.prepared {
            Prepared::OneHot { .. } => Method::OneHot,
            Prepared::Counts { .. } => Method::Counts,
            Prepared::Index { .. } => Method::Index,
        }
    }

    /// The regularisation strength.
    ///
    /// ```
    /// # use makemore::nn::{Method, Objective, TrainingSet};
    /// # let data = TrainingSet::from_dataset(&makemore::Dataset::from_items(["ab"])?)?;
    /// assert_eq!(Objective::new(&data, Method::Counts, 0.01)?.reg(), 0.01);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn reg(&self) -> f32 {
        self.reg
    }

    /// The loss at `W` (which must be V x V for the training set's vocabulary of size V).
    ///
    /// ```
    /// use makemore::nn::{Method, Objective, TrainingSet};
    /// use makemore::Dataset;
    /// use ndarray::Array2;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let objective = Objective::new(&data, Method::Counts, 0.0)?;
    /// // W = 0 is the uniform model: every pair costs ln 3.
    /// assert!((objective.loss(&Array2::zeros((3, 3)))? - 3f32.ln()).abs() < 1e-6);
    /// assert!(objective.loss(&Array2::zeros((2, 2))).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn loss<S: Data<Elem = f32>>(&self, w: &ArrayBase<S, Ix2>) -> Result<f32> {
        self.check_w(w)?;
        Ok(self.evaluate(w, false).0)
    }

    /// The loss at `W` and its gradient `dW` (see [`backward`](crate::nn::backward) and
    /// [`Method`] for the formulas).
    ///
    /// ```
    /// use makemore::nn::{Method, Objective, TrainingSet};
    /// use makemore::Dataset;
    /// use ndarray::Array2;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let objective = Objective::new(&data, Method::Counts, 0.0)?;
    /// let (_, dw) = objective.loss_and_grad(&Array2::zeros((3, 3)))?;
    /// // Pair (., a): raising W[0, 1] (the logit of 'a' after '.') lowers the loss.
    /// assert!(dw[[0, 1]] < 0.0);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn loss_and_grad<S: Data<Elem = f32>>(
        &self,
        w: &ArrayBase<S, Ix2>,
    ) -> Result<(f32, Array2<f32>)> {
        self.check_w(w)?;
        let (loss, grad) = self.evaluate(w, true);
        Ok((
            loss,
            grad.expect("evaluate returns the gradient when asked for it"),
        ))
    }

    fn check_w<S: Data<Elem = f32>>(&self, w: &ArrayBase<S, Ix2>) -> Result<()> {
        check_shape("W", (self.size, self.size), w.dim())
    }

    /// The loss (with the regularisation term) and, with `want_grad`, `dW`.
    pub(super) fn evaluate<S: Data<Elem = f32>>(
        &self,
        w: &ArrayBase<S, Ix2>,
        want_grad: bool,
    ) -> (f32, Option<Array2<f32>>) {
        let (nll, grad) = match &self.prepared {
            Prepared::OneHot { xenc, ys } => onehot_nll(xenc, ys, w, want_grad),
            Prepared::Counts {
                counts,
                row_sums,
                n,
            } => counts_nll(counts, row_sums, *n, w, want_grad),
            Prepared::Index { xs, ys } => {
                let (sum, grad) = indexed_nll(w, xs, ys, want_grad);
                (sum / ys.len() as f64, grad)
            }
        };
        let loss = (nll + reg_term(w, self.reg)) as f32;
        let grad = grad.map(|mut dw| {
            add_reg_grad(&mut dw, w, self.reg);
            dw
        });
        (loss, grad)
    }
}

/// [`Method::OneHot`]: the average NLL and its gradient (without the regularisation term) by the
/// lecture's products, `xenc . W` and `xenc^T . dlogits`, a block of pairs at a time, so that the
/// block's logits stay in cache between the forward product, the softmax and the backward
/// product (and 228146 x 27 logits are never all in memory at once).
fn onehot_nll<S: Data<Elem = f32>>(
    xenc: &Array2<f32>,
    ys: &[usize],
    w: &ArrayBase<S, Ix2>,
    want_grad: bool,
) -> (f64, Option<Array2<f32>>) {
    const PAIRS_PER_BLOCK: usize = 512;
    let size = w.ncols();
    let inv_n = 1.0 / ys.len() as f32;
    let mut logits = Array2::<f32>::zeros((PAIRS_PER_BLOCK, size));
    let mut dw = Array2::<f32>::zeros(w.dim());
    let mut nll = 0.0f64;
    for (xblock, yblock) in xenc
        .axis_chunks_iter(Axis(0), PAIRS_PER_BLOCK)
        .zip(ys.chunks(PAIRS_PER_BLOCK))
    {
        let mut block = logits.slice_mut(s![..yblock.len(), ..]);
        general_mat_mul(1.0, &xblock, w, 0.0, &mut block);
        let rows = block
            .as_slice_mut()
            .expect("the first rows of a standard-layout array are one slice");
        nll += onehot_rows(rows, size, yblock, inv_n, want_grad);
        if want_grad {
            general_mat_mul(1.0, &xblock.t(), &block, 1.0, &mut dw);
        }
    }
    (nll / ys.len() as f64, want_grad.then_some(dw))
}

/// [`Method::Index`]: the summed NLL (not yet averaged) and the gradient of the average NLL
/// (without the regularisation term), one example per row `xs[i]` of `W` with label `ys[i]`:
/// what [`crate::nn::select_rows`] (`W[xs]`), [`crate::nn::cross_entropy`] and
/// [`crate::nn::scatter_add`] compute, fused into one vectorised pass over blocks of examples
/// (`nn/kernels.rs`): no one-hot matrix and no matrix of `W[xs]`. The indices must be in range
/// (checked when the objective is prepared). The table net's per-example path is this too.
pub(super) fn indexed_nll<S: Data<Elem = f32>>(
    w: &ArrayBase<S, Ix2>,
    xs: &[usize],
    ys: &[usize],
    want_grad: bool,
) -> (f64, Option<Array2<f32>>) {
    let inv_n = (1.0 / ys.len() as f64) as f32;
    let w = w.as_standard_layout();
    let flat = w.as_slice().expect("a standard layout is one slice");
    let mut grad = want_grad.then(|| Array2::<f32>::zeros(w.dim()));
    let dw = grad.as_mut().and_then(|g| g.as_slice_mut());
    let nll = indexed_rows(flat, w.ncols(), xs, ys, inv_n, dw);
    (nll, grad)
}

/// [`Method::Counts`]: the average NLL and its gradient (without the regularisation term) from
/// the counts, row by row of `W`: `-(1/n) sum_y N[x,y] log_softmax(W[x])[y]` and
/// `dW[x] = (rowsum(N)[x] * softmax(W[x]) - N[x]) / n`.
fn counts_nll<S: Data<Elem = f32>>(
    counts: &Array2<f64>,
    row_sums: &Array1<f64>,
    n: f64,
    w: &ArrayBase<S, Ix2>,
    want_grad: bool,
) -> (f64, Option<Array2<f32>>) {
    let mut nll = 0.0f64;
    let mut grad = want_grad.then(|| Array2::<f32>::zeros(w.dim()));
    let mut log_p = Vec::with_capacity(w.ncols());
    for (x, row) in w.rows().into_iter().enumerate() {
        log_softmax_row(row, &mut log_p);
        for (y, &lp) in log_p.iter().enumerate() {
            let c = counts[[x, y]];
            nll -= c * lp;
            if let Some(g) = grad.as_mut() {
                g[[x, y]] = ((row_sums[x] * lp.exp() - c) / n) as f32;
            }
        }
    }
    (nll / n, grad)
}

/// `reg * mean(W^2)` in f64 (zero for an empty `W`); the sum of squares by the vectorised kernel
/// when `W` is one slice in memory (a table net's `W` has 19683 weights at K = 2, 531441 at K = 4).
pub(super) fn reg_term<S: Data<Elem = f32>>(w: &ArrayBase<S, Ix2>, reg: f32) -> f64 {
    if w.is_empty() {
        return 0.0;
    }
    let squares = match w.as_slice_memory_order() {
        Some(ws) => sum_squares(ws),
        None => w.iter().map(|&x| f64::from(x) * f64::from(x)).sum(),
    };
    reg as f64 * squares / w.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::training_set::small;
    use crate::nn::{Init, backward, forward};

    /// The loss in f64 straight from the definition, pair by pair.
    fn reference_loss(w: &Array2<f64>, data: &TrainingSet, reg: f64) -> f64 {
        let mut nll = 0.0;
        for (&x, &y) in data.xs().iter().zip(data.ys()) {
            let row = w.row(x);
            let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
            let log_sum = row.iter().map(|&v| (v - max).exp()).sum::<f64>().ln() + max;
            nll += log_sum - row[y];
        }
        nll / data.len() as f64 + reg * w.mapv(|v| v * v).mean().unwrap()
    }

    #[test]
    fn gradient_matches_central_differences() {
        let data = small();
        let v = data.vocab().len();
        let reg = 0.1;
        let w = Init::ChaCha { seed: 7 }.weights(v);
        let w64 = w.mapv(f64::from);
        let h = 1e-5;
        let numeric = Array2::from_shape_fn((v, v), |(i, j)| {
            let (mut up, mut down) = (w64.clone(), w64.clone());
            up[[i, j]] += h;
            down[[i, j]] -= h;
            (reference_loss(&up, &data, reg) - reference_loss(&down, &data, reg)) / (2.0 * h)
        });
        let xenc = one_hot(data.xs(), v).unwrap();
        let by_hand = backward(
            &xenc,
            &forward(&xenc, &w).unwrap().probs,
            data.ys(),
            &w,
            reg as f32,
        )
        .unwrap();
        let mut analytic = vec![by_hand];
        for method in [Method::OneHot, Method::Counts, Method::Index] {
            let objective = Objective::new(&data, method, reg as f32).unwrap();
            let (loss, grad) = objective.loss_and_grad(&w).unwrap();
            assert!((loss as f64 - reference_loss(&w64, &data, reg)).abs() < 1e-6);
            analytic.push(grad);
        }
        for grad in &analytic {
            for ((i, j), &g) in grad.indexed_iter() {
                let n = numeric[[i, j]];
                let rel = (g as f64 - n).abs() / (g.abs() as f64).max(n.abs());
                assert!(rel <= 1e-4, "dW[{i}, {j}]: {g} vs {n} (relative {rel:e})");
            }
        }
    }
}
