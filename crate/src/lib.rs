//! # makemore: the bigram character model, in Rust
//!
//! A support crate for following Andrej Karpathy's lecture "building makemore" (part 1) in Rust:
//! one module per idea of the lecture, in its order.
//!
//! The lecture's two halves are two folders; what goes beyond it and what draws it sit beside
//! them:
//!
//! | module | what it holds |
//! |---|---|
//! | [`data`] | load `names.txt`, one name per line; split it into train, dev and test |
//! | [`vocab`] | `stoi` / `itos`: '.' at 0, then a..z |
//! | [`counting`] | the first half: bigrams, `N`, `P` by broadcasting, sampling, the average NLL; then more context and better smoothing |
//! | [`nn`] | the second half: `xs`/`ys`, one-hot, softmax, the loss, its gradient by hand, gradient descent on `W` |
//! | [`rng`] | PyTorch's and CPython's generators, bit for bit, for the lecture's numbers and names |
//! | [`show`] | pictures as SVG, what a notebook shows for a value, and widgets for the lecture's moving moments |
//!
//! [`Error`] and [`Result`] are the crate's one error type.
//!
//! ## The counting half of the lecture
//!
//! ```
//! use makemore::{counting::{BigramModel, bigram, loss, sample}, data::Dataset, vocab::Vocab};
//!
//! // The data set: 32033 names, from 2 to 15 characters.
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! assert_eq!(&words.items()[..3], ["emma", "olivia", "ava"]);
//! assert_eq!(words.len(), 32033);
//! let stats = words.stats();
//! assert_eq!((stats.shortest, stats.longest), (2, 15));
//!
//! // Every name is a run of bigrams, wrapped in the start/end token '.'.
//! let emma: Vec<(char, char)> = bigram::bigrams("emma").collect();
//! assert_eq!(emma, [('.', 'e'), ('e', 'm'), ('m', 'm'), ('m', 'a'), ('a', '.')]);
//!
//! // Count them in a dictionary: the most common bigram is "n." (a name ending in n).
//! let dict = bigram::count_dict(words.items());
//! assert_eq!(bigram::most_common(&dict)[0], (('n', '.'), 6763));
//!
//! // Then in a 27 x 27 array N, with '.' at index 0 and a..z at 1..26.
//! let vocab = Vocab::from_dataset(&words);
//! assert_eq!(vocab.to_string(), ".abcdefghijklmnopqrstuvwxyz");
//! let n = bigram::count_matrix(&vocab, words.items())?;
//! assert_eq!(n[[vocab.stoi('a').unwrap(), vocab.stoi('n').unwrap()]], 5438);
//! assert_eq!(n.sum(), 228146);
//!
//! // Rows to probabilities, by broadcasting over the kept axis, with +1 smoothing.
//! let p = bigram::probs(&n, 1.0)?;
//! assert!((p.row(0).sum() - 1.0).abs() < 1e-6);
//! // Without the kept axis the division broadcasts the wrong way and row 0 sums to about 7.
//! let wrong = bigram::probs_without_keepdim(&n, 1.0)?;
//! assert!((wrong.row(0).sum() - 7.0).abs() < 0.1);
//!
//! // Sample names from the model with a seeded generator.
//! let model = BigramModel::from_matrix(vocab.clone(), &n, 1.0)?;
//! let mut rng = sample::seeded(sample::LECTURE_SEED);
//! let names = sample::sample_names(&model, &mut rng, 5, sample::DEFAULT_MAX_LEN)?;
//! assert_eq!(names.len(), 5);
//!
//! // Score it: the average negative log-likelihood, about 2.45 (ln 27 = 3.30 for the uniform model).
//! let nll = loss::evaluate(&model, words.items())?;
//! assert!((nll.mean - 2.4546).abs() < 1e-4);
//! let uniform = loss::evaluate(&BigramModel::uniform(vocab), words.items())?;
//! assert!((uniform.mean - 27f64.ln()).abs() < 1e-6);
//! # Ok::<(), makemore::Error>(())
//! ```
#![warn(missing_docs)]

pub mod counting;
pub mod data;
mod error;
mod fsio;
pub mod nn;
pub mod rng;
pub mod show;
pub mod vocab;

pub use error::{Error, Result};
