//! The training loss prepared once for a [`Method`]: the lecture's one-hot products, the same
//! numbers by row indexing, or from the counts, for a net of either [`NetKind`].

use ndarray::{Array2, ArrayBase, Data, Ix2};
use serde::{Deserialize, Serialize};

use super::architecture::NetKind;
use super::fast::methods;
use super::forward::one_hot;
use super::loss::{add_reg_grad, check_reg, reg_grad, reg_term};
use super::training_set::TrainingSet;
use crate::counting::Counts;
use crate::error::{Error, Result, check_shape};

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
/// With more context ([`NetKind`]) the same holds with a context in place of `x`: from the
/// counts, one softmax per context seen (of the sum of the rows it picks), and per example, the
/// rows picked, the fused cross-entropy and `dlogits` added back into each row. Those nets'
/// one-hot input would have `V^K` (or `K * V`) columns per example and is never built, so they
/// refuse [`Method::OneHot`].
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
    /// The same loss and gradient from the counts (`N` for the bigram): work per context seen.
    #[default]
    Counts,
    /// The same loss and gradient per example by row indexing `W[xs]`, the fused cross-entropy
    /// and a scatter-add: the lecture's exercises 4 and 5.
    Index,
}

/// The training loss (average NLL plus `reg * mean(W^2)`) of one training set and one
/// [`NetKind`], prepared once for a [`Method`]: the one-hot matrix `xenc` for [`Method::OneHot`],
/// each context seen with its counts for [`Method::Counts`], the rows each example picks for
/// [`Method::Index`]. Then any `W` can be scored and differentiated.
///
/// ```
/// use makemore::nn::{Method, Net, NetKind, Objective, TrainingSet};
/// use makemore::{counting::sample::Generator, data::Dataset};
///
/// let data = TrainingSet::from_dataset(&Dataset::from_items(["emma", "ava", "mia"])?)?;
/// let w = Net::new(data.vocab().clone(), Generator::ChaCha, 1).w().to_owned();
/// let [slow, fast, indexed] = [Method::OneHot, Method::Counts, Method::Index]
///     .map(|method| Objective::new(NetKind::Table, &data, method, 0.01));
/// let (l1, g1) = slow?.loss_and_grad(&w)?;
/// let ((l2, g2), (l3, g3)) = (fast?.loss_and_grad(&w)?, indexed?.loss_and_grad(&w)?);
/// assert!((l1 - l2).abs() < 1e-6 && (l1 - l3).abs() < 1e-6);
/// assert!((&g1 - &g2).iter().all(|d| d.abs() < 1e-6));
/// assert!((&g1 - &g3).iter().all(|d| d.abs() < 1e-6));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Objective {
    prepared: Prepared,
    method: Method,
    reg: f32,
    /// The shape of `W`.
    shape: (usize, usize),
}

#[derive(Clone, Debug)]
enum Prepared {
    OneHot {
        xenc: Array2<f32>,
        ys: Vec<usize>,
    },
    /// Each context seen once: `rows[b][i]` is the row of `W` that context `i` picks in block
    /// `b` (one block for the table net, K for the concatenated one); its counts side by side,
    /// and their sum (in f32: exact below 2^24); and the number of examples.
    Counts {
        rows: Vec<Vec<usize>>,
        counts: Vec<f32>,
        sums: Vec<f32>,
        n: f64,
    },
    /// Each example: `rows[b][i]` is the row of `W` that example `i` picks in block `b`; and the
    /// next characters.
    Index {
        rows: Vec<Vec<usize>>,
        ys: Vec<usize>,
    },
}

impl Objective {
    /// Prepares the loss of `data` for a net of this kind (and the training set's K) and
    /// `method`, with regularisation strength `reg` (finite and >= 0). [`Method::OneHot`] is for
    /// the lecture's bigram net only (the table net with K = 1).
    ///
    /// ```
    /// use makemore::nn::{Method, NetKind, Objective, TrainingSet};
    /// use makemore::{data::Dataset, vocab::Vocab};
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// assert!(Objective::new(NetKind::Table, &data, Method::Counts, 0.01).is_ok());
    /// assert!(Objective::new(NetKind::Table, &data, Method::Counts, -1.0).is_err());
    /// let trigrams = TrainingSet::with_context(data.vocab(), 2, ["ab"])?;
    /// let err = Objective::new(NetKind::Concat, &trigrams, Method::OneHot, 0.0).unwrap_err();
    /// assert!(err.to_string().contains("K x V = 6 columns per example"), "{err}");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn new(kind: NetKind, data: &TrainingSet, method: Method, reg: f32) -> Result<Self> {
        check_reg(reg)?;
        let (v, k) = (data.vocab().len(), data.context_len());
        let rows = kind.rows(v, k)?;
        let picks = |contexts: &[usize]| {
            let mut blocks = vec![Vec::with_capacity(contexts.len()); kind.blocks(k)];
            for &c in contexts {
                for (block, r) in blocks.iter_mut().zip(kind.rows_of(c, v, k)) {
                    block.push(r);
                }
            }
            blocks
        };
        let prepared = match method {
            Method::OneHot if (kind, k) != (NetKind::Table, 1) => {
                return Err(refuse_onehot(kind, rows));
            }
            Method::OneHot => Prepared::OneHot {
                xenc: one_hot(data.xs(), v)?,
                ys: data.ys().to_vec(),
            },
            Method::Counts => {
                // The sufficient statistics: each context seen (in increasing order) with the
                // counts of the characters after it.
                let mut n = Counts::new(data.vocab().clone(), k)?;
                for (&x, &y) in data.xs().iter().zip(data.ys()) {
                    n.add_example(x as u64, y);
                }
                let (mut seen, mut counts) = (Vec::new(), Vec::new());
                for (c, row) in n.seen() {
                    seen.push(c as usize);
                    counts.extend(row.iter().map(|&x| x as f32));
                }
                Prepared::Counts {
                    rows: picks(&seen),
                    sums: counts.chunks(v).map(|row| row.iter().sum()).collect(),
                    counts,
                    n: data.len() as f64,
                }
            }
            Method::Index => Prepared::Index {
                rows: picks(data.xs()),
                ys: data.ys().to_vec(),
            },
        };
        Ok(Objective {
            prepared,
            method,
            reg,
            shape: (rows, v),
        })
    }

    /// The method it was prepared for.
    ///
    /// ```
    /// # use makemore::nn::{Method, NetKind, Objective, TrainingSet};
    /// # let data = TrainingSet::from_dataset(&makemore::data::Dataset::from_items(["ab"])?)?;
    /// let objective = Objective::new(NetKind::Table, &data, Method::OneHot, 0.0)?;
    /// assert_eq!(objective.method(), Method::OneHot);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn method(&self) -> Method {
        self.method
    }

    /// The regularisation strength.
    ///
    /// ```
    /// # use makemore::nn::{Method, NetKind, Objective, TrainingSet};
    /// # let data = TrainingSet::from_dataset(&makemore::data::Dataset::from_items(["ab"])?)?;
    /// assert_eq!(Objective::new(NetKind::Table, &data, Method::Counts, 0.01)?.reg(), 0.01);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn reg(&self) -> f32 {
        self.reg
    }

    /// The loss at `W` (which must have the net's shape: V x V for the bigram net).
    ///
    /// ```
    /// use makemore::nn::{Method, NetKind, Objective, TrainingSet};
    /// use makemore::data::Dataset;
    /// use ndarray::Array2;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let objective = Objective::new(NetKind::Table, &data, Method::Counts, 0.0)?;
    /// // W = 0 is the uniform model: every pair costs ln 3.
    /// assert!((objective.loss(&Array2::zeros((3, 3)))? - 3f32.ln()).abs() < 1e-6);
    /// assert!(objective.loss(&Array2::zeros((2, 2))).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn loss<S: Data<Elem = f32>>(&self, w: &ArrayBase<S, Ix2>) -> Result<f32> {
        check_shape("W", self.shape, w.dim())?;
        Ok(self.evaluate(w, false).0)
    }

    /// The loss at `W` and its gradient `dW` (see [`backward`](crate::nn::backward) and
    /// [`Method`] for the formulas).
    ///
    /// ```
    /// use makemore::nn::{Method, NetKind, Objective, TrainingSet};
    /// use makemore::data::Dataset;
    /// use ndarray::Array2;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let objective = Objective::new(NetKind::Table, &data, Method::Counts, 0.0)?;
    /// let (_, dw) = objective.loss_and_grad(&Array2::zeros((3, 3)))?;
    /// // Pair (., a): raising W[0, 1] (the logit of 'a' after '.') lowers the loss.
    /// assert!(dw[[0, 1]] < 0.0);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn loss_and_grad<S: Data<Elem = f32>>(
        &self,
        w: &ArrayBase<S, Ix2>,
    ) -> Result<(f32, Array2<f32>)> {
        check_shape("W", self.shape, w.dim())?;
        let (loss, grad) = self.evaluate(w, true);
        Ok((
            loss,
            grad.expect("evaluate returns the gradient when asked for it"),
        ))
    }

    /// The loss (the data's average NLL by the method's fast path, plus the regulariser) and,
    /// with `want_grad`, `dW`.
    pub(super) fn evaluate<S: Data<Elem = f32>>(
        &self,
        w: &ArrayBase<S, Ix2>,
        want_grad: bool,
    ) -> (f32, Option<Array2<f32>>) {
        let w = w.as_standard_layout();
        let w = w.view();
        // dW: from the counts, it starts as the regulariser's gradient and each context's is
        // added into it (the rows no context picks get only that one); per example, it starts
        // at zero and the regulariser's comes last.
        let from_counts = self.method == Method::Counts;
        let mut grad = want_grad.then(|| match from_counts {
            true => reg_grad(&w, self.reg),
            false => Array2::zeros(w.dim()),
        });
        let nll = match &self.prepared {
            Prepared::OneHot { xenc, ys } => methods::onehot(xenc, ys, w, grad.as_mut()),
            Prepared::Counts {
                rows,
                counts,
                sums,
                n,
            } => methods::counts(w, rows, counts, sums, *n, grad.as_mut()),
            Prepared::Index { rows, ys } => methods::indexed(w, rows, ys, grad.as_mut()),
        };
        if let Some(g) = grad.as_mut().filter(|_| !from_counts) {
            add_reg_grad(g, &w, self.reg);
        }
        ((nll + reg_term(&w, self.reg)) as f32, grad)
    }
}

/// The error for [`Method::OneHot`] on any net but the bigram's: its one-hot input (`V^K`
/// columns per example for the table net, `K * V` for the concatenated one) is never built.
fn refuse_onehot(kind: NetKind, columns: usize) -> Error {
    let (net, columns) = match kind {
        NetKind::Table => ("a table net", format!("V^K = {columns}")),
        NetKind::Concat => ("a concatenated net", format!("K x V = {columns}")),
    };
    let reason = format!(
        "{net} is never trained from one-hot vectors ({columns} columns per example); use index \
         (row indexing, the same numbers) or counts"
    );
    Error::invalid("method", "onehot", reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counting::sample::Generator;
    use crate::data::Dataset;
    use crate::nn::net::randn;
    use crate::nn::training_set::small;
    use crate::nn::{backward, forward};

    /// The loss in f64 straight from the definition, example by example: the rows the context
    /// picks summed, then log-softmax.
    fn reference_loss(kind: NetKind, w: &Array2<f64>, data: &TrainingSet, reg: f64) -> f64 {
        let (v, k) = (data.vocab().len(), data.context_len());
        let mut nll = 0.0;
        for (&x, &y) in data.xs().iter().zip(data.ys()) {
            let mut logits = ndarray::Array1::<f64>::zeros(v);
            for r in kind.rows_of(x, v, k) {
                logits += &w.row(r);
            }
            let max = logits.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
            let log_sum = logits.iter().map(|&x| (x - max).exp()).sum::<f64>().ln() + max;
            nll += log_sum - logits[y];
        }
        nll / data.len() as f64 + reg * w.mapv(|x| x * x).mean().unwrap()
    }

    /// Every method's loss equals the definition's and its gradient the central differences of
    /// it (every entry of the rows picked, and some others: only the reg term).
    fn check_gradients(kind: NetKind, data: &TrainingSet, methods: &[Method]) -> Vec<Array2<f32>> {
        let reg = 0.1;
        let shape = (
            kind.rows(data.vocab().len(), data.context_len()).unwrap(),
            data.vocab().len(),
        );
        let w = randn(Generator::ChaCha, 7, shape);
        let w64 = w.mapv(f64::from);
        let picked: std::collections::HashSet<usize> = data
            .xs()
            .iter()
            .flat_map(|&x| kind.rows_of(x, shape.1, data.context_len()))
            .collect();
        let h = 1e-5;
        let mut grads = Vec::new();
        for &method in methods {
            let objective = Objective::new(kind, data, method, reg as f32).unwrap();
            let (loss, grad) = objective.loss_and_grad(&w).unwrap();
            let expected = reference_loss(kind, &w64, data, reg);
            assert!(
                (loss as f64 - expected).abs() < 1e-5,
                "{method:?}: {loss} vs {expected}"
            );
            for ((i, j), &g) in grad
                .indexed_iter()
                .filter(|((i, _), _)| i % 7 == 0 || picked.contains(i))
            {
                let (mut up, mut down) = (w64.clone(), w64.clone());
                up[[i, j]] += h;
                down[[i, j]] -= h;
                let numeric = (reference_loss(kind, &up, data, reg)
                    - reference_loss(kind, &down, data, reg))
                    / (2.0 * h);
                let rel =
                    (g as f64 - numeric).abs() / (g.abs() as f64).max(numeric.abs()).max(1e-6);
                assert!(
                    rel <= 1e-3,
                    "{kind:?} {method:?}: dW[{i}, {j}]: {g} vs {numeric}"
                );
            }
            grads.push(grad);
        }
        grads
    }

    #[test]
    fn the_bigram_gradient_matches_central_differences_for_every_method() {
        let data = small();
        let grads = check_gradients(
            NetKind::Table,
            &data,
            &[Method::OneHot, Method::Counts, Method::Index],
        );
        // The lecture's backward pass by hand gives the same dW.
        let w = randn(
            Generator::ChaCha,
            7,
            (data.vocab().len(), data.vocab().len()),
        );
        let xenc = one_hot(data.xs(), w.nrows()).unwrap();
        let by_hand = backward(&xenc, &forward(&xenc, &w).unwrap().2, data.ys(), &w, 0.1).unwrap();
        for grad in grads {
            assert!((&grad - &by_hand).iter().all(|d| d.abs() < 1e-6));
        }
    }

    #[test]
    fn more_context_gradients_match_central_differences_for_both_nets() {
        let words =
            Dataset::from_items(["emma", "olivia", "ava", "isabella", "sophia", "mia"]).unwrap();
        let vocab = crate::vocab::Vocab::from_dataset(&words);
        for (kind, k) in [
            (NetKind::Table, 2),
            (NetKind::Concat, 1),
            (NetKind::Concat, 2),
            (NetKind::Concat, 3),
        ] {
            let data = TrainingSet::with_context(&vocab, k, words.items()).unwrap();
            check_gradients(kind, &data, &[Method::Counts, Method::Index]);
        }
    }

    #[test]
    fn a_concatenated_net_with_k_1_is_the_bigram_net() {
        let data = small();
        let w = randn(
            Generator::ChaCha,
            2,
            (data.vocab().len(), data.vocab().len()),
        );
        for method in [Method::Counts, Method::Index] {
            let [table, concat] = [NetKind::Table, NetKind::Concat].map(|kind| {
                Objective::new(kind, &data, method, 0.01)
                    .unwrap()
                    .loss_and_grad(&w)
                    .unwrap()
            });
            assert!((table.0 - concat.0).abs() < 1e-6);
            assert!((&table.1 - &concat.1).iter().all(|d| d.abs() < 1e-6));
        }
    }

    #[test]
    fn bad_shapes_and_sizes_are_errors() {
        let vocab = crate::vocab::Vocab::from_chars('a'..='z').unwrap();
        let data = TrainingSet::with_context(&vocab, 4, ["emma"]).unwrap();
        let err = Objective::new(NetKind::Table, &data, Method::Counts, 0.0).unwrap_err();
        assert!(err.to_string().contains("must be at most 4194304"), "{err}"); // 27^5 weights
        let objective = Objective::new(NetKind::Concat, &data, Method::Counts, 0.0).unwrap();
        assert!(objective.loss(&Array2::zeros((108, 27))).is_ok());
        assert!(objective.loss(&Array2::zeros((27, 27))).is_err());
    }
}
