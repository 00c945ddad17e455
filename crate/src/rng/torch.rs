//! PyTorch's CPU random generator, bit for bit: `torch.Generator().manual_seed(s)` and the streams
//! of `torch.rand`, `torch.randn` and `torch.multinomial` drawn from it.
//!
//! The lecture seeds `g = torch.Generator().manual_seed(2147483647)` and passes `generator=g` to
//! every random call, so its numbers (the probabilities of the first demo, the initial weights
//! `W`, the sampled names) are fixed. [`TorchGenerator`] reproduces them exactly, as f32 bit
//! patterns, with the same draws consumed in the same order, so a sequence of calls here
//! matches the same sequence of calls in Python:
//!
//! | torch (CPU, float32) | here |
//! |---|---|
//! | `g = torch.Generator().manual_seed(s)` | [`TorchGenerator::manual_seed`]`(s)` |
//! | `torch.rand(n, generator=g)` | [`TorchGenerator::rand`]`(n)` |
//! | `torch.randn((27, 27), generator=g)` | [`TorchGenerator::randn_2d`]`((27, 27))` or [`TorchGenerator::randn`]`(729)` |
//! | `torch.multinomial(p, k, replacement=True, generator=g)` | [`TorchGenerator::multinomial`]`(p, k, rule)` |
//! | `g.random_()`-style raw 32-bit words | [`rand_core::RngCore::next_u32`] |
//!
//! The engine is MT19937, `rand_mt`'s, seeded by `init_genrand` (the same words as C++'s
//! `std::mt19937`). `randn` follows torch's x86-64 AVX2 kernel (the Cephes `log` and `sincos`
//! polynomials with the fused multiply-adds GCC put in them), so `W` matches torch on an x86-64
//! machine; torch on other CPUs may differ from it in the last bit of some values. `multinomial` for single draws changed in torch 2.0; see
//! [`MultinomialRule`].
//!
//! ```
//! use makemore::rng::TorchGenerator;
//!
//! // g = torch.Generator().manual_seed(2147483647); p = torch.rand(3, generator=g)
//! let mut g = TorchGenerator::manual_seed(2147483647);
//! let p = g.rand(3);
//! assert_eq!(p, [0.7081288695335388, 0.3542391061782837, 0.10543233156204224]);
//!
//! // W = torch.randn((27, 27), generator=g) on a fresh generator: W[0, 0] = 1.5674
//! let w = TorchGenerator::manual_seed(2147483647).randn_2d((27, 27));
//! assert_eq!(w[[0, 0]].to_bits(), 0x3fc89f51);
//! ```
//!
//! Everything uses f32 and f64 arithmetic that Rust rounds the same way on every platform except
//! the double-precision `log1p`, `sin` and `cos` of the small-`randn` and race-`multinomial` paths,
//! which come from the system's C library (glibc on Linux, as torch's do).

use std::f64::consts::PI;
use std::fmt;

use ndarray::{Array2, ArrayView1};
use rand_core::RngCore;
use rand_mt::Mt;

use crate::error::{Error, Result, check_param, check_row};

/// How `torch.multinomial(p, num_samples, replacement=True)` draws, which depends on the torch
/// version for single draws.
///
/// * `num_samples > 1`: every torch builds the cumulative distribution of `p` (a sequential f32
///   sum, divided by the total), draws one double uniform (two 32-bit words) per sample and binary
///   searches it. Both rules do this.
/// * `num_samples == 1` (the lecture's sampling loop): torch 1.x, which the video ran (2022), did
///   the same ([`Cdf`](MultinomialRule::Cdf)); torch 2.0 and later run an exponential race
///   ([`Race`](MultinomialRule::Race)): one `Exp(1)` variable `q[i]` per category (two words
///   each), and the winner is the first index of the largest `p[i] / q[i]`. From 2.0 to 2.6, x86-64
///   builds with MKL took those `Exp(1)` variables from MKL's own generator; 2.7 went back to
///   torch's stream (pytorch PR 146174), which is what `Race` draws from, so its names are those
///   of torch 2.7 and later.
///
/// The two rules draw from the same distribution, but the same seed gives different names. The
/// default is [`Cdf`](MultinomialRule::Cdf), the video's.
///
/// ```
/// use makemore::rng::{MultinomialRule, TorchGenerator};
/// use ndarray::array;
///
/// assert_eq!(MultinomialRule::default(), MultinomialRule::Cdf);
/// let p = array![0.2f32, 0.3, 0.5];
/// // With several samples the rules agree.
/// let a = TorchGenerator::manual_seed(1).multinomial(p.view(), 10, MultinomialRule::Cdf)?;
/// let b = TorchGenerator::manual_seed(1).multinomial(p.view(), 10, MultinomialRule::Race)?;
/// assert_eq!(a, b);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum MultinomialRule {
    /// Inverse CDF with a binary search for every draw: torch 1.x (the video) for single draws,
    /// every torch for `num_samples > 1`. One double uniform per sample.
    #[default]
    Cdf,
    /// The exponential race for single draws (torch >= 2.0; these draws are torch 2.7's and
    /// later), `argmax(p / q)` with `q ~ Exp(1)`; consumes two words per category whatever is
    /// drawn. `num_samples > 1` still uses the CDF.
    Race,
}

/// PyTorch's CPU generator (`torch.Generator()`): MT19937 plus the cached second value of the
/// double-precision Box-Muller transform.
///
/// It implements [`rand_core::RngCore`], so it drives any `rand` API, and
/// [`IndexSampler`](crate::counting::sample::IndexSampler), so [`crate::counting::sample::sample_names`] can use it; its single draws follow the
/// [`MultinomialRule`] it carries (default [`Cdf`](MultinomialRule::Cdf), the video's).
///
/// ```
/// use makemore::{counting::{BigramModel, sample}, data::Dataset, rng::TorchGenerator};
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let model = BigramModel::fit(&words, 1, 1.0)?;
/// let mut g = TorchGenerator::manual_seed(sample::LECTURE_SEED);
/// let names = sample::sample_names(&model, &mut g, 5, sample::DEFAULT_MAX_LEN)?;
/// assert_eq!(names.len(), 5);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct TorchGenerator {
    seed: u64,
    /// The MT19937 engine, seeded by `init_genrand` (torch's `mt19937_engine`).
    mt: Mt,
    /// The second value of the last double-precision Box-Muller pair, if unused.
    cached_normal: Option<f64>,
    rule: MultinomialRule,
}

impl fmt::Debug for TorchGenerator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TorchGenerator")
            .field("seed", &self.seed)
            .field("cached_normal", &self.cached_normal)
            .field("rule", &self.rule)
            .finish_non_exhaustive()
    }
}

impl TorchGenerator {
    /// `torch.Generator().manual_seed(seed)`: a fresh generator, no cached normal, the
    /// [`MultinomialRule::Cdf`] rule for single draws.
    ///
    /// Like torch, only the low 32 bits of the seed reach MT19937 (`seed & 0xffffffff`).
    ///
    /// ```
    /// use makemore::rng::TorchGenerator;
    /// use rand_core::RngCore;
    ///
    /// let mut g = TorchGenerator::manual_seed(42);
    /// assert_eq!(g.next_u32(), 1608637542); // the first word of std::mt19937(42)
    /// assert_eq!(TorchGenerator::manual_seed(42 + (1 << 32)).next_u32(), 1608637542);
    /// ```
    pub fn manual_seed(seed: u64) -> Self {
        TorchGenerator {
            seed,
            mt: Mt::new(seed as u32),
            cached_normal: None,
            rule: MultinomialRule::default(),
        }
    }

    /// The same generator with the rule its single draws ([`IndexSampler::sample_index`](crate::counting::sample::IndexSampler::sample_index)) follow.
    ///
    /// ```
    /// use makemore::rng::{MultinomialRule, TorchGenerator};
    ///
    /// let g = TorchGenerator::manual_seed(7).with_multinomial_rule(MultinomialRule::Race);
    /// assert_eq!(g.multinomial_rule(), MultinomialRule::Race);
    /// ```
    pub fn with_multinomial_rule(mut self, rule: MultinomialRule) -> Self {
        self.rule = rule;
        self
    }

    /// The rule single draws ([`IndexSampler::sample_index`](crate::counting::sample::IndexSampler::sample_index)) follow.
    ///
    /// ```
    /// use makemore::rng::{MultinomialRule, TorchGenerator};
    ///
    /// assert_eq!(TorchGenerator::manual_seed(7).multinomial_rule(), MultinomialRule::Cdf);
    /// ```
    pub fn multinomial_rule(&self) -> MultinomialRule {
        self.rule
    }

    /// The seed given to [`TorchGenerator::manual_seed`] (torch's `g.initial_seed()`).
    ///
    /// ```
    /// assert_eq!(makemore::rng::TorchGenerator::manual_seed(2147483647).initial_seed(), 2147483647);
    /// ```
    pub fn initial_seed(&self) -> u64 {
        self.seed
    }

    /// torch's double uniform in `[0, 1)` (`at::uniform_real_distribution<double>(0, 1)`): the low
    /// 53 bits of [`RngCore::next_u64`] times `2^-53`, two words per value. This is the `u` of
    /// `multinomial` and of the small-`randn` path.
    ///
    /// ```
    /// let u = makemore::rng::TorchGenerator::manual_seed(0).uniform_f64();
    /// assert!((0.0..1.0).contains(&u));
    /// ```
    pub fn uniform_f64(&mut self) -> f64 {
        const MASK: u64 = (1 << 53) - 1;
        (self.mt.next_u64() & MASK) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// One float uniform in `[0, 1)`: the low 24 bits of one word times `2^-24` (exact).
    fn uniform_f32(&mut self) -> f32 {
        (self.mt.next_u32() & 0x00ff_ffff) as f32 * (1.0 / (1u32 << 24) as f32)
    }

    /// `torch.rand(n, generator=g)` in float32: one word per value, in order, each value a
    /// multiple of `2^-24` in `[0, 1)`.
    ///
    /// ```
    /// let mut g = makemore::rng::TorchGenerator::manual_seed(2147483647);
    /// let bits: Vec<u32> = g.rand(3).iter().map(|x| x.to_bits()).collect();
    /// assert_eq!(bits, [0x3f3547ef, 0x3eb55ed4, 0x3dd7ece8]);
    /// ```
    pub fn rand(&mut self, n: usize) -> Vec<f32> {
        (0..n).map(|_| self.uniform_f32()).collect()
    }

    /// `torch.randn(shape, generator=g)` in float32, as the `n = numel` values in memory (row-major)
    /// order: for shape `(27, 27)` pass `n = 729` (or use [`TorchGenerator::randn_2d`]).
    ///
    /// Like torch, the algorithm depends on `n`:
    /// * `n >= 16`: torch's x86-64 AVX2 kernel. `n` float uniforms, then a 16-wide f32 Box-Muller
    ///   on each full block of 16 (the first 8 of a block give `u1`, the last 8 `u2`); if
    ///   `n % 16 != 0`, 16 new uniforms overwrite the last 16 values and are transformed again.
    ///   729 values take 745 words. The cached normal is neither used nor changed.
    /// * `n < 16`: a double-precision Box-Muller per pair, cast to f32; the second value of a pair
    ///   is cached in the generator and used by the next small `randn` (torch's `randn(3)` then
    ///   `randn(5)` shares a pair). [`TorchGenerator::manual_seed`] starts with no cached value.
    ///
    /// ```
    /// use makemore::rng::TorchGenerator;
    ///
    /// let mut g = TorchGenerator::manual_seed(42);
    /// let x = g.randn(27); // torch.randn(27, generator=g)
    /// assert_eq!(x[0].to_bits(), 0x3ff6a529); // 1.9269
    /// // The small path: randn(5) then randn(3) gives the 8 values of randn(8) on the same seed.
    /// let mut a = TorchGenerator::manual_seed(42);
    /// let mut five_then_three = a.randn(5);
    /// five_then_three.extend(a.randn(3));
    /// assert_eq!(five_then_three, TorchGenerator::manual_seed(42).randn(8));
    /// ```
    pub fn randn(&mut self, n: usize) -> Vec<f32> {
        if n < 16 {
            return (0..n).map(|_| self.normal_f64() as f32).collect();
        }
        let mut data = self.rand(n);
        for block in data.chunks_exact_mut(16) {
            box_muller_16(block);
        }
        if !n.is_multiple_of(16) {
            let tail = &mut data[n - 16..];
            tail.fill_with(|| self.uniform_f32());
            box_muller_16(tail);
        }
        data
    }

    /// `torch.randn((rows, cols), generator=g)`: [`TorchGenerator::randn`]`(rows * cols)` in
    /// row-major order. The lecture's `W = torch.randn((27, 27), generator=g)`.
    ///
    /// # Panics
    ///
    /// If `rows * cols` overflows `usize` (as any allocation of that size would).
    ///
    /// ```
    /// let w = makemore::rng::TorchGenerator::manual_seed(2147483647).randn_2d((27, 27));
    /// assert_eq!(w.dim(), (27, 27));
    /// assert_eq!(w[[0, 1]].to_bits(), 0xbe72fcc2); // -0.2372
    /// ```
    pub fn randn_2d(&mut self, (rows, cols): (usize, usize)) -> Array2<f32> {
        let n = rows
            .checked_mul(cols)
            .expect("randn_2d: rows * cols overflows usize");
        Array2::from_shape_vec((rows, cols), self.randn(n))
            .expect("randn returns exactly rows * cols values")
    }

    /// One value of `at::normal_distribution<double>`, using the cached second value if any.
    fn normal_f64(&mut self) -> f64 {
        if let Some(v) = self.cached_normal.take() {
            return v;
        }
        let u1 = self.uniform_f64();
        let u2 = self.uniform_f64();
        let r = (-2.0 * (-u2).ln_1p()).sqrt();
        let theta = 2.0 * PI * u1;
        self.cached_normal = Some(r * theta.sin());
        r * theta.cos()
    }

    /// `torch.multinomial(p, num_samples, replacement=True, generator=g)` for a 1-D `p`.
    ///
    /// `p` holds weights: it need not sum to 1. `rule` decides single draws only (see
    /// [`MultinomialRule`]); `num_samples > 1` always uses the CDF, one double uniform per sample.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidProbabilities`] if `p` is empty, holds a NaN, an infinite or a negative
    /// entry, is all zeros, or its f32 sum overflows; [`Error::InvalidParameter`] if
    /// `num_samples` is 0. Nothing is drawn from the generator on an error.
    ///
    /// ```
    /// use makemore::rng::{MultinomialRule, TorchGenerator};
    /// use ndarray::Array1;
    ///
    /// // The lecture's demo: p = torch.rand(3); p = p / p.sum(); torch.multinomial(p, 20, ...)
    /// let mut g = TorchGenerator::manual_seed(2147483647);
    /// let p = Array1::from(g.rand(3));
    /// let p = &p / p.sum();
    /// let s = g.multinomial(p.view(), 20, MultinomialRule::Cdf)?;
    /// assert_eq!(s, [1, 1, 2, 0, 0, 2, 1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]);
    /// assert!(g.multinomial(p.view(), 0, MultinomialRule::Cdf).is_err());
    /// assert!(g.multinomial(ndarray::array![0.0f32, 0.0].view(), 1, MultinomialRule::Race).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn multinomial(
        &mut self,
        p: ArrayView1<f32>,
        num_samples: usize,
        rule: MultinomialRule,
    ) -> Result<Vec<usize>> {
        check_param(
            num_samples >= 1,
            "num_samples",
            num_samples,
            "must be at least 1",
        )?;
        let total = check_weights(p)?;
        if num_samples == 1 && rule == MultinomialRule::Race {
            return Ok(vec![self.race(p)]);
        }
        Ok((0..num_samples)
            .map(|_| self.search_weights(p, total))
            .collect())
    }

    /// `multinomial(probs, 1, rule)[0]` with the generator's own rule: the same draw from the
    /// same generator state, without building the cumulative distribution or the result (one per
    /// character when sampling). [`crate::counting::sample::IndexSampler`] for this generator calls it.
    pub(crate) fn sample_one(&mut self, probs: ArrayView1<f32>) -> Result<usize> {
        let total = check_weights(probs)?;
        Ok(match self.rule {
            MultinomialRule::Race => self.race(probs),
            MultinomialRule::Cdf => self.search_weights(probs, total),
        })
    }

    /// The exponential race: `argmax(p / q)`, `q[i] = -log1p(-u)` cast to f32, the first index of
    /// the maximum (a NaN, from `0 / 0` when `u = 0`, wins as in torch's `argmax`).
    fn race(&mut self, p: ArrayView1<f32>) -> usize {
        let mut best = 0;
        let mut best_r = f32::NEG_INFINITY;
        for (i, &pi) in p.iter().enumerate() {
            let q = (-(-self.uniform_f64()).ln_1p()) as f32;
            let r = pi / q;
            if best_r.is_nan() {
                continue; // keep drawing: torch fills every q first
            }
            if r.is_nan() || r > best_r {
                best = i;
                best_r = r;
            }
        }
        best
    }

    /// One CDF draw, `u` a double uniform: torch's normalised cumulative distribution (the
    /// running f32 sum divided by the total, the last entry forced to 1) and the first index
    /// where it is >= `u`, computed as it goes (the CDF never falls, so the first such index is
    /// the one torch's binary search finds). `total` is the running sum's last value.
    fn search_weights(&mut self, p: ArrayView1<f32>, total: f32) -> usize {
        let u = self.uniform_f64();
        let last = p.len() - 1;
        let mut sum = 0f32;
        for (i, &x) in p.iter().enumerate() {
            sum += x;
            let c = if i == last { 1.0 } else { sum / total };
            if c as f64 >= u {
                return i;
            }
        }
        last
    }
}

/// The checks `multinomial` needs before drawing anything; the weights' f32 running sum.
fn check_weights(p: ArrayView1<f32>) -> Result<f32> {
    check_row(p).map_err(|reason| Error::InvalidProbabilities { reason })?;
    let sum: f32 = p.iter().sum();
    if !sum.is_finite() {
        return Err(Error::InvalidProbabilities {
            reason: "the entries' f32 sum overflows to infinity".into(),
        });
    }
    Ok(sum)
}

/// torch's `normal_fill_16_AVX2` on one block of 16 uniforms: lanes `j` and `j + 8` become the
/// pair of normals from `u1 = 1 - d[j]`, `u2 = d[j + 8]`.
fn box_muller_16(d: &mut [f32]) {
    debug_assert_eq!(d.len(), 16);
    for j in 0..8 {
        let u1 = 1.0f32 - d[j];
        let u2 = d[j + 8];
        let radius = (-2.0f32 * log256(u1)).sqrt();
        let theta = 6.283_185_5_f32 * u2;
        let (s, c) = sincos256(theta);
        // torch finishes with fma(x, std = 1, mean = 0), which turns -0 into +0.
        d[j] = (radius * c).mul_add(1.0, 0.0);
        d[j + 8] = (radius * s).mul_add(1.0, 0.0);
    }
}

/// `log256_ps` of avx_mathfun.h, one lane, with GCC's fused multiply-adds.
#[allow(clippy::excessive_precision)]
fn log256(x: f32) -> f32 {
    if x <= 0.0 {
        return f32::NAN; // the invalid mask; never reached by randn (u1 is in (0, 1])
    }
    let x = x.max(f32::from_bits(0x0080_0000));
    let e_i = (x.to_bits() >> 23) as i32 - 127;
    let mut x = f32::from_bits((x.to_bits() & !0x7f80_0000) | 0x3f00_0000);
    let mut e = e_i as f32 + 1.0;
    // Cephes' SQRTHF = 0.707106781186547524, which rounds to this f32.
    let small = x < std::f32::consts::FRAC_1_SQRT_2;
    let tmp = if small { x } else { 0.0 };
    x -= 1.0;
    if small {
        e -= 1.0;
    }
    x += tmp;
    let z = x * x;
    let mut y = 7.037_683_629_2e-2_f32;
    for p in [
        -1.151_461_031_0e-1_f32,
        1.167_699_874_0e-1,
        -1.242_014_084_6e-1,
        1.424_932_278_7e-1,
        -1.666_805_766_5e-1,
        2.000_071_476_5e-1,
        -2.499_999_399_3e-1,
        3.333_333_117_4e-1,
    ] {
        y = y.mul_add(x, p);
    }
    y *= x;
    y = y.mul_add(z, e * -2.121_944_40e-4_f32);
    y = (-z).mul_add(0.5, y);
    x += y;
    e.mul_add(0.693_359_375, x)
}

/// `sincos256_ps` of avx_mathfun.h, one lane, with GCC's fused multiply-adds; returns
/// `(sin x, cos x)`.
#[allow(clippy::excessive_precision)]
fn sincos256(x: f32) -> (f32, f32) {
    const SIGN: u32 = 0x8000_0000;
    let mut sign_sin = x.to_bits() & SIGN;
    let x = x.abs();
    let mut j = (x * 1.273_239_544_735_16_f32) as i32; // truncation
    j = j.wrapping_add(1) & !1;
    let y = j as f32;
    let swap_sin = if j & 4 != 0 { SIGN } else { 0 };
    let poly_sel = j & 2 == 0;
    let mut x = y.mul_add(-0.785_156_25, x);
    x = y.mul_add(-2.418_756_484_985_351_562_5e-4, x);
    x = y.mul_add(-3.774_894_977_441_081_08e-8, x);
    let sign_cos = if !j.wrapping_sub(2) & 4 != 0 { SIGN } else { 0 };
    sign_sin ^= swap_sin;
    let z = x * x;
    let mut yc = 2.443_315_711_809_948e-5_f32.mul_add(z, -1.388_731_625_493_765e-3);
    yc = yc.mul_add(z, 4.166_664_568_298_827e-2);
    yc *= z;
    yc = yc.mul_add(z, -(z * 0.5));
    yc += 1.0;
    let mut ys = (-1.951_529_589_1e-4_f32).mul_add(z, 8.332_160_873_6e-3);
    ys = ys.mul_add(z, -1.666_665_461_1e-1);
    ys *= z;
    ys = ys.mul_add(x, x);
    // The selection as torch does it: masks (and / andnot), then subtract and add.
    let ysin2 = if poly_sel { ys } else { 0.0 };
    let ysin1 = if poly_sel { 0.0 } else { yc };
    let sin = ysin1 + ysin2;
    let cos = (yc - ysin1) + (ys - ysin2);
    (
        f32::from_bits(sin.to_bits() ^ sign_sin),
        f32::from_bits(cos.to_bits() ^ sign_cos),
    )
}

/// `next_u32` is the MT19937 word (torch's `random()`), `next_u64` torch's `random64()` (two words,
/// the FIRST one the high half), and `fill_bytes` writes the words in order as little-endian
/// bytes, 4 per word; a final partial chunk of 1 to 3 bytes takes the low bytes of one more word
/// and discards the rest.
///
/// ```
/// use makemore::rng::TorchGenerator;
/// use rand::Rng;
/// use rand_core::RngCore;
///
/// let mut g = TorchGenerator::manual_seed(42);
/// let (a, b) = (g.next_u32(), g.next_u32());
/// assert_eq!(TorchGenerator::manual_seed(42).next_u64(), (a as u64) << 32 | b as u64);
/// let mut bytes = [0u8; 6];
/// TorchGenerator::manual_seed(42).fill_bytes(&mut bytes);
/// assert_eq!(bytes[..4], a.to_le_bytes());
/// assert_eq!(bytes[4..], b.to_le_bytes()[..2]);
/// // Any rand API works with it.
/// let die: u8 = TorchGenerator::manual_seed(1).random_range(1..=6);
/// assert!((1..=6).contains(&die));
/// ```
impl RngCore for TorchGenerator {
    fn next_u32(&mut self) -> u32 {
        self.mt.next_u32()
    }

    fn next_u64(&mut self) -> u64 {
        self.mt.next_u64()
    }

    fn fill_bytes(&mut self, dst: &mut [u8]) {
        self.mt.fill_bytes(dst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    proptest::proptest! {
        #[test]
        fn sample_index_is_multinomial_of_one(
            row in proptest::collection::vec(
                proptest::prop_oneof![3 => 0.0f32..1.0, 1 => proptest::strategy::Just(0.0f32)], 1..30),
            seed in proptest::prelude::any::<u64>(),
        ) {
            let p = ndarray::Array1::from(row);
            proptest::prop_assume!(p.sum() > 0.0);
            for rule in [MultinomialRule::Cdf, MultinomialRule::Race] {
                let mut a = TorchGenerator::manual_seed(seed).with_multinomial_rule(rule);
                let mut b = a.clone();
                for _ in 0..20 {
                    let drawn = a.multinomial(p.view(), 1, rule).unwrap()[0];
                    proptest::prop_assert_eq!(b.sample_one(p.view()).unwrap(), drawn);
                }
            }
        }
    }

    #[test]
    fn matches_the_reference_mt19937() {
        // std::mt19937 default seed 5489: the 10000th output is 4123659995 (C++11 [rand.predef]).
        let mut g = TorchGenerator::manual_seed(5489);
        let mut last = 0;
        for _ in 0..10_000 {
            last = g.next_u32();
        }
        assert_eq!(last, 4_123_659_995);
    }

    #[test]
    fn first_words_of_the_lecture_seed() {
        let mut g = TorchGenerator::manual_seed(2147483647);
        assert_eq!(g.next_u32(), 1_689_602_031);
        assert_eq!(g.next_u32(), 3_831_148_394);
    }

    #[test]
    fn manual_seed_clears_the_cached_normal() {
        let mut g = TorchGenerator::manual_seed(42);
        let _ = g.randn(1);
        assert!(g.cached_normal.is_some());
        let fresh = TorchGenerator::manual_seed(42);
        assert!(fresh.cached_normal.is_none());
        // The large path leaves the cache alone.
        let cached = g.cached_normal;
        let _ = g.randn(16);
        assert_eq!(g.cached_normal, cached);
        assert_eq!(g.randn(1)[0], cached.unwrap() as f32);
    }

    #[test]
    fn word_counts_per_call() {
        fn used(f: impl FnOnce(&mut TorchGenerator)) -> usize {
            let mut g = TorchGenerator::manual_seed(9);
            f(&mut g);
            let next = g.next_u32();
            let mut r = TorchGenerator::manual_seed(9);
            (0..).find(|_| r.next_u32() == next).unwrap()
        }
        assert_eq!(used(|g| drop(g.rand(5))), 5);
        assert_eq!(used(|g| drop(g.randn(729))), 745);
        assert_eq!(used(|g| drop(g.randn(27))), 43);
        assert_eq!(used(|g| drop(g.randn(32))), 32);
        assert_eq!(used(|g| drop(g.randn(3))), 8);
        let p = array![0.5f32, 0.25, 0.25];
        assert_eq!(
            used(|g| drop(g.multinomial(p.view(), 1, MultinomialRule::Race))),
            6
        );
        assert_eq!(
            used(|g| drop(g.multinomial(p.view(), 1, MultinomialRule::Cdf))),
            2
        );
        assert_eq!(
            used(|g| drop(g.multinomial(p.view(), 4, MultinomialRule::Race))),
            8
        );
        assert_eq!(
            used(|g| drop(g.multinomial(p.view(), 0, MultinomialRule::Race))),
            0
        );
    }

    #[test]
    fn sincos_and_log_are_close_to_libm() {
        for i in 0..10_000 {
            let u = i as f32 / 10_000.0;
            let theta = 6.283_185_5_f32 * u;
            let (s, c) = sincos256(theta);
            assert!((s - theta.sin()).abs() < 1e-6, "{theta}");
            assert!((c - theta.cos()).abs() < 1e-6, "{theta}");
            let x = 1.0 - u;
            assert!(
                (log256(x) - x.ln()).abs() <= 1e-6 * x.ln().abs().max(1.0),
                "{x}"
            );
        }
        assert!(log256(0.0).is_nan());
        assert_eq!(log256(1.0), 0.0);
    }

    #[test]
    fn cdf_never_draws_zero_weights_and_race_agrees_in_distribution() {
        let p = array![0.0f32, 3.0, 0.0, 1.0, 0.0];
        for rule in [MultinomialRule::Cdf, MultinomialRule::Race] {
            let mut g = TorchGenerator::manual_seed(5).with_multinomial_rule(rule);
            let mut hits = [0usize; 5];
            for _ in 0..40_000 {
                hits[g.sample_one(p.view()).unwrap()] += 1;
            }
            assert_eq!(hits[0] + hits[2] + hits[4], 0, "{rule:?} {hits:?}");
            let freq = hits[1] as f64 / 40_000.0;
            assert!((freq - 0.75).abs() < 0.01, "{rule:?} {hits:?}");
        }
    }
}
