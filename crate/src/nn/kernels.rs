//! The fast one-hot path's kernels: a row-block softmax with NLL and `dlogits`, and the
//! vectorisable `exp`, max and sum it is made of. Private: the lecture's ideas are in
//! `forward.rs` and `loss.rs`; this is the same arithmetic arranged for speed.

/// The one-hot path's work on the logits of every pair: each row's softmax, its term of the NLL
/// (returned: the sum over the rows of `-ln probs[y]`, computed as `-(logit[y] - max - ln(sum))`
/// in f32, as torch does, and summed in f64), and with `want_grad` the row overwritten with its
/// `dlogits`, `(probs - one_hot(y)) / n` (`inv_n` is `1 / n`).
///
/// It goes through the rows in blocks that stay in the L1 cache: shift each row by its maximum,
/// `exp` the whole block in one loop (vector instructions, no row-length remainders), then each
/// row's sum, NLL term and `dlogits`.
pub(super) fn onehot_rows(
    logits: &mut [f32],
    size: usize,
    ys: &[usize],
    inv_n: f32,
    want_grad: bool,
) -> f64 {
    const BLOCK: usize = 128;
    let mut nll = 0.0f64;
    let mut shifted_y = [0.0f32; BLOCK];
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
        for ((row, &y), &sy) in block.chunks_exact_mut(size).zip(ys).zip(&shifted_y) {
            let sum = sum_f32(row);
            nll -= (sy - sum.ln()) as f64;
            if want_grad {
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

/// The largest entry of a slice over 8 running maxima, so that it compiles to vector
/// instructions. A NaN is passed over here; it then makes its row's sum, and so the loss, NaN.
fn max_f32(xs: &[f32]) -> f32 {
    let larger = |a: f32, b: f32| if b > a { b } else { a };
    let mut acc = [f32::NEG_INFINITY; 8];
    let mut chunks = xs.chunks_exact(8);
    for chunk in &mut chunks {
        for (a, &x) in acc.iter_mut().zip(chunk) {
            *a = larger(*a, x);
        }
    }
    acc.iter()
        .chain(chunks.remainder())
        .fold(f32::NEG_INFINITY, |m, &x| larger(m, x))
}

/// `exp(x)` in f32, written so that a loop over a slice compiles to vector instructions (the
/// one-hot path calls it 27 times per pair, 6 million times per step). Cephes' `expf`: `x = n ln 2
/// + r` with `|r| <= ln 2 / 2`, a degree-7 polynomial for `exp(r)`, and `2^n` put into the
/// exponent bits. Within 2 ulp of [`f32::exp`] for `x` in `[-87, 88]` (the tests check it); below
/// -87 it gives `exp(-87)`, about 1.6e-38, instead of a smaller number or 0, and above 88 it gives
/// `exp(88)`. A NaN stays NaN.
#[inline(always)]
fn exp_f32(x: f32) -> f32 {
    const MAGIC: f32 = 12_582_912.0; // 1.5 * 2^23: adding it rounds to an integer
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    let x = x.clamp(-87.0, 88.0);
    let t = x * std::f32::consts::LOG2_E + MAGIC;
    let n = t - MAGIC;
    let r = x - n * LN2_HI - n * LN2_LO;
    let p = ((((1.987_569_1e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5;
    let e_r = p * r * r + r + 1.0;
    // t's low mantissa bits hold n (between -126 and 127): 2^n is (n + 127) << 23.
    let n_bits = (t.to_bits() as i32).wrapping_sub(MAGIC.to_bits() as i32);
    e_r * f32::from_bits(((n_bits + 127) as u32) << 23)
}

/// The sum of a slice in f32 over 8 running sums (the order ndarray's `sum` uses for a slice, so
/// that it compiles to vector additions).
fn sum_f32(xs: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let mut chunks = xs.chunks_exact(8);
    for chunk in &mut chunks {
        for (a, &x) in acc.iter_mut().zip(chunk) {
            *a += x;
        }
    }
    let rest: f32 = chunks.remainder().iter().sum();
    let pairs = [
        acc[0] + acc[4],
        acc[1] + acc[5],
        acc[2] + acc[6],
        acc[3] + acc[7],
    ];
    (pairs[0] + pairs[2]) + (pairs[1] + pairs[3]) + rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_f32_is_within_2_ulp_of_the_library_exp() {
        let ulp = |a: f32, b: f32| (a.to_bits() as i64 - b.to_bits() as i64).abs();
        let mut worst = 0;
        for i in 0..=1_750_000 {
            let x = -87.0 + i as f32 * 1e-4;
            worst = worst.max(ulp(exp_f32(x), x.exp()));
        }
        assert!(worst <= 2, "{worst} ulp");
        assert_eq!(exp_f32(0.0), 1.0);
        assert!(exp_f32(f32::NAN).is_nan());
        assert_eq!(exp_f32(-1000.0), exp_f32(-87.0));
        assert_eq!(sum_f32(&[1.0; 27]), 27.0);
        let xs: Vec<f32> = (0..27).map(|i| ((i * 7) % 27) as f32 - 13.0).collect();
        assert_eq!(max_f32(&xs), 13.0);
    }
}
