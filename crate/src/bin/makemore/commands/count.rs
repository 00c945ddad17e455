//! `makemore count`: the most common bigrams.

use std::fmt;
use std::path::Path;

use makemore::Result;
use makemore::bigram::Counts;
use serde::Serialize;

use crate::args::CountArgs;

/// What `count` reports: the most common bigrams, most common first (a JSON array).
#[derive(Serialize)]
#[serde(transparent)]
pub struct CountReport(Vec<BigramCount>);

/// One bigram and how often it occurs.
#[derive(Serialize)]
struct BigramCount {
    /// The two characters, e.g. "n." for a name ending in n.
    bigram: String,
    count: usize,
}

/// Counts the bigrams of the data set at `input` (streamed, in bounded memory).
pub fn count(input: &Path, args: &CountArgs) -> Result<CountReport> {
    let counts = Counts::from_file(input)?;
    let top = counts.most_common().into_iter().take(args.top);
    Ok(CountReport(
        top.map(|((a, b), count)| BigramCount {
            bigram: format!("{a}{b}"),
            count,
        })
        .collect(),
    ))
}

impl fmt::Display for CountReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for BigramCount { bigram, count } in &self.0 {
            writeln!(f, "{bigram}  {count:>6}")?;
        }
        Ok(())
    }
}
