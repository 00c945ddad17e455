//! Sampling names from a model with a seeded generator.
//!
//! Start at the token '.', draw the next character from that row of the model's table, move to
//! it, and stop when '.' is drawn again: the lecture's `torch.multinomial` loop. The default
//! generator is ChaCha8 (`rand_chacha`) seeded from a `u64`, so the same seed gives the same names
//! on every machine. (The torch-compatible generator, which gives the video's own names, plugs in
//! through the same [`IndexSampler`] trait.)
//!
//! Sampling always ends: a name stops after `max_len` characters even if '.' has not been drawn
//! (the uniform model produces long names; [`DEFAULT_MAX_LEN`] is far above any name in the data).
//!
//! ```
//! use makemore::{counting::{BigramModel, sample}, data::Dataset};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let model = BigramModel::fit(&words, 1, 1.0)?;
//! let mut rng = sample::seeded(sample::LECTURE_SEED);
//! let names = sample::sample_names(&model, &mut rng, 5, sample::DEFAULT_MAX_LEN)?;
//! assert_eq!(names.len(), 5);
//! assert!(names.iter().all(|n| n.ends_with('.')));
//! // The same seed gives the same names.
//! let again = sample::sample_names(&model, &mut sample::seeded(sample::LECTURE_SEED), 5, 256)?;
//! assert_eq!(names, again);
//! # Ok::<(), makemore::Error>(())
//! ```

use ndarray::ArrayView1;
use rand::{Rng, SeedableRng};
use rand_chacha::{ChaCha8Rng, ChaCha12Rng, ChaCha20Rng};

use crate::counting::Model;
use crate::error::{Error, Result, check_param, check_row};
use crate::rng::TorchGenerator;

/// The seed of the lecture's `torch.Generator().manual_seed(2147483647)`.
pub const LECTURE_SEED: u64 = 2147483647;

/// The default cap on the length of a sampled name, in characters (the longest name in
/// names.txt has 15). A uniform model ends a name with probability 1/27 per step, so it runs
/// past 256 characters about once in 16 000 names.
pub const DEFAULT_MAX_LEN: usize = 256;

/// The default generator: ChaCha8 from a `u64` seed, the same stream on every platform.
///
/// ```
/// use rand::Rng;
///
/// let a: u32 = makemore::counting::sample::seeded(7).random();
/// let b: u32 = makemore::counting::sample::seeded(7).random();
/// assert_eq!(a, b);
/// ```
pub fn seeded(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Which seeded generator draws the random numbers: for sampling names, and for the first `W`
/// (see [`crate::nn::Net::new`]).
///
/// ```
/// use makemore::counting::sample::Generator;
///
/// assert_eq!(Generator::default(), Generator::ChaCha);
/// assert_eq!(serde_json::to_string(&Generator::Torch).unwrap(), "\"torch\"");
/// ```
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Generator {
    /// ChaCha8 seeded from the u64 seed ([`seeded`]): the same numbers on every machine.
    #[default]
    #[cfg_attr(feature = "cli", value(name = "chacha"))]
    ChaCha,
    /// PyTorch's CPU generator, bit for bit: `torch.Generator().manual_seed(seed)`
    /// ([`crate::rng::TorchGenerator`]).
    Torch,
}

/// Something that draws an index from a row of probabilities (the lecture's
/// `torch.multinomial(p, num_samples=1, replacement=True)`).
///
/// The probabilities need not sum to 1; they are weights. An empty row, a NaN, infinite or
/// negative entry, or a row of zeros is an [`Error::InvalidProbabilities`].
///
/// ```
/// use makemore::counting::sample::{IndexSampler, seeded};
/// use ndarray::array;
///
/// let mut rng = seeded(1);
/// let ix = rng.sample_index(array![0.0, 0.0, 1.0].view())?;
/// assert_eq!(ix, 2);
/// assert!(rng.sample_index(array![0.0, 0.0].view()).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub trait IndexSampler {
    /// Draws one index with probability proportional to its weight.
    fn sample_index(&mut self, probs: ArrayView1<f32>) -> Result<usize>;
}

/// One `torch.multinomial(p, num_samples=1, replacement=True, generator=g)` with the generator's
/// own [`MultinomialRule`](crate::rng::MultinomialRule).
///
/// ```
/// use makemore::counting::sample::IndexSampler;
/// use makemore::rng::TorchGenerator;
/// use ndarray::array;
///
/// let mut g = TorchGenerator::manual_seed(3);
/// assert_eq!(g.sample_index(array![0.0f32, 1.0, 0.0].view())?, 1);
/// assert!(g.sample_index(array![f32::NAN, 1.0].view()).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
impl IndexSampler for TorchGenerator {
    /// `multinomial(probs, 1, rule)[0]`, the same draw from the same generator state, without
    /// building the cumulative distribution or the result (one per character when sampling).
    fn sample_index(&mut self, probs: ArrayView1<f32>) -> Result<usize> {
        self.sample_one(probs)
    }
}

/// Inverse-CDF sampling with any `rand` generator: draw `u` uniform in `[0, total)` (53 bits),
/// return the first index whose running sum (in f64) exceeds it. An index of weight zero is never
/// drawn.
///
/// ```
/// use makemore::counting::sample::{multinomial, seeded};
/// use ndarray::array;
///
/// let mut rng = seeded(3);
/// let p = array![0.25f32, 0.0, 0.75];
/// let draws: Vec<usize> = (0..1000).map(|_| multinomial(p.view(), &mut rng).unwrap()).collect();
/// assert!(!draws.contains(&1));
/// let twos = draws.iter().filter(|&&i| i == 2).count();
/// assert!((700..800).contains(&twos));
/// ```
pub fn multinomial<R: Rng + ?Sized>(probs: ArrayView1<f32>, rng: &mut R) -> Result<usize> {
    let total = check_row(probs).map_err(|reason| Error::InvalidProbabilities { reason })?;
    let u = rng.random::<f64>() * total;
    let mut cumulative = 0.0;
    let mut last_positive = 0;
    for (i, &p) in probs.iter().enumerate() {
        if p > 0.0 {
            cumulative += p as f64;
            last_positive = i;
            if u < cumulative {
                return Ok(i);
            }
        }
    }
    // Rounding can leave u just above the final running sum.
    Ok(last_positive)
}

macro_rules! rand_index_sampler {
    ($($rng:ty),*) => {$(
        impl IndexSampler for $rng {
            fn sample_index(&mut self, probs: ArrayView1<f32>) -> Result<usize> {
                multinomial(probs, self)
            }
        }
    )*};
}
rand_index_sampler!(ChaCha8Rng, ChaCha12Rng, ChaCha20Rng, rand::rngs::StdRng);

/// Samples one name: start at the context of K '.', draw the next character from its row, move
/// the context on by that character, and stop at '.'.
///
/// The result ends with '.' as in the lecture (`"emma."`). At most `max_len` characters are drawn:
/// a name that has not ended by then is returned as those characters, without a final '.'.
/// `max_len` must be >= 1.
///
/// ```
/// use makemore::{counting::{BigramModel, Model, sample}, data::Dataset};
///
/// let model = BigramModel::fit(&Dataset::from_items(["ab"])?, 1, 0.0)?;
/// // Only one path exists: . -> a -> b -> .
/// assert_eq!(sample::sample_name(&model, &mut sample::seeded(0), 10)?, "ab.");
/// assert_eq!(sample::sample_name(&model, &mut sample::seeded(0), 1)?, "a");
/// let trigram = Model::fit(&Dataset::from_items(["abba"])?, 2, 0.0)?;
/// assert_eq!(sample::sample_name(&trigram, &mut sample::seeded(0), 10)?, "abba.");
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn sample_name<S: IndexSampler + ?Sized>(
    model: &Model,
    sampler: &mut S,
    max_len: usize,
) -> Result<String> {
    check_param(max_len >= 1, "max_len", max_len, "must be at least 1")?;
    let (space, vocab) = (model.space(), model.vocab());
    let mut name = String::new();
    let mut context = 0;
    for _ in 0..max_len {
        // An unusable row is an error naming it.
        let ix = sampler
            .sample_index(model.row_of(context).view())
            .map_err(|e| match e {
                Error::InvalidProbabilities { reason } => Error::InvalidProbabilities {
                    reason: format!("row {context}: {reason}"),
                },
                other => other,
            })?;
        if ix == 0 {
            name.push(vocab.boundary());
            break;
        }
        // The sampler drew from a row of length vocab.len(), so ix is in the vocabulary.
        name.push(vocab.itos(ix).unwrap_or(vocab.boundary()));
        context = space.advance(context, ix);
    }
    Ok(name)
}

/// Samples `num` names one after another from the same generator.
///
/// ```
/// use makemore::{counting::{BigramModel, sample}, vocab::Vocab};
///
/// let uniform = BigramModel::uniform(Vocab::from_chars('a'..='z')?);
/// let names = sample::sample_names(&uniform, &mut sample::seeded(1), 3, 256)?;
/// assert_eq!(names.len(), 3);
/// assert!(sample::sample_names(&uniform, &mut sample::seeded(1), 0, 256).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn sample_names<S: IndexSampler + ?Sized>(
    model: &Model,
    sampler: &mut S,
    num: usize,
    max_len: usize,
) -> Result<Vec<String>> {
    check_param(num >= 1, "number of samples", num, "must be at least 1")?;
    (0..num)
        .map(|_| sample_name(model, sampler, max_len))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Vocab;
    use ndarray::array;

    #[test]
    fn multinomial_frequencies_match_the_weights() {
        let mut rng = seeded(11);
        let p = array![1.0f32, 2.0, 7.0]; // weights, not normalised
        let mut hits = [0usize; 3];
        let n = 100_000;
        for _ in 0..n {
            hits[multinomial(p.view(), &mut rng).unwrap()] += 1;
        }
        for (h, expected) in hits.iter().zip([0.1, 0.2, 0.7]) {
            let freq = *h as f64 / n as f64;
            // 5 standard deviations of a binomial proportion at n = 100k is < 0.008.
            assert!((freq - expected).abs() < 0.008, "{hits:?}");
        }
    }

    #[test]
    fn bad_rows_are_errors_not_panics() {
        let mut rng = seeded(0);
        for bad in [
            array![],
            array![0.0f32, 0.0],
            array![f32::NAN, 1.0],
            array![-0.1f32, 1.0],
            array![f32::INFINITY, 1.0],
        ] {
            assert!(
                matches!(
                    multinomial(bad.view(), &mut rng),
                    Err(Error::InvalidProbabilities { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn uniform_names_respect_the_cap_and_end_otherwise() {
        let model = Model::uniform(Vocab::from_chars('a'..='z').unwrap());
        let names = sample_names(&model, &mut seeded(5), 500, 10).unwrap();
        for name in &names {
            let len = name.chars().count();
            assert!(
                (name.ends_with('.') && len <= 10) || (!name.contains('.') && len == 10),
                "{name}"
            );
        }
        // With P(stop) = 1/27 per step, about (26/27)^10 = 69% of names hit the cap of 10.
        let capped = names.iter().filter(|n| !n.ends_with('.')).count();
        assert!((300..390).contains(&capped), "{capped}");
        assert!(sample_name(&model, &mut seeded(5), 0).is_err());
    }
}
