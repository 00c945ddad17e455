/// Runs `python3 -c code` and returns its standard output, or `None` (saying so) when there is
/// no `python3` on PATH. The one copy for tests/lib/lectures_split.rs and for the unit tests of
/// src/data/python_random.rs, which include this file.
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
