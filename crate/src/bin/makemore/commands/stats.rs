//! `makemore stats`: the data set's size, lengths and vocabulary.

use std::fmt;
use std::path::Path;

use makemore::Result;
use makemore::bigram::Counts;
use serde::Serialize;

/// What `stats` reports. The JSON keys are in alphabetical order, as the tool has always
/// written them.
#[derive(Serialize)]
pub struct StatsReport {
    /// Bigrams with the start/end token: one more than the characters of each item.
    bigrams: usize,
    characters: usize,
    input: String,
    items: usize,
    longest: usize,
    shortest: usize,
    /// The vocabulary's characters in index order, '.' first.
    vocab: String,
    vocab_size: usize,
}

/// Counts the data set at `input` (streamed, in bounded memory).
pub fn stats(input: &Path) -> Result<StatsReport> {
    let counts = Counts::from_file(input)?;
    let (s, vocab) = (counts.stats, &counts.vocab);
    Ok(StatsReport {
        bigrams: s.characters + s.items,
        characters: s.characters,
        input: input.display().to_string(),
        items: s.items,
        longest: s.longest,
        shortest: s.shortest,
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
        writeln!(f, "bigrams     {}", self.bigrams)
    }
}
