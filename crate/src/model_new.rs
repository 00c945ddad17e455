//! The n-gram model: a probability row for every context, `(counts + k) / rowsum`.

use std::collections::HashMap;

use ndarray::{Array1, Array2, ArrayView1};

use super::context::ContextSpace;
use super::counts::NgramCounts;
use crate::data::Dataset;
use crate::error::{Result, check_shape, check_smoothing};
use crate::model::check_prob_rows;
use crate::vocab::Vocab;

/// One row of probabilities from one row of counts: `(counts + smoothing) / sum(counts +
/// smoothing)` in f32, the same arithmetic as a row of [`crate::bigram::probs`] (so K = 1 gives
/// its rows bit for bit). A row that sums to zero (only with smoothing 0) is uniform, `1/V`.
///
/// ```
/// use makemore::ngram::probs_row;
/// use ndarray::array;
///
/// assert_eq!(probs_row(array![1, 3].view(), 0.0)?, array![0.25, 0.75]);
/// assert_eq!(probs_row(array![1, 3].view(), 1.0)?, array![2.0 / 6.0, 4.0 / 6.0]);
/// assert_eq!(probs_row(array![0, 0].view(), 0.0)?, array![0.5, 0.5]);
/// assert!(probs_row(array![0, 0].view(), -1.0).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn probs_row(counts: ArrayView1<u32>, smoothing: f32) -> Result<Array1<f32>> {
    check_smoothing(smoothing)?;
    Ok(smoothed_row(counts, smoothing))
}

/// [`probs_row`] for a checked smoothing.
fn smoothed_row(counts: ArrayView1<u32>, smoothing: f32) -> Array1<f32> {
    let smoothed = counts.mapv(|c| c as f32 + smoothing);
    let sum = smoothed.sum();
    if sum == 0.0 {
        Array1::from_elem(counts.len(), 1.0 / counts.len() as f32)
    } else {
        smoothed / sum
    }
}

/// A model with K characters of context: for every context, the distribution of the next
/// character. The count model's rows are [`probs_row`] of its counts; a context never seen in
/// the data gets the row of all-zero counts, which is uniform (exactly `1/V` without smoothing,
/// `k / (V k)` with it). Dense (a `V^K x V` table) when the counts are, else only the rows seen
/// plus that one row for the rest.
///
/// ```
/// use makemore::ngram::{NgramCounts, NgramModel};
/// use makemore::Dataset;
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let counts = NgramCounts::from_dataset(&words, 2)?;
/// let trigram = NgramModel::from_counts(&counts, 1.0)?;
/// let em = 5 * 27 + 13;
/// let p = trigram.probs(em)?; // P[em]: the character after "em"
/// assert!((p.sum() - 1.0).abs() < 1e-6);
/// let n = counts.row(em).unwrap();
/// assert_eq!(p[13], (n[13] as f32 + 1.0) / (n.sum() as f32 + 27.0)); // "emm"
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct NgramModel {
    vocab: Vocab,
    space: ContextSpace,
    table: ProbTable,
}

#[derive(Clone, Debug, PartialEq)]
enum ProbTable {
    Dense(Array2<f32>),
    Sparse {
        rows: HashMap<u64, Array1<f32>>,
        unseen: Array1<f32>,
    },
}

impl NgramModel {
    /// The count model of a data set with K = `context_len` and smoothing k (finite, >= 0).
    ///
    /// ```
    /// use makemore::ngram::NgramModel;
    /// use makemore::{BigramModel, Dataset};
    ///
    /// let words = Dataset::from_items(["emma", "ava"])?;
    /// let model = NgramModel::fit(&words, 1, 1.0)?;
    /// assert_eq!(model.dense(), Some(BigramModel::fit(&words, 1.0)?.probs()));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn fit(dataset: &Dataset, context_len: usize, smoothing: f32) -> Result<Self> {
        Self::from_counts(&NgramCounts::from_dataset(dataset, context_len)?, smoothing)
    }

    /// The count model of counts already made: `P[context] = (N[context] + k) / rowsum`.
    ///
    /// ```
    /// use makemore::ngram::{NgramCounts, NgramModel};
    /// use makemore::Vocab;
    ///
    /// let counts = NgramCounts::from_items(Vocab::from_chars("ab".chars())?, 2, ["ab"])?;
    /// let model = NgramModel::from_counts(&counts, 0.0)?;
    /// assert_eq!(model.probs(5)?.to_vec(), [1.0, 0.0, 0.0]); // "ab" -> '.'
    /// assert_eq!(model.probs(8)?.to_vec(), [1.0 / 3.0; 3]); // "bb", never seen: uniform
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_counts(counts: &NgramCounts, smoothing: f32) -> Result<Self> {
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
                rows: counts
                    .seen()
                    .map(|(c, row)| (c, smoothed_row(row, smoothing)))
                    .collect(),
                unseen: smoothed_row(Array1::zeros(vocab.len()).view(), smoothing),
            },
        };
        Ok(NgramModel {
            vocab,
            space,
            table,
        })
    }

    /// A model from a dense table of probabilities (`V^K x V`), e.g. a neural net's softmax.
    /// Each row must be finite, non-negative and sum to 1 (within 1e-4).
    ///
    /// ```
    /// use makemore::ngram::NgramModel;
    /// use makemore::Vocab;
    /// use ndarray::Array2;
    ///
    /// let vocab = Vocab::from_chars("a".chars())?;
    /// assert!(NgramModel::from_probs(vocab.clone(), 2, Array2::from_elem((4, 2), 0.5)).is_ok());
    /// assert!(NgramModel::from_probs(vocab.clone(), 2, Array2::from_elem((2, 2), 0.5)).is_err());
    /// assert!(NgramModel::from_probs(vocab, 2, Array2::from_elem((4, 2), 0.6)).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_probs(vocab: Vocab, context_len: usize, probs: Array2<f32>) -> Result<Self> {
        let space = ContextSpace::new(&vocab, context_len)?;
        let rows = usize::try_from(space.count).unwrap_or(usize::MAX);
        check_shape("probability table", (rows, vocab.len()), probs.dim())?;
        check_prob_rows(probs.view())?;
        Ok(NgramModel {
            vocab,
            space,
            table: ProbTable::Dense(probs),
        })
    }

    /// The vocabulary.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// K, the number of characters of context.
    pub fn context_len(&self) -> usize {
        self.space.len
    }

    /// The whole table (`V^K x V`) if the model is dense.
    pub fn dense(&self) -> Option<ndarray::ArrayView2<'_, f32>> {
        match &self.table {
            ProbTable::Dense(p) => Some(p.view()),
            ProbTable::Sparse { .. } => None,
        }
    }

    /// The distribution of the character after `context` (the lecture's `P[ix]`); a context
    /// `>= V^K` is an error.
    pub fn probs(&self, context: u64) -> Result<ArrayView1<'_, f32>> {
        self.space.check(context)?;
        Ok(self.row(context))
    }

    /// The row of a context known to be below `V^K`.
    pub(crate) fn row(&self, context: u64) -> ArrayView1<'_, f32> {
        match &self.table {
            ProbTable::Dense(p) => p.row(context as usize),
            ProbTable::Sparse { rows, unseen } => rows.get(&context).unwrap_or(unseen).view(),
        }
    }

    pub(crate) fn space(&self) -> &ContextSpace {
        &self.space
    }
}
