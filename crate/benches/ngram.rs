//! The lecture's exercises, timed on names.txt: the trigram (K = 2 characters of context, makemore
//! part 2's convention: 228146 examples), and training steps by row indexing and the fused
//! cross-entropy instead of one-hot products.
//!
//! | group / bench | what one iteration does |
//! |---|---|
//! | `ngram_count/read_and_count_k2` | read `data/names.txt` and count its trigrams into the 729 x 27 table, streaming ([`Counts::from_file`]) |
//! | `train_step_index/bigram_ops` | one bigram step per example from the public ops: [`nn::select_rows`] (`W[xs]`), [`nn::cross_entropy`], [`nn::scatter_add`], the reg term and its gradient, `W -= 50 dW` |
//! | `train_step_index/bigram_index` | the same step through the crate's [`Objective`] with [`Method::Index`] (per example: `W[xs]` a block at a time, the vectorised fused cross-entropy, a scatter-add), `W -= 50 dW` |
//! | `train_step_trigram/table_counts` | one step of the trigram table net (`W` 729 x 27) from the counts: [`Objective`] with [`Method::Counts`] for [`NetKind::Table`], `loss_and_grad`, `W -= 50 dW` |
//! | `train_step_trigram/table_examples` | the same step per example ([`Method::Index`]) |
//! | `train_step_trigram/concat_examples` | one step of the concatenated trigram net (`W` 54 x 27) per example: [`Objective`] with [`Method::Index`] for [`NetKind::Concat`] |
//! | `train_step_trigram/concat_counts` | the same step from the counts ([`Method::Counts`]) |
//! | `kneser_ney/modified_k5` | read `data/names.txt`, count its 6-grams (K = 5, streaming) and build the modified Kneser-Ney model ([`Model::from_counts`]): the discounts of every order and the n-grams of every context seen at every order |
//! | `kneser_ney/sample_k5_1000_names` | 1000 names from that model (ChaCha8, the lecture's seed): a row made from the n-grams per character |
//! | `kneser_ney/nll_k5_all_names` | its average NLL over the 228146 6-grams of names.txt ([`loss::evaluate`]) |
//! | `arpa/write_k5` | that model written as ARPA text ([`arpa::write`], 6.3 MB) |
//! | `arpa/read_k5` | the text read back into a model ([`arpa::read`]) |
//!
//! Every step starts from torch's `torch.randn((rows, 27), generator=g)` with the lecture's seed
//! ([`Net::new`](nn::Net::new) with [`Generator::Torch`](sample::Generator::Torch)); the setup checks each first loss against the one torch's step gives
//! (bench/torch_lecture.py). `bench/compare` runs these next to the PyTorch code (BENCHMARKS.md).

mod common;

use std::hint::black_box;

use common::bench_step;
use criterion::{Criterion, criterion_group, criterion_main};
use makemore::counting::{Counts, Model, Smoothing, arpa, loss};
use makemore::{counting::sample, data::Dataset, vocab::Vocab};
use makemore::{
    nn,
    nn::{LECTURE_LR, LECTURE_REG, Method, NetKind, Objective},
};
use ndarray::Array2;

const NAMES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt");

/// torch's first losses from the lecture's seed (bench/torch_lecture.py's checks, torch 2.15):
/// the bigram step by `F.cross_entropy(W[xs], ys)` (the lecture's 3.7686), the trigram table
/// net (729 x 27) and the concatenated trigram net (54 x 27), each `+ 0.01 * (W**2).mean()`.
const TORCH_FIRST_LOSS: [(&str, f32); 3] = [
    ("bigram", 3.768_619),
    ("trigram table", 3.802_822),
    ("trigram concat", 4.242_241),
];

fn check_first_loss(what: &str, loss: f32) {
    let (_, expected) = TORCH_FIRST_LOSS
        .iter()
        .find(|(name, _)| *name == what)
        .expect("a known step");
    assert!(
        (loss - expected).abs() < 1e-5,
        "{what}: first loss {loss}, torch's {expected}"
    );
}

fn torch_w(rows: usize, cols: usize) -> Array2<f32> {
    makemore::rng::TorchGenerator::manual_seed(sample::LECTURE_SEED).randn_2d((rows, cols))
}

/// Reading and counting the trigrams: the file to the 729 x 27 table.
fn count(c: &mut Criterion) {
    let counts = Counts::from_file(NAMES, 2).expect("names.txt counts");
    assert_eq!(counts.total(), 228146);
    assert_eq!(counts.count(5 * 27 + 13, 13).expect("em -> m"), 100);
    let mut group = c.benchmark_group("ngram_count");
    group.bench_function("read_and_count_k2", |b| {
        b.iter(|| Counts::from_file(black_box(NAMES), 2).expect("names.txt counts"))
    });
    group.finish();
}

/// One bigram step `loss = cross_entropy(W[xs], ys) + reg * mean(W^2)`, `W -= lr * dW`, per
/// example (no counts), composed from the public ops.
fn bigram_ops_step(w: &mut Array2<f32>, xs: &[usize], ys: &[usize]) -> f32 {
    let logits = nn::select_rows(w, xs).expect("indices of the vocabulary");
    let (ce, dlogits) = nn::cross_entropy(&logits, ys).expect("labels of the vocabulary");
    let mut dw = nn::scatter_add(xs, &dlogits, w.nrows()).expect("one row per example");
    let squares: f64 = w.iter().map(|&x| f64::from(x) * f64::from(x)).sum();
    let loss = (f64::from(ce) + f64::from(LECTURE_REG) * squares / w.len() as f64) as f32;
    dw.scaled_add(2.0 * LECTURE_REG / w.len() as f32, w);
    w.scaled_add(-LECTURE_LR, &dw);
    loss
}

/// The bigram step by row indexing and the fused cross-entropy, per example.
fn train_step_index(c: &mut Criterion) {
    let words = Dataset::load(NAMES).expect("data/names.txt loads");
    let vocab = Vocab::from_dataset(&words);
    let data = nn::TrainingSet::from_dataset(&words).expect("a training set");
    let (xs, ys) = (data.xs(), data.ys());
    let v = vocab.len();
    check_first_loss("bigram", bigram_ops_step(&mut torch_w(v, v), xs, ys));
    let index =
        Objective::new(NetKind::Table, &data, Method::Index, LECTURE_REG).expect("valid settings");
    check_first_loss("bigram", index.loss(&torch_w(v, v)).expect("27 x 27"));

    let mut group = c.benchmark_group("train_step_index");
    let mut w = torch_w(v, v);
    group.bench_function("bigram_ops", |b| {
        b.iter(|| bigram_ops_step(&mut w, black_box(xs), ys))
    });
    bench_step(&mut group, "bigram_index", &index, torch_w(v, v));
    group.finish();
}

/// One step of the trigram table net and of the concatenated trigram net, from the counts and
/// per example.
fn train_step_trigram(c: &mut Criterion) {
    let words = Dataset::load(NAMES).expect("data/names.txt loads");
    let vocab = Vocab::from_dataset(&words);
    let v = vocab.len();
    let data = nn::TrainingSet::with_context(&vocab, 2, words.items()).expect("examples");
    let steps = [
        ("table_counts", NetKind::Table, Method::Counts),
        ("table_examples", NetKind::Table, Method::Index),
        ("concat_examples", NetKind::Concat, Method::Index),
        ("concat_counts", NetKind::Concat, Method::Counts),
    ];
    let mut group = c.benchmark_group("train_step_trigram");
    for (name, kind, method) in steps {
        let objective = Objective::new(kind, &data, method, LECTURE_REG).expect("K = 2");
        let (what, rows) = match kind {
            NetKind::Table => ("trigram table", v * v),
            NetKind::Concat => ("trigram concat", 2 * v),
        };
        let first = objective
            .loss(&torch_w(rows, v))
            .expect("W of the net's shape");
        check_first_loss(what, first);
        bench_step(&mut group, name, &objective, torch_w(rows, v));
    }
    group.finish();
}

/// Modified Kneser-Ney at K = 5 from the file: what `makemore eval --context 5 --smoothing kn`
/// builds before scoring (bench/compare's row against NLTK's `KneserNeyInterpolated(order=6)`).
fn kneser_ney(c: &mut Criterion) {
    let counts = Counts::from_file(NAMES, 5).expect("names.txt counts");
    assert_eq!(counts.num_seen(), 41276);
    let model = Model::from_counts(&counts, Smoothing::ModifiedKneserNey).expect("the model");
    let row = model.row(0).expect("the row of '.....'");
    assert!((row.sum() - 1.0).abs() < 1e-5);
    let mut group = c.benchmark_group("kneser_ney");
    group.sample_size(20);
    group.bench_function("modified_k5", |b| {
        b.iter(|| {
            let counts = Counts::from_file(black_box(NAMES), 5).expect("counts");
            Model::from_counts(&counts, Smoothing::ModifiedKneserNey).expect("the model")
        })
    });
    let words = Dataset::load(NAMES).expect("names.txt");
    group.bench_function("sample_k5_1000_names", |b| {
        b.iter(|| {
            let mut rng = sample::seeded(sample::LECTURE_SEED);
            sample::sample_names(&model, &mut rng, 1000, 64).expect("names")
        })
    });
    group.bench_function("nll_k5_all_names", |b| {
        b.iter(|| loss::evaluate(&model, black_box(words.items())).expect("the NLL"))
    });
    group.finish();
    let mut group = c.benchmark_group("arpa");
    group.sample_size(20);
    let mut file = Vec::new();
    arpa::write(&model, &mut file).expect("the ARPA text");
    group.bench_function("write_k5", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(file.len());
            arpa::write(black_box(&model), &mut out).expect("the ARPA text")
        })
    });
    group.bench_function("read_k5", |b| {
        b.iter(|| arpa::read(black_box(&file[..]), "kn5.arpa", '.').expect("the model"))
    });
    group.finish();
}

criterion_group!(
    benches,
    count,
    train_step_index,
    train_step_trigram,
    kneser_ney
);
criterion_main!(benches);
