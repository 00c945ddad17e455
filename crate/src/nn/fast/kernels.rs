//! The fast paths' kernels: row-block softmaxes with their NLL and gradient (per example for the
//! one-hot path and row indexing, from the counts for the table net), and the vectorisable
//! `exp`, `ln`, max and sum they are made of. Private: the lecture's ideas are in `forward.rs`
//! and `loss.rs`; this is the same arithmetic arranged for speed.
//!
//! Each kernel is plain Rust written so that its loops compile to vector instructions, and
//! `vectorised!` compiles it three times: for baseline x86-64 (SSE2), for AVX2 and for AVX-512,
//! picking at run time the widest the CPU has. The three do the same operations in the same
//! order (no fused multiply-adds, sums over a fixed number of running sums whatever the vector
//! width), so they give the same bits: results do not depend on the machine (the tests check
//! it).
//!
//! The exception, for speed: [`indexed_rows`] (row indexing and the fused cross-entropy, per
//! example: [`super::Method::Index`]) and [`cross_entropy_rows`] (the public `nn::cross_entropy`)
//! have AVX-512 versions written out by hand in `avx512.rs`, for rows of up to 32 (the
//! lecture's 27). They use fused multiply-adds and their own polynomial, so on a CPU with AVX-512
//! those losses and gradients differ from the portable kernels' in the last bits (tested: within
//! 1e-6 of the loss, and of the gradient's scale), and are the same on every such CPU.

#[cfg(target_arch = "x86_64")]
use super::avx512;
use super::math::{FLUSH, dot_f32, exp_f32, ln_f32, max_f32, sum_f32};

/// The instruction sets the kernels are built for, narrowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Isa {
    Baseline,
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    Avx2,
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    Avx512,
}

/// The widest instruction set this CPU has (std checks once and caches the answer); in the tests,
/// no wider than the thread's `tests::WIDEST`, so that each build of a kernel can be run.
fn widest() -> Isa {
    #[cfg(target_arch = "x86_64")]
    let found = if std::arch::is_x86_feature_detected!("avx512f") {
        Isa::Avx512
    } else if std::arch::is_x86_feature_detected!("avx2") {
        Isa::Avx2
    } else {
        Isa::Baseline
    };
    #[cfg(not(target_arch = "x86_64"))]
    let found = Isa::Baseline;
    #[cfg(test)]
    let found = found.min(tests::WIDEST.get());
    found
}

/// `vectorised! { fn name(args) -> T as body { ... } }` defines `body`, an `#[inline(always)]`
/// function of those arguments, and `name`, which runs it compiled for the [`widest`] instruction
/// set: AVX-512, AVX2, or as built (baseline x86-64, or any other target).
macro_rules! vectorised {
    (
        $(#[$doc:meta])*
        fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty as $body:ident $code:block
    ) => {
        #[inline(always)]
        fn $body($($arg: $ty),*) -> $ret $code

        $(#[$doc])*
        pub(in crate::nn) fn $name($($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f")]
                fn avx512($($arg: $ty),*) -> $ret {
                    $body($($arg),*)
                }
                #[target_feature(enable = "avx2")]
                fn avx2($($arg: $ty),*) -> $ret {
                    $body($($arg),*)
                }
                match widest() {
                    // SAFETY: `widest` said this CPU has AVX-512F, all `avx512` is built for.
                    Isa::Avx512 => return unsafe { avx512($($arg),*) },
                    // SAFETY: `widest` said this CPU has AVX2, all `avx2` is built for.
                    Isa::Avx2 => return unsafe { avx2($($arg),*) },
                    Isa::Baseline => {}
                }
            }
            $body($($arg),*)
        }
    };
}

vectorised! {
    /// The one-hot path's work on the logits of every pair: each row's softmax, its term of the NLL
    /// (returned: the sum over the rows of `-ln probs[y]`, computed as `-(logit[y] - max -
    /// ln(sum))` in f32, as torch does, and summed in f64), and with `want_grad` the row
    /// overwritten with its `dlogits`, `(probs - one_hot(y)) / n` (`inv_n` is `1 / n`).
    ///
    /// It goes through the rows in blocks that stay in the L1 cache: shift each row by its maximum,
    /// `exp` the whole block in one loop (vector instructions, no row-length remainders), then the
    /// rows' sums, their `ln` in one loop ([`ln_f32`]), the NLL terms and `dlogits`.
    fn onehot_rows(
        logits: &mut [f32],
        size: usize,
        ys: &[usize],
        inv_n: f32,
        want_grad: bool,
    ) -> f64 as onehot_rows_body {
        const BLOCK: usize = 128;
        let mut nll = 0.0f64;
        let (mut shifted_y, mut sums) = ([0.0f32; BLOCK], [0.0f32; BLOCK]);
        let mut lns = [0.0f32; BLOCK];
        for (block, ys) in logits.chunks_mut(BLOCK * size).zip(ys.chunks(BLOCK)) {
            for ((row, &y), sy) in block.chunks_exact_mut(size).zip(ys).zip(&mut shifted_y) {
                let max = max_f32(row);
                for x in row.iter_mut() {
                    *x -= max;
                }
                *sy = row[y];
            }
            for x in block.iter_mut() {
                *x = exp_f32(*x);
            }
            let (sums, lns) = (&mut sums[..ys.len()], &mut lns[..ys.len()]);
            for (sum, row) in sums.iter_mut().zip(block.chunks_exact(size)) {
                *sum = sum_f32(row);
            }
            for (ln, &sum) in lns.iter_mut().zip(sums.iter()) {
                *ln = ln_f32(sum);
            }
            for (&ln, &sy) in lns.iter().zip(&shifted_y) {
                nll -= (sy - ln) as f64;
            }
            if want_grad {
                for ((row, &y), &sum) in block.chunks_exact_mut(size).zip(ys).zip(sums.iter()) {
                    let scale = inv_n / sum;
                    for x in row.iter_mut() {
                        *x *= scale;
                    }
                    row[y] -= inv_n;
                }
            }
        }
        nll
    }
}

/// Whether rows of `size` numbers go to the AVX-512 kernels of `kernels/avx512.rs`: on a CPU
/// with AVX-512 ([`widest`]), rows of 1 to 32.
#[cfg(target_arch = "x86_64")]
fn hand_written(size: usize) -> bool {
    widest() == Isa::Avx512 && (1..=32).contains(&size)
}

/// Row indexing and the fused cross-entropy in one pass: [`avx512::indexed_rows`] for rows of up to
/// 32 on a CPU with AVX-512, else [`indexed_rows_portable`].
pub(in crate::nn) fn indexed_rows(
    w: &[f32],
    size: usize,
    xs: &[usize],
    ys: &[usize],
    inv_n: f32,
    grad: Option<&mut [f32]>,
) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if hand_written(size) {
        // SAFETY: `widest` said this CPU has AVX-512F, all `avx512::indexed_rows` is built for.
        return unsafe { avx512::indexed_rows(w, size, xs, ys, inv_n, grad) };
    }
    indexed_rows_portable(w, size, xs, ys, inv_n, grad)
}

vectorised! {
    /// Row indexing and the fused cross-entropy in one pass ([`Method::Index`]'s step): example
    /// `i`'s logits are row `xs[i]` of `w` (`rows x size`, row-major) and its label `ys[i]`.
    /// Returns the sum over the examples of `-ln softmax(w[xs[i]])[ys[i]]`, computed by
    /// [`onehot_rows`]; with `grad` (`rows x size`, row-major), adds each example's `dlogits`,
    /// `(softmax - one_hot(y)) * inv_n`, into its row `xs[i]`, example after example.
    ///
    /// A block of 128 examples at a time: their rows copied out of `w` into one buffer,
    /// [`onehot_rows`] on it, and the gradient added back from it: no allocation per block, and
    /// no matrix of `W[xs]`.
    ///
    /// [`Method::Index`]: super::Method::Index
    fn indexed_rows_portable(
        w: &[f32],
        size: usize,
        xs: &[usize],
        ys: &[usize],
        inv_n: f32,
        grad: Option<&mut [f32]>,
    ) -> f64 as indexed_rows_body {
        let mut grad = grad;
        const BLOCK: usize = 128;
        let mut nll = 0.0f64;
        let mut buf = vec![0.0f32; BLOCK * size];
        // The gradient of FLUSH blocks summed apart, then added into `grad`.
        let mut part = vec![0.0f32; grad.as_ref().map_or(0, |g| g.len())];
        let blocks = xs.len().div_ceil(BLOCK);
        for (b, (xs, ys)) in xs.chunks(BLOCK).zip(ys.chunks(BLOCK)).enumerate() {
            // W[xs] for the block, then the one-hot path's softmax, NLL and dlogits on it.
            let block = &mut buf[..xs.len() * size];
            for (out, &x) in block.chunks_exact_mut(size).zip(xs) {
                out.copy_from_slice(&w[x * size..(x + 1) * size]);
            }
            nll += onehot_rows_body(block, size, ys, inv_n, grad.is_some());
            if grad.is_some() {
                add_rows_body(&mut part, size, xs, block);
            }
            if let Some(g) = grad
                .as_deref_mut()
                .filter(|_| (b + 1) % FLUSH == 0 || b + 1 == blocks)
            {
                for (g, p) in g.iter_mut().zip(part.iter_mut()) {
                    *g += *p;
                    *p = 0.0;
                }
            }
        }
        nll
    }
}

/// The fused cross-entropy of `nn::cross_entropy` on `logits` (row-major, `size >= 1` per row,
/// one row per label): returns the sum over the rows of `-ln softmax(row)[y]` and writes each
/// row's `dlogits`, `(softmax - one_hot(y)) * inv_n`, into `out` (the logits' shape), leaving
/// `logits` as they are. [`avx512::cross_entropy_rows`] for rows of up to 32 on a CPU with
/// AVX-512; elsewhere a block of rows at a time is copied into `out` and [`onehot_rows`] turns it
/// into its `dlogits` there.
pub(in crate::nn) fn cross_entropy_rows(
    logits: &[f32],
    out: &mut [f32],
    size: usize,
    ys: &[usize],
    inv_n: f32,
) -> f64 {
    assert!(size >= 1 && logits.len() == ys.len() * size && out.len() == logits.len());
    #[cfg(target_arch = "x86_64")]
    if hand_written(size) {
        // SAFETY: `widest` said this CPU has AVX-512F, all `avx512::cross_entropy_rows` is built
        // for.
        return unsafe { avx512::cross_entropy_rows(logits, out, size, ys, inv_n) };
    }
    const BLOCK: usize = 128;
    let blocks = logits
        .chunks(BLOCK * size)
        .zip(out.chunks_mut(BLOCK * size));
    let mut nll = 0.0f64;
    for ((from, to), ys) in blocks.zip(ys.chunks(BLOCK)) {
        to.copy_from_slice(from);
        nll += onehot_rows(to, size, ys, inv_n, true);
    }
    nll
}

vectorised! {
    /// The step from the counts ([`super::Method::Counts`], any net), on the logits of the
    /// contexts seen (`logits`,
    /// row-major, `size` per row), with each row's counts `N[c]` (`counts`, the same layout) and
    /// their sum `S[c]` (`sums`). Returns the sum over the rows of `-sum_y N[c, y] ln
    /// softmax(W[c])[y]`, computed as `S[c] ln(sum(e)) - N[c] . (W[c] - max)` with `e = exp(W[c] -
    /// max)` (the dot product in f32, the rest summed in f64); with `want_grad` each row is
    /// overwritten with its gradient `(S[c] * softmax(W[c]) - N[c]) * inv_n`, from the same `e`.
    ///
    /// Blocks of rows as in [`onehot_rows`]: shift each row by its maximum and take its dot
    /// product with its counts, `exp` the whole block in one loop, then each row's sum, NLL term
    /// and gradient.
    fn counts_rows(
        logits: &mut [f32],
        size: usize,
        counts: &[f32],
        sums: &[f32],
        inv_n: f32,
        want_grad: bool,
    ) -> f64 as counts_rows_body {
        const BLOCK: usize = 64;
        let mut nll = 0.0f64;
        let (mut dots, mut zs, mut lns) = ([0.0f32; BLOCK], [0.0f32; BLOCK], [0.0f32; BLOCK]);
        let blocks = logits
            .chunks_mut(BLOCK * size)
            .zip(counts.chunks(BLOCK * size));
        for ((block, counts), sums) in blocks.zip(sums.chunks(BLOCK)) {
            let rows = block.chunks_exact_mut(size).zip(counts.chunks_exact(size));
            for ((row, n), dot) in rows.zip(&mut dots) {
                let max = max_f32(row);
                for x in row.iter_mut() {
                    *x -= max;
                }
                *dot = dot_f32(row, n);
            }
            for x in block.iter_mut() {
                *x = exp_f32(*x);
            }
            let (zs, lns) = (&mut zs[..sums.len()], &mut lns[..sums.len()]);
            for (z, row) in zs.iter_mut().zip(block.chunks_exact(size)) {
                *z = sum_f32(row);
            }
            for (ln, &z) in lns.iter_mut().zip(zs.iter()) {
                *ln = ln_f32(z);
            }
            for ((&ln, &s), &dot) in lns.iter().zip(sums).zip(&dots) {
                nll += (s * ln) as f64 - dot as f64;
            }
            if want_grad {
                let rows = block.chunks_exact_mut(size).zip(counts.chunks_exact(size));
                for (((row, n), &s), &z) in rows.zip(sums).zip(zs.iter()) {
                    let scale = s * inv_n / z;
                    for (x, &n) in row.iter_mut().zip(n) {
                        *x = *x * scale - n * inv_n;
                    }
                }
            }
        }
        nll
    }
}

vectorised! {
    /// The largest of `xs` (`None` for none): the public ops' check of their indices, one
    /// comparison per lane.
    fn largest(xs: &[usize]) -> Option<usize> as largest_body {
        xs.iter().copied().max()
    }
}

vectorised! {
    /// `dW[xs[i]] += dlogits[i]` for each row `i` of `from` (row-major, `size` per row) into
    /// `into` (row-major, `size` per row), example after example: `nn::scatter_add`'s loop, whose
    /// additions are each of one entry, so every build gives the same bits. Every `xs[i]` must be a
    /// row of `into` (checked, a panic otherwise).
    fn add_rows(into: &mut [f32], size: usize, xs: &[usize], from: &[f32]) -> () as add_rows_body {
        for (&x, row) in xs.iter().zip(from.chunks_exact(size)) {
            for (t, &d) in into[x * size..(x + 1) * size].iter_mut().zip(row) {
                *t += d;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// The widest instruction set the kernels may use on this test's thread.
        pub(in crate::nn) static WIDEST: Cell<Isa> = const { Cell::new(Isa::Avx512) };
    }

    /// `f` run with the kernels built for each instruction set (those this CPU lacks run as the
    /// widest it has).
    fn on_each_isa<T>(f: impl Fn() -> T) -> Vec<T> {
        let results = [Isa::Baseline, Isa::Avx2, Isa::Avx512].map(|isa| {
            WIDEST.set(isa);
            f()
        });
        WIDEST.set(Isa::Avx512);
        results.into()
    }

    /// Numbers spread over `[-scale, scale]` from a fixed linear congruential generator.
    fn numbers(n: usize, seed: u64, scale: f32) -> Vec<f32> {
        let mut state = seed;
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                ((state >> 40) as f32 / (1u64 << 24) as f32 * 2.0 - 1.0) * scale
            })
            .collect()
    }

    #[test]
    fn every_build_of_a_kernel_gives_the_same_bits() {
        for (size, rows) in [(27, 300), (5, 7), (40, 129)] {
            let logits = numbers(size * rows, size as u64, 8.0);
            let ys: Vec<usize> = (0..rows).map(|i| (i * 7) % size).collect();
            let counts: Vec<f32> = numbers(size * rows, 3, 50.0)
                .iter()
                .map(|c| c.abs().round())
                .collect();
            let sums: Vec<f32> = counts.chunks(size).map(|r| r.iter().sum()).collect();
            let onehot = on_each_isa(|| {
                let mut l = logits.clone();
                let nll = onehot_rows(&mut l, size, &ys, 0.01, true);
                (
                    nll.to_bits(),
                    l.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                )
            });
            let counted = on_each_isa(|| {
                let mut l = logits.clone();
                let nll = counts_rows(&mut l, size, &counts, &sums, 0.01, true);
                (
                    nll.to_bits(),
                    l.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                )
            });
            let indexed = on_each_isa(|| {
                let xs: Vec<usize> = (0..rows).map(|i| (i * 5) % rows.min(9)).collect();
                let mut g = vec![0.0f32; rows.min(9) * size];
                let w = &logits[..rows.min(9) * size];
                let nll = indexed_rows_portable(w, size, &xs, &ys, 0.01, Some(&mut g));
                (
                    nll.to_bits(),
                    g.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                )
            });
            for results in [&onehot, &counted, &indexed] {
                assert!(results.iter().all(|r| r == &results[0]), "size {size}");
            }
        }
    }

    #[test]
    fn cross_entropy_rows_is_onehot_rows_on_a_copy_on_each_isa() {
        for size in [1, 5, 27, 32, 40] {
            let rows = 300;
            let logits = numbers(size * rows, size as u64 + 1, 8.0);
            let ys: Vec<usize> = (0..rows).map(|i| (i * 11 + 1) % size).collect();
            let inv_n = 1.0 / rows as f32;
            let results = on_each_isa(|| {
                let mut out = vec![0.0f32; logits.len()];
                let nll = cross_entropy_rows(&logits, &mut out, size, &ys, inv_n);
                (nll, out)
            });
            // Without AVX-512 (and past 32 numbers a row): onehot_rows on a copy, bit for bit.
            let mut copy = logits.clone();
            let nll = onehot_rows(&mut copy, size, &ys, inv_n, true);
            for (got, hand_written) in results.iter().zip([false, false, size <= 32]) {
                if hand_written {
                    assert!((got.0 - nll).abs() <= 1e-6 * nll.max(1.0), "size {size}");
                    let off = got.1.iter().zip(&copy).map(|(a, b)| (a - b).abs());
                    assert!(off.fold(0.0f32, f32::max) <= 1e-6 * inv_n, "size {size}");
                } else {
                    assert_eq!(got.0.to_bits(), nll.to_bits(), "size {size}");
                    assert_eq!(got.1, copy, "size {size}");
                }
            }
        }
    }

    #[test]
    fn counts_rows_is_the_weighted_nll_and_its_gradient() {
        let (size, rows) = (27, 3);
        let logits = numbers(size * rows, 11, 5.0);
        let counts: Vec<f32> = (0..size * rows).map(|i| (i % 4) as f32).collect();
        let sums: Vec<f32> = counts.chunks(size).map(|r| r.iter().sum()).collect();
        let inv_n = 1.0 / 40.0;
        let mut grad = logits.clone();
        let nll = counts_rows(&mut grad, size, &counts, &sums, inv_n, true);
        let mut expected = 0.0f64;
        for (r, (row, n)) in logits.chunks(size).zip(counts.chunks(size)).enumerate() {
            let z: f64 = row.iter().map(|&x| f64::from(x).exp()).sum();
            for (y, (&x, &c)) in row.iter().zip(n).enumerate() {
                let p = f64::from(x).exp() / z;
                expected -= f64::from(c) * p.ln();
                let g = (f64::from(sums[r]) * p - f64::from(c)) * f64::from(inv_n);
                assert!(
                    (f64::from(grad[r * size + y]) - g).abs() < 1e-6,
                    "row {r}, column {y}"
                );
            }
        }
        assert!(
            (nll - expected).abs() < 1e-5 * expected,
            "{nll} vs {expected}"
        );
    }
}
