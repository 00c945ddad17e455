//! The command-line tool's integration tests, one binary with a module per subject: the count
//! model's commands on names.txt, `eval`'s per-item scores, the neural bigram's, the n-gram
//! commands (`--context K`) and nets (`--net`), Kneser-Ney smoothing (`--smoothing kn`), every bad
//! input, where --out and --plot write, a 100 MB input in bounded memory, and the docs' heatmap, links and console examples. Each
//! runs the `makemore` binary (see [`common`]).

mod bad_input;
mod big_input;
mod boundary;
mod common;
mod count_model;
mod docs;
mod eval;
mod golden;
mod heatmap_top;
mod kneser_ney;
mod ngram;
mod ngram_nn;
mod nn;
mod output_files;
mod progress;
