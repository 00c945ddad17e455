//! `makemore stats`: the data set's size, lengths and vocabulary; with `--context K`, its
//! contexts.

use std::fmt;
use std::path::Path;

use makemore::counting::{Counts, DENSE_LIMIT, Model, Smoothing, kneser_ney, kneser_ney::FALLBACK};
use makemore::{Result, data::LoadOptions};
use serde::Serialize;

use super::context::{context_len, ngrams};
use crate::args::StatsArgs;

/// What `stats` reports. The JSON keys are in alphabetical order, as the tool has always
/// written them; the context's keys are there only with K > 1.
#[derive(Serialize)]
pub struct StatsReport {
    /// Bigrams with the start/end token: one more than the characters of each item.
    bigrams: usize,
    characters: usize,
    /// K.
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<usize>,
    /// `V^K`: the contexts possible.
    #[serde(skip_serializing_if = "Option::is_none")]
    contexts: Option<u64>,
    /// The distinct contexts in the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    contexts_seen: Option<usize>,
    /// With `--smoothing kn`: Kneser-Ney's discounts (D1, D2, D3+) by context length, 0 to K.
    #[serde(skip_serializing_if = "Option::is_none")]
    discounts: Option<Vec<[f64; 3]>>,
    input: String,
    items: usize,
    longest: usize,
    shortest: usize,
    /// With `--smoothing`: the smoothing (`k`, `kn` or `kn, discount D`).
    #[serde(skip_serializing_if = "Option::is_none")]
    smoothing: Option<String>,
    /// "dense" (a row for every context) or "sparse" (rows for the contexts seen only).
    #[serde(skip_serializing_if = "Option::is_none")]
    table: Option<&'static str>,
    /// The vocabulary's characters in index order, '.' first.
    vocab: String,
    vocab_size: usize,
}

/// Counts the data set at `input` (streamed, in bounded memory, in one pass); with
/// `--smoothing kn`, estimates Kneser-Ney's discounts from the counts.
pub fn stats(input: &Path, options: LoadOptions, args: &StatsArgs) -> Result<StatsReport> {
    let k = context_len(args.context)?;
    let smoothing = args.smoothing.asked()?;
    let counts = Counts::from_file_with(input, k, options)?;
    if args.smoothing.save_model.is_some() {
        let smoothing = args.smoothing.or_default()?;
        args.smoothing
            .save(&Model::from_counts(&counts, smoothing)?)?;
    }
    let (s, vocab, ngrams) = (counts.stats(), counts.vocab(), k > 1);
    Ok(StatsReport {
        bigrams: s.characters + s.items,
        characters: s.characters,
        context: ngrams.then_some(k),
        contexts: ngrams.then(|| counts.num_contexts()),
        contexts_seen: ngrams.then(|| counts.num_seen()),
        discounts: match smoothing {
            Some(kn @ (Smoothing::KneserNey(_) | Smoothing::ModifiedKneserNey)) => {
                Some(kneser_ney::discounts(&counts, kn)?)
            }
            _ => None,
        },
        input: input.display().to_string(),
        items: s.items,
        longest: s.longest,
        shortest: s.shortest,
        smoothing: smoothing.map(|s| s.to_string()),
        table: ngrams.then_some(if counts.is_dense() { "dense" } else { "sparse" }),
        vocab: vocab.to_string(),
        vocab_size: vocab.len(),
    })
}

impl fmt::Display for StatsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "input       {}", self.input)?;
        writeln!(f, "items       {}", self.items)?;
        writeln!(f, "shortest    {}", self.shortest)?;
        writeln!(f, "longest     {}", self.longest)?;
        writeln!(f, "vocabulary  {} ({})", self.vocab_size, self.vocab)?;
        writeln!(f, "bigrams     {}", self.bigrams)?;
        if let (Some(k), Some(possible), Some(seen), Some(table)) =
            (self.context, self.contexts, self.contexts_seen, self.table)
        {
            let (n, v, examples) = (ngrams(k), self.vocab_size, self.bigrams);
            writeln!(f, "context     {k} characters ({n}: {examples} examples)")?;
            writeln!(f, "contexts    {possible} possible, {seen} seen")?;
            match table {
                "dense" => writeln!(f, "table       dense ({possible} x {v} counts)"),
                _ => writeln!(
                    f,
                    "table       sparse (a row for each context seen; {possible} x {v} counts \
                     pass the dense limit of {DENSE_LIMIT})"
                ),
            }?;
        }
        if let Some(smoothing) = &self.smoothing {
            writeln!(f, "smoothing   {smoothing}")?;
        }
        if let Some(discounts) = &self.discounts {
            writeln!(f, "discounts   D1, D2, D3+ by context length")?;
            for (m, [d1, d2, d3]) in discounts.iter().enumerate() {
                let estimated = self.smoothing.as_deref() == Some("kn");
                let fallback = (estimated && [*d1, *d2, *d3] == FALLBACK)
                    .then_some("  (the fallback: counts of counts too few to estimate)");
                let fallback = fallback.unwrap_or_default();
                writeln!(f, "  {m}         {d1:.4}  {d2:.4}  {d3:.4}{fallback}")?;
            }
        }
        Ok(())
    }
}
