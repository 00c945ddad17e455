//! Counts the n-grams of a file with `Counts::from_file` (streaming, one pass) and prints what
//! it found: for `bench/scaling --ngram`, which measures its wall time and peak memory.
//!
//!     cargo run --release --example count_ngrams -- data/names.txt 2

use std::process::ExitCode;

use makemore::counting::Counts;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(k)) = (args.first(), args.get(1).and_then(|k| k.parse().ok())) else {
        eprintln!("usage: count_ngrams PATH K");
        return ExitCode::from(2);
    };
    match Counts::from_file(path, k) {
        Ok(counts) => {
            println!(
                "K = {k}: {} examples, {} of {} contexts seen, {}",
                counts.total(),
                counts.num_seen(),
                counts.num_contexts(),
                if counts.is_dense() { "dense" } else { "sparse" }
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("count_ngrams: {err}");
            ExitCode::FAILURE
        }
    }
}
