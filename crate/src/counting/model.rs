//! A model: for every context of K characters, a row of next-character probabilities.
//!
//! Every model of the lecture is such a table. The count model's rows are `(N + k) / rowsum`,
//! the uniform model's are `1/V` everywhere, and the neural net's are `softmax(W)` row by row.
//! With K = 1 the contexts are the characters themselves and the table is the lecture's `P`
//! (27 x 27 for names.txt): that model is the [`BigramModel`], the same type. Sampling
//! ([`crate::counting::sample`]) and scoring ([`crate::counting::loss`]) work on any model, whatever its K.
//!
//! ```
//! use makemore::{counting::{BigramModel, Model}, data::Dataset};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let bigram = BigramModel::fit(&words, 1, 1.0)?;
//! assert_eq!(bigram.probs()?.dim(), (27, 27));
//! let trigram = Model::fit(&words, 2, 1.0)?;
//! assert_eq!(trigram.probs()?.dim(), (729, 27));
//! # Ok::<(), makemore::Error>(())
//! ```

use std::collections::HashMap;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

use crate::counting::Counts;
use crate::counting::Smoothing;
use crate::counting::context::ContextSpace;
use crate::data::Dataset;
use crate::error::{Error, Result, check_row, check_shape, check_smoothing};
use crate::vocab::Vocab;
use crate::{counting::kneser_ney, counting::kneser_ney::Discount};

/// A vocabulary with, for every context of K characters, the distribution of the next
/// character. Dense (a `V^K x V` table) when its counts are, else only the rows of the contexts
/// seen plus one row for every context never seen.
///
/// ```
/// use makemore::{counting::Model, vocab::Vocab};
///
/// let model = Model::uniform(Vocab::from_chars('a'..='z')?);
/// assert_eq!(model.probs()?[[3, 4]], 1.0 / 27.0);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    vocab: Vocab,
    space: ContextSpace,
    table: ProbTable,
}

/// The lecture's model: one character of context, the table `P`. The same type as [`Model`];
/// the name says what it is in notebooks 01-07.
pub type BigramModel = Model;

#[derive(Clone, Debug, PartialEq)]
enum ProbTable {
    Dense(Array2<f32>),
    /// Only the rows of the contexts seen, by context length: `rows[K]` for the model's own
    /// contexts and, for a model that interpolates with shorter contexts (Kneser-Ney), `rows[m]`
    /// for those of m characters. A context takes the row of its longest suffix seen
    /// ([`kneser_ney::longest_suffix`]), else `unseen`.
    Sparse {
        rows: Vec<HashMap<u64, Array1<f32>>>,
        unseen: Array1<f32>,
    },
}

/// How far a row of a model's table may sum from 1 (f32 rounding of a softmax or a division).
const ROW_SUM_TOLERANCE: f32 = 1e-4;

/// One row of probabilities from one row of counts: `(counts + smoothing) / sum(counts +
/// smoothing)` in f32, the same arithmetic as a row of [`crate::counting::bigram::probs`] (so K = 1 gives
/// its rows bit for bit). A row that sums to zero (only with smoothing 0) is uniform, `1/V`.
fn smoothed_row(counts: ArrayView1<u32>, smoothing: f32) -> Array1<f32> {
    let smoothed = counts.mapv(|c| c as f32 + smoothing);
    let sum = smoothed.sum();
    if sum == 0.0 {
        Array1::from_elem(counts.len(), 1.0 / counts.len() as f32)
    } else {
        smoothed / sum
    }
}

impl Model {
    /// The count model of a data set with K = `context_len` characters of context and smoothing
    /// k (finite, >= 0): its vocabulary, its counts, `P = (N + k) / rowsum`.
    ///
    /// ```
    /// use makemore::{counting::BigramModel, data::Dataset};
    ///
    /// let model = BigramModel::fit(&Dataset::from_items(["ab", "ba", "a"])?, 1, 0.0)?;
    /// assert_eq!(model.probs()?.row(0).to_vec(), [0.0, 2.0 / 3.0, 1.0 / 3.0]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn fit(dataset: &Dataset, context_len: usize, smoothing: f32) -> Result<Self> {
        Self::from_counts(&Counts::from_dataset(dataset, context_len)?, smoothing)
    }

    /// The count model of counts already made: `P[context] = (N[context] + k) / rowsum`. A
    /// context never seen gets the row of all-zero counts, which is uniform (exactly `1/V`
    /// without smoothing, `k / (V k)` with it).
    ///
    /// ```
    /// use makemore::{counting::{Counts, Model}, vocab::Vocab};
    ///
    /// let counts = Counts::from_items(Vocab::from_chars("ab".chars())?, 2, ["ab"])?;
    /// let model = Model::from_counts(&counts, 0.0)?;
    /// assert_eq!(model.row(5)?.to_vec(), [1.0, 0.0, 0.0]); // "ab" -> '.'
    /// assert_eq!(model.row(8)?.to_vec(), [1.0 / 3.0; 3]); // "bb", never seen: uniform
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_counts(counts: &Counts, smoothing: f32) -> Result<Self> {
        check_smoothing(smoothing)?;
        let vocab = counts.vocab().clone();
        let space = ContextSpace::new(&vocab, counts.context_len())?;
        let table = match counts.dense() {
            Some(n) => {
                let mut p = Array2::zeros(n.dim());
                for (row, mut out) in n.outer_iter().zip(p.outer_iter_mut()) {
                    out.assign(&smoothed_row(row, smoothing));
                }
                ProbTable::Dense(p)
            }
            None => ProbTable::Sparse {
                rows: (0..space.len)
                    .map(|_| HashMap::new())
                    .chain([counts
                        .seen()
                        .map(|(c, row)| (c, smoothed_row(row, smoothing)))
                        .collect()])
                    .collect(),
                unseen: smoothed_row(Array1::zeros(vocab.len()).view(), smoothing),
            },
        };
        Ok(Model {
            vocab,
            space,
            table,
        })
    }

    /// The Kneser-Ney model of counts (see [`crate::counting::kneser_ney`]): each row interpolates the
    /// discounted counts with the row of the context one character shorter, down to the uniform
    /// distribution. A context never seen takes the row of its longest suffix seen. Dense when
    /// the counts are, else only the rows seen at every order are kept.
    ///
    /// ```
    /// use makemore::counting::kneser_ney::Discount;
    /// use makemore::{counting::{Counts, Model}, vocab::Vocab};
    ///
    /// // "a": '.' -> 'a' and 'a' -> '.' once each; both characters end one context once, so
    /// // p(w) = (1 - 0.5) / 2 + (0.5 * 2 / 2) / 2 = 0.5 and after '.': p('a') = 0.5 + 0.5 * 0.5.
    /// let counts = Counts::from_items(Vocab::from_chars("a".chars())?, 1, ["a"])?;
    /// let model = Model::kneser_ney(&counts, Discount::Fixed(0.5))?;
    /// assert_eq!(model.row(0)?.to_vec(), [0.25, 0.75]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn kneser_ney(counts: &Counts, discount: Discount) -> Result<Self> {
        let vocab = counts.vocab().clone();
        let space = ContextSpace::new(&vocab, counts.context_len())?;
        let rows = kneser_ney::rows(counts, discount)?
            .into_iter()
            .map(|order| {
                let f32_rows = order.into_iter().map(|(c, p)| (c, p.mapv(|p| p as f32)));
                f32_rows.collect()
            })
            .collect();
        let unseen = Array1::from_elem(vocab.len(), 1.0 / vocab.len() as f32);
        let mut model = Model {
            vocab,
            space,
            table: ProbTable::Sparse { rows, unseen },
        };
        if counts.is_dense() {
            let mut p = Array2::zeros((space.count as usize, model.vocab.len()));
            for (context, mut out) in p.outer_iter_mut().enumerate() {
                out.assign(&model.row_of(context as u64));
            }
            model.table = ProbTable::Dense(p);
        }
        Ok(model)
    }

    /// The model of counts under either smoothing: [`Model::from_counts`] for
    /// [`Smoothing::AddK`], [`Model::kneser_ney`] for [`Smoothing::KneserNey`].
    ///
    /// ```
    /// use makemore::{counting::{Counts, Model, Smoothing}, vocab::Vocab};
    ///
    /// let counts = Counts::from_items(Vocab::from_chars("ab".chars())?, 1, ["ab", "b"])?;
    /// let add_one = Model::smoothed(&counts, Smoothing::AddK(1.0))?;
    /// assert_eq!(add_one, Model::from_counts(&counts, 1.0)?);
    /// let kn = Model::smoothed(&counts, "kn".parse()?)?;
    /// assert!(kn.row(0)?.iter().all(|&p| p > 0.0));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn smoothed(counts: &Counts, smoothing: Smoothing) -> Result<Self> {
        match smoothing {
            Smoothing::AddK(k) => Self::from_counts(counts, k),
            Smoothing::KneserNey(discount) => Self::kneser_ney(counts, discount),
        }
    }

    /// The bigram count model of the lecture's count matrix `N` (see [`crate::counting::bigram::probs`]
    /// for the smoothing and for rows that sum to zero).
    ///
    /// ```
    /// use makemore::{counting::{BigramModel, bigram}, vocab::Vocab};
    ///
    /// let vocab = Vocab::from_chars("ab".chars())?;
    /// let n = bigram::count_matrix(&vocab, ["ab"])?;
    /// let model = BigramModel::from_matrix(vocab, &n, 1.0)?;
    /// assert_eq!(model.probs()?[[0, 1]], 0.5); // (1 + 1) / (1 + 3)
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_matrix(vocab: Vocab, counts: &Array2<u32>, smoothing: f32) -> Result<Self> {
        Self::from_counts(&Counts::from_matrix(vocab, counts.clone())?, smoothing)
    }

    /// A model from a dense table of probabilities (`V^K x V`), e.g. a neural net's softmax.
    /// Each row must be finite, non-negative and sum to 1 (within 1e-4).
    ///
    /// ```
    /// use makemore::{counting::Model, vocab::Vocab};
    /// use ndarray::{Array2, array};
    ///
    /// let vocab = Vocab::from_chars("a".chars())?;
    /// assert!(Model::from_probs(vocab.clone(), 1, array![[0.5, 0.5], [0.1, 0.9]]).is_ok());
    /// assert!(Model::from_probs(vocab.clone(), 1, array![[0.5, 0.6], [0.1, 0.9]]).is_err());
    /// assert!(Model::from_probs(vocab.clone(), 2, Array2::from_elem((4, 2), 0.5)).is_ok());
    /// assert!(Model::from_probs(vocab, 2, Array2::from_elem((2, 2), 0.5)).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_probs(vocab: Vocab, context_len: usize, probs: Array2<f32>) -> Result<Self> {
        let space = ContextSpace::new(&vocab, context_len)?;
        let rows = usize::try_from(space.count).unwrap_or(usize::MAX);
        check_shape("probability table", (rows, vocab.len()), probs.dim())?;
        check_prob_rows(probs.view())?;
        Ok(Model {
            vocab,
            space,
            table: ProbTable::Dense(probs),
        })
    }

    /// The model that knows nothing: every next character equally likely (K = 1).
    ///
    /// ```
    /// use makemore::{counting::BigramModel, vocab::Vocab};
    ///
    /// let model = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
    /// assert!(model.probs()?.iter().all(|&p| p == 1.0 / 3.0));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn uniform(vocab: Vocab) -> Self {
        let v = vocab.len();
        Model {
            space: ContextSpace::new(&vocab, 1).expect("one character of context is in range"),
            table: ProbTable::Dense(Array2::from_elem((v, v), 1.0 / v as f32)),
            vocab,
        }
    }

    /// The vocabulary.
    ///
    /// ```
    /// # use makemore::{counting::BigramModel, vocab::Vocab};
    /// let model = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
    /// assert_eq!(model.vocab().to_string(), ".ab");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// K, the number of characters of context (1 for the bigram).
    pub fn context_len(&self) -> usize {
        self.space.len
    }

    /// The whole table `P` (`V^K x V`: row = context, column = next character), or an error
    /// for a model too large to hold densely (only the rows seen are kept: see [`Model::row`]).
    ///
    /// ```
    /// # use makemore::{counting::BigramModel, vocab::Vocab};
    /// let model = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
    /// assert_eq!(model.probs()?.dim(), (3, 3));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn probs(&self) -> Result<ArrayView2<'_, f32>> {
        match &self.table {
            ProbTable::Dense(p) => Ok(p.view()),
            ProbTable::Sparse { .. } => Err(Error::InvalidParameter {
                name: "context length",
                value: self.context_len().to_string(),
                reason: format!(
                    "this model keeps only the rows of the contexts seen ({}^{} contexts are too \
                     many for a dense table); ask for one row with Model::row",
                    self.vocab.len(),
                    self.context_len()
                ),
            }),
        }
    }

    /// The distribution of the character after `context` (the lecture's `P[ix]`); a context
    /// `>= V^K` is an error.
    ///
    /// ```
    /// # use makemore::{counting::BigramModel, vocab::Vocab};
    /// let model = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
    /// assert_eq!(model.row(2)?.to_vec(), [1.0 / 3.0; 3]);
    /// assert!(model.row(3).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn row(&self, context: u64) -> Result<ArrayView1<'_, f32>> {
        self.space.check(context)?;
        Ok(self.row_of(context))
    }

    /// The row of a context known to be below `V^K`.
    pub(crate) fn row_of(&self, context: u64) -> ArrayView1<'_, f32> {
        match &self.table {
            ProbTable::Dense(p) => p.row(context as usize),
            ProbTable::Sparse { rows, unseen } => {
                kneser_ney::longest_suffix(rows, self.space.size, context)
                    .unwrap_or(unseen)
                    .view()
            }
        }
    }

    pub(crate) fn space(&self) -> &ContextSpace {
        &self.space
    }
}

/// Every row of a probability table can be sampled from and sums to 1 (within
/// `ROW_SUM_TOLERANCE`); otherwise an [`Error::InvalidProbabilities`] naming the row.
fn check_prob_rows(probs: ArrayView2<f32>) -> Result<()> {
    for (i, row) in probs.outer_iter().enumerate() {
        check_row(row).map_err(|reason| Error::InvalidProbabilities {
            reason: format!("row {i}: {reason}"),
        })?;
        let sum = row.sum();
        if (sum - 1.0).abs() > ROW_SUM_TOLERANCE {
            return Err(Error::InvalidProbabilities {
                reason: format!("row {i} sums to {sum}, not 1"),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn from_probs_checks_shape_and_rows() {
        let vocab = Vocab::from_chars("a".chars()).unwrap();
        assert!(matches!(
            Model::from_probs(vocab.clone(), 1, Array2::from_elem((3, 3), 1.0 / 3.0)),
            Err(Error::Shape { .. })
        ));
        for bad in [
            array![[f32::NAN, 1.0], [0.5, 0.5]],
            array![[-0.5, 1.5], [0.5, 0.5]],
            array![[0.0, 0.0], [0.5, 0.5]],
        ] {
            assert!(matches!(
                Model::from_probs(vocab.clone(), 1, bad),
                Err(Error::InvalidProbabilities { .. })
            ));
        }
    }

    #[test]
    fn from_matrix_checks_the_shape_against_the_vocabulary() {
        let vocab = Vocab::from_chars("ab".chars()).unwrap();
        let err = Model::from_matrix(vocab, &Array2::zeros((2, 2)), 1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "count matrix has shape (2, 2), expected (3, 3)"
        );
    }

    #[test]
    fn sparse_models_refuse_the_whole_table_and_give_rows() {
        let vocab = Vocab::from_chars('a'..='z').unwrap();
        let model = Model::from_counts(&Counts::from_items(vocab, 5, ["emma"]).unwrap(), 1.0);
        let model = model.unwrap();
        assert!(model.probs().is_err());
        assert!((model.row(0).unwrap().sum() - 1.0).abs() < 1e-6);
    }
}
