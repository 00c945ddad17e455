//! Sampling, whatever the probabilities: every generator draws a valid index from a valid row
//! and refuses any other row (NaN, infinite, negative, all zero) with an error, and sampling a
//! name always ends, within `max_len` characters, from any count matrix and any smoothing.

use makemore::rng::{MultinomialRule, TorchGenerator};
use makemore::{Error, counting::BigramModel, vocab::Vocab};
use makemore::{counting::sample, counting::sample::IndexSampler};
use ndarray::{Array1, Array2};
use proptest::prelude::*;

/// The generators a learner can pick: ChaCha8 and torch's, with both multinomial rules.
fn samplers(seed: u64) -> Vec<Box<dyn IndexSampler>> {
    samplers_and_rules(seed)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// Each generator with whether it also refuses a row whose f32 sum overflows (torch sums the
/// weights in f32, as torch.multinomial does; ChaCha's sampler sums in f64).
fn samplers_and_rules(seed: u64) -> Vec<(Box<dyn IndexSampler>, bool)> {
    let torch = |rule| TorchGenerator::manual_seed(seed).with_multinomial_rule(rule);
    vec![
        (Box::new(sample::seeded(seed)), false),
        (Box::new(torch(MultinomialRule::Cdf)), true),
        (Box::new(torch(MultinomialRule::Race)), true),
    ]
}

/// Any f32 at all, with the awkward ones often: NaN, infinities, zeros, negatives, tiny and huge.
fn any_entry() -> impl Strategy<Value = f32> {
    prop_oneof![
        2 => Just(0.0f32),
        1 => Just(f32::NAN),
        1 => Just(f32::INFINITY),
        1 => Just(f32::NEG_INFINITY),
        1 => Just(-0.0f32),
        1 => Just(f32::MAX),
        1 => Just(f32::MIN_POSITIVE / 4.0), // subnormal
        4 => 0.0f32..1.0,
        1 => -1.0f32..0.0,
        1 => prop::num::f32::ANY,
    ]
}

fn valid(row: &[f32]) -> bool {
    row.iter().all(|p| p.is_finite() && *p >= 0.0) && row.iter().any(|p| *p > 0.0)
}

#[test]
fn nan_negative_and_all_zero_rows_are_errors_that_say_which_entry() {
    for (row, reason) in [
        (
            vec![0.5, f32::NAN, 0.5],
            "entry 1 is NaN, not a finite number",
        ),
        (
            vec![0.5, f32::INFINITY],
            "entry 1 is inf, not a finite number",
        ),
        (vec![-0.5, 1.5], "entry 0 is negative (-0.5)"),
        (vec![0.0, 0.0, 0.0], "all entries are zero"),
        (vec![], "the row is empty"),
    ] {
        let err = sample::multinomial(Array1::from(row.clone()).view(), &mut sample::seeded(0))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("invalid probabilities: {reason}"),
            "{row:?}"
        );
        // The same rows in a model's table are refused when the model is made.
        if !row.is_empty() {
            let v = row.len();
            let mut probs = Array2::<f32>::from_elem((v, v), 1.0 / v as f32);
            probs.row_mut(v - 1).assign(&Array1::from(row.clone()));
            let vocab = Vocab::from_chars("abc".chars().take(v - 1)).unwrap();
            let err = BigramModel::from_probs(vocab, 1, probs).unwrap_err();
            assert!(
                err.to_string()
                    .starts_with(&format!("invalid probabilities: row {}: ", v - 1)),
                "{err}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_row_gives_a_positive_entry_or_an_error(
        row in prop::collection::vec(any_entry(), 0..40),
        seed in any::<u64>(),
    ) {
        let probs = Array1::from(row.clone());
        for (mut sampler, f32_sum) in samplers_and_rules(seed) {
            let valid = valid(&row) && (!f32_sum || row.iter().sum::<f32>().is_finite());
            match sampler.sample_index(probs.view()) {
                Ok(i) => {
                    prop_assert!(valid, "drew {} from an invalid row {:?}", i, row);
                    prop_assert!(i < row.len() && row[i] > 0.0, "drew {} from {:?}", i, row);
                }
                Err(Error::InvalidProbabilities { .. }) => {
                    prop_assert!(!valid, "refused a valid row {:?}", row)
                }
                Err(other) => prop_assert!(false, "unexpected error {}", other),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_name_always_ends_within_max_len(
        v in 1usize..8,
        counts in prop::collection::vec(
            prop_oneof![3 => Just(0u32), 3 => 0u32..10, 1 => Just(u32::MAX)], 64),
        smoothing in prop_oneof![Just(0.0f32), 0.0f32..3.0, Just(1e30f32)],
        max_len in 1usize..300,
        seed in any::<u64>(),
    ) {
        let chars: String = "abcdefg".chars().take(v - 1).collect();
        let vocab = Vocab::from_chars(chars.chars()).unwrap();
        let n = Array2::from_shape_fn((v, v), |(i, j)| counts[i * 8 + j]);
        let model = BigramModel::from_matrix(vocab, &n, smoothing).unwrap();
        for mut sampler in samplers(seed) {
            let name = sample::sample_name(&model, sampler.as_mut(), max_len).unwrap();
            let len = name.chars().count();
            prop_assert!(len <= max_len, "{:?} is longer than {}", name, max_len);
            // A name ends with '.' unless max_len cut it; nothing after the '.'.
            prop_assert!(name.ends_with('.') || len == max_len, "{:?}", name);
            prop_assert!(!name.trim_end_matches('.').contains('.') && name.matches('.').count() <= 1);
        }
    }

    #[test]
    fn a_table_with_a_bad_row_is_refused_as_a_model(
        v in 1usize..6,
        entries in prop::collection::vec(any_entry(), 36),
    ) {
        let probs = Array2::from_shape_fn((v, v), |(i, j)| entries[i * 6 + j]);
        let vocab = Vocab::from_chars("abcde".chars().take(v - 1)).unwrap();
        let all_valid = probs.outer_iter().all(|row| {
            let row = row.to_vec();
            valid(&row) && (row.iter().map(|&p| p as f64).sum::<f64>() - 1.0).abs() <= 1e-4
        });
        match BigramModel::from_probs(vocab, 1, probs) {
            Ok(model) => {
                prop_assert!(all_valid);
                let name = sample::sample_name(&model, &mut sample::seeded(1), 50).unwrap();
                prop_assert!(name.chars().count() <= 50);
            }
            Err(Error::InvalidProbabilities { .. }) => prop_assert!(!all_valid),
            Err(other) => prop_assert!(false, "unexpected error {}", other),
        }
    }
}
