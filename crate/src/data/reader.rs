//! The streaming line reader: one item per line under the data set's rules, one line in memory
//! at a time, so that a file of any size is read in bounded memory.

use std::io::BufRead;

use crate::error::{Error, Result};
use crate::vocab::BOUNDARY;

/// The byte-order mark, U+FEFF.
const BOM: char = '\u{feff}';

/// How [`Dataset::load_with`](crate::data::Dataset::load_with) and [`Dataset::parse_with`](crate::data::Dataset::parse_with) treat the text.
///
/// ```
/// use makemore::data::{Dataset, LoadOptions};
///
/// let opts = LoadOptions { skip_blank_lines: true, ..LoadOptions::default() };
/// let words = Dataset::parse_with("emma\n\nava\n", "inline", opts)?;
/// assert_eq!(words.items(), ["emma", "ava"]);
///
/// let opts = LoadOptions { boundary: '|', ..LoadOptions::default() };
/// let streets = Dataset::parse_with("St. John\nMain St.", "inline", opts)?;
/// assert_eq!((streets.items()[0].as_str(), streets.boundary()), ("St. John", '|'));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Skip blank (empty or whitespace-only) lines instead of failing on them. Off by default.
    pub skip_blank_lines: bool,
    /// The start/end token, which no item may hold: [`BOUNDARY`] ('.') by default; another
    /// visible character lets the items hold dots.
    pub boundary: char,
}

impl Default for LoadOptions {
    /// No blank lines skipped, '.' as the start/end token.
    fn default() -> Self {
        LoadOptions {
            skip_blank_lines: false,
            boundary: BOUNDARY,
        }
    }
}

/// The longest line [`read_items`] accepts, in bytes (16 MiB). Reading holds one line in memory
/// at a time, so this bounds the memory a file of any size needs; a longer line is an
/// [`Error::LineTooLong`] naming it.
///
/// ```
/// use makemore::data::{MAX_LINE_BYTES, read_items};
/// use makemore::{Error, data::LoadOptions};
///
/// let long = vec![b'a'; MAX_LINE_BYTES + 1];
/// let err = read_items(&long[..], "long.txt", LoadOptions::default(), |_, _| Ok(())).unwrap_err();
/// assert!(matches!(err, Error::LineTooLong { line: 1, .. }));
/// ```
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// Reads `reader` one line at a time and calls `each` with every item and its 1-based line, in
/// order, under the
/// [module's rules](crate::data): UTF-8, `\r\n` accepted, a final newline optional, a leading byte-order
/// mark dropped; a blank line, surrounding whitespace, a control character, the start/end token
/// ([`LoadOptions::boundary`], '.' by default), a line longer
/// than [`MAX_LINE_BYTES`] or no items at all are errors naming `origin` and the line. Memory
/// stays bounded by the longest line, whatever the size of the input. Returns the number of
/// items; an error from `each` stops the reading and is returned.
///
/// ```
/// use makemore::{Error, data, data::LoadOptions};
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
    crate::vocab::check_boundary(options.boundary)?;
    let mut symbols = Symbols::new(options.boundary);
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
            text = text.strip_prefix(BOM).unwrap_or(text);
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
/// token as 0. A character is checked once, when it is first seen: the token is reserved, control
/// characters are not allowed, and there may be no more than a vocabulary holds.
pub(crate) struct Symbols {
    ascii: [u32; 128],
    /// The numbers of the characters a plain line may hold, by byte: visible ASCII characters
    /// seen before, but the start/end token; every other byte (and '\n') is UNSEEN here.
    plain: [u32; 256],
    other: std::collections::HashMap<char, u32>,
    chars: Vec<char>,
}

impl Symbols {
    const UNSEEN: u32 = u32::MAX;

    fn new(boundary: char) -> Self {
        let mut ascii = [Self::UNSEEN; 128];
        let mut other = std::collections::HashMap::new();
        if boundary.is_ascii() {
            ascii[boundary as usize] = 0;
        } else {
            other.insert(boundary, 0);
        }
        Symbols {
            ascii,
            plain: [Self::UNSEEN; 256],
            other,
            chars: vec![boundary],
        }
    }

    /// Takes plain lines from the start of `text` (whole lines, each ended by '\n'): lines of
    /// visible ASCII characters seen before, other than the start/end token and without spaces (so neither blank
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

    /// Every character seen, the start/end token first, in the order of their numbers.
    pub(crate) fn chars(&self) -> &[char] {
        &self.chars
    }

    /// Checks an item that is not blank and puts the numbers of its characters in `ids`; an
    /// error names the line (and the column of a character that is not allowed). (Plain lines,
    /// the usual ones, take [`Symbols::encode_plain_lines`] instead.)
    fn encode(&mut self, item: &str, origin: &str, line: usize, ids: &mut Vec<u32>) -> Result<()> {
        if item.starts_with(char::is_whitespace) || item.ends_with(char::is_whitespace) {
            return Err(Error::SurroundingWhitespace {
                origin: origin.into(),
                line,
                item: item.into(),
            });
        }
        ids.clear();
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
                        ch,
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
        // A byte-order mark is an encoding's, not text: one is dropped at the start of the data.
        if ch.is_control() || ch == BOM {
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

/// Checks a list of items by the rules of a file's lines (item `i` is "line" `i + 1`), with
/// `boundary` as the start/end token.
pub(crate) fn check_items(items: &[String], origin: &str, boundary: char) -> Result<()> {
    crate::vocab::check_boundary(boundary)?;
    let mut symbols = Symbols::new(boundary);
    let mut ids = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if item.trim_start().is_empty() {
            return Err(Error::BlankLine {
                origin: origin.into(),
                line: i + 1,
            });
        }
        symbols.encode(item, origin, i + 1, &mut ids)?;
    }
    Ok(())
}
