//! The cases of the bad-input suite: what each one's `--input` is, its arguments, and what it must
//! give; and the files every case's scratch directory starts with (the model files the cases name).

use std::path::Path;

use makemore::data::MAX_LINE_BYTES;
use makemore::vocab::MAX_SIZE;
use serde_json::Value;

/// What a case's `--input` is.
pub enum Input {
    /// A file with these bytes.
    Bytes(Vec<u8>),
    /// A path where there is nothing.
    Missing,
    /// A directory.
    Directory,
    /// data/names.txt.
    Names,
}

/// What a case must give.
pub enum Expect {
    /// Exit status 0 and a JSON document on stdout that passes this check.
    Ok(fn(&Value)),
    /// Exit status 1 and this on stderr, with `{input}` replaced by the input's path and
    /// `{scratch}` by the case's scratch directory.
    Fails(&'static str),
}

pub struct Case {
    pub name: &'static str,
    pub input: Input,
    /// The arguments after `--input PATH --json`; `{scratch}` is the case's scratch directory.
    pub args: &'static [&'static str],
    pub expect: Expect,
}

use Expect::{Fails, Ok as Succeeds};
use Input::{Bytes, Directory, Missing, Names};

fn bytes(text: &str) -> Input {
    Bytes(text.as_bytes().to_vec())
}

/// A model file with this vocabulary and W.
fn model_file(vocab: &str, w: &str) -> String {
    format!(r#"{{"format": "makemore-nn", "version": 1, "vocab": "{vocab}", "W": {w}}}"#)
}

pub fn cases() -> Vec<Case> {
    let distinct: String = (0..MAX_SIZE as u32)
        .map(|i| format!("{}\n", char::from_u32(0x4e00 + i).unwrap()))
        .collect();
    vec![
        // The data file.
        Case {
            name: "a missing file",
            input: Missing,
            args: &["stats"],
            expect: Fails("cannot read {input}: No such file or directory"),
        },
        Case {
            name: "a directory",
            input: Directory,
            args: &["stats"],
            expect: Fails("{input} is a directory, not a file"),
        },
        Case {
            name: "an empty file",
            input: bytes(""),
            args: &["stats"],
            expect: Fails("{input}: the data set is empty (no items)"),
        },
        Case {
            name: "a lone newline is an empty file",
            input: bytes("\n"),
            args: &["count"],
            expect: Fails("{input}: the data set is empty (no items)"),
        },
        Case {
            name: "only newlines",
            input: bytes("\n\n\n"),
            args: &["stats"],
            expect: Fails("{input}:1: blank line (every line must hold one item)"),
        },
        Case {
            name: "a blank line in the middle",
            input: bytes("emma\nolivia\n\nava\n"),
            args: &["heatmap", "--out", "{scratch}/never.svg"],
            expect: Fails("{input}:3: blank line (every line must hold one item)"),
        },
        Case {
            name: "a whitespace-only line",
            input: bytes("emma\n \t \nava"),
            args: &["train", "--steps", "1"],
            expect: Fails("{input}:2: blank line"),
        },
        Case {
            name: "trailing whitespace",
            input: bytes("emma\nava \n"),
            args: &["stats"],
            expect: Fails("{input}:2: leading or trailing whitespace in \"ava \""),
        },
        Case {
            name: "a tab inside an item",
            input: bytes("emma\nav\ta\n"),
            args: &["eval"],
            expect: Fails("{input}:2:3: control character '\\t' in an item"),
        },
        Case {
            name: "CRLF line ends are accepted",
            input: bytes("emma\r\nava\r\n"),
            args: &["stats"],
            expect: Succeeds(|doc| {
                assert_eq!(doc["items"], 2);
                assert_eq!(doc["vocab"], ".aemv");
                assert_eq!(doc["bigrams"], 9);
            }),
        },
        Case {
            name: "a UTF-8 byte-order mark is dropped",
            input: bytes("\u{feff}emma\nava\n"),
            args: &["count", "--top", "1"],
            expect: Succeeds(|doc| {
                assert_eq!(doc[0], serde_json::json!({"bigram": "a.", "count": 2}))
            }),
        },
        Case {
            name: "uppercase and non-ASCII letters grow the vocabulary",
            input: bytes("Émile\nZoë\nMAX\n李\n"),
            args: &["stats"],
            expect: Succeeds(|doc| {
                assert_eq!(doc["vocab"], ".AMXZeilmoÉë李");
                assert_eq!(doc["vocab_size"], 13);
                assert_eq!(doc["longest"], 5); // characters, not bytes
            }),
        },
        Case {
            name: "invalid UTF-8",
            input: Bytes(b"emma\nol\xffivia\n".to_vec()),
            args: &["stats"],
            expect: Fails("{input}:2: invalid UTF-8 at byte 3 of the line"),
        },
        Case {
            name: "a '.' inside an item",
            input: bytes("emma\nan.na\n"),
            args: &["sample"],
            expect: Fails(
                "{input}:2:3: '.' is the reserved start/end token and cannot appear inside an \
                 item; choose another start/end token with --boundary",
            ),
        },
        Case {
            name: "the --boundary token inside an item",
            input: bytes("a.io\nb#c.io\n"),
            args: &["--boundary", "#", "count"],
            expect: Fails(
                "{input}:2:2: '#' is the reserved start/end token and cannot appear inside an \
                 item; choose another start/end token with --boundary",
            ),
        },
        Case {
            name: "a blank --boundary",
            input: bytes("a.io\n"),
            args: &["--boundary", " ", "stats"],
            expect: Fails(
                "invalid start/end token = ' ': must be a visible character, not whitespace or a \
                 control character; choose another with --boundary",
            ),
        },
        Case {
            name: "a single 1 MB line",
            input: bytes(&"abcdefghij".repeat(100_000)),
            args: &["stats"],
            expect: Succeeds(|doc| {
                assert_eq!(doc["items"], 1);
                assert_eq!(doc["longest"], 1_000_000);
                assert_eq!(doc["vocab_size"], 11);
            }),
        },
        Case {
            name: "a line over the 16 MiB limit",
            input: Bytes(vec![b'a'; MAX_LINE_BYTES + 1]),
            args: &["stats"],
            expect: Fails("{input}:1: line longer than 16777216 bytes"),
        },
        Case {
            name: "more distinct characters than a vocabulary holds",
            input: bytes(&distinct),
            args: &["count"],
            expect: Fails("{input}:4096: more than 4095 distinct characters"),
        },
        Case {
            name: "a heatmap of a vocabulary too big to draw",
            input: bytes(&distinct[..4000]), // 1000 lines of a 3-byte character and a newline
            args: &["heatmap", "--out", "{scratch}/big.svg"],
            expect: Fails(
                "a 1001 x 1001 matrix would be 44087 x 44122 px, over the 30000 px limit",
            ),
        },
        // Flags.
        Case {
            name: "--num 0",
            input: Names,
            args: &["sample", "--num", "0"],
            expect: Fails("invalid number of samples = 0: must be at least 1"),
        },
        Case {
            name: "--max-len 0",
            input: Names,
            args: &["sample", "--max-len", "0"],
            expect: Fails("invalid max_len = 0: must be at least 1"),
        },
        Case {
            name: "negative smoothing",
            input: Names,
            args: &["sample", "--smoothing", "-1"],
            expect: Fails("invalid smoothing = -1: must be finite and >= 0"),
        },
        Case {
            name: "NaN smoothing",
            input: Names,
            args: &[
                "heatmap",
                "--probabilities",
                "--smoothing",
                "NaN",
                "--out",
                "{scratch}/p.svg",
            ],
            expect: Fails("invalid smoothing = NaN: must be finite and >= 0"),
        },
        Case {
            name: "lr NaN",
            input: Names,
            args: &["train", "--lr", "NaN"],
            expect: Fails("invalid learning rate = NaN: must be finite and > 0"),
        },
        Case {
            name: "a negative reg",
            input: Names,
            args: &["train", "--reg", "-0.1"],
            expect: Fails("invalid reg = -0.1"),
        },
        Case {
            name: "a learning rate that blows the loss up",
            input: Names,
            args: &["train", "--lr", "1e38", "--steps", "3"],
            expect: Fails("diverged"),
        },
        Case {
            name: "an item with a character the data never had",
            input: Names,
            args: &["eval", "Émile"],
            expect: Fails("character 'É' in \"Émile\" is not in the vocabulary"),
        },
        Case {
            name: "an item holding the start/end token",
            input: Names,
            args: &["eval", "a.b"],
            expect: Fails(
                "\"a.b\" contains '.', the reserved start/end token; choose another start/end \
                 token with --boundary",
            ),
        },
        Case {
            name: "a split of too small a data set",
            input: bytes("emma\nava\n"),
            args: &["eval", "--split", "val"],
            expect: Fails("invalid data set size = 2: a split needs at least 3 items"),
        },
        // Model files.
        Case {
            name: "a missing model file",
            input: Names,
            args: &["sample", "--model", "{scratch}/none.json"],
            expect: Fails("cannot read {scratch}/none.json"),
        },
        Case {
            name: "a truncated model file",
            input: Names,
            args: &["sample", "--model", "{scratch}/truncated.json"],
            expect: Fails("{scratch}/truncated.json: invalid model file: not a model file"),
        },
        Case {
            name: "a model file for another vocabulary",
            input: Names,
            args: &["eval", "--model", "{scratch}/ab.json"],
            expect: Fails(
                "{scratch}/ab.json: invalid model file: the model's vocabulary is \".ab\" (3 characters), the data's is \".abcdefghijklmnopqrstuvwxyz\" (27)",
            ),
        },
        Case {
            name: "a model file whose W has the wrong shape",
            input: Names,
            args: &["sample", "--model", "{scratch}/shape.json"],
            expect: Fails("{scratch}/shape.json: invalid model file: W has 2 rows, expected 3"),
        },
        Case {
            name: "a model file whose W is not finite",
            input: Names,
            args: &["sample", "--model", "{scratch}/huge.json"],
            expect: Fails(
                "{scratch}/huge.json: invalid model file: invalid W = W[0, 0] = inf: every weight must be finite",
            ),
        },
        // Output paths: an error names the path, and nothing is left behind.
        Case {
            name: "--out in a missing folder",
            input: Names,
            args: &["heatmap", "--out", "{scratch}/no/such/dir/n.svg"],
            expect: Fails("cannot write {scratch}/no/such/dir/n.svg: No such file or directory"),
        },
        Case {
            name: "--out under a file, not a folder",
            input: Names,
            args: &["train", "--steps", "1", "--out", "{scratch}/ab.json/w.json"],
            expect: Fails("cannot write {scratch}/ab.json/w.json: Not a directory"),
        },
        Case {
            name: "--out onto a directory",
            input: Names,
            args: &["heatmap", "--out", "{scratch}"],
            expect: Fails("{scratch} is a directory, not a file"),
        },
        Case {
            name: "--plot in a missing folder",
            input: Names,
            args: &["train", "--steps", "2", "--plot", "{scratch}/no/loss.svg"],
            expect: Fails("cannot write {scratch}/no/loss.svg"),
        },
    ]
}

/// The files every case's scratch directory starts with.
pub fn fill_scratch(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("truncated.json"),
        r#"{"format": "makemore-nn", "W": [[1, 2"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("ab.json"),
        model_file(".ab", "[[0,0,0],[0,0,0],[0,0,0]]"),
    )
    .unwrap();
    std::fs::write(dir.join("shape.json"), model_file(".ab", "[[0,0],[0,0]]")).unwrap();
    std::fs::write(
        dir.join("huge.json"),
        model_file(".ab", "[[1e39,0,0],[0,0,0],[0,0,0]]"),
    )
    .unwrap();
}
