//! One function per command. Each reads its input, does the work and returns a report that is
//! both `Serialize` (the `--json` document) and `Display` (the text); `sample` writes its names
//! as they are drawn instead, so that its memory stays constant however many are asked for.
//!
//! `stats`, `count`, `heatmap` and `sample` stream the input through
//! [`Counts::from_file`](makemore::counting::Counts::from_file) in one pass, for any K (memory bounded
//! whatever its size; `sample --model` does not read it); `eval` and `train` load it.
//! `context.rs` holds what they share about K and the model files, `smoothing.rs` what they share
//! about `--smoothing` and `--discount`.

mod context;
mod count;
mod eval;
mod heatmap;
mod sample;
mod smoothing;
mod stats;
mod train;

pub use count::count;
pub use eval::eval;
pub use heatmap::heatmap;
pub use sample::sample;
pub use stats::stats;
pub use train::train;

/// A count asked for (`sample -n`, `count --top`) must be at least 1.
fn at_least_one(name: &'static str, n: usize) -> makemore::Result<()> {
    match n {
        0 => Err(makemore::Error::invalid(name, n, "must be at least 1")),
        _ => Ok(()),
    }
}
