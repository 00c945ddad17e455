//! `makemore eval ITEM...`: each item's own log-likelihood, bigram count and average NLL (text and
//! JSON), then the total, checked against a count of names.txt made here in a `HashMap`, with no
//! help from the crate.

use std::collections::HashMap;

use serde_json::Value;

use crate::common::{json, makemore, names_txt};

/// The bigram counts of names.txt with the start/end token `.`, and each first character's total.
struct Counts {
    pairs: HashMap<(char, char), u64>,
    rows: HashMap<char, u64>,
}

impl Counts {
    fn of_names_txt() -> Counts {
        let text = std::fs::read_to_string(names_txt()).unwrap();
        let (mut pairs, mut rows) = (HashMap::new(), HashMap::new());
        for name in text.lines() {
            let chars: Vec<char> = format!(".{name}.").chars().collect();
            for pair in chars.windows(2) {
                *pairs.entry((pair[0], pair[1])).or_insert(0) += 1;
                *rows.entry(pair[0]).or_insert(0) += 1;
            }
        }
        Counts { pairs, rows }
    }

    /// `(N[a][b] + k) / (rowsum(a) + 27 k)`, in f64.
    fn prob(&self, a: char, b: char, k: f64) -> f64 {
        let n = *self.pairs.get(&(a, b)).unwrap_or(&0) as f64;
        (n + k) / (self.rows[&a] as f64 + 27.0 * k)
    }

    /// The sum of the log-probabilities of an item's bigrams, and how many there are.
    fn log_likelihood(&self, item: &str, k: f64) -> (f64, usize) {
        let chars: Vec<char> = format!(".{item}.").chars().collect();
        let logs = chars.windows(2).map(|p| self.prob(p[0], p[1], k).ln());
        (logs.sum(), chars.len() - 1)
    }
}

/// A JSON number, or minus infinity for the `null` that serde_json writes for it (the only
/// non-finite value a log-likelihood can take).
fn log_likelihood(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NEG_INFINITY)
}

fn close(got: f64, want: f64) -> bool {
    got == want || (got - want).abs() < 1e-5
}

#[test]
fn each_item_gets_its_own_score_then_the_total() {
    let counts = Counts::of_names_txt();
    let items = ["emma", "olivia", "andrej"];
    let doc = json(&["eval", "emma", "olivia", "andrej"]);
    let scored = doc["items"].as_array().unwrap();
    assert_eq!(scored.len(), 3);
    let (mut total, mut total_count) = (0.0, 0);
    for (item, scores) in items.iter().zip(scored) {
        let (want, count) = counts.log_likelihood(item, 1.0);
        assert_eq!(scores["item"], *item);
        assert_eq!(scores["count"], count);
        assert_eq!(scores["bigrams"].as_array().unwrap().len(), count);
        let got = scores["log_likelihood"].as_f64().unwrap();
        assert!(close(got, want), "{item}: {got} vs {want}");
        assert!(close(scores["nll"].as_f64().unwrap(), -want), "{item}");
        let mean = scores["mean"].as_f64().unwrap();
        assert!(close(mean, -want / count as f64), "{item}: {mean}");
        // The per-bigram fields are still there.
        let first = &scores["bigrams"][0];
        let p = counts.prob('.', item.chars().next().unwrap(), 1.0);
        assert!(close(first["prob"].as_f64().unwrap(), p), "{item}");
        assert!(close(first["log_prob"].as_f64().unwrap(), p.ln()), "{item}");
        total += want;
        total_count += count;
    }
    // "emma" has 5 bigrams, "olivia" 7, "andrej" 7.
    assert_eq!(total_count, 19);
    assert_eq!(doc["total"]["count"], total_count);
    assert!(close(
        doc["total"]["log_likelihood"].as_f64().unwrap(),
        total
    ));
    assert!(close(doc["total"]["mean"].as_f64().unwrap(), -total / 19.0));
}

#[test]
fn an_impossible_bigram_makes_only_its_own_item_infinite() {
    let counts = Counts::of_names_txt();
    assert_eq!(counts.pairs.get(&('j', 'q')), None);
    let doc = json(&["eval", "--smoothing", "0", "emma", "andrejq"]);
    let (emma, andrejq) = (&doc["items"][0], &doc["items"][1]);
    let (want, count) = counts.log_likelihood("emma", 0.0);
    assert_eq!(emma["count"], count);
    assert!(close(emma["log_likelihood"].as_f64().unwrap(), want));
    assert!(close(emma["mean"].as_f64().unwrap(), -want / 5.0));
    // JSON has no infinity: serde_json writes -inf and inf as null.
    assert_eq!(counts.log_likelihood("andrejq", 0.0).0, f64::NEG_INFINITY);
    assert_eq!(andrejq["count"], 8);
    assert_eq!(
        log_likelihood(&andrejq["log_likelihood"]),
        f64::NEG_INFINITY
    );
    assert!(andrejq["mean"].is_null() && andrejq["nll"].is_null());
    assert!(doc["total"]["log_likelihood"].is_null());
    assert_eq!(doc["total"]["count"], 13);
    // With +1 smoothing "jq" is (0 + 1) / (2900 + 27) and the item is finite.
    let smoothed = json(&["eval", "andrejq"]);
    let jq = &smoothed["items"][0]["bigrams"][6];
    assert!(close(jq["prob"].as_f64().unwrap(), 1.0 / 2927.0));
    let (want, _) = counts.log_likelihood("andrejq", 1.0);
    let got = smoothed["items"][0]["log_likelihood"].as_f64().unwrap();
    assert!(close(got, want), "{got} vs {want}");
}

#[test]
fn the_text_has_a_summary_line_after_each_items_bigrams() {
    let counts = Counts::of_names_txt();
    let input = names_txt();
    let out = makemore(&[
        "--input",
        &input,
        "eval",
        "--smoothing",
        "0",
        "emma",
        "andrejq",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (want, _) = counts.log_likelihood("emma", 0.0);
    // emma, its 5 bigrams, its summary; andrejq, its 8 bigrams, its summary; the 4 total lines.
    assert_eq!(lines.len(), 1 + 5 + 1 + 1 + 8 + 1 + 4, "{text}");
    assert_eq!(lines[0], "emma");
    assert_eq!(lines[1], "  .e  prob 0.0478  log prob -3.0408");
    let emma = format!(
        "  log-likelihood {want:.4}  bigrams 5  average nll {:.4}",
        -want / 5.0
    );
    assert_eq!(lines[6], emma);
    assert_eq!(lines[7], "andrejq");
    assert_eq!(lines[14], "  jq  prob 0.0000  log prob -inf");
    assert_eq!(
        lines[16],
        "  log-likelihood -inf  bigrams 8  average nll inf"
    );
    assert_eq!(
        &lines[17..],
        [
            "log-likelihood  -inf",
            "nll             inf",
            "bigrams         13",
            "average nll     inf",
        ]
    );
}

#[test]
fn a_data_set_from_a_pipe_is_read_once_and_scored_as_the_file_is() {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let names = std::fs::read(names_txt()).unwrap();
    for args in [&[][..], &["--context", "3", "--smoothing", "kn"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_makemore"))
            .args([&["--input", "/dev/stdin", "--json", "eval"], args].concat())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn({
            let names = names.clone();
            move || stdin.write_all(&names)
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        let piped: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(piped, json(&[&["eval"], args].concat()), "{args:?}");
    }
}
