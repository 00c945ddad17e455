/// Runs `python3 -c code` and returns its standard output, or `None` (saying so) when there is
/// no `python3` on PATH. The one copy for tests/lib/lectures_split.rs and for the unit tests of
/// src/rng/python.rs, which include this file (as do src/counting/kneser_ney.rs's, for
/// [`reference_python`]).
#[allow(dead_code)] // each includer uses its own subset
pub fn python(code: &str) -> Option<String> {
    match std::process::Command::new("python3")
        .args(["-c", code])
        .output()
    {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipping the comparison with CPython: python3 is not on PATH");
            None
        }
        Err(e) => panic!("cannot run python3: {e}"),
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "python3 failed: {stderr}");
            Some(String::from_utf8(out.stdout).unwrap())
        }
    }
}

/// The Python of the reference tests (NLTK, KenLM's `kenlm`: scripts/requirements-nltk.txt),
/// named by `MAKEMORE_NLTK_PYTHON`; without it, a test that needs `what` says it is skipped.
#[allow(dead_code)] // each includer uses its own subset
pub fn reference_python(what: &str) -> Option<String> {
    let python = std::env::var("MAKEMORE_NLTK_PYTHON").ok();
    if python.is_none() {
        eprintln!(
            "skipped: set MAKEMORE_NLTK_PYTHON to a Python with {what} \
             (pip install -r scripts/requirements-nltk.txt)"
        );
    }
    python
}
