//! `makemore count`: the most common bigrams, or with `--context K` the most common n-grams.

use std::fmt;
use std::path::Path;

use makemore::counting::{Counts, Model, context::context_index};
use makemore::{Result, data::LoadOptions};
use serde::Serialize;

use super::at_least_one;
use super::context::{check_fits, context_len, load_model};
use crate::args::CountArgs;

/// What `count` reports: the most common bigrams (or n-grams), most common first (a JSON array).
#[derive(Serialize)]
#[serde(transparent)]
pub struct CountReport(Vec<Count>);

/// One bigram or n-gram and how often it occurs.
#[derive(Serialize)]
struct Count {
    #[serde(flatten)]
    text: Text,
    count: usize,
    /// With `--smoothing`: p(next | context) under the count model so smoothed.
    #[serde(skip_serializing_if = "Option::is_none")]
    prob: Option<f32>,
}

/// The characters, under the key `bigram` (two, e.g. "n." for a name ending in n) or `ngram`
/// (K of context and the next one, e.g. "..e" for a name starting with e at K = 2).
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum Text {
    Bigram(String),
    Ngram(String),
}

/// The `args.top` most common bigrams (K = 1) or n-grams of the data set at `input`, streamed;
/// with `--smoothing`, each with its probability under the count model so smoothed, or with
/// `--model` under that model.
pub fn count(input: &Path, options: LoadOptions, args: &CountArgs) -> Result<CountReport> {
    at_least_one("--top", args.top)?;
    let smoothing = args.smoothing.asked()?;
    let loaded = match &args.model {
        Some(path) => {
            args.smoothing.check_net_unsmoothed(path)?;
            Some(load_model(path, None, args.context, options.boundary)?)
        }
        None => None,
    };
    let k = match &loaded {
        Some(model) => model.context_len(),
        None => context_len(args.context.unwrap_or(1))?,
    };
    let counts = Counts::from_file_with(input, k, options)?;
    // The model that gives the probabilities and that --save-model writes: the file's, else the
    // counts smoothed as asked (the lecture's add-one for --save-model alone, which shows none).
    let model = match (loaded, &args.model) {
        (Some(model), Some(path)) => {
            check_fits(path, model.vocab(), options.boundary, Some(counts.vocab()))?;
            Some(model)
        }
        _ if smoothing.is_some() || args.smoothing.save_model.is_some() => {
            Some(Model::from_counts(&counts, args.smoothing.or_default()?)?)
        }
        _ => None,
    };
    if let Some(model) = &model {
        args.smoothing.save(model)?;
    }
    let model = model.filter(|_| smoothing.is_some() || args.model.is_some());
    let top = counts
        .most_common(args.top)?
        .into_iter()
        .map(|(text, count)| {
            let prob = model.as_ref().map(|m| prob(m, &text)).transpose()?;
            let text = if k == 1 {
                Text::Bigram(text)
            } else {
                Text::Ngram(text)
            };
            Ok(Count { text, count, prob })
        });
    top.collect::<Result<_>>().map(CountReport)
}

/// p(next | context) of an n-gram (its K characters of context, then the next one).
fn prob(model: &Model, ngram: &str) -> Result<f32> {
    let vocab = model.vocab();
    // The n-gram was made from this vocabulary: every character, '.' too, is in it.
    let (last, next) = ngram
        .char_indices()
        .last()
        .expect("an n-gram has a next character");
    let next = vocab
        .stoi(next)
        .expect("the n-gram's characters are the vocabulary's");
    Ok(model.row(context_index(vocab, &ngram[..last])?)?[next])
}

impl fmt::Display for CountReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for Count { text, count, prob } in &self.0 {
            let (Text::Bigram(text) | Text::Ngram(text)) = text;
            match prob {
                Some(p) => writeln!(f, "{text}  {count:>6}  p {p:.4}")?,
                None => writeln!(f, "{text}  {count:>6}")?,
            }
        }
        Ok(())
    }
}
