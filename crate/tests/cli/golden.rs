//! The README's commands, byte for byte: every line of `golden/cases.txt` run in one scratch
//! directory, its stdout and every file it writes compared with the outputs saved by
//! `golden/make.py` before the crate was restructured (issue 21). The directory holds
//! `names.txt` (the data set, given as `--input`) and `dev.txt` (its first 3000 names).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

#[test]
fn every_golden_output_is_unchanged() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/golden");
    let names = fs::read_to_string(super::common::names_txt()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("names.txt"), &names).unwrap();
    let dev: String = names.split_inclusive('\n').take(3000).collect();
    fs::write(dir.path().join("dev.txt"), dev).unwrap();
    let cases = fs::read_to_string(golden.join("cases.txt")).unwrap();
    let cases: Vec<&str> = cases
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let listing = |d: &Path| -> BTreeSet<String> {
            fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect()
        };
        let before = listing(dir.path());
        let args: Vec<&str> = case.split_whitespace().collect();
        let mut command = Command::new(env!("CARGO_BIN_EXE_makemore"));
        if !args.contains(&"--help") {
            command.args(["--input", "names.txt"]);
        }
        let out = command
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{case}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut outputs = vec![(format!("{i:02}.out"), out.stdout)];
        for name in listing(dir.path()).difference(&before) {
            outputs.push((
                format!("{i:02}.{name}"),
                fs::read(dir.path().join(name)).unwrap(),
            ));
        }
        for (file, found) in outputs {
            match fs::read(golden.join(&file)) {
                Ok(expected) if expected == found => {}
                Ok(_) => failures.push(format!("`makemore {case}`: {file} differs")),
                Err(_) => failures.push(format!("`makemore {case}`: {file} is new")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
