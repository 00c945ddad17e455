//! `--smoothing kn` (modified Kneser-Ney) and `--smoothing kn --discount D` in `eval`, `sample`,
//! `count` and `stats`, and `eval --split-method lectures`. The headline number, the dev NLL 1.9836
//! at K = 5 with D = 0.9 on the lectures' split, is plain Python's
//! (`tests/kneser_ney_reference.py`); the others are the library's Kneser-Ney model, which its own
//! tests check against NLTK and plain Python.

use makemore::counting::kneser_ney;
use makemore::data::LECTURES_SPLIT_SEED;
use makemore::{
    counting::{Counts, Model, Smoothing, loss, sample},
    data::Dataset,
    vocab::Vocab,
};

use crate::common::{json, names_txt};

fn names() -> Dataset {
    Dataset::load(names_txt()).unwrap()
}

fn mean(doc: &serde_json::Value) -> f64 {
    doc["mean"].as_f64().unwrap()
}

#[test]
fn eval_on_the_lectures_dev_part_gives_plain_pythons_nll() {
    let doc = json(&[
        "eval",
        "--context",
        "5",
        "--smoothing",
        "kn",
        "--discount",
        "0.9",
        "--split",
        "val",
        "--split-method",
        "lectures",
    ]);
    assert!((mean(&doc) - 1.9836).abs() < 5e-5, "{doc}");
    assert_eq!(doc["items"], 3203);
    assert_eq!(doc["split_method"], "lectures");
    assert_eq!(doc["split_seed"], 42);
}

#[test]
fn eval_on_the_lectures_test_part_fits_modified_kn_on_its_train_part() {
    let doc = json(&[
        "eval",
        "-k",
        "5",
        "--smoothing",
        "kn",
        "--split",
        "test",
        "--split-method",
        "lectures",
    ]);
    let words = names();
    let split = words.split_lectures(LECTURES_SPLIT_SEED).unwrap();
    let vocab = Vocab::from_dataset(&words);
    let counts = Counts::from_items(vocab, 5, split.train.items()).unwrap();
    let model = Model::from_counts(&counts, Smoothing::ModifiedKneserNey).unwrap();
    let want = loss::evaluate(&model, split.test.items()).unwrap();
    assert_eq!(doc["items"], 3204);
    assert_eq!(doc["count"], want.count);
    assert!(
        (mean(&doc) - want.mean).abs() < 1e-12,
        "{doc} vs {}",
        want.mean
    );
    // Modified Kneser-Ney does better than add-one on names it has not seen.
    let add_one = json(&[
        "eval",
        "-k",
        "5",
        "--split",
        "test",
        "--split-method",
        "lectures",
    ]);
    assert!(mean(&doc) < mean(&add_one) - 0.3, "{doc} vs {add_one}");
}

#[test]
fn eval_on_a_file_with_kn_scores_it_under_the_data_sets_model() {
    let scratch = tempfile::tempdir().unwrap();
    let dev = scratch.path().join("dev.txt");
    let items = ["emma", "zyxqj", "andrej", "q"];
    std::fs::write(&dev, items.join("\n")).unwrap();
    let counts = Counts::from_dataset(&names(), 3).unwrap();
    for (flags, discount) in [
        (&["--smoothing", "kn"][..], Smoothing::ModifiedKneserNey),
        (
            &["--smoothing", "kn", "--discount", "0.75"],
            Smoothing::KneserNey(0.75),
        ),
    ] {
        let mut args = vec!["eval", "-k", "3", "--on", dev.to_str().unwrap()];
        args.extend_from_slice(flags);
        let doc = json(&args);
        let model = Model::from_counts(&counts, discount).unwrap();
        let want = loss::evaluate(&model, items).unwrap();
        assert_eq!(doc["items"], 4);
        assert!(
            (mean(&doc) - want.mean).abs() < 1e-12,
            "{doc} vs {}",
            want.mean
        );
        assert!(mean(&doc).is_finite());
    }
}

#[test]
fn sample_with_kn_draws_the_librarys_names() {
    for (flags, discount) in [
        (&["--smoothing", "kn"][..], Smoothing::ModifiedKneserNey),
        (
            &["--smoothing", "kn", "--discount", "0.9"],
            Smoothing::KneserNey(0.9),
        ),
    ] {
        let mut args = vec!["sample", "-k", "4", "--num", "20", "--seed", "7"];
        args.extend_from_slice(flags);
        let doc = json(&args);
        let counts = Counts::from_dataset(&names(), 4).unwrap();
        let model = Model::from_counts(&counts, discount).unwrap();
        let want = sample::sample_names(&model, &mut sample::seeded(7), 20, 30).unwrap();
        assert_eq!(doc["names"], serde_json::json!(want), "{flags:?}");
    }
}

#[test]
fn stats_shows_the_discounts_of_every_context_length() {
    let doc = json(&["stats", "--context", "5", "--smoothing", "kn"]);
    let counts = Counts::from_dataset(&names(), 5).unwrap();
    let want = kneser_ney::discounts(&counts, Smoothing::ModifiedKneserNey).unwrap();
    assert_eq!(doc["smoothing"], "kn");
    // serde_json's parser may round the last bit of a float (no "float_roundtrip").
    let got: Vec<[f64; 3]> = serde_json::from_value(doc["discounts"].clone()).unwrap();
    assert_eq!(got.len(), 6);
    for (got, want) in got.iter().flatten().zip(want.iter().flatten()) {
        assert!((got - want).abs() < 1e-15, "{got} vs {want}");
    }
    assert_eq!(got[0], kneser_ney::FALLBACK);
    let fixed = json(&["stats", "-k", "2", "--smoothing", "kn", "--discount", "0.8"]);
    assert_eq!(fixed["smoothing"], "kn, discount 0.8");
    assert_eq!(fixed["discounts"], serde_json::json!(vec![[0.8; 3]; 3]));
    // Without --smoothing the report is as it always was.
    assert!(json(&["stats", "-k", "5"]).get("discounts").is_none());
}

#[test]
fn count_shows_each_ngrams_probability_under_the_smoothing() {
    let counts = Counts::from_dataset(&names(), 2).unwrap();
    let vocab = counts.vocab().clone();
    for (smoothing, model) in [
        (
            "kn",
            Model::from_counts(&counts, Smoothing::ModifiedKneserNey).unwrap(),
        ),
        ("0.5", Model::from_counts(&counts, 0.5).unwrap()),
    ] {
        let doc = json(&["count", "-k", "2", "--top", "5", "--smoothing", smoothing]);
        for entry in doc.as_array().unwrap() {
            let ix: Vec<u64> = entry["ngram"]
                .as_str()
                .unwrap()
                .chars()
                .map(|c| vocab.stoi(c).unwrap() as u64)
                .collect();
            let context = ix[0] * vocab.len() as u64 + ix[1];
            let want = model.row(context).unwrap()[ix[2] as usize];
            // JSON holds the f32's shortest decimal: read back as f32, it is the same number.
            assert_eq!(entry["prob"].as_f64().unwrap() as f32, want, "{entry}");
        }
    }
}
