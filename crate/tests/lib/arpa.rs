//! ARPA files (`makemore::counting::arpa`): a model read back gives every dev example its
//! probability, and KenLM's `kenlm` module scores our files as we do (and we read `lmplz`'s as it
//! does).

use std::process::{Command, Stdio};

use makemore::counting::arpa::{load, read, save, write};
use makemore::counting::{Counts, Model, Smoothing, loss};
use makemore::data::Dataset;
use makemore::vocab::Vocab;

const SMOOTHINGS: [Smoothing; 4] = [
    Smoothing::AddK(1.0),
    Smoothing::AddK(0.0),
    Smoothing::KneserNey(0.9),
    Smoothing::ModifiedKneserNey,
];

/// The lectures' names, split (train, dev) with the crate's seeded split.
fn split() -> (Vocab, Vec<String>, Vec<String>) {
    let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"));
    let words = words.unwrap();
    let split = words.split(42).unwrap();
    let vocab = Vocab::from_dataset(&words);
    (
        vocab,
        split.train.items().to_vec(),
        split.val.items().to_vec(),
    )
}

/// The log10 probability of every example of `items` under `model`, in order.
fn log10s(model: &Model, items: &[String]) -> Vec<f64> {
    let scores = items
        .iter()
        .flat_map(|item| loss::breakdown(model, item).unwrap());
    scores.map(|s| f64::from(s.prob).log10()).collect()
}

/// Every K from 1 to 5 and every kind of smoothing, fitted on the training names.
fn models() -> impl Iterator<Item = (usize, Smoothing, Model)> {
    let (vocab, train, _) = split();
    (1..=5).flat_map(move |k| {
        let counts = Counts::from_items(vocab.clone(), k, &train).unwrap();
        SMOOTHINGS.map(|s| (k, s, Model::from_counts(&counts, s).unwrap()))
    })
}

#[test]
fn a_model_read_back_gives_every_dev_example_its_probability() {
    let (_, _, dev) = split();
    let mut worst = 0.0f64;
    for (k, smoothing, model) in models() {
        let mut file = Vec::new();
        write(&model, &mut file).unwrap();
        let back = read(&file[..], "model.arpa", '.').unwrap();
        assert_eq!((back.vocab(), back.context_len()), (model.vocab(), k));
        for (ours, read) in log10s(&model, &dev).into_iter().zip(log10s(&back, &dev)) {
            if ours != read {
                worst = worst.max((ours - read).abs());
            }
            // The same f32, or the next one (2.6e-8 in log10).
            assert!(
                ours == read || (ours - read).abs() < 1e-7,
                "K = {k}, {smoothing}"
            );
        }
    }
    eprintln!("largest |log10 p written - log10 p read| = {worst:e}");
}

/// KenLM's `kenlm` module (crate/tests/kenlm_reference.py, run by the Python named by
/// `MAKEMORE_NLTK_PYTHON`) scores every dev example on our files as we do, to its f32
/// precision, for K = 1..5, add-k (k = 1, and k = 0 whose unseen n-grams both call
/// impossible) and both Kneser-Ney kinds; and we read a file KenLM's `lmplz` wrote
/// (crate/tests/data/lmplz-names-3.arpa, `lmplz -o 3 --discount_fallback` on names.txt) as
/// KenLM scores it.
#[test]
fn kenlm_scores_our_files_as_we_do_and_we_read_lmplz_as_kenlm_does() {
    let Some(python) = crate::python::reference_python("kenlm") else {
        return;
    };
    let (_, _, dev) = split();
    let dir = tempfile::tempdir().unwrap();
    let (mut specs, mut ours, mut names) = (Vec::new(), Vec::new(), Vec::new());
    for (k, smoothing, model) in models() {
        let path = dir.path().join(format!("{k}-{smoothing}.arpa"));
        save(&model, &path).unwrap();
        specs.push(serde_json::json!({"path": path, "k": k}));
        ours.push(log10s(&model, &dev));
        names.push(format!("K = {k}, smoothing {smoothing}"));
    }
    let lmplz = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/lmplz-names-3.arpa");
    specs.push(serde_json::json!({"path": lmplz, "k": 2}));
    ours.push(log10s(&load(lmplz, '.').unwrap(), &dev));
    names.push("lmplz's K = 2".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/kenlm_reference.py");
    let mut child = Command::new(&python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python} {script}: {e}"));
    let request = serde_json::json!({"models": specs, "items": dev});
    serde_json::to_writer(child.stdin.take().unwrap(), &request).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{python} {script} failed");
    let reply: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let theirs: Vec<Vec<f64>> = serde_json::from_value(reply["scores"].clone()).unwrap();
    assert_eq!(theirs.len(), ours.len());
    let (mut worst, mut impossible) = (0.0f64, 0);
    for ((ours, theirs), name) in ours.iter().zip(&theirs).zip(&names) {
        assert_eq!(ours.len(), theirs.len(), "{name}");
        for (i, (&a, &b)) in ours.iter().zip(theirs).enumerate() {
            if a == f64::NEG_INFINITY {
                impossible += 1;
                assert!(b < -90.0, "{name}, example {i}: KenLM gives {b}");
                continue;
            }
            worst = worst.max((a - b).abs());
            assert!(
                (a - b).abs() < 1e-5,
                "{name}, example {i}: {a} vs KenLM's {b}"
            );
        }
    }
    eprintln!(
        "{} models x {} examples: largest |ours - KenLM| = {worst:e} (log10); {impossible} \
         impossible under add-0 for both",
        ours.len(),
        ours[0].len()
    );
    assert!(impossible > 100, "{impossible}");
}
