//! The library's integration tests, one binary with a module per subject: the lecture's numbers
//! on names.txt, sampling, the torch generator bit for bit, the heatmap, the neural bigram, the
//! inputs the fuzzers found, and the lecture series' split against CPython.

mod architecture;
mod arpa;
mod boundary;
// The command-line tests' helpers, for the heatmap's command-line tests.
#[allow(dead_code)]
#[path = "../cli/common.rs"]
mod common;
mod fuzz_props;
mod fuzz_regressions;
mod heatmap;
mod lecture;
mod lectures_split;
mod model_files;
mod ngram;
mod nn;
mod python;
mod sampling;
mod torch_rng;
mod widgets;
