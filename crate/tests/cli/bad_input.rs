//! The bad-input suite: every mistake a learner can make with their own data, flags and files,
//! run against the `makemore` binary. Each case expects either success with the documented
//! behaviour, or exit status 1 with one line on stderr that names what is wrong and where (the
//! file, and the line and column where there is one), no panic, nothing on stdout, and no file
//! left behind. The input rules are in docs/cli.md ("Your own data").

mod cases;

use std::path::{Path, PathBuf};

use crate::common::{makemore, makemore_in, names_txt};
use cases::Expect::{Fails, Ok as Succeeds};
use cases::Input::{Bytes, Directory, Missing, Names};
use cases::{cases, fill_scratch};

/// Every file under `dir`, sorted.
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(listing(&path));
        }
        found.push(path);
    }
    found.sort();
    found
}

#[test]
fn every_bad_input_gets_a_clear_error_and_every_unusual_one_works() {
    let root_dir = tempfile::tempdir().unwrap();
    let root = root_dir.path();
    let cases = cases();
    assert!(cases.len() >= 40);
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let scratch = root.join(format!("case{i:02}"));
        fill_scratch(&scratch);
        let input = match &case.input {
            Bytes(bytes) => {
                let path = root.join(format!("input{i:02}.txt"));
                std::fs::write(&path, bytes).unwrap();
                path.display().to_string()
            }
            Missing => root.join("missing.txt").display().to_string(),
            Directory => scratch.display().to_string(),
            Names => names_txt(),
        };
        let scratch_str = scratch.display().to_string();
        let args: Vec<String> = ["--input", &input, "--json"]
            .into_iter()
            .chain(case.args.iter().copied())
            .map(|a| {
                a.replace("{scratch}", &scratch_str)
                    .replace("{input}", &input)
            })
            .collect();
        let before = listing(&scratch);
        let out = makemore(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let result = std::panic::catch_unwind(|| match &case.expect {
            Succeeds(check) => {
                assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
                assert!(stderr.is_empty(), "stderr: {stderr}");
                check(&serde_json::from_slice(&out.stdout).expect("one JSON document"));
            }
            Fails(needle) => {
                let needle = needle
                    .replace("{input}", &input)
                    .replace("{scratch}", &scratch_str);
                assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
                assert!(stderr.starts_with("error: "), "stderr: {stderr}");
                assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
                assert!(
                    stderr.contains(&needle),
                    "expected {needle:?} in {stderr:?}"
                );
                assert!(out.stdout.is_empty(), "stdout: {:?}", out.stdout);
                assert_eq!(listing(&scratch), before, "a failed run left files behind");
            }
        });
        if result.is_err() {
            failures.push(case.name);
        }
    }
    assert!(failures.is_empty(), "failed cases: {failures:?}");
}

/// Every model file a command reads (nets of K = 1 and 2, another start/end token, ARPA), on data
/// it fits and data it does not, with either start/end token: a result, or one line on stderr
/// and exit status 1; never a panic (`count --model` panicked on a character the model lacks).
#[test]
fn every_model_on_every_data_set_is_a_result_or_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let scratch = dir.path();
    fill_scratch(scratch);
    let hash = r##"{"format": "makemore-nn", "version": 1, "vocab": "#ab", "W": [[0,0,0],[0,0,0],[0,0,0]]}"##;
    std::fs::write(scratch.join("hash.json"), hash).unwrap();
    for (name, text) in [
        ("ab.txt", "ab\nba\nabba\n"),
        ("abc.txt", "abc\ncab\n"),
        ("dots.txt", "a.b\nb\n"),
    ] {
        std::fs::write(scratch.join(name), text).unwrap();
    }
    let commands: [&[&str]; 6] = [
        &["count"],
        &["count", "-k", "2"],
        &["sample", "-n", "2"],
        &["eval"],
        &["eval", "ab"],
        &["eval", "--on", "ab.txt"],
    ];
    let mut failures = Vec::new();
    for data in ["ab.txt", "abc.txt", "dots.txt"] {
        for boundary in [".", "#"] {
            for model in ["ab.json", "hash.json", "table2.json", "ab.arpa"] {
                for command in commands {
                    let given = ["--input", data, "--boundary", boundary, "--model", model];
                    let args = [&given[..4], command, &given[4..]].concat();
                    let out = makemore_in(scratch, &args);
                    let stderr = String::from_utf8_lossy(&out.stderr);
                    let fine = match out.status.code() {
                        Some(0) => !out.stdout.is_empty(),
                        Some(1) => stderr.starts_with("error: ") && stderr.lines().count() == 1,
                        _ => false,
                    };
                    if !fine {
                        failures.push(format!("{}: {:?} {stderr}", args.join(" "), out.status));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn a_read_only_folder_is_an_error_that_leaves_nothing() {
    use std::os::unix::fs::PermissionsExt as _;

    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    // root may write into a read-only folder; sysfs refuses everyone a new file.
    let probe = dir.join("probe");
    let folder = if std::fs::write(&probe, b"").is_ok() {
        std::fs::remove_file(&probe).unwrap();
        PathBuf::from("/sys")
    } else {
        dir.to_path_buf()
    };
    let out_path = folder.join("makemore-heatmap.svg");
    let out = makemore(&[
        "--input",
        &names_txt(),
        "heatmap",
        "--out",
        out_path.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let needle = format!("error: cannot write {}: ", out_path.display());
    assert!(stderr.starts_with(&needle), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("makemore-heatmap")
        })
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_huge_num_streams_and_a_closed_pipe_ends_it_quietly() {
    use std::io::{BufRead as _, BufReader};
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_makemore"))
        .args(["--input", &names_txt(), "sample", "--num", "1000000000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    for _ in 0..1000 {
        let name = lines.next().unwrap().unwrap();
        assert!(name.ends_with('.'), "{name}");
    }
    drop(lines); // close the pipe, as `| head -1000` does
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
    assert!(stderr.is_empty(), "{stderr}");

    // A number past u64 is a usage error from the argument parser, not a crash.
    let out = makemore(&["sample", "--num", "18446744073709551616"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value"));
}
