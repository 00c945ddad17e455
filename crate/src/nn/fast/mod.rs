//! The fast path, kept apart: the same arithmetic as the lecture's files (`forward.rs`,
//! `loss.rs`), arranged for speed. Only `objective.rs` (through `methods.rs`) and the crate's re-exports (the ops) reach in here;
//! the lecture's files never do.
//!
//! | file | what it holds |
//! |---|---|
//! | `math.rs` | `exp`, `ln`, max, sum and dot product in f32, written to vectorise |
//! | `kernels.rs` | row-block softmaxes with their NLL and gradient, built for SSE2, AVX2 and AVX-512 and picked at run time |
//! | `methods.rs` | each `Method`'s average NLL and its gradient, from what the objective prepared, on the kernels |
//! | `avx512.rs` | the per-example indexing kernel and the fused cross-entropy written out in AVX-512 |
//! | `ops.rs` | the lecture's exercises 4 and 5 as public ops: row indexing instead of one-hot, a fused cross-entropy |

#[cfg(target_arch = "x86_64")]
mod avx512;
mod kernels;
mod math;
pub(super) mod methods;
pub(super) mod ops;
