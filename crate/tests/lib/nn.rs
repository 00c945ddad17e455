//! The neural bigram trained on the whole of names.txt, through the public API.

use makemore::counting::sample::{Generator, LECTURE_SEED};
use makemore::{
    counting::loss::evaluate_split,
    data::DEFAULT_SPLIT_SEED,
    nn::{Method, Net, NetKind, Objective, TrainOptions, TrainingSet},
};
use makemore::{
    counting::{BigramModel, Counts, loss},
    data::Dataset,
    vocab::Vocab,
};

fn names() -> Dataset {
    Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt")).unwrap()
}

#[test]
fn names_txt_has_228146_pairs_and_their_counts_are_n() {
    let words = names();
    let data = TrainingSet::from_dataset(&words).unwrap();
    assert_eq!(data.len(), 228146);
    let n = makemore::counting::bigram::count_matrix(data.vocab(), words.items()).unwrap();
    let mut counted = ndarray::Array2::<u32>::zeros((27, 27));
    for (&x, &y) in data.xs().iter().zip(data.ys()) {
        counted[[x, y]] += 1;
    }
    assert_eq!(counted, n);
}

#[test]
fn log_counts_are_the_smoothed_count_model() {
    let words = names();
    let data = TrainingSet::from_dataset(&words).unwrap();
    let net = Net::from_counts(&Counts::from_dataset(&words, 1).unwrap(), 1.0).unwrap();
    let counted = loss::evaluate(&BigramModel::fit(&words, 1, 1.0).unwrap(), words.items())
        .unwrap()
        .mean;
    for method in [Method::Counts, Method::OneHot] {
        let l = Objective::new(NetKind::Table, &data, method, 0.0)
            .unwrap()
            .loss(&net.w())
            .unwrap();
        assert!(
            (l as f64 - counted).abs() < 1e-5,
            "{method:?}: {l} vs {counted}"
        );
    }
    assert!((net.loss(&data, 0.0).unwrap() as f64 - 2.4545768).abs() < 1e-5);
}

#[test]
fn the_two_methods_agree_step_by_step_on_names_txt() {
    let data = TrainingSet::from_dataset(&names()).unwrap();
    let run = |method| {
        let mut net = Net::new(data.vocab().clone(), Generator::ChaCha, LECTURE_SEED);
        let options = TrainOptions {
            method,
            ..Default::default()
        };
        net.train(&data, &options).unwrap()
    };
    let (a, b) = (run(Method::OneHot), run(Method::Counts));
    assert_eq!(a.losses.len(), 100);
    let worst = a
        .losses
        .iter()
        .zip(&b.losses)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0f32, f32::max);
    assert!(worst <= 1e-5, "largest difference {worst:e}");
    assert!((a.final_loss - b.final_loss).abs() <= 1e-5);
}

#[test]
fn training_on_names_txt_falls_every_step_to_near_the_count_model() {
    let words = names();
    let data = TrainingSet::from_dataset(&words).unwrap();
    let mut net = Net::new(data.vocab().clone(), Generator::ChaCha, LECTURE_SEED);
    let history = net.train(&data, &TrainOptions::default()).unwrap();
    assert!(
        history.losses.windows(2).all(|w| w[1] < w[0]),
        "{:?}",
        history.losses
    );
    assert!(history.final_loss < history.losses[99]);
    let counted = loss::evaluate(&BigramModel::fit(&words, 1, 1.0).unwrap(), words.items())
        .unwrap()
        .mean;
    assert!(
        (history.final_loss as f64 - counted).abs() < 0.05,
        "{} vs {counted}",
        history.final_loss
    );
}

#[test]
fn save_load_sample_gives_the_same_names() {
    let data = TrainingSet::from_dataset(&names()).unwrap();
    let mut net = Net::new(data.vocab().clone(), Generator::ChaCha, LECTURE_SEED);
    net.train(&data, &TrainOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roundtrip.json");
    net.save(&path).unwrap();
    let loaded = Net::load(&path).unwrap();
    assert_eq!(loaded, net); // bit for bit
    let sample = |net: &Net| {
        let model = net.to_model().unwrap();
        let mut rng = makemore::counting::sample::seeded(LECTURE_SEED);
        makemore::counting::sample::sample_names(&model, &mut rng, 20, 256).unwrap()
    };
    assert_eq!(sample(&loaded), sample(&net));
}

#[test]
fn held_out_losses_on_names_txt() {
    let words = names();
    let vocab = Vocab::from_dataset(&words);
    let split = words.split(DEFAULT_SPLIT_SEED).unwrap();
    let data = TrainingSet::new(&vocab, split.train.items()).unwrap();
    let mut net = Net::new(vocab, Generator::ChaCha, LECTURE_SEED);
    net.train(&data, &TrainOptions::default()).unwrap();
    let losses = evaluate_split(&net.to_model().unwrap(), &split).unwrap();
    for nll in [losses.train, losses.val, losses.test] {
        assert!((2.4..2.6).contains(&nll.mean), "{losses:?}");
    }
    assert_eq!(
        losses.train.count + losses.val.count + losses.test.count,
        228146
    );
}
