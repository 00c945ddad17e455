//! Replays every input kept from the fuzz runs (tests/data/fuzz/<target>/) through the same
//! properties the fuzz targets check, so that what the fuzzers once found stays fixed. The
//! seed inputs there are the starting corpus: names.txt's head, a saved model, ARPA files, and
//! the cases the bad-input suite covers.

use crate::fuzz_props;

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

#[test]
fn load_and_count_inputs() {
    for path in inputs("load_and_count") {
        eprintln!("{}", path.display());
        fuzz_props::load_and_count(&std::fs::read(&path).unwrap());
    }
}

#[test]
fn model_file_inputs() {
    let scratch =
        std::env::temp_dir().join(format!("makemore-fuzz-replay-{}.json", std::process::id()));
    for path in inputs("model_file") {
        eprintln!("{}", path.display());
        fuzz_props::model_file(&std::fs::read(&path).unwrap(), &scratch);
    }
    let _ = std::fs::remove_file(&scratch);
}

#[test]
fn arpa_file_inputs() {
    for path in inputs("arpa_file") {
        eprintln!("{}", path.display());
        fuzz_props::arpa_file(&std::fs::read(&path).unwrap());
    }
}
