//! Two kernels of `kernels.rs` written out in AVX-512 for rows of up to 32 numbers (the
//! lecture's 27): `kernels::indexed_rows`, the per-example step that has to touch every one of the
//! 228146 x 27 logits, and `kernels::cross_entropy_rows`, the public `nn::cross_entropy` on a matrix of logits. Their portable
//! loops leave most of the time in row-length remainders, horizontal sums and a polynomial
//! without fused multiply-adds.
//!
//! The same arithmetic, arranged for 16 lanes: a row is one vector and a masked one (27 = 16 +
//! 11); the maxima, sums and dot products of 16 rows come out of one transposing reduction
//! instead of 16 horizontal ones; `exp` is a degree lower, with fused multiply-adds and
//! `vscalefps` for `2^n`; the per-example gradient goes into rows padded to 32 and is added into
//! the caller's every 4096 examples. So these round differently from the portable kernels in the
//! last bits (the tests bound the difference), and give the same results on every AVX-512 CPU.

use std::arch::x86_64::*;

use super::math::{FLUSH, ln_f32};

/// The examples taken at a time: their exponentials (padded rows of 32) stay in the L1 cache.
const BLOCK: usize = 128;

/// See `kernels::indexed_rows`. Needs `size <= 32` (and every `xs[i]` a row of `w`, every
/// `ys[i] < size`: checked, a panic otherwise).
#[target_feature(enable = "avx512f")]
pub(super) fn indexed_rows(
    w: &[f32],
    size: usize,
    xs: &[usize],
    ys: &[usize],
    inv_n: f32,
    mut grad: Option<&mut [f32]>,
) -> f64 {
    assert!((1..=32).contains(&size), "rows of 1 to 32 numbers");
    let head = ((1u32 << size.min(16)) - 1) as __mmask16;
    let tail = ((1u32 << size.saturating_sub(16)) - 1) as __mmask16;
    let rows = w.len() / size;
    let ninf = _mm512_set1_ps(f32::NEG_INFINITY);
    // The row of W starting at `start` (a multiple of `size` below `w.len()`) as two vectors, the
    // lanes past its end -inf.
    let load_row = |start: usize| {
        debug_assert!(start + size <= w.len());
        // SAFETY: `start + size <= w.len()` (the starts are checked below), and the masks enable
        // only lanes before `start + size`; masked-off lanes are not read.
        unsafe {
            let row = w.as_ptr().add(start);
            let lo = _mm512_mask_loadu_ps(ninf, head, row);
            let hi = _mm512_mask_loadu_ps(ninf, tail, row.wrapping_add(16));
            (lo, hi)
        }
    };
    let mut starts = [0usize; BLOCK];
    let mut exps = vec![[_mm512_setzero_ps(); 2]; BLOCK];
    let mut padded_grad = vec![[_mm512_setzero_ps(); 2]; if grad.is_some() { rows } else { 0 }];
    let mut one_hot = vec![0.0f32; if grad.is_some() { rows * size } else { 0 }];
    let (mut maxima, mut sums) = ([0f32; BLOCK], [0f32; BLOCK]);
    let (mut lns, mut scales) = ([0f32; BLOCK], [0f32; BLOCK]);
    let mut nll = [0.0f64; 8];
    let blocks = xs.len().div_ceil(BLOCK);
    for (b, (xs, ys)) in xs.chunks(BLOCK).zip(ys.chunks(BLOCK)).enumerate() {
        let k = xs.len();
        // Where each example's row starts in W, checked once; the last group of 16 is filled up
        // with the last example.
        let groups = k.div_ceil(16);
        for (start, (&x, &y)) in starts.iter_mut().zip(xs.iter().zip(ys)) {
            assert!(
                x < rows && y < size,
                "example ({x}, {y}) outside W ({rows} x {size})"
            );
            *start = x * size;
        }
        let last = starts[k - 1];
        starts[k..groups * 16].fill(last);
        // The maxima, 16 rows at a time.
        for (out, starts) in maxima
            .chunks_exact_mut(16)
            .zip(starts.chunks_exact(16))
            .take(groups)
        {
            let mut v = [ninf; 16];
            for (&t, &start) in TRANSPOSED.iter().zip(starts) {
                let (lo, hi) = load_row(start);
                v[t] = _mm512_max_ps(lo, hi);
            }
            store(out, reduce16(v, |a, b| _mm512_max_ps(a, b)));
        }
        // exp(row - max) and the sums, 16 rows at a time.
        let group_exps = exps.chunks_exact_mut(16).zip(maxima.chunks_exact(16));
        let groups_in = group_exps
            .zip(starts.chunks_exact(16))
            .zip(sums.chunks_exact_mut(16));
        for (((exps, maxima), starts), out) in groups_in.take(groups) {
            let mut v = [_mm512_setzero_ps(); 16];
            for (j, &t) in TRANSPOSED.iter().enumerate() {
                let (lo, hi) = load_row(starts[j]);
                let max = _mm512_set1_ps(maxima[j]);
                let lo = _mm512_maskz_mov_ps(head, exp(_mm512_sub_ps(lo, max)));
                let hi = _mm512_maskz_mov_ps(tail, exp(_mm512_sub_ps(hi, max)));
                exps[j] = [lo, hi];
                v[t] = _mm512_add_ps(lo, hi);
            }
            store(out, reduce16(v, |a, b| _mm512_add_ps(a, b)));
        }
        // -ln softmax[y] = ln(sum) - (logit[y] - max).
        for (ln, &sum) in lns.iter_mut().zip(&sums[..k]) {
            *ln = ln_f32(sum);
        }
        for (i, &y) in ys.iter().enumerate() {
            nll[i % 8] += (lns[i] - (w[starts[i] + y] - maxima[i])) as f64;
        }
        // dW[x] += (exps / sum - one_hot(y)) / n, the one-hot part on its own.
        if grad.is_some() {
            for (scale, &sum) in scales.iter_mut().zip(&sums[..k]) {
                *scale = inv_n / sum;
            }
            for (i, (&x, &y)) in xs.iter().zip(ys).enumerate() {
                let scale = _mm512_set1_ps(scales[i]);
                let [lo, hi] = exps[i];
                let g = &mut padded_grad[x];
                g[0] = _mm512_fmadd_ps(lo, scale, g[0]);
                g[1] = _mm512_fmadd_ps(hi, scale, g[1]);
                one_hot[starts[i] + y] -= inv_n;
            }
        }
        // Every FLUSH blocks, and after the last, the gradient summed so far into `grad`.
        if let Some(grad) = grad
            .as_deref_mut()
            .filter(|_| (b + 1) % FLUSH == 0 || b + 1 == blocks)
        {
            let rows = grad.chunks_exact_mut(size).zip(&mut padded_grad);
            for ((out, padded), one_hot) in rows.zip(one_hot.chunks_exact_mut(size)) {
                let mut lanes = [0.0f32; 32];
                store(&mut lanes[..16], padded[0]);
                store(&mut lanes[16..], padded[1]);
                for ((o, &g), h) in out.iter_mut().zip(&lanes).zip(one_hot) {
                    *o += g + *h;
                    *h = 0.0;
                }
                *padded = [_mm512_setzero_ps(); 2];
            }
        }
    }
    (nll[0] + nll[4]) + (nll[2] + nll[6]) + ((nll[1] + nll[5]) + (nll[3] + nll[7]))
}

/// See `kernels::cross_entropy_rows`. Needs `size <= 32`, `logits` and `out` of one `size`-long
/// row per label, and every `ys[i] < size` (checked, a panic otherwise).
///
/// 16 rows at a time: their maxima from one transposing reduction, `e =
/// exp(row - max)` and its sums from another, the sums' `ln`, the NLL terms `ln(sum) - (row[y] -
/// max)`, and `dlogits = e * (inv_n / sum)` stored into `out`, then `inv_n` taken off at `y`. The
/// logits are read once and `dlogits` written once: no copy of the logits to work on in place.
#[target_feature(enable = "avx512f")]
pub(super) fn cross_entropy_rows(
    logits: &[f32],
    out: &mut [f32],
    size: usize,
    ys: &[usize],
    inv_n: f32,
) -> f64 {
    assert!((1..=32).contains(&size), "rows of 1 to 32 numbers");
    assert!(logits.len() == ys.len() * size && out.len() == logits.len());
    let head = ((1u32 << size.min(16)) - 1) as __mmask16;
    let tail = ((1u32 << size.saturating_sub(16)) - 1) as __mmask16;
    let ninf = _mm512_set1_ps(f32::NEG_INFINITY);
    // Below exp's range: a logit of -inf (or far below its row's maximum) gives e = 0, not NaN.
    let floor = _mm512_set1_ps(-104.0);
    let mut nll = 0.0f64;
    let rows = ys.len();
    for first in (0..rows).step_by(16) {
        // The group's rows (the last group filled up with its last row), the lanes past a row's
        // end -inf.
        let row = |j: usize| (first + j).min(rows - 1);
        let mut loaded = [[ninf; 2]; 16];
        let mut v = [ninf; 16];
        for (j, &t) in TRANSPOSED.iter().enumerate() {
            let from = &logits[row(j) * size..(row(j) + 1) * size];
            // SAFETY: the masks enable only lanes inside `from`; masked-off lanes are not read.
            let (lo, hi) = unsafe {
                (
                    _mm512_mask_loadu_ps(ninf, head, from.as_ptr()),
                    _mm512_mask_loadu_ps(ninf, tail, from.as_ptr().wrapping_add(16)),
                )
            };
            loaded[j] = [lo, hi];
            v[t] = _mm512_max_ps(lo, hi);
        }
        let mut maxima = [0.0f32; 16];
        store(&mut maxima, reduce16(v, |a, b| _mm512_max_ps(a, b)));
        // e = exp(row - max) (0 past the row's end) and its sum.
        let mut exps = [[ninf; 2]; 16];
        let mut z = [ninf; 16];
        for (j, &t) in TRANSPOSED.iter().enumerate() {
            let max = _mm512_set1_ps(maxima[j]);
            let [lo, hi] = loaded[j];
            // max(floor, x) keeps a NaN (the second operand) as it is.
            let lo = _mm512_max_ps(floor, _mm512_sub_ps(lo, max));
            let hi = _mm512_max_ps(floor, _mm512_sub_ps(hi, max));
            exps[j] = [
                _mm512_maskz_mov_ps(head, exp(lo)),
                _mm512_maskz_mov_ps(tail, exp(hi)),
            ];
            z[t] = _mm512_add_ps(exps[j][0], exps[j][1]);
        }
        let mut zs = [0.0f32; 16];
        store(&mut zs, reduce16(z, |a, b| _mm512_add_ps(a, b)));
        // A loop rather than `zs.map(ln_f32)`, which is not inlined here (nor vectorised).
        let mut lns = [0.0f32; 16];
        for (ln, &z) in lns.iter_mut().zip(&zs) {
            *ln = ln_f32(z);
        }
        let count = (rows - first).min(16);
        for (j, [e_lo, e_hi]) in exps.iter().enumerate().take(count) {
            let r = first + j;
            let y = ys[r];
            nll += (lns[j] - (logits[r * size..(r + 1) * size][y] - maxima[j])) as f64;
            let scale = _mm512_set1_ps(inv_n / zs[j]);
            let to = &mut out[r * size..(r + 1) * size];
            // SAFETY: the masks enable only lanes inside `to`.
            unsafe {
                _mm512_mask_storeu_ps(to.as_mut_ptr(), head, _mm512_mul_ps(*e_lo, scale));
                _mm512_mask_storeu_ps(
                    to.as_mut_ptr().wrapping_add(16),
                    tail,
                    _mm512_mul_ps(*e_hi, scale),
                );
            }
            to[y] -= inv_n;
        }
    }
    nll
}

/// Where [`reduce16`] wants vector `j` so that lane `j` of its result is vector `j`'s: its
/// shuffles leave the results transposed as a 4 x 4 grid.
const TRANSPOSED: [usize; 16] = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];

/// 16 vectors to one, lane `j` the reduction by `op` of the 16 lanes of vector `TRANSPOSED[j]`:
/// each step halves the number of vectors by pairing halves of two of them (their 256-bit halves,
/// then 128-bit quarters, then pairs of lanes, then lanes), 15 pairs of shuffles in all instead of
/// 16 horizontal reductions.
#[target_feature(enable = "avx512f")]
fn reduce16(v: [__m512; 16], op: impl Fn(__m512, __m512) -> __m512) -> __m512 {
    let v8: [__m512; 8] = std::array::from_fn(|k| {
        let (a, b) = (v[2 * k], v[2 * k + 1]);
        op(
            _mm512_shuffle_f32x4::<0x44>(a, b),
            _mm512_shuffle_f32x4::<0xee>(a, b),
        )
    });
    let v4: [__m512; 4] = std::array::from_fn(|k| {
        let (a, b) = (v8[2 * k], v8[2 * k + 1]);
        op(
            _mm512_shuffle_f32x4::<0x88>(a, b),
            _mm512_shuffle_f32x4::<0xdd>(a, b),
        )
    });
    let v2: [__m512; 2] = std::array::from_fn(|k| {
        let (a, b) = (v4[2 * k], v4[2 * k + 1]);
        op(
            _mm512_shuffle_ps::<0x44>(a, b),
            _mm512_shuffle_ps::<0xee>(a, b),
        )
    });
    op(
        _mm512_shuffle_ps::<0x88>(v2[0], v2[1]),
        _mm512_shuffle_ps::<0xdd>(v2[0], v2[1]),
    )
}

/// `exp(x)` for 16 lanes, as the portable `exp_f32` splits it (`x = n ln 2 + r`, `exp(r)` by a
/// polynomial, times `2^n`) but a degree lower, with fused multiply-adds, `n = round(x / ln 2)` by
/// `vrndscaleps` and `2^n` by `vscalefps` (which also gives 0 for very negative `x`, where the
/// portable one stops at `exp(-87)`): 10 instructions instead of 27.
#[target_feature(enable = "avx512f")]
fn exp(x: __m512) -> __m512 {
    // c5, c4, c3, c2, then the 1 of r: a least-squares fit of the relative error on [-ln 2 / 2,
    // ln 2 / 2], within 1.1e-7 of exp; with the rounding, within 2 ulp (tested).
    const C: [f32; 5] = [
        8.312_83e-3,
        4.189_023_4e-2,
        1.666_711_1e-1,
        0.499_992_3,
        1.0,
    ];
    const ROUND: i32 = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
    let n =
        _mm512_roundscale_ps::<ROUND>(_mm512_mul_ps(x, _mm512_set1_ps(std::f32::consts::LOG2_E)));
    let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693_359_4), x);
    let r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.121_944_4e-4), r);
    // exp(r) = 1 + r + r^2 (c2 + c3 r + c4 r^2 + c5 r^3), by Horner's rule with fused
    // multiply-adds.
    let mut p = _mm512_set1_ps(C[0]);
    for c in &C[1..] {
        p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(*c));
    }
    let e_r = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0));
    _mm512_scalef_ps(e_r, n)
}

/// Writes the 16 lanes of `v` to `out` (16 long).
#[target_feature(enable = "avx512f")]
fn store(out: &mut [f32], v: __m512) {
    assert_eq!(out.len(), 16);
    // SAFETY: `out` has room for the 16 lanes.
    unsafe { _mm512_storeu_ps(out.as_mut_ptr(), v) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether this CPU can run the tests; without AVX-512 they say so and pass.
    fn have_avx512() -> bool {
        let have = std::arch::is_x86_feature_detected!("avx512f");
        if !have {
            eprintln!("no AVX-512 on this CPU: the hand-written kernel is not run here");
        }
        have
    }

    /// `f` on 16 lanes of `x`.
    fn lanes(x: [f32; 16], f: impl Fn(__m512) -> __m512) -> [f32; 16] {
        let mut out = [0.0; 16];
        // SAFETY: only called after `have_avx512`.
        unsafe { store(&mut out, f(_mm512_loadu_ps(x.as_ptr()))) };
        out
    }

    #[test]
    fn exp_is_within_2_ulp_of_the_library_exp() {
        if !have_avx512() {
            return;
        }
        let ulp = |a: f32, b: f32| (a.to_bits() as i64 - b.to_bits() as i64).abs();
        let mut worst = 0;
        for i in 0..1_100_000 {
            let x: [f32; 16] = std::array::from_fn(|j| -87.0 + (i * 16 + j) as f32 * 5e-6);
            // SAFETY: this CPU has AVX-512F.
            let e = lanes(x, |v| unsafe { exp(v) });
            for (&x, &e) in x.iter().zip(&e) {
                worst = worst.max(ulp(e, x.exp()));
            }
        }
        assert!(worst <= 2, "{worst} ulp");
        // SAFETY: as above.
        let edges = lanes(
            [
                0.0,
                -0.0,
                -104.0,
                -1000.0,
                f32::NAN,
                1.0,
                -1.0,
                0.5,
                0.0,
                0.0,
                0.0,
                0.0,
                0.0,
                0.0,
                0.0,
                0.0,
            ],
            |v| unsafe { exp(v) },
        );
        assert_eq!(&edges[..4], &[1.0, 1.0, 0.0, 0.0][..]);
        assert!(edges[4].is_nan());
    }

    #[test]
    fn reduce16_puts_vector_j_in_lane_j() {
        if !have_avx512() {
            return;
        }
        // Vector j holds j * 100 + lane: its maximum is j * 100 + 15, its sum j * 1600 + 120.
        let v: [[f32; 16]; 16] =
            std::array::from_fn(|j| std::array::from_fn(|l| (j * 100 + l) as f32));
        // SAFETY: this CPU has AVX-512F.
        let (max, sum) = unsafe {
            let mut arranged = [_mm512_setzero_ps(); 16];
            for (j, v) in v.iter().enumerate() {
                arranged[TRANSPOSED[j]] = _mm512_loadu_ps(v.as_ptr());
            }
            let (mut max, mut sum) = ([0.0; 16], [0.0; 16]);
            store(&mut max, reduce16(arranged, |a, b| _mm512_max_ps(a, b)));
            store(&mut sum, reduce16(arranged, |a, b| _mm512_add_ps(a, b)));
            (max, sum)
        };
        for j in 0..16 {
            assert_eq!(max[j], (j * 100 + 15) as f32);
            assert_eq!(sum[j], (j * 1600 + 120) as f32);
        }
    }

    #[test]
    fn cross_entropy_rows_agrees_with_the_portable_kernel_and_with_f64() {
        if !have_avx512() {
            return;
        }
        for (size, n) in [(27, 300), (32, 129), (17, 128), (16, 127), (5, 33), (1, 7)] {
            let mut logits: Vec<f32> = (0..n * size)
                .map(|i| ((i * 37 + i / 5) % 2001) as f32 / 100.0 - 10.0)
                .collect();
            // A row in the hundreds and a logit of -inf (not a label).
            logits[..size].iter_mut().for_each(|x| *x += 150.0);
            let ys: Vec<usize> = (0..n).map(|i| (i * 7 + 2) % size).collect();
            if size > 1 {
                logits[size + (ys[1] + 1) % size] = f32::NEG_INFINITY;
            }
            let inv_n = 1.0 / n as f32;
            let mut fast = vec![0.0; n * size];
            // SAFETY: this CPU has AVX-512F.
            let nll = unsafe { cross_entropy_rows(&logits, &mut fast, size, &ys, inv_n) };
            let mut portable = logits.clone();
            let nll_portable =
                super::super::kernels::onehot_rows(&mut portable, size, &ys, inv_n, true);
            let mut nll_f64 = 0.0f64;
            for (r, (row, &y)) in logits.chunks(size).zip(&ys).enumerate() {
                let max = row.iter().fold(f32::NEG_INFINITY, |m, &l| m.max(l)) as f64;
                let z: f64 = row.iter().map(|&l| (l as f64 - max).exp()).sum();
                nll_f64 += z.ln() - (row[y] as f64 - max);
                for (c, &l) in row.iter().enumerate() {
                    let one_hot = if c == y { 1.0 } else { 0.0 };
                    let g = ((l as f64 - max).exp() / z - one_hot) / n as f64;
                    let (f, p) = (fast[r * size + c], portable[r * size + c]);
                    assert!(
                        (f as f64 - g).abs() <= 1e-6 / n as f64,
                        "{size}: {f} vs {g}"
                    );
                    assert!((f - p).abs() <= 1e-6 / n as f32, "{size}: {f} vs {p}");
                }
            }
            assert!(
                (nll - nll_f64).abs() <= 1e-6 * nll_f64.max(1.0),
                "size {size}: {nll} vs {nll_f64}"
            );
            assert!((nll - nll_portable).abs() <= 1e-6 * nll_f64.max(1.0));
        }
    }

    #[test]
    fn indexed_rows_agrees_with_the_portable_kernel_and_with_f64() {
        if !have_avx512() {
            return;
        }
        let mut state = 5u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 33) as usize
        };
        for (size, rows, n) in [
            (27, 27, 5000),
            (27, 729, 3000),
            (32, 4, 129),
            (17, 3, 128),
            (16, 5, 127),
            (5, 2, 33),
            (1, 3, 7),
        ] {
            let w: Vec<f32> = (0..rows * size)
                .map(|_| (next() % 2001) as f32 / 100.0 - 10.0)
                .collect();
            let xs: Vec<usize> = (0..n).map(|_| next() % rows).collect();
            let ys: Vec<usize> = (0..n).map(|_| next() % size).collect();
            let inv_n = 1.0 / n as f32;
            let (mut fast, mut portable) = (vec![0.0; rows * size], vec![0.0; rows * size]);
            // SAFETY: this CPU has AVX-512F.
            let nll = unsafe { indexed_rows(&w, size, &xs, &ys, inv_n, Some(&mut fast)) };
            let nll_portable = super::super::kernels::indexed_rows_portable(
                &w,
                size,
                &xs,
                &ys,
                inv_n,
                Some(&mut portable),
            );
            // And straight from the definition in f64.
            let (mut nll_f64, mut grad_f64) = (0.0f64, vec![0.0f64; rows * size]);
            for (&x, &y) in xs.iter().zip(&ys) {
                let row = &w[x * size..(x + 1) * size];
                let max = row.iter().fold(f32::NEG_INFINITY, |m, &l| m.max(l)) as f64;
                let z: f64 = row.iter().map(|&l| (l as f64 - max).exp()).sum();
                nll_f64 += z.ln() - (row[y] as f64 - max);
                for (c, &l) in row.iter().enumerate() {
                    grad_f64[x * size + c] += (l as f64 - max).exp() / z / n as f64;
                }
                grad_f64[x * size + y] -= 1.0 / n as f64;
            }
            assert!(
                (nll - nll_f64).abs() <= 1e-6 * nll_f64.max(1.0),
                "size {size}: {nll} vs {nll_f64}"
            );
            assert!(
                (nll - nll_portable).abs() <= 1e-6 * nll_f64.max(1.0),
                "size {size}"
            );
            let scale = grad_f64.iter().fold(0.0f64, |m, g| m.max(g.abs()));
            for ((&f, &p), &g) in fast.iter().zip(&portable).zip(&grad_f64) {
                assert!(
                    (f as f64 - g).abs() <= 1e-5 * scale,
                    "size {size}: {f} vs {g}"
                );
                assert!(
                    (f - p).abs() as f64 <= 1e-5 * scale,
                    "size {size}: {f} vs {p}"
                );
            }
            // Without a gradient: the same loss.
            // SAFETY: as above.
            assert_eq!(
                unsafe { indexed_rows(&w, size, &xs, &ys, inv_n, None) },
                nll
            );
        }
    }
}
