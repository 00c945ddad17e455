//! Loading the data set: one item (a name) per line.
//!
//! The lecture starts with `words = open('names.txt').read().splitlines()`. [`Dataset::load`] does
//! the same, but checks every line instead of trusting it: the text must be UTF-8, `\r\n` line
//! endings are accepted, a final newline is optional, and a leading byte-order mark is dropped.
//! Nothing is skipped silently. These are errors that name the line:
//! - a blank line (opt in to skipping them with [`LoadOptions::skip_blank_lines`]);
//! - leading or trailing whitespace around an item;
//! - a control character (tab, NUL, ...) inside an item;
//! - the start/end token, '.' unless [`LoadOptions::boundary`] chooses another (see
//!   [`crate::vocab::BOUNDARY`]);
//! - a line longer than [`MAX_LINE_BYTES`];
//! - more distinct characters than a vocabulary holds ([`crate::vocab::MAX_SIZE`]);
//! - no items at all.
//!
//! [`read_items`] applies the same rules to any reader one line at a time, in memory bounded by
//! the longest line: [`crate::counting::Counts::from_file`] counts a file of any size with it.
//!
//! ```
//! use makemore::data::Dataset;
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! assert_eq!(words.len(), 32033);
//! assert_eq!(&words.items()[..3], ["emma", "olivia", "ava"]);
//! let stats = words.stats();
//! assert_eq!((stats.shortest, stats.longest), (2, 15));
//! # Ok::<(), makemore::Error>(())
//! ```
//!
//! | file | idea |
//! |---|---|
//! | `dataset.rs` | [`Dataset`]: the checked items, with [`Stats`] |
//! | `reader.rs` | [`read_items`]: the streaming line reader and its rules ([`LoadOptions`]) |
//! | `split.rs` | [`Dataset::split`]: a seeded 80/10/10 split into [`Split`]'s parts; [`Dataset::split_lectures`]: the lecture series' split; [`SplitMethod`]: either |

mod dataset;
mod reader;
mod split;

pub use dataset::{Dataset, Stats};
pub use reader::{LoadOptions, MAX_LINE_BYTES, read_items};
pub(crate) use reader::{Sink, Symbols, read_symbols};
pub use split::{DEFAULT_SPLIT_SEED, LECTURES_SPLIT_SEED, Part, Split, SplitMethod};
