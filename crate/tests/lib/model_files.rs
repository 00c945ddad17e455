//! Model files written before the nets were restructured (issue 21) still load to the same
//! weights: a version-1 bigram net (`makemore train --init torch --out`), a version-2 table net
//! at K = 2 and a version-2 concatenated net at K = 3, written by the tool of commit d5e9c13 plus
//! the public ops' kernels (whose model-file code is that commit's). Each loads as its kind, every
//! weight equals the number in the JSON (read here by serde_json on its own), and saving it again
//! gives the same bytes.

use std::path::Path;

use makemore::nn::Net;

#[test]
fn old_model_files_load_to_the_same_weights_and_save_to_the_same_bytes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lib/model_files");
    let scratch = tempfile::tempdir().unwrap();
    for (file, kind, k, rows) in [
        ("bigram-v1.json", "bigram", 1, 27),
        ("table-k2.json", "table", 2, 729),
        ("concat-k3.json", "concat", 3, 81),
    ] {
        let path = dir.join(file);
        let net = Net::load(&path).unwrap();
        assert_eq!((net.name(), net.context_len()), (kind, k), "{file}");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let w = json["W"].as_array().unwrap();
        assert_eq!(w.len(), rows, "{file}");
        let model_w = net.w();
        assert_eq!(model_w.nrows(), rows);
        for (i, row) in w.iter().enumerate() {
            for (j, x) in row.as_array().unwrap().iter().enumerate() {
                assert_eq!(
                    model_w[[i, j]],
                    x.as_f64().unwrap() as f32,
                    "{file} W[{i}, {j}]"
                );
            }
        }
        let again = scratch.path().join(file);
        net.save(&again).unwrap();
        assert_eq!(
            std::fs::read(&again).unwrap(),
            std::fs::read(&path).unwrap(),
            "{file}"
        );
    }
}
