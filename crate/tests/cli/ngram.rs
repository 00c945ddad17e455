//! The count model's commands with `--context K` (`stats`, `count`, `sample`, `eval`, `eval --on`,
//! `heatmap --given`) on data/names.txt, checked against n-gram counts made here in a `HashMap`
//! of context strings, with no help from the crate (except for `sample`, checked against the
//! library's own n-gram sampling, which tests/lib checks against such a reference).

use std::collections::HashMap;

use makemore::counting::{Model, sample};
use makemore::{data::Dataset, rng::TorchGenerator};

use crate::common::{json, makemore, names_txt};

/// The n-gram counts of some items with K characters of context: K dots, then each character
/// and the closing '.' is one example (makemore part 2's convention).
pub struct Reference {
    pub k: usize,
    pub counts: HashMap<String, HashMap<char, u64>>,
}

impl Reference {
    pub fn of(items: &[String], k: usize) -> Reference {
        let mut counts: HashMap<String, HashMap<char, u64>> = HashMap::new();
        for item in items {
            let mut context = vec!['.'; k];
            for ch in item.chars().chain(['.']) {
                let key: String = context.iter().collect();
                *counts.entry(key).or_default().entry(ch).or_default() += 1;
                context.remove(0);
                context.push(ch);
            }
        }
        Reference { k, counts }
    }

    pub fn of_names_txt(k: usize) -> Reference {
        Reference::of(&names(), k)
    }

    /// `(N[context][next] + s) / (rowsum + 27 s)`, in f64; a context never seen is uniform.
    pub fn prob(&self, context: &str, next: char, s: f64) -> f64 {
        match self.counts.get(context) {
            Some(row) => {
                let n = *row.get(&next).unwrap_or(&0) as f64;
                (n + s) / (row.values().sum::<u64>() as f64 + 27.0 * s)
            }
            None => 1.0 / 27.0,
        }
    }

    /// The log-likelihood of some items and their number of examples.
    pub fn log_likelihood(&self, items: &[String], s: f64) -> (f64, usize) {
        let (mut ll, mut n) = (0.0, 0);
        for item in items {
            let mut context = vec!['.'; self.k];
            for ch in item.chars().chain(['.']) {
                ll += self.prob(&context.iter().collect::<String>(), ch, s).ln();
                n += 1;
                context.remove(0);
                context.push(ch);
            }
        }
        (ll, n)
    }
}

pub fn names() -> Vec<String> {
    let text = std::fs::read_to_string(names_txt()).unwrap();
    text.lines().map(String::from).collect()
}

fn mean(doc: &serde_json::Value) -> f64 {
    doc["mean"].as_f64().unwrap()
}

#[test]
fn eval_context_2_is_the_trigram() {
    let reference = Reference::of_names_txt(2);
    let words = names();
    for (s, printed) in [(1.0, 2.2126), (0.0, 2.1857)] {
        let doc = json(&["eval", "--context", "2", "--smoothing", &s.to_string()]);
        assert_eq!(doc["context"], 2);
        assert_eq!(doc["count"], 228146);
        let (ll, n) = reference.log_likelihood(&words, s);
        assert!((mean(&doc) - -ll / n as f64).abs() < 1e-6, "{doc}");
        assert!((mean(&doc) - printed).abs() < 5e-5, "{doc}");
    }
    let out = makemore(&["--input", &names_txt(), "eval", "--context", "2"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.ends_with("trigrams        228146\naverage nll     2.2126\n"),
        "{text}"
    );
    // K = 1 is the bigram, the document as it has always been (no "context").
    let bigram = json(&["eval", "--context", "1"]);
    assert_eq!(bigram, json(&["eval"]));
    assert!(bigram.get("context").is_none());
}

#[test]
fn eval_on_a_file_scores_its_items_under_the_model_of_the_input() {
    let scratch = tempfile::tempdir().unwrap();
    let dev = scratch.path().join("dev.txt");
    let items: Vec<String> = ["emma", "zyx", "andrejq", "olivia"]
        .map(String::from)
        .into();
    std::fs::write(&dev, items.join("\n")).unwrap();
    let dev = dev.to_str().unwrap();
    for k in [1, 2, 3] {
        let reference = Reference::of_names_txt(k);
        let doc = json(&["eval", "--context", &k.to_string(), "--on", dev]);
        let (ll, n) = reference.log_likelihood(&items, 1.0);
        assert_eq!(doc["on"], dev);
        assert_eq!(
            (doc["items"].as_u64(), doc["count"].as_u64()),
            (Some(4), Some(n as u64))
        );
        let got = doc["log_likelihood"].as_f64().unwrap();
        assert!((got - ll).abs() < 1e-4, "K = {k}: {got} vs {ll}");
        assert_eq!(doc.get("context").is_some(), k > 1);
    }
    let out = makemore(&[
        "--input",
        &names_txt(),
        "eval",
        "--on",
        dev,
        "--context",
        "2",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("on              {dev} (4 items)\n")),
        "{text}"
    );
    assert!(text.contains("\ntrigrams        24\n"), "{text}"); // 20 characters, 4 ends
}

#[test]
fn eval_items_with_context_2_break_down_into_trigrams() {
    let reference = Reference::of_names_txt(2);
    let doc = json(&["eval", "--context", "2", "--smoothing", "0", "emma"]);
    let emma = &doc["items"][0];
    let ngrams = emma["ngrams"].as_array().unwrap();
    let expected = [
        ("..", 'e'),
        (".e", 'm'),
        ("em", 'm'),
        ("mm", 'a'),
        ("ma", '.'),
    ];
    assert_eq!(ngrams.len(), 5);
    for (got, (context, next)) in ngrams.iter().zip(expected) {
        assert_eq!(got["context"], context);
        assert_eq!(got["next"], next.to_string());
        let p = reference.prob(context, next, 0.0);
        assert!((got["prob"].as_f64().unwrap() - p).abs() < 1e-6, "{got}");
    }
    assert!(emma.get("bigrams").is_none());
    let out = makemore(&["--input", &names_txt(), "eval", "--context", "2", "emma"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("emma\n  ..e  prob "), "{text}");
    assert!(text.contains("  trigrams 5  average nll "), "{text}");
}

#[test]
fn count_context_2_top_3() {
    let reference = Reference::of_names_txt(2);
    let mut all: Vec<(u64, String)> = reference
        .counts
        .iter()
        .flat_map(|(c, row)| row.iter().map(move |(n, &x)| (x, format!("{c}{n}"))))
        .collect();
    all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let doc = json(&["count", "--context", "2", "--top", "3"]);
    let got: Vec<(u64, String)> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["count"].as_u64().unwrap(),
                e["ngram"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, all[..3]);
    assert_eq!(got[0], (4410, "..a".to_string())); // as many as ".a" in the bigram
    let out = makemore(&[
        "--input",
        &names_txt(),
        "count",
        "--context",
        "2",
        "--top",
        "3",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().next(), Some("..a    4410"));
}

#[test]
fn stats_context_3_and_4_count_the_contexts() {
    let doc = json(&["stats", "--context", "3"]);
    assert_eq!(doc["context"], 3);
    assert_eq!(doc["contexts"], 19683);
    assert_eq!(
        doc["contexts_seen"],
        Reference::of_names_txt(3).counts.len()
    );
    assert_eq!(doc["table"], "dense");
    assert_eq!(doc["bigrams"], 228146);
    let doc = json(&["stats", "--context", "4"]);
    assert_eq!(doc["contexts"], 531441);
    assert_eq!(
        doc["contexts_seen"],
        Reference::of_names_txt(4).counts.len()
    );
    assert_eq!(doc["table"], "sparse");
    assert!(json(&["stats"]).get("context").is_none());
}

#[test]
fn sample_context_2_with_torch_is_the_librarys_ngram_sampling() {
    let words = Dataset::load(names_txt()).unwrap();
    for (k, s) in [(2, 1.0f32), (2, 0.0), (3, 1.0)] {
        let model = Model::fit(&words, k, s).unwrap();
        let mut g = TorchGenerator::manual_seed(2147483647);
        let expected = sample::sample_names(&model, &mut g, 20, 256).unwrap();
        let doc = json(&[
            "sample",
            "--context",
            &k.to_string(),
            "--smoothing",
            &s.to_string(),
            "--rng",
            "torch",
            "--num",
            "20",
        ]);
        assert_eq!(
            doc["names"],
            serde_json::json!(expected),
            "K = {k}, s = {s}"
        );
    }
    let doc = json(&["sample", "--context", "2", "--rng", "torch", "--num", "5"]);
    let first = ["miq.", "axx.", "mereyannyaar.", "knooraen.", "el."];
    assert_eq!(doc["names"], serde_json::json!(first));
    // K = 1 is the lecture's names, as always.
    let doc = json(&["sample", "--context", "1", "--rng", "torch", "--num", "2"]);
    assert_eq!(doc["names"], serde_json::json!(["mor.", "axx."]));
}

#[test]
fn heatmap_context_2_given_a_draws_the_contexts_a_something() {
    let reference = Reference::of_names_txt(2);
    let scratch = tempfile::tempdir().unwrap();
    let svg_path = scratch.path().join("a.svg");
    let out = svg_path.to_str().unwrap();
    let doc = json(&["heatmap", "--context", "2", "--given", "a", "--out", out]);
    assert_eq!(
        (doc["rows"].as_u64(), doc["cols"].as_u64()),
        (Some(27), Some(27))
    );
    assert_eq!(
        (doc["context"].as_u64(), doc["given"].as_str()),
        (Some(2), Some("a"))
    );
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(
        svg.contains("trigram counts of the contexts a? (rows: the context"),
        "title"
    );
    let ann = reference.counts["an"][&'n'];
    assert!(svg.contains(">\nann\n</text>") && svg.contains(&format!(">\n{ann}\n</text>")));
    assert!(svg.contains(&format!("ann: {ann} (p = ")), "the tooltip");
    let doc = json(&[
        "heatmap",
        "--context",
        "3",
        "--given",
        "em",
        "--probabilities",
        "--out",
        out,
    ]);
    assert_eq!(doc["kind"], "probabilities");
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let p = reference_3_prob("emm", 'a');
    assert!(
        svg.contains(&format!(">\n{p:.3}\n</text>")),
        "P[emm][a] = {p}"
    );
}

fn reference_3_prob(context: &str, next: char) -> f64 {
    Reference::of_names_txt(3).prob(context, next, 1.0)
}
