//! A trained net as a file: JSON with the vocabulary and `W`, one row of `W` per line, written
//! atomically and read back with an error for everything that can be wrong with it.
//!
//! Two versions. Version 1 is the lecture's bigram net, as it has always been written:
//! `{"format": "makemore-nn", "version": 1, "vocab": ".abc…", "W": [[…], …]}` with `W` of V rows.
//! Version 2 holds a neural n-gram net and adds, between `version` and `vocab`, `"net"`
//! (`"table"` or `"concat"`) and `"context"` (K): `W` then has `V^K` rows (the table net) or
//! `K * V` (the concatenated net). A new version rather than optional fields of version 1, so
//! that a build that only knows version 1 refuses a K = 2 file as "version 2 is not supported"
//! instead of misreading it. A version-1 file has neither field (either one there is an error);
//! a version-2 file needs both. Every file reads back to the same net and saves to the same
//! bytes.

use std::path::Path;

use ndarray::Array2;
use serde::{Deserialize, Serialize};
use serde_json::value::{RawValue, to_raw_value};

use super::architecture::NetKind;
use super::net::Net;
use crate::data::SplitMethod;
use crate::error::{Error, Result};
use crate::vocab::Vocab;

/// The `format` field of a model file.
const MODEL_FORMAT: &str = "makemore-nn";
/// The `version` field of a bigram net's file (K = 1, no `net` or `context`).
const BIGRAM_VERSION: u32 = 1;
/// The `version` field of a neural n-gram net's file (with `net` and `context`).
const NGRAM_VERSION: u32 = 2;

/// The model file as stored: a row of `W` is numbers when read, and the same numbers already
/// written compactly ([`RawValue`]) when saved, so that each row takes one line.
#[derive(Serialize, Deserialize)]
struct ModelFile<Row = Vec<f32>> {
    format: String,
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    net: Option<NetKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    context: Option<usize>,
    vocab: String,
    /// The split whose training part alone the net was trained on (absent if none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    holdout: Option<Holdout>,
    #[serde(rename = "W")]
    w: Vec<Row>,
}

/// A model file's `"holdout"`: `{"split_method": "chacha", "split_seed": 42}`.
#[derive(Serialize, Deserialize)]
struct Holdout {
    split_method: SplitMethod,
    split_seed: u64,
}

impl Net {
    /// Writes the net to a JSON file, one row of `W` per line: the bigram net as version 1,
    /// `{"format": "makemore-nn", "version": 1, "vocab": ".abc…", "W": [[…], …]}`, any other as
    /// version 2 with `"net"` and `"context"` between `version` and `vocab`. Floats are written
    /// so that they read back exactly. `path` is written as [`crate::show::plot::Svg::save`]
    /// writes it: a regular file through a temporary file renamed into place, `-` to standard
    /// output.
    ///
    /// ```
    /// use makemore::nn::{Net, NetKind};
    /// use makemore::{counting::sample::{Generator, LECTURE_SEED}, vocab::Vocab};
    ///
    /// let vocab = Vocab::from_chars("ab".chars())?;
    /// let dir = std::env::temp_dir();
    /// let (bigram, concat) = (dir.join("makemore-doc-net-1.json"), dir.join("makemore-doc-net-2.json"));
    /// let net = Net::new(vocab.clone(), Generator::ChaCha, LECTURE_SEED);
    /// net.save(&bigram)?;
    /// assert_eq!(Net::load(&bigram)?, net);
    /// Net::with_architecture(vocab, NetKind::Concat, 3, Generator::ChaCha, LECTURE_SEED)?.save(&concat)?;
    /// let back = Net::load(&concat)?;
    /// assert_eq!((back.name(), back.context_len()), ("concat", 3));
    /// assert!(std::fs::read_to_string(&concat)?.contains("\"version\": 2,\n  \"net\": \"concat\",\n  \"context\": 3,"));
    /// # std::fs::remove_file(&bigram).unwrap();
    /// # std::fs::remove_file(&concat).unwrap();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let bigram = self.is_bigram();
        let file = ModelFile {
            format: MODEL_FORMAT.into(),
            version: if bigram {
                BIGRAM_VERSION
            } else {
                NGRAM_VERSION
            },
            net: (!bigram).then_some(self.kind()),
            context: (!bigram).then_some(self.context_len()),
            vocab: self.vocab().to_string(),
            holdout: (self.holdout()).map(|(split_method, split_seed)| Holdout {
                split_method,
                split_seed,
            }),
            w: self
                .w()
                .rows()
                .into_iter()
                .map(|row| to_raw_value(&row.to_vec()))
                .collect::<serde_json::Result<Vec<Box<RawValue>>>>()
                .expect("numbers serialise"),
        };
        let mut text = serde_json::to_vec_pretty(&file).expect("plain data serialises");
        text.push(b'\n');
        crate::fsio::write_file(path.as_ref(), &text)
    }

    /// Reads a model file of either version. A missing file is an [`Error::Read`]; everything
    /// else that can be wrong (not such JSON, another format or version, a version-1 file with
    /// `net` or `context`, a version-2 file without them, a K out of range, an invalid
    /// vocabulary, a `W` of the wrong shape, a weight that is not finite) is an
    /// [`Error::InvalidModel`] naming the file and saying what is wrong. (A version-2 table net
    /// with K = 1 is the bigram net, and saves as version 1.)
    ///
    /// ```
    /// use makemore::nn::Net;
    /// use makemore::Error;
    ///
    /// let path = std::env::temp_dir().join("makemore-doc-bad-net.json");
    /// std::fs::write(&path, r#"{"format": "makemore-nn", "version": 1, "vocab": ".a", "W": [[0, 0]]}"#).unwrap();
    /// let err = Net::load(&path).unwrap_err();
    /// assert!(matches!(err, Error::InvalidModel { .. }));
    /// assert!(err.to_string().ends_with("W has 1 row, expected 2 (one per vocabulary entry)"), "{err}");
    /// std::fs::write(&path, r#"{"format": "makemore-nn", "version": 2, "net": "table", "context": 2, "vocab": ".a", "W": [[0, 0]]}"#).unwrap();
    /// let err = Net::load(&path).unwrap_err().to_string();
    /// assert!(err.ends_with("W has 1 row, expected 4 (V^K: one per context of 2 characters)"), "{err}");
    /// # std::fs::remove_file(&path).unwrap();
    /// assert!(matches!(Net::load("no/such/model.json"), Err(Error::Read { .. })));
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Net> {
        let path = path.as_ref();
        let bytes = crate::fsio::read_file(path)?;
        let invalid = |reason: String| Error::InvalidModel {
            path: path.into(),
            reason,
        };
        let file: ModelFile = serde_json::from_slice(&bytes)
            .map_err(|e| invalid(format!("not a model file ({e})")))?;
        if file.format != MODEL_FORMAT {
            return Err(invalid(format!(
                "the format is {:?}, expected {MODEL_FORMAT:?}",
                file.format
            )));
        }
        let (kind, k) = match (file.version, file.net, file.context) {
            (BIGRAM_VERSION, None, None) => (NetKind::Table, 1),
            (BIGRAM_VERSION, ..) => {
                return Err(invalid(format!(
                    "a version {BIGRAM_VERSION} file (the bigram net) has no \"net\" or \"context\"; \
                     a neural n-gram net is version {NGRAM_VERSION}"
                )));
            }
            (NGRAM_VERSION, Some(net), Some(k)) => (net, k),
            (NGRAM_VERSION, ..) => {
                return Err(invalid(format!(
                    "a version {NGRAM_VERSION} file needs both \"net\" (\"table\" or \"concat\") and \"context\" (K)"
                )));
            }
            (version, ..) => {
                return Err(invalid(format!(
                    "version {version} is not supported (this build reads versions \
                     {BIGRAM_VERSION} and {NGRAM_VERSION})"
                )));
            }
        };
        let vocab = Vocab::try_from(file.vocab).map_err(|e| invalid(e.to_string()))?;
        let v = vocab.len();
        let rows = kind.rows(v, k).map_err(|e| invalid(e.to_string()))?;
        let per = match (file.version, kind) {
            (BIGRAM_VERSION, _) => "one per vocabulary entry".to_string(),
            (_, NetKind::Table) => format!("V^K: one per context of {k} characters"),
            (_, NetKind::Concat) => format!("K x V: {k} blocks of {v}"),
        };
        if file.w.len() != rows {
            let found = file.w.len();
            let s = if found == 1 { "" } else { "s" };
            return Err(invalid(format!(
                "W has {found} row{s}, expected {rows} ({per})"
            )));
        }
        if let Some((i, row)) = file.w.iter().enumerate().find(|(_, r)| r.len() != v) {
            return Err(invalid(format!(
                "row {i} of W has {} entries, expected {v} (one per vocabulary entry)",
                row.len()
            )));
        }
        let w = Array2::from_shape_vec((rows, v), file.w.concat())
            .map_err(|e| invalid(format!("W: {e}")))?;
        let mut net = Net::from_parts(vocab, kind, k, w).map_err(|e| invalid(e.to_string()))?;
        if let Some(Holdout {
            split_method,
            split_seed,
        }) = file.holdout
        {
            net.set_holdout(split_method, split_seed);
        }
        Ok(net)
    }

    /// [`Net::load`], then checks that the net's vocabulary is `vocab` (say, the data set's);
    /// if not, an [`Error::InvalidModel`] shows both.
    ///
    /// ```
    /// use makemore::nn::Net;
    /// use makemore::{counting::sample::Generator, vocab::Vocab};
    ///
    /// let path = std::env::temp_dir().join("makemore-doc-net-vocab.json");
    /// Net::new(Vocab::from_chars("ab".chars())?, Generator::ChaCha, 1).save(&path)?;
    /// assert!(Net::load_for(&path, &Vocab::from_chars("ab".chars())?).is_ok());
    /// let err = Net::load_for(&path, &Vocab::from_chars("abc".chars())?).unwrap_err();
    /// assert!(err.to_string().contains(r#"the model's vocabulary is ".ab" (3 characters), the data's is ".abc" (4)"#), "{err}");
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn load_for(path: impl AsRef<Path>, vocab: &Vocab) -> Result<Net> {
        let path = path.as_ref();
        let net = Net::load(path)?;
        // The model's vocabulary must be the data's; if not, the error shows both.
        if net.vocab() != vocab {
            return Err(Error::InvalidModel {
                path: path.into(),
                reason: format!(
                    "the model's vocabulary is {} ({} characters), the data's is {} ({})",
                    net.vocab().brief(),
                    net.vocab().len(),
                    vocab.brief(),
                    vocab.len()
                ),
            });
        }
        Ok(net)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counting::sample::{Generator, LECTURE_SEED};

    fn temp(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("makemore-nn-{}-{name}", std::process::id()))
    }

    #[test]
    fn the_file_is_pretty_json_with_one_row_of_w_per_line() {
        let vocab = Vocab::from_chars("a".chars()).unwrap();
        let w = ndarray::array![[0.0, 0.5], [1.0, -2.25]];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("net.json");
        Net::from_weights(vocab, w).unwrap().save(&path).unwrap();
        let expected = "{\n  \"format\": \"makemore-nn\",\n  \"version\": 1,\n  \"vocab\": \".a\",\n  \"W\": [\n    [0.0,0.5],\n    [1.0,-2.25]\n  ]\n}\n";
        assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    }

    #[test]
    fn bad_model_files_are_clear_errors() {
        let vocab = Vocab::from_chars('a'..='z').unwrap();
        let good = temp("good.json");
        Net::new(vocab.clone(), Generator::ChaCha, LECTURE_SEED)
            .save(&good)
            .unwrap();
        let text = std::fs::read_to_string(&good).unwrap();
        let other = Vocab::from_chars("abc".chars()).unwrap();
        let err = Net::load_for(&good, &other).unwrap_err();
        assert!(matches!(err, Error::InvalidModel { .. }));
        assert!(err.to_string().starts_with(&good.display().to_string()));
        assert!(err.to_string().contains("vocabulary"), "{err}");
        std::fs::remove_file(&good).unwrap();

        let short_row = {
            let start = text.find("[\n    [").unwrap() + 7;
            let comma = start + text[start..].find(',').unwrap();
            format!("{}{}", &text[..start], &text[comma + 1..])
        };
        let cases = [
            (text[..text.len() / 2].to_string(), "not a model file"),
            ("hello".to_string(), "not a model file"),
            (
                text.replace("makemore-nn", "something-else"),
                "the format is \"something-else\"",
            ),
            (
                text.replace("\"version\": 1", "\"version\": 9"),
                "version 9 is not supported",
            ),
            (
                text.replace(".abcdefghijklmnopqrstuvwxyz", ".abcdefghijklmnopqrstuvwxy"),
                "W has 27 rows, expected 26",
            ),
            (text.replace(".abc", ".bac"), "sorted"),
            (short_row, "row 0 of W has 26 entries, expected 27"),
            (
                text.replacen("[\n    [", "[\n    [0.5, ", 1),
                "row 0 of W has 28 entries",
            ),
        ];
        for (i, (content, needle)) in cases.iter().enumerate() {
            let path = temp(&format!("bad{i}.json"));
            std::fs::write(&path, content).unwrap();
            let err = Net::load(&path).unwrap_err();
            std::fs::remove_file(&path).unwrap();
            assert!(matches!(err, Error::InvalidModel { .. }), "{err}");
            let msg = err.to_string();
            assert!(msg.starts_with(&path.display().to_string()), "{msg}");
            assert!(msg.contains(needle), "case {i}: {msg}");
        }
        // A weight too large for f32 reads as infinity and is refused.
        let huge = {
            let start = text.find("[\n    [").unwrap() + 7;
            let comma = start + text[start..].find(',').unwrap();
            format!("{}1e300{}", &text[..start], &text[comma..])
        };
        let path = temp("huge.json");
        std::fs::write(&path, huge).unwrap();
        let err = Net::load(&path).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert!(err.to_string().contains("finite"), "{err}");

        let missing = temp("missing.json");
        assert!(matches!(Net::load(&missing), Err(Error::Read { .. })));
        assert!(matches!(
            Net::load(std::env::temp_dir()),
            Err(Error::IsDirectory { .. })
        ));
    }

    #[test]
    fn every_kind_round_trips_bit_for_bit_and_version_2_is_checked() {
        let vocab = Vocab::from_chars("abc".chars()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let nets = [
            Net::new(vocab.clone(), Generator::ChaCha, LECTURE_SEED),
            Net::with_architecture(vocab.clone(), NetKind::Table, 2, Generator::Torch, 3).unwrap(),
            Net::with_architecture(vocab.clone(), NetKind::Concat, 3, Generator::ChaCha, 4)
                .unwrap(),
        ];
        for (i, net) in nets.iter().enumerate() {
            let (a, b) = (
                dir.path().join(format!("{i}a")),
                dir.path().join(format!("{i}b")),
            );
            net.save(&a).unwrap();
            let back = Net::load(&a).unwrap();
            assert_eq!(&back, net);
            back.save(&b).unwrap();
            assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
            let text = std::fs::read_to_string(&a).unwrap();
            let rows = text.lines().filter(|l| l.starts_with("    [")).count();
            assert_eq!(rows, [4, 16, 12][i]);
        }
        let table = std::fs::read_to_string(dir.path().join("1a")).unwrap();
        assert!(table.starts_with(
            "{\n  \"format\": \"makemore-nn\",\n  \"version\": 2,\n  \"net\": \"table\",\n  \"context\": 2,\n  \"vocab\": \".abc\",\n"
        ));
        for (content, needle) in [
            (
                table.replace("\"version\": 2", "\"version\": 1"),
                "has no \"net\" or \"context\"",
            ),
            (
                table.replace("  \"context\": 2,\n", ""),
                "needs both \"net\"",
            ),
            (
                table.replace("\"context\": 2", "\"context\": 1"),
                "W has 16 rows, expected 4 (V^K",
            ),
            (
                table.replace("\"context\": 2", "\"context\": 0"),
                "invalid context length = 0",
            ),
            (
                table.replace("\"context\": 2", "\"context\": 9"),
                "must be between 1 and 8",
            ),
            (
                table.replace("\"context\": 2", "\"context\": 7"),
                "expected 16384 (V^K: one per context of 7 characters)",
            ),
            (
                table.replace("\"context\": 2", "\"context\": -2"),
                "not a model file",
            ),
            (
                table.replace("\"table\"", "\"mlp\""),
                "unknown variant `mlp`",
            ),
            (
                table.replace("\"table\"", "\"concat\""),
                "W has 16 rows, expected 8 (K x V: 2 blocks of 4)",
            ),
            (
                table.replace("\"version\": 2", "\"version\": 3"),
                "version 3 is not supported (this build reads versions 1 and 2)",
            ),
        ] {
            let path = dir.path().join("bad.json");
            std::fs::write(&path, content).unwrap();
            let err = Net::load(&path).unwrap_err();
            assert!(matches!(err, Error::InvalidModel { .. }), "{err}");
            assert!(err.to_string().contains(needle), "{needle}: {err}");
        }
    }
}
