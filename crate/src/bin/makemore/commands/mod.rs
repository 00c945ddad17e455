//! One function per command. Each reads its input, does the work and returns a report that is
//! both `Serialize` (the `--json` document) and `Display` (the text); `sample` writes its names
//! as they are drawn instead, so that its memory stays constant however many are asked for.
//!
//! `stats`, `count`, `heatmap` and `sample` stream the input through
//! [`Counts::from_file`](makemore::bigram::Counts::from_file) (memory bounded whatever its size;
//! `sample --model` does not read it); `eval` and `train` load it. With `--context K > 1` the
//! streaming commands read the file once more to count the n-grams
//! ([`NgramCounts::from_reader`](makemore::ngram::NgramCounts::from_reader)), still one line in
//! memory at a time; `context.rs` holds what they share about K.

mod context;
mod count;
mod eval;
mod heatmap;
mod sample;
mod stats;
mod train;

pub use count::count;
pub use eval::eval;
pub use heatmap::heatmap;
pub use sample::sample;
pub use stats::stats;
pub use train::train;
