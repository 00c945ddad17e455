//! The cases of the bad-input suite: what each one's `--input` is, its arguments, and what it must
//! give; and the files every case's scratch directory starts with (the model and data files the
//! cases name). The cases that fail on an input and arguments written as text are the lines of
//! `cases.txt`; the rest are here.

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
    pub args: Vec<&'static str>,
    pub expect: Expect,
}

use Expect::{Fails, Ok as Succeeds};
use Input::{Bytes, Directory, Missing, Names};

/// Arguments written as one string, split at spaces.
fn words(args: &'static str) -> Vec<&'static str> {
    args.split(' ').collect()
}

fn bytes(text: &str) -> Input {
    Bytes(text.as_bytes().to_vec())
}

/// A version-1 model file with this vocabulary and W.
fn model_file(vocab: &str, w: &str) -> String {
    format!(r#"{{"format": "makemore-nn", "version": 1, "vocab": "{vocab}", "W": {w}}}"#)
}

/// A version-2 model file.
fn model_file_v2(net: &str, context: &str, vocab: &str, w: &str) -> String {
    format!(
        r#"{{"format": "makemore-nn", "version": 2, "net": "{net}", "context": {context}, "vocab": "{vocab}", "W": {w}}}"#
    )
}

/// The rows of a zero W of `rows` x 3 (the vocabulary ".ab").
fn zeros(rows: usize) -> String {
    format!("[{}]", vec!["[0,0,0]"; rows].join(","))
}

/// The lines of `cases.txt`, `name | input | arguments | error`: the input `names`, `missing`,
/// `directory` or a JSON string (a file holding that text), the arguments split at spaces.
fn table() -> Vec<Case> {
    include_str!("cases.txt")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&'static str> = line.split(" | ").collect();
            let [name, input, args, error] = fields[..] else {
                panic!("not `name | input | arguments | error`: {line}")
            };
            let input = match input {
                "names" => Names,
                "missing" => Missing,
                "directory" => Directory,
                text => bytes(&serde_json::from_str::<String>(text).expect("a JSON string")),
            };
            let args = args.split(' ').collect();
            Case {
                name,
                input,
                args,
                expect: Fails(error),
            }
        })
        .collect()
}

/// Every case: the lines of `cases.txt`, then those written here.
pub fn cases() -> Vec<Case> {
    let distinct: String = (0..MAX_SIZE as u32)
        .map(|i| format!("{}\n", char::from_u32(0x4e00 + i).unwrap()))
        .collect();
    let written_here = vec![
        Case {
            name: "CRLF line ends are accepted",
            input: bytes("emma\r\nava\r\n"),
            args: vec!["stats"],
            expect: Succeeds(|doc| {
                assert_eq!(doc["items"], 2);
                assert_eq!(doc["vocab"], ".aemv");
                assert_eq!(doc["bigrams"], 9);
            }),
        },
        Case {
            name: "a UTF-8 byte-order mark is dropped",
            input: bytes("\u{feff}emma\nava\n"),
            args: vec!["count", "--top", "1"],
            expect: Succeeds(|doc| {
                assert_eq!(doc[0], serde_json::json!({"bigram": "a.", "count": 2}))
            }),
        },
        Case {
            name: "uppercase and non-ASCII letters grow the vocabulary",
            input: bytes("Émile\nZoë\nMAX\n李\n"),
            args: vec!["stats"],
            expect: Succeeds(|doc| {
                assert_eq!(doc["vocab"], ".AMXZeilmoÉë李");
                assert_eq!(doc["vocab_size"], 13);
                assert_eq!(doc["longest"], 5); // characters, not bytes
            }),
        },
        Case {
            name: "invalid UTF-8",
            input: Bytes(b"emma\nol\xffivia\n".to_vec()),
            args: vec!["stats"],
            expect: Fails("{input}:2: invalid UTF-8 at byte 3 of the line"),
        },
        Case {
            name: "a blank --boundary",
            input: bytes("a.io\n"),
            args: vec!["--boundary", " ", "stats"],
            expect: Fails(
                "invalid start/end token = ' ': must be a visible character (a letter, digit, \
                 punctuation or symbol), not whitespace, a control, format or combining character; \
                 choose another with --boundary",
            ),
        },
        Case {
            name: "a single 1 MB line",
            input: bytes(&"abcdefghij".repeat(100_000)),
            args: vec!["stats"],
            expect: Succeeds(|doc| {
                assert_eq!(doc["items"], 1);
                assert_eq!(doc["longest"], 1_000_000);
                assert_eq!(doc["vocab_size"], 11);
            }),
        },
        Case {
            name: "a line over the 16 MiB limit",
            input: Bytes(vec![b'a'; MAX_LINE_BYTES + 1]),
            args: vec!["stats"],
            expect: Fails("{input}:1: line longer than 16777216 bytes"),
        },
        Case {
            name: "more distinct characters than a vocabulary holds",
            input: bytes(&distinct),
            args: vec!["count"],
            expect: Fails("{input}:4096: more than 4095 distinct characters"),
        },
        Case {
            name: "a heatmap of a vocabulary too big to draw",
            input: bytes(&distinct[..4000]), // 1000 lines of a 3-byte character and a newline
            args: vec!["heatmap", "--out", "{scratch}/big.svg"],
            expect: Fails(
                "a 1001 x 1001 matrix would be 44087 x 44122 px, over the 30000 px limit",
            ),
        },
        // Issue 34: 2048 characters (a 2049^2 table, past DENSE_LIMIT: sparse) once panicked.
        Case {
            name: "a heatmap of 2048 distinct characters",
            input: bytes(&distinct[..4 * 2048]),
            args: words("heatmap --out {scratch}/all.svg"),
            expect: Fails("a 2049 x 2049 matrix would be"),
        },
        Case {
            name: "a heatmap of 2048 distinct characters with --top",
            input: bytes(&distinct[..4 * 2048]),
            args: words("heatmap --top 40 --out {scratch}/top.svg"),
            expect: Succeeds(|doc| {
                assert_eq!((&doc["rows"], &doc["cols"]), (&40.into(), &40.into()))
            }),
        },
        Case {
            name: "a heatmap of P of the largest vocabulary with --top",
            input: bytes(&distinct[..4 * (MAX_SIZE - 1)]), // 4095 characters and '.'
            args: words("heatmap --probabilities --top 40 --out {scratch}/p.svg"),
            expect: Succeeds(|doc| assert_eq!(doc["rows"], 40)),
        },
        Case {
            name: "a heatmap of the largest vocabulary at K = 2 with --top",
            input: bytes(&distinct[..4 * (MAX_SIZE - 1)]),
            args: words("heatmap -k 2 --given \u{4e00} --top 40 --out {scratch}/k2.svg"),
            expect: Succeeds(|doc| assert_eq!(doc["rows"], 40)),
        },
        Case {
            name: "a context whose V^K does not fit",
            input: bytes(&distinct[..4 * (MAX_SIZE - 1)]), // 4095 characters and '.'
            args: vec!["stats", "--context", "6"],
            expect: Fails("invalid context length = 6: 4096^6 contexts do not fit in a u64"),
        },
    ];
    table().into_iter().chain(written_here).collect()
}

/// The files every case's scratch directory starts with.
pub fn fill_scratch(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let files = [
        (
            "truncated.json",
            r#"{"format": "makemore-nn", "W": [[1, 2"#.into(),
        ),
        ("ab.json", model_file(".ab", "[[0,0,0],[0,0,0],[0,0,0]]")),
        ("shape.json", model_file(".ab", "[[0,0],[0,0]]")),
        ("huge.json", model_file(".ab", "[[1e39,0,0],[0,0,0],[0,0,0]]")),
        ("table2.json", model_file_v2("table", "2", ".ab", &zeros(9))),
        ("concat-short.json", model_file_v2("concat", "2", ".ab", &zeros(3))),
        ("k0.json", model_file_v2("table", "0", ".ab", &zeros(1))),
        (
            "v1-context.json",
            r#"{"format": "makemore-nn", "version": 1, "context": 2, "vocab": ".a", "W": [[0,0],[0,0]]}"#.into(),
        ),
        ("dev.txt", "emma\nÉmile\n".into()),
    ];
    let arpa = |from: &str, to: &str| {
        let good = "\\data\\\nngram 1=4\nngram 2=3\n\n\\1-grams:\n-0.5\t</s>\n-0.4\ta\t-0.1\n\
                    -0.6\tb\n-99\t<s>\t-0.2\n\n\\2-grams:\n-0.3\t<s> a\n-0.2\ta </s>\n-0.4\ta b\n\n\\end\\\n";
        assert!(good.contains(from), "{from}");
        good.replacen(from, to, 1)
    };
    let files = files.into_iter().chain([
        ("ab.arpa", arpa("", "")),
        (
            "truncated.arpa",
            arpa("-0.2\ta </s>\n-0.4\ta b\n\n\\end\\\n", ""),
        ),
        ("fewer.arpa", arpa("ngram 2=3", "ngram 2=4")),
        ("more.arpa", arpa("ngram 2=3", "ngram 2=2")),
        ("positive.arpa", arpa("-0.6\tb", "0.6\tb")),
        ("unknown.arpa", arpa("-0.4\ta b", "-0.4\ta c")),
        ("word.arpa", arpa("-0.6\tb", "-0.6\tbb")),
        (
            "no-order.arpa",
            arpa("\\2-grams:\n-0.3\t<s> a\n-0.2\ta </s>\n-0.4\ta b\n", ""),
        ),
        (
            "no-prefix.arpa",
            arpa("ngram 1=4", "ngram 1=3").replace("-99\t<s>\t-0.2\n", ""),
        ),
    ]);
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}
