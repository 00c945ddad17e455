//! The properties the fuzz targets check (fuzz/fuzz_targets/), shared with
//! tests/fuzz_regressions.rs, which replays every input the fuzzers found.
#![allow(dead_code)] // each includer uses its own subset

use std::path::Path;

use makemore::counting::Counts;
use makemore::nn::{Net, NetKind};
use makemore::{
    counting::{BigramModel, arpa, loss, sample},
    data::{Dataset, LoadOptions},
};

/// The module rules of `makemore::data`, written the plainest way, on the whole text at once:
/// the items, or the line of the first error. The oracle the streaming reader is checked against.
fn reference(bytes: &[u8], skip_blank_lines: bool) -> Result<Vec<String>, usize> {
    let mut items = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let lines_before = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            // Lines before the bad byte may hold errors of their own: check them first.
            let good_part = &bytes[..e.valid_up_to()];
            let cut = good_part
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            if cut > 0 {
                reference(&good_part[..cut], skip_blank_lines)
                    .map(drop)
                    .or_else(|line| {
                        if line == usize::MAX {
                            Ok(())
                        } else {
                            Err(line)
                        }
                    })?;
            }
            return Err(lines_before + 1);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.strip_suffix('\n').unwrap_or(text);
    if !text.is_empty() {
        for (i, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() {
                if skip_blank_lines {
                    continue;
                }
                return Err(i + 1);
            }
            let reserved_or_control = line.chars().any(|c| c == '.' || c.is_control());
            if line.trim() != line || reserved_or_control {
                return Err(i + 1);
            }
            items.push(line.to_string());
        }
    }
    let distinct: std::collections::BTreeSet<char> = items.iter().flat_map(|w| w.chars()).collect();
    if distinct.len() >= makemore::vocab::MAX_SIZE {
        return Err(0); // the line is checked by the unit tests; here only that it fails
    }
    if items.is_empty() {
        return Err(usize::MAX); // empty
    }
    Ok(items)
}

/// The line an error names, `usize::MAX` for an empty data set, 0 for too many characters.
fn error_line(err: &makemore::Error) -> usize {
    use makemore::Error::*;
    match err {
        InvalidUtf8 { line, .. }
        | BlankLine { line, .. }
        | SurroundingWhitespace { line, .. }
        | ControlChar { line, .. }
        | ReservedChar { line, .. }
        | LineTooLong { line, .. } => *line,
        EmptyData { .. } => usize::MAX,
        TooManyChars { .. } => 0,
        other => panic!("unexpected error {other}"),
    }
}

/// The data loader with counting, on any bytes: the streaming reader gives the items or the
/// error line that a plain whole-text reading of the rules gives, through a buffer of any size;
/// the in-memory loader and the streaming counter accept exactly the same inputs, with the same
/// error; an error names the input; accepted data counts exactly as `count_matrix` does and gives
/// a model that samples and scores.
pub fn load_and_count(bytes: &[u8]) {
    for skip_blank_lines in [false, true] {
        let options = LoadOptions {
            skip_blank_lines,
            ..LoadOptions::default()
        };
        let loaded = Dataset::read(bytes, "fuzz-input", options);
        let expected = reference(bytes, skip_blank_lines);
        match (&loaded, &expected) {
            (Ok(words), Ok(items)) => assert_eq!(words.items(), &items[..]),
            (Err(err), Err(line)) => assert_eq!(error_line(err), *line, "{err}"),
            (a, b) => panic!("reader {a:?}, reference {b:?}"),
        }
        // The same through a small buffer, so that lines cross the buffer's end.
        let capacity = 1 + bytes.len() % 13;
        let small = std::io::BufReader::with_capacity(capacity, bytes);
        let again = Dataset::read(small, "fuzz-input", options);
        assert_eq!(
            again.as_ref().map_err(|e| e.to_string()),
            loaded.as_ref().map_err(|e| e.to_string()),
            "buffer of {capacity} bytes"
        );
        let counted = Counts::from_reader(bytes, "fuzz-input", options, 1);
        let (words, counts) = match (loaded, counted) {
            (Ok(words), Ok(counts)) => (words, counts),
            (Err(a), Err(b)) => {
                let (a, b) = (a.to_string(), b.to_string());
                assert_eq!(a, b, "the loader and the counter disagree");
                assert!(
                    a.starts_with("fuzz-input") || a.contains(" fuzz-input"),
                    "{a}"
                );
                assert_eq!(a.lines().count(), 1, "{a}");
                continue;
            }
            (a, b) => panic!("one accepts, one refuses: {a:?} / {b:?}"),
        };
        assert_eq!(counts, Counts::from_dataset(&words, 1).unwrap());
        let (s, n) = (counts.stats(), counts.dense().unwrap());
        assert_eq!(s.items, words.len());
        assert_eq!(n.sum() as usize, s.characters + s.items);
        assert_eq!(n.row(0).sum() as usize, s.items);
        assert_eq!(n.column(0).sum() as usize, s.items);
        assert!(counts.vocab().len() <= makemore::vocab::MAX_SIZE);
        let model = BigramModel::from_counts(&counts, 1.0).unwrap();
        let name = sample::sample_name(&model, &mut sample::seeded(0), 64).unwrap();
        assert!(name.chars().count() <= 64);
        let nll = loss::evaluate(&model, words.items()).unwrap();
        assert!(nll.mean.is_finite() && nll.mean >= 0.0, "{nll:?}");
    }
}

/// The model-file loader, on any bytes written to `path`: it either refuses them with an error
/// naming the file, or gives a net whose model samples and which saves and loads back exactly.
pub fn model_file(bytes: &[u8], path: &Path) {
    std::fs::write(path, bytes).unwrap();
    let named = format!("{}: invalid model file: ", path.display());
    let net = match Net::load(path) {
        Ok(net) => net,
        Err(err) => {
            let message = err.to_string();
            assert!(message.starts_with(&named), "{message}");
            assert_eq!(message.lines().count(), 1, "{message}");
            return;
        }
    };
    match net.to_model() {
        Ok(model) => {
            assert_eq!(model.context_len(), net.context_len());
            let name = sample::sample_name(&model, &mut sample::seeded(0), 64).unwrap();
            assert!(name.chars().count() <= 64);
            assert!(!name.chars().any(char::is_control), "{name:?}");
        }
        // Only a concatenated net whose table would be too large to write out.
        Err(err) => {
            assert_eq!(net.kind(), NetKind::Concat, "{err}");
            assert_eq!(err.to_string().lines().count(), 1, "{err}");
        }
    }
    assert!(net.w().iter().all(|w| w.is_finite()));
    net.save(path).unwrap();
    assert_eq!(
        Net::load(path).unwrap(),
        net,
        "the net changed on a save and load"
    );
}

/// An ARPA file of any bytes either reads as a count model, which samples, scores a name of its
/// vocabulary and writes back to a file that reads to the same probabilities, or is refused in
/// one line naming the file.
pub fn arpa_file(bytes: &[u8]) {
    let model = match arpa::read(bytes, "fuzz.arpa", '.') {
        Ok(model) => model,
        Err(err) => {
            let message = err.to_string();
            assert!(
                message.starts_with("fuzz.arpa: invalid model file: "),
                "{message}"
            );
            assert_eq!(message.lines().count(), 1, "{message}");
            return;
        }
    };
    // Rows need not sum to 1 (lmplz gives <unk> some); one may be all zeros, which sampling
    // refuses, naming it.
    if let Ok(name) = sample::sample_name(&model, &mut sample::seeded(0), 16) {
        assert!(name.chars().count() <= 16);
    }
    let item: String = model.vocab().chars().iter().skip(1).take(3).collect();
    if !item.is_empty() {
        let nll = loss::evaluate(&model, [&item]).unwrap();
        assert!(!nll.mean.is_nan(), "{nll:?}");
    }
    let mut file = Vec::new();
    arpa::write(&model, &mut file).unwrap();
    let back = arpa::read(&file[..], "back.arpa", '.').unwrap();
    assert_eq!(
        (back.vocab(), back.context_len()),
        (model.vocab(), model.context_len())
    );
    let (ours, theirs) = (model.row(0).unwrap(), back.row(0).unwrap());
    for (a, b) in ours.iter().zip(&theirs) {
        assert!(
            a == b || (a - b).abs() <= 1e-6 * a.abs().max(*b),
            "{ours} vs {theirs}"
        );
    }
}
