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
//! use makemore::{counting::{BigramModel, loss}, data::Dataset};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let nll = loss::evaluate(&BigramModel::fit(&words, 1, 0.0)?, words.items())?;
//! assert_eq!(nll.count, 228146);
//! assert!((nll.mean - 2.4541).abs() < 1e-4);
//! let andrejq = loss::evaluate(&BigramModel::fit(&words, 1, 0.0)?, ["andrejq"])?;
//! assert_eq!(andrejq.nll, f64::INFINITY);
//! # Ok::<(), makemore::Error>(())
//! ```

use std::path::Path;

use serde::Serialize;

use crate::counting::context::{Example, context_string};
use crate::counting::{Counts, Model};
use crate::data::{LoadOptions, Split, read_items};
use crate::error::{Error, Result, check_param};
use crate::vocab::check_same_space;

/// The scores of a model over some items.
///
/// ```
/// use makemore::{counting::{BigramModel, loss}, vocab::Vocab};
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

/// One example of an item (K characters of context, then the next one) with the model's
/// probability for it. At K = 1 the context is one character and the pair is a bigram.
///
/// ```
/// use makemore::{counting::{BigramModel, loss}, vocab::Vocab};
///
/// let uniform = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
/// let first = &loss::breakdown(&uniform, "ab")?[0];
/// assert_eq!((first.context.as_str(), first.next), (".", 'a'));
/// assert_eq!(first.prob, 1.0 / 3.0);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Score {
    /// The K characters before (each item starts with K '.').
    pub context: String,
    /// The character predicted ('.' at the end of the item).
    pub next: char,
    /// Its probability under the model.
    pub prob: f32,
    /// `ln prob` (in f64; minus infinity for probability zero).
    pub log_prob: f64,
}

/// The examples of one item (with the start/end tokens: its bigrams at K = 1) and their
/// probabilities and log-probabilities.
///
/// ```
/// use makemore::{counting::{BigramModel, Model, loss}, data::Dataset};
///
/// let model = BigramModel::fit(&Dataset::from_items(["ab", "ba", "a"])?, 1, 0.0)?;
/// let scores = loss::breakdown(&model, "ab")?;
/// let probs: Vec<f32> = scores.iter().map(|s| s.prob).collect();
/// assert_eq!(probs, [2.0 / 3.0, 1.0 / 3.0, 1.0 / 2.0]); // .a ab b.
/// let trigram = Model::fit(&Dataset::from_items(["ab", "ba", "a"])?, 2, 0.0)?;
/// assert_eq!(loss::breakdown(&trigram, "ab")?[2].context, "ab");
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn breakdown(model: &Model, item: &str) -> Result<Vec<Score>> {
    let vocab = model.vocab();
    let mut scores = Vec::new();
    model
        .space()
        .for_each(vocab, item, |Example { context, next }| {
            let prob = model.prob_of(context, next);
            let score = context_string(vocab, model.context_len(), context).map(|context| Score {
                context,
                next: vocab.itos(next).unwrap_or(vocab.boundary()),
                prob,
                log_prob: (prob as f64).ln(),
            });
            scores.push(score);
        })?;
    scores.into_iter().collect()
}

/// The log-likelihood, NLL and average NLL of a model over items. Needs at least one item; a
/// character outside the model's vocabulary is an error naming the item.
///
/// The same sum as adding up [`breakdown`]'s `log_prob` over every example in order (bit for
/// bit), without building the breakdown.
///
/// ```
/// use makemore::{counting::{BigramModel, loss}, data::Dataset};
///
/// // "ab", "ba", "a" under their own count model (worked out in the tests by hand):
/// let words = Dataset::from_items(["ab", "ba", "a"])?;
/// let nll = loss::evaluate(&BigramModel::fit(&words, 1, 0.0)?, words.items())?;
/// assert_eq!(nll.count, 8);
/// assert!((nll.mean - 0.6507).abs() < 1e-4);
/// assert!(loss::evaluate(&BigramModel::fit(&words, 1, 0.0)?, ["abc"]).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn evaluate<I>(model: &Model, items: I) -> Result<Nll>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut sum = Sum::new(model);
    for item in items {
        sum.add(item.as_ref())?;
    }
    finish(sum.log_likelihood, sum.count)
}

/// [`evaluate`] over the items of a file, streamed: one line in memory at a time, under the
/// rules of [`read_items`] (errors name the file and line).
///
/// ```
/// use makemore::{counting::{BigramModel, loss}, data::{Dataset, LoadOptions}};
///
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt");
/// let words = Dataset::load(path)?;
/// let model = BigramModel::fit(&words, 1, 1.0)?;
/// let nll = loss::evaluate_file(&model, path, LoadOptions::default())?;
/// assert_eq!(nll, loss::evaluate(&model, words.items())?);
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn evaluate_file(model: &Model, path: impl AsRef<Path>, options: LoadOptions) -> Result<Nll> {
    let (origin, mut sum) = (path.as_ref().display().to_string(), Sum::new(model));
    let reader = crate::fsio::open_file(path.as_ref())?;
    read_items(reader, &origin, options, |item, line| {
        let at = || format!("{origin}:{line}");
        (sum.add(item)).map_err(|err| Error::invalid("item", at(), format!("{err} of the model")))
    })?;
    finish(sum.log_likelihood, sum.count)
}

/// The running log-likelihood of [`evaluate`]: one sum over every example in order.
struct Sum<'a> {
    model: &'a Model,
    /// A small dense table's logarithms, taken once (the bigram's 729), then looked up.
    logs: Option<Vec<f64>>,
    log_likelihood: f64,
    count: usize,
}

impl<'a> Sum<'a> {
    fn new(model: &'a Model) -> Self {
        let table = model.probs().ok().filter(|p| p.len() <= 1 << 16);
        let logs = table.map(|p| p.iter().map(|&p| (p as f64).ln()).collect());
        Sum {
            model,
            logs,
            log_likelihood: 0.0,
            count: 0,
        }
    }

    fn add(&mut self, item: &str) -> Result<()> {
        let (model, v) = (self.model, self.model.vocab().len());
        model
            .space()
            .for_each(model.vocab(), item, |Example { context, next }| {
                self.log_likelihood += match &self.logs {
                    Some(logs) => logs[context as usize * v + next],
                    None => (model.prob_of(context, next) as f64).ln(),
                };
                self.count += 1;
            })
    }
}

/// The same scores from the counts instead of the items: the sum of `N[context, next] * ln
/// P[context, next]` over the examples counted, for counts of the model's vocabulary and K.
///
/// ```
/// use makemore::{counting::{BigramModel, Counts, loss}, data::Dataset};
///
/// let words = Dataset::from_items(["ab", "ba", "a"])?;
/// let model = BigramModel::fit(&words, 1, 0.0)?;
/// let from_counts = loss::evaluate_counts(&model, &Counts::from_dataset(&words, 1)?)?;
/// assert!((from_counts.mean - loss::evaluate(&model, words.items())?.mean).abs() < 1e-12);
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn evaluate_counts(model: &Model, counts: &Counts) -> Result<Nll> {
    check_same_space(
        "counts",
        (counts.vocab(), counts.context_len()),
        "the model has",
        (model.vocab(), model.context_len()),
    )?;
    let mut log_likelihood = 0.0f64;
    let mut count = 0usize;
    for (context, next, n) in counts.ngrams() {
        log_likelihood += n as f64 * (model.prob_of(context, next) as f64).ln();
        count += n as usize;
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

/// The average NLL of a model on the three parts of a split (no regularisation term: this is
/// how well the model predicts the items).
///
/// ```
/// use makemore::counting::loss::evaluate_split;
/// use makemore::{counting::BigramModel, data::Dataset};
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let split = words.split(42)?;
/// let model = BigramModel::fit(&split.train, 1, 1.0)?;
/// let losses = evaluate_split(&model, &split)?;
/// assert!(losses.train.mean < losses.val.mean); // fitted on train
/// assert!((losses.val.mean - losses.train.mean).abs() < 0.05); // but a bigram barely overfits
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn evaluate_split(model: &Model, split: &Split) -> Result<Split<Nll>> {
    Ok(Split {
        train: evaluate(model, split.train.items())?,
        val: evaluate(model, split.val.items())?,
        test: evaluate(model, split.test.items())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Dataset;
    use crate::error::Error;
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
        let model = Model::fit(&words, 1, 0.0).unwrap();
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
        let model = Model::fit(&words, 1, 1.0).unwrap();
        let scores = breakdown(&model, "ab").unwrap();
        let probs: Vec<f32> = scores.iter().map(|s| s.prob).collect();
        assert_eq!(probs, [3.0 / 6.0, 2.0 / 6.0, 2.0 / 5.0]);
        // b is never followed by b, but smoothing makes it possible: 1/5.
        assert_eq!(breakdown(&model, "bb").unwrap()[1].prob, 1.0 / 5.0);
    }

    #[test]
    fn impossible_bigram_is_infinite_not_nan() {
        let words = Dataset::from_items(["ab", "ba", "a"]).unwrap();
        let model = Model::fit(&words, 1, 0.0).unwrap();
        let nll = evaluate(&model, ["bb"]).unwrap();
        assert_eq!(nll.nll, f64::INFINITY);
        assert_eq!(nll.log_likelihood, f64::NEG_INFINITY);
        assert_eq!(nll.mean, f64::INFINITY);
    }

    /// The fast sum is the breakdown's, bit for bit, and the sum from the counts agrees with it.
    #[test]
    fn evaluate_is_the_breakdown_sum_and_the_counts_agree() {
        let words = Dataset::from_items(["emma", "olivia", "ava", "zoë", "ab", "x"]).unwrap();
        let model = Model::fit(&words, 1, 0.5).unwrap();
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
        let counts = Counts::from_items(model.vocab().clone(), 1, words.items()).unwrap();
        let from_counts = evaluate_counts(&model, &counts).unwrap();
        assert_eq!(from_counts.count, count);
        assert!((from_counts.log_likelihood - by_breakdown).abs() < 1e-12 * by_breakdown.abs());
    }

    #[test]
    fn evaluate_counts_checks_its_input() {
        let words = Dataset::from_items(["ab", "ba", "a"]).unwrap();
        let model = Model::fit(&words, 1, 0.0).unwrap();
        let other = Vocab::from_chars("b".chars()).unwrap();
        assert!(matches!(
            evaluate_counts(&model, &Counts::new(other, 1).unwrap()),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            evaluate_counts(&model, &Counts::new(model.vocab().clone(), 2).unwrap()),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            evaluate_counts(&model, &Counts::new(model.vocab().clone(), 1).unwrap()),
            Err(Error::InvalidParameter { .. })
        ));
        // "bb" never occurs in the data: probability zero, an infinite NLL, never NaN.
        let bb = Counts::from_items(model.vocab().clone(), 1, ["bb"]).unwrap();
        assert_eq!(evaluate_counts(&model, &bb).unwrap().nll, f64::INFINITY);
    }

    #[test]
    fn bad_items_are_errors() {
        let model = Model::uniform(Vocab::from_chars("ab".chars()).unwrap());
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
