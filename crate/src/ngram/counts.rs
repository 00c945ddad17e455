//! Counting: how often each character follows each context, in a table of `V^K` rows.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1};

use super::context::{ContextSpace, Example};
use crate::bigram::Counts;
use crate::data::{Dataset, LoadOptions, read_items};
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

    /// Counts a file in bounded memory, with the default [`LoadOptions`]: one pass with
    /// [`Counts::from_file`] finds the vocabulary, a second with [`read_items`] counts, one line
    /// in memory at a time. The table is dense (fixed size) or holds only the contexts seen.
    /// Errors name the file and line.
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
        let vocab = Counts::from_file(path)?.vocab;
        let reader = crate::fsio::open_file(path)?;
        Self::from_reader(
            reader,
            &path.display().to_string(),
            LoadOptions::default(),
            vocab,
            context_len,
        )
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
