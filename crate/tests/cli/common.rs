//! Running the `makemore` binary from the integration tests.

use std::path::Path;
use std::process::{Command, Output};

/// The path of data/names.txt.
pub fn names_txt() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data/names.txt")
        .to_str()
        .unwrap()
        .to_string()
}

/// Runs the binary with these arguments.
pub fn makemore(args: &[&str]) -> Output {
    makemore_in(Path::new("."), args)
}

/// Runs the binary with these arguments in the directory `dir` (relative paths such as the
/// default `data/names.txt` are read there).
pub fn makemore_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_makemore"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// Runs exactly these arguments, expects success and a silent stderr, returns stdout.
pub fn succeeds(args: &[&str]) -> Vec<u8> {
    let out = makemore(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {stderr}");
    assert!(stderr.is_empty(), "{args:?}: {stderr}");
    out.stdout
}

/// Runs with `--input names.txt --json`, expects success and a silent stderr, parses stdout.
pub fn json(args: &[&str]) -> serde_json::Value {
    json_on(Path::new(&names_txt()), args)
}

/// [`json`] for a net trained on every name scored on a part of a split: the score, after one
/// line on stderr warning that the part may hold names it was trained on.
pub fn json_warned(args: &[&str]) -> serde_json::Value {
    let names = names_txt();
    let all = [&["--input", names.as_str(), "--json"], args].concat();
    let out = makemore(&all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {stderr}");
    let warned = stderr.starts_with("warning: ") && stderr.contains("records no held-out split");
    assert!(warned && stderr.lines().count() == 1, "{args:?}: {stderr}");
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
}

/// [`json`] of the words of `line`: `json_line("sample --num 5")`.
pub fn json_line(line: &str) -> serde_json::Value {
    json(&line.split_whitespace().collect::<Vec<_>>())
}

/// Runs `--input input --json args...`, expects success and a silent stderr, parses stdout.
pub fn json_on(input: &Path, args: &[&str]) -> serde_json::Value {
    let all = [&["--input", input.to_str().unwrap(), "--json"], args].concat();
    serde_json::from_slice(&succeeds(&all)).expect("stdout is one JSON document")
}

/// Runs exactly these arguments and expects exit status 1, an error message holding `needle`
/// on stderr, no panic and nothing on stdout.
pub fn fails_with(args: &[&str], needle: &str) {
    let out = makemore(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(needle), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
}
