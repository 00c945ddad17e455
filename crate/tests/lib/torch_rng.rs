//! `TorchGenerator` against the outputs of torch 2.15 (CPU, x86-64 AVX2) in
//! `tests/data/torch-rng-vectors.json`: every f32 compared bit for bit.

use makemore::rng::{MultinomialRule, TorchGenerator};
use makemore::{
    Error,
    counting::{BigramModel, bigram},
    data::Dataset,
    vocab::Vocab,
};
use makemore::{counting::sample, counting::sample::IndexSampler};
use ndarray::{Array1, array};
use rand_core::RngCore;
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/torch-rng-vectors.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn entry<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().unwrap_or_else(|| panic!("{key} missing"))
}

/// A list of f32 bit patterns written as 8 hex digits.
fn bits(v: &Value, key: &str) -> Vec<u32> {
    entry(v, key)
        .iter()
        .map(|x| u32::from_str_radix(x.as_str().unwrap(), 16).unwrap())
        .collect()
}

/// A list of unsigned integers.
fn ints(v: &Value, key: &str) -> Vec<u64> {
    entry(v, key).iter().map(|x| x.as_u64().unwrap()).collect()
}

fn usizes(v: &Value, key: &str) -> Vec<usize> {
    ints(v, key).into_iter().map(|x| x as usize).collect()
}

fn to_bits(xs: &[f32]) -> Vec<u32> {
    xs.iter().map(|x| x.to_bits()).collect()
}

/// Bit-exact comparison that names the first mismatching index.
fn assert_bits(found: &[f32], expected: &[u32], what: &str) {
    assert_eq!(found.len(), expected.len(), "{what}: length");
    let mismatches: Vec<_> = to_bits(found)
        .iter()
        .zip(expected)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| format!("[{i}] {a:08x} != {b:08x}"))
        .collect();
    assert!(
        mismatches.is_empty(),
        "{what}: {} of {} differ: {:?}",
        mismatches.len(),
        expected.len(),
        &mismatches[..mismatches.len().min(10)]
    );
}

/// Row 0 of `N` (the first letters of names.txt) normalised as the lecture does it:
/// `p = N[0].float(); p = p / p.sum()`.
fn row0() -> Array1<f32> {
    let words = words();
    let n = bigram::count_matrix(&Vocab::from_dataset(&words), words.items()).unwrap();
    let p = n.row(0).mapv(|c| c as f32);
    let sum: f32 = p.sum();
    p / sum
}

fn words() -> Dataset {
    Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt")).unwrap()
}

#[test]
fn the_file_holds_what_these_tests_check() {
    let v = vectors();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(
        keys.len(),
        14,
        "a new vector was added; test it too: {keys:?}"
    );
    assert_eq!(v["torch_version"], "2.15.0+cu132");
}

#[test]
fn raw_mt19937_words() {
    let v = vectors();
    for (seed, key) in [
        (2147483647, "mt19937_first_10_u32_seed_2147483647"),
        (42, "mt19937_first_10_u32_seed_42"),
    ] {
        let mut g = TorchGenerator::manual_seed(seed);
        let words: Vec<u64> = (0..10).map(|_| g.next_u32() as u64).collect();
        assert_eq!(words, ints(&v, key), "{key}");
    }
}

#[test]
fn rand_and_randn_streams() {
    let v = vectors();
    let five_then_three = |g: &mut TorchGenerator| {
        let mut got = g.randn(5);
        got.extend(g.randn(3));
        got
    };
    type Draw<'a> = &'a dyn Fn(&mut TorchGenerator) -> Vec<f32>;
    let draws: [(u64, Draw, &str); 4] = [
        (2147483647, &|g| g.rand(3), "rand_3_seed_2147483647"),
        (42, &|g| g.rand(10), "rand_10_seed_42"),
        // 27 = one block of 16 and a tail block over the last 16.
        (42, &|g| g.randn(27), "randn_27_seed_42"),
        // The small path: the second value of a pair is cached across calls.
        (42, &five_then_three, "randn_5_then_3_seed_42"),
    ];
    for (seed, draw, key) in draws {
        let mut g = TorchGenerator::manual_seed(seed);
        assert_bits(&draw(&mut g), &bits(&v, key), key);
    }
}

#[test]
fn randn_27x27_is_the_lectures_w_and_the_stream_continues_after_it() {
    let v = vectors();
    let expected = bits(&v, "randn_27x27_seed_2147483647");
    assert_eq!(expected.len(), 729);
    let mut g = TorchGenerator::manual_seed(2147483647);
    let w = g.randn_2d((27, 27));
    assert_eq!(w.dim(), (27, 27));
    assert_bits(w.as_slice().unwrap(), &expected, "randn((27, 27))");
    // 745 words were used: the next rand(2) matches torch's.
    assert_bits(
        &g.rand(2),
        &bits(&v, "randn_27x27_then_rand_2"),
        "then rand(2)",
    );
    // The flat form is the same.
    let flat = TorchGenerator::manual_seed(2147483647).randn(729);
    assert_bits(&flat, &expected, "randn(729)");
    // And the neural net's torch initialisation is this W.
    let vocab = makemore::vocab::Vocab::from_chars('a'..='z').unwrap();
    let net = makemore::nn::Net::new(vocab, sample::Generator::Torch, 2147483647);
    assert_bits(net.w().as_slice().unwrap(), &expected, "Net::new's W");
}

#[test]
fn re_seeding_clears_the_cached_normal() {
    let v = vectors();
    let expected = bits(&v, "randn_5_then_3_seed_42");
    // Re-seeding the same generator value clears the cache: the stream starts over.
    let mut again = TorchGenerator::manual_seed(42);
    let _ = again.randn(5); // leaves a cached value
    again = TorchGenerator::manual_seed(42);
    assert_bits(&again.randn(5), &expected[..5], "after re-seeding");
}

#[test]
fn the_lectures_multinomial_demos() {
    let v = vectors();
    // g = manual_seed(2147483647); p = torch.rand(3, generator=g); p = p / p.sum()
    let mut g = TorchGenerator::manual_seed(2147483647);
    let p = Array1::from(g.rand(3));
    let p = &p / p.sum();
    let twenty = g.multinomial(p.view(), 20, MultinomialRule::Cdf).unwrap();
    assert_eq!(twenty, usizes(&v, "lecture_demo_p3_multinomial_20"));
    // The rule only matters for single draws.
    let mut h = TorchGenerator::manual_seed(2147483647);
    let _ = h.rand(3);
    assert_eq!(
        h.multinomial(p.view(), 20, MultinomialRule::Race).unwrap(),
        twenty
    );

    // Then 100 more samples from the same generator, which continues after the 20.
    let hundred = g.multinomial(p.view(), 100, MultinomialRule::Cdf).unwrap();
    assert_eq!(hundred, usizes(&v, "lecture_demo_p3_then_multinomial_100"));
    // 120 samples at once are the 20 and then the 100 (one double uniform per sample).
    let mut g = TorchGenerator::manual_seed(2147483647);
    let _ = g.rand(3);
    let all = g.multinomial(p.view(), 120, MultinomialRule::Cdf).unwrap();
    assert_eq!(all[..20], twenty[..]);
    assert_eq!(all[20..], hundred[..]);
}

#[test]
fn draws_from_row_0_of_n_under_both_rules() {
    let v = vectors();
    let p = row0();
    let mut g = TorchGenerator::manual_seed(7);
    assert_eq!(
        g.multinomial(p.view(), 50, MultinomialRule::Cdf).unwrap(),
        usizes(&v, "row0_multinomial_50_seed_7")
    );
    // Single draws: under the video's rule the same fifty indices, under today's race its own.
    for (rule, key) in [
        (MultinomialRule::Cdf, "row0_multinomial_50_seed_7"),
        (MultinomialRule::Race, "row0_single_draws_x20_seed_7_torch2"),
    ] {
        let expected = usizes(&v, key);
        let mut g = TorchGenerator::manual_seed(7);
        let singles: Vec<usize> = (0..expected.len())
            .map(|_| g.multinomial(p.view(), 1, rule).unwrap()[0])
            .collect();
        assert_eq!(singles, expected, "{rule:?}");
        // The same through IndexSampler with the generator's rule.
        let mut g = TorchGenerator::manual_seed(7).with_multinomial_rule(rule);
        let sampled: Vec<usize> = (0..expected.len())
            .map(|_| g.sample_index(p.view()).unwrap())
            .collect();
        assert_eq!(sampled, expected, "{rule:?}");
    }
}

#[test]
fn sampled_names_start_with_the_vectors_first_draw() {
    // The JSON holds no sampled names, so check the first character of a name sampled from the
    // count model (no smoothing) against the first draw from row 0, under both rules.
    let v = vectors();
    let words = words();
    let model = BigramModel::fit(&words, 1, 0.0).unwrap();
    // The model's row 0 is the lecture's p, bit for bit.
    let p = row0();
    assert_eq!(model.probs().unwrap().row(0), p);
    for (rule, key) in [
        (MultinomialRule::Cdf, "row0_multinomial_50_seed_7"),
        (MultinomialRule::Race, "row0_single_draws_x20_seed_7_torch2"),
    ] {
        let first = usizes(&v, key)[0];
        let mut g = TorchGenerator::manual_seed(7).with_multinomial_rule(rule);
        let name = sample::sample_name(&model, &mut g, sample::DEFAULT_MAX_LEN).unwrap();
        let ch = model.vocab().itos(first).unwrap();
        assert!(
            name.starts_with(ch),
            "{rule:?}: {name} does not start with {ch}"
        );
    }
    // sample_names runs unchanged with the torch generator and is reproducible.
    let mut g = TorchGenerator::manual_seed(sample::LECTURE_SEED);
    let names = sample::sample_names(&model, &mut g, 20, sample::DEFAULT_MAX_LEN).unwrap();
    let mut g2 = TorchGenerator::manual_seed(sample::LECTURE_SEED);
    assert_eq!(
        names,
        sample::sample_names(&model, &mut g2, 20, sample::DEFAULT_MAX_LEN).unwrap()
    );
    assert!(names.iter().all(|n| n.ends_with('.')));
}

#[test]
fn a_hundred_thousand_normals_look_normal() {
    // The 16-wide f32 path (n >= 16) and the f64 path with its cache (n < 16).
    let mut g = TorchGenerator::manual_seed(2147483647);
    let big = g.randn(100_000);
    let mut g = TorchGenerator::manual_seed(2147483647);
    let small: Vec<f32> = (0..10_000).flat_map(|_| g.randn(10)).collect();
    for (what, xs) in [("randn(100000)", big), ("10000 x randn(10)", small)] {
        let n = xs.len() as f64;
        let mean = xs.iter().map(|&x| x as f64).sum::<f64>() / n;
        let var = xs.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n;
        // Standard errors at n = 1e5: mean 0.0032, variance 0.0045.
        assert!(mean.abs() < 0.02, "{what}: mean {mean}");
        assert!((var - 1.0).abs() < 0.03, "{what}: variance {var}");
        assert!(xs.iter().all(|x| x.is_finite()));
        let within_1 = xs.iter().filter(|x| x.abs() < 1.0).count() as f64 / n;
        assert!((within_1 - 0.6827).abs() < 0.01, "{what}: {within_1}");
    }
}

#[test]
fn bad_probabilities_are_errors_never_panics() {
    let mut g = TorchGenerator::manual_seed(0);
    for (bad, why) in [
        (array![], "empty"),
        (array![0.0f32, 0.0, 0.0], "zero"),
        (array![0.0f32, 0.0], "zero"),
        (array![f32::NAN, 1.0], "not a finite"),
        (array![0.5f32, f32::INFINITY], "not a finite"),
        (array![f32::INFINITY, 1.0], "not a finite"),
        (array![0.5f32, -0.5, 1.0], "negative"),
        (array![-0.1f32, 1.0], "negative"),
        (array![f32::MAX, f32::MAX], "overflows"),
    ] {
        for rule in [MultinomialRule::Cdf, MultinomialRule::Race] {
            for k in [1, 3, 5] {
                match g.multinomial(bad.view(), k, rule) {
                    Err(Error::InvalidProbabilities { reason }) => {
                        assert!(reason.contains(why), "{bad}: {reason}")
                    }
                    other => panic!("{bad} {rule:?} {k}: {other:?}"),
                }
            }
        }
        assert!(g.sample_index(bad.view()).is_err());
    }
    let err = g
        .multinomial(array![1.0f32].view(), 0, MultinomialRule::Cdf)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid num_samples = 0: must be at least 1"
    );
    assert!(matches!(
        err,
        Error::InvalidParameter {
            name: "num_samples",
            ..
        }
    ));
    // Nothing was drawn on any of these errors.
    assert_eq!(g, TorchGenerator::manual_seed(0));
    // A model row that cannot be sampled is reported with its row number.
    let vocab = Vocab::from_chars("a".chars()).unwrap();
    let model = BigramModel::uniform(vocab);
    assert!(sample::sample_names(&model, &mut g, 0, 10).is_err());
}

#[test]
fn drives_rand_apis() {
    use rand::Rng;
    let mut g = TorchGenerator::manual_seed(2147483647);
    let x: f64 = g.random();
    assert!((0.0..1.0).contains(&x));
    let mut a = TorchGenerator::manual_seed(2147483647);
    let mut b = TorchGenerator::manual_seed(2147483647);
    let hi = b.next_u32() as u64;
    let lo = b.next_u32() as u64;
    assert_eq!(a.next_u64(), hi << 32 | lo);
}
