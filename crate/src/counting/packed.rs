//! The one streaming pass of `Counts::from_file`: the n-grams packed into integers as they are
//! read, renumbered into the sorted vocabulary at the end.

use crate::counting::context::Map;
use crate::data::{Sink, Stats, Symbols};
use crate::error::{Error, Result};
use crate::fsio::check_room;
use crate::vocab::Vocab;

/// The counts of `Counts::from_file` while it reads: each n-gram (K context characters and
/// the next one, numbered as [`Symbols`] first sees them, '.' as 0) packed into one integer of
/// `bits` bits per character, oldest most significant, so that moving the context on is a shift
/// and a mask. Dense (a cell for every packed value) up to `dense_limit` cells, else only the
/// n-grams seen. `bits` grows (and the table is repacked) when a new character does not fit.
pub(super) struct PackedCounts<'a> {
    origin: &'a str,
    context_len: usize,
    dense_limit: u64,
    bits: u32,
    cells: Packed,
    stats: Stats,
    /// The n-gram would pass 64 bits: counting stopped, `from_file` reads the file twice instead.
    too_wide: bool,
}

/// The packed table: a cell for every packed value, or only for the n-grams seen.
enum Packed {
    Dense(Vec<u32>),
    Sparse(Map<u64, u32>),
}

impl Packed {
    /// A table for n-grams of `width` bits: dense up to `dense_limit` cells.
    fn new(width: u32, dense_limit: u64) -> Self {
        if width < 64 && 1u64 << width <= dense_limit {
            Packed::Dense(vec![0; 1 << width])
        } else {
            Packed::Sparse(Map::default())
        }
    }

    /// The count of the n-gram `key` (a zero made for one not yet seen).
    #[inline]
    fn cell(&mut self, key: u64) -> &mut u32 {
        match self {
            Packed::Dense(cells) => &mut cells[key as usize],
            Packed::Sparse(cells) => cells.entry(key).or_insert(0),
        }
    }

    /// The n-grams counted, with their counts.
    fn into_seen(self) -> Box<dyn Iterator<Item = (u64, u32)>> {
        match self {
            Packed::Dense(cells) => Box::new(
                cells
                    .into_iter()
                    .enumerate()
                    .filter(|&(_, c)| c > 0)
                    .map(|(key, c)| (key as u64, c)),
            ),
            Packed::Sparse(cells) => Box::new(cells.into_iter()),
        }
    }
}

/// The `tokens` character numbers packed into `key` at `bits` bits each, oldest first.
fn unpack(key: u64, bits: u32, tokens: usize) -> impl Iterator<Item = usize> {
    let mask = (1u64 << bits) - 1;
    (0..tokens)
        .rev()
        .map(move |t| ((key >> (t as u32 * bits)) & mask) as usize)
}

impl<'a> PackedCounts<'a> {
    /// A pass over `origin` counting K = `context_len`; a dense packed table up to
    /// `dense_limit` cells.
    pub(super) fn new(origin: &'a str, context_len: usize, dense_limit: u64) -> Self {
        let mut counts = PackedCounts {
            origin,
            context_len,
            dense_limit,
            bits: 0,
            cells: Packed::Sparse(Map::default()),
            stats: Stats::default(),
            too_wide: false,
        };
        counts.fit(32);
        counts
    }

    /// Makes room for `symbols` characters ('.' included): more bits per character if needed,
    /// the n-grams counted so far repacked.
    fn fit(&mut self, symbols: usize) {
        let bits = (symbols.max(2) as u64).next_power_of_two().trailing_zeros();
        if bits <= self.bits || self.too_wide {
            return;
        }
        let width = bits * (self.context_len as u32 + 1); // of a packed n-gram
        if width > 64 {
            self.too_wide = true;
            return;
        }
        let (old_bits, tokens) = (self.bits, self.context_len + 1);
        let old = std::mem::replace(&mut self.cells, Packed::new(width, self.dense_limit));
        for (key, count) in old.into_seen() {
            let new_key = unpack(key, old_bits, tokens).fold(0, |k, t| (k << bits) | t as u64);
            *self.cells.cell(new_key) = count;
        }
        self.bits = bits;
    }

    /// Counts the examples of a stream of character numbers whose items each end with a 0 (the
    /// closing '.'); `line` is the first item's line. A count that would pass `u32::MAX` is an
    /// error naming its item's line and n-gram.
    fn add(&mut self, ids: &[u32], symbols: &Symbols, line: usize) -> Result<()> {
        self.fit(symbols.chars().len());
        if self.too_wide {
            return Ok(());
        }
        if let Packed::Sparse(cells) = &self.cells {
            check_room(cells, ids.len(), "the n-grams counted")?;
        }
        let bits = self.bits;
        let context_mask = (1u64 << (bits * self.context_len as u32)) - 1;
        let mut context = 0u64;
        let mut overflow = None;
        for (at, &id) in ids.iter().enumerate() {
            let key = (context << bits) | id as u64;
            let cell = self.cells.cell(key);
            match cell.checked_add(1) {
                Some(c) => *cell = c,
                None => {
                    overflow = Some((at, key));
                    break;
                }
            }
            context = if id == 0 { 0 } else { key & context_mask };
        }
        if let Some((at, key)) = overflow {
            let item = ids[..at].iter().filter(|&&id| id == 0).count();
            let tokens = unpack(key, bits, self.context_len + 1);
            let ngram = tokens.map(|id| symbols.chars()[id]).collect();
            return Err(Error::CountOverflow {
                origin: self.origin.into(),
                line: line + item,
                bigram: ngram,
            });
        }
        Ok(())
    }

    /// The vocabulary of `chars` (the start/end token first, then as counted), sorted, and
    /// every n-gram counted as `(context, next, count)` under it; `None` if the n-grams did not
    /// fit in 64 bits.
    pub(super) fn finish(self, chars: &[char]) -> Result<Option<Unpacked>> {
        if self.too_wide {
            return Ok(None);
        }
        // Checked items never hold the token or control characters and stay within the limit.
        let vocab = Vocab::from_chars_with(chars[1..].iter().copied(), chars[0])?;
        let to_vocab: Vec<u64> = chars
            .iter()
            .map(|&c| vocab.stoi(c).map_or(0, |i| i as u64))
            .collect();
        let (bits, context_len, size) = (self.bits, self.context_len, vocab.len() as u64);
        let to_ngram = move |(key, count): (u64, u32)| {
            let mut tokens = unpack(key, bits, context_len + 1).map(|id| to_vocab[id]);
            let context = tokens
                .by_ref()
                .take(context_len)
                .fold(0, |c, t| c * size + t);
            (context, tokens.next().unwrap_or(0) as usize, count)
        };
        Ok(Some(Unpacked {
            vocab,
            stats: self.stats,
            ngrams: Box::new(self.cells.into_seen().map(to_ngram)),
        }))
    }
}

/// What [`PackedCounts::finish`] hands back: the vocabulary, the stats and the n-grams counted.
pub(super) struct Unpacked {
    pub(super) vocab: Vocab,
    pub(super) stats: Stats,
    pub(super) ngrams: Box<dyn Iterator<Item = (u64, usize, u32)>>,
}

impl Sink for PackedCounts<'_> {
    fn item(&mut self, _: &str, ids: &[u32], symbols: &Symbols, line: usize) -> Result<()> {
        let mut with_end = Vec::with_capacity(ids.len() + 1);
        with_end.extend_from_slice(ids);
        with_end.push(0);
        self.stats.note(ids.len());
        self.add(&with_end, symbols, line)
    }

    fn plain_lines(
        &mut self,
        _: &str,
        ids: &[u32],
        lengths: &[u32],
        symbols: &Symbols,
        line: usize,
    ) -> Result<()> {
        for &len in lengths {
            self.stats.note(len as usize);
        }
        self.add(ids, symbols, line) // a 0 after each line already
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{LoadOptions, read_symbols};

    #[test]
    fn a_count_past_u32_max_is_an_error_naming_its_line_and_ngram() {
        let symbols_text = b"ab\nab\nba\n";
        let mut sink = PackedCounts::new("toy", 2, 1 << 22);
        let (_, symbols) =
            read_symbols(&symbols_text[..], "toy", LoadOptions::default(), &mut sink).unwrap();
        // "ab" -> '.' is packed as a = 1, b = 2, '.' = 0 at 5 bits each.
        if let Packed::Dense(cells) = &mut sink.cells {
            cells[(1 << 10) | (2 << 5)] = u32::MAX;
        }
        let err = sink.add(&[2, 1, 0, 1, 2, 0], &symbols, 7).unwrap_err();
        match err {
            Error::CountOverflow { line, bigram, .. } => assert_eq!((line, &*bigram), (8, "ab.")),
            other => panic!("{other}"),
        }
    }
}
