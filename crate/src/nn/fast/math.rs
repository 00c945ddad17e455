//! The arithmetic the kernels are made of: `exp`, `ln`, max, sum and dot product in f32, each
//! written so that a loop over a slice compiles to vector instructions, shared by the portable
//! kernels (`kernels.rs`) and the AVX-512 ones (`avx512.rs`).

/// How many blocks of 128 examples the per-example kernels sum the gradient over before adding it into
/// the caller's (4096 examples): less f32 rounding than adding 228146 small terms one after
/// another.
pub(super) const FLUSH: usize = 32;

/// The largest entry of a slice over 8 running maxima, so that it compiles to vector
/// instructions. A NaN is passed over here; it then makes its row's sum, and so the loss, NaN.
#[inline(always)]
pub(super) fn max_f32(xs: &[f32]) -> f32 {
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
pub(super) fn exp_f32(x: f32) -> f32 {
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

/// `ln(x)` in f32 for a positive normal `x` (or NaN, which stays NaN), written so that a loop over
/// a slice compiles to vector instructions: the kernels take one per row, 228146 per step on the
/// one-hot path. Cephes' `logf`: `x = m 2^e` with `m` in `[sqrt(1/2), sqrt(2))`, a degree-9
/// polynomial for `ln(m)`, and `e ln 2` added in two parts. Within 2 ulp of [`f32::ln`] (the
/// tests check it); zero, negative numbers and infinities are outside its domain (the sums it is
/// used on are at least 1).
#[inline(always)]
pub(super) fn ln_f32(x: f32) -> f32 {
    const SQRT_HALF: f32 = std::f32::consts::FRAC_1_SQRT_2;
    let bits = x.to_bits();
    // x = m * 2^e with m in [0.5, 1), then m in [sqrt(1/2), sqrt(2)).
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f00_0000);
    let e = ((bits >> 23) & 0xff) as i32 - 126;
    let (m, e) = if m < SQRT_HALF {
        (m + m - 1.0, e - 1)
    } else {
        (m - 1.0, e)
    };
    let e = e as f32;
    let z = m * m;
    // Horner's rule, highest power first.
    const P: [f32; 9] = [
        7.037_683_6e-2,
        -1.151_461e-1,
        1.167_699_9e-1,
        -1.242_014_1e-1,
        1.424_932_3e-1,
        -1.666_805_8e-1,
        2.000_071_4e-1,
        -2.499_999_4e-1,
        0.333_333_3, // 3.3333331174e-1 in Cephes, the same f32
    ];
    let p = P.iter().fold(0.0, |p, &c| p * m + c);
    let y = p * m * z + -2.121_944_4e-4 * e + -0.5 * z;
    let ln = m + y + 0.693_359_4 * e;
    if x.is_nan() { x } else { ln }
}

/// The sum of a slice in f32 over 8 running sums (the order ndarray's `sum` uses for a slice, so
/// that it compiles to vector additions).
#[inline(always)]
pub(super) fn sum_f32(xs: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let mut chunks = xs.chunks_exact(8);
    for chunk in &mut chunks {
        for (a, &x) in acc.iter_mut().zip(chunk) {
            *a += x;
        }
    }
    let rest: f32 = chunks.remainder().iter().sum();
    fold_8(acc) + rest
}

/// 8 running sums added pairwise: `(a0 + a4) + (a2 + a6)` and so on.
#[inline(always)]
pub(super) fn fold_8(acc: [f32; 8]) -> f32 {
    let pairs = [
        acc[0] + acc[4],
        acc[1] + acc[5],
        acc[2] + acc[6],
        acc[3] + acc[7],
    ];
    (pairs[0] + pairs[2]) + (pairs[1] + pairs[3])
}

/// The dot product of two slices of the same length in f32, over 8 running sums like
/// [`sum_f32`].
#[inline(always)]
pub(super) fn dot_f32(xs: &[f32], ys: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (mut xc, mut yc) = (xs.chunks_exact(8), ys.chunks_exact(8));
    for (x, y) in (&mut xc).zip(&mut yc) {
        for ((a, &x), &y) in acc.iter_mut().zip(x).zip(y) {
            *a += x * y;
        }
    }
    let rest: f32 = xc
        .remainder()
        .iter()
        .zip(yc.remainder())
        .map(|(x, y)| x * y)
        .sum();
    fold_8(acc) + rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_f32_is_within_2_ulp_of_the_library_ln() {
        let ulp = |a: f32, b: f32| (a.to_bits() as i64 - b.to_bits() as i64).abs();
        let mut worst = 0;
        // Densely where the kernels use it (a row's sum is between 1 and the vocabulary's size),
        // then across every exponent of the positive normal numbers.
        let dense = (0..2_000_000).map(|i| 1.0 + i as f32 * 5e-4);
        let wide = (f32::MIN_POSITIVE.to_bits()..f32::MAX.to_bits())
            .step_by(1009)
            .map(f32::from_bits);
        for x in dense.chain(wide) {
            let d = ulp(ln_f32(x), x.ln());
            assert!(
                d <= 2 || (x.ln().abs() < 1e-6 && (ln_f32(x) - x.ln()).abs() < 1e-12),
                "{x}: {d} ulp"
            );
            worst = worst.max(d);
        }
        assert!(worst <= 2, "{worst} ulp");
        assert_eq!(ln_f32(1.0), 0.0);
        assert!(ln_f32(f32::NAN).is_nan());
    }

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
