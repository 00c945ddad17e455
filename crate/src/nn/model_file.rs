//! A trained net as a file: JSON with the vocabulary and `W`, one row of `W` per line, written
//! atomically and read back with an error for everything that can be wrong with it.

use std::io;
use std::path::Path;

use ndarray::Array2;
use serde::{Deserialize, Serialize};
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::net::Net;
use crate::error::{Error, Result};
use crate::vocab::Vocab;

/// The `format` field of a model file.
const MODEL_FORMAT: &str = "makemore-nn";
/// The `version` field of a model file.
const MODEL_VERSION: u32 = 1;

/// The model file as stored.
#[derive(Serialize, Deserialize)]
struct ModelFile {
    format: String,
    version: u32,
    vocab: String,
    #[serde(rename = "W")]
    w: Vec<Vec<f32>>,
}

impl Net {
    /// Writes the net to a JSON file: `{"format": "makemore-nn", "version": 1, "vocab": ".abc…",
    /// "W": [[…], …]}`, one row of `W` per line. Floats are written so that they read back
    /// exactly. Like [`crate::plot::Svg::save`] it writes a temporary file and renames it into
    /// place.
    ///
    /// ```
    /// use makemore::nn::{Init, Net};
    /// use makemore::Vocab;
    ///
    /// let net = Net::new(Vocab::from_chars("ab".chars())?, Init::default());
    /// let path = std::env::temp_dir().join("makemore-doc-net.json");
    /// net.save(&path)?;
    /// assert_eq!(Net::load(&path)?, net);
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let file = ModelFile {
            format: MODEL_FORMAT.into(),
            version: MODEL_VERSION,
            vocab: self.vocab().to_string(),
            w: self
                .w()
                .rows()
                .into_iter()
                .map(|row| row.to_vec())
                .collect(),
        };
        let mut text = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut text, RowsPerLine::default());
        file.serialize(&mut ser).expect("plain data serialises");
        text.push(b'\n');
        crate::fsio::write_atomically(path.as_ref(), &text)
    }

    /// Reads a net written by [`Net::save`]. A missing file is an [`Error::Read`]; a file that is
    /// not such JSON, has another format or version, an invalid vocabulary, a `W` of the wrong
    /// shape or a weight that is not finite is an [`Error::InvalidModel`] that names the file and
    /// says what is wrong.
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
        if file.version != MODEL_VERSION {
            return Err(invalid(format!(
                "version {} is not supported (this build reads version {MODEL_VERSION})",
                file.version
            )));
        }
        let vocab = Vocab::try_from(file.vocab).map_err(|e| invalid(e.to_string()))?;
        let v = vocab.len();
        if file.w.len() != v {
            let rows = file.w.len();
            let s = if rows == 1 { "" } else { "s" };
            return Err(invalid(format!(
                "W has {rows} row{s}, expected {v} (one per vocabulary entry)"
            )));
        }
        if let Some((i, row)) = file.w.iter().enumerate().find(|(_, r)| r.len() != v) {
            return Err(invalid(format!(
                "row {i} of W has {} entries, expected {v} (one per vocabulary entry)",
                row.len()
            )));
        }
        let w = Array2::from_shape_vec((v, v), file.w.concat())
            .map_err(|e| invalid(format!("W: {e}")))?;
        Net::from_weights(vocab, w).map_err(|e| invalid(e.to_string()))
    }

    /// [`Net::load`], then checks that the net's vocabulary is `vocab` (say, the data set's);
    /// if not, an [`Error::InvalidModel`] shows both.
    ///
    /// ```
    /// use makemore::nn::{Init, Net};
    /// use makemore::Vocab;
    ///
    /// let path = std::env::temp_dir().join("makemore-doc-net-vocab.json");
    /// Net::new(Vocab::from_chars("ab".chars())?, Init::Zeros).save(&path)?;
    /// assert!(Net::load_for(&path, &Vocab::from_chars("ab".chars())?).is_ok());
    /// let err = Net::load_for(&path, &Vocab::from_chars("abc".chars())?).unwrap_err();
    /// assert!(err.to_string().contains(r#"the model's vocabulary is ".ab" (3 characters), the data's is ".abc" (4)"#), "{err}");
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn load_for(path: impl AsRef<Path>, vocab: &Vocab) -> Result<Net> {
        let path = path.as_ref();
        let net = Net::load(path)?;
        if net.vocab() != vocab {
            return Err(Error::InvalidModel {
                path: path.into(),
                reason: format!(
                    "the model's vocabulary is {:?} ({} characters), the data's is {:?} ({})",
                    net.vocab().to_string(),
                    net.vocab().len(),
                    vocab.to_string(),
                    vocab.len()
                ),
            });
        }
        Ok(net)
    }
}

/// serde_json's pretty layout, except that an array inside an array (a row of `W`) is written
/// compactly on one line.
#[derive(Default)]
struct RowsPerLine {
    pretty: PrettyFormatter<'static>,
    /// How many arrays are open.
    depth: usize,
}

impl Formatter for RowsPerLine {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        if self.depth > 1 {
            CompactFormatter.begin_array(w)
        } else {
            self.pretty.begin_array(w)
        }
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.depth > 0 {
            CompactFormatter.end_array(w)
        } else {
            self.pretty.end_array(w)
        }
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if self.depth > 1 {
            CompactFormatter.begin_array_value(w, first)
        } else {
            self.pretty.begin_array_value(w, first)
        }
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        if self.depth > 1 {
            CompactFormatter.end_array_value(w)
        } else {
            self.pretty.end_array_value(w)
        }
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Init;

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
        Net::new(vocab.clone(), Init::default())
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
}
