//! More context: n-gram models, where the next character depends on the K characters before it.
//!
//! The bigram looks at one character; an n-gram looks at K (K = 1 is the bigram, K = 2 the
//! trigram). Each item starts with K copies of '.', and each of its characters and then the
//! closing '.' is one example, predicted from the K tokens before it (the convention of
//! makemore part 2), so every K sees the same 228146 examples of names.txt and the losses
//! compare. A context is one number, its tokens in base V, the oldest most significant.
//!
//! Counting is as for the bigram, with `V^K` rows instead of V: dense up to [`DENSE_LIMIT`]
//! entries, beyond that only the contexts seen. The probabilities of a row are
//! `(N[context] + k) / rowsum`, computed exactly as [`crate::bigram::probs`] computes a row of
//! `P`, so K = 1 is today's bigram bit for bit. Sampling and scoring work as in
//! [`crate::sample`] and [`crate::loss`].
//!
//! ```
//! use makemore::ngram::{self, NgramModel};
//! use makemore::{Dataset, TorchGenerator};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let mut losses = Vec::new();
//! for k in 1..=3 {
//!     let model = NgramModel::fit(&words, k, 1.0)?;
//!     losses.push(ngram::evaluate(&model, words.items())?.mean);
//! }
//! // More context, lower loss on the training data (+1 smoothed): 2.4546, 2.2126, 2.0891
//! assert!(losses[0] > losses[1] && losses[1] > losses[2]);
//! let trigram = NgramModel::fit(&words, 2, 1.0)?;
//! let mut g = TorchGenerator::manual_seed(2147483647);
//! let names = ngram::sample_names(&trigram, &mut g, 3, 256)?;
//! assert_eq!(names.len(), 3);
//! # Ok::<(), makemore::Error>(())
//! ```
//!
//! From the command line, `makemore eval --context 2` prints the trigram's average NLL on
//! names.txt: 2.2126 with the default +1 smoothing, 2.1857 with `--smoothing 0`. Every command
//! takes `--context K` (README.md, "More context: n-grams"), and `train --context K --net
//! table|concat` trains [`crate::nn::TableNet`] or [`crate::nn::ConcatNet`].
//!
//! | file | idea |
//! |---|---|
//! | `context.rs` | [`examples`], [`examples_of`], [`num_contexts`], [`context_string`]: contexts as numbers |
//! | `counts.rs` | [`NgramCounts`]: the counts, dense or sparse, from items or a file |
//! | `model.rs` | [`NgramModel`], [`probs_row`]: `(N + k) / rowsum`, row by row |
//! | `score.rs` | [`sample_name`], [`evaluate`], [`breakdown`]: sampling and the NLL |

mod context;
mod counts;
mod model;
mod score;

pub use context::{Example, MAX_CONTEXT_LEN, context_string, examples, examples_of, num_contexts};
pub use counts::{DENSE_LIMIT, NgramCounts};
pub use model::{NgramModel, probs_row};
pub use score::{ExampleScore, breakdown, evaluate, sample_name, sample_names};
