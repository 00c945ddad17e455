//! Runs `makemore train`, `sample --model` and `eval --model` on data/names.txt and on bad input.

use crate::{
    common,
    common::{json, json_warned, makemore, names_txt, succeeds},
};

/// Runs with `--input names.txt` and expects exit status 1 with an error holding `needle`.
fn fails_with(args: &[&str], needle: &str) {
    let input = names_txt();
    let mut all = vec!["--input", &input];
    all.extend_from_slice(args);
    common::fails_with(&all, needle);
}

fn losses(doc: &serde_json::Value) -> Vec<f64> {
    doc["losses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_f64().unwrap())
        .collect()
}

#[test]
fn train_falls_every_step_and_ends_near_the_count_model() {
    let doc = json(&["train"]);
    assert_eq!(doc["pairs"], 228146);
    assert_eq!(doc["options"]["steps"], 100);
    assert_eq!(doc["options"]["lr"], 50.0);
    assert_eq!(doc["options"]["reg"], 0.01);
    assert_eq!(doc["options"]["method"], "counts");
    assert_eq!(doc["seed"], 2147483647u64);
    let losses = losses(&doc);
    assert_eq!(losses.len(), 100);
    assert!(losses.windows(2).all(|w| w[1] < w[0]), "{losses:?}");
    let last = doc["final_loss"].as_f64().unwrap();
    // The +1-smoothed count model's average NLL is 2.4546 (see count_model.rs).
    assert!((last - 2.4546).abs() < 0.05, "{last}");
    assert!((last - 2.49).abs() < 0.01, "{last}");
}

#[test]
fn train_from_the_lectures_w_starts_at_the_lectures_loss() {
    // The video's first full-batch loss from torch's W (seed 2147483647, reg 0.01) is 3.7686.
    let onehot = losses(&json(&[
        "train", "--init", "torch", "--steps", "5", "--method", "onehot",
    ]));
    assert!((onehot[0] - 3.7686).abs() < 6e-5, "{}", onehot[0]);
    // The counts-only method, an independent computation, follows the same path.
    let counts = losses(&json(&["train", "--init", "torch", "--steps", "5"]));
    for (a, b) in onehot.iter().zip(&counts) {
        assert!((a - b).abs() < 1e-5, "{a} vs {b}");
    }
}

#[test]
fn train_text_output_and_seeds() {
    let input = names_txt();
    let out = makemore(&["--input", &input, "train", "--steps", "3"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("steps         3\n"), "{text}");
    assert!(text.contains("final loss    "), "{text}");
    let a = json(&["train", "--steps", "2", "--seed", "1"]);
    let b = json(&["train", "--steps", "2", "--seed", "1"]);
    let c = json(&["train", "--steps", "2", "--seed", "2"]);
    assert_eq!(a, b);
    assert_ne!(losses(&a)[0], losses(&c)[0]);
}

#[test]
fn the_one_hot_method_gives_the_same_losses() {
    let onehot = json(&["train", "--steps", "5", "--method", "onehot"]);
    let counts = json(&["train", "--steps", "5", "--method", "counts"]);
    assert_eq!(onehot["options"]["method"], "onehot");
    for (a, b) in losses(&onehot).iter().zip(losses(&counts)) {
        assert!((a - b).abs() <= 1e-5, "{a} vs {b}");
    }
}

#[test]
fn a_saved_model_samples_and_evaluates() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    let model = dir.join("model.json");
    let model = model.to_str().unwrap();
    let plot = dir.join("loss.svg");
    let trained = json(&["train", "--out", model, "--plot", plot.to_str().unwrap()]);
    assert_eq!(trained["out"], model);
    let svg = std::fs::read_to_string(&plot).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("training loss"));

    let a = json(&["sample", "--model", model, "--num", "20", "--seed", "7"]);
    let b = json(&["sample", "--model", model, "--num", "20", "--seed", "7"]);
    assert_eq!(a, b);
    let names = a["names"].as_array().unwrap();
    assert_eq!(names.len(), 20);
    assert!(names.iter().all(|n| n.as_str().unwrap().ends_with('.')));
    // Not the count model's names, though close to them.
    let counted = json(&["sample", "--num", "20", "--seed", "7"]);
    assert_ne!(a, counted);

    // The whole data set: the net's NLL is close to the count model's 2.4546.
    let all = json(&["eval", "--model", model]);
    assert_eq!(all["count"], 228146);
    let mean = all["mean"].as_f64().unwrap();
    assert!((mean - 2.4546).abs() < 0.03, "{mean}");

    let mut total = 0;
    for part in ["train", "val", "test"] {
        let args = ["eval", "--model", model, "--split", part];
        // Trained on every name: scoring its val or test part is warned about.
        let doc = if part == "train" {
            json(&args)
        } else {
            json_warned(&args)
        };
        assert_eq!(doc["split"], part);
        assert_eq!(doc["split_seed"], 42);
        assert!((2.4..2.6).contains(&doc["mean"].as_f64().unwrap()), "{doc}");
        total += doc["count"].as_u64().unwrap();
    }
    assert_eq!(total, 228146);
    // A different split seed gives different parts.
    let other = json_warned(&[
        "eval",
        "--model",
        model,
        "--split",
        "val",
        "--split-seed",
        "1",
    ]);
    let val = json_warned(&["eval", "--model", model, "--split", "val"]);
    assert_ne!(other["count"], val["count"]);
    // Per-item breakdowns work with a model too.
    let emma = json(&["eval", "--model", model, "emma"]);
    assert_eq!(emma["items"][0]["bigrams"].as_array().unwrap().len(), 5);
}

#[test]
fn holdout_trains_on_the_training_part_and_its_file_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let (held, all) = (dir.path().join("held.json"), dir.path().join("all.json"));
    let (held, all) = (held.to_str().unwrap(), all.to_str().unwrap());
    let doc = json(&["train", "--holdout", "--steps", "2", "-o", held]);
    assert_eq!(doc["holdout_split_seed"], 42);
    let train_part = json(&["eval", "--split", "train", "--smoothing", "0"]);
    assert_eq!(doc["pairs"], train_part["count"]);
    assert!(doc["pairs"].as_u64().unwrap() < 228146);
    let file: serde_json::Value = serde_json::from_slice(&std::fs::read(held).unwrap()).unwrap();
    assert_eq!(
        file["holdout"],
        serde_json::json!({"split_method": "chacha", "split_seed": 42})
    );
    // Its own split's val part is unseen; another split's is not.
    json(&["eval", "--model", held, "--split", "val"]); // and stderr silent
    for other in [&["--split-seed", "7"], &["--split-method", "lectures"]] {
        let args = [&["eval", "--model", held, "--split", "val"][..], other].concat();
        fails_with(
            &args,
            "was trained on the training part of the chacha split with seed 42",
        );
    }
    // A net trained on every name, or a file from before the record: a warning, then the score.
    json(&["train", "--steps", "2", "-o", all]);
    json_warned(&["eval", "--model", all, "--split", "test"]);
}

#[test]
fn bad_settings_give_clear_errors_and_a_model_of_other_data_samples() {
    fails_with(
        &["train", "--lr", "0"],
        "invalid learning rate = 0: must be finite and > 0",
    );
    fails_with(&["train", "--lr", "-1"], "invalid learning rate = -1");
    fails_with(&["train", "--lr", "inf"], "invalid learning rate = inf");
    fails_with(
        &["train", "--steps", "0"],
        "invalid number of steps = 0: must be at least 1",
    );
    // NaN, reg, divergence and broken model files: bad_input.rs.

    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    // A model trained on other data has another vocabulary.
    let small = dir.join("small.txt");
    std::fs::write(&small, "abc\ncab\n").unwrap();
    let small_model = dir.join("small.json");
    let (small, small_model) = (small.to_str().unwrap(), small_model.to_str().unwrap());
    succeeds(&[
        "--input",
        small,
        "train",
        "--steps",
        "2",
        "--out",
        small_model,
    ]);
    // Sampling needs no data, so a model of any vocabulary samples.
    let names = names_txt();
    let out = succeeds(&[
        "--input",
        &names,
        "sample",
        "--model",
        small_model,
        "--num",
        "3",
    ]);
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.lines().all(|l| l.chars().all(|c| "abc.".contains(c))),
        "{text}"
    );
}

#[test]
fn bad_arguments_are_one_line_and_exit_status_1() {
    for (args, says) in [
        (
            &["eval", "--split", "val", "emma"][..],
            "cannot be used with",
        ),
        (
            &["eval", "--split", "validation"],
            "invalid value 'validation'",
        ),
        (&["train", "--method", "fast"], "invalid value 'fast'"),
        (&["train", "--split-seed", "3"], "not provided: --holdout"),
        (&["eval", "--split-seed", "3"], "not provided: --split"),
        (
            &["sample", "--frobnicate"],
            "unexpected argument '--frobnicate'",
        ),
        (&[], "no command given"),
    ] {
        let out = makemore(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(says),
            "{args:?}: {stderr}"
        );
    }
    // --help and --version are not errors.
    for flag in ["--help", "--version"] {
        assert!(makemore(&[flag]).status.success());
    }
}
