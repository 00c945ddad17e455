//! The concatenated net: the K one-hot vectors of the context side by side.
//!
//! Each of the K characters of the context is one-hot encoded, and the K vectors are
//! concatenated into one input of `K * V` (block 0 the oldest character). Times `W`
//! (`(K * V) x V`), each block picks one row of its part of `W`, so the logits are the sum of K
//! rows: `W[t_0] + W[V + t_1] + ... + W[(K - 1) V + t_{K-1}]`, computed by row indexing, never
//! with a one-hot matrix. The gradient adds `dlogits` back into each of those K rows. With only
//! `K * V` rows instead of `V^K` the net cannot tell every context apart (each character
//! contributes to the logits on its own, whatever the others are), so it cannot reach the loss
//! the table net converges to (the count model's); in exchange it has far fewer weights, which
//! all learn from many examples (on names.txt at K = 2 it is ahead of the table net after the
//! lecture's 100 steps, 2.385 to 2.508, and behind after 2000, 2.362 to 2.215).

use ndarray::{Array1, Array2, ArrayView2};

use super::forward::{log_softmax_row, softmax};
use super::kernels::onehot_rows;
use super::loss::{add_reg_grad, check_reg};
use super::net::{History, Init, TrainOptions, ValidTrainOptions, descend};
use super::objective::Method;
use super::objective::reg_term;
use super::ops::{scatter_add_into, select_rows};
use super::table_net::refuse_onehot;
use crate::context::{Example, examples_of, num_contexts};
use crate::counts::{Counts, DENSE_LIMIT};
use crate::error::{Error, Result, check_param, check_shape};
use crate::model::Model;
use crate::vocab::Vocab;

/// The rows of `W` a context picks: `k * V + t_k` for its tokens `t_0..t_{K-1}`, oldest first.
fn rows_of(context: u64, vocab_size: usize, context_len: usize) -> Vec<usize> {
    let v = vocab_size as u64;
    let mut rows = vec![0; context_len];
    let mut rest = context;
    for (k, row) in rows.iter_mut().enumerate().rev() {
        *row = k * vocab_size + (rest % v) as usize;
        rest /= v;
    }
    rows
}

/// The logits of one context: the sum of its K rows of `W`, in block order, in f32.
fn logits_of(w: &Array2<f32>, rows: &[usize]) -> Array1<f32> {
    let mut logits = w.row(rows[0]).to_owned();
    for &r in &rows[1..] {
        logits += &w.row(r);
    }
    logits
}

/// The training loss of a [`ConcatNet`] (average NLL plus `reg * mean(W^2)`), prepared once:
/// from the counts ([`Method::Counts`], one softmax per context seen) or per example
/// ([`Method::Index`], by row indexing and the fused cross-entropy). Both give the same numbers.
///
/// ```
/// use makemore::nn::{ConcatObjective, Init};
/// use makemore::{Counts, context::examples_of};
/// use makemore::Vocab;
///
/// let vocab = Vocab::from_chars("ab".chars())?;
/// let items = ["ab", "ba", "abba"];
/// let counted = ConcatObjective::from_counts(&Counts::from_items(vocab.clone(), 2, items)?, 0.01)?;
/// let per_example = ConcatObjective::from_examples(&vocab, 2, &examples_of(&vocab, 2, items)?, 0.01)?;
/// let w = (Init::ChaCha { seed: 1 }).matrix(6, 3); // K * V = 6 rows
/// let ((l1, g1), (l2, g2)) = (counted.loss_and_grad(&w)?, per_example.loss_and_grad(&w)?);
/// assert!((l1 - l2).abs() < 1e-6);
/// assert!((&g1 - &g2).iter().all(|d| d.abs() < 1e-6));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct ConcatObjective {
    vocab: Vocab,
    context_len: usize,
    prepared: Prepared,
    reg: f32,
}

#[derive(Clone, Debug)]
enum Prepared {
    /// Each context seen: its K rows, its counts and their sum; and the number of examples.
    Counts {
        seen: Vec<(Vec<usize>, Vec<f64>, f64)>,
        n: f64,
    },
    /// `rows[k][i]`: the row of block k for example i; and the next characters.
    Examples {
        rows: Vec<Vec<usize>>,
        nexts: Vec<usize>,
    },
}

impl ConcatObjective {
    /// The loss from the counts: work proportional to the contexts seen (any K: the counts may
    /// be sparse).
    pub fn from_counts(counts: &Counts, reg: f32) -> Result<Self> {
        check_reg(reg)?;
        check_param(
            counts.total() > 0,
            "counts",
            0,
            "at least one example is needed",
        )?;
        let (v, k) = (counts.vocab().len(), counts.context_len());
        let seen = counts
            .seen()
            .map(|(c, row)| {
                let row: Vec<f64> = row.iter().map(|&x| x as f64).collect();
                let sum = row.iter().sum();
                (rows_of(c, v, k), row, sum)
            })
            .collect();
        Ok(ConcatObjective {
            vocab: counts.vocab().clone(),
            context_len: k,
            prepared: Prepared::Counts {
                seen,
                n: counts.total() as f64,
            },
            reg,
        })
    }

    /// The loss per example (at least one), by row indexing.
    pub fn from_examples(
        vocab: &Vocab,
        context_len: usize,
        examples: &[Example],
        reg: f32,
    ) -> Result<Self> {
        check_reg(reg)?;
        let contexts = num_contexts(vocab.len(), context_len)?;
        check_param(
            !examples.is_empty(),
            "examples",
            0,
            "at least one is needed",
        )?;
        check_param(
            examples
                .iter()
                .all(|e| e.context < contexts && e.next < vocab.len()),
            "examples",
            "out of range",
            &format!(
                "contexts must be below {contexts} and next characters below {}",
                vocab.len()
            ),
        )?;
        let mut rows = vec![Vec::with_capacity(examples.len()); context_len];
        for e in examples {
            for (block, r) in rows
                .iter_mut()
                .zip(rows_of(e.context, vocab.len(), context_len))
            {
                block.push(r);
            }
        }
        Ok(ConcatObjective {
            vocab: vocab.clone(),
            context_len,
            prepared: Prepared::Examples {
                rows,
                nexts: examples.iter().map(|e| e.next).collect(),
            },
            reg,
        })
    }

    /// The loss at `W` (`(K * V) x V`).
    pub fn loss(&self, w: &Array2<f32>) -> Result<f32> {
        self.check_w(w)?;
        Ok(self.evaluate(w, false).0)
    }

    /// The loss at `W` and its gradient: each example's `dlogits = (softmax - onehot) / n` added
    /// into each of its K rows, plus `2 * reg * W / |W|`.
    pub fn loss_and_grad(&self, w: &Array2<f32>) -> Result<(f32, Array2<f32>)> {
        self.check_w(w)?;
        let (loss, grad) = self.evaluate(w, true);
        Ok((loss, grad.unwrap_or_default()))
    }

    fn check_w(&self, w: &Array2<f32>) -> Result<()> {
        let v = self.vocab.len();
        check_shape("W", (self.context_len * v, v), w.dim())
    }

    pub(super) fn evaluate(&self, w: &Array2<f32>, want_grad: bool) -> (f32, Option<Array2<f32>>) {
        let mut grad = want_grad.then(|| Array2::<f32>::zeros(w.dim()));
        let nll = match &self.prepared {
            Prepared::Counts { seen, n } => {
                let mut log_p = Vec::with_capacity(w.ncols());
                let mut nll = 0.0f64;
                for (rows, counts, sum) in seen {
                    log_softmax_row(logits_of(w, rows).view(), &mut log_p);
                    nll -= log_p.iter().zip(counts).map(|(lp, c)| c * lp).sum::<f64>();
                    if let Some(g) = grad.as_mut() {
                        let d: Array1<f32> = log_p
                            .iter()
                            .zip(counts)
                            .map(|(&lp, &c)| ((sum * lp.exp() - c) / n) as f32)
                            .collect();
                        for &r in rows {
                            let mut target = g.row_mut(r);
                            target += &d;
                        }
                    }
                }
                nll / n
            }
            Prepared::Examples { rows, nexts } => {
                const BLOCK: usize = 4096;
                let scale = 1.0 / nexts.len() as f64;
                let mut nll = 0.0f64;
                for (start, ys) in (0..).step_by(BLOCK).zip(nexts.chunks(BLOCK)) {
                    let block = |k: usize| &rows[k][start..start + ys.len()];
                    // W[rows of block k], a row slice at a time (ndarray's select goes element
                    // by element).
                    let pick = |k| select_rows(w, block(k)).expect("rows checked when prepared");
                    let mut logits = pick(0);
                    for k in 1..rows.len() {
                        logits += &pick(k);
                    }
                    // The fused cross-entropy of the one-hot path (nn/kernels.rs): the stable
                    // softmax, the NLL and dlogits in place, vectorised.
                    let mut d = logits;
                    let v = d.ncols();
                    let rows_f32 = d.as_slice_mut().expect("select makes a standard layout");
                    nll += onehot_rows(rows_f32, v, ys, scale as f32, want_grad);
                    if let Some(g) = grad.as_mut() {
                        // A block's sum first, then into dW: less f32 rounding than one by one.
                        let mut block_grad = Array2::zeros(g.dim());
                        for k in 0..rows.len() {
                            scatter_add_into(&mut block_grad, block(k), &d)
                                .expect("rows checked when prepared");
                        }
                        *g += &block_grad;
                    }
                }
                nll * scale
            }
        };
        let loss = (nll + reg_term(w, self.reg)) as f32;
        if let Some(g) = grad.as_mut() {
            add_reg_grad(g, w, self.reg);
        }
        (loss, grad)
    }
}

/// The concatenated net: a vocabulary, K, and `W` of `(K * V) x V`.
///
/// ```
/// use makemore::nn::{ConcatNet, Init, TrainOptions};
/// use makemore::{loss, Dataset, Vocab};
///
/// let words = Dataset::from_items(["emma", "ava", "mia", "emily"])?;
/// let mut net = ConcatNet::new(Vocab::from_dataset(&words), 2, Init::default())?;
/// assert_eq!(net.w().dim(), (16, 8)); // K * V rows for ".aeilmvy"
/// let history = net.train(words.items(), &TrainOptions { steps: 20, lr: 10.0, ..Default::default() })?;
/// assert!(history.final_loss < history.losses[0]);
/// let model = net.to_model()?;
/// assert!(loss::evaluate(&model, words.items())?.mean < 3.0);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ConcatNet {
    vocab: Vocab,
    context_len: usize,
    w: Array2<f32>,
}

impl ConcatNet {
    /// A net with `W` from `init` ([`Init::matrix`] with `K * V` rows); K as for
    /// [`crate::context::num_contexts`].
    pub fn new(vocab: Vocab, context_len: usize, init: Init) -> Result<Self> {
        num_contexts(vocab.len(), context_len)?;
        let v = vocab.len();
        Ok(ConcatNet {
            w: init.matrix(context_len * v, v),
            vocab,
            context_len,
        })
    }

    /// A net with the given weights (`(K * V) x V`, finite); K as for
    /// [`crate::context::num_contexts`].
    ///
    /// ```
    /// use makemore::nn::ConcatNet;
    /// use makemore::Vocab;
    /// use ndarray::Array2;
    ///
    /// let vocab = Vocab::from_chars("a".chars())?;
    /// assert!(ConcatNet::from_weights(vocab.clone(), 3, Array2::zeros((6, 2))).is_ok());
    /// assert!(ConcatNet::from_weights(vocab.clone(), 3, Array2::zeros((4, 2))).is_err());
    /// assert!(ConcatNet::from_weights(vocab, 3, Array2::from_elem((6, 2), f32::NAN)).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_weights(vocab: Vocab, context_len: usize, w: Array2<f32>) -> Result<Self> {
        num_contexts(vocab.len(), context_len)?;
        let v = vocab.len();
        check_shape("W", (context_len * v, v), w.dim())?;
        check_param(
            w.iter().all(|x| x.is_finite()),
            "W",
            "a non-finite weight",
            "every weight must be finite",
        )?;
        Ok(ConcatNet {
            vocab,
            context_len,
            w,
        })
    }

    /// The vocabulary.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// K, the number of characters of context.
    pub fn context_len(&self) -> usize {
        self.context_len
    }

    /// `W`: block k (rows `k * V .. (k + 1) * V`) holds the logits added by the k-th oldest
    /// character of the context.
    pub fn w(&self) -> ArrayView2<'_, f32> {
        self.w.view()
    }

    /// The net's probabilities for every context, as an [`Model`] for
    /// [`crate::sample::sample_names`] and [`crate::loss::evaluate`]; an error if that table of
    /// `V^K x V` passes [`crate::counts::DENSE_LIMIT`] (the net itself, `K * V` rows, trains at any
    /// K).
    pub fn to_model(&self) -> Result<Model> {
        let v = self.vocab.len();
        let contexts = num_contexts(v, self.context_len)?;
        if contexts
            .checked_mul(v as u64)
            .is_none_or(|n| n > DENSE_LIMIT)
        {
            return Err(Error::InvalidParameter {
                name: "context length",
                value: self.context_len.to_string(),
                reason: format!(
                    "the concatenated net's table of probabilities for every context would have \
                     V^K x V = {v}^{} x {v} entries, more than {DENSE_LIMIT}",
                    self.context_len
                ),
            });
        }
        let mut logits = Array2::zeros((contexts as usize, v));
        for (c, mut row) in logits.outer_iter_mut().enumerate() {
            row.assign(&logits_of(&self.w, &rows_of(c as u64, v, self.context_len)));
        }
        Model::from_probs(self.vocab.clone(), self.context_len, softmax(&logits))
    }

    /// Full-batch gradient descent on the items, as [`crate::nn::TableNet::train`]: from the
    /// counts ([`Method::Counts`]) or per example ([`Method::Index`]); [`Method::OneHot`] is an
    /// error (the K one-hot vectors side by side are never built).
    ///
    /// ```
    /// use makemore::nn::{ConcatNet, Init, Method, TrainOptions};
    /// use makemore::Vocab;
    ///
    /// let mut net = ConcatNet::new(Vocab::from_chars("ab".chars())?, 2, Init::Zeros)?;
    /// let onehot = TrainOptions { method: Method::OneHot, ..Default::default() };
    /// let err = net.train(["ab"], &onehot).unwrap_err().to_string();
    /// assert!(err.contains("K x V = 6 columns per example"), "{err}");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn train<I>(&mut self, items: I, options: &TrainOptions) -> Result<History>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.train_with(items, &options.check()?, |_, _| {})
    }

    /// [`ConcatNet::train`], calling `on_step(step, loss)` after each step's loss is computed
    /// (for a progress bar).
    pub fn train_with<I>(
        &mut self,
        items: I,
        options: &ValidTrainOptions,
        on_step: impl FnMut(usize, f32),
    ) -> Result<History>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let (vocab, k, reg) = (&self.vocab, self.context_len, options.get().reg);
        let objective = match options.get().method {
            Method::Counts => {
                ConcatObjective::from_counts(&Counts::from_items(vocab.clone(), k, items)?, reg)?
            }
            Method::Index => {
                let examples = examples_of(vocab, k, items)?;
                ConcatObjective::from_examples(vocab, k, &examples, reg)?
            }
            Method::OneHot => {
                let columns = format!("K x V = {}", self.w.nrows());
                return Err(refuse_onehot("a concatenated net", &columns));
            }
        };
        descend(
            &mut self.w,
            options,
            |w, g| objective.evaluate(w, g),
            on_step,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;

    /// The loss in f64 from the definition: the K rows summed, then log-softmax.
    fn reference_loss(w: &Array2<f64>, examples: &[Example], v: usize, k: usize, reg: f64) -> f64 {
        let mut nll = 0.0;
        for e in examples {
            let mut logits = Array1::<f64>::zeros(v);
            for r in rows_of(e.context, v, k) {
                logits += &w.row(r);
            }
            let max = logits.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
            let log_sum = logits.iter().map(|&x| (x - max).exp()).sum::<f64>().ln() + max;
            nll += log_sum - logits[e.next];
        }
        nll / examples.len() as f64 + reg * w.mapv(|x| x * x).mean().unwrap()
    }

    #[test]
    fn gradient_matches_central_differences_for_both_methods() {
        let words =
            Dataset::from_items(["emma", "olivia", "ava", "isabella", "sophia", "mia"]).unwrap();
        let vocab = Vocab::from_dataset(&words);
        let v = vocab.len();
        for k in [1, 2, 3] {
            let examples = examples_of(&vocab, k, words.items()).unwrap();
            let reg = 0.1;
            let w = (Init::ChaCha { seed: 9 }).matrix(k * v, v);
            let w64 = w.mapv(f64::from);
            let counts = Counts::from_items(vocab.clone(), k, words.items()).unwrap();
            for objective in [
                ConcatObjective::from_counts(&counts, reg as f32).unwrap(),
                ConcatObjective::from_examples(&vocab, k, &examples, reg as f32).unwrap(),
            ] {
                let (loss, grad) = objective.loss_and_grad(&w).unwrap();
                let expected = reference_loss(&w64, &examples, v, k, reg);
                assert!(
                    (loss as f64 - expected).abs() < 1e-5,
                    "{loss} vs {expected}"
                );
                let h = 1e-5;
                for ((i, j), &g) in grad.indexed_iter() {
                    let (mut up, mut down) = (w64.clone(), w64.clone());
                    up[[i, j]] += h;
                    down[[i, j]] -= h;
                    let numeric = (reference_loss(&up, &examples, v, k, reg)
                        - reference_loss(&down, &examples, v, k, reg))
                        / (2.0 * h);
                    let rel =
                        (g as f64 - numeric).abs() / (g.abs() as f64).max(numeric.abs()).max(1e-6);
                    assert!(rel <= 1e-3, "K = {k}, dW[{i}, {j}]: {g} vs {numeric}");
                }
            }
        }
    }

    #[test]
    fn k_1_is_the_bigram_net() {
        let words = Dataset::from_items(["emma", "ava"]).unwrap();
        let vocab = Vocab::from_dataset(&words);
        let w = (Init::ChaCha { seed: 2 }).matrix(vocab.len(), vocab.len());
        let counts = Counts::from_items(vocab.clone(), 1, words.items()).unwrap();
        let ours = ConcatObjective::from_counts(&counts, 0.01)
            .unwrap()
            .loss_and_grad(&w)
            .unwrap();
        let data = crate::nn::TrainingSet::from_dataset(&words).unwrap();
        let theirs = crate::nn::Objective::new(&data, Method::Counts, 0.01)
            .unwrap()
            .loss_and_grad(&w)
            .unwrap();
        assert!((ours.0 - theirs.0).abs() < 1e-6);
        assert!((&ours.1 - &theirs.1).iter().all(|d| d.abs() < 1e-6));
    }
}
