//! The properties the fuzz targets check (fuzz/fuzz_targets/), shared with
//! tests/fuzz_regressions.rs, which replays every input the fuzzers found.
#![allow(dead_code)] // each includer uses its own subset

use std::path::Path;

use makemore::bigram::Counts;
use makemore::nn::Net;
use makemore::{loss, sample, BigramModel, Dataset, LoadOptions};

/// The data loader with counting, on any bytes: the in-memory loader and the streaming counter
/// accept exactly the same inputs, with the same error; an error names the input; accepted
/// data counts consistently and gives a model that samples and scores.
pub fn load_and_count(bytes: &[u8]) {
    for skip_blank_lines in [false, true] {
        let options = LoadOptions { skip_blank_lines };
        let loaded = Dataset::read(bytes, "fuzz-input", options);
        let counted = Counts::from_reader(bytes, "fuzz-input", options);
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
        assert_eq!(counts, Counts::from_dataset(&words).unwrap());
        let s = counts.stats;
        assert_eq!(s.items, words.len());
        assert_eq!(counts.matrix.sum() as usize, s.characters + s.items);
        assert_eq!(counts.matrix.row(0).sum() as usize, s.items);
        assert_eq!(counts.matrix.column(0).sum() as usize, s.items);
        assert!(counts.vocab.len() <= makemore::vocab::MAX_SIZE);
        let model = BigramModel::from_counts(counts.vocab.clone(), &counts.matrix, 1.0).unwrap();
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
    let net = match Net::load(path) {
        Ok(net) => net,
        Err(err) => {
            let message = err.to_string();
            let named = format!("{}: invalid model file: ", path.display());
            assert!(message.starts_with(&named), "{message}");
            assert_eq!(message.lines().count(), 1, "{message}");
            return;
        }
    };
    assert!(net.w().iter().all(|w| w.is_finite()));
    let model = net.to_model().unwrap();
    let name = sample::sample_name(&model, &mut sample::seeded(0), 64).unwrap();
    assert!(name.chars().count() <= 64);
    assert!(!name.chars().any(char::is_control), "{name:?}");
    net.save(path).unwrap();
    let again = Net::load(path).unwrap();
    assert_eq!(again.vocab(), net.vocab());
    assert_eq!(again.w(), net.w(), "W changed on a save and load");
}
