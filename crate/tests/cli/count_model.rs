//! The count model's commands (`stats`, `count`, `sample`, `eval`) on data/names.txt, and a bad
//! flag.
//!
//! The expected numbers for names.txt are the lecture's (32033 names, lengths 2..15, 27 characters,
//! 228146 bigrams, "n." 6763 times) and were also checked with a few lines of plain Python.

use crate::common::{json, json_line, makemore, names_txt};

#[test]
fn stats_on_names_txt() {
    let doc = json(&["stats"]);
    assert_eq!(doc["items"], 32033);
    assert_eq!(doc["shortest"], 2);
    assert_eq!(doc["longest"], 15);
    assert_eq!(doc["vocab_size"], 27);
    assert_eq!(doc["vocab"], ".abcdefghijklmnopqrstuvwxyz");
    assert_eq!(doc["bigrams"], 228146);
}

#[test]
fn stats_as_text() {
    let input = names_txt();
    let out = makemore(&["--input", &input, "stats"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("items       32033\n"), "{text}");
    assert!(text.contains("bigrams     228146\n"), "{text}");
}

#[test]
fn count_top_bigrams() {
    let doc = json(&["count", "--top", "3"]);
    let top: Vec<(String, u64)> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["bigram"].as_str().unwrap().to_string(),
                e["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        top,
        [
            ("n.".to_string(), 6763),
            ("a.".to_string(), 6640),
            ("an".to_string(), 5438)
        ]
    );
}

#[test]
fn sample_is_seeded_and_names_end_with_the_token() {
    let a = json(&["sample", "--num", "20", "--seed", "2147483647"]);
    let b = json(&["sample", "--num", "20", "--seed", "2147483647"]);
    let c = json(&["sample", "--num", "20", "--seed", "1"]);
    assert_eq!(a, b);
    assert_ne!(a, c);
    let names = a["names"].as_array().unwrap();
    assert_eq!(names.len(), 20);
    for name in names {
        let name = name.as_str().unwrap();
        assert!(name.ends_with('.') && name.len() >= 2, "{name}");
        assert!(
            name[..name.len() - 1]
                .chars()
                .all(|c| c.is_ascii_lowercase()),
            "{name}"
        );
    }
}

#[test]
fn eval_matches_an_independent_computation() {
    // Plain Python (f64 throughout) gives 2.4540145 without smoothing and 2.4545768 with +1.
    let raw = json(&["eval", "--smoothing", "0"]);
    assert_eq!(raw["count"], 228146);
    assert!((raw["mean"].as_f64().unwrap() - 2.4540145).abs() < 1e-5);
    let smoothed = json(&["eval"]);
    assert!((smoothed["mean"].as_f64().unwrap() - 2.4545768).abs() < 1e-5);
}

#[test]
fn eval_items_gives_a_breakdown_and_infinity_for_an_impossible_bigram() {
    let doc = json(&["eval", "--smoothing", "0", "andrejq"]);
    let bigrams = doc["items"][0]["bigrams"].as_array().unwrap();
    assert_eq!(bigrams.len(), 8);
    assert_eq!(bigrams[6]["bigram"], serde_json::json!(["j", "q"]));
    assert_eq!(bigrams[6]["prob"], 0.0);
    // JSON has no infinity: serde_json writes it as null.
    assert!(doc["total"]["nll"].is_null());
    let smoothed = json(&["eval", "andrejq"]);
    assert!(smoothed["total"]["nll"].as_f64().unwrap().is_finite());
}

#[test]
fn bad_flags_are_usage_errors() {
    let out = makemore(&["sample", "--num", "lots"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'lots'"));
}

#[test]
fn the_torch_generator_samples_the_videos_names() {
    // The names the lecture's video samples from the count model with
    // torch.Generator().manual_seed(2147483647).
    for smoothing in ["0", "1"] {
        let doc = json_line(&format!(
            "sample --rng torch --seed 2147483647 --num 5 --smoothing {smoothing}"
        ));
        assert_eq!(
            doc["names"],
            serde_json::json!([
                "mor.",
                "axx.",
                "minaymoryles.",
                "kondlaisah.",
                "anchshizarie."
            ])
        );
    }
}
