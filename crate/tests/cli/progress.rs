//! `train`'s progress bar: on a terminal (a pseudo-terminal made by util-linux's `script`) it
//! shows at once, before the data is read, and is cleared at the end; piped, stderr stays empty.

use std::process::Command;

use crate::common::{makemore, names_txt};

#[test]
fn the_progress_bar_shows_on_a_terminal_only() {
    let names = names_txt();
    let args = ["--input", names.as_str(), "--json", "train", "--steps", "3"];
    let piped = makemore(&args);
    assert!(piped.status.success());
    assert!(
        piped.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );

    let line = std::iter::once(env!("CARGO_BIN_EXE_makemore"))
        .chain(args)
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    // script runs the line on a pseudo-terminal and copies what it shows to its stdout.
    let Ok(out) = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .output()
    else {
        eprintln!("skipped: no `script` (util-linux) to make a pseudo-terminal");
        return;
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("step 0/3  reading the data"), "{shown:?}");
    // Cleared at the end: the last thing erased is the bar, then the report starts a line.
    let (bar, report) = shown.rsplit_once("\x1b[2K").expect("the bar is erased");
    assert!(bar.contains("train "), "{shown:?}");
    let report = report.trim_start_matches('\r').replace("\r\n", "\n");
    assert_eq!(report.as_bytes(), &piped.stdout[..]);
}
