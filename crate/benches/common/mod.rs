//! What both benchmark files time the same way: one gradient descent step of an [`Objective`].

use std::hint::black_box;

use criterion::BenchmarkGroup;
use criterion::measurement::WallTime;
use makemore::nn::{LECTURE_LR, Objective};
use ndarray::Array2;

/// Times one step of `objective` under `name`: the loss and its gradient at `W`, then
/// `W -= lr * dW` with the lecture's learning rate, each iteration from where the last left `W`
/// (which starts as `w`).
pub fn bench_step(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    objective: &Objective,
    mut w: Array2<f32>,
) {
    group.bench_function(name, |b| {
        b.iter(|| {
            let (loss, dw) = objective
                .loss_and_grad(black_box(&w))
                .expect("W of the objective's shape");
            w.scaled_add(-LECTURE_LR, &dw);
            loss
        })
    });
}
