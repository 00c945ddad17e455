//! `makemore count`: the most common bigrams, or with `--context K` the most common n-grams.

use std::fmt;
use std::path::Path;

use makemore::{Counts, LoadOptions, Result};
use serde::Serialize;

use super::context::context_len;
use crate::args::CountArgs;

/// What `count` reports: the most common bigrams (or n-grams), most common first (a JSON array).
#[derive(Serialize)]
#[serde(transparent)]
pub struct CountReport(Vec<Count>);

/// One bigram or n-gram and how often it occurs.
#[derive(Serialize)]
#[serde(untagged)]
enum Count {
    Bigram {
        /// The two characters, e.g. "n." for a name ending in n.
        bigram: String,
        count: usize,
    },
    Ngram {
        /// The K characters of context and the next one, e.g. "..e" for a name starting with e
        /// (K = 2), "an." for one ending in "an".
        ngram: String,
        count: usize,
    },
}

/// The `args.top` most common bigrams (K = 1) or n-grams of the data set at `input`, streamed.
pub fn count(input: &Path, options: LoadOptions, args: &CountArgs) -> Result<CountReport> {
    let k = context_len(args.context)?;
    let top = Counts::from_file_with(input, k, options)?.most_common(args.top)?;
    Ok(CountReport(
        top.into_iter()
            .map(|(text, count)| match k {
                1 => Count::Bigram {
                    bigram: text,
                    count,
                },
                _ => Count::Ngram { ngram: text, count },
            })
            .collect(),
    ))
}

impl fmt::Display for CountReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for entry in &self.0 {
            let (Count::Bigram {
                bigram: text,
                count,
            }
            | Count::Ngram { ngram: text, count }) = entry;
            writeln!(f, "{text}  {count:>6}")?;
        }
        Ok(())
    }
}
