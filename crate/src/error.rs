//! The crate's one error type.
//!
//! Every fallible function returns [`Result`]. Bad input never panics: each variant names what is
//! wrong and, where there is one, the file (or other origin) and the 1-based line and column.
//!
//! ```
//! use makemore::{Error, data::Dataset};
//!
//! let err = Dataset::parse("emma\n\nolivia", "toy.txt").unwrap_err();
//! assert!(matches!(err, Error::BlankLine { line: 2, .. }));
//! assert_eq!(err.to_string(), "toy.txt:2: blank line (every line must hold one item)");
//! ```

use std::path::PathBuf;

use ndarray::ArrayView1;

/// Everything that can go wrong in this crate.
///
/// ```
/// use makemore::Error;
///
/// let err = Error::InvalidParameter {
///     name: "smoothing",
///     value: "-1".into(),
///     reason: "must be finite and >= 0".into(),
/// };
/// assert_eq!(err.to_string(), "invalid smoothing = -1: must be finite and >= 0");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read (missing, no permission, ...).
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A path that should be a file is a directory.
    #[error("{} is a directory, not a file", path.display())]
    IsDirectory {
        /// The directory.
        path: PathBuf,
    },
    /// The data is not valid UTF-8.
    #[error("{origin}:{line}: invalid UTF-8 at byte {byte} of the line")]
    InvalidUtf8 {
        /// Where the data came from (a file name).
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based byte within the line.
        byte: usize,
    },
    /// A line longer than the reader accepts ([`crate::data::MAX_LINE_BYTES`]).
    #[error("{origin}:{line}: line longer than {limit} bytes")]
    LineTooLong {
        /// Where the data came from.
        origin: String,
        /// 1-based line.
        line: usize,
        /// The limit, in bytes.
        limit: usize,
    },
    /// More distinct characters than a vocabulary holds ([`crate::vocab::MAX_SIZE`]).
    #[error(
        "{origin}:{line}: more than {limit} distinct characters (a vocabulary holds {limit} and the start/end token)"
    )]
    TooManyChars {
        /// Where the data came from.
        origin: String,
        /// 1-based line where the count passes the limit.
        line: usize,
        /// The most distinct characters allowed.
        limit: usize,
    },
    /// A bigram occurs more often than a count (`u32`) can hold.
    #[error("{origin}:{line}: the count of bigram {bigram:?} passes {}", u32::MAX)]
    CountOverflow {
        /// Where the data came from.
        origin: String,
        /// 1-based line of the item whose bigram overflowed.
        line: usize,
        /// The bigram, as two characters.
        bigram: String,
    },
    /// The data set holds no items.
    #[error("{origin}: the data set is empty (no items)")]
    EmptyData {
        /// Where the data came from.
        origin: String,
    },
    /// A blank (empty or whitespace-only) line.
    #[error("{origin}:{line}: blank line (every line must hold one item)")]
    BlankLine {
        /// Where the data came from.
        origin: String,
        /// 1-based line.
        line: usize,
    },
    /// An item with leading or trailing whitespace.
    #[error("{origin}:{line}: leading or trailing whitespace in {item:?}")]
    SurroundingWhitespace {
        /// Where the data came from.
        origin: String,
        /// 1-based line.
        line: usize,
        /// The item as found.
        item: String,
    },
    /// A control character (tab, NUL, ...) or a byte-order mark past the start of the data
    /// inside an item.
    #[error("{origin}:{line}:{column}: {} {ch:?} in an item", if *ch == '\u{feff}' { "byte-order mark" } else { "control character" })]
    ControlChar {
        /// Where the data came from.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based character column.
        column: usize,
        /// The character.
        ch: char,
    },
    /// The start/end token ('.' unless another is chosen) inside an item of a data set.
    #[error(
        "{origin}:{line}:{column}: {ch:?} is the reserved start/end token and cannot appear inside an item; choose another start/end token with --boundary"
    )]
    ReservedChar {
        /// Where the data came from.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based character column.
        column: usize,
        /// The start/end token.
        ch: char,
    },
    /// An item to encode or score holds the start/end token ('.' unless another is chosen).
    #[error(
        "{item:?} contains {ch:?}, the reserved start/end token; choose another start/end token with --boundary"
    )]
    ReservedInItem {
        /// The start/end token.
        ch: char,
        /// The item.
        item: String,
    },
    /// An item holds a character the vocabulary does not know.
    #[error("character {ch:?} in {item:?} is not in the vocabulary")]
    UnknownChar {
        /// The character.
        ch: char,
        /// The item it is in.
        item: String,
    },
    /// An index outside the vocabulary.
    #[error("index {index} is outside the vocabulary of size {size}")]
    UnknownIndex {
        /// The index.
        index: usize,
        /// The vocabulary size.
        size: usize,
    },
    /// A vocabulary that breaks the rules ('.' first, then sorted unique characters).
    #[error("invalid vocabulary {chars:?}: {reason}")]
    InvalidVocab {
        /// The characters as given.
        chars: String,
        /// What is wrong.
        reason: String,
    },
    /// A parameter out of its range.
    #[error("invalid {name} = {value}: {reason}")]
    InvalidParameter {
        /// The parameter's name.
        name: &'static str,
        /// The value given.
        value: String,
        /// The rule it breaks.
        reason: String,
    },
    /// A probability row (or matrix) that cannot be sampled from or used as a model.
    #[error("invalid probabilities: {reason}")]
    InvalidProbabilities {
        /// What is wrong.
        reason: String,
    },
    /// A matrix of the wrong shape.
    #[error("{what} has shape {found:?}, expected {expected:?}")]
    Shape {
        /// Which matrix.
        what: &'static str,
        /// The shape required.
        expected: (usize, usize),
        /// The shape found.
        found: (usize, usize),
    },
    /// Gradient descent ran away: the loss or a weight stopped being a finite number.
    #[error(
        "training diverged at step {step}: a value of {value} with learning rate {lr}; try a smaller learning rate"
    )]
    Diverged {
        /// The step (0-based) whose loss or update was not finite; `steps` for the final loss.
        step: usize,
        /// The value that was not finite.
        value: f32,
        /// The learning rate of the run.
        lr: f32,
    },
    /// A picture could not be drawn (plotters refused it).
    #[error("cannot draw the {what}: {reason}")]
    Draw {
        /// Which picture.
        what: &'static str,
        /// plotters' message.
        reason: String,
    },
    /// A model file that cannot be used.
    #[error("{}: invalid model file: {reason}", path.display())]
    InvalidModel {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// What was asked for would need more memory than this process may take, found out before
    /// it is allocated.
    #[error(
        "{what} would need {:.1} GB of memory, and {:.1} GB is available: take a smaller context length K (or data with fewer distinct characters)",
        *needed as f64 / 1e9,
        *available as f64 / 1e9
    )]
    OutOfMemory {
        /// What would be built ("the counts of 87,000 contexts", ...).
        what: String,
        /// Bytes it would need.
        needed: u64,
        /// Bytes the machine has available, or the address-space limit (`ulimit -v`) leaves.
        available: u64,
    },
}

/// `Result` with this crate's [`Error`].
///
/// ```
/// fn first_item(text: &str) -> makemore::Result<String> {
///     Ok(makemore::data::Dataset::parse(text, "inline")?.items()[0].clone())
/// }
/// assert_eq!(first_item("emma").unwrap(), "emma");
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An [`Error::InvalidParameter`]: `name` = `value` breaks the rule `reason`.
    ///
    /// ```
    /// use makemore::Error;
    ///
    /// let err = Error::invalid("--top", 0, "must be at least 1");
    /// assert!(matches!(err, Error::InvalidParameter { name: "--top", .. }));
    /// assert_eq!(err.to_string(), "invalid --top = 0: must be at least 1");
    /// ```
    pub fn invalid(
        name: &'static str,
        value: impl std::fmt::Display,
        reason: impl Into<String>,
    ) -> Self {
        Error::InvalidParameter {
            name,
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}

/// Checks a parameter and returns an [`Error::InvalidParameter`] naming it when `ok` is false.
pub(crate) fn check_param(
    ok: bool,
    name: &'static str,
    value: impl std::fmt::Display,
    reason: &str,
) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(name, value, reason))
    }
}

/// A matrix must have the shape `expected`; otherwise an [`Error::Shape`] naming it.
pub(crate) fn check_shape(
    what: &'static str,
    expected: (usize, usize),
    found: (usize, usize),
) -> Result<()> {
    if found == expected {
        Ok(())
    } else {
        Err(Error::Shape {
            what,
            expected,
            found,
        })
    }
}

/// Every index must be below `size`; otherwise an [`Error::UnknownIndex`] naming the first that
/// is not.
pub(crate) fn check_indices(xs: &[usize], size: usize) -> Result<()> {
    match xs.iter().find(|&&x| x >= size) {
        Some(&index) => Err(Error::UnknownIndex { index, size }),
        None => Ok(()),
    }
}

/// Smoothing must be finite and non-negative.
pub(crate) fn check_smoothing(smoothing: f32) -> Result<()> {
    check_param(
        smoothing.is_finite() && smoothing >= 0.0,
        "smoothing",
        smoothing,
        "must be finite and >= 0",
    )
}

/// Checks that a probability row can be sampled from: not empty, every entry finite and >= 0, and
/// a positive total. Returns the total, or the reason it cannot be used. A row it accepts costs
/// one pass (it is checked once per sampled character); only a bad row is looked at again.
pub(crate) fn check_row(row: ArrayView1<f32>) -> std::result::Result<f64, String> {
    let (mut ok, mut total) = (!row.is_empty(), 0.0f64);
    for &p in row {
        ok &= p.is_finite() && p >= 0.0;
        total += p as f64;
    }
    if ok && total > 0.0 {
        return Ok(total);
    }
    if row.is_empty() {
        return Err("the row is empty".into());
    }
    if let Some((i, p)) = row.iter().enumerate().find(|(_, p)| !p.is_finite()) {
        return Err(format!("entry {i} is {p}, not a finite number"));
    }
    if let Some((i, p)) = row.iter().enumerate().find(|(_, p)| **p < 0.0) {
        return Err(format!("entry {i} is negative ({p})"));
    }
    Err("all entries are zero".into())
}
