//! The lecture's first half: counting. The bigrams of every name in a table `N`, its rows made
//! into probabilities `P`, names sampled from `P`, and `P` scored by the average negative
//! log-likelihood; then, beyond the lecture, the same for K characters of context and smoothing
//! that goes further than adding k (Kneser-Ney).
//!
//! | file | idea |
//! |---|---|
//! | [`bigram`] | the lecture's literal steps: bigrams with the start/end token, the dictionary, `N`, `P` by broadcasting and the keepdim bug |
//! | [`context`] | beyond the lecture: K characters of context as one number (K = 1: the bigram) |
//! | `counts.rs` | [`Counts`]: how often each character follows each context, for any K, streamed from a file (`packed.rs`: the one streaming pass) |
//! | `smoothing.rs` | [`Smoothing`]: add k, or Kneser-Ney |
//! | [`kneser_ney`] | beyond the lecture: Kneser-Ney smoothing, interpolating with shorter contexts |
//! | `model.rs` | [`Model`] ([`BigramModel`] at K = 1): the next character's distribution after every context; a counted model stored as its n-grams |
//! | [`arpa`] | beyond the lecture: a counted model saved and read as ARPA, the n-gram world's file format (KenLM) |
//! | [`sample`] | sampling names from a model with a seeded generator |
//! | [`loss`] | likelihood, log-likelihood, average negative log-likelihood |

pub mod arpa;
pub mod bigram;
pub mod context;
mod counts;
pub mod kneser_ney;
pub mod loss;
mod model;
mod packed;
pub mod sample;
mod smoothing;

pub use counts::{Counts, DENSE_LIMIT};
pub use model::{BigramModel, Model};
pub use smoothing::Smoothing;
