//! One function per command. Each reads its input, does the work and returns a report that is
//! both `Serialize` (the `--json` document) and `Display` (the text); `sample` writes its names
//! as they are drawn instead, so that its memory stays constant however many are asked for.
//!
//! `stats`, `count`, `heatmap` and `sample` stream the input through
//! [`Counts::from_file`](makemore::counting::Counts::from_file) in one pass, for any K (memory bounded
//! whatever its size; `sample --model` does not read it); `eval` and `train` load it.
//! `context.rs` holds what they share about K and the model files, `smoothing.rs` what they share
//! about `--smoothing` and `--discount`. Before any of them runs, [`check_files`] makes sure no
//! output lands on a file the command reads or on another output.

use std::path::Path;

use makemore::{Error, Result};

use crate::args::Cli;

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

/// No file written twice, nor over a file the command reads (its data would be lost): every
/// output (`-`, standard output, only once) must be a file of its own.
pub fn check_files(cli: &Cli) -> Result<()> {
    let (inputs, outputs) = (cli.inputs(), cli.outputs());
    for (i, &(flag, path)) in outputs.iter().enumerate() {
        let inputs_too = inputs.iter().filter(|_| path.as_os_str() != "-");
        let mut files = outputs[..i].iter().chain(inputs_too);
        if let Some((other, file)) = files.find(|(_, file)| same_file(path, file)) {
            let but = match inputs.iter().any(|(input, _)| input == other) {
                true => ", which this command reads",
                false => "; write each to a file of its own",
            };
            let reason = format!("the same file as {other} {}{but}", file.display());
            return Err(Error::invalid(flag, path.display(), reason));
        }
    }
    Ok(())
}

/// Whether two paths name one file: an existing regular file however they reach it (a symlink,
/// a hard link, `./sub/../name`), or otherwise (a file not there yet, a FIFO, which is not opened
/// here) the same name in the same folder.
fn same_file(a: &Path, b: &Path) -> bool {
    let regular = |path: &Path| std::fs::metadata(path).is_ok_and(|m| m.is_file());
    let new = |path: &Path| {
        let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty());
        let dir = std::fs::canonicalize(dir.unwrap_or(Path::new("."))).ok()?;
        Some(dir.join(path.file_name()?))
    };
    match regular(a) && regular(b) {
        true => same_file::is_same_file(a, b).unwrap_or(false),
        false => a == b || new(a).is_some_and(|a| Some(a) == new(b)),
    }
}

/// A count asked for (`sample -n`, `count --top`) must be at least 1.
fn at_least_one(name: &'static str, n: usize) -> Result<()> {
    match n {
        0 => Err(Error::invalid(name, n, "must be at least 1")),
        _ => Ok(()),
    }
}
