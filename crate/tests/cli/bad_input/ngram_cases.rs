//! The bad-input cases of `--context K`, `--net`, `--given`, `eval --on` and the version-2 model
//! files, and the model files they name (written into every case's scratch directory).

use std::path::Path;

use super::cases::Case;
use super::cases::Expect::Fails;
use super::cases::Input::{Bytes, Names};

/// A version-2 model file.
fn model_file(net: &str, context: &str, vocab: &str, w: &str) -> String {
    format!(
        r#"{{"format": "makemore-nn", "version": 2, "net": "{net}", "context": {context}, "vocab": "{vocab}", "W": {w}}}"#
    )
}

/// The rows of a zero W of `rows` x 3 (the vocabulary ".ab").
fn zeros(rows: usize) -> String {
    format!("[{}]", vec!["[0,0,0]"; rows].join(","))
}

pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "--context 0",
            input: Names,
            args: &["eval", "--context", "0"],
            expect: Fails("invalid context length = 0: must be between 1 and 8"),
        },
        Case {
            name: "a negative --context",
            input: Names,
            args: &["stats", "--context", "-2"],
            expect: Fails("invalid context length = -2: must be between 1 and 8"),
        },
        Case {
            name: "an absurd --context",
            input: Names,
            args: &["sample", "--context", "1000000"],
            expect: Fails("invalid context length = 1000000: must be between 1 and 8"),
        },
        Case {
            name: "--context 9, one past the limit",
            input: Names,
            args: &["count", "--context", "9"],
            expect: Fails("invalid context length = 9: must be between 1 and 8"),
        },
        Case {
            name: "a context whose V^K does not fit",
            input: Bytes(
                (0..4095u32)
                    .map(|i| format!("{}\n", char::from_u32(0x4e00 + i).unwrap()))
                    .collect::<String>()
                    .into_bytes(),
            ),
            args: &["stats", "--context", "6"],
            expect: Fails("invalid context length = 6: 4096^6 contexts do not fit in a u64"),
        },
        Case {
            name: "a table net too big to hold",
            input: Names,
            args: &["train", "--context", "4", "--steps", "1"],
            expect: Fails(
                "invalid context length = 4: a table net's W has V^K x V entries, which must be at most 4194304 (V = 27)",
            ),
        },
        Case {
            name: "--method onehot for a table net",
            input: Names,
            args: &["train", "--context", "2", "--method", "onehot"],
            expect: Fails(
                "invalid method = onehot: a table net is never trained from one-hot vectors (V^K = 729 columns per example); use index (row indexing, the same numbers) or counts",
            ),
        },
        Case {
            name: "--method onehot for a concatenated net",
            input: Names,
            args: &[
                "train",
                "--context",
                "3",
                "--net",
                "concat",
                "--method",
                "onehot",
            ],
            expect: Fails(
                "invalid method = onehot: a concatenated net is never trained from one-hot vectors (K x V = 81 columns per example)",
            ),
        },
        Case {
            name: "a model file whose K is not --context's",
            input: Names,
            args: &[
                "sample",
                "--model",
                "{scratch}/table2.json",
                "--context",
                "3",
            ],
            expect: Fails(
                "{scratch}/table2.json: invalid model file: the model (table net) has a context of 2 characters, --context asks for 3",
            ),
        },
        Case {
            name: "a bigram model file with --context 2",
            input: Names,
            args: &["sample", "--model", "{scratch}/ab.json", "--context", "2"],
            expect: Fails(
                "{scratch}/ab.json: invalid model file: the model (bigram net) has a context of 1 character, --context asks for 2",
            ),
        },
        Case {
            name: "a K = 2 model file of another vocabulary",
            input: Names,
            args: &["eval", "--model", "{scratch}/table2.json"],
            expect: Fails(
                "{scratch}/table2.json: invalid model file: the model's vocabulary is \".ab\" (3 characters), the data's is \".abcdefghijklmnopqrstuvwxyz\" (27)",
            ),
        },
        Case {
            name: "a version-2 model file whose W has the wrong rows",
            input: Names,
            args: &["sample", "--model", "{scratch}/concat-short.json"],
            expect: Fails(
                "{scratch}/concat-short.json: invalid model file: W has 3 rows, expected 6 (K x V: 2 blocks of 3)",
            ),
        },
        Case {
            name: "a version-2 model file with K = 0",
            input: Names,
            args: &["sample", "--model", "{scratch}/k0.json"],
            expect: Fails(
                "{scratch}/k0.json: invalid model file: invalid context length = 0: must be between 1 and 8",
            ),
        },
        Case {
            name: "a version-1 model file with a context",
            input: Names,
            args: &["sample", "--model", "{scratch}/v1-context.json"],
            expect: Fails(
                "{scratch}/v1-context.json: invalid model file: a version 1 file (the bigram net) has no \"net\" or \"context\"",
            ),
        },
        Case {
            name: "an item outside the vocabulary with --context 2",
            input: Names,
            args: &["eval", "--context", "2", "Émile"],
            expect: Fails("character 'É' in \"Émile\" is not in the vocabulary"),
        },
        Case {
            name: "an --on file with a character outside the vocabulary",
            input: Names,
            args: &["eval", "--on", "{scratch}/dev.txt"],
            expect: Fails(
                "invalid item of --on = {scratch}/dev.txt:2: character 'É' in \"Émile\" is not in the vocabulary of the model (\".abcdefghijklmnopqrstuvwxyz\", from ",
            ),
        },
        Case {
            name: "a missing --on file",
            input: Names,
            args: &["eval", "--on", "{scratch}/none.txt", "--context", "2"],
            expect: Fails("cannot read {scratch}/none.txt"),
        },
        Case {
            name: "--given outside the vocabulary",
            input: Names,
            args: &[
                "heatmap",
                "--context",
                "2",
                "--given",
                "Z",
                "--out",
                "{scratch}/z.svg",
            ],
            expect: Fails(
                "invalid --given = \"Z\": 'Z' is not in the vocabulary \".abcdefghijklmnopqrstuvwxyz\"",
            ),
        },
        Case {
            name: "--given of the wrong length",
            input: Names,
            args: &[
                "heatmap",
                "--context",
                "2",
                "--given",
                "ab",
                "--out",
                "{scratch}/ab.svg",
            ],
            expect: Fails(
                "invalid --given = \"ab\": --context 2 needs 1 character, the contexts' first K - 1",
            ),
        },
        Case {
            name: "a heatmap of K = 2 without --given",
            input: Names,
            args: &["heatmap", "--context", "2", "--out", "{scratch}/k2.svg"],
            expect: Fails(
                "invalid --given = none: --context K > 1 needs the first K - 1 characters of the contexts to draw, e.g. --given a",
            ),
        },
        Case {
            name: "--given with K = 1",
            input: Names,
            args: &["heatmap", "--given", "a", "--out", "{scratch}/k1.svg"],
            expect: Fails("invalid --given = \"a\": only with --context 2 or more"),
        },
    ]
}

/// The model and data files the cases name.
pub fn fill_scratch(dir: &Path) {
    let files = [
        ("table2.json", model_file("table", "2", ".ab", &zeros(9))),
        ("concat-short.json", model_file("concat", "2", ".ab", &zeros(3))),
        ("k0.json", model_file("table", "0", ".ab", &zeros(1))),
        (
            "v1-context.json",
            r#"{"format": "makemore-nn", "version": 1, "context": 2, "vocab": ".a", "W": [[0,0],[0,0]]}"#.into(),
        ),
        ("dev.txt", "emma\nÉmile\n".into()),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}
