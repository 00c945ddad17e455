//! Data with dots under another start/end token (`--boundary '#'`): `stats`, `count`, `sample`,
//! `eval` and `train` with a model file; and the short flags `-n`, `-k` and `-o`. The expected
//! numbers are worked out by hand in the comments.

use serde_json::Value;

use crate::common::{fails_with, json_on, makemore, names_txt, succeeds};

/// A scratch directory with `sites.txt` (three domain names) and `one.txt` ("a.b").
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sites.txt"), "a.io\nb.io\na.ai\n").unwrap();
    std::fs::write(dir.path().join("one.txt"), "a.b\n").unwrap();
    dir
}

#[test]
fn stats_and_count_read_dots_under_another_token() {
    let dir = scratch();
    let sites = dir.path().join("sites.txt");
    let stats = json_on(&sites, &["--boundary", "#", "stats"]);
    assert_eq!(stats["vocab"], "#.abio");
    assert_eq!(
        (stats["items"].as_u64(), stats["bigrams"].as_u64()),
        (Some(3), Some(15))
    );
    // #a a. .i io o#, #b b. .i io o#, #a a. .a ai i#: these five twice, by context then next.
    let top = json_on(&sites, &["--boundary", "#", "count", "--top", "5"]);
    let top: Vec<(&str, u64)> = top
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["bigram"].as_str().unwrap(), e["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(top, [("#a", 2), (".i", 2), ("a.", 2), ("io", 2), ("o#", 2)]);
    // Without --boundary the dots are refused, with the flag to use.
    let input = sites.to_str().unwrap();
    fails_with(
        &["--input", input, "count"],
        ":1:2: '.' is the reserved start/end token and cannot appear inside an item; choose \
         another start/end token with --boundary",
    );
}

#[test]
fn sample_and_eval_end_names_with_the_token() {
    let dir = scratch();
    let one = dir.path().join("one.txt");
    // Without smoothing "a.b" is the only name there is.
    let doc = json_on(
        &one,
        &["--boundary", "#", "sample", "-n", "3", "--smoothing", "0"],
    );
    assert_eq!(doc["names"], serde_json::json!(["a.b#", "a.b#", "a.b#"]));
    let doc = json_on(
        &one,
        &["--boundary", "#", "sample", "-k", "3", "--smoothing", "0"],
    );
    assert_eq!(doc["names"].as_array().unwrap().len(), 10);
    // #a a. .b b#, each alone in its row: with +1 smoothing over V = 4, (1 + 1) / (1 + 4) = 0.4.
    let doc = json_on(&one, &["--boundary", "#", "eval"]);
    assert_eq!(doc["count"], 4);
    assert!(
        (doc["mean"].as_f64().unwrap() + 0.4f64.ln()).abs() < 1e-6,
        "{doc}"
    );
    let doc = json_on(&one, &["--boundary", "#", "eval", "b.a"]);
    let bigrams = &doc["items"][0]["bigrams"];
    assert_eq!(bigrams[0]["bigram"], serde_json::json!(["#", "b"]));
    assert_eq!(bigrams[3]["bigram"], serde_json::json!(["a", "#"]));
}

#[test]
fn train_writes_the_token_into_the_model_file() {
    let dir = scratch();
    let sites = dir.path().join("sites.txt");
    let model = dir.path().join("net.json");
    let model_str = model.to_str().unwrap();
    let doc = json_on(
        &sites,
        &[
            "--boundary",
            "#",
            "train",
            "--steps",
            "20",
            "--lr",
            "10",
            "-o",
            model_str,
        ],
    );
    // 3 items of 4 characters: 15 pairs; the loss falls.
    assert_eq!(doc["pairs"], 15);
    assert!(doc["final_loss"].as_f64() < doc["losses"][0].as_f64());
    let file: Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    assert_eq!(file["vocab"], "#.abio");
    // The file's token ends the names it samples; a --boundary given must be that one.
    let input = sites.to_str().unwrap();
    let asked = |token| {
        [
            "--input",
            input,
            "--boundary",
            token,
            "sample",
            "--model",
            model_str,
        ]
    };
    fails_with(
        &asked("|"),
        "its start/end token is '#', --boundary asks for '|'",
    );
    json_on(&sites, &asked("#")[2..]);
    let names = json_on(&sites, &["sample", "--model", model_str, "-n", "20"]);
    for name in names["names"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        assert!(
            name.ends_with('#')
                || name.chars().count() == makemore::counting::sample::DEFAULT_MAX_LEN,
            "{name}"
        );
        assert!(!name.trim_end_matches('#').contains('#'), "{name}");
    }
    // eval --model scores the data under the file's token...
    let scored = json_on(&sites, &["--boundary", "#", "eval", "--model", model_str]);
    assert_eq!(scored["count"], 15);
    assert!((scored["mean"].as_f64().unwrap() - doc["final_loss"].as_f64().unwrap()).abs() < 0.1);
    // ...and data read under another token has another vocabulary.
    let other = [
        "--input",
        input,
        "--boundary",
        "|",
        "eval",
        "--model",
        model_str,
    ];
    fails_with(&other, "invalid model file");
}

#[test]
fn a_boundary_is_one_visible_character() {
    let names = names_txt();
    let out = makemore(&["--input", &names, "--boundary", "##", "stats"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("invalid value '##' for '--boundary <CHAR>'"),
        "{stderr}"
    );
    // Whitespace, a control character, and those that show nothing of their own: a combining
    // accent, a zero-width space, a byte-order mark, a soft hyphen.
    for (token, shown) in [
        ("\t", "'\\t'"),
        ("\u{301}", "'\\u{301}'"),
        ("\u{200b}", "'\\u{200b}'"),
        ("\u{feff}", "'\\u{feff}'"),
        ("\u{ad}", "'\\u{ad}'"),
    ] {
        fails_with(
            &["--input", &names, "--boundary", token, "stats"],
            &format!("invalid start/end token = {shown}: must be a visible character"),
        );
    }
    for visible in ["#", "é", "→", "5"] {
        let out = makemore(&["--input", &names, "--boundary", visible, "stats"]);
        assert!(out.status.success(), "{visible}");
    }
}

#[test]
fn short_flags_are_the_long_ones() {
    let dir = tempfile::tempdir().unwrap();
    let names = names_txt();
    let run = |args: &[&str]| succeeds(&[&["--input", names.as_str(), "--json"], args].concat());
    assert_eq!(run(&["sample", "-n", "5"]), run(&["sample", "--num", "5"]));
    let names5: Value = serde_json::from_slice(&run(&["sample", "-n", "5"])).unwrap();
    assert_eq!(names5["names"].as_array().unwrap().len(), 5);
    for cmd in ["stats", "count", "eval"] {
        assert_eq!(
            run(&[cmd, "-k", "2"]),
            run(&[cmd, "--context", "2"]),
            "{cmd}"
        );
    }
    assert_eq!(
        run(&["sample", "-k", "2"]),
        run(&["sample", "--context", "2"])
    );
    let svg = dir.path().join("n.svg");
    let report: Value =
        serde_json::from_slice(&run(&["heatmap", "-o", svg.to_str().unwrap()])).unwrap();
    assert_eq!(report["path"], svg.to_str().unwrap());
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    let model = dir.path().join("m.json");
    run(&[
        "train",
        "--steps",
        "1",
        "-k",
        "2",
        "-o",
        model.to_str().unwrap(),
    ]);
    let file: Value = serde_json::from_slice(&std::fs::read(&model).unwrap()).unwrap();
    assert_eq!(file["context"], 2);
}
