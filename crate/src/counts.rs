//! Counting: how often each character follows each context, in a table of `V^K` rows.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1};

use super::context::{ContextSpace, Example};
use crate::bigram::Counts;
use crate::data::{Dataset, LoadOptions, Sink, Symbols, read_items, read_symbols};
use crate::error::{Error, Result, check_param};
use crate::vocab::Vocab;

/// The largest dense count table, in entries (`V^K * V`): 2^22, 16 MiB of `u32`. Below it the
/// counts are an `Array2<u32>` with a row for every possible context (the bigram's `N` at K = 1,
/// 27 x 27; the trigram's 729 x 27). Beyond it only the contexts seen get a row, so memory grows
/// with the distinct contexts of the data, not with `V^K` (27^4 x 27 = 14.3 million entries for
/// K = 4, of which names.txt fills under 2%).
///
/// ```
/// use makemore::ngram::{NgramCounts, DENSE_LIMIT};
/// use makemore::Vocab;
///
/// assert_eq!(DENSE_LIMIT, 1 << 22);
/// let vocab = Vocab::from_chars('a'..='z')?;
/// assert!(NgramCounts::new(vocab.clone(), 3)?.is_dense()); // 27^3 x 27 = 531441 entries
/// assert!(!NgramCounts::new(vocab, 4)?.is_dense()); // 27^4 x 27 = 14348907
/// # Ok::<(), makemore::Error>(())
/// ```
pub const DENSE_LIMIT: u64 = 1 << 22;

/// The counts of an n-gram model: `counts[context][next]`, how often character `next` follows
/// the K characters of `context` (see [`crate::ngram::examples`]). At K = 1 this is the lecture's
/// `N`, the same matrix as [`crate::bigram::count_matrix`].
///
/// ```
/// use makemore::ngram::NgramCounts;
/// use makemore::Dataset;
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let counts = NgramCounts::from_dataset(&words, 2)?;
/// assert_eq!(counts.total(), 228146); // the same examples for every K
/// let em = 5 * 27 + 13;
/// assert_eq!(counts.count(em, 13)?, 100); // "emm": 'm' after "em"
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct NgramCounts {
    vocab: Vocab,
    space: ContextSpace,
    table: Table,
    total: u64,
}

/// A row for every context, or only for the contexts seen.
#[derive(Clone, Debug, PartialEq)]
enum Table {
    Dense(Array2<u32>),
    Sparse(HashMap<u64, Array1<u32>>),
}

impl NgramCounts {
    /// An empty table for this vocabulary and context length (checked: see
    /// [`crate::ngram::num_contexts`]).
    ///
    /// ```
    /// use makemore::ngram::NgramCounts;
    /// use makemore::Vocab;
    ///
    /// let counts = NgramCounts::new(Vocab::from_chars('a'..='z')?, 3)?;
    /// assert_eq!((counts.num_contexts(), counts.total()), (19683, 0));
    /// assert!(NgramCounts::new(Vocab::from_chars('a'..='z')?, 0).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn new(vocab: Vocab, context_len: usize) -> Result<Self> {
        let space = ContextSpace::new(&vocab, context_len)?;
        let entries = space.count.checked_mul(space.size);
        let table = match entries {
            Some(n) if n <= DENSE_LIMIT => {
                Table::Dense(Array2::zeros((space.count as usize, vocab.len())))
            }
            _ => Table::Sparse(HashMap::new()),
        };
        Ok(NgramCounts {
            vocab,
            space,
            table,
            total: 0,
        })
    }

    /// Counts the items under a vocabulary; a character outside it, or a '.', is an error naming
    /// the item.
    ///
    /// ```
    /// use makemore::ngram::NgramCounts;
    /// use makemore::Vocab;
    ///
    /// let vocab = Vocab::from_chars("ab".chars())?;
    /// let counts = NgramCounts::from_items(vocab.clone(), 2, ["ab", "ba", "a"])?;
    /// assert_eq!(counts.count(0, 1)?, 2); // ".." -> 'a', twice
    /// assert_eq!(counts.count(1, 0)?, 1); // ".a" -> '.', in "a"
    /// assert!(NgramCounts::from_items(vocab, 2, ["abc"]).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_items<I>(vocab: Vocab, context_len: usize, items: I) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut counts = Self::new(vocab, context_len)?;
        for (i, item) in items.into_iter().enumerate() {
            counts.add_item(item.as_ref(), "items", i + 1)?;
        }
        Ok(counts)
    }

    /// Counts a data set under its own vocabulary ([`Vocab::from_dataset`]).
    ///
    /// ```
    /// use makemore::{bigram, ngram::NgramCounts, Dataset, Vocab};
    ///
    /// let words = Dataset::from_items(["emma", "ava"])?;
    /// let counts = NgramCounts::from_dataset(&words, 1)?;
    /// let n = bigram::count_matrix(&Vocab::from_dataset(&words), words.items())?;
    /// assert_eq!(counts.dense(), Some(&n)); // K = 1 is the bigram's N
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_dataset(dataset: &Dataset, context_len: usize) -> Result<Self> {
        Self::from_items(Vocab::from_dataset(dataset), context_len, dataset.items())
    }

    /// Counts a file in bounded memory, with the default [`LoadOptions`], in one pass, one
    /// buffer of the file in memory at a time: the reader of [`Counts::from_file`] numbers the
    /// characters in the order they are first seen, and each n-gram is counted under those
    /// numbers, packed into one integer (a fixed number of bits per character, so moving the
    /// context on is a shift and a mask); at the end the table is renumbered into the sorted
    /// vocabulary. The table is dense (fixed size) or holds only the contexts seen. Errors name
    /// the file and line. (With so many characters and so long a context that the packed
    /// n-gram would not fit in 64 bits, it reads the file twice instead: once for the
    /// vocabulary, then [`NgramCounts::from_reader`].)
    ///
    /// ```
    /// use makemore::ngram::NgramCounts;
    ///
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt");
    /// let counts = NgramCounts::from_file(path, 3)?;
    /// assert_eq!(counts.total(), 228146);
    /// assert!(NgramCounts::from_file("no/such/file.txt", 3).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_file(path: impl AsRef<Path>, context_len: usize) -> Result<Self> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        super::context::num_contexts(2, context_len)?; // K in range, before reading
        let mut sink = PackedCounts::new(&origin, context_len);
        let reader = crate::fsio::open_file(path)?;
        let (_, symbols) = read_symbols(reader, &origin, LoadOptions::default(), &mut sink)?;
        if let Some(counts) = sink.finish(symbols.chars())? {
            return Ok(counts);
        }
        let vocab = Counts::from_file(path)?.vocab;
        let reader = crate::fsio::open_file(path)?;
        Self::from_reader(reader, &origin, LoadOptions::default(), vocab, context_len)
    }

    /// Counts the items of a reader (under the rules of [`read_items`]) with a vocabulary
    /// already known; `origin` names the reader in error messages.
    ///
    /// ```
    /// use makemore::ngram::NgramCounts;
    /// use makemore::{LoadOptions, Vocab};
    ///
    /// let vocab = Vocab::from_chars("ab".chars())?;
    /// let counts = NgramCounts::from_reader(&b"ab\nba\n"[..], "bytes", LoadOptions::default(), vocab.clone(), 2)?;
    /// assert_eq!(counts.total(), 6);
    /// let err = NgramCounts::from_reader(&b"ab\nc\n"[..], "bytes", LoadOptions::default(), vocab, 2);
    /// assert!(matches!(err, Err(makemore::Error::UnknownChar { ch: 'c', .. })));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_reader(
        reader: impl BufRead,
        origin: &str,
        options: LoadOptions,
        vocab: Vocab,
        context_len: usize,
    ) -> Result<Self> {
        let mut counts = Self::new(vocab, context_len)?;
        read_items(reader, origin, options, |item, line| {
            counts.add_item(item, origin, line)
        })?;
        Ok(counts)
    }

    /// Adds one item's examples; `origin` and `line` name it if a count would pass `u32::MAX`.
    fn add_item(&mut self, item: &str, origin: &str, line: usize) -> Result<()> {
        let mut overflow = None;
        let (space, vocab) = (self.space, &self.vocab);
        let table = &mut self.table;
        space.for_each(vocab, item, |Example { context, next }| {
            let cell = match table {
                Table::Dense(n) => &mut n[[context as usize, next]],
                Table::Sparse(rows) => &mut rows
                    .entry(context)
                    .or_insert_with(|| Array1::zeros(vocab.len()))[next],
            };
            match cell.checked_add(1) {
                Some(c) => *cell = c,
                None => overflow = overflow.or(Some((context, next))),
            }
        })?;
        self.total += item.chars().count() as u64 + 1;
        if let Some((context, next)) = overflow {
            let mut ngram = super::context::context_string(vocab, space.len, context)?;
            ngram.push(vocab.itos(next).unwrap_or('.'));
            return Err(Error::CountOverflow {
                origin: origin.into(),
                line,
                bigram: ngram,
            });
        }
        Ok(())
    }

    /// The vocabulary.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// K, the number of characters of context.
    pub fn context_len(&self) -> usize {
        self.space.len
    }

    /// `V^K`, the number of possible contexts.
    pub fn num_contexts(&self) -> u64 {
        self.space.count
    }

    /// The number of examples counted.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Whether every context has a row (see [`DENSE_LIMIT`]).
    pub fn is_dense(&self) -> bool {
        matches!(self.table, Table::Dense(_))
    }

    /// The dense table (`V^K x V`), if the counts are dense.
    pub fn dense(&self) -> Option<&Array2<u32>> {
        match &self.table {
            Table::Dense(n) => Some(n),
            Table::Sparse(_) => None,
        }
    }

    /// How often `next` follows `context` (zero for a context never seen); a context `>= V^K`
    /// or a character outside the vocabulary is an error.
    ///
    /// ```
    /// # use makemore::{ngram::NgramCounts, Vocab};
    /// let counts = NgramCounts::from_items(Vocab::from_chars("ab".chars())?, 1, ["ab"])?;
    /// assert_eq!(counts.count(1, 2)?, 1); // "ab"
    /// assert!(counts.count(3, 0).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn count(&self, context: u64, next: usize) -> Result<u32> {
        self.space.check(context)?;
        check_param(
            next < self.vocab.len(),
            "next",
            next,
            "must be an index of the vocabulary",
        )?;
        Ok(self.row(context).map_or(0, |row| row[next]))
    }

    /// The counts after `context`, or `None` for a context never seen (or outside `V^K`).
    pub fn row(&self, context: u64) -> Option<ArrayView1<'_, u32>> {
        let row = match &self.table {
            Table::Dense(n) => (context < self.space.count).then(|| n.row(context as usize))?,
            Table::Sparse(rows) => rows.get(&context)?.view(),
        };
        (row.iter().any(|&c| c > 0)).then_some(row)
    }

    /// The contexts seen, in increasing order, with their rows of counts: the sufficient
    /// statistics of the data for any model of this context length.
    ///
    /// ```
    /// # use makemore::{ngram::NgramCounts, Vocab};
    /// let counts = NgramCounts::from_items(Vocab::from_chars("ab".chars())?, 2, ["ab"])?;
    /// let seen: Vec<u64> = counts.seen().map(|(c, _)| c).collect();
    /// assert_eq!(seen, [0, 1, 5]); // "..", ".a", "ab"
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn seen(&self) -> impl Iterator<Item = (u64, ArrayView1<'_, u32>)> + '_ {
        let contexts: Vec<u64> = match &self.table {
            Table::Dense(n) => n
                .outer_iter()
                .enumerate()
                .filter(|(_, row)| row.iter().any(|&c| c > 0))
                .map(|(i, _)| i as u64)
                .collect(),
            Table::Sparse(rows) => {
                let mut keys: Vec<u64> = rows.keys().copied().collect();
                keys.sort_unstable();
                keys
            }
        };
        contexts
            .into_iter()
            .filter_map(move |c| self.row(c).map(|row| (c, row)))
    }

    /// The number of distinct contexts seen.
    pub fn num_seen(&self) -> usize {
        match &self.table {
            Table::Dense(_) => self.seen().count(),
            Table::Sparse(rows) => rows.len(),
        }
    }
}
/// The counts of [`NgramCounts::from_file`] while it reads: each n-gram (K context characters and
/// the next one, numbered as [`Symbols`] first sees them, '.' as 0) packed into one integer of
/// `bits` bits per character, oldest most significant, so that moving the context on is a shift
/// and a mask. Dense (a cell for every packed value) up to [`DENSE_LIMIT`] cells, else only the
/// n-grams seen. `bits` grows (and the table is repacked) when a new character does not fit.
struct PackedCounts<'a> {
    origin: &'a str,
    context_len: usize,
    bits: u32,
    cells: Packed,
    total: u64,
    /// The n-gram would pass 64 bits: counting stopped, `from_file` reads the file twice instead.
    too_wide: bool,
}

enum Packed {
    Dense(Vec<u32>),
    Sparse(HashMap<u64, u32>),
}

impl<'a> PackedCounts<'a> {
    fn new(origin: &'a str, context_len: usize) -> Self {
        let mut counts = PackedCounts {
            origin,
            context_len,
            bits: 0,
            cells: Packed::Sparse(HashMap::new()),
            total: 0,
            too_wide: false,
        };
        counts.fit(32);
        counts
    }

    /// The width of a packed n-gram, in bits, at `bits` per character.
    fn width(&self, bits: u32) -> u32 {
        bits * (self.context_len as u32 + 1)
    }

    /// Makes room for `symbols` characters ('.' included): more bits per character if needed,
    /// the n-grams counted so far repacked.
    fn fit(&mut self, symbols: usize) {
        let bits = (symbols.max(2) as u64).next_power_of_two().trailing_zeros();
        if bits <= self.bits || self.too_wide {
            return;
        }
        let width = self.width(bits);
        if width > 64 {
            self.too_wide = true;
            return;
        }
        let old_bits = self.bits;
        let seen: Vec<(u64, u32)> = match &self.cells {
            Packed::Dense(cells) => cells
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c > 0)
                .map(|(key, &c)| (key as u64, c))
                .collect(),
            Packed::Sparse(cells) => cells.iter().map(|(&key, &c)| (key, c)).collect(),
        };
        let mut cells = if width < 64 && 1u64 << width <= DENSE_LIMIT {
            Packed::Dense(vec![0; 1 << width])
        } else {
            Packed::Sparse(HashMap::new())
        };
        let tokens = self.context_len + 1;
        for (key, count) in seen {
            let mut new_key = 0;
            for t in (0..tokens).rev() {
                let token = (key >> (t as u32 * old_bits)) & ((1 << old_bits) - 1);
                new_key = (new_key << bits) | token;
            }
            match &mut cells {
                Packed::Dense(cells) => cells[new_key as usize] = count,
                Packed::Sparse(cells) => {
                    cells.insert(new_key, count);
                }
            }
        }
        (self.bits, self.cells) = (bits, cells);
    }

    /// Counts the examples of a stream of character numbers whose items each end with a 0 (the
    /// closing '.'); `line` is the first item's line. A count that would pass `u32::MAX` is an
    /// error naming its item's line and n-gram.
    fn add(&mut self, ids: &[u32], symbols: &Symbols, line: usize) -> Result<()> {
        self.fit(symbols.chars().len());
        if self.too_wide {
            return Ok(());
        }
        let bits = self.bits;
        let context_mask = (1u64 << (bits * self.context_len as u32)) - 1;
        let mut context = 0u64;
        let mut overflow = None;
        for (at, &id) in ids.iter().enumerate() {
            let key = (context << bits) | id as u64;
            let cell = match &mut self.cells {
                Packed::Dense(cells) => &mut cells[key as usize],
                Packed::Sparse(cells) => cells.entry(key).or_insert(0),
            };
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
            let ngram = (0..=self.context_len)
                .rev()
                .map(|t| symbols.chars()[((key >> (t as u32 * bits)) & ((1 << bits) - 1)) as usize])
                .collect();
            return Err(Error::CountOverflow {
                origin: self.origin.into(),
                line: line + item,
                bigram: ngram,
            });
        }
        self.total += ids.len() as u64;
        Ok(())
    }

    /// The counts under the sorted vocabulary of `chars` (numbered as counted, '.' first), or
    /// `None` if the n-grams did not fit in 64 bits.
    fn finish(self, chars: &[char]) -> Result<Option<NgramCounts>> {
        if self.too_wide {
            return Ok(None);
        }
        // Checked items never hold '.' or control characters and stay within the limit.
        let vocab = Vocab::from_chars(chars[1..].iter().copied())?;
        let to_vocab: Vec<u64> = chars
            .iter()
            .map(|&c| vocab.stoi(c).map_or(0, |i| i as u64))
            .collect();
        let mut counts = NgramCounts::new(vocab, self.context_len)?;
        let (bits, size) = (self.bits, counts.space.size);
        let mask = (1u64 << bits) - 1;
        let mut put = |key: u64, count: u32| {
            let next = to_vocab[(key & mask) as usize] as usize;
            let mut context = 0;
            for t in (1..=self.context_len).rev() {
                context = context * size + to_vocab[((key >> (t as u32 * bits)) & mask) as usize];
            }
            match &mut counts.table {
                Table::Dense(n) => n[[context as usize, next]] = count,
                Table::Sparse(rows) => {
                    rows.entry(context)
                        .or_insert_with(|| Array1::zeros(size as usize))[next] = count;
                }
            }
        };
        match self.cells {
            Packed::Dense(cells) => cells
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c > 0)
                .for_each(|(key, &c)| put(key as u64, c)),
            Packed::Sparse(cells) => cells.into_iter().for_each(|(key, c)| put(key, c)),
        }
        counts.total = self.total;
        Ok(Some(counts))
    }
}

impl Sink for PackedCounts<'_> {
    fn item(&mut self, _: &str, ids: &[u32], symbols: &Symbols, line: usize) -> Result<()> {
        let mut with_end = Vec::with_capacity(ids.len() + 1);
        with_end.extend_from_slice(ids);
        with_end.push(0);
        self.add(&with_end, symbols, line)
    }

    fn plain_lines(
        &mut self,
        _: &str,
        ids: &[u32],
        _: &[u32],
        symbols: &Symbols,
        line: usize,
    ) -> Result<()> {
        self.add(ids, symbols, line) // a 0 after each line already
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `from_file` (one pass, packed n-grams) against `from_items` under the file's vocabulary.
    fn streamed_equals_in_memory(items: &[String], ks: &[usize]) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("items.txt");
        std::fs::write(&path, items.join("\n") + "\n").unwrap();
        let vocab = Vocab::from_dataset(items);
        for &k in ks {
            let streamed = NgramCounts::from_file(&path, k).unwrap();
            let counted = NgramCounts::from_items(vocab.clone(), k, items).unwrap();
            assert_eq!(streamed, counted, "K = {k}, V = {}", vocab.len());
        }
    }

    #[test]
    fn new_characters_late_in_the_file_repack_the_counts() {
        // 26 letters first (5 bits), then 40 more characters a few at a time, some non-ASCII and
        // some lines with a space inside (the reader's general way), so 5 -> 6 -> 7 bits.
        let mut items: Vec<String> = ["emma", "olivia", "ava", "isabella", "zoë"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        items.extend((b'a'..=b'z').map(|c| format!("{}x{}", c as char, c as char)));
        for (i, c) in ('A'..='Z')
            .chain('0'..='9')
            .chain(['é', 'ß', 'ø', 'ñ'])
            .enumerate()
        {
            items.push(format!("ab{c}ba"));
            if i % 3 == 0 {
                items.push(format!("a {c}"));
            }
        }
        streamed_equals_in_memory(&items, &[1, 2, 3, 4]);
    }

    #[test]
    fn wide_vocabularies_go_sparse_or_read_twice() {
        // 300 characters: 9 bits each, K = 3 packs 36 bits (sparse while counting), K = 7 would
        // need 72 (the two-pass fallback).
        let chars: Vec<char> = (0..300)
            .map(|i| char::from_u32(0x4e00 + i).unwrap())
            .collect();
        let items: Vec<String> = chars
            .chunks(7)
            .map(|c| c.iter().collect::<String>())
            .chain(chars.chunks(5).rev().map(|c| c.iter().rev().collect()))
            .collect();
        streamed_equals_in_memory(&items, &[1, 3, 7]);
    }

    #[test]
    fn errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        std::fs::write(&path, "emma\nava\nmi.a\n").unwrap();
        let err = NgramCounts::from_file(&path, 2).unwrap_err();
        assert!(matches!(err, Error::ReservedChar { line: 3, .. }), "{err}");
        assert!(NgramCounts::from_file(&path, 0).is_err());
        assert!(NgramCounts::from_file(&path, 9).is_err());
    }

    #[test]
    fn a_count_past_u32_max_is_an_error_naming_its_line_and_ngram() {
        let symbols_text = b"ab\nab\nba\n";
        let mut sink = PackedCounts::new("toy", 2);
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
