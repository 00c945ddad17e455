//! # makemore: the bigram character model, in Rust
//!
//! A support crate for following Andrej Karpathy's lecture "building makemore" (part 1) in Rust:
//! one module per idea of the lecture, in its order.
//!
//! | module | lecture idea |
//! |---|---|
//! | [`data`] | load `names.txt`, one name per line |
//! | [`vocab`] | `stoi` / `itos`: '.' at 0, then a..z |
//! | [`bigram`] | bigrams with the start/end token; counts in a dictionary and in `N`; `P` by broadcasting |
//! | [`context`] | beyond the lecture: K characters of context as one number (K = 1: the bigram) |
//! | [`counts`] | the counts of every context, for any K, streamed from a file |
//! | [`kneser_ney`] | beyond the lecture: Kneser-Ney smoothing, interpolating with shorter contexts |
//! | [`smoothing`] | beyond the lecture: add-k or Kneser-Ney, the choice a counted model makes |
//! | [`model`] | a model is a table of next-character probabilities, a row per context |
//! | [`sample`] | sampling names with a seeded generator |
//! | [`torch_rng`] | `torch.Generator().manual_seed(s)` bit for bit: `rand`, `randn`, `multinomial` |
//! | [`loss`] | likelihood, log-likelihood, average negative log-likelihood |
//! | [`nn`] | the neural bigram: `xs`/`ys`, one-hot, softmax, loss, backward, gradient descent on `W` |
//! | [`plot`] | pictures as SVG, inline in Jupyter |
//! | [`display`] | what a notebook shows when a cell ends with a crate value |
//! | [`widget`] | beyond the lecture: its moving moments, interactive in the page |
//!
//! ## The counting half of the lecture
//!
//! ```
//! use makemore::{bigram, loss, sample, BigramModel, Dataset, Vocab};
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

pub mod bigram;
pub mod context;
pub mod counts;
pub mod data;
pub mod display;
pub mod error;
mod fsio;
pub mod kneser_ney;
pub mod loss;
pub mod model;
pub mod nn;
pub mod plot;
pub mod sample;
pub mod smoothing;
pub mod torch_rng;
pub mod vocab;
pub mod widget;

pub use counts::Counts;
pub use data::{Dataset, LoadOptions, Split, Stats};
pub use error::{Error, Result};
pub use model::{BigramModel, Model};
pub use smoothing::Smoothing;
pub use torch_rng::TorchGenerator;
pub use vocab::Vocab;
