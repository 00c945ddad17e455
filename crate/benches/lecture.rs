//! The lecture's work, stage by stage, timed on names.txt.
//!
//! | group / bench | what one iteration does |
//! |---|---|
//! | `count/read_and_count` | read `data/names.txt` and count its bigrams into `N`, streaming ([`Counts::from_file`]) |
//! | `count/load_then_count` | the same in two steps: [`Dataset::load`], then [`bigram::count_matrix`] |
//! | `count/count_matrix` | count the bigrams of the names already in memory into `N` |
//! | `probs/broadcast` | `P = (N + 1) / rowsum(N + 1)` |
//! | `nll/all_bigrams` | the average NLL of the +1 smoothed model over all 228146 bigrams of the names |
//! | `nll/from_counts` | the same NLL from `N`: the sum of `N[i, j] * -ln P[i, j]` ([`loss::evaluate_counts`]) |
//! | `sample/1000_names` | 1000 names from `P`, one draw per character, torch generator, today's torch rule |
//! | `sample/1000_names_video_rule` | the same with the rule of the video's PyTorch (the video's names) |
//! | `sample/1000_names_chacha` | the same with the crate's default generator, ChaCha8 |
//! | `train_step/one_hot_encoding` | `xenc`, the 228146 x 27 one-hot matrix (`nn::one_hot`) |
//! | `train_step/onehot` | one full-batch step the lecture's way: one-hot, softmax over every pair |
//! | `train_step/counts` | the same step (same loss, same gradient) from the counts `N` |
//! | `train_100_steps/counts` | the lecture's training, 100 steps, from the counts |
//! | `train_100_steps/onehot` | the lecture's training, 100 steps, the one-hot way |
//!
//! Run with `cargo bench -p makemore` (everything) or e.g. `cargo bench -p makemore -- train_step`.
//! `bench/compare` runs these and the lecture's PyTorch code side by side (see BENCHMARKS.md).

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::bench_step;
use criterion::{Criterion, criterion_group, criterion_main};
use makemore::counting::Counts;
use makemore::rng::MultinomialRule;
use makemore::{
    counting::{BigramModel, bigram, loss, sample},
    data::Dataset,
    rng::TorchGenerator,
    vocab::Vocab,
};
use makemore::{
    nn,
    nn::{LECTURE_REG, Method, Net, NetKind, Objective, TrainOptions, TrainingSet},
};

const NAMES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt");

fn names() -> Dataset {
    Dataset::load(NAMES).expect("data/names.txt loads")
}

/// Reading and counting: the file to `N`.
fn count(c: &mut Criterion) {
    let words = names();
    let vocab = Vocab::from_dataset(&words);
    let mut group = c.benchmark_group("count");
    group.bench_function("read_and_count", |b| {
        b.iter(|| Counts::from_file(black_box(NAMES), 1).expect("names.txt counts"))
    });
    group.bench_function("load_then_count", |b| {
        b.iter(|| {
            let words = Dataset::load(black_box(NAMES)).expect("names.txt loads");
            let vocab = Vocab::from_dataset(&words);
            bigram::count_matrix(&vocab, words.items()).expect("names.txt counts")
        })
    });
    group.bench_function("count_matrix", |b| {
        b.iter(|| bigram::count_matrix(&vocab, black_box(words.items())).expect("counts"))
    });
    group.finish();
}

/// `P` from `N` by broadcasting, with +1 smoothing.
fn probs(c: &mut Criterion) {
    let words = names();
    let n = bigram::count_matrix(&Vocab::from_dataset(&words), words.items()).expect("counts");
    c.benchmark_group("probs").bench_function("broadcast", |b| {
        b.iter(|| bigram::probs(black_box(&n), 1.0).expect("probabilities"))
    });
}

/// The average negative log-likelihood of every bigram of names.txt under the smoothed model.
fn nll(c: &mut Criterion) {
    let words = names();
    let model = BigramModel::fit(&words, 1, 1.0).expect("the count model");
    let counts = Counts::from_dataset(&words, 1).expect("counts");
    let mut group = c.benchmark_group("nll");
    group.bench_function("all_bigrams", |b| {
        b.iter(|| {
            loss::evaluate(black_box(&model), words.items())
                .expect("scores")
                .mean
        })
    });
    group.bench_function("from_counts", |b| {
        b.iter(|| {
            loss::evaluate_counts(black_box(&model), &counts)
                .expect("scores")
                .mean
        })
    });
    group.finish();
}

/// 1000 names, one draw per character, with the lecture's seed: the torch generator with today's
/// PyTorch rule for a single draw (the same 1000 names as `torch.multinomial` in PyTorch >= 2.1),
/// with the rule of the video's PyTorch, and the crate's default generator, ChaCha8.
fn sampling(c: &mut Criterion) {
    let model = BigramModel::fit(&names(), 1, 1.0).expect("the count model");
    let mut group = c.benchmark_group("sample");
    for (name, rule) in [
        ("1000_names", MultinomialRule::Race),
        ("1000_names_video_rule", MultinomialRule::Cdf),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut g =
                    TorchGenerator::manual_seed(sample::LECTURE_SEED).with_multinomial_rule(rule);
                sample::sample_names(black_box(&model), &mut g, 1000, sample::DEFAULT_MAX_LEN)
                    .expect("names")
            })
        });
    }
    group.bench_function("1000_names_chacha", |b| {
        b.iter(|| {
            let mut rng = sample::seeded(sample::LECTURE_SEED);
            sample::sample_names(black_box(&model), &mut rng, 1000, sample::DEFAULT_MAX_LEN)
                .expect("names")
        })
    });
    group.finish();
}

/// One full-batch gradient descent step (loss, gradient, update) both ways.
fn train_step(c: &mut Criterion) {
    let data = TrainingSet::from_dataset(&names()).expect("names.txt gives a training set");
    let mut group = c.benchmark_group("train_step");
    // What the lecture's step does first and ours does once, in `Objective::new`.
    group.bench_function("one_hot_encoding", |b| {
        b.iter(|| nn::one_hot(black_box(data.xs()), data.vocab().len()).expect("xenc"))
    });
    for (name, method) in [("onehot", Method::OneHot), ("counts", Method::Counts)] {
        let objective =
            Objective::new(NetKind::Table, &data, method, LECTURE_REG).expect("valid settings");
        let w = Net::new(
            data.vocab().clone(),
            sample::Generator::Torch,
            sample::LECTURE_SEED,
        )
        .w()
        .to_owned();
        bench_step(&mut group, name, &objective, w);
    }
    group.finish();
}

/// The lecture's whole training run: 100 steps from the lecture's `W`.
fn train_100_steps(c: &mut Criterion) {
    let data = TrainingSet::from_dataset(&names()).expect("names.txt gives a training set");
    let mut group = c.benchmark_group("train_100_steps");
    for (name, method) in [("counts", Method::Counts), ("onehot", Method::OneHot)] {
        if method == Method::OneHot {
            // 100 one-hot steps take seconds: the fewest samples criterion allows.
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(45));
        }
        let options = TrainOptions {
            method,
            ..TrainOptions::default()
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut net = Net::new(
                    data.vocab().clone(),
                    sample::Generator::Torch,
                    sample::LECTURE_SEED,
                );
                net.train(black_box(&data), &options)
                    .expect("training")
                    .final_loss
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    count,
    probs,
    nll,
    sampling,
    train_step,
    train_100_steps
);
criterion_main!(benches);
