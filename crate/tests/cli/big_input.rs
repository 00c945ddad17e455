//! Big inputs in bounded memory: `makemore count` streams a 100 MB file (names.txt repeated 460
//! times) and its peak memory, measured by the kernel for that one child process, stays under
//! 64 MiB and no more than a few MiB above counting names.txt once.
//!
//! The measurement runs in a process of its own: the peak that wait4 reports for a child also
//! counts the peak of the process that started it (posix_spawn shares the parent's memory until
//! exec), so the test re-runs this test binary for itself alone, where no other test allocates.

use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};

use crate::common::names_txt;

const REPEAT: usize = 460;

/// Set in the process that runs the measurement alone.
const ALONE: &str = "MAKEMORE_BIG_INPUT_ALONE";

/// Runs the binary and returns its exit code, stdout and peak resident memory in KiB.
#[allow(clippy::zombie_processes)] // reaped by wait4, which Child does not know of
fn run_measured(args: &[&str]) -> (i32, String, i64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_makemore"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain data, zeroed is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as libc::pid_t, "wait4 failed");
    assert!(libc::WIFEXITED(status));
    (libc::WEXITSTATUS(status), stdout, usage.ru_maxrss)
}

/// The top bigrams and their counts from `count --json`.
fn top(stdout: &str) -> Vec<(String, u64)> {
    let doc: serde_json::Value = serde_json::from_str(stdout).unwrap();
    doc.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["bigram"].as_str().unwrap().into(),
                e["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn counting_100_mb_streams_in_bounded_memory() {
    if std::env::var_os(ALONE).is_some() {
        return measure();
    }
    // This test's name as the test binary knows it: its path without the crate's name.
    let module = module_path!().split_once("::").unwrap().1;
    let name = format!("{module}::counting_100_mb_streams_in_bounded_memory");
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", &name, "--test-threads", "1", "--nocapture"])
        .env(ALONE, "1")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("test result: ok. 1 passed"), "{stdout}");
    eprint!("{stderr}");
}

/// Writes the 100 MB file and measures counting it against counting names.txt.
fn measure() {
    let names = std::fs::read(names_txt()).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let big = scratch.path().join("big.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
    for _ in 0..REPEAT {
        file.write_all(&names).unwrap();
        file.write_all(b"\n").unwrap();
    }
    file.flush().unwrap();
    drop(file);
    let size = std::fs::metadata(&big).unwrap().len();
    assert!(size > 100_000_000, "{size} bytes");

    let names = names_txt();
    let (code, once, rss_once) =
        run_measured(&["--input", &names, "--json", "count", "--top", "3"]);
    assert_eq!(code, 0);
    // The lecture's top three: n. 6763, a. 6640, an 5438.
    let expected = [("n.", 6763), ("a.", 6640), ("an", 5438)];
    let once = top(&once);
    assert_eq!(once, expected.map(|(b, n)| (b.to_string(), n)));

    let big_path = big.to_str().unwrap();
    let (code, many, rss_big) =
        run_measured(&["--input", big_path, "--json", "count", "--top", "3"]);
    assert_eq!(code, 0);
    let scaled = expected.map(|(b, n)| (b.to_string(), n * REPEAT as u64));
    assert_eq!(top(&many), scaled);

    eprintln!("peak memory: names.txt {rss_once} KiB, {size} bytes {rss_big} KiB");
    assert!(rss_big < 64 * 1024, "peak {rss_big} KiB for {size} bytes");
    assert!(
        rss_big < rss_once + 8 * 1024,
        "memory grew with the file: {rss_once} KiB -> {rss_big} KiB"
    );
}

/// A text of `lines` names of 3 to 9 of 3,001 distinct characters (CJK ideographs, each one at
/// least once), drawn by a fixed linear congruential generator.
fn many_characters(lines: usize) -> String {
    let chars: Vec<char> = (0x4e00..0x4e00 + 3000).filter_map(char::from_u32).collect();
    let mut state = 1u64;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let mut text: String = chars.iter().collect(); // every character once, one long line
    for _ in 0..lines {
        text.push('\n');
        for _ in 0..3 + next(7) {
            text.push(chars[next(3000) as usize]);
        }
    }
    text + "\n"
}

/// Under an address-space limit (`ulimit -v`, 600 MB), every command at K = 5 on a text of
/// 3,001 distinct characters succeeds: the counts, Kneser-Ney's orders and the models hold the
/// n-grams seen, not a row of 3,001 numbers per context (before, the counts of 17,000 names
/// needed 1 GB and Kneser-Ney's rows for 1,500 names 1.7 GB, and were refused). `train` refuses
/// a table net of V^5 rows by its own rule, in one line.
#[test]
fn counted_models_of_many_characters_fit_in_600_mb() {
    use std::os::unix::process::CommandExt as _;
    const LIMIT: u64 = 600 << 20;
    let scratch = tempfile::tempdir().unwrap();
    for lines in [17_000, 1_500] {
        let path = scratch.path().join(format!("{lines}.txt"));
        std::fs::write(&path, many_characters(lines)).unwrap();
        let input = path.to_str().unwrap();
        for args in [
            "stats -k 5",
            "stats -k 5 --smoothing kn",
            "count -k 5 --smoothing kn",
            "eval -k 5",
            "eval -k 5 --smoothing kn",
            "sample -k 5 -n 3 --smoothing kn",
            "train -k 5 --steps 1",
        ] {
            let mut command = Command::new(env!("CARGO_BIN_EXE_makemore"));
            command.args(["--input", input]).args(args.split(' '));
            // SAFETY: only setrlimit, async-signal-safe, between fork and exec.
            unsafe {
                command.pre_exec(|| {
                    let limit = libc::rlimit {
                        rlim_cur: LIMIT,
                        rlim_max: LIMIT,
                    };
                    match libc::setrlimit(libc::RLIMIT_AS, &limit) {
                        0 => Ok(()),
                        _ => Err(std::io::Error::last_os_error()),
                    }
                });
            }
            let out = command.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code();
            match args.starts_with("train") {
                false => assert_eq!(code, Some(0), "{lines} names, {args}: {stderr}"),
                true => {
                    assert_eq!(code, Some(1), "{args}: {stderr}");
                    assert_eq!(stderr.lines().count(), 1, "{args}: {stderr}");
                }
            }
        }
    }
}
