//! One full-batch training step on names.txt, with the lecture's one-hot matrix products
//! ([`Method::OneHot`]) and with the bigram counts ([`Method::Counts`]).
//!
//! Run with `cargo bench -p makemore --bench train_step`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use makemore::nn::{Init, Method, Objective, TrainingSet, LECTURE_LR, LECTURE_REG};
use makemore::Dataset;

fn train_step(c: &mut Criterion) {
    let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))
        .expect("data/names.txt loads");
    let data = TrainingSet::from_dataset(&words).expect("names.txt gives a training set");
    let mut group = c.benchmark_group("train_step");
    for (name, method) in [("onehot", Method::OneHot), ("counts", Method::Counts)] {
        let objective = Objective::new(&data, method, LECTURE_REG).expect("valid settings");
        let mut w = Init::default().weights(data.vocab().len());
        group.bench_function(name, |b| {
            b.iter(|| {
                let (loss, dw) = objective.loss_and_grad(black_box(&w)).expect("27 x 27");
                w.scaled_add(-LECTURE_LR, &dw);
                loss
            })
        });
    }
    group.finish();
}

criterion_group!(benches, train_step);
criterion_main!(benches);
