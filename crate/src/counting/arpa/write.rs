//! Writing a counted model as ARPA (see the module docs): its n-grams, and every prefix and
//! suffix of them, sorted.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use crate::counting::Model;
use crate::error::{Error, Result};
use crate::vocab::Vocab;

/// The log10 written for "never": the probability of `<unk>` (every character the model knows is
/// in its vocabulary) and of an n-gram that ends in `<s>` (only a context, never predicted),
/// SRILM's value for both, and a back-off weight of 0 (add-k with k = 0: an unseen character
/// after a context seen), which KenLM does not take as -inf.
pub const NEVER: f64 = -99.0;

/// Writes a counted model as ARPA (see the module docs); a model that is a table of
/// probabilities, e.g. a net's, is an [`Error::InvalidParameter`].
pub fn write(model: &Model, out: &mut impl Write) -> Result<()> {
    let Some(ngrams) = model.ngrams() else {
        return Err(Error::invalid(
            "model",
            "a table of probabilities (a net's)",
            "only a counted model is stored as its n-grams and can be written as ARPA",
        ));
    };
    let (vocab, k) = (model.vocab(), model.context_len());
    let v = vocab.len() as u64;
    let start = v as u32; // `<s>` as the last word of an n-gram
    // by_length[n - 1]: the n-grams of n words, as (the first n - 1 as a context, the last, its
    // probability if a row holds it), sorted; those of a shorter length once the longer ones'
    // prefixes and suffixes are in.
    let mut by_length: Vec<Vec<(u64, u32, Option<f64>)>> = vec![Vec::new(); k + 1];
    by_length[0].extend((0..=start).map(|w| (0, w, None)));
    for (m, order) in ngrams.orders.iter().enumerate() {
        for (&h, row) in order {
            by_length[m].extend(row.seen.iter().map(|&(w, p)| (h, w, Some(p))));
            if m > 0 {
                let (h, w) = as_ngram(h, v, start);
                by_length[m - 1].push((h, w, None));
            }
        }
    }
    for n in (1..=k + 1).rev() {
        // Those with a probability first among equal n-grams, and kept (one number to compare).
        let key = |&(h, w, p): &(u64, u32, Option<f64>)| {
            (u128::from(h) << 33) | (u128::from(w) << 1) | u128::from(p.is_none())
        };
        by_length[n - 1].sort_unstable_by_key(key);
        by_length[n - 1].dedup_by_key(|&mut (h, w, _)| (h, w));
        if n > 1 {
            // Those a row of length n - 2 already holds need not be added (most of them).
            let held = |(h, w): (u64, u32)| {
                let row = ngrams.orders[n - 2].get(&h);
                row.is_some_and(|row| row.seen.binary_search_by_key(&w, |s| s.0).is_ok())
            };
            let suffix = v.pow(n as u32 - 2);
            let (shorter, longer) = by_length.split_at_mut(n - 1);
            let closing = longer[0].iter().flat_map(|&(h, w, _)| {
                [as_ngram(h, v, start), (h % suffix, w)]
                    .into_iter()
                    .filter(|&gram| !held(gram))
                    .map(|(h, w)| (h, w, None))
            });
            shorter[n - 2].extend(closing);
        }
    }
    let mut text = String::from("\\data\\\n");
    for (n, grams) in by_length.iter().enumerate() {
        let unk = usize::from(n == 0);
        writeln!(text, "ngram {}={}", n + 1, grams.len() + unk).ok();
    }
    let io = |source| Error::Write {
        path: "the ARPA file".into(),
        source,
    };
    for (n, grams) in (1..).zip(&by_length) {
        text.reserve(grams.len() * (24 + 2 * n)); // two numbers and n words a line, about
        write!(text, "\n\\{n}-grams:\n").ok();
        if n == 1 {
            writeln!(text, "{NEVER}\t<unk>").ok();
        }
        let mut context = (u64::MAX, String::new()); // the words of the last `h`, and a space
        let mut number = zmij::Buffer::new();
        for &(h, w, p) in grams {
            let log_prob = match (w == start, p) {
                (true, _) => NEVER,
                (false, Some(p)) => p.log10(),
                (false, None) => ngrams.prob_below(h, n, w as usize).log10(),
            };
            if context.0 != h {
                context.1.clear();
                for t in (0..n as u32 - 1).rev().map(|i| h / v.pow(i) % v) {
                    push_word(&mut context.1, vocab, t as u32, false);
                    context.1.push(' ');
                }
                context.0 = h;
            }
            push_number(&mut text, &mut number, log_prob);
            text.push('\t');
            text.push_str(&context.1);
            push_word(&mut text, vocab, w, true);
            let own = h * v + u64::from(w % start);
            let backoff = ngrams.orders.get(n).and_then(|order| order.get(&own));
            if let Some(row) = backoff.filter(|_| n <= k && w != 0) {
                let log_backoff = match row.backoff {
                    0.0 => NEVER,
                    b => b.log10(),
                };
                text.push('\t');
                push_number(&mut text, &mut number, log_backoff);
            }
            text.push('\n');
        }
        out.write_all(text.as_bytes()).map_err(io)?;
        text.clear();
    }
    out.write_all(b"\n\\end\\\n").map_err(io)
}

/// Appends `x` as the shortest decimal that reads back to it (`-99`, not `-99.0`).
fn push_number(text: &mut String, buffer: &mut zmij::Buffer, x: f64) {
    let digits = buffer.format(x);
    text.push_str(digits.strip_suffix(".0").unwrap_or(digits));
}

/// A context of n tokens (`h`, base V) as an n-gram: its first n - 1 and its last, the
/// boundary there being `<s>`.
pub(super) fn as_ngram(h: u64, v: u64, start: u32) -> (u64, u32) {
    let last = (h % v) as u32;
    (h / v, if last == 0 { start } else { last })
}

/// Appends the word of token `t` (`V` being `<s>` as the last word): its character, or for the
/// boundary `<s>` in a context and `</s>` as the last word.
fn push_word(text: &mut String, vocab: &Vocab, t: u32, last: bool) {
    match (t, last) {
        (0, true) => text.push_str("</s>"),
        (0, false) => text.push_str("<s>"),
        (t, _) if t as usize == vocab.len() => text.push_str("<s>"),
        (t, _) => text.extend(vocab.itos(t as usize)),
    }
}

/// Writes a counted model to an ARPA file at `path`, as `makemore` writes every file (through a
/// temporary file renamed into place; `-` is standard output).
pub fn save(model: &Model, path: impl AsRef<Path>) -> Result<()> {
    let mut bytes = Vec::new();
    write(model, &mut bytes)?;
    crate::fsio::write_file(path.as_ref(), &bytes)
}
