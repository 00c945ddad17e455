//! Counting: how often each character follows each context, in a table of `V^K` rows.
//!
//! One type for every K: at K = 1 the table is the lecture's `N` (the same matrix as
//! [`crate::counting::bigram::count_matrix`], which spells the counting out), at K = 2 the trigram's 729 x
//! 27, and so on. The counts of a file are streamed in one pass, a line at a time, whatever its
//! size (`Counts::from_file`).

use std::io::BufRead;
use std::path::Path;

use ndarray::{Array1, Array2, CowArray, Ix1};

use super::packed::PackedCounts;

use crate::counting::context::{ContextSpace, Example, Map, context_string, num_contexts};
use crate::data::{Dataset, LoadOptions, Stats, read_items, read_symbols};
use crate::error::{Error, Result, check_param, check_shape};
use crate::fsio::check_room;
use crate::vocab::Vocab;

/// The largest dense count table, in entries (`V^K * V`): 2^22, 16 MiB of `u32`. Below it the
/// counts are an `Array2<u32>` with a row for every possible context (the bigram's `N` at K = 1,
/// 27 x 27; the trigram's 729 x 27). Beyond it only the n-grams seen are kept (each context's
/// characters seen after it, with their counts), so memory grows with the distinct n-grams of the
/// data, not with `V^K` (27^4 x 27 = 14.3 million entries for K = 4, of which names.txt fills
/// under 2%).
///
/// ```
/// use makemore::counting::{Counts, DENSE_LIMIT};
/// use makemore::vocab::Vocab;
///
/// assert_eq!(DENSE_LIMIT, 1 << 22);
/// let vocab = Vocab::from_chars('a'..='z')?;
/// assert!(Counts::new(vocab.clone(), 3)?.is_dense()); // 27^3 x 27 = 531441 entries
/// assert!(!Counts::new(vocab, 4)?.is_dense()); // 27^4 x 27 = 14348907
/// # Ok::<(), makemore::Error>(())
/// ```
pub const DENSE_LIMIT: u64 = 1 << 22;

/// The counts of an n-gram model: `counts[context][next]`, how often character `next` follows
/// the K characters of `context` (see [`crate::nn::TrainingSet::with_context`]). At K = 1 this is the lecture's
/// `N`, the same matrix as [`crate::counting::bigram::count_matrix`].
///
/// ```
/// use makemore::counting::Counts;
/// use makemore::data::Dataset;
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let counts = Counts::from_dataset(&words, 2)?;
/// assert_eq!(counts.total(), 228146); // the same examples for every K
/// let em = 5 * 27 + 13;
/// assert_eq!(counts.count(em, 13)?, 100); // "emm": 'm' after "em"
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Counts {
    vocab: Vocab,
    space: ContextSpace,
    table: Table,
    stats: Stats,
}

/// A row for every context, or only the n-grams seen: for each context seen, the characters
/// seen after it (in increasing order) with their counts.
#[derive(Clone, Debug, PartialEq)]
enum Table {
    Dense(Array2<u32>),
    Sparse(Map<u64, Vec<(u32, u32)>>),
}

impl Table {
    /// The count of `next` after `context` (a zero made for an n-gram not yet seen by a sparse
    /// table).
    fn cell(&mut self, context: u64, next: usize) -> &mut u32 {
        match self {
            Table::Dense(n) => &mut n[[context as usize, next]],
            Table::Sparse(rows) => {
                let row = rows.entry(context).or_default();
                let i = match row.binary_search_by_key(&(next as u32), |e| e.0) {
                    Ok(i) => i,
                    Err(i) => {
                        row.insert(i, (next as u32, 0));
                        i
                    }
                };
                &mut row[i].1
            }
        }
    }
}

impl Counts {
    /// An empty table for this vocabulary and context length (checked: see
    /// [`crate::counting::context::num_contexts`]).
    ///
    /// ```
    /// use makemore::counting::Counts;
    /// use makemore::vocab::Vocab;
    ///
    /// let counts = Counts::new(Vocab::from_chars('a'..='z')?, 3)?;
    /// assert_eq!((counts.num_contexts(), counts.total()), (19683, 0));
    /// assert!(Counts::new(Vocab::from_chars('a'..='z')?, 0).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn new(vocab: Vocab, context_len: usize) -> Result<Self> {
        let space = ContextSpace::new(&vocab, context_len)?;
        let table = match space.fits(DENSE_LIMIT) {
            true => Table::Dense(Array2::zeros((space.count as usize, vocab.len()))),
            false => Table::Sparse(Map::default()),
        };
        Ok(Counts {
            vocab,
            space,
            table,
            stats: Stats::default(),
        })
    }

    /// Counts the items under a vocabulary; a character outside it, or its start/end token, is an
    /// error naming the item.
    ///
    /// ```
    /// use makemore::counting::Counts;
    /// use makemore::vocab::Vocab;
    ///
    /// let vocab = Vocab::from_chars("ab".chars())?;
    /// let counts = Counts::from_items(vocab.clone(), 2, ["ab", "ba", "a"])?;
    /// assert_eq!(counts.count(0, 1)?, 2); // ".." -> 'a', twice
    /// assert_eq!(counts.count(1, 0)?, 1); // ".a" -> '.', in "a"
    /// assert!(Counts::from_items(vocab, 2, ["abc"]).is_err());
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

    /// Counts a data set under its own vocabulary ([`Vocab::from_dataset_with`] its start/end
    /// token).
    ///
    /// ```
    /// use makemore::{counting::{Counts, bigram}, data::Dataset, vocab::Vocab};
    ///
    /// let words = Dataset::from_items(["emma", "ava"])?;
    /// let counts = Counts::from_dataset(&words, 1)?;
    /// let n = bigram::count_matrix(&Vocab::from_dataset(&words), words.items())?;
    /// assert_eq!(counts.dense(), Some(&n)); // K = 1 is the bigram's N
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_dataset(dataset: &Dataset, context_len: usize) -> Result<Self> {
        let vocab = Vocab::from_dataset_with(dataset, dataset.boundary())?;
        Self::from_items(vocab, context_len, dataset.items())
    }

    /// The bigram counts (K = 1) of the lecture's count matrix `N`. Its stats know the items
    /// (row 0 of `N`: every item starts once) and the characters, not the lengths (0).
    ///
    /// ```
    /// use makemore::{counting::{Counts, bigram}, vocab::Vocab};
    ///
    /// let vocab = Vocab::from_chars("aem".chars())?;
    /// let n = bigram::count_matrix(&vocab, ["emma"])?;
    /// let counts = Counts::from_matrix(vocab, n.clone())?;
    /// assert_eq!((counts.dense(), counts.total()), (Some(&n), 5));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_matrix(vocab: Vocab, n: Array2<u32>) -> Result<Self> {
        check_shape("count matrix", (vocab.len(), vocab.len()), n.dim())?;
        let items = n.row(0).iter().map(|&c| c as usize).sum::<usize>();
        let total = n.iter().map(|&c| c as usize).sum::<usize>();
        Ok(Counts {
            space: ContextSpace::new(&vocab, 1)?,
            vocab,
            table: Table::Dense(n),
            stats: Stats {
                items,
                characters: total.saturating_sub(items),
                ..Stats::default()
            },
        })
    }

    /// The `top` most common n-grams seen (K characters of context and the next one, as text),
    /// most common first, ties in the order of the contexts' numbers and then the next
    /// character's: at K = 1 what [`crate::counting::bigram::most_common`] gives for the dictionary.
    ///
    /// ```
    /// use makemore::{counting::Counts, data::Dataset};
    ///
    /// let counts = Counts::from_dataset(&Dataset::from_items(["emma", "ava", "anna"])?, 1)?;
    /// assert_eq!(counts.most_common(2)?, [("a.".to_string(), 3), (".a".to_string(), 2)]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn most_common(&self, top: usize) -> Result<Vec<(String, usize)>> {
        let mut cells: Vec<(u32, u64, usize)> = self
            .ngrams()
            .map(|(context, next, count)| (count, context, next))
            .collect();
        cells.sort_unstable_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        cells
            .into_iter()
            .take(top)
            .map(|(count, context, next)| {
                let mut ngram = context_string(&self.vocab, self.space.len, context)?;
                ngram.extend(self.vocab.itos(next));
                Ok((ngram, count as usize))
            })
            .collect()
    }

    /// Counts a file in bounded memory, with the default [`LoadOptions`], in one pass, one
    /// buffer of the file in memory at a time: the reader of [`Counts::from_file`] numbers the
    /// characters in the order they are first seen, and each n-gram is counted under those
    /// numbers, packed into one integer (a fixed number of bits per character, so moving the
    /// context on is a shift and a mask); at the end the table is renumbered into the sorted
    /// vocabulary. The table is dense (fixed size) or holds only the contexts seen. Errors name
    /// the file and line. (With so many characters and so long a context that the packed
    /// n-gram would not fit in 64 bits, it reads the file twice instead: once for the
    /// vocabulary, then the counts.)
    ///
    /// ```
    /// use makemore::counting::Counts;
    ///
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt");
    /// let counts = Counts::from_file(path, 3)?;
    /// assert_eq!(counts.total(), 228146);
    /// assert!(Counts::from_file("no/such/file.txt", 3).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_file(path: impl AsRef<Path>, context_len: usize) -> Result<Self> {
        Self::from_file_with(path, context_len, LoadOptions::default())
    }

    /// [`Counts::from_file`] with options, e.g. another start/end token for data with dots.
    ///
    /// ```
    /// use makemore::{counting::Counts, data::LoadOptions};
    ///
    /// let path = std::env::temp_dir().join("makemore-doc-sites.txt");
    /// std::fs::write(&path, "a.io\nb.io\n").unwrap();
    /// let options = LoadOptions { boundary: '#', ..LoadOptions::default() };
    /// let counts = Counts::from_file_with(&path, 1, options)?;
    /// assert_eq!(counts.vocab().to_string(), "#.abio");
    /// assert_eq!(counts.count(1, 4)?, 2); // ".i" (. = 1, i = 4), twice
    /// assert!(Counts::from_file(&path, 1).is_err()); // '.' is the default token
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_file_with(
        path: impl AsRef<Path>,
        context_len: usize,
        options: LoadOptions,
    ) -> Result<Self> {
        let path = path.as_ref();
        let origin = path.display().to_string();
        let reader = crate::fsio::open_file(path)?;
        if let Some(counts) = Self::packed(reader, &origin, options, context_len)? {
            return Ok(counts);
        }
        let vocab = Counts::from_file_with(path, 1, options)?.vocab;
        let mut counts = Self::new(vocab, context_len)?;
        let reader = crate::fsio::open_file(path)?;
        read_items(reader, &origin, options, |item, line| {
            counts.add_item(item, &origin, line)
        })?;
        Ok(counts)
    }

    /// Counts the items of any reader in one pass, as [`Counts::from_file`] does, under the rules
    /// of [`read_items`]; `origin` names it in error messages. The vocabulary is the data's
    /// ([`Vocab::from_dataset`] of the items).
    ///
    /// ```
    /// use makemore::{counting::Counts, data::LoadOptions};
    ///
    /// let counts = Counts::from_reader(&b"emma\nzo\xc3\xab\n"[..], "bytes", LoadOptions::default(), 1)?;
    /// assert_eq!(counts.vocab().to_string(), ".aemozë");
    /// assert_eq!((counts.total(), counts.stats().longest), (9, 4));
    /// assert!(Counts::from_reader(&b"a.b\n"[..], "bytes", LoadOptions::default(), 2).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_reader(
        reader: impl BufRead,
        origin: &str,
        options: LoadOptions,
        context_len: usize,
    ) -> Result<Self> {
        let too_wide = || {
            let reason = format!(
                "{origin} has too many distinct characters to count {} at a time in one pass; \
                 Counts::from_file reads a file twice instead",
                context_len + 1
            );
            Error::invalid("context length", context_len, reason)
        };
        Self::packed(reader, origin, options, context_len)?.ok_or_else(too_wide)
    }

    /// The one streaming pass: `None` if the packed n-grams would not fit in 64 bits.
    fn packed(
        reader: impl BufRead,
        origin: &str,
        options: LoadOptions,
        context_len: usize,
    ) -> Result<Option<Self>> {
        num_contexts(2, context_len)?; // K in range, before reading
        let mut sink = PackedCounts::new(origin, context_len, DENSE_LIMIT);
        let (_, symbols) = read_symbols(reader, origin, options, &mut sink)?;
        let Some(unpacked) = sink.finish(symbols.chars())? else {
            return Ok(None);
        };
        let mut counts = Counts::new(unpacked.vocab, context_len)?;
        for (context, next, count) in unpacked.ngrams {
            *counts.table.cell(context, next) = count;
        }
        counts.stats = unpacked.stats;
        Ok(Some(counts))
    }

    /// Adds one item's examples; `origin` and `line` name it if a count would pass `u32::MAX`.
    fn add_item(&mut self, item: &str, origin: &str, line: usize) -> Result<()> {
        if let Table::Sparse(rows) = &self.table {
            check_room(rows, item.len() + 1, "the contexts counted")?;
        }
        let mut overflow = None;
        let (space, vocab) = (self.space, &self.vocab);
        let table = &mut self.table;
        space.for_each(vocab, item, |Example { context, next }| {
            let cell = table.cell(context, next);
            match cell.checked_add(1) {
                Some(c) => *cell = c,
                None => overflow = overflow.or(Some((context, next))),
            }
        })?;
        self.stats.note(item.chars().count());
        if let Some((context, next)) = overflow {
            let mut ngram = context_string(vocab, space.len, context)?;
            ngram.push(vocab.itos(next).unwrap_or('.'));
            return Err(Error::CountOverflow {
                origin: origin.into(),
                line,
                bigram: ngram,
            });
        }
        Ok(())
    }

    /// Adds one example, a context below `V^K` and a next character of the vocabulary (a
    /// training set's pair, whose item is not known: the item statistics stay as they are), at
    /// most `u32::MAX` times.
    pub(crate) fn add_example(&mut self, context: u64, next: usize) {
        let cell = self.table.cell(context, next);
        *cell = cell.saturating_add(1);
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

    /// The number of examples counted (every character and the closing '.' of every item).
    pub fn total(&self) -> u64 {
        (self.stats.characters + self.stats.items) as u64
    }

    /// Number of items counted, shortest and longest length, total characters.
    ///
    /// ```
    /// use makemore::{counting::Counts, data::Dataset};
    ///
    /// let counts = Counts::from_dataset(&Dataset::from_items(["emma", "ava"])?, 1)?;
    /// assert_eq!((counts.stats().items, counts.stats().shortest, counts.stats().longest), (2, 3, 4));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn stats(&self) -> Stats {
        self.stats
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
    /// # use makemore::{counting::Counts, vocab::Vocab};
    /// let counts = Counts::from_items(Vocab::from_chars("ab".chars())?, 1, ["ab"])?;
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

    /// The counts after `context` (a view of the dense table, or a row made from the n-grams
    /// seen), or `None` for a context never seen (or outside `V^K`).
    pub fn row(&self, context: u64) -> Option<CowArray<'_, u32, Ix1>> {
        match &self.table {
            Table::Dense(n) => {
                let row = (context < self.space.count).then(|| n.row(context as usize))?;
                row.iter().any(|&c| c > 0).then(|| row.into())
            }
            Table::Sparse(rows) => {
                let mut row = Array1::zeros(self.vocab.len());
                for &(next, count) in rows.get(&context)? {
                    row[next as usize] = count;
                }
                Some(row.into())
            }
        }
    }

    /// The contexts seen, in increasing order, with their rows of counts: the sufficient
    /// statistics of the data for any model of this context length.
    ///
    /// ```
    /// # use makemore::{counting::Counts, vocab::Vocab};
    /// let counts = Counts::from_items(Vocab::from_chars("ab".chars())?, 2, ["ab"])?;
    /// let seen: Vec<u64> = counts.seen().map(|(c, _)| c).collect();
    /// assert_eq!(seen, [0, 1, 5]); // "..", ".a", "ab"
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn seen(&self) -> impl Iterator<Item = (u64, CowArray<'_, u32, Ix1>)> + '_ {
        let mut contexts: Vec<u64> = match &self.table {
            Table::Dense(n) => (0..n.nrows() as u64).collect(),
            Table::Sparse(rows) => rows.keys().copied().collect(),
        };
        contexts.sort_unstable(); // a sparse table's keys come in any order
        contexts
            .into_iter()
            .filter_map(move |c| self.row(c).map(|row| (c, row)))
    }

    /// The n-grams seen: each context seen, in increasing order, with each character seen after
    /// it, in increasing order, and its count (never 0).
    ///
    /// ```
    /// # use makemore::{counting::Counts, vocab::Vocab};
    /// let counts = Counts::from_items(Vocab::from_chars("ab".chars())?, 1, ["ab", "a"])?;
    /// let ngrams: Vec<_> = counts.ngrams().collect();
    /// assert_eq!(ngrams, [(0, 1, 2), (1, 0, 1), (1, 2, 1), (2, 0, 1)]); // .a .a a. ab b.
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn ngrams(&self) -> Box<dyn Iterator<Item = (u64, usize, u32)> + '_> {
        match &self.table {
            Table::Dense(n) => Box::new(
                n.indexed_iter()
                    .filter(|e| *e.1 > 0)
                    .map(|((context, next), &count)| (context as u64, next, count)),
            ),
            Table::Sparse(rows) => {
                let mut contexts: Vec<u64> = rows.keys().copied().collect();
                contexts.sort_unstable();
                Box::new(contexts.into_iter().flat_map(move |context| {
                    let row = &rows[&context];
                    row.iter()
                        .map(move |&(next, count)| (context, next as usize, count))
                }))
            }
        }
    }

    /// The number of distinct contexts seen.
    pub fn num_seen(&self) -> usize {
        match &self.table {
            Table::Dense(_) => self.seen().count(),
            Table::Sparse(rows) => rows.len(),
        }
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
            let streamed = Counts::from_file(&path, k).unwrap();
            let counted = Counts::from_items(vocab.clone(), k, items).unwrap();
            assert_eq!(streamed, counted, "K = {k}, V = {}", vocab.len());
        }
    }

    proptest::proptest! {
        #[test]
        fn streaming_counts_equal_the_lecture_counts(
            items in proptest::collection::vec("[a-c]([a-cé李 ]{0,5}[a-c])?", 1..40),
            crlf in proptest::bool::ANY,
            final_newline in proptest::bool::ANY,
        ) {
            let mut text = items.join(if crlf { "\r\n" } else { "\n" });
            if final_newline {
                text.push('\n');
            }
            let words = Dataset::parse(&text, "t").unwrap();
            proptest::prop_assert_eq!(words.items(), &items[..]);
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("items.txt");
            std::fs::write(&path, &text).unwrap();
            let streamed = Counts::from_file(&path, 1).unwrap();
            let n = crate::counting::bigram::count_matrix(&Vocab::from_dataset(&words), words.items()).unwrap();
            proptest::prop_assert_eq!(streamed.dense(), Some(&n));
            proptest::prop_assert_eq!(streamed.stats(), words.stats());
            proptest::prop_assert_eq!(&streamed, &Counts::from_dataset(&words, 1).unwrap());
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
        let err = Counts::from_file(&path, 2).unwrap_err();
        assert!(matches!(err, Error::ReservedChar { line: 3, .. }), "{err}");
        assert!(Counts::from_file(&path, 0).is_err());
        assert!(Counts::from_file(&path, 9).is_err());
    }
}
