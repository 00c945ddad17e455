//! The commands of docs/cli.md (once the README's), byte for byte: every line of `golden/cases.txt`
//! run in one scratch directory, its stdout and every file it writes compared with the outputs
//! saved by `golden/make.py` before the crate was restructured (issue 21). The directory holds
//! `names.txt` (the data set, given as `--input`) and `dev.txt` (its first 3000 names). A case
//! marked `~ ` (a net trained on the CPU-dependent kernels) is compared number by number.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

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
    for (i, line) in cases.iter().enumerate() {
        let (case, numeric) = match line.strip_prefix("~ ") {
            Some(case) => (case, true),
            None => (*line, false),
        };
        let listing = |d: &Path| -> BTreeSet<String> {
            fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect()
        };
        let before = listing(dir.path());
        let mut args: Vec<&str> = case.split_whitespace().collect();
        if !args.contains(&"--help") {
            args.splice(0..0, ["--input", "names.txt"]);
        }
        let out = super::common::makemore_in(dir.path(), &args);
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
                Ok(expected) if numeric && close(&expected, &found) => {}
                Ok(_) => failures.push(format!("`makemore {case}`: {file} differs")),
                Err(_) => failures.push(format!("`makemore {case}`: {file} is new")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same text but for the numbers in it, each within 1e-5 (relative above 1).
fn close(expected: &[u8], found: &[u8]) -> bool {
    let (expected, found) = (
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(found),
    );
    let (a, b) = (split_numbers(&expected), split_numbers(&found));
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| match (x, y) {
            (Token::Number(x), Token::Number(y)) => (x - y).abs() <= 1e-5 * x.abs().max(1.0),
            _ => x == y,
        })
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Text(&'a str),
    Number(f64),
}

/// The text as runs of other characters and numbers (`-1.5e-3`, `58079.5907`).
fn split_numbers(text: &str) -> Vec<Token<'_>> {
    let is_number_char = |c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E' | '+');
    let mut tokens = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest
            .char_indices()
            .find(|&(i, c)| {
                (c.is_ascii_digit() || c == '-')
                    && rest[i..]
                        .trim_start_matches('-')
                        .starts_with(|d: char| d.is_ascii_digit())
            })
            .map_or(rest.len(), |(i, _)| i);
        if start > 0 {
            tokens.push(Token::Text(&rest[..start]));
        }
        rest = &rest[start..];
        let end = rest
            .char_indices()
            .skip(1)
            .find(|&(_, c)| !is_number_char(c))
            .map_or(rest.len(), |(i, _)| i);
        let (number, after) = rest.split_at(end);
        match number.parse::<f64>() {
            Ok(x) => tokens.push(Token::Number(x)),
            Err(_) if !number.is_empty() => tokens.push(Token::Text(number)),
            Err(_) => {}
        }
        rest = after;
    }
    tokens
}

#[test]
fn close_compares_numbers_within_tolerance_and_text_exactly() {
    assert!(close(b"nll 58079.5907\n", b"nll 58079.5899\n"));
    assert!(close(b"[0.1,-2.5e-3]", b"[0.1000001,-2.5e-3]"));
    assert!(!close(b"nll 2.4500", b"nll 2.4600"));
    assert!(!close(b"name emma", b"name emmb"));
    assert!(!close(b"[1,2]", b"[1,2,3]"));
}
