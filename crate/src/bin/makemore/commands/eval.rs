//! `makemore eval`: the average negative log-likelihood of the count model or a trained net, over
//! the data set, one part of its split, the items of another file, or the given items: each
//! one's bigrams (or n-grams), its own score, then the score of all of them together.

use std::fmt;
use std::path::Path;

use makemore::data::Part;
use makemore::loss::{self, BigramScore, Nll};
use makemore::ngram::{self, ExampleScore, NgramCounts, NgramModel};
use makemore::nn::AnyNet;
use makemore::{BigramModel, Dataset, Error, Result, Vocab, bigram};
use serde::Serialize;

use super::context::{check_model_context, context_len, ngrams};
use crate::args::EvalArgs;

/// What `eval` reports: one of five documents, each written as it is (no tag).
#[derive(Serialize)]
#[serde(untagged)]
pub enum EvalReport {
    /// The whole data set, K = 1.
    Whole(Nll),
    /// The whole data set, K > 1: the same keys after `context`.
    WholeNgram(ContextNll),
    /// One part of the split.
    Split(SplitReport),
    /// The items of another file.
    On(OnReport),
    /// The given items.
    Items(ItemsReport),
}

/// An [`Nll`] with K before it.
#[derive(Serialize)]
pub struct ContextNll {
    context: usize,
    #[serde(flatten)]
    nll: Nll,
}

/// The score of one part of the split. The JSON keys are in alphabetical order, as the tool has
/// always written them (`context` only with K > 1).
#[derive(Serialize)]
pub struct SplitReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<usize>,
    count: usize,
    /// How many items the part holds.
    items: usize,
    log_likelihood: f64,
    mean: f64,
    nll: f64,
    split: Part,
    split_seed: u64,
}

/// The score of the items of the file given with `--on`. Keys in alphabetical order.
#[derive(Serialize)]
pub struct OnReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<usize>,
    count: usize,
    /// How many items the file holds.
    items: usize,
    log_likelihood: f64,
    mean: f64,
    nll: f64,
    /// The file.
    on: String,
}

/// The breakdown and score of each given item, and their score together.
#[derive(Serialize)]
pub struct ItemsReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<usize>,
    items: Vec<ItemScores>,
    total: Total,
}

/// One item's bigrams (or, with K > 1, n-grams) and its own score: the sum of their
/// log-probabilities, how many there are (its length plus one), and their average NLL. Keys in
/// alphabetical order, as always.
#[derive(Serialize)]
struct ItemScores {
    #[serde(skip_serializing_if = "Option::is_none")]
    bigrams: Option<Vec<Score>>,
    count: usize,
    item: String,
    log_likelihood: f64,
    mean: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    ngrams: Option<Vec<NgramScore>>,
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

/// An [`ExampleScore`] the same way: the K characters of context, then the next one.
#[derive(Serialize)]
struct NgramScore {
    context: String,
    log_prob: f64,
    next: char,
    prob: f64,
}

/// An [`Nll`] with its keys in alphabetical order, as the items report has always written it;
/// its text is the four lines that end every `eval` (the third names the n-grams of K).
#[derive(Serialize)]
struct Total {
    count: usize,
    log_likelihood: f64,
    mean: f64,
    nll: f64,
    #[serde(skip)]
    context: usize,
}

/// The model scored: the bigram (today's code, so that K = 1 gives the same numbers as ever) or
/// one with K > 1 characters of context (a count model, a table or a concatenated net).
enum Model {
    Bigram(BigramModel),
    Ngram(NgramModel),
}

impl Model {
    fn context_len(&self) -> usize {
        match self {
            Model::Bigram(_) => 1,
            Model::Ngram(m) => m.context_len(),
        }
    }

    /// K for the report: only when it is not the bigram's.
    fn context(&self) -> Option<usize> {
        Some(self.context_len()).filter(|&k| k > 1)
    }

    fn evaluate<I>(&self, items: I) -> Result<Nll>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        match self {
            Model::Bigram(m) => loss::evaluate(m, items),
            Model::Ngram(m) => ngram::evaluate(m, items),
        }
    }

    /// One item's breakdown and its own score.
    fn item_scores(&self, item: &str) -> Result<ItemScores> {
        let own = self.evaluate([item])?;
        let (bigrams, ngrams) = match self {
            Model::Bigram(m) => (
                Some(loss::breakdown(m, item)?.iter().map(Score::from).collect()),
                None,
            ),
            Model::Ngram(m) => (
                None,
                Some(
                    ngram::breakdown(m, item)?
                        .into_iter()
                        .map(NgramScore::from)
                        .collect(),
                ),
            ),
        };
        Ok(ItemScores {
            bigrams,
            count: own.count,
            item: item.to_string(),
            log_likelihood: own.log_likelihood,
            mean: own.mean,
            ngrams,
            nll: own.nll,
        })
    }
}

/// Scores the data set at `input`, one part of its split, the items of `args.on`, or
/// `args.items`.
pub fn eval(input: &Path, args: &EvalArgs) -> Result<EvalReport> {
    let k_flag = args.context.map(context_len).transpose()?;
    let words = Dataset::load(input)?;
    let vocab = Vocab::from_dataset(&words);
    let parts = args
        .split
        .map(|_| words.split(args.split_seed))
        .transpose()?;
    let model = match &args.model {
        Some(path) => {
            let net = AnyNet::load_for(path, &vocab)?;
            check_model_context(path, net.kind_name(), net.context_len(), args.context)?;
            match net {
                AnyNet::Bigram(net) => Model::Bigram(net.to_model()?),
                other => Model::Ngram(other.to_model()?),
            }
        }
        None => {
            let fit_on = parts.as_ref().map_or(&words, |p| &p.train);
            match k_flag.unwrap_or(1) {
                1 => {
                    let counts = bigram::count_matrix(&vocab, fit_on.items())?;
                    Model::Bigram(BigramModel::from_counts(
                        vocab.clone(),
                        &counts,
                        args.smoothing,
                    )?)
                }
                k => {
                    let counts = NgramCounts::from_items(vocab.clone(), k, fit_on.items())?;
                    Model::Ngram(NgramModel::from_counts(&counts, args.smoothing)?)
                }
            }
        }
    };
    let context = model.context();
    if let (Some(part), Some(parts)) = (args.split, &parts) {
        let scored = parts.part(part);
        let nll = model.evaluate(scored.items())?;
        return Ok(EvalReport::Split(SplitReport {
            context,
            count: nll.count,
            items: scored.len(),
            log_likelihood: nll.log_likelihood,
            mean: nll.mean,
            nll: nll.nll,
            split: part,
            split_seed: args.split_seed,
        }));
    }
    if let Some(on) = &args.on {
        let scored = Dataset::load(on)?;
        check_items_of(on, &scored, &vocab, input)?;
        let nll = model.evaluate(scored.items())?;
        return Ok(EvalReport::On(OnReport {
            context,
            count: nll.count,
            items: scored.len(),
            log_likelihood: nll.log_likelihood,
            mean: nll.mean,
            nll: nll.nll,
            on: on.display().to_string(),
        }));
    }
    if args.items.is_empty() {
        let nll = model.evaluate(words.items())?;
        return Ok(match context {
            None => EvalReport::Whole(nll),
            Some(context) => EvalReport::WholeNgram(ContextNll { context, nll }),
        });
    }
    let items = args
        .items
        .iter()
        .map(|item| model.item_scores(item))
        .collect::<Result<_>>()?;
    let total = Total::of(model.evaluate(&args.items)?, model.context_len());
    Ok(EvalReport::Items(ItemsReport {
        context,
        items,
        total,
    }))
}

/// Every item of the `--on` file must be in the vocabulary of the model (the data set's); if not,
/// an error naming the file and line, the item, and the vocabulary.
fn check_items_of(on: &Path, scored: &Dataset, vocab: &Vocab, input: &Path) -> Result<()> {
    for (i, item) in scored.items().iter().enumerate() {
        if let Err(err) = vocab.encode(item) {
            return Err(Error::InvalidParameter {
                name: "item of --on",
                value: format!("{}:{}", on.display(), i + 1),
                reason: format!(
                    "{err} of the model ({:?}, from {})",
                    vocab.to_string(),
                    input.display()
                ),
            });
        }
    }
    Ok(())
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

impl From<ExampleScore> for NgramScore {
    fn from(s: ExampleScore) -> Self {
        NgramScore {
            context: s.context,
            log_prob: s.log_prob,
            next: s.next,
            prob: f64::from(s.prob),
        }
    }
}

impl Total {
    fn of(nll: Nll, context: usize) -> Total {
        Total {
            count: nll.count,
            log_likelihood: nll.log_likelihood,
            mean: nll.mean,
            nll: nll.nll,
            context,
        }
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalReport::Whole(nll) => Total::of(*nll, 1).fmt(f),
            EvalReport::WholeNgram(c) => Total::of(c.nll, c.context).fmt(f),
            EvalReport::Split(report) => report.fmt(f),
            EvalReport::On(report) => report.fmt(f),
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
            context: self.context.unwrap_or(1),
        };
        total.fmt(f)
    }
}

impl fmt::Display for OnReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "on              {} ({} items)", self.on, self.items)?;
        let total = Total {
            count: self.count,
            log_likelihood: self.log_likelihood,
            mean: self.mean,
            nll: self.nll,
            context: self.context.unwrap_or(1),
        };
        total.fmt(f)
    }
}

impl fmt::Display for ItemsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = ngrams(self.total.context);
        for scores in &self.items {
            writeln!(f, "{}", scores.item)?;
            let lines = scores.bigrams.iter().flatten().map(|s| {
                let (a, b) = s.bigram;
                (format!("{a}{b}"), s.prob, s.log_prob)
            });
            let ngram_lines = scores
                .ngrams
                .iter()
                .flatten()
                .map(|s| (format!("{}{}", s.context, s.next), s.prob, s.log_prob));
            for (text, prob, log_prob) in lines.chain(ngram_lines) {
                writeln!(f, "  {text}  prob {prob:.4}  log prob {log_prob:.4}")?;
            }
            let (log_likelihood, count, mean) = (scores.log_likelihood, scores.count, scores.mean);
            writeln!(
                f,
                "  log-likelihood {log_likelihood:.4}  {name} {count}  average nll {mean:.4}"
            )?;
        }
        self.total.fmt(f)
    }
}

impl fmt::Display for Total {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "log-likelihood  {:.4}", self.log_likelihood)?;
        writeln!(f, "nll             {:.4}", self.nll)?;
        writeln!(f, "{:<16}{}", ngrams(self.context), self.count)?;
        writeln!(f, "average nll     {:.4}", self.mean)
    }
}
