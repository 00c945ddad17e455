//! The table net: the neural n-gram with one one-hot vector for the whole context.
//!
//! The context's index picks a row of `W` (`V^K x V`), whose softmax is the distribution of the
//! next character: the neural bigram with `V^K` inputs instead of V. Like the bigram net it can
//! only learn the counts: `W = ln(N + 1)` is the +1 count model, and training moves towards it.
//! The loss and its gradient come from the counts (only the contexts seen do any work, plus the
//! regularisation term over all of `W`) or per example by row indexing and the fused
//! cross-entropy (the bigram net's [`Method::Index`]: `W[contexts]`, what
//! [`crate::nn::cross_entropy`] computes, and a scatter-add, fused and vectorised); the two give
//! the same numbers (up to f32 rounding). Both run on the vectorised kernels of `nn/kernels.rs`.
//! A one-hot input of `V^K` columns per example is never built, so [`Method::OneHot`] is refused.

use ndarray::{Array2, ArrayView2};

use super::forward::softmax;
use super::kernels::counts_rows;
use super::loss::{add_reg_grad, check_reg, reg_grad};
use super::net::{History, Init, TrainOptions, ValidTrainOptions, descend};
use super::objective::reg_term;
use super::objective::{Method, indexed_nll};
use super::ops::{scatter_add_into, select_rows};
use crate::context::{Example, examples_of, num_contexts};
use crate::counts::{Counts, DENSE_LIMIT};
use crate::error::{Error, Result, check_param, check_shape, check_smoothing};
use crate::model::Model;
use crate::vocab::Vocab;

/// The error for [`Method::OneHot`] on a neural n-gram net (`net` names it), whose one-hot input
/// would have `columns` columns per example (`V^K` for the table net, `K * V` for the
/// concatenated one): never built.
pub(super) fn refuse_onehot(net: &str, columns: &str) -> Error {
    Error::InvalidParameter {
        name: "method",
        value: "onehot".into(),
        reason: format!(
            "{net} is never trained from one-hot vectors ({columns} columns per example); \
             use index (row indexing, the same numbers) or counts"
        ),
    }
}

/// The number of rows of a dense `W` with K characters of context: `V^K`, if `V^K x V` stays
/// within [`DENSE_LIMIT`] entries.
pub(super) fn dense_rows(vocab: &Vocab, context_len: usize) -> Result<usize> {
    let rows = num_contexts(vocab.len(), context_len)?;
    let fits = rows
        .checked_mul(vocab.len() as u64)
        .is_some_and(|n| n <= DENSE_LIMIT);
    check_param(
        fits,
        "context length",
        context_len,
        &format!(
            "a table net's W has V^K x V entries, which must be at most {DENSE_LIMIT} (V = {})",
            vocab.len()
        ),
    )?;
    Ok(rows as usize)
}

/// The training loss of a table net (average NLL plus `reg * mean(W^2)`), prepared once: from
/// the counts ([`Method::Counts`]: the contexts seen and their rows of counts) or per example
/// ([`Method::Index`], done as the one-hot product really is: `W[contexts]`, the fused
/// cross-entropy, and the gradient scattered back into the rows).
///
/// ```
/// use makemore::nn::{TableObjective, Init};
/// use makemore::{Counts, context::examples_of};
/// use makemore::Vocab;
///
/// let vocab = Vocab::from_chars("ab".chars())?;
/// let items = ["ab", "ba", "abba"];
/// let counted = TableObjective::from_counts(&Counts::from_items(vocab.clone(), 2, items)?, 0.01)?;
/// let per_example = TableObjective::from_examples(&vocab, 2, &examples_of(&vocab, 2, items)?, 0.01)?;
/// let w = (Init::ChaCha { seed: 1 }).matrix(9, 3);
/// let ((l1, g1), (l2, g2)) = (counted.loss_and_grad(&w)?, per_example.loss_and_grad(&w)?);
/// assert!((l1 - l2).abs() < 1e-6);
/// assert!((&g1 - &g2).iter().all(|d| d.abs() < 1e-6));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TableObjective {
    vocab: Vocab,
    context_len: usize,
    rows: usize,
    prepared: Prepared,
    reg: f32,
}

#[derive(Clone, Debug)]
enum Prepared {
    /// The contexts seen, their rows of counts side by side and each row's sum (in f32: exact
    /// below 2^24, rounded to 24 bits above); and the number of examples.
    Counts {
        seen: Vec<usize>,
        counts: Vec<f32>,
        sums: Vec<f32>,
        n: f64,
    },
    Examples {
        contexts: Vec<usize>,
        nexts: Vec<usize>,
    },
}

impl TableObjective {
    /// The loss from the counts (sufficient statistics): work proportional to the contexts seen.
    pub fn from_counts(counts: &Counts, reg: f32) -> Result<Self> {
        check_reg(reg)?;
        let rows = dense_rows(counts.vocab(), counts.context_len())?;
        check_param(
            counts.total() > 0,
            "counts",
            0,
            "at least one example is needed",
        )?;
        let (mut seen, mut cells, mut sums) = (vec![], vec![], vec![]);
        for (c, row) in counts.seen() {
            seen.push(c as usize);
            cells.extend(row.iter().map(|&x| x as f32));
            sums.push(row.iter().map(|&x| x as f64).sum::<f64>() as f32);
        }
        Ok(TableObjective {
            vocab: counts.vocab().clone(),
            context_len: counts.context_len(),
            rows,
            prepared: Prepared::Counts {
                seen,
                counts: cells,
                sums,
                n: counts.total() as f64,
            },
            reg,
        })
    }

    /// The loss per example (at least one), by row indexing and the fused cross-entropy.
    pub fn from_examples(
        vocab: &Vocab,
        context_len: usize,
        examples: &[Example],
        reg: f32,
    ) -> Result<Self> {
        check_reg(reg)?;
        let rows = dense_rows(vocab, context_len)?;
        check_param(
            !examples.is_empty(),
            "examples",
            0,
            "at least one is needed",
        )?;
        if let Some(e) = examples
            .iter()
            .find(|e| e.context >= rows as u64 || e.next >= vocab.len())
        {
            return Err(Error::InvalidParameter {
                name: "example",
                value: format!("{e:?}"),
                reason: format!(
                    "must have a context below {rows} and a next character below {}",
                    vocab.len()
                ),
            });
        }
        Ok(TableObjective {
            vocab: vocab.clone(),
            context_len,
            rows,
            prepared: Prepared::Examples {
                contexts: examples.iter().map(|e| e.context as usize).collect(),
                nexts: examples.iter().map(|e| e.next).collect(),
            },
            reg,
        })
    }

    /// The loss at `W` (`V^K x V`).
    pub fn loss(&self, w: &Array2<f32>) -> Result<f32> {
        self.check_w(w)?;
        Ok(self.evaluate(w, false).0)
    }

    /// The loss at `W` and its gradient: for each context `c` seen `S[c]` times,
    /// `dW[c] = (S[c] * softmax(W[c]) - N[c]) / n`, plus `2 * reg * W / |W|`.
    pub fn loss_and_grad(&self, w: &Array2<f32>) -> Result<(f32, Array2<f32>)> {
        self.check_w(w)?;
        let (loss, grad) = self.evaluate(w, true);
        Ok((loss, grad.unwrap_or_default()))
    }

    fn check_w(&self, w: &Array2<f32>) -> Result<()> {
        check_shape("W", (self.rows, self.vocab.len()), w.dim())
    }

    fn evaluate(&self, w: &Array2<f32>, want_grad: bool) -> (f32, Option<Array2<f32>>) {
        let (nll, grad) = match &self.prepared {
            Prepared::Counts {
                seen,
                counts,
                sums,
                n,
            } => {
                // The rows of the contexts seen, then the vectorised kernel: their NLL terms
                // and, in place, their gradient (nn/kernels.rs).
                let mut rows = select_rows(w, seen).expect("contexts checked when prepared");
                let v = rows.ncols();
                let flat = rows.as_slice_mut().expect("select makes a standard layout");
                let nll = counts_rows(flat, v, counts, sums, (1.0 / n) as f32, want_grad);
                // dW: the reg term's gradient everywhere, plus the data's on the rows seen.
                let grad = want_grad.then(|| {
                    let mut g = reg_grad(w, self.reg);
                    scatter_add_into(&mut g, seen, &rows).expect("contexts checked when prepared");
                    g
                });
                (nll / n, grad)
            }
            Prepared::Examples { contexts, nexts } => {
                let (sum, grad) = indexed_nll(w, contexts, nexts, want_grad);
                let grad = grad.map(|mut g| {
                    add_reg_grad(&mut g, w, self.reg);
                    g
                });
                (sum / nexts.len() as f64, grad)
            }
        };
        ((nll + reg_term(w, self.reg)) as f32, grad)
    }
}

/// The table net: a vocabulary, K, and `W` of `V^K x V` (finite), one row per context.
///
/// ```
/// use makemore::nn::{Init, TableNet, TrainOptions};
/// use makemore::{loss, Dataset};
///
/// let words = Dataset::from_items(["emma", "ava", "mia", "emily"])?;
/// let mut net = TableNet::new(makemore::Vocab::from_dataset(&words), 2, Init::default())?;
/// let history = net.train(words.items(), &TrainOptions { steps: 20, lr: 10.0, ..Default::default() })?;
/// assert!(history.final_loss < history.losses[0]);
/// let model = net.to_model()?; // a table of probabilities for the sampler and the NLL
/// assert!(loss::evaluate(&model, words.items())?.mean < 3.0);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TableNet {
    vocab: Vocab,
    context_len: usize,
    w: Array2<f32>,
}

impl TableNet {
    /// A net with `W` from `init` ([`Init::matrix`] with `V^K` rows); an error if `V^K x V`
    /// passes [`DENSE_LIMIT`].
    pub fn new(vocab: Vocab, context_len: usize, init: Init) -> Result<Self> {
        let rows = dense_rows(&vocab, context_len)?;
        let w = init.matrix(rows, vocab.len());
        Ok(TableNet {
            vocab,
            context_len,
            w,
        })
    }

    /// A net with the given weights (`V^K x V`, finite).
    pub fn from_weights(vocab: Vocab, context_len: usize, w: Array2<f32>) -> Result<Self> {
        let rows = dense_rows(&vocab, context_len)?;
        check_shape("W", (rows, vocab.len()), w.dim())?;
        check_param(
            w.iter().all(|x| x.is_finite()),
            "W",
            "a non-finite weight",
            "every weight must be finite",
        )?;
        Ok(TableNet {
            vocab,
            context_len,
            w,
        })
    }

    /// The count model with smoothing k > 0 as a net: `W = ln(N + k)`, whose softmax rows are
    /// `(N + k) / rowsum`. The counts must be dense.
    ///
    /// ```
    /// use makemore::nn::{TableNet, TableObjective};
    /// use makemore::{Counts, Model, context, loss, sample};
    /// use makemore::Dataset;
    ///
    /// let words = Dataset::from_items(["emma", "ava", "mia"])?;
    /// let counts = Counts::from_dataset(&words, 2)?;
    /// let net = TableNet::from_counts(&counts, 1.0)?;
    /// let loss = TableObjective::from_counts(&counts, 0.0)?.loss(&net.w().to_owned())?;
    /// let counted = loss::evaluate(&Model::from_counts(&counts, 1.0)?, words.items())?;
    /// assert!((loss as f64 - counted.mean).abs() < 1e-6);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_counts(counts: &Counts, smoothing: f32) -> Result<Self> {
        check_smoothing(smoothing)?;
        check_param(
            smoothing > 0.0,
            "smoothing",
            smoothing,
            "must be > 0 for W = ln(N + k) (ln 0 is minus infinity)",
        )?;
        let rows = dense_rows(counts.vocab(), counts.context_len())?;
        let v = counts.vocab().len();
        let mut w = Array2::from_elem((rows, v), smoothing.ln());
        for (c, row) in counts.seen() {
            for (out, &n) in w.row_mut(c as usize).iter_mut().zip(row) {
                *out = (n as f32 + smoothing).ln();
            }
        }
        Self::from_weights(counts.vocab().clone(), counts.context_len(), w)
    }

    /// The vocabulary.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// K, the number of characters of context.
    pub fn context_len(&self) -> usize {
        self.context_len
    }

    /// `W`: row `c` holds the logits of the character after context `c`.
    pub fn w(&self) -> ArrayView2<'_, f32> {
        self.w.view()
    }

    /// The net as an [`Model`] (softmax of each row of `W`), for
    /// [`crate::sample::sample_names`] and [`crate::loss::evaluate`].
    pub fn to_model(&self) -> Result<Model> {
        Model::from_probs(self.vocab.clone(), self.context_len, softmax(&self.w))
    }

    /// Full-batch gradient descent on the items (as [`crate::nn::Net::train`]: `options.steps`
    /// updates `W -= lr * dW` of the loss plus `reg * mean(W^2)`), the loss from the counts
    /// ([`Method::Counts`]) or per example ([`Method::Index`]) as `options.method` says;
    /// [`Method::OneHot`] is an error (a one-hot input of `V^K` columns is never built).
    ///
    /// ```
    /// use makemore::nn::{Init, Method, TableNet, TrainOptions};
    /// use makemore::Vocab;
    ///
    /// let mut net = TableNet::new(Vocab::from_chars("ab".chars())?, 2, Init::Zeros)?;
    /// let onehot = TrainOptions { method: Method::OneHot, ..Default::default() };
    /// let err = net.train(["ab"], &onehot).unwrap_err().to_string();
    /// assert!(err.contains("V^K = 9 columns per example"), "{err}");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn train<I>(&mut self, items: I, options: &TrainOptions) -> Result<History>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.train_with(items, &options.check()?, |_, _| {})
    }

    /// [`TableNet::train`], calling `on_step(step, loss)` after each step's loss is computed
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
                TableObjective::from_counts(&Counts::from_items(vocab.clone(), k, items)?, reg)?
            }
            Method::Index => {
                let examples = examples_of(vocab, k, items)?;
                TableObjective::from_examples(vocab, k, &examples, reg)?
            }
            Method::OneHot => {
                let columns = format!("V^K = {}", self.w.nrows());
                return Err(refuse_onehot("a table net", &columns));
            }
        };
        descend(
            &mut self.w,
            options,
            |w, g| objective.evaluate(w, g),
            on_step,
        )
    }

    /// [`TableNet::train`] on an objective already prepared (reg from the objective; `options.reg`
    /// and `options.method` are not used). Its vocabulary and K must be the net's.
    pub fn train_on(
        &mut self,
        objective: &TableObjective,
        options: &TrainOptions,
    ) -> Result<History> {
        check_param(
            objective.vocab == self.vocab && objective.context_len == self.context_len,
            "objective",
            format!(
                "K = {} over {:?}",
                objective.context_len,
                objective.vocab.to_string()
            ),
            &format!(
                "the net has K = {} over {:?}; both must be the same",
                self.context_len,
                self.vocab.to_string()
            ),
        )?;
        let options = options.check()?;
        descend(
            &mut self.w,
            &options,
            |w, g| objective.evaluate(w, g),
            |_, _| {},
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;

    fn small() -> (Vocab, Vec<String>) {
        let words =
            Dataset::from_items(["emma", "olivia", "ava", "isabella", "sophia", "mia"]).unwrap();
        (Vocab::from_dataset(&words), words.items().to_vec())
    }

    /// The loss in f64 from the definition, example by example.
    fn reference_loss(w: &Array2<f64>, examples: &[Example], reg: f64) -> f64 {
        let mut nll = 0.0;
        for e in examples {
            let row = w.row(e.context as usize);
            let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
            let log_sum = row.iter().map(|&v| (v - max).exp()).sum::<f64>().ln() + max;
            nll += log_sum - row[e.next];
        }
        nll / examples.len() as f64 + reg * w.mapv(|v| v * v).mean().unwrap()
    }

    #[test]
    fn gradient_matches_central_differences_for_both_methods() {
        let (vocab, items) = small();
        let examples = examples_of(&vocab, 2, &items).unwrap();
        let rows = vocab.len() * vocab.len();
        let reg = 0.1;
        let w = (Init::ChaCha { seed: 7 }).matrix(rows, vocab.len());
        let w64 = w.mapv(f64::from);
        let h = 1e-5;
        let counted = TableObjective::from_counts(
            &Counts::from_items(vocab.clone(), 2, &items).unwrap(),
            reg as f32,
        )
        .unwrap();
        let per_example = TableObjective::from_examples(&vocab, 2, &examples, reg as f32).unwrap();
        for objective in [counted, per_example] {
            let (loss, grad) = objective.loss_and_grad(&w).unwrap();
            assert!((loss as f64 - reference_loss(&w64, &examples, reg)).abs() < 1e-6);
            // Every entry of the rows seen, and a few unseen (only the reg term).
            for ((i, j), &g) in grad.indexed_iter().filter(|((i, _), _)| {
                i % 7 == 0 || examples.iter().any(|e| e.context as usize == *i)
            }) {
                let (mut up, mut down) = (w64.clone(), w64.clone());
                up[[i, j]] += h;
                down[[i, j]] -= h;
                let numeric = (reference_loss(&up, &examples, reg)
                    - reference_loss(&down, &examples, reg))
                    / (2.0 * h);
                let rel =
                    (g as f64 - numeric).abs() / (g.abs() as f64).max(numeric.abs()).max(1e-6);
                assert!(rel <= 1e-3, "dW[{i}, {j}]: {g} vs {numeric}");
            }
        }
    }

    #[test]
    fn bad_sizes_and_mismatches_are_errors() {
        let vocab = Vocab::from_chars('a'..='z').unwrap();
        assert!(TableNet::new(vocab.clone(), 4, Init::Zeros).is_err()); // 27^5 entries
        assert!(TableNet::new(vocab.clone(), 3, Init::Zeros).is_ok());
        let mut net = TableNet::new(vocab.clone(), 2, Init::Zeros).unwrap();
        let other =
            TableObjective::from_counts(&Counts::from_items(vocab, 1, ["ab"]).unwrap(), 0.0)
                .unwrap();
        let err = net.train_on(&other, &TrainOptions::default()).unwrap_err();
        assert!(err.to_string().contains("both must be the same"), "{err}");
        assert!(
            net.train(
                ["ab"],
                &TrainOptions {
                    lr: 1e38,
                    ..Default::default()
                }
            )
            .is_err()
        );
        assert_eq!(net.w().iter().filter(|&&x| x != 0.0).count(), 0); // left alone
    }
}
