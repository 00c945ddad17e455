//! The counting half of the lecture on names.txt, through the library.

use makemore::{
    counting::{BigramModel, bigram, loss},
    data::Dataset,
    vocab::Vocab,
};

fn words() -> Dataset {
    Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt")).unwrap()
}

#[test]
fn the_file_has_no_trailing_newline_and_still_gives_32033_names() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt")).unwrap();
    assert_ne!(bytes.last(), Some(&b'\n'));
    let words = words();
    assert_eq!(words.len(), 32033);
    assert_eq!(words.items().last().unwrap(), "zzyzx");
}

#[test]
fn dictionary_and_matrix_agree() {
    let words = words();
    let vocab = Vocab::from_dataset(&words);
    let n = bigram::count_matrix(&vocab, words.items()).unwrap();
    let dict = bigram::count_dict(words.items());
    assert_eq!(dict.values().sum::<usize>(), 228146);
    for ((a, b), count) in &dict {
        let (i, j) = (vocab.stoi(*a).unwrap(), vocab.stoi(*b).unwrap());
        assert_eq!(n[[i, j]] as usize, *count, "{a}{b}");
    }
    // Every cell not in the dictionary is zero.
    assert_eq!(n.iter().filter(|&&c| c > 0).count(), dict.len());
    // The tail of the sorted list holds the bigrams seen only once.
    assert_eq!(bigram::most_common(&dict).last().unwrap().1, 1);
}

#[test]
fn probabilities_with_and_without_the_kept_axis() {
    let words = words();
    let n = bigram::count_matrix(&Vocab::from_dataset(&words), words.items()).unwrap();
    let p = bigram::probs(&n, 0.0).unwrap();
    // Row 0 is the distribution of first letters: 4410 of 32033 names start with 'a'.
    assert!((p[[0, 1]] - 4410.0 / 32033.0).abs() < 1e-7);
    for row in p.outer_iter() {
        assert!((row.sum() - 1.0).abs() < 1e-6);
    }
    let wrong = bigram::probs_without_keepdim(&n, 0.0).unwrap();
    // Without the kept axis row 0 is far from summing to 1. Plain Python: the sum over j of
    // (N[0, j] + 1) / rowsum(N[j] + 1) is 6.9246.
    assert!((wrong.row(0).sum() - 1.0).abs() > 1.0);
    let wrong1 = bigram::probs_without_keepdim(&n, 1.0).unwrap();
    assert!((wrong1.row(0).sum() - 6.9246).abs() < 1e-3);
}

#[test]
fn smoothing_removes_infinite_losses() {
    let words = words();
    let raw = BigramModel::fit(&words, 1, 0.0).unwrap();
    let smooth = BigramModel::fit(&words, 1, 1.0).unwrap();
    assert!(
        loss::evaluate(&raw, ["andrejq"])
            .unwrap()
            .mean
            .is_infinite()
    );
    let nll = loss::evaluate(&smooth, ["andrejq"]).unwrap();
    assert!(nll.mean.is_finite() && nll.mean > 3.0);
    assert!(smooth.probs().unwrap().iter().all(|&p| p > 0.0));
}
