//! Loading the data set: one item (a name) per line.
//!
//! The lecture starts with `words = open('names.txt').read().splitlines()`. [`Dataset::load`] does
//! the same, but checks every line instead of trusting it: the text must be UTF-8, `\r\n` line
//! endings are accepted, a final newline is optional, and a leading byte-order mark is dropped.
//! Nothing is skipped silently. These are errors that name the line:
//! - a blank line (opt in to skipping them with [`LoadOptions::skip_blank_lines`]);
//! - leading or trailing whitespace around an item;
//! - a control character (tab, NUL, ...) inside an item;
//! - the character '.', reserved as the start/end token (see [`crate::vocab::BOUNDARY`]);
//! - a line longer than [`MAX_LINE_BYTES`];
//! - more distinct characters than a vocabulary holds ([`crate::vocab::MAX_SIZE`]);
//! - no items at all.
//!
//! [`read_items`] applies the same rules to any reader one line at a time, in memory bounded by
//! the longest line: [`crate::bigram::Counts::from_file`] counts a file of any size with it.
//!
//! ```
//! use makemore::Dataset;
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! assert_eq!(words.len(), 32033);
//! assert_eq!(&words.items()[..3], ["emma", "olivia", "ava"]);
//! let stats = words.stats();
//! assert_eq!((stats.shortest, stats.longest), (2, 15));
//! # Ok::<(), makemore::Error>(())
//! ```

use std::io::BufRead;
use std::path::Path;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::vocab::BOUNDARY;

/// How [`Dataset::load_with`] and [`Dataset::parse_with`] treat the text.
///
/// ```
/// use makemore::{Dataset, LoadOptions};
///
/// let opts = LoadOptions { skip_blank_lines: true };
/// let words = Dataset::parse_with("emma\n\nava\n", "inline", opts)?;
/// assert_eq!(words.items(), ["emma", "ava"]);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Skip blank (empty or whitespace-only) lines instead of failing on them. Off by default.
    pub skip_blank_lines: bool,
}

/// A validated list of items (names), with the name of where it came from.
///
/// ```
/// use makemore::Dataset;
///
/// let words = Dataset::from_items(["emma", "olivia", "ava"])?;
/// assert_eq!(words.len(), 3);
/// assert_eq!(words.origin(), "<items>");
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    origin: String,
    items: Vec<String>,
}

/// Summary numbers of a data set: how many items, the shortest and longest length (in characters).
///
/// ```
/// use makemore::Dataset;
///
/// let stats = Dataset::from_items(["emma", "ava", "isabella"])?.stats();
/// assert_eq!((stats.items, stats.shortest, stats.longest, stats.characters), (3, 3, 8, 15));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Number of items.
    pub items: usize,
    /// Length of the shortest item, in characters.
    pub shortest: usize,
    /// Length of the longest item, in characters.
    pub longest: usize,
    /// Total number of characters over all items.
    pub characters: usize,
}

impl Dataset {
    /// Reads and validates a file with one item per line; see the [module docs](self) for the rules.
    ///
    /// ```
    /// use makemore::{Dataset, Error};
    ///
    /// let err = Dataset::load("no/such/file.txt").unwrap_err();
    /// assert!(matches!(err, Error::Read { .. }));
    /// assert!(err.to_string().starts_with("cannot read no/such/file.txt"));
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        Self::load_with(path, LoadOptions::default())
    }

    /// [`Dataset::load`] with options.
    ///
    /// ```
    /// use makemore::{Dataset, LoadOptions};
    ///
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt");
    /// let words = Dataset::load_with(path, LoadOptions { skip_blank_lines: true })?;
    /// assert_eq!(words.len(), 32033);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn load_with(path: impl AsRef<Path>, options: LoadOptions) -> Result<Self> {
        let path = path.as_ref();
        let reader = crate::fsio::open_file(path)?;
        Self::read(reader, &path.display().to_string(), options)
    }

    /// Reads items from any reader (see [`read_items`]); `origin` names it in error messages.
    ///
    /// ```
    /// use makemore::{Dataset, LoadOptions};
    ///
    /// let words = Dataset::read(&b"emma\nava\n"[..], "bytes", LoadOptions::default())?;
    /// assert_eq!(words.items(), ["emma", "ava"]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn read(reader: impl BufRead, origin: &str, options: LoadOptions) -> Result<Self> {
        let mut items = Vec::new();
        read_items(reader, origin, options, |item, _| {
            items.push(item.to_string());
            Ok(())
        })?;
        Ok(Dataset {
            origin: origin.into(),
            items,
        })
    }

    /// Validates text already in memory; `origin` names it in error messages.
    ///
    /// ```
    /// use makemore::Dataset;
    ///
    /// let words = Dataset::parse("emma\r\nolivia\r\nava", "inline")?;
    /// assert_eq!(words.items(), ["emma", "olivia", "ava"]);
    /// let err = Dataset::parse("emma\nol.ivia", "inline").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "inline:2:3: '.' is the reserved start/end token and cannot appear inside an item"
    /// );
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        Self::parse_with(text, origin, LoadOptions::default())
    }

    /// [`Dataset::parse`] with options.
    ///
    /// ```
    /// use makemore::{Dataset, LoadOptions};
    ///
    /// let opts = LoadOptions { skip_blank_lines: true };
    /// assert_eq!(Dataset::parse_with("\nava\n\n", "inline", opts)?.items(), ["ava"]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn parse_with(text: &str, origin: &str, options: LoadOptions) -> Result<Self> {
        Self::read(text.as_bytes(), origin, options)
    }

    /// Builds a data set from items in memory, with the same checks as a file (the origin is
    /// `<items>` and "line" means the item's 1-based position).
    ///
    /// ```
    /// use makemore::{Dataset, Error};
    ///
    /// assert!(Dataset::from_items(["emma", "ava"]).is_ok());
    /// let err = Dataset::from_items(Vec::<String>::new()).unwrap_err();
    /// assert!(matches!(err, Error::EmptyData { .. }));
    /// ```
    pub fn from_items<I>(items: I) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let origin = "<items>";
        let items: Vec<String> = items.into_iter().map(Into::into).collect();
        let mut symbols = Symbols::new();
        let mut ids = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if item.trim_start().is_empty() {
                return Err(Error::BlankLine {
                    origin: origin.into(),
                    line: i + 1,
                });
            }
            check_ends(item, origin, i + 1)?;
            ids.clear();
            symbols.encode(item, origin, i + 1, &mut ids)?;
        }
        if items.is_empty() {
            return Err(Error::EmptyData {
                origin: origin.into(),
            });
        }
        Ok(Dataset {
            origin: origin.into(),
            items,
        })
    }

    /// The items, in file order.
    ///
    /// ```
    /// let words = makemore::Dataset::from_items(["emma", "olivia"])?;
    /// assert_eq!(words.items()[1], "olivia");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn items(&self) -> &[String] {
        &self.items
    }

    /// Where the data came from: the file's path, or `<items>`.
    ///
    /// ```
    /// let words = makemore::Dataset::parse("emma", "my-names.txt")?;
    /// assert_eq!(words.origin(), "my-names.txt");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Number of items (never zero: an empty data set is an error).
    ///
    /// ```
    /// assert_eq!(makemore::Dataset::from_items(["a", "b"])?.len(), 2);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Always false: a data set holds at least one item. Here for the `len`/`is_empty` convention.
    ///
    /// ```
    /// assert!(!makemore::Dataset::from_items(["a"])?.is_empty());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of items, shortest and longest length, total characters.
    ///
    /// ```
    /// let stats = makemore::Dataset::from_items(["zoë", "al"])?.stats();
    /// assert_eq!((stats.shortest, stats.longest), (2, 3)); // characters, not bytes
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn stats(&self) -> Stats {
        let lengths = self.items.iter().map(|w| w.chars().count());
        Stats {
            items: self.items.len(),
            shortest: lengths.clone().min().unwrap_or(0),
            longest: lengths.clone().max().unwrap_or(0),
            characters: lengths.sum(),
        }
    }

    /// A seeded shuffle of the items split 80% / 10% / 10% into training, validation and test
    /// sets (the sizes are `n * 8 / 10`, `n / 10` and the rest). The same seed gives the same
    /// split on every machine. Needs at least 3 items so that no part is empty.
    ///
    /// ```
    /// let words = makemore::Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
    /// let split = words.split(42)?;
    /// assert_eq!((split.train.len(), split.val.len(), split.test.len()), (25626, 3203, 3204));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn split(&self, seed: u64) -> Result<Split> {
        let n = self.items.len();
        crate::error::check_param(n >= 3, "data set size", n, "a split needs at least 3 items")?;
        let mut items = self.items.clone();
        items.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
        let n_val = (n / 10).max(1);
        let n_test = (n - n * 8 / 10 - n / 10).max(1);
        let n_train = n - n_val - n_test;
        let test = items.split_off(n_train + n_val);
        let val = items.split_off(n_train);
        let part = |name: &str, items: Vec<String>| Dataset {
            origin: format!("{} ({name})", self.origin),
            items,
        };
        Ok(Split {
            train: part("train", items),
            val: part("val", val),
            test: part("test", test),
        })
    }
}

/// The three parts of [`Dataset::split`].
///
/// ```
/// let words = makemore::Dataset::from_items(["a", "b", "c", "d", "e"])?;
/// let split = words.split(1)?;
/// assert_eq!(split.train.len() + split.val.len() + split.test.len(), 5);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Split {
    /// About 80% of the items, to fit the model on.
    pub train: Dataset,
    /// About 10%, to tune settings on.
    pub val: Dataset,
    /// About 10%, to report the final loss on.
    pub test: Dataset,
}

impl Split {
    /// One of the three parts.
    ///
    /// ```
    /// use makemore::data::Part;
    ///
    /// let split = makemore::Dataset::from_items(["a", "b", "c", "d", "e"])?.split(1)?;
    /// assert_eq!(split.part(Part::Val).len(), split.val.len());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn part(&self, part: Part) -> &Dataset {
        match part {
            Part::Train => &self.train,
            Part::Val => &self.val,
            Part::Test => &self.test,
        }
    }
}

/// A part of a [`Split`].
///
/// ```
/// use makemore::data::Part;
///
/// assert_eq!(Part::Val.name(), "val");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Part {
    /// The training part (80%).
    Train,
    /// The validation part (10%).
    Val,
    /// The test part (10%).
    Test,
}

impl Part {
    /// The part's name: `train`, `val` or `test`.
    pub fn name(self) -> &'static str {
        match self {
            Part::Train => "train",
            Part::Val => "val",
            Part::Test => "test",
        }
    }
}

/// The longest line [`read_items`] accepts, in bytes (16 MiB). Reading holds one line in memory
/// at a time, so this bounds the memory a file of any size needs; a longer line is an
/// [`Error::LineTooLong`] naming it.
///
/// ```
/// use makemore::data::{read_items, MAX_LINE_BYTES};
/// use makemore::{Error, LoadOptions};
///
/// let long = vec![b'a'; MAX_LINE_BYTES + 1];
/// let err = read_items(&long[..], "long.txt", LoadOptions::default(), |_, _| Ok(())).unwrap_err();
/// assert!(matches!(err, Error::LineTooLong { line: 1, .. }));
/// ```
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// Reads `reader` one line at a time and calls `each` with every item and its 1-based line, in
/// order, under the
/// [module's rules](self): UTF-8, `\r\n` accepted, a final newline optional, a leading byte-order
/// mark dropped; a blank line, surrounding whitespace, a control character, a '.', a line longer
/// than [`MAX_LINE_BYTES`] or no items at all are errors naming `origin` and the line. Memory
/// stays bounded by the longest line, whatever the size of the input. Returns the number of
/// items; an error from `each` stops the reading and is returned.
///
/// ```
/// use makemore::{data, Error, LoadOptions};
///
/// let mut lengths = Vec::new();
/// let n = data::read_items(&b"emma\r\nolivia\n"[..], "bytes", LoadOptions::default(), |item, line| {
///     lengths.push((line, item.len()));
///     Ok(())
/// })?;
/// assert_eq!((n, lengths), (2, vec![(1, 4), (2, 6)]));
///
/// let err = data::read_items(&b"emma\n\xffva"[..], "bytes", LoadOptions::default(), |_, _| Ok(()));
/// assert!(matches!(err, Err(Error::InvalidUtf8 { line: 2, byte: 1, .. })));
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn read_items<R: BufRead>(
    reader: R,
    origin: &str,
    options: LoadOptions,
    each: impl FnMut(&str, usize) -> Result<()>,
) -> Result<usize> {
    /// Hands every item to the closure, one at a time.
    struct Each<F>(F);
    impl<F: FnMut(&str, usize) -> Result<()>> Sink for Each<F> {
        fn item(&mut self, item: &str, _: &[u32], _: &Symbols, line: usize) -> Result<()> {
            (self.0)(item, line)
        }
    }
    let (items, _) = read_symbols(reader, origin, options, &mut Each(each))?;
    Ok(items)
}

/// Where [`read_symbols`] puts the items it reads.
pub(crate) trait Sink {
    /// One item, its characters' numbers and the table so far, and its line.
    fn item(&mut self, item: &str, ids: &[u32], symbols: &Symbols, line: usize) -> Result<()>;

    /// A run of plain lines (see [`Symbols::encode_plain_lines`]): `text` is the lines, each
    /// ended by '\n', `ids` their characters' numbers with a 0 after each line's, `lengths`
    /// their lengths, and the first is line `line`. By default, one [`Sink::item`] per line.
    fn plain_lines(
        &mut self,
        text: &str,
        ids: &[u32],
        lengths: &[u32],
        symbols: &Symbols,
        line: usize,
    ) -> Result<()> {
        let mut at = 0;
        for (i, (item, &len)) in text.split_terminator('\n').zip(lengths).enumerate() {
            self.item(item, &ids[at..at + len as usize], symbols, line + i)?;
            at += len as usize + 1;
        }
        Ok(())
    }
}

/// [`read_items`] into a [`Sink`] that also gets each item's characters numbered by a
/// [`Symbols`] table, and returns the table. The one pass over an item's characters that numbers
/// them also checks them: each new character is checked once, when it is first seen. Runs of
/// plain lines (the usual case) go to the sink in one piece.
pub(crate) fn read_symbols<R: BufRead>(
    reader: R,
    origin: &str,
    options: LoadOptions,
    sink: &mut impl Sink,
) -> Result<(usize, Symbols)> {
    let mut symbols = Symbols::new();
    let mut ids = Vec::new();
    let mut lengths = Vec::new();
    let mut items = 0;
    // A blank first line is an error only once a second line follows: "\n" alone is empty.
    let mut blank_first_line = false;
    for_each_line(reader, origin, |piece, lineno| {
        let (text, ended) = match piece {
            Piece::Lines(text) => {
                // Line 1 (a byte-order mark, a blank first line) always goes the general way.
                if lineno == 1 || blank_first_line {
                    return Ok((0, 0));
                }
                ids.clear();
                lengths.clear();
                let used = symbols.encode_plain_lines(text, &mut ids, &mut lengths);
                if !lengths.is_empty() {
                    sink.plain_lines(&text[..used], &ids, &lengths, &symbols, lineno)?;
                    items += lengths.len();
                }
                return Ok((used, lengths.len()));
            }
            Piece::Line(text, ended) => (text, ended),
        };
        let mut text = text;
        if lineno == 1 {
            text = text.strip_prefix('\u{feff}').unwrap_or(text);
        }
        let bare = text.is_empty(); // not even a '\r'
        let text = text.strip_suffix('\r').unwrap_or(text);
        let blank = |line| Error::BlankLine {
            origin: origin.into(),
            line,
        };
        if !ended && bare {
            return Ok((0, 0)); // the end of the input, not an empty last line
        }
        if blank_first_line && !options.skip_blank_lines {
            return Err(blank(1));
        }
        blank_first_line = false;
        if text.trim_start().is_empty() {
            if lineno == 1 && bare {
                blank_first_line = true;
            } else if !options.skip_blank_lines {
                return Err(blank(lineno));
            }
            return Ok((0, 0));
        }
        check_ends(text, origin, lineno)?;
        ids.clear();
        symbols.encode(text, origin, lineno, &mut ids)?;
        sink.item(text, &ids, &symbols, lineno)?;
        items += 1;
        Ok((0, 0))
    })?;
    if items == 0 {
        return Err(Error::EmptyData {
            origin: origin.into(),
        });
    }
    Ok((items, symbols))
}

/// What [`for_each_line`] hands over: a run of whole lines, each ended by '\n', to take as many
/// of as the callee likes; or one line without its '\n', and whether a '\n' ended it.
enum Piece<'a> {
    Lines(&'a str),
    Line(&'a str, bool),
}

/// Calls `each` with the lines of `reader` as text and the 1-based number of the first. Where a
/// buffer holds whole lines, `each` first gets them as [`Piece::Lines`] and returns how many
/// bytes and lines it took; the next line then comes as a [`Piece::Line`], and so on. A line
/// that crosses the buffer's end, and the last (possibly empty) one, come as [`Piece::Line`].
/// Lines are taken straight from the reader's buffer, checked for UTF-8 a buffer at a time; only
/// a line that crosses the buffer's end is copied, and one longer than [`MAX_LINE_BYTES`] is an
/// error as soon as it passes the limit.
fn for_each_line<R: BufRead>(
    mut reader: R,
    origin: &str,
    mut each: impl FnMut(Piece<'_>, usize) -> Result<(usize, usize)>,
) -> Result<()> {
    let mut carry: Vec<u8> = Vec::new();
    let mut lineno = 1;
    let too_long = |line| Error::LineTooLong {
        origin: origin.into(),
        line,
        limit: MAX_LINE_BYTES,
    };
    fn text<'a>(bytes: &'a [u8], origin: &str, line: usize) -> Result<&'a str> {
        std::str::from_utf8(bytes).map_err(|e| Error::InvalidUtf8 {
            origin: origin.into(),
            line,
            byte: e.valid_up_to() + 1,
        })
    }
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(source) => {
                return Err(Error::Read {
                    path: origin.into(),
                    source,
                });
            }
        };
        if chunk.is_empty() {
            each(Piece::Line(text(&carry, origin, lineno)?, false), lineno)?;
            return Ok(());
        }
        let mut start = 0;
        if !carry.is_empty() {
            // Finish the line that crossed the end of the previous buffer.
            let end = memchr::memchr(b'\n', chunk).unwrap_or(chunk.len());
            carry.extend_from_slice(&chunk[..end]);
            if carry.len() > MAX_LINE_BYTES {
                return Err(too_long(lineno));
            }
            if end == chunk.len() {
                let used = chunk.len();
                reader.consume(used);
                continue;
            }
            each(Piece::Line(text(&carry, origin, lineno)?, true), lineno)?;
            carry.clear();
            lineno += 1;
            start = end + 1;
        }
        let whole = memchr::memrchr(b'\n', &chunk[start..]).map_or(start, |i| start + i + 1);
        match std::str::from_utf8(&chunk[start..whole]) {
            // The buffer's whole lines are valid text: runs of lines, one line between runs.
            Ok(lines) => {
                let mut at = 0;
                while at < lines.len() {
                    let (bytes, count) = each(Piece::Lines(&lines[at..]), lineno)?;
                    (at, lineno) = (at + bytes, lineno + count);
                    if at == lines.len() {
                        break;
                    }
                    let end = at + memchr::memchr(b'\n', &lines.as_bytes()[at..]).unwrap_or(0);
                    if end - at > MAX_LINE_BYTES {
                        return Err(too_long(lineno));
                    }
                    each(Piece::Line(&lines[at..end], true), lineno)?;
                    (at, lineno) = (end + 1, lineno + 1);
                }
            }
            // Line by line, to name the line of the error.
            Err(_) => {
                let first = start;
                for end in memchr::memchr_iter(b'\n', &chunk[first..whole]).map(|i| first + i) {
                    if end - start > MAX_LINE_BYTES {
                        return Err(too_long(lineno));
                    }
                    each(
                        Piece::Line(text(&chunk[start..end], origin, lineno)?, true),
                        lineno,
                    )?;
                    (start, lineno) = (end + 1, lineno + 1);
                }
            }
        }
        carry.extend_from_slice(&chunk[whole..]);
        if carry.len() > MAX_LINE_BYTES {
            return Err(too_long(lineno));
        }
        let used = chunk.len();
        reader.consume(used);
    }
}

/// The characters of a data set numbered in the order they are first seen, with the start/end
/// token '.' as 0. A character is checked once, when it is first seen: '.' is reserved, control
/// characters are not allowed, and there may be no more than a vocabulary holds.
pub(crate) struct Symbols {
    ascii: [u32; 128],
    /// The numbers of the characters a plain line may hold, by byte: visible ASCII characters
    /// seen before, but '.'; every other byte (and '\n') is UNSEEN here.
    plain: [u32; 256],
    other: std::collections::HashMap<char, u32>,
    chars: Vec<char>,
}

impl Symbols {
    const UNSEEN: u32 = u32::MAX;

    fn new() -> Self {
        let mut ascii = [Self::UNSEEN; 128];
        ascii[BOUNDARY as usize] = 0;
        Symbols {
            ascii,
            plain: [Self::UNSEEN; 256],
            other: Default::default(),
            chars: vec![BOUNDARY],
        }
    }

    /// Takes plain lines from the start of `text` (whole lines, each ended by '\n'): lines of
    /// visible ASCII characters seen before, other than '.' and without spaces (so neither blank
    /// nor with whitespace at an end), which the general way would accept as they are. Appends
    /// each one's character numbers and a 0 to `ids` and its length to `lengths`; stops at the
    /// first other line and returns the bytes taken.
    pub(crate) fn encode_plain_lines(
        &self,
        text: &str,
        ids: &mut Vec<u32>,
        lengths: &mut Vec<u32>,
    ) -> usize {
        let mut taken = 0;
        let mut line_start = ids.len();
        for (i, &b) in text.as_bytes().iter().enumerate() {
            let id = self.plain[b as usize];
            if id != Self::UNSEEN {
                ids.push(id);
                continue;
            }
            if b != b'\n' || ids.len() == line_start {
                break; // not plain, or an empty line
            }
            lengths.push((ids.len() - line_start) as u32);
            ids.push(0);
            (line_start, taken) = (ids.len(), i + 1);
        }
        ids.truncate(line_start);
        taken
    }

    /// Every character seen, '.' first, in the order of their numbers.
    pub(crate) fn chars(&self) -> &[char] {
        &self.chars
    }

    /// Appends the numbers of the item's characters to `ids`; an error names the line and the
    /// column of a character that is not allowed. (Plain lines, the usual ones, take
    /// [`Symbols::encode_plain_lines`] instead.)
    fn encode(&mut self, item: &str, origin: &str, line: usize, ids: &mut Vec<u32>) -> Result<()> {
        for (i, ch) in item.chars().enumerate() {
            let known = if ch.is_ascii() {
                self.ascii[ch as usize]
            } else {
                self.other.get(&ch).copied().unwrap_or(Self::UNSEEN)
            };
            let id = match known {
                0 => {
                    return Err(Error::ReservedChar {
                        origin: origin.into(),
                        line,
                        column: i + 1,
                    });
                }
                Self::UNSEEN => self.add(ch, origin, line, i + 1)?,
                id => id,
            };
            ids.push(id);
        }
        Ok(())
    }

    fn add(&mut self, ch: char, origin: &str, line: usize, column: usize) -> Result<u32> {
        if ch.is_control() {
            return Err(Error::ControlChar {
                origin: origin.into(),
                line,
                column,
                ch,
            });
        }
        if self.chars.len() == crate::vocab::MAX_SIZE {
            return Err(Error::TooManyChars {
                origin: origin.into(),
                line,
                limit: crate::vocab::MAX_SIZE - 1,
            });
        }
        let id = self.chars.len() as u32;
        self.chars.push(ch);
        if ch.is_ascii() {
            self.ascii[ch as usize] = id;
            if ch.is_ascii_graphic() {
                self.plain[ch as usize] = id;
            }
        } else {
            self.other.insert(ch, id);
        }
        Ok(id)
    }
}

/// A non-blank item must not start or end with whitespace; `line` is 1-based.
fn check_ends(item: &str, origin: &str, line: usize) -> Result<()> {
    if item.starts_with(char::is_whitespace) || item.ends_with(char::is_whitespace) {
        return Err(Error::SurroundingWhitespace {
            origin: origin.into(),
            line,
            item: item.into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_trailing_newline_and_trailing_newline_give_the_same_items() {
        let a = Dataset::parse("emma\nava", "t").unwrap();
        let b = Dataset::parse("emma\nava\n", "t").unwrap();
        let c = Dataset::parse("emma\r\nava\r\n", "t").unwrap();
        assert_eq!(a.items(), ["emma", "ava"]);
        assert_eq!(a.items(), b.items());
        assert_eq!(a.items(), c.items());
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let words = Dataset::parse("\u{feff}emma\nava", "t").unwrap();
        assert_eq!(words.items(), ["emma", "ava"]);
    }

    #[test]
    fn blank_lines_are_errors_naming_the_line_unless_skipped() {
        for (text, line) in [
            ("emma\n\nava", 2),
            ("\nemma", 1),
            ("emma\n  \nava", 2),
            ("a\n\n", 2),
        ] {
            match Dataset::parse(text, "t") {
                Err(Error::BlankLine { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
        let opts = LoadOptions {
            skip_blank_lines: true,
        };
        let words = Dataset::parse_with("emma\n\n \nava\n\n", "t", opts).unwrap();
        assert_eq!(words.items(), ["emma", "ava"]);
    }

    #[test]
    fn empty_input_is_an_error() {
        for text in ["", "\n", "\u{feff}"] {
            assert!(
                matches!(Dataset::parse(text, "t"), Err(Error::EmptyData { .. })),
                "{text:?}"
            );
        }
        let opts = LoadOptions {
            skip_blank_lines: true,
        };
        assert!(matches!(
            Dataset::parse_with("\n\n\n", "t", opts),
            Err(Error::EmptyData { .. })
        ));
    }

    #[test]
    fn reserved_control_and_whitespace_errors_name_line_and_column() {
        let err = Dataset::parse("emma\nanna.", "f.txt").unwrap_err();
        assert!(matches!(
            err,
            Error::ReservedChar {
                line: 2,
                column: 5,
                ..
            }
        ));
        let err = Dataset::parse("em\tma", "f.txt").unwrap_err();
        assert!(matches!(
            err,
            Error::ControlChar {
                line: 1,
                column: 3,
                ch: '\t',
                ..
            }
        ));
        let err = Dataset::parse("emma\n ava", "f.txt").unwrap_err();
        assert!(matches!(err, Error::SurroundingWhitespace { line: 2, .. }));
        assert_eq!(
            err.to_string(),
            "f.txt:2: leading or trailing whitespace in \" ava\""
        );
    }

    #[test]
    fn the_vocabulary_limit_is_an_error_naming_the_line() {
        let limit = crate::vocab::MAX_SIZE - 1;
        let item = |i: usize| char::from_u32(0x4e00 + i as u32).unwrap().to_string();
        let fits: Vec<String> = (0..limit).map(item).collect();
        let words = Dataset::parse(&fits.join("\n"), "t").unwrap();
        assert_eq!(
            crate::Vocab::from_dataset(&words).len(),
            crate::vocab::MAX_SIZE
        );
        let text = fits.join("\n") + "\n" + &item(limit) + &item(0);
        let err = Dataset::parse(&text, "t").unwrap_err();
        assert!(
            matches!(err, Error::TooManyChars { line, .. } if line == limit + 1),
            "{err}"
        );
        let err = Dataset::from_items((0..=limit).map(item)).unwrap_err();
        assert!(matches!(err, Error::TooManyChars { .. }), "{err}");
    }

    #[test]
    fn a_line_past_the_limit_is_an_error_without_reading_it_all() {
        let mut text = vec![b'a'; MAX_LINE_BYTES];
        assert!(Dataset::read(&text[..], "t", LoadOptions::default()).is_ok());
        text.extend_from_slice(b"a\nb");
        let err = Dataset::read(&text[..], "t", LoadOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("t:1: line longer than {MAX_LINE_BYTES} bytes")
        );
    }

    #[test]
    fn a_read_error_midway_names_the_origin() {
        struct Failing(usize);
        impl std::io::Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::Error::other("disk on fire"));
                }
                self.0 -= 1;
                buf[..5].copy_from_slice(b"emma\n");
                Ok(5)
            }
        }
        let reader = std::io::BufReader::new(Failing(3));
        let err = Dataset::read(reader, "f.txt", LoadOptions::default()).unwrap_err();
        assert_eq!(err.to_string(), "cannot read f.txt: disk on fire");
    }

    #[test]
    fn invalid_utf8_names_line_and_byte() {
        let err = Dataset::read(
            &b"\xef\xbb\xbfab\nemma\nol\xffa"[..],
            "t",
            LoadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "t:3: invalid UTF-8 at byte 3 of the line");
        let err = Dataset::read(&b"ab\xc3"[..], "t", LoadOptions::default()).unwrap_err();
        assert_eq!(err.to_string(), "t:1: invalid UTF-8 at byte 3 of the line");
    }

    #[test]
    fn unicode_items_are_kept() {
        let words = Dataset::parse("zoë\nłucja\n李", "t").unwrap();
        assert_eq!(words.items(), ["zoë", "łucja", "李"]);
        assert_eq!(words.stats().shortest, 1);
        assert_eq!(words.stats().longest, 5);
    }

    #[test]
    fn split_is_a_seeded_partition() {
        let items: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        let words = Dataset::from_items(items.clone()).unwrap();
        let a = words.split(7).unwrap();
        let b = words.split(7).unwrap();
        let c = words.split(8).unwrap();
        assert_eq!(a.train.items(), b.train.items());
        assert_ne!(a.train.items(), c.train.items());
        assert_eq!((a.train.len(), a.val.len(), a.test.len()), (80, 10, 10));
        let mut all: Vec<String> = [a.train.items(), a.val.items(), a.test.items()].concat();
        all.sort();
        let mut expected = items;
        expected.sort();
        assert_eq!(all, expected);
        assert!(words.split(0).is_ok());
        assert!(Dataset::from_items(["a", "b"]).unwrap().split(0).is_err());
    }
}
