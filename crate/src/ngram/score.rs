//! Sampling names from an n-gram model, and scoring it: the NLL and its per-example breakdown.

use serde::Serialize;

use super::context::Example;
use super::model::NgramModel;
use crate::error::{Result, check_param};
use crate::loss::Nll;
use crate::sample::{IndexSampler, draw};
use crate::vocab::BOUNDARY;

/// Samples one name: start from the context of K '.'s, draw the next character from its row,
/// move the context on, stop at '.' (the lecture's loop with `P[context]` for `P[ix]`:
/// `ix = torch.multinomial(P[context], 1, replacement=True, generator=g)`). At most `max_len`
/// characters are drawn, as in [`crate::sample::sample_name`], which this is at K = 1.
///
/// ```
/// use makemore::ngram::{sample_name, NgramModel};
/// use makemore::{sample, Dataset, TorchGenerator};
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let bigram = NgramModel::fit(&words, 1, 1.0)?;
/// let mut g = TorchGenerator::manual_seed(2147483647);
/// assert_eq!(sample_name(&bigram, &mut g, 256)?, "mor."); // the lecture's first name
/// let trigram = NgramModel::fit(&words, 2, 1.0)?;
/// let name = sample_name(&trigram, &mut sample::seeded(1), 256)?;
/// assert!(name.ends_with('.'));
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn sample_name<S: IndexSampler + ?Sized>(
    model: &NgramModel,
    sampler: &mut S,
    max_len: usize,
) -> Result<String> {
    check_param(max_len >= 1, "max_len", max_len, "must be at least 1")?;
    let space = model.space();
    let vocab = model.vocab();
    let mut name = String::new();
    let mut context = 0;
    for _ in 0..max_len {
        let ix = draw(sampler, model.row(context), context)?;
        if ix == 0 {
            name.push(BOUNDARY);
            break;
        }
        name.push(vocab.itos(ix).unwrap_or(BOUNDARY));
        context = space.advance(context, ix);
    }
    Ok(name)
}

/// Samples `num` names (>= 1) one after another from the same generator.
///
/// ```
/// use makemore::ngram::{sample_names, NgramModel};
/// use makemore::{sample, Dataset};
///
/// let model = NgramModel::fit(&Dataset::from_items(["emma", "ava"])?, 3, 0.0)?;
/// let names = sample_names(&model, &mut sample::seeded(1), 4, 256)?;
/// assert!(names.iter().all(|n| n == "emma." || n == "ava.")); // K = 3 remembers them
/// assert!(sample_names(&model, &mut sample::seeded(1), 0, 256).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn sample_names<S: IndexSampler + ?Sized>(
    model: &NgramModel,
    sampler: &mut S,
    num: usize,
    max_len: usize,
) -> Result<Vec<String>> {
    check_param(num >= 1, "number of samples", num, "must be at least 1")?;
    (0..num)
        .map(|_| sample_name(model, sampler, max_len))
        .collect()
}

/// One example of an item with the model's probability for it.
///
/// ```
/// use makemore::ngram::{breakdown, NgramModel};
/// use makemore::Dataset;
///
/// let model = NgramModel::fit(&Dataset::from_items(["ab", "ba", "a"])?, 2, 0.0)?;
/// let first = &breakdown(&model, "ab")?[1];
/// assert_eq!((first.context.as_str(), first.next), (".a", 'b'));
/// assert_eq!(first.prob, 0.5); // ".a" is followed by 'b' once and by '.' once
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExampleScore {
    /// The K characters before, oldest first.
    pub context: String,
    /// The next character.
    pub next: char,
    /// The model's probability of `next` after `context`.
    pub prob: f32,
    /// Its natural logarithm in f64 (minus infinity for a probability of zero).
    pub log_prob: f64,
}

/// The examples of one item (K '.'s first, the closing '.' last) with their probabilities.
pub fn breakdown(model: &NgramModel, item: &str) -> Result<Vec<ExampleScore>> {
    let vocab = model.vocab();
    let mut out = Vec::new();
    model
        .space()
        .for_each(vocab, item, |Example { context, next }| {
            let prob = model.row(context)[next];
            out.push((context, next, prob));
        })?;
    out.into_iter()
        .map(|(context, next, prob)| {
            Ok(ExampleScore {
                context: super::context::context_string(vocab, model.context_len(), context)?,
                next: vocab.itos(next).unwrap_or(BOUNDARY),
                prob,
                log_prob: (prob as f64).ln(),
            })
        })
        .collect()
}

/// The log-likelihood, NLL and average NLL of a model over items (at least one), summed in f64
/// in order like [`crate::loss::evaluate`], which it equals bit for bit at K = 1. A character
/// outside the vocabulary is an error naming the item; a probability of zero gives an infinite
/// NLL.
///
/// ```
/// use makemore::ngram::{evaluate, NgramModel};
/// use makemore::Dataset;
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let nll = evaluate(&NgramModel::fit(&words, 2, 1.0)?, words.items())?;
/// assert_eq!(nll.count, 228146);
/// assert!((nll.mean - 2.2126).abs() < 1e-4); // the trigram, +1 smoothed; the bigram's is 2.4546
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn evaluate<I>(model: &NgramModel, items: I) -> Result<Nll>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let (mut log_likelihood, mut count) = (0.0f64, 0usize);
    for item in items {
        model
            .space()
            .for_each(model.vocab(), item.as_ref(), |Example { context, next }| {
                log_likelihood += (model.row(context)[next] as f64).ln();
                count += 1;
            })?;
    }
    check_param(count > 0, "items", "none", "at least one item is needed")?;
    Ok(Nll {
        log_likelihood,
        nll: -log_likelihood,
        count,
        mean: -log_likelihood / count as f64,
    })
}
