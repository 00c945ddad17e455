//! The data set: a checked list of items (names) and where it came from.

use std::io::BufRead;
use std::path::Path;

use serde::Serialize;

use super::reader::{self, LoadOptions, read_items};
use crate::error::{Error, Result};
use crate::vocab::BOUNDARY;

/// A validated list of items (names), with the name of where it came from and the start/end
/// token they were checked against ('.' unless [`LoadOptions::boundary`] chose another).
///
/// ```
/// use makemore::data::Dataset;
///
/// let words = Dataset::from_items(["emma", "olivia", "ava"])?;
/// assert_eq!(words.len(), 3);
/// assert_eq!(words.origin(), "<items>");
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    pub(super) origin: String,
    pub(super) items: Vec<String>,
    pub(super) boundary: char,
}

/// Summary numbers of a data set: how many items, the shortest and longest length (in characters).
///
/// ```
/// use makemore::data::Dataset;
///
/// let stats = Dataset::from_items(["emma", "ava", "isabella"])?.stats();
/// assert_eq!((stats.items, stats.shortest, stats.longest, stats.characters), (3, 3, 8, 15));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
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

impl Stats {
    /// Adds an item of `len` characters (once per line read: inlined into the reader's sinks).
    #[inline]
    pub(crate) fn note(&mut self, len: usize) {
        self.shortest = if self.items == 0 {
            len
        } else {
            self.shortest.min(len)
        };
        self.longest = self.longest.max(len);
        self.characters += len;
        self.items += 1;
    }
}

impl Dataset {
    /// Reads and validates a file with one item per line; see the [module docs](crate::data) for the rules.
    ///
    /// ```
    /// use makemore::{Error, data::Dataset};
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
    /// use makemore::data::{Dataset, LoadOptions};
    ///
    /// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt");
    /// let words = Dataset::load_with(path, LoadOptions { skip_blank_lines: true, ..LoadOptions::default() })?;
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
    /// use makemore::data::{Dataset, LoadOptions};
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
            boundary: options.boundary,
        })
    }

    /// Validates text already in memory; `origin` names it in error messages.
    ///
    /// ```
    /// use makemore::data::Dataset;
    ///
    /// let words = Dataset::parse("emma\r\nolivia\r\nava", "inline")?;
    /// assert_eq!(words.items(), ["emma", "olivia", "ava"]);
    /// let err = Dataset::parse("emma\nol.ivia", "inline").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "inline:2:3: '.' is the reserved start/end token and cannot appear inside an item; \
    ///      choose another start/end token with --boundary"
    /// );
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn parse(text: &str, origin: &str) -> Result<Self> {
        Self::parse_with(text, origin, LoadOptions::default())
    }

    /// [`Dataset::parse`] with options.
    ///
    /// ```
    /// use makemore::data::{Dataset, LoadOptions};
    ///
    /// let opts = LoadOptions { skip_blank_lines: true, ..LoadOptions::default() };
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
    /// use makemore::{Error, data::Dataset};
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
        reader::check_items(&items, origin, BOUNDARY)?;
        if items.is_empty() {
            return Err(Error::EmptyData {
                origin: origin.into(),
            });
        }
        Ok(Dataset {
            origin: origin.into(),
            items,
            boundary: BOUNDARY,
        })
    }

    /// The start/end token the items were checked against, which none of them holds: '.'
    /// unless [`LoadOptions::boundary`] chose another. [`Vocab::from_dataset_with`] puts it at
    /// index 0.
    ///
    /// [`Vocab::from_dataset_with`]: crate::vocab::Vocab::from_dataset_with
    ///
    /// ```
    /// use makemore::data::{Dataset, LoadOptions};
    ///
    /// assert_eq!(Dataset::from_items(["emma"])?.boundary(), '.');
    /// let options = LoadOptions { boundary: '#', ..LoadOptions::default() };
    /// assert_eq!(Dataset::parse_with("a.b", "inline", options)?.boundary(), '#');
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn boundary(&self) -> char {
        self.boundary
    }

    /// The items, in file order.
    ///
    /// ```
    /// let words = makemore::data::Dataset::from_items(["emma", "olivia"])?;
    /// assert_eq!(words.items()[1], "olivia");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn items(&self) -> &[String] {
        &self.items
    }

    /// Where the data came from: the file's path, or `<items>`.
    ///
    /// ```
    /// let words = makemore::data::Dataset::parse("emma", "my-names.txt")?;
    /// assert_eq!(words.origin(), "my-names.txt");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Number of items (never zero: an empty data set is an error).
    ///
    /// ```
    /// assert_eq!(makemore::data::Dataset::from_items(["a", "b"])?.len(), 2);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Always false: a data set holds at least one item. Here for the `len`/`is_empty` convention.
    ///
    /// ```
    /// assert!(!makemore::data::Dataset::from_items(["a"])?.is_empty());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Number of items, shortest and longest length, total characters.
    ///
    /// ```
    /// let stats = makemore::data::Dataset::from_items(["zoë", "al"])?.stats();
    /// assert_eq!((stats.shortest, stats.longest), (2, 3)); // characters, not bytes
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn stats(&self) -> Stats {
        let mut stats = Stats::default();
        for item in &self.items {
            stats.note(item.chars().count());
        }
        stats
    }
}

impl<'a> IntoIterator for &'a Dataset {
    type Item = &'a String;
    type IntoIter = std::slice::Iter<'a, String>;

    /// The items, in order.
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::MAX_LINE_BYTES;

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
            ..LoadOptions::default()
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
            ..LoadOptions::default()
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
            crate::vocab::Vocab::from_dataset(&words).len(),
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
