//! The neural bigram: one linear layer `W` trained by gradient descent (the lecture's second half).
//!
//! The training set is every bigram of every name as a pair of indices: `xs` (the current
//! character) and `ys` (the next one), 228146 pairs for names.txt. Each input is one-hot encoded
//! (`xenc`, a row of zeros with a 1 at the character's index) and multiplied by a 27 x 27 weight
//! matrix `W`. The outputs are read as log-counts (`logits`); exponentiated they are `counts`,
//! and each row divided by its sum gives `probs`, the distribution of the next character (the
//! softmax). The loss is the average negative log-likelihood of the correct next characters plus
//! `reg * mean(W^2)`, which pulls `W` towards zero, i.e. towards the uniform model, like
//! smoothing does for the count model. [`backward`] gives the gradient of the loss and gradient
//! descent moves `W` against it: `W -= lr * dW`.
//!
//! A one-hot row times `W` is just a row of `W`, so `softmax(W)` row by row *is* this net's
//! probability table: the net learns the counts. Training ends near the smoothed count model's
//! loss (2.45), [`Net::to_model`] turns the net into a [`BigramModel`](crate::counting::BigramModel) that
//! [`crate::counting::sample`] and [`crate::counting::loss`] work with, and `W = ln(N + 1)` (see
//! [`Net::from_counts`]) is exactly the +1-smoothed count model.
//!
//! ```
//! use makemore::{nn, nn::{Net, TrainOptions, TrainingSet}};
//! use makemore::{counting::{BigramModel, loss, sample}, data::Dataset};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let data = TrainingSet::from_dataset(&words)?;
//! assert_eq!(data.len(), 228146);
//! assert_eq!(&data.xs()[..5], [0, 5, 13, 13, 1]); // . e m m a
//! assert_eq!(&data.ys()[..5], [5, 13, 13, 1, 0]); // e m m a .
//!
//! // One pass by hand over the five bigrams of "emma".
//! let xenc = nn::one_hot(&data.xs()[..5], 27)?;
//! let mut net = Net::new(data.vocab().clone(), sample::Generator::ChaCha, sample::LECTURE_SEED);
//! let w = net.w().to_owned();
//! let (_logits, _counts, probs) = nn::forward(&xenc, &w)?;
//! assert!((probs.row(0).sum() - 1.0).abs() < 1e-6);
//! let loss = nn::loss(&probs, &data.ys()[..5], &w, 0.0)?;
//! let dw = nn::backward(&xenc, &probs, &data.ys()[..5], &w, 0.0)?;
//! let w2 = &w - &(50.0 * &dw);
//! let (_, _, probs2) = nn::forward(&xenc, &w2)?;
//! assert!(nn::loss(&probs2, &data.ys()[..5], &w2, 0.0)? < loss);
//!
//! // The lecture's training: 100 full-batch steps with learning rate 50 and reg 0.01.
//! let history = net.train(&data, &TrainOptions::default())?;
//! assert!(history.losses[0] > 3.5);
//! assert!((history.final_loss - 2.49).abs() < 0.01);
//!
//! // The trained net is a bigram model like the count model, and close to it.
//! let model = net.to_model()?;
//! let names = sample::sample_names(&model, &mut sample::seeded(sample::LECTURE_SEED), 5, 256)?;
//! assert_eq!(names.len(), 5);
//! let nll = loss::evaluate(&model, words.items())?.mean;
//! let counted = loss::evaluate(&BigramModel::fit(&words, 1, 1.0)?, words.items())?.mean;
//! assert!(nll - counted < 0.05);
//! # Ok::<(), makemore::Error>(())
//! ```
//!
//! ## The files, in the lecture's order
//!
//! | file | idea |
//! |---|---|
//! | `training_set.rs` | [`TrainingSet`]: every bigram as a pair of indices `xs`, `ys` |
//! | `forward.rs` | [`one_hot`], [`forward`], [`softmax`], [`log_softmax`]: from inputs to probabilities |
//! | `loss.rs` | [`loss()`] and [`backward`]: the NLL and its gradient, derived by hand |
//! | `objective.rs` | [`Method`] and [`Objective`]: the same loss and gradient, one-hot, from the counts, or by indexing rows |
//! | `net.rs` | [`Net`] (its first `W` from a seeded [`Generator`](crate::counting::sample::Generator)), [`TrainOptions`], [`History`]: gradient descent on `W` |
//! | `model_file.rs` | [`Net::save`] and [`Net::load`]: a trained net as JSON |
//!
//! Beyond the lecture: more than one character of context (see [`crate::counting::context`]), and its
//! exercises 4 and 5. The fast path (`fast/`, private: the kernels the objectives run on, and
//! the exercises' ops) is kept apart from the lecture's files, which never import it.
//!
//! Each function a notebook calls on arrays (`softmax`, `loss`, `backward`, `select_rows`, ...)
//! takes an array or a view (it is generic over ndarray's storage) and hands views to a private
//! `*_of` function that does the work. A generic function is compiled where it is used, so without
//! that one line a training loop written in a notebook cell would run these loops compiled as the
//! cell is, at evcxr's opt-level 0, instead of once here, at 2 (BENCHMARKS.md, "Cells").
//!
//! | file | idea |
//! |---|---|
//! | `architecture.rs` | [`NetKind`]: which rows of `W` a context picks, one (the table net: the bigram's, with more context) or one per character (the concatenated one-hot vectors) |
//! | `fast/ops.rs` | [`select_rows`] (`W[xs]`, what a one-hot product really does), [`scatter_add`] (its gradient), [`cross_entropy`] (fused, stable) |

mod architecture;
mod fast;
mod forward;
mod loss;
mod model_file;
mod net;
mod objective;
mod training_set;

pub use architecture::NetKind;
pub use fast::ops::{cross_entropy, scatter_add, select_rows};
pub use forward::{forward, log_softmax, one_hot, softmax, softmax_naive};
pub use loss::{backward, loss};
pub use net::{History, LECTURE_LR, LECTURE_REG, LECTURE_STEPS, Net, TrainOptions};
pub use objective::{Method, Objective};
pub use training_set::TrainingSet;
