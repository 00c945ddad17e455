//! A bigram model: a vocabulary and a table of next-character probabilities.
//!
//! Every model in the lecture is such a table. The count model's is `(N + k) / rowsum`, the uniform
//! model's is `1/V` everywhere, and the neural net's is `softmax(W)` row by row. Sampling
//! ([`crate::sample`]) and scoring ([`crate::loss`]) work on any of them.
//!
//! ```
//! use makemore::{BigramModel, Dataset};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let model = BigramModel::fit(&words, 1.0)?;
//! assert_eq!(model.probs().dim(), (27, 27));
//! # Ok::<(), makemore::Error>(())
//! ```

use ndarray::{Array2, ArrayView2};

use crate::bigram;
use crate::data::Dataset;
use crate::error::{Error, Result, check_row};
use crate::vocab::Vocab;

/// A vocabulary with a `V x V` probability table whose row `i` is the distribution of the
/// character after character `i`.
///
/// ```
/// use makemore::{BigramModel, Vocab};
///
/// let model = BigramModel::uniform(Vocab::from_chars('a'..='z')?);
/// assert_eq!(model.probs()[[3, 4]], 1.0 / 27.0);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BigramModel {
    vocab: Vocab,
    probs: Array2<f32>,
}

/// How far a row of a model's table may sum from 1 (f32 rounding of a softmax or a division).
const ROW_SUM_TOLERANCE: f32 = 1e-4;

impl BigramModel {
    /// The count model of a data set: its vocabulary, its counts `N`, `P = (N + smoothing) / rowsum`.
    ///
    /// ```
    /// use makemore::{BigramModel, Dataset};
    ///
    /// let model = BigramModel::fit(&Dataset::from_items(["ab", "ba", "a"])?, 0.0)?;
    /// assert_eq!(model.probs().row(0).to_vec(), [0.0, 2.0 / 3.0, 1.0 / 3.0]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn fit(dataset: &Dataset, smoothing: f32) -> Result<Self> {
        let vocab = Vocab::from_dataset(dataset);
        let counts = bigram::count_matrix(&vocab, dataset.items())?;
        Self::from_counts(vocab, &counts, smoothing)
    }

    /// The count model of a count matrix already made; see [`bigram::probs`] for the smoothing and
    /// for rows that sum to zero.
    ///
    /// ```
    /// use makemore::{bigram, BigramModel, Vocab};
    ///
    /// let vocab = Vocab::from_chars("ab".chars())?;
    /// let counts = bigram::count_matrix(&vocab, ["ab"])?;
    /// let model = BigramModel::from_counts(vocab, &counts, 1.0)?;
    /// assert_eq!(model.probs()[[0, 1]], 0.5); // (1 + 1) / (1 + 3)
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_counts(vocab: Vocab, counts: &Array2<u32>, smoothing: f32) -> Result<Self> {
        check_shape("count matrix", &vocab, counts.dim())?;
        let probs = bigram::probs(counts, smoothing)?;
        Ok(BigramModel { vocab, probs })
    }

    /// A model from any probability table, e.g. the neural net's `softmax(W)`. Each row must be
    /// finite, non-negative and sum to 1 (within 1e-4).
    ///
    /// ```
    /// use makemore::{BigramModel, Vocab};
    /// use ndarray::array;
    ///
    /// let vocab = Vocab::from_chars("a".chars())?;
    /// assert!(BigramModel::from_probs(vocab.clone(), array![[0.5, 0.5], [0.1, 0.9]]).is_ok());
    /// assert!(BigramModel::from_probs(vocab, array![[0.5, 0.6], [0.1, 0.9]]).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_probs(vocab: Vocab, probs: Array2<f32>) -> Result<Self> {
        check_shape("probability table", &vocab, probs.dim())?;
        check_prob_rows(probs.view())?;
        Ok(BigramModel { vocab, probs })
    }

    /// The model that knows nothing: every next character equally likely.
    ///
    /// ```
    /// use makemore::{BigramModel, Vocab};
    ///
    /// let model = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
    /// assert!(model.probs().iter().all(|&p| p == 1.0 / 3.0));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn uniform(vocab: Vocab) -> Self {
        let v = vocab.len();
        BigramModel {
            probs: Array2::from_elem((v, v), 1.0 / v as f32),
            vocab,
        }
    }

    /// The vocabulary.
    ///
    /// ```
    /// # use makemore::{BigramModel, Vocab};
    /// let model = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
    /// assert_eq!(model.vocab().to_string(), ".ab");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// The probability table `P` (row = current character, column = next character).
    ///
    /// ```
    /// # use makemore::{BigramModel, Vocab};
    /// let model = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
    /// assert_eq!(model.probs().dim(), (3, 3));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn probs(&self) -> ArrayView2<'_, f32> {
        self.probs.view()
    }
}

/// Every row of a probability table can be sampled from and sums to 1 (within
/// `ROW_SUM_TOLERANCE`); otherwise an [`Error::InvalidProbabilities`] naming the row.
pub(crate) fn check_prob_rows(probs: ArrayView2<f32>) -> Result<()> {
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

/// A `V x V` table for this vocabulary, or an [`Error::Shape`] naming it.
pub(crate) fn check_shape(what: &'static str, vocab: &Vocab, found: (usize, usize)) -> Result<()> {
    crate::error::check_shape(what, (vocab.len(), vocab.len()), found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn from_probs_checks_shape_and_rows() {
        let vocab = Vocab::from_chars("a".chars()).unwrap();
        assert!(matches!(
            BigramModel::from_probs(vocab.clone(), Array2::from_elem((3, 3), 1.0 / 3.0)),
            Err(Error::Shape { .. })
        ));
        for bad in [
            array![[f32::NAN, 1.0], [0.5, 0.5]],
            array![[-0.5, 1.5], [0.5, 0.5]],
            array![[0.0, 0.0], [0.5, 0.5]],
        ] {
            assert!(matches!(
                BigramModel::from_probs(vocab.clone(), bad),
                Err(Error::InvalidProbabilities { .. })
            ));
        }
    }

    #[test]
    fn from_counts_checks_the_shape_against_the_vocabulary() {
        let vocab = Vocab::from_chars("ab".chars()).unwrap();
        let err = BigramModel::from_counts(vocab, &Array2::zeros((2, 2)), 1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "count matrix has shape (2, 2), expected (3, 3)"
        );
    }
}
