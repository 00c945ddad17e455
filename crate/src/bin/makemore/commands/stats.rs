//! `makemore stats`: the data set's size, lengths and vocabulary; with `--context K`, its
//! contexts.

use std::fmt;
use std::path::Path;

use makemore::counts::{Counts, DENSE_LIMIT};
use makemore::{LoadOptions, Result};
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
    input: String,
    items: usize,
    longest: usize,
    shortest: usize,
    /// "dense" (a row for every context) or "sparse" (rows for the contexts seen only).
    #[serde(skip_serializing_if = "Option::is_none")]
    table: Option<&'static str>,
    /// The vocabulary's characters in index order, '.' first.
    vocab: String,
    vocab_size: usize,
}

/// Counts the data set at `input` (streamed, in bounded memory, in one pass).
pub fn stats(input: &Path, options: LoadOptions, args: &StatsArgs) -> Result<StatsReport> {
    let k = context_len(args.context)?;
    let counts = Counts::from_file_with(input, k, options)?;
    let (s, vocab) = (counts.stats(), counts.vocab());
    let mut report = StatsReport {
        bigrams: s.characters + s.items,
        characters: s.characters,
        context: None,
        contexts: None,
        contexts_seen: None,
        input: input.display().to_string(),
        items: s.items,
        longest: s.longest,
        shortest: s.shortest,
        table: None,
        vocab: vocab.to_string(),
        vocab_size: vocab.len(),
    };
    if k > 1 {
        report.context = Some(k);
        report.contexts = Some(counts.num_contexts());
        report.contexts_seen = Some(counts.num_seen());
        report.table = Some(if counts.is_dense() { "dense" } else { "sparse" });
    }
    Ok(report)
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
            let (n, v) = (ngrams(k), self.vocab_size);
            writeln!(
                f,
                "context     {k} characters ({n}: {} examples)",
                self.bigrams
            )?;
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
        Ok(())
    }
}
