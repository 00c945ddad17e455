//! `makemore eval`: the average negative log-likelihood of the count model or a trained net, over
//! the data set, one part of its split, or the given items: each one's bigrams, its own score,
//! then the score of all of them together.

use std::fmt;
use std::path::Path;

use makemore::data::Part;
use makemore::loss::{self, BigramScore, Nll};
use makemore::{BigramModel, Dataset, Result, Vocab, bigram, nn};
use serde::Serialize;

use crate::args::EvalArgs;

/// What `eval` reports: one of three documents, each written as it is (no tag).
#[derive(Serialize)]
#[serde(untagged)]
pub enum EvalReport {
    /// The whole data set.
    Whole(Nll),
    /// One part of the split.
    Split(SplitReport),
    /// The given items.
    Items(ItemsReport),
}

/// The score of one part of the split. The JSON keys are in alphabetical order, as the tool has
/// always written them.
#[derive(Serialize)]
pub struct SplitReport {
    count: usize,
    /// How many items the part holds.
    items: usize,
    log_likelihood: f64,
    mean: f64,
    nll: f64,
    split: Part,
    split_seed: u64,
}

/// The breakdown and score of each given item, and their score together.
#[derive(Serialize)]
pub struct ItemsReport {
    items: Vec<ItemScores>,
    total: Total,
}

/// One item's bigrams and its own score: the sum of its bigrams' log-probabilities, how many
/// bigrams it has (its length plus one), and their average NLL. Keys in alphabetical order, as
/// always.
#[derive(Serialize)]
struct ItemScores {
    bigrams: Vec<Score>,
    count: usize,
    item: String,
    log_likelihood: f64,
    mean: f64,
    nll: f64,
}

/// A [`BigramScore`] as the tool has always written it: keys in alphabetical order and the
/// probability widened to f64 (exactly: the same number, printed with f64's digits).
#[derive(Serialize)]
struct Score {
    bigram: (char, char),
    log_prob: f64,
    prob: f64,
}

/// An [`Nll`] with its keys in alphabetical order, as the items report has always written it;
/// its text is the four lines that end every `eval`.
#[derive(Serialize)]
struct Total {
    count: usize,
    log_likelihood: f64,
    mean: f64,
    nll: f64,
}

/// Scores the data set at `input`, one part of its split, or `args.items`.
pub fn eval(input: &Path, args: &EvalArgs) -> Result<EvalReport> {
    let words = Dataset::load(input)?;
    let vocab = Vocab::from_dataset(&words);
    let parts = args
        .split
        .map(|_| words.split(args.split_seed))
        .transpose()?;
    let model = match &args.model {
        Some(path) => nn::Net::load_for(path, &vocab)?.to_model()?,
        None => {
            let fit_on = parts.as_ref().map_or(&words, |p| &p.train);
            let counts = bigram::count_matrix(&vocab, fit_on.items())?;
            BigramModel::from_counts(vocab, &counts, args.smoothing)?
        }
    };
    if let (Some(part), Some(parts)) = (args.split, &parts) {
        let scored = parts.part(part);
        let nll = loss::evaluate(&model, scored.items())?;
        return Ok(EvalReport::Split(SplitReport {
            count: nll.count,
            items: scored.len(),
            log_likelihood: nll.log_likelihood,
            mean: nll.mean,
            nll: nll.nll,
            split: part,
            split_seed: args.split_seed,
        }));
    }
    if args.items.is_empty() {
        return Ok(EvalReport::Whole(loss::evaluate(&model, words.items())?));
    }
    let mut items = Vec::new();
    for item in &args.items {
        let bigrams = loss::breakdown(&model, item)?;
        let own = loss::evaluate(&model, [item])?;
        items.push(ItemScores {
            bigrams: bigrams.iter().map(Score::from).collect(),
            count: own.count,
            item: item.clone(),
            log_likelihood: own.log_likelihood,
            mean: own.mean,
            nll: own.nll,
        });
    }
    let total = loss::evaluate(&model, &args.items)?.into();
    Ok(EvalReport::Items(ItemsReport { items, total }))
}

impl From<&BigramScore> for Score {
    fn from(s: &BigramScore) -> Self {
        Score {
            bigram: s.bigram,
            log_prob: s.log_prob,
            prob: f64::from(s.prob),
        }
    }
}

impl From<Nll> for Total {
    fn from(nll: Nll) -> Self {
        Total {
            count: nll.count,
            log_likelihood: nll.log_likelihood,
            mean: nll.mean,
            nll: nll.nll,
        }
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalReport::Whole(nll) => Total::from(*nll).fmt(f),
            EvalReport::Split(report) => report.fmt(f),
            EvalReport::Items(report) => report.fmt(f),
        }
    }
}

impl fmt::Display for SplitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.split.name();
        let (seed, items) = (self.split_seed, self.items);
        writeln!(f, "split           {name} (seed {seed}, {items} items)")?;
        let total = Total {
            count: self.count,
            log_likelihood: self.log_likelihood,
            mean: self.mean,
            nll: self.nll,
        };
        total.fmt(f)
    }
}

impl fmt::Display for ItemsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for scores in &self.items {
            writeln!(f, "{}", scores.item)?;
            for s in &scores.bigrams {
                let (a, b) = s.bigram;
                let (prob, log_prob) = (s.prob, s.log_prob);
                writeln!(f, "  {a}{b}  prob {prob:.4}  log prob {log_prob:.4}")?;
            }
            let (log_likelihood, count, mean) = (scores.log_likelihood, scores.count, scores.mean);
            writeln!(
                f,
                "  log-likelihood {log_likelihood:.4}  bigrams {count}  average nll {mean:.4}"
            )?;
        }
        self.total.fmt(f)
    }
}

impl fmt::Display for Total {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "log-likelihood  {:.4}", self.log_likelihood)?;
        writeln!(f, "nll             {:.4}", self.nll)?;
        writeln!(f, "bigrams         {}", self.count)?;
        writeln!(f, "average nll     {:.4}", self.mean)
    }
}
