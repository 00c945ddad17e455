//! Scoring a model: likelihood, log-likelihood, negative log-likelihood.
//!
//! The likelihood of the data is the product of the probabilities the model gives every bigram in
//! it. That product underflows at once, so we add logarithms instead: the log-likelihood (<= 0).
//! Negated it is the NLL (>= 0, lower is better), and divided by the number of bigrams it is the
//! average NLL, the loss the lecture reports: about 2.454 for the count model of names.txt.
//!
//! Sums run in f64 over the f32 probabilities, so the result does not depend on the summation
//! order to the digits printed. A bigram of probability zero (the lecture's "andrejq" under the
//! unsmoothed model: 'j' is never followed by 'q') gives an infinite NLL, never NaN.
//!
//! ```
//! use makemore::{loss, BigramModel, Dataset};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let nll = loss::evaluate(&BigramModel::fit(&words, 0.0)?, words.items())?;
//! assert_eq!(nll.count, 228146);
//! assert!((nll.mean - 2.4541).abs() < 1e-4);
//! let andrejq = loss::evaluate(&BigramModel::fit(&words, 0.0)?, ["andrejq"])?;
//! assert_eq!(andrejq.nll, f64::INFINITY);
//! # Ok::<(), makemore::Error>(())
//! ```

use ndarray::Array2;
use serde::Serialize;

use crate::bigram::bigrams;
use crate::data::Split;
use crate::error::{Error, Result, check_param};
use crate::model::BigramModel;
use crate::vocab::BOUNDARY;

/// The scores of a model over some items.
///
/// ```
/// use makemore::{loss, BigramModel, Vocab};
///
/// let uniform = BigramModel::uniform(Vocab::from_chars('a'..='z')?);
/// let nll = loss::evaluate(&uniform, ["emma"])?;
/// assert_eq!(nll.count, 5);
/// assert!((nll.mean - 27f64.ln()).abs() < 1e-6); // every bigram costs ln 27
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Nll {
    /// Sum of the log-probabilities of every bigram (<= 0).
    pub log_likelihood: f64,
    /// `-log_likelihood`.
    pub nll: f64,
    /// Number of bigrams scored.
    pub count: usize,
    /// `nll / count`: the average negative log-likelihood, the loss.
    pub mean: f64,
}

/// One bigram of an item with the model's probability for it.
///
/// ```
/// use makemore::{loss, BigramModel, Vocab};
///
/// let uniform = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
/// let first = &loss::breakdown(&uniform, "ab")?[0];
/// assert_eq!(first.bigram, ('.', 'a'));
/// assert_eq!(first.prob, 1.0 / 3.0);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct BigramScore {
    /// The bigram (current character, next character).
    pub bigram: (char, char),
    /// The model's probability of the next character after the current one.
    pub prob: f32,
    /// Its natural logarithm (in f64; minus infinity for a probability of zero).
    pub log_prob: f64,
}

/// The bigrams of one item (with the start/end tokens) and their probabilities and log-probabilities.
///
/// ```
/// use makemore::{loss, BigramModel, Dataset};
///
/// let model = BigramModel::fit(&Dataset::from_items(["ab", "ba", "a"])?, 0.0)?;
/// let scores = loss::breakdown(&model, "ab")?;
/// let probs: Vec<f32> = scores.iter().map(|s| s.prob).collect();
/// assert_eq!(probs, [2.0 / 3.0, 1.0 / 3.0, 1.0 / 2.0]); // .a ab b.
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn breakdown(model: &BigramModel, item: &str) -> Result<Vec<BigramScore>> {
    let vocab = model.vocab();
    let probs = model.probs();
    if item.contains(BOUNDARY) {
        return Err(Error::ReservedInItem { item: item.into() });
    }
    bigrams(item)
        .map(|(a, b)| {
            let prob = probs[[vocab.index_of(a, item)?, vocab.index_of(b, item)?]];
            Ok(BigramScore {
                bigram: (a, b),
                prob,
                log_prob: (prob as f64).ln(),
            })
        })
        .collect()
}

/// The log-likelihood, NLL and average NLL of a model over items. Needs at least one item; a
/// character outside the model's vocabulary is an error naming the item.
///
/// The same sum as adding up [`breakdown`]'s `log_prob` over every bigram in order (bit for bit),
/// without building the breakdown: the logarithms of the table are taken once, and each bigram
/// costs one lookup and one addition.
///
/// ```
/// use makemore::{loss, BigramModel, Dataset};
///
/// // "ab", "ba", "a" under their own count model (worked out in the tests by hand):
/// let words = Dataset::from_items(["ab", "ba", "a"])?;
/// let nll = loss::evaluate(&BigramModel::fit(&words, 0.0)?, words.items())?;
/// assert_eq!(nll.count, 8);
/// assert!(loss::evaluate(&BigramModel::fit(&words, 0.0)?, ["abc"]).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn evaluate<I>(model: &BigramModel, items: I) -> Result<Nll>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let table = LogTable::new(model);
    let mut log_likelihood = 0.0f64;
    let mut count = 0usize;
    for item in items {
        let item = item.as_ref();
        if item.contains(BOUNDARY) {
            return Err(Error::ReservedInItem { item: item.into() });
        }
        let mut prev = 0;
        table.for_each_index(item, |ix| {
            log_likelihood += table.log_p(prev, ix);
            prev = ix;
            count += 1;
        })?;
        log_likelihood += table.log_p(prev, 0);
        count += 1;
    }
    finish(log_likelihood, count)
}

/// The scores of a model over the items a count matrix `N` was counted from, computed from `N`
/// alone: `log-likelihood = sum over (i, j) of N[i, j] * ln P[i, j]`, since every one of the
/// `N[i, j]` occurrences of a bigram has the same probability. That is `V x V` work instead of one
/// step per bigram of the data.
///
/// Equal to [`evaluate`] over those items up to the order of the f64 additions (a relative
/// difference around 1e-15). `N` must be `V x V` for the model's vocabulary and count at least
/// one bigram; a bigram of probability zero that occurs gives an infinite NLL.
///
/// ```
/// use makemore::bigram::Counts;
/// use makemore::{loss, BigramModel};
///
/// let counts = Counts::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let model = BigramModel::from_counts(counts.vocab.clone(), &counts.matrix, 1.0)?;
/// let nll = loss::evaluate_counts(&model, &counts.matrix)?;
/// assert_eq!(nll.count, 228146);
/// assert!((nll.mean - 2.4546).abs() < 1e-4); // +1 smoothed; 2.4540 unsmoothed
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn evaluate_counts(model: &BigramModel, counts: &Array2<u32>) -> Result<Nll> {
    crate::model::check_shape("count matrix", model.vocab(), counts.dim())?;
    let probs = model.probs();
    let mut log_likelihood = 0.0f64;
    let mut count = 0usize;
    for (&n, &p) in counts.iter().zip(probs.iter()) {
        if n > 0 {
            log_likelihood += n as f64 * (p as f64).ln();
            count += n as usize;
        }
    }
    finish(log_likelihood, count)
}

fn finish(log_likelihood: f64, count: usize) -> Result<Nll> {
    check_param(count > 0, "items", "none", "at least one item is needed")?;
    let nll = -log_likelihood;
    Ok(Nll {
        log_likelihood,
        nll,
        count,
        mean: nll / count as f64,
    })
}

/// A model's table as natural logarithms in f64, with an index for ASCII characters.
struct LogTable<'a> {
    model: &'a BigramModel,
    size: usize,
    log_p: Vec<f64>,
    /// `ascii[b]` is the index of the ASCII character `b`, or `NOT_IN_VOCAB`.
    ascii: [u8; 128],
}

const NOT_IN_VOCAB: u8 = u8::MAX;

impl<'a> LogTable<'a> {
    fn new(model: &'a BigramModel) -> Self {
        let mut ascii = [NOT_IN_VOCAB; 128];
        for (ix, &ch) in model.vocab().chars().iter().enumerate() {
            if ch.is_ascii() && ix < NOT_IN_VOCAB as usize {
                ascii[ch as usize] = ix as u8;
            }
        }
        LogTable {
            model,
            size: model.vocab().len(),
            log_p: model.probs().iter().map(|&p| (p as f64).ln()).collect(),
            ascii,
        }
    }

    fn log_p(&self, prev: usize, next: usize) -> f64 {
        self.log_p[prev * self.size + next]
    }

    /// Calls `f` with the index of every character of `item` in order; the first character outside
    /// the vocabulary is an error.
    fn for_each_index(&self, item: &str, mut f: impl FnMut(usize)) -> Result<()> {
        for ch in item.chars() {
            let ix = if ch.is_ascii() {
                self.ascii[ch as usize]
            } else {
                NOT_IN_VOCAB
            };
            match ix {
                NOT_IN_VOCAB => f(self.model.vocab().index_of(ch, item)?),
                ix => f(ix as usize),
            }
        }
        Ok(())
    }
}

/// The average NLL of a model on the three parts of a split (no regularisation term: this is
/// how well the model predicts the items).
///
/// ```
/// use makemore::loss::evaluate_split;
/// use makemore::{BigramModel, Dataset};
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let split = words.split(42)?;
/// let model = BigramModel::fit(&split.train, 1.0)?;
/// let losses = evaluate_split(&model, &split)?;
/// assert!(losses.train.mean < losses.val.mean); // fitted on train
/// assert!((losses.val.mean - losses.train.mean).abs() < 0.05); // but a bigram barely overfits
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn evaluate_split(model: &BigramModel, split: &Split) -> Result<SplitLosses> {
    Ok(SplitLosses {
        train: evaluate(model, split.train.items())?,
        val: evaluate(model, split.val.items())?,
        test: evaluate(model, split.test.items())?,
    })
}

/// The scores of [`evaluate_split`].
///
/// ```
/// use makemore::loss::evaluate_split;
/// use makemore::{BigramModel, Dataset, Vocab};
///
/// let words = Dataset::from_items(["emma", "ava", "mia", "zoe", "lia"])?;
/// let uniform = BigramModel::uniform(Vocab::from_dataset(&words));
/// let losses = evaluate_split(&uniform, &words.split(1)?)?;
/// // Uniform: every bigram costs ln V, whatever the part.
/// assert!((losses.train.mean - losses.test.mean).abs() < 1e-12);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SplitLosses {
    /// On the training part (80%).
    pub train: Nll,
    /// On the validation part (10%).
    pub val: Nll,
    /// On the test part (10%).
    pub test: Nll,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Dataset;
    use crate::vocab::Vocab;

    /// Toy set "ab", "ba", "a". Counts (rows . a b): . -> a 2, b 1; a -> . 2, b 1; b -> . 1, a 1.
    /// Unsmoothed P: .a 2/3 .b 1/3 | a. 2/3 ab 1/3 | b. 1/2 ba 1/2.
    /// Bigrams and probabilities:
    ///   ab: .a 2/3, ab 1/3, b. 1/2
    ///   ba: .b 1/3, ba 1/2, a. 2/3
    ///   a:  .a 2/3, a. 2/3
    /// log-likelihood = 4 ln(2/3) + 2 ln(1/3) + 2 ln(1/2) = -5.2053794, 8 bigrams,
    /// so the average NLL is 0.6506724.
    #[test]
    fn toy_nll_by_hand() {
        let words = Dataset::from_items(["ab", "ba", "a"]).unwrap();
        let model = BigramModel::fit(&words, 0.0).unwrap();
        let nll = evaluate(&model, words.items()).unwrap();
        let expected = 4.0 * (2.0f64 / 3.0).ln() + 2.0 * (1.0f64 / 3.0).ln() + 2.0 * 0.5f64.ln();
        assert!((nll.log_likelihood - expected).abs() < 1e-6);
        assert!((nll.nll + expected).abs() < 1e-6);
        assert_eq!(nll.count, 8);
        assert!((nll.mean - (-expected / 8.0)).abs() < 1e-7);
        assert!((nll.mean - 0.6506724).abs() < 1e-6);
    }

    /// With +1 smoothing (rows sum to 3+3, 3+3, 2+3): P(.a) = 3/6, P(ab) = 2/6, P(b.) = 2/5.
    #[test]
    fn toy_smoothed_breakdown_by_hand() {
        let words = Dataset::from_items(["ab", "ba", "a"]).unwrap();
        let model = BigramModel::fit(&words, 1.0).unwrap();
        let scores = breakdown(&model, "ab").unwrap();
        let probs: Vec<f32> = scores.iter().map(|s| s.prob).collect();
        assert_eq!(probs, [3.0 / 6.0, 2.0 / 6.0, 2.0 / 5.0]);
        // b is never followed by b, but smoothing makes it possible: 1/5.
        assert_eq!(breakdown(&model, "bb").unwrap()[1].prob, 1.0 / 5.0);
    }

    #[test]
    fn impossible_bigram_is_infinite_not_nan() {
        let words = Dataset::from_items(["ab", "ba", "a"]).unwrap();
        let model = BigramModel::fit(&words, 0.0).unwrap();
        let nll = evaluate(&model, ["bb"]).unwrap();
        assert_eq!(nll.nll, f64::INFINITY);
        assert_eq!(nll.log_likelihood, f64::NEG_INFINITY);
        assert_eq!(nll.mean, f64::INFINITY);
    }

    /// The fast sum is the breakdown's, bit for bit, and the sum from the counts agrees with it.
    #[test]
    fn evaluate_is_the_breakdown_sum_and_the_counts_agree() {
        let words = Dataset::from_items(["emma", "olivia", "ava", "zoë", "ab", "x"]).unwrap();
        let model = BigramModel::fit(&words, 0.5).unwrap();
        let mut by_breakdown = 0.0f64;
        let mut count = 0;
        for item in words.items() {
            for score in breakdown(&model, item).unwrap() {
                by_breakdown += score.log_prob;
                count += 1;
            }
        }
        let nll = evaluate(&model, words.items()).unwrap();
        assert_eq!(nll.log_likelihood.to_bits(), by_breakdown.to_bits());
        assert_eq!(nll.count, count);
        let counts = crate::bigram::count_matrix(model.vocab(), words.items()).unwrap();
        let from_counts = evaluate_counts(&model, &counts).unwrap();
        assert_eq!(from_counts.count, count);
        assert!((from_counts.log_likelihood - by_breakdown).abs() < 1e-12 * by_breakdown.abs());
    }

    #[test]
    fn evaluate_counts_checks_its_input() {
        let words = Dataset::from_items(["ab", "ba", "a"]).unwrap();
        let model = BigramModel::fit(&words, 0.0).unwrap();
        assert!(matches!(
            evaluate_counts(&model, &ndarray::Array2::zeros((2, 2))),
            Err(Error::Shape { .. })
        ));
        assert!(matches!(
            evaluate_counts(&model, &ndarray::Array2::zeros((3, 3))),
            Err(Error::InvalidParameter { .. })
        ));
        // "bb" never occurs in the data: probability zero, an infinite NLL, never NaN.
        let bb = crate::bigram::count_matrix(model.vocab(), ["bb"]).unwrap();
        assert_eq!(evaluate_counts(&model, &bb).unwrap().nll, f64::INFINITY);
    }

    #[test]
    fn bad_items_are_errors() {
        let model = BigramModel::uniform(Vocab::from_chars("ab".chars()).unwrap());
        assert!(matches!(
            evaluate(&model, ["abc"]),
            Err(Error::UnknownChar { ch: 'c', .. })
        ));
        assert!(matches!(
            evaluate(&model, ["a.b"]),
            Err(Error::ReservedInItem { .. })
        ));
        assert!(matches!(
            evaluate(&model, Vec::<String>::new()),
            Err(Error::InvalidParameter { .. })
        ));
    }
}
