//! `makemore count`: the most common bigrams, or with `--context K` the most common n-grams.

use std::fmt;
use std::path::Path;

use makemore::Result;
use makemore::bigram::Counts;
use makemore::ngram::{NgramCounts, context_string};
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

/// Counts the bigrams (or n-grams) of the data set at `input` (streamed, in bounded memory).
/// N-grams of equal count come in vocabulary order of their characters.
pub fn count(input: &Path, args: &CountArgs) -> Result<CountReport> {
    let k = context_len(args.context)?;
    if k == 1 {
        let counts = Counts::from_file(input)?;
        let top = counts.most_common().into_iter().take(args.top);
        return Ok(CountReport(
            top.map(|((a, b), count)| Count::Bigram {
                bigram: format!("{a}{b}"),
                count,
            })
            .collect(),
        ));
    }
    let ngram = NgramCounts::from_file(input, k)?;
    let mut cells: Vec<(u32, u64, usize)> = ngram
        .seen()
        .flat_map(|(context, row)| {
            let nonzero = row.iter().enumerate().filter(|(_, c)| **c > 0);
            nonzero
                .map(move |(next, &c)| (c, context, next))
                .collect::<Vec<_>>()
        })
        .collect();
    cells.sort_unstable_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let vocab = ngram.vocab();
    let top = cells
        .into_iter()
        .take(args.top)
        .map(|(count, context, next)| {
            let mut ngram = context_string(vocab, k, context)?;
            ngram.extend(vocab.itos(next));
            Ok(Count::Ngram {
                ngram,
                count: count as usize,
            })
        });
    Ok(CountReport(top.collect::<Result<_>>()?))
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
