//! `makemore train --context K --net table|concat` and its model files: PyTorch's trajectory
//! with `--init torch`, the round trip through `--out`, `sample --model` and `eval --model`, the
//! version-1 bigram file as it has always been written, and `--method index` for the bigram.

use makemore::counting::{loss, sample};
use makemore::nn::Net;
use makemore::{data::Dataset, rng::TorchGenerator};

use crate::common::{json, json_line, json_on, json_warned, names_txt};
use crate::ngram::{Reference, names};

fn losses(doc: &serde_json::Value) -> Vec<f64> {
    let all = doc["losses"].as_array().unwrap();
    all.iter().map(|l| l.as_f64().unwrap()).collect()
}

#[test]
fn with_init_torch_each_net_follows_pytorchs_trajectory() {
    // The lecture's loop in PyTorch 2.15 (CPU, one thread) with the contexts of K = 2:
    // W = torch.randn((729, 27) or (54, 27), generator=torch.Generator().manual_seed(2147483647)),
    // logits = one_hot(context, 729) @ W (or the two one-hot blocks side by side @ W),
    // loss = -probs[arange(n), ys].log().mean() + 0.01 * (W**2).mean(), W.data += -50 * W.grad.
    // Its losses before steps 0, 1, 2, 50 and 99:
    let torch = [
        (
            "table",
            [
                3.8028223514556885,
                3.64870285987854,
                3.556884765625,
                2.6892452239990234,
                2.520185947418213,
            ],
        ),
        (
            "concat",
            [
                4.242240905761719,
                3.512132167816162,
                3.32647705078125,
                2.4310672283172607,
                2.455709457397461,
            ],
        ),
    ];
    for (net, expected) in torch {
        for method in ["counts", "index"] {
            let doc = json_line(&format!(
                "train --context 2 --net {net} --init torch --method {method}"
            ));
            assert_eq!(
                (doc["context"].as_u64(), doc["net"].as_str()),
                (Some(2), Some(net))
            );
            let got = losses(&doc);
            for (step, want) in [0, 1, 2, 50, 99].into_iter().zip(expected) {
                let diff = (got[step] - want).abs();
                assert!(
                    diff < 2e-5,
                    "{net} {method} step {step}: {} vs {want}",
                    got[step]
                );
            }
        }
    }
}

#[test]
fn trained_nets_round_trip_through_their_files_and_sample_and_evaluate() {
    let scratch = tempfile::tempdir().unwrap();
    let words = Dataset::load(names_txt()).unwrap();
    for (net, rows) in [("table", 729), ("concat", 54)] {
        let path = scratch.path().join(format!("{net}.json"));
        let file = path.to_str().unwrap();
        let doc = json_line(&format!(
            "train --context 2 --net {net} --steps 20 --out {file}"
        ));
        assert_eq!(doc["weights"], serde_json::json!([rows, 27]));
        let text = std::fs::read_to_string(&path).unwrap();
        let head = format!("  \"version\": 2,\n  \"net\": \"{net}\",\n  \"context\": 2,\n");
        assert!(text.contains(&head), "{}", &text[..200]);
        // Loaded and saved again by the library: the same bytes.
        let loaded = Net::load(&path).unwrap();
        let again = scratch.path().join("again.json");
        loaded.save(&again).unwrap();
        assert_eq!(std::fs::read(&again).unwrap(), text.as_bytes());
        // sample --model and eval --model are the library's sampling and NLL of that net.
        let model = loaded.to_model().unwrap();
        let mut g = TorchGenerator::manual_seed(7);
        let expected = sample::sample_names(&model, &mut g, 10, 256).unwrap();
        let doc = json_line(&format!(
            "sample --model {file} --rng torch --seed 7 --num 10"
        ));
        assert_eq!(doc["names"], serde_json::json!(expected));
        let doc = json(&["sample", "--model", file, "--context", "2", "--num", "3"]);
        assert_eq!(doc["names"].as_array().unwrap().len(), 3);
        let nll = loss::evaluate(&model, words.items()).unwrap();
        let doc = json(&["eval", "--model", file]);
        assert_eq!(doc["context"], 2);
        assert_eq!(doc["mean"].as_f64().unwrap(), nll.mean);
        let final_loss =
            json_warned(&["eval", "--model", file, "--context", "2", "--split", "val"]);
        assert!((2.0..3.5).contains(&final_loss["mean"].as_f64().unwrap()));
        let doc = json(&["eval", "--model", file, "emma"]);
        assert_eq!(doc["items"][0]["ngrams"][2]["context"], "em");
    }
}

#[test]
fn w_of_log_counts_in_a_table_file_is_the_plus_one_trigram() {
    // A version-2 table file written here by hand: W = ln(N + 1), from the reference counts.
    let reference = Reference::of_names_txt(2);
    let chars: Vec<char> = ".abcdefghijklmnopqrstuvwxyz".chars().collect();
    let mut rows = Vec::new();
    for a in &chars {
        for b in &chars {
            let context: String = [*a, *b].iter().collect();
            let row: Vec<String> = chars
                .iter()
                .map(|c| {
                    let n = reference
                        .counts
                        .get(&context)
                        .and_then(|r| r.get(c))
                        .unwrap_or(&0);
                    ((*n as f32) + 1.0).ln().to_string()
                })
                .collect();
            rows.push(format!("[{}]", row.join(",")));
        }
    }
    let text = format!(
        "{{\"format\": \"makemore-nn\", \"version\": 2, \"net\": \"table\", \"context\": 2, \"vocab\": \".abcdefghijklmnopqrstuvwxyz\", \"W\": [{}]}}",
        rows.join(",")
    );
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("log-counts.json");
    std::fs::write(&path, text).unwrap();
    let (ll, n) = reference.log_likelihood(&names(), 1.0);
    let doc = json(&["eval", "--model", path.to_str().unwrap()]);
    assert!(
        (doc["mean"].as_f64().unwrap() - -ll / n as f64).abs() < 1e-6,
        "{doc}"
    );
}

#[test]
fn an_old_bigram_model_file_still_loads() {
    // The version-1 format, written literally: W = 0 for ".ab" except W[a][b] = ln 3.
    let scratch = tempfile::tempdir().unwrap();
    let data = scratch.path().join("ab.txt");
    std::fs::write(&data, "ab\nba\nab\n").unwrap();
    let path = scratch.path().join("old.json");
    let old = "{\n  \"format\": \"makemore-nn\",\n  \"version\": 1,\n  \"vocab\": \".ab\",\n  \"W\": [\n    [0.0,0.0,0.0],\n    [0.0,0.0,1.0986123],\n    [0.0,0.0,0.0]\n  ]\n}\n";
    std::fs::write(&path, old).unwrap();
    let model = path.to_str().unwrap();
    let run = |args: &[&str]| json_on(&data, args);
    let doc = run(&["eval", "--model", model, "ab"]);
    // .a: 1/3, ab: 3/5, b.: 1/3
    let want = (1.0f64 / 3.0).ln() + (3.0f64 / 5.0).ln() + (1.0f64 / 3.0).ln();
    let got = doc["total"]["log_likelihood"].as_f64().unwrap();
    assert!((got - want).abs() < 1e-6, "{got} vs {want}");
    assert_eq!(
        doc["items"][0]["bigrams"][1]["bigram"],
        serde_json::json!(["a", "b"])
    );
    let doc = run(&["sample", "--model", model, "--num", "4", "--context", "1"]);
    assert_eq!(doc["names"].as_array().unwrap().len(), 4);
    // And the library reads it as the bigram net, saving it back to the same bytes.
    let net = Net::load(&path).unwrap();
    assert_eq!((net.name(), net.context_len()), ("bigram", 1));
    let again = scratch.path().join("again.json");
    net.save(&again).unwrap();
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&path).unwrap()
    );
}

#[test]
fn the_bigram_net_trains_the_same_by_index_onehot_and_counts() {
    let runs: Vec<Vec<f64>> = ["onehot", "counts", "index"]
        .into_iter()
        .map(|m| {
            losses(&json_line(&format!(
                "train --init torch --steps 10 --method {m}"
            )))
        })
        .collect();
    assert!((runs[0][0] - 3.7686).abs() < 6e-5);
    for step in 0..10 {
        for other in &runs[1..] {
            assert!(
                (runs[0][step] - other[step]).abs() < 1e-5,
                "step {step}: {runs:?}"
            );
        }
    }
    // K = 1 with the table net is the bigram net: no "context" or "net", and its file is version 1.
    let doc = json_line("train --steps 2 --method index --context 1");
    assert_eq!(doc["options"]["method"], "index");
    assert!(doc.get("context").is_none() && doc.get("net").is_none());
    // The concatenated net at K = 1 is the same net with a version-2 file.
    let concat = json_line("train --init torch --steps 10 --net concat");
    for (a, b) in losses(&concat).iter().zip(&runs[1]) {
        assert!((a - b).abs() < 1e-5, "{a} vs {b}");
    }
}
