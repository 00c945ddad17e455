//! Where `--out` and `--plot` write (issue 34): a regular file is replaced through a temporary
//! file that no planted symlink can redirect, keeping its mode, and refused when the user may not
//! write it (as an unprivileged user: as root the test drops privileges with `setpriv`); a symlink
//! to a file stays, its target replaced; a device or a FIFO is written directly, never replaced;
//! `-` is standard output, the report then on stderr. No output is written over a file the
//! command reads, nor over another output, however the paths reach it.

use std::fs;
use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::Path;
use std::process::{Command, Output};

use crate::common::{makemore, names_txt};

/// `makemore --input names.txt heatmap -o OUT`.
fn heatmap(out: &str) -> Output {
    makemore(&["--input", &names_txt(), "heatmap", "-o", out])
}

/// The heatmap of names.txt, as written to a regular file.
fn heatmap_bytes() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.svg");
    assert!(heatmap(path.to_str().unwrap()).status.success());
    fs::read(path).unwrap()
}

/// Expects exit status 1 and one line on stderr holding `needle`.
fn fails(out: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains(needle),
        "{stderr}"
    );
}

/// The names in a directory, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = (fs::read_dir(dir).unwrap())
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn a_full_device_is_a_one_line_error_and_stays_a_device() {
    fails(
        &heatmap("/dev/full"),
        "cannot write /dev/full: No space left on device",
    );
    assert!(
        fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn dev_null_is_written_and_stays_a_device() {
    let out = heatmap("/dev/null");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
}

#[test]
fn a_fifo_is_written_to_its_reader_and_stays_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    let out = heatmap(fifo.to_str().unwrap());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Checked before joining: had the FIFO been replaced, its reader would wait for ever.
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(reader.join().unwrap(), heatmap_bytes());
    assert_eq!(names_in(dir.path()), ["pipe"]);
}

#[test]
fn a_symlink_stays_and_its_target_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (target, link) = (dir.path().join("target.svg"), dir.path().join("link.svg"));
    fs::write(&target, "old").unwrap();
    std::os::unix::fs::symlink("target.svg", &link).unwrap();
    let out = heatmap(link.to_str().unwrap());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("target.svg"));
    assert_eq!(fs::read(&target).unwrap(), heatmap_bytes());
    assert_eq!(names_in(dir.path()), ["link.svg", "target.svg"]);
}

#[test]
fn a_file_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("private.svg");
    fs::write(&path, "old").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    assert!(heatmap(path.to_str().unwrap()).status.success());
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o7777,
        0o600
    );
    assert_eq!(fs::read(&path).unwrap(), heatmap_bytes());
}

/// The old temporary name, `<out>.<pid>.tmp`, planted as a symlink to another file for the next
/// few thousand PIDs: the run writes its own file and the other one is untouched. Tried until the
/// run's PID is among those planted (the machine's other processes take PIDs too).
#[test]
fn a_planted_symlink_at_a_temporary_name_cannot_redirect_the_write() {
    let dir = tempfile::tempdir().unwrap();
    let (public, secret) = (dir.path().join("pub"), dir.path().join("secret.txt"));
    fs::create_dir(&public).unwrap();
    fs::write(&secret, "secret").unwrap();
    let out = public.join("out2.svg");
    let mut planted = Vec::new();
    for _ in 0..5 {
        let last: u32 = (fs::read_to_string("/proc/sys/kernel/ns_last_pid").unwrap())
            .trim()
            .parse()
            .unwrap();
        for pid in last + 1..last + 3000 {
            let name = format!("out2.svg.{pid}.tmp");
            if !planted.contains(&name) {
                std::os::unix::fs::symlink(&secret, public.join(&name)).unwrap();
                planted.push(name);
            }
        }
        let child = Command::new(env!("CARGO_BIN_EXE_makemore"))
            .args(["--input", &names_txt(), "heatmap", "-o"])
            .arg(&out)
            .output_with_pid();
        assert!(child.1.status.success());
        if planted.contains(&format!("out2.svg.{}.tmp", child.0)) {
            let secret_now = fs::read_to_string(&secret).unwrap();
            assert!(secret_now == "secret", "the other file was overwritten");
            assert!(fs::read(&out).unwrap() == heatmap_bytes());
            let mut expected = planted.clone();
            expected.push("out2.svg".into());
            expected.sort();
            assert_eq!(names_in(&public), expected, "a temporary file is left");
            return;
        }
    }
    panic!("no run had a PID among those planted");
}

/// `Command::output` and the child's PID.
trait OutputWithPid {
    fn output_with_pid(&mut self) -> (u32, Output);
}

impl OutputWithPid for Command {
    fn output_with_pid(&mut self) -> (u32, Output) {
        let child = (self.stdout(std::process::Stdio::piped()))
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        (child.id(), child.wait_with_output().unwrap())
    }
}

/// A `chmod 444` file of the user's own is refused and left as it was, in a folder the user may
/// write. As root (CI) the run drops to uid and gid 65534 with `setpriv`, with a copy of the
/// binary and the data where that user can read them.
#[test]
fn a_read_only_file_is_refused_for_an_unprivileged_user() {
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let (bin, input, work) = (
        dir.path().join("makemore"),
        dir.path().join("names.txt"),
        dir.path().join("work"),
    );
    fs::copy(env!("CARGO_BIN_EXE_makemore"), &bin).unwrap();
    fs::write(&input, "emma\nava\n").unwrap();
    fs::create_dir(&work).unwrap();
    let path = work.join("ro.svg");
    fs::write(&path, "keep").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let root = unsafe { libc::geteuid() } == 0;
    let mut command = if root {
        for p in [&work, &path] {
            std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
        }
        let mut setpriv = Command::new("setpriv");
        setpriv.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        setpriv.arg(&bin);
        setpriv
    } else {
        Command::new(&bin)
    };
    let out = command
        .arg("--input")
        .arg(&input)
        .args(["heatmap", "-o"])
        .arg(&path)
        .output()
        .unwrap();
    fails(
        &out,
        &format!("cannot write {}: Permission denied", path.display()),
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "keep");
    assert_eq!(names_in(&work), ["ro.svg"]);
}

#[test]
fn a_dash_is_standard_output_and_the_report_goes_to_stderr() {
    let (dir, names) = (tempfile::tempdir().unwrap(), names_txt());
    let run = |args: &[&str]| {
        let all = [&["--input", names.as_str()], args].concat();
        let out = crate::common::makemore_in(dir.path(), &all);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(names_in(dir.path()).is_empty(), "a file named -");
        (out.stdout, String::from_utf8(out.stderr).unwrap())
    };
    let (svg, report) = run(&["heatmap", "-o", "-"]);
    assert_eq!(svg, heatmap_bytes());
    assert_eq!(report, format!("wrote - (counts, {} bytes)\n", svg.len()));
    let (svg, report) = run(&["--json", "heatmap", "-o", "-"]);
    assert_eq!(svg, heatmap_bytes());
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["path"], "-");

    let (model, report) = run(&["train", "--steps", "1", "-o", "-"]);
    let model: serde_json::Value = serde_json::from_slice(&model).unwrap();
    assert_eq!(model["format"], "makemore-nn");
    assert!(report.contains("final loss") && report.ends_with("wrote         -\n"));
    let (plot, report) = run(&["train", "--steps", "2", "--plot", "-"]);
    assert!(plot.starts_with(b"<svg") && plot.ends_with(b"</svg>\n"));
    assert!(report.contains("final loss"));

    // A reader that stopped reading (`| head`) is not an error, as for `sample`.
    let mut child = Command::new(env!("CARGO_BIN_EXE_makemore"))
        .args(["--input", &names, "heatmap", "-o", "-"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
}

#[test]
fn one_path_for_out_and_plot_is_an_error_before_training() {
    let dir = tempfile::tempdir().unwrap();
    let same = dir.path().join("same.json");
    let spelled = dir.path().join("sub/../same.json");
    fs::create_dir(dir.path().join("sub")).unwrap();
    for (out, plot) in [(&same, &same), (&same, &spelled)] {
        let out = makemore(&[
            "--input",
            &names_txt(),
            "train",
            "-o",
            out.to_str().unwrap(),
            "--plot",
            plot.to_str().unwrap(),
        ]);
        fails(&out, "the same file as --out");
        assert!(!same.exists());
    }
    fails(
        &makemore(&["--input", &names_txt(), "train", "-o", "-", "--plot", "-"]),
        "invalid --plot = -: the same file as --out -",
    );
}

#[test]
fn an_output_over_a_file_the_command_reads_is_refused_however_it_is_reached() {
    let dir = tempfile::tempdir().unwrap();
    let (data, names) = (dir.path().join("data.txt"), fs::read(names_txt()).unwrap());
    fs::write(&data, &names).unwrap();
    std::os::unix::fs::symlink(&data, dir.path().join("link.txt")).unwrap();
    fs::hard_link(&data, dir.path().join("hard.txt")).unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    let data_arg = data.to_str().unwrap();
    for (command, flag, path) in [
        ("heatmap", "--out", "link.txt"),
        ("count", "--save-model", "hard.txt"),
        ("train", "--plot", "sub/../data.txt"),
    ] {
        let out = dir.path().join(path);
        let out = makemore(&["--input", data_arg, command, flag, out.to_str().unwrap()]);
        fails(
            &out,
            &format!("the same file as --input {data_arg}, which this command reads"),
        );
        assert_eq!(fs::read(&data).unwrap(), names, "{command} {flag} {path}");
    }
}
