//! ARPA: a counted model kept in a file, in the n-gram world's common format (KenLM, SRILM and
//! the `kenlm` Python module read it).
//!
//! An ARPA file holds, for each length n up to K + 1, the n-grams of the model with the log10
//! of their probability and, for those that are also a context, the log10 of its back-off
//! weight: exactly how [`Model`](crate::counting::Model) stores a counted model (`p(w | h)` is the n-gram's probability
//! if `h w` is in the file, else the weight of `h` times `p(w | h')`, `h'` one character
//! shorter). A character is a word. The start/end token, the boundary, maps onto ARPA's two
//! markers by where it stands, since in a context it is always the padding before an item and as
//! the next character always its end:
//!
//! - each of the K leading boundary tokens of a context is `<s>` ("..em" is `<s> <s> e m`);
//! - the closing one, predicted, is `</s>` ("ma." is `m a </s>`).
//!
//! `<s>` is never predicted: an n-gram that ends in it (`<s>`, `<s> <s>`) is only a context and
//! has the log probability -99 (SRILM's "never"; KenLM reads it as it reads its own 0 there).
//! `<unk>` has -99 too: every character the model scores is in its vocabulary. The file does not name the boundary
//! character; [`read`] takes it, as the tool's `--boundary` gives it.
//!
//! The file is closed under prefixes and suffixes (every n-gram's first and last n - 1 words are
//! in it), as KenLM expects: lookups from the shortest suffix up then stop where ours do. An
//! n-gram added for that carries the probability the model gives it. Add-k, which does not back
//! off, is written faithfully in the same form: its shorter contexts are uniform (every
//! unigram `1/V`), and a context's weight `k V / (n + k V)` gives an unseen character its `k / (n
//! + k V)`.
//!
//! Reading takes any such file whose words are single characters, `lmplz`'s too: KenLM's one
//! `<s>` before an item is our context with one boundary token, and a context with more (the
//! start of an item under K > 1) finds no longer n-gram, so it backs off to it with weight 1,
//! as KenLM does. `<unk>` is skipped (every character scored is in the vocabulary); in a file
//! that gives it probability, each row sums to 1 less that.
//!
//! ```
//! use makemore::counting::{Counts, Model, Smoothing, arpa};
//! use makemore::{data::Dataset, vocab::Vocab};
//!
//! let words = Dataset::from_items(["emma", "olivia", "ava"])?;
//! let model = Model::from_counts(&Counts::from_dataset(&words, 2)?, Smoothing::ModifiedKneserNey)?;
//! let mut file = Vec::new();
//! arpa::write(&model, &mut file)?;
//! let text = String::from_utf8(file.clone()).unwrap();
//! assert!(text.starts_with("\\data\\\nngram 1=10\n")); // 7 characters, </s>, <s>, <unk>
//! assert!(text.contains("\t<s> <s> e\n")); // "..e": e first
//! let read = arpa::read(&file[..], "model.arpa", '.')?;
//! let (ours, theirs) = (model.row(0)?, read.row(0)?);
//! assert!(ours.iter().zip(&theirs).all(|(a, b)| (a - b).abs() < 1e-6));
//! # Ok::<(), makemore::Error>(())
//! ```

mod read;
mod write;

pub use read::{load, read};
pub use write::{NEVER, save, write};
