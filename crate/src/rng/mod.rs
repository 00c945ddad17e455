//! Seeded random numbers, bit for bit as the lecture's tools make them: PyTorch's CPU generator
//! (`torch.Generator().manual_seed(s)`: `rand`, `randn`, `multinomial`), which reproduces the
//! video's weights and names, and CPython's `random` (`random.seed(n)`, `random.shuffle`), which
//! reproduces the later lectures' split of names.txt. Both are the Mersenne Twister underneath.
//!
//! | file | what it holds |
//! |---|---|
//! | `torch.rs` | [`TorchGenerator`] and its [`MultinomialRule`] |
//! | `python.rs` | (crate-private) CPython's `random.seed` and `random.shuffle`, for [`Dataset::split_lectures`](crate::data::Dataset::split_lectures) |

mod python;
mod torch;

pub(crate) use python::PythonRandom;
pub use torch::{MultinomialRule, TorchGenerator};
