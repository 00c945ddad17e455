//! The neural bigram: one linear layer `W` trained by gradient descent (the lecture's second half).
//!
//! The training set is every bigram of every name as a pair of indices: `xs` (the current
//! character) and `ys` (the next one), 228146 pairs for names.txt. Each input is one-hot encoded
//! (`xenc`, a row of zeros with a 1 at the character's index) and multiplied by a 27 x 27 weight
//! matrix `W`. The outputs are read as log-counts (`logits`); exponentiated they are `counts`,
//! and each row divided by its sum gives `probs`, the distribution of the next character (the
//! softmax). The loss is the average negative log-likelihood of the correct next characters plus
//! `reg * mean(W^2)`, which pulls `W` towards zero, i.e. towards the uniform model, like
//! smoothing does for the count model. [`backward`] gives the gradient of the loss and gradient
//! descent moves `W` against it: `W -= lr * dW`.
//!
//! A one-hot row times `W` is just a row of `W`, so `softmax(W)` row by row *is* this net's
//! probability table: the net learns the counts. Training ends near the smoothed count model's
//! loss (2.45), [`Net::to_model`] turns the net into a [`BigramModel`] that
//! [`crate::sample`] and [`crate::loss`] work with, and `W = ln(N + 1)` (see
//! [`Net::from_counts`]) is exactly the +1-smoothed count model.
//!
//! ```
//! use makemore::nn::{self, Init, Net, TrainOptions, TrainingSet};
//! use makemore::{loss, sample, BigramModel, Dataset};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let data = TrainingSet::from_dataset(&words)?;
//! assert_eq!(data.len(), 228146);
//! assert_eq!(&data.xs()[..5], [0, 5, 13, 13, 1]); // . e m m a
//! assert_eq!(&data.ys()[..5], [5, 13, 13, 1, 0]); // e m m a .
//!
//! // One pass by hand over the five bigrams of "emma".
//! let xenc = nn::one_hot(&data.xs()[..5], 27)?;
//! let w = Init::ChaCha { seed: sample::LECTURE_SEED }.weights(27);
//! let fwd = nn::forward(&xenc, &w)?;
//! assert!((fwd.probs.row(0).sum() - 1.0).abs() < 1e-6);
//! let loss = nn::loss(&fwd.probs, &data.ys()[..5], &w, 0.0)?;
//! let dw = nn::backward(&xenc, &fwd.probs, &data.ys()[..5], &w, 0.0)?;
//! let w2 = &w - &(50.0 * &dw);
//! let loss2 = nn::loss(&nn::forward(&xenc, &w2)?.probs, &data.ys()[..5], &w2, 0.0)?;
//! assert!(loss2 < loss);
//!
//! // The lecture's training: 100 full-batch steps with learning rate 50 and reg 0.01.
//! let mut net = Net::new(data.vocab().clone(), Init::default());
//! let history = net.train(&data, &TrainOptions::default())?;
//! assert!(history.losses[0] > 3.5);
//! assert!((history.final_loss - 2.49).abs() < 0.01);
//!
//! // The trained net is a bigram model like the count model, and close to it.
//! let model = net.to_model()?;
//! let names = sample::sample_names(&model, &mut sample::seeded(sample::LECTURE_SEED), 5, 256)?;
//! assert_eq!(names.len(), 5);
//! let nll = loss::evaluate(&model, words.items())?.mean;
//! let counted = loss::evaluate(&BigramModel::fit(&words, 1.0)?, words.items())?.mean;
//! assert!(nll - counted < 0.05);
//! # Ok::<(), makemore::Error>(())
//! ```

use std::path::Path;

use ndarray::linalg::general_mat_mul;
use ndarray::{Array1, Array2, ArrayBase, ArrayView2, Axis, Data, Ix2, s};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::{Deserialize, Serialize};

use crate::data::{Dataset, Split};
use crate::error::{Error, Result, check_param, check_smoothing};
use crate::loss::{self, Nll};
use crate::model::BigramModel;
use crate::sample::LECTURE_SEED;
use crate::vocab::Vocab;

/// The lecture's learning rate: 50 (large, because the gradient is averaged over 228146 pairs and
/// the problem is simple).
///
/// ```
/// assert_eq!(makemore::nn::LECTURE_LR, 50.0);
/// ```
pub const LECTURE_LR: f32 = 50.0;

/// The lecture's regularisation strength: the loss adds `0.01 * mean(W^2)`.
///
/// ```
/// assert_eq!(makemore::nn::LECTURE_REG, 0.01);
/// ```
pub const LECTURE_REG: f32 = 0.01;

/// The lecture's number of gradient descent steps: 100.
///
/// ```
/// assert_eq!(makemore::nn::LECTURE_STEPS, 100);
/// ```
pub const LECTURE_STEPS: usize = 100;

/// The seed of [`Dataset::split`] used for held-out evaluation unless told otherwise (the
/// command-line tool's `--split-seed` default).
///
/// ```
/// assert_eq!(makemore::nn::DEFAULT_SPLIT_SEED, 42);
/// ```
pub const DEFAULT_SPLIT_SEED: u64 = 42;

/// The `format` field of a model file.
const MODEL_FORMAT: &str = "makemore-nn";
/// The `version` field of a model file.
const MODEL_VERSION: u32 = 1;

/// The training set: every bigram of every item as a pair of indices, `xs[i]` followed by `ys[i]`,
/// in item order, with the vocabulary they index.
///
/// ```
/// use makemore::{nn::TrainingSet, Vocab};
///
/// let vocab = Vocab::from_chars('a'..='z')?;
/// let data = TrainingSet::new(&vocab, ["emma"])?;
/// assert_eq!(data.xs(), [0, 5, 13, 13, 1]);
/// assert_eq!(data.ys(), [5, 13, 13, 1, 0]);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingSet {
    vocab: Vocab,
    xs: Vec<usize>,
    ys: Vec<usize>,
}

impl TrainingSet {
    /// The pairs of the items' bigrams (with the start/end token '.' at index 0 on both sides).
    /// A character outside the vocabulary or a '.' inside an item is an error naming the item;
    /// so are no items at all.
    ///
    /// ```
    /// use makemore::{nn::TrainingSet, Vocab};
    ///
    /// let vocab = Vocab::from_chars("ab".chars())?;
    /// assert_eq!(TrainingSet::new(&vocab, ["ab", "b"])?.len(), 5);
    /// assert!(TrainingSet::new(&vocab, ["abc"]).is_err());
    /// assert!(TrainingSet::new(&vocab, Vec::<String>::new()).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn new<I>(vocab: &Vocab, items: I) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for item in items {
            let ixs = vocab.encode(item.as_ref())?;
            let mut prev = 0;
            for ix in ixs.into_iter().chain(std::iter::once(0)) {
                xs.push(prev);
                ys.push(ix);
                prev = ix;
            }
        }
        check_param(
            !xs.is_empty(),
            "items",
            "none",
            "at least one item is needed",
        )?;
        Ok(TrainingSet {
            vocab: vocab.clone(),
            xs,
            ys,
        })
    }

    /// The pairs of a data set, indexed by the data set's own vocabulary.
    ///
    /// ```
    /// use makemore::{nn::TrainingSet, Dataset};
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["emma", "ava"])?)?;
    /// assert_eq!(data.vocab().to_string(), ".aemv");
    /// assert_eq!(data.len(), 9);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_dataset(dataset: &Dataset) -> Result<Self> {
        Self::new(&Vocab::from_dataset(dataset), dataset.items())
    }

    /// The vocabulary the indices refer to.
    ///
    /// ```
    /// # use makemore::{nn::TrainingSet, Vocab};
    /// let data = TrainingSet::new(&Vocab::from_chars("ab".chars())?, ["ab"])?;
    /// assert_eq!(data.vocab().len(), 3);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// The inputs: the index of the first character of each bigram.
    ///
    /// ```
    /// # use makemore::{nn::TrainingSet, Vocab};
    /// let data = TrainingSet::new(&Vocab::from_chars("ab".chars())?, ["ab"])?;
    /// assert_eq!(data.xs(), [0, 1, 2]); // . a b
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn xs(&self) -> &[usize] {
        &self.xs
    }

    /// The labels: the index of the second character of each bigram.
    ///
    /// ```
    /// # use makemore::{nn::TrainingSet, Vocab};
    /// let data = TrainingSet::new(&Vocab::from_chars("ab".chars())?, ["ab"])?;
    /// assert_eq!(data.ys(), [1, 2, 0]); // a b .
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn ys(&self) -> &[usize] {
        &self.ys
    }

    /// Number of pairs (never zero).
    ///
    /// ```
    /// # use makemore::{nn::TrainingSet, Vocab};
    /// let data = TrainingSet::new(&Vocab::from_chars("ab".chars())?, ["ab", "a"])?;
    /// assert_eq!(data.len(), 5);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.xs.len()
    }

    /// Always false: a training set holds at least one pair.
    ///
    /// ```
    /// # use makemore::{nn::TrainingSet, Vocab};
    /// assert!(!TrainingSet::new(&Vocab::from_chars("a".chars())?, [""])?.is_empty());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.xs.is_empty()
    }

    /// The bigram counts `N` of the pairs: `N[[x, y]]` is how often `y` follows `x` (the same
    /// matrix as [`crate::bigram::count_matrix`] of the items).
    ///
    /// ```
    /// # use makemore::{nn::TrainingSet, Vocab};
    /// let data = TrainingSet::new(&Vocab::from_chars("ab".chars())?, ["ab", "a"])?;
    /// assert_eq!(data.counts(), ndarray::array![[0, 2, 0], [1, 0, 1], [1, 0, 0]]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn counts(&self) -> Array2<u32> {
        let v = self.vocab.len();
        let mut n = Array2::zeros((v, v));
        for (&x, &y) in self.xs.iter().zip(&self.ys) {
            n[[x, y]] += 1;
        }
        n
    }
}

/// One-hot encoding (the lecture's `F.one_hot(xs, num_classes=27).float()`): row `i` is all zeros
/// except a 1 at column `xs[i]`. An index `>= num_classes` is an [`Error::UnknownIndex`].
///
/// ```
/// use makemore::nn::one_hot;
/// use ndarray::array;
///
/// assert_eq!(one_hot(&[0, 2], 3)?, array![[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]);
/// assert!(one_hot(&[3], 3).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn one_hot(xs: &[usize], num_classes: usize) -> Result<Array2<f32>> {
    let mut xenc = Array2::zeros((xs.len(), num_classes));
    for (i, &x) in xs.iter().enumerate() {
        if x >= num_classes {
            return Err(Error::UnknownIndex {
                index: x,
                size: num_classes,
            });
        }
        xenc[[i, x]] = 1.0;
    }
    Ok(xenc)
}

/// The forward pass, step by step as in the lecture.
///
/// ```
/// use makemore::nn::{forward, one_hot};
/// use ndarray::array;
///
/// let fwd = forward(&one_hot(&[1], 2)?, &array![[0.0f32, 0.0], [0.0, 2f32.ln()]])?;
/// assert_eq!(fwd.logits, array![[0.0, 2f32.ln()]]);
/// assert_eq!(fwd.counts, array![[1.0, 2.0]]);
/// assert_eq!(fwd.probs, array![[1.0 / 3.0, 2.0 / 3.0]]);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Forward {
    /// `xenc . W`: the log-counts, one row per input.
    pub logits: Array2<f32>,
    /// `exp(logits)`: the "fake counts", playing the part of `N`.
    pub counts: Array2<f32>,
    /// `counts / rowsum(counts)`: each row the distribution of the next character.
    pub probs: Array2<f32>,
}

/// `logits = xenc . W`, `counts = exp(logits)`, `probs = counts / counts.sum(1, keepdims=True)`,
/// literally as in the lecture.
///
/// `exp` overflows f32 for logits above about 88, and the rows then hold NaN; [`softmax`]
/// computes the same `probs` without that problem (training uses it). `xenc` is `n x V` and `W`
/// is `V x C`; other shapes are an [`Error::Shape`].
///
/// ```
/// use makemore::nn::{forward, one_hot, softmax};
/// use ndarray::Array2;
///
/// let w = Array2::from_shape_fn((3, 3), |(i, j)| (i * 3 + j) as f32 / 10.0);
/// let fwd = forward(&one_hot(&[2, 0], 3)?, &w)?;
/// assert_eq!(fwd.logits.row(0), w.row(2)); // a one-hot row picks a row of W
/// assert!((&fwd.probs - &softmax(&fwd.logits)).iter().all(|d| d.abs() < 1e-6));
/// assert!(forward(&one_hot(&[0], 2)?, &w).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn forward<A, B>(xenc: &ArrayBase<A, Ix2>, w: &ArrayBase<B, Ix2>) -> Result<Forward>
where
    A: Data<Elem = f32>,
    B: Data<Elem = f32>,
{
    if xenc.ncols() != w.nrows() {
        return Err(Error::Shape {
            what: "W",
            expected: (xenc.ncols(), w.ncols()),
            found: w.dim(),
        });
    }
    let logits = xenc.dot(w);
    let counts = logits.mapv(f32::exp);
    let probs = &counts / &counts.sum_axis(Axis(1)).insert_axis(Axis(1));
    Ok(Forward {
        logits,
        counts,
        probs,
    })
}

/// The softmax of each row, in the numerically stable form: subtract the row's maximum before
/// `exp` (which changes nothing, since the factor `exp(-max)` cancels in the division), so the
/// largest `exp` is 1 and nothing overflows.
///
/// ```
/// use makemore::nn::{softmax, softmax_naive};
/// use ndarray::array;
///
/// let logits = array![[1.0f32, 2.0, 3.0]];
/// let p = softmax(&logits);
/// assert!((&p - &softmax_naive(&logits)).iter().all(|d| d.abs() < 1e-7));
/// // Shifting a row changes nothing; the naive form overflows at a shift of 100.
/// let shifted = &logits + 100.0;
/// assert!((&softmax(&shifted) - &p).iter().all(|d| d.abs() < 1e-6));
/// assert!(softmax_naive(&shifted).iter().any(|x| x.is_nan()));
/// ```
pub fn softmax<S: Data<Elem = f32>>(logits: &ArrayBase<S, Ix2>) -> Array2<f32> {
    let mut probs = logits.to_owned();
    softmax_in_place(&mut probs);
    probs
}

fn softmax_in_place(logits: &mut Array2<f32>) {
    for mut row in logits.rows_mut() {
        let max = row.fold(f32::NEG_INFINITY, |m, &x| m.max(x));
        row.mapv_inplace(|x| (x - max).exp());
        let sum = row.sum();
        row /= sum;
    }
}

/// The softmax of each row as the lecture first writes it: `exp(logits) / rowsum(exp(logits))`.
/// Overflows (giving NaN) for logits above about 88; see [`softmax`].
///
/// ```
/// use makemore::nn::softmax_naive;
/// use ndarray::array;
///
/// let p = softmax_naive(&array![[0.0f32, 3f32.ln()]]);
/// assert!((p[[0, 1]] - 0.75).abs() < 1e-7);
/// ```
pub fn softmax_naive<S: Data<Elem = f32>>(logits: &ArrayBase<S, Ix2>) -> Array2<f32> {
    let counts = logits.mapv(f32::exp);
    &counts / &counts.sum_axis(Axis(1)).insert_axis(Axis(1))
}

/// The loss: the average negative log-likelihood of the correct next characters,
/// `-mean(ln probs[i, ys[i]])`, plus `reg * mean(W^2)` (the lecture's
/// `-probs[torch.arange(n), ys].log().mean() + 0.01 * (W**2).mean()`).
///
/// Sums run in f64. `probs` must have one row per label; a label outside the row, no labels, or
/// a `reg` that is negative or not finite is an error.
///
/// ```
/// use makemore::nn::loss;
/// use ndarray::array;
///
/// let probs = array![[0.5f32, 0.5], [0.25, 0.75]];
/// let w = array![[1.0f32, -1.0], [1.0, 1.0]];
/// let l = loss(&probs, &[0, 1], &w, 0.0)?;
/// assert!((l - (-(0.5f32.ln() + 0.75f32.ln()) / 2.0)).abs() < 1e-6);
/// let l_reg = loss(&probs, &[0, 1], &w, 0.01)?;
/// assert!((l_reg - l - 0.01).abs() < 1e-6); // mean(W^2) = 1
/// assert!(loss(&probs, &[0, 2], &w, 0.0).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn loss<A, B>(
    probs: &ArrayBase<A, Ix2>,
    ys: &[usize],
    w: &ArrayBase<B, Ix2>,
    reg: f32,
) -> Result<f32>
where
    A: Data<Elem = f32>,
    B: Data<Elem = f32>,
{
    check_reg(reg)?;
    check_labels(probs.dim(), ys)?;
    let nll: f64 = ys
        .iter()
        .enumerate()
        .map(|(i, &y)| -(probs[[i, y]] as f64).ln())
        .sum();
    Ok((nll / ys.len() as f64 + reg_term(w, reg)) as f32)
}

/// The gradient of [`loss()`] with respect to `W`, derived by hand.
///
/// Write `n` for the number of pairs, `x_i` for row `i` of `xenc`, `l_i = x_i W` for its logits
/// and `p_i = softmax(l_i)` for its probabilities. The loss is
///
/// `L = -(1/n) sum_i ln p_i[y_i] + reg * (1/|W|) sum_jk W[j,k]^2`.
///
/// 1. With `ln p_i[y] = l_i[y] - ln sum_k exp(l_i[k])`, the derivative of `-ln p_i[y_i]` with
///    respect to `l_i[j]` is `p_i[j] - [j == y_i]`. So
///    `dlogits = (probs - one_hot(ys)) / n`.
/// 2. `l = xenc . W`, so the chain rule through the matrix product gives
///    `dW = xenc^T . dlogits`.
/// 3. The derivative of `reg * mean(W^2)` is `2 * reg * W / |W|` (`|W|` = number of entries).
///
/// Together: `dW = xenc^T . (probs - one_hot(ys)) / n + 2 * reg * W / |W|`. The tests check it
/// against central finite differences in f64.
///
/// ```
/// use makemore::nn::{backward, forward, loss, one_hot};
/// use ndarray::array;
///
/// let (xs, ys) = ([0, 1, 1], [1, 0, 1]);
/// let xenc = one_hot(&xs, 2)?;
/// let w = array![[0.1f32, -0.2], [0.3, 0.0]];
/// let dw = backward(&xenc, &forward(&xenc, &w)?.probs, &ys, &w, 0.01)?;
/// // Nudge W[0, 1] and compare the change of the loss with the gradient.
/// let h = 1e-2;
/// let l = |w: &ndarray::Array2<f32>| loss(&forward(&xenc, w).unwrap().probs, &ys, w, 0.01).unwrap();
/// let (mut up, mut down) = (w.clone(), w.clone());
/// up[[0, 1]] += h;
/// down[[0, 1]] -= h;
/// assert!(((l(&up) - l(&down)) / (2.0 * h) - dw[[0, 1]]).abs() < 1e-3);
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn backward<A, B, C>(
    xenc: &ArrayBase<A, Ix2>,
    probs: &ArrayBase<B, Ix2>,
    ys: &[usize],
    w: &ArrayBase<C, Ix2>,
    reg: f32,
) -> Result<Array2<f32>>
where
    A: Data<Elem = f32>,
    B: Data<Elem = f32>,
    C: Data<Elem = f32>,
{
    check_reg(reg)?;
    check_labels(probs.dim(), ys)?;
    if xenc.nrows() != ys.len() {
        return Err(Error::Shape {
            what: "xenc",
            expected: (ys.len(), w.nrows()),
            found: xenc.dim(),
        });
    }
    if w.dim() != (xenc.ncols(), probs.ncols()) {
        return Err(Error::Shape {
            what: "W",
            expected: (xenc.ncols(), probs.ncols()),
            found: w.dim(),
        });
    }
    let mut dlogits = probs.to_owned();
    Ok(onehot_backward(xenc, &mut dlogits, ys, w, reg))
}

/// `dW` from probabilities that are overwritten with `dlogits`.
fn onehot_backward<A, C>(
    xenc: &ArrayBase<A, Ix2>,
    dlogits: &mut Array2<f32>,
    ys: &[usize],
    w: &ArrayBase<C, Ix2>,
    reg: f32,
) -> Array2<f32>
where
    A: Data<Elem = f32>,
    C: Data<Elem = f32>,
{
    for (i, &y) in ys.iter().enumerate() {
        dlogits[[i, y]] -= 1.0;
    }
    *dlogits /= ys.len() as f32;
    let mut dw = xenc.t().dot(dlogits);
    add_reg_grad(&mut dw, w, reg);
    dw
}

fn add_reg_grad<S: Data<Elem = f32>>(dw: &mut Array2<f32>, w: &ArrayBase<S, Ix2>, reg: f32) {
    if !w.is_empty() {
        dw.scaled_add(2.0 * reg / w.len() as f32, w);
    }
}

/// `reg * mean(W^2)` in f64 (zero for an empty `W`).
fn reg_term<S: Data<Elem = f32>>(w: &ArrayBase<S, Ix2>, reg: f32) -> f64 {
    if w.is_empty() {
        return 0.0;
    }
    let squares: f64 = w.iter().map(|&x| (x as f64) * (x as f64)).sum();
    reg as f64 * squares / w.len() as f64
}

fn check_reg(reg: f32) -> Result<()> {
    check_param(
        reg.is_finite() && reg >= 0.0,
        "reg",
        reg,
        "must be finite and >= 0",
    )
}

fn check_labels((rows, cols): (usize, usize), ys: &[usize]) -> Result<()> {
    check_param(!ys.is_empty(), "labels", "none", "at least one is needed")?;
    if rows != ys.len() {
        return Err(Error::Shape {
            what: "probs",
            expected: (ys.len(), cols),
            found: (rows, cols),
        });
    }
    match ys.iter().find(|&&y| y >= cols) {
        Some(&y) => Err(Error::UnknownIndex {
            index: y,
            size: cols,
        }),
        None => Ok(()),
    }
}

/// How a training step computes the loss and its gradient. Both give the same numbers (up to
/// f32 rounding); they differ in cost.
///
/// - [`Method::OneHot`] is the lecture's: the one-hot matrix `xenc` (n x 27) times `W`, softmax
///   over n rows, and `dW = xenc^T . dlogits`: about 3 x 27 x 27 x n operations per step (n =
///   228146 for names.txt). The products are ndarray's (matrixmultiply); the softmax, the loss
///   and `dlogits` are one pass over the rows of the product, with an `exp` that compiles to
///   vector instructions (within 2 ulp of `f32::exp`).
/// - [`Method::Counts`] uses what the one-hot product really does. `xenc . W` only picks rows of
///   `W`: every pair `(x, y)` gets the logits `W[x]` and the probabilities `softmax(W[x])`. So all
///   pairs starting with the same `x` share their probabilities, and the sums over pairs group by
///   the bigram counts `N` of the data:
///
///   `L = -(1/n) sum_xy N[x,y] ln softmax(W[x])[y] + reg * mean(W^2)`,
///
///   `dW[x] = (rowsum(N)[x] * softmax(W[x]) - N[x]) / n + 2 * reg * W[x] / |W|`.
///
///   That is 27 x 27 work per step, whatever n is. It is the lecture's "the net just learns the
///   counts" made literal: the data enter the loss only through `N`, and with `reg = 0` the
///   gradient is zero exactly when `softmax(W[x]) = N[x] / rowsum(N)[x]`, the count model.
///
/// ```
/// use makemore::nn::Method;
///
/// assert_eq!(Method::default(), Method::Counts);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Method {
    /// The lecture's: one-hot encoding, matrix products over every pair.
    #[cfg_attr(feature = "cli", value(name = "onehot"))]
    OneHot,
    /// The same loss and gradient from the bigram counts `N`: 27 x 27 work per step.
    #[default]
    Counts,
}

/// The training loss (average NLL plus `reg * mean(W^2)`) of one training set, prepared once for
/// a [`Method`]: the one-hot matrix `xenc` for [`Method::OneHot`], the counts `N` for
/// [`Method::Counts`]. Then any `W` can be scored and differentiated.
///
/// ```
/// use makemore::nn::{Init, Method, Objective, TrainingSet};
/// use makemore::Dataset;
///
/// let data = TrainingSet::from_dataset(&Dataset::from_items(["emma", "ava", "mia"])?)?;
/// let w = Init::ChaCha { seed: 1 }.weights(data.vocab().len());
/// let slow = Objective::new(&data, Method::OneHot, 0.01)?;
/// let fast = Objective::new(&data, Method::Counts, 0.01)?;
/// let ((l1, g1), (l2, g2)) = (slow.loss_and_grad(&w)?, fast.loss_and_grad(&w)?);
/// assert!((l1 - l2).abs() < 1e-6);
/// assert!((&g1 - &g2).iter().all(|d| d.abs() < 1e-6));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Objective {
    prepared: Prepared,
    reg: f32,
    size: usize,
}

#[derive(Clone, Debug)]
enum Prepared {
    OneHot {
        xenc: Array2<f32>,
        ys: Vec<usize>,
    },
    Counts {
        counts: Array2<f64>,
        row_sums: Array1<f64>,
        n: f64,
    },
}

impl Objective {
    /// Prepares the loss of `data` for `method`, with regularisation strength `reg` (finite and
    /// >= 0).
    ///
    /// ```
    /// use makemore::nn::{Method, Objective, TrainingSet};
    /// use makemore::Dataset;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// assert!(Objective::new(&data, Method::Counts, 0.01).is_ok());
    /// assert!(Objective::new(&data, Method::Counts, -1.0).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn new(data: &TrainingSet, method: Method, reg: f32) -> Result<Self> {
        check_reg(reg)?;
        let size = data.vocab().len();
        let prepared = match method {
            Method::OneHot => Prepared::OneHot {
                xenc: one_hot(data.xs(), size)?,
                ys: data.ys().to_vec(),
            },
            Method::Counts => {
                let counts = data.counts().mapv(f64::from);
                Prepared::Counts {
                    row_sums: counts.sum_axis(Axis(1)),
                    counts,
                    n: data.len() as f64,
                }
            }
        };
        Ok(Objective {
            prepared,
            reg,
            size,
        })
    }

    /// The method it was prepared for.
    ///
    /// ```
    /// # use makemore::nn::{Method, Objective, TrainingSet};
    /// # let data = TrainingSet::from_dataset(&makemore::Dataset::from_items(["ab"])?)?;
    /// assert_eq!(Objective::new(&data, Method::OneHot, 0.0)?.method(), Method::OneHot);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn method(&self) -> Method {
        match self.prepared {
            Prepared::OneHot { .. } => Method::OneHot,
            Prepared::Counts { .. } => Method::Counts,
        }
    }

    /// The regularisation strength.
    ///
    /// ```
    /// # use makemore::nn::{Method, Objective, TrainingSet};
    /// # let data = TrainingSet::from_dataset(&makemore::Dataset::from_items(["ab"])?)?;
    /// assert_eq!(Objective::new(&data, Method::Counts, 0.01)?.reg(), 0.01);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn reg(&self) -> f32 {
        self.reg
    }

    /// The loss at `W` (which must be V x V for the training set's vocabulary of size V).
    ///
    /// ```
    /// use makemore::nn::{Method, Objective, TrainingSet};
    /// use makemore::Dataset;
    /// use ndarray::Array2;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let objective = Objective::new(&data, Method::Counts, 0.0)?;
    /// // W = 0 is the uniform model: every pair costs ln 3.
    /// assert!((objective.loss(&Array2::zeros((3, 3)))? - 3f32.ln()).abs() < 1e-6);
    /// assert!(objective.loss(&Array2::zeros((2, 2))).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn loss<S: Data<Elem = f32>>(&self, w: &ArrayBase<S, Ix2>) -> Result<f32> {
        self.check_w(w)?;
        Ok(self.evaluate(w, false).0)
    }

    /// The loss at `W` and its gradient `dW` (see [`backward`] and [`Method`] for the formulas).
    ///
    /// ```
    /// use makemore::nn::{Method, Objective, TrainingSet};
    /// use makemore::Dataset;
    /// use ndarray::Array2;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let objective = Objective::new(&data, Method::Counts, 0.0)?;
    /// let (_, dw) = objective.loss_and_grad(&Array2::zeros((3, 3)))?;
    /// // Pair (., a): raising W[0, 1] (the logit of 'a' after '.') lowers the loss.
    /// assert!(dw[[0, 1]] < 0.0);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn loss_and_grad<S: Data<Elem = f32>>(
        &self,
        w: &ArrayBase<S, Ix2>,
    ) -> Result<(f32, Array2<f32>)> {
        self.check_w(w)?;
        let (loss, grad) = self.evaluate(w, true);
        Ok((
            loss,
            grad.expect("evaluate returns the gradient when asked for it"),
        ))
    }

    fn check_w<S: Data<Elem = f32>>(&self, w: &ArrayBase<S, Ix2>) -> Result<()> {
        if w.dim() == (self.size, self.size) {
            Ok(())
        } else {
            Err(Error::Shape {
                what: "W",
                expected: (self.size, self.size),
                found: w.dim(),
            })
        }
    }

    fn evaluate<S: Data<Elem = f32>>(
        &self,
        w: &ArrayBase<S, Ix2>,
        want_grad: bool,
    ) -> (f32, Option<Array2<f32>>) {
        let reg = reg_term(w, self.reg);
        match &self.prepared {
            Prepared::OneHot { xenc, ys } => {
                // The lecture's products, `xenc . W` and `xenc^T . dlogits`, a block of pairs
                // at a time, so that the block's logits stay in cache between the forward
                // product, the softmax and the backward product (and 228146 x 27 logits are
                // never all in memory at once).
                const PAIRS_PER_BLOCK: usize = 512;
                let size = self.size;
                let inv_n = 1.0 / ys.len() as f32;
                let mut logits = Array2::<f32>::zeros((PAIRS_PER_BLOCK, size));
                let mut dw = Array2::<f32>::zeros((size, size));
                let mut nll = 0.0f64;
                for (xblock, yblock) in xenc
                    .axis_chunks_iter(Axis(0), PAIRS_PER_BLOCK)
                    .zip(ys.chunks(PAIRS_PER_BLOCK))
                {
                    let mut block = logits.slice_mut(s![..yblock.len(), ..]);
                    general_mat_mul(1.0, &xblock, w, 0.0, &mut block);
                    let rows = block
                        .as_slice_mut()
                        .expect("the first rows of a standard-layout array are one slice");
                    nll += onehot_rows(rows, size, yblock, inv_n, want_grad);
                    if want_grad {
                        general_mat_mul(1.0, &xblock.t(), &block, 1.0, &mut dw);
                    }
                }
                let loss = (nll / ys.len() as f64 + reg) as f32;
                let grad = want_grad.then(|| {
                    add_reg_grad(&mut dw, w, self.reg);
                    dw
                });
                (loss, grad)
            }
            Prepared::Counts {
                counts,
                row_sums,
                n,
            } => {
                let mut nll = 0.0f64;
                let mut grad = want_grad.then(|| Array2::<f32>::zeros(w.dim()));
                for (x, row) in w.rows().into_iter().enumerate() {
                    let max = row.fold(f32::NEG_INFINITY, |m, &v| m.max(v)) as f64;
                    let log_sum: f64 = row
                        .iter()
                        .map(|&v| (v as f64 - max).exp())
                        .sum::<f64>()
                        .ln();
                    for (y, &v) in row.iter().enumerate() {
                        let log_p = v as f64 - max - log_sum;
                        let c = counts[[x, y]];
                        nll -= c * log_p;
                        if let Some(g) = grad.as_mut() {
                            g[[x, y]] = ((row_sums[x] * log_p.exp() - c) / n) as f32;
                        }
                    }
                }
                if let Some(g) = grad.as_mut() {
                    add_reg_grad(g, w, self.reg);
                }
                ((nll / n + reg) as f32, grad)
            }
        }
    }
}

/// The one-hot path's work on the logits of every pair: each row's softmax, its term of the NLL
/// (returned: the sum over the rows of `-ln probs[y]`, computed as `-(logit[y] - max - ln(sum))`
/// in f32, as torch does, and summed in f64), and with `want_grad` the row overwritten with its
/// `dlogits`, `(probs - one_hot(y)) / n` (`inv_n` is `1 / n`).
///
/// It goes through the rows in blocks that stay in the L1 cache: shift each row by its maximum,
/// `exp` the whole block in one loop (vector instructions, no row-length remainders), then each
/// row's sum, NLL term and `dlogits`.
fn onehot_rows(logits: &mut [f32], size: usize, ys: &[usize], inv_n: f32, want_grad: bool) -> f64 {
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

/// How to initialise `W`. The lecture draws it from the standard normal distribution with a
/// seeded generator (`W = torch.randn((27, 27), generator=g)`).
///
/// ```
/// use makemore::nn::Init;
///
/// let w = Init::ChaCha { seed: 2147483647 }.weights(27);
/// assert_eq!(w.dim(), (27, 27));
/// assert_eq!(w, Init::ChaCha { seed: 2147483647 }.weights(27)); // seeded
/// assert!(Init::Zeros.weights(3).iter().all(|&x| x == 0.0));
/// // The lecture's W: the first weight of torch.randn((27, 27)) with seed 2147483647 is 1.5674.
/// let torch_w = Init::Torch { seed: 2147483647 }.weights(27);
/// assert!((torch_w[[0, 0]] - 1.5674).abs() < 1e-4);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Init {
    /// Standard normal entries (`rand_distr::StandardNormal`) drawn in row-major order from
    /// ChaCha8 seeded with `seed` (`rand_chacha::ChaCha8Rng::seed_from_u64`): the same `W` on
    /// every machine, though not torch's.
    ChaCha {
        /// The generator's seed.
        seed: u64,
    },
    /// The lecture's own `W`: `torch.randn((size, size), generator=torch.Generator().manual_seed(seed))`,
    /// bit for bit, from [`TorchGenerator`](crate::TorchGenerator).
    Torch {
        /// The generator's seed (the lecture's is 2147483647).
        seed: u64,
    },
    /// All zeros: every row's softmax is uniform, so the loss starts at `ln V` (3.2958 for 27).
    Zeros,
}

impl Default for Init {
    /// ChaCha8 with the lecture's seed, 2147483647.
    fn default() -> Self {
        Init::ChaCha { seed: LECTURE_SEED }
    }
}

impl Init {
    /// Standard normal weights from the chosen generator with this seed.
    ///
    /// ```
    /// use makemore::nn::Init;
    /// use makemore::sample::Generator;
    ///
    /// assert_eq!(Init::seeded(Generator::Torch, 5), Init::Torch { seed: 5 });
    /// assert_eq!(Init::seeded(Generator::ChaCha, 5), Init::ChaCha { seed: 5 });
    /// ```
    pub fn seeded(generator: crate::sample::Generator, seed: u64) -> Init {
        match generator {
            crate::sample::Generator::ChaCha => Init::ChaCha { seed },
            crate::sample::Generator::Torch => Init::Torch { seed },
        }
    }

    /// A `size x size` weight matrix.
    ///
    /// ```
    /// use makemore::nn::Init;
    ///
    /// let w = Init::default().weights(27);
    /// let mean = w.mean().unwrap();
    /// let var = w.mapv(|x| (x - mean).powi(2)).mean().unwrap();
    /// assert!(mean.abs() < 0.1 && (var - 1.0).abs() < 0.15);
    /// ```
    pub fn weights(&self, size: usize) -> Array2<f32> {
        match *self {
            Init::ChaCha { seed } => {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                Array2::from_shape_simple_fn((size, size), || StandardNormal.sample(&mut rng))
            }
            Init::Torch { seed } => crate::TorchGenerator::manual_seed(seed).randn_2d((size, size)),
            Init::Zeros => Array2::zeros((size, size)),
        }
    }
}

/// The settings of a training run. The default is the lecture's: 100 steps of learning rate 50
/// with `reg = 0.01`, computed by the fast [`Method::Counts`].
///
/// ```
/// use makemore::nn::{Method, TrainOptions};
///
/// let options = TrainOptions::default();
/// assert_eq!((options.steps, options.lr, options.reg), (100, 50.0, 0.01));
/// let slow = TrainOptions { method: Method::OneHot, ..options };
/// assert!(slow.validate().is_ok());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct TrainOptions {
    /// Number of gradient descent steps (>= 1).
    pub steps: usize,
    /// Learning rate (finite and > 0): each step does `W -= lr * dW`.
    pub lr: f32,
    /// Regularisation strength (finite and >= 0): the loss adds `reg * mean(W^2)`.
    pub reg: f32,
    /// How each step computes the loss and the gradient.
    pub method: Method,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            steps: LECTURE_STEPS,
            lr: LECTURE_LR,
            reg: LECTURE_REG,
            method: Method::default(),
        }
    }
}

impl TrainOptions {
    /// Checks the settings: `steps >= 1`, `lr` finite and > 0, `reg` finite and >= 0.
    ///
    /// ```
    /// use makemore::nn::TrainOptions;
    ///
    /// let err = TrainOptions { lr: 0.0, ..Default::default() }.validate().unwrap_err();
    /// assert_eq!(err.to_string(), "invalid learning rate = 0: must be finite and > 0");
    /// assert!(TrainOptions { steps: 0, ..Default::default() }.validate().is_err());
    /// assert!(TrainOptions { reg: f32::NAN, ..Default::default() }.validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        check_param(
            self.steps >= 1,
            "number of steps",
            self.steps,
            "must be at least 1",
        )?;
        check_param(
            self.lr.is_finite() && self.lr > 0.0,
            "learning rate",
            self.lr,
            "must be finite and > 0",
        )?;
        check_reg(self.reg)
    }
}

/// What a training run recorded.
///
/// ```
/// use makemore::nn::{Init, Net, TrainOptions, TrainingSet};
/// use makemore::Dataset;
///
/// let data = TrainingSet::from_dataset(&Dataset::from_items(["emma", "ava"])?)?;
/// let mut net = Net::new(data.vocab().clone(), Init::Zeros);
/// let history = net.train(&data, &TrainOptions { steps: 3, lr: 1.0, ..Default::default() })?;
/// assert_eq!(history.losses.len(), 3);
/// assert!((history.losses[0] - 5f32.ln()).abs() < 1e-6); // W = 0: uniform over 5 characters
/// assert!(history.final_loss < history.losses[2]);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct History {
    /// `losses[i]` is the loss before update `i` (so `losses[0]` is the initial loss).
    pub losses: Vec<f32>,
    /// The loss after the last update.
    pub final_loss: f32,
}

/// The neural bigram: a vocabulary and the weights `W` (V x V, every entry finite).
///
/// ```
/// use makemore::nn::{Init, Net};
/// use makemore::Vocab;
///
/// let net = Net::new(Vocab::from_chars('a'..='z')?, Init::default());
/// assert_eq!(net.w().dim(), (27, 27));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Net {
    vocab: Vocab,
    w: Array2<f32>,
}

impl Net {
    /// A net with freshly initialised weights.
    ///
    /// ```
    /// use makemore::nn::{Init, Net};
    /// use makemore::Vocab;
    ///
    /// let net = Net::new(Vocab::from_chars("ab".chars())?, Init::ChaCha { seed: 1 });
    /// assert_eq!(net.w().dim(), (3, 3));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn new(vocab: Vocab, init: Init) -> Net {
        let w = init.weights(vocab.len());
        Net { vocab, w }
    }

    /// A net with the given weights, which must be V x V and finite.
    ///
    /// ```
    /// use makemore::nn::Net;
    /// use makemore::Vocab;
    /// use ndarray::Array2;
    ///
    /// let vocab = Vocab::from_chars("a".chars())?;
    /// assert!(Net::from_weights(vocab.clone(), Array2::zeros((2, 2))).is_ok());
    /// assert!(Net::from_weights(vocab.clone(), Array2::zeros((3, 3))).is_err());
    /// assert!(Net::from_weights(vocab, Array2::from_elem((2, 2), f32::NAN)).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_weights(vocab: Vocab, w: Array2<f32>) -> Result<Net> {
        let v = vocab.len();
        if w.dim() != (v, v) {
            return Err(Error::Shape {
                what: "W",
                expected: (v, v),
                found: w.dim(),
            });
        }
        if let Some(((i, j), x)) = w.indexed_iter().find(|(_, x)| !x.is_finite()) {
            return Err(Error::InvalidParameter {
                name: "W",
                value: format!("W[{i}, {j}] = {x}"),
                reason: "every weight must be finite".into(),
            });
        }
        Ok(Net { vocab, w })
    }

    /// The net equal to the count model with smoothing k: `W = ln(N + k)`, whose row softmax is
    /// `(N + k) / rowsum(N + k)`. The logits are log-counts, as the lecture reads them. `k` must
    /// be finite and > 0 (with k = 0 an unseen bigram would need a weight of minus infinity).
    ///
    /// ```
    /// use makemore::nn::{Net, TrainingSet};
    /// use makemore::{loss, BigramModel, Dataset};
    ///
    /// let words = Dataset::from_items(["emma", "ava", "mia"])?;
    /// let data = TrainingSet::from_dataset(&words)?;
    /// let net = Net::from_counts(data.vocab().clone(), &data.counts(), 1.0)?;
    /// let counted = BigramModel::fit(&words, 1.0)?;
    /// assert!((&net.to_model()?.probs() - &counted.probs()).iter().all(|d| d.abs() < 1e-6));
    /// assert!(Net::from_counts(data.vocab().clone(), &data.counts(), 0.0).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_counts(vocab: Vocab, counts: &Array2<u32>, smoothing: f32) -> Result<Net> {
        check_smoothing(smoothing)?;
        check_param(
            smoothing > 0.0,
            "smoothing",
            smoothing,
            "must be > 0 for W = ln(N + k) (ln 0 is minus infinity)",
        )?;
        Self::from_weights(vocab, counts.mapv(|c| (c as f32 + smoothing).ln()))
    }

    /// The vocabulary.
    ///
    /// ```
    /// # use makemore::{nn::{Init, Net}, Vocab};
    /// let net = Net::new(Vocab::from_chars("ab".chars())?, Init::Zeros);
    /// assert_eq!(net.vocab().to_string(), ".ab");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// The weights `W`: row `i` holds the logits of the character after character `i`.
    ///
    /// ```
    /// # use makemore::{nn::{Init, Net}, Vocab};
    /// let net = Net::new(Vocab::from_chars("ab".chars())?, Init::Zeros);
    /// assert_eq!(net.w()[[1, 2]], 0.0);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn w(&self) -> ArrayView2<'_, f32> {
        self.w.view()
    }

    /// The probability table: [`softmax`] of each row of `W`.
    ///
    /// ```
    /// # use makemore::{nn::{Init, Net}, Vocab};
    /// let net = Net::new(Vocab::from_chars("ab".chars())?, Init::Zeros);
    /// assert!(net.probs().iter().all(|&p| (p - 1.0 / 3.0).abs() < 1e-7));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn probs(&self) -> Array2<f32> {
        softmax(&self.w)
    }

    /// The net as a [`BigramModel`] (`softmax(W)` row by row), for [`crate::sample::sample_names`]
    /// and [`crate::loss::evaluate`]: start at '.', draw from `softmax(W[ix])`, stop at '.'.
    ///
    /// ```
    /// use makemore::nn::{Init, Net};
    /// use makemore::{sample, Vocab};
    ///
    /// let net = Net::new(Vocab::from_chars('a'..='z')?, Init::default());
    /// let model = net.to_model()?;
    /// let names = sample::sample_names(&model, &mut sample::seeded(1), 3, 256)?;
    /// assert_eq!(names.len(), 3);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn to_model(&self) -> Result<BigramModel> {
        BigramModel::from_probs(self.vocab.clone(), self.probs())
    }

    /// The training loss of the net on `data` (average NLL plus `reg * mean(W^2)`), computed from
    /// the counts.
    ///
    /// ```
    /// use makemore::nn::{Init, Net, TrainingSet};
    /// use makemore::Dataset;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let net = Net::new(data.vocab().clone(), Init::Zeros);
    /// assert!((net.loss(&data, 0.01)? - 3f32.ln()).abs() < 1e-6);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn loss(&self, data: &TrainingSet, reg: f32) -> Result<f32> {
        self.check_data(data)?;
        Objective::new(data, Method::Counts, reg)?.loss(&self.w)
    }

    /// Full-batch gradient descent: `options.steps` times, compute the loss and `dW` over all of
    /// `data`, record the loss, and do `W -= lr * dW`. Returns the losses and the loss after the
    /// last step.
    ///
    /// Errors: invalid options (see [`TrainOptions::validate`]), a training set for another
    /// vocabulary, and a loss that stops being finite (a learning rate far too large); the
    /// weights are then left as they were.
    ///
    /// ```
    /// use makemore::nn::{Init, Net, TrainOptions, TrainingSet};
    /// use makemore::Dataset;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["emma", "ava", "mia"])?)?;
    /// let mut net = Net::new(data.vocab().clone(), Init::default());
    /// let history = net.train(&data, &TrainOptions { steps: 20, lr: 10.0, ..Default::default() })?;
    /// assert!(history.losses.windows(2).all(|w| w[1] < w[0]));
    /// let bad = TrainOptions { lr: -1.0, ..Default::default() };
    /// assert!(net.train(&data, &bad).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn train(&mut self, data: &TrainingSet, options: &TrainOptions) -> Result<History> {
        self.train_with(data, options, |_, _| {})
    }

    /// [`Net::train`], calling `on_step(step, loss)` after each step's loss is computed (for a
    /// progress bar).
    ///
    /// ```
    /// use makemore::nn::{Init, Net, TrainOptions, TrainingSet};
    /// use makemore::Dataset;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let mut net = Net::new(data.vocab().clone(), Init::Zeros);
    /// let mut seen = Vec::new();
    /// let options = TrainOptions { steps: 3, ..Default::default() };
    /// let history = net.train_with(&data, &options, |step, loss| seen.push((step, loss)))?;
    /// assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), [0, 1, 2]);
    /// assert_eq!(seen[2].1, history.losses[2]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn train_with(
        &mut self,
        data: &TrainingSet,
        options: &TrainOptions,
        mut on_step: impl FnMut(usize, f32),
    ) -> Result<History> {
        options.validate()?;
        self.check_data(data)?;
        let objective = Objective::new(data, options.method, options.reg)?;
        let mut w = self.w.clone();
        let mut losses = Vec::with_capacity(options.steps);
        for step in 0..options.steps {
            let (loss, dw) = objective.loss_and_grad(&w)?;
            check_finite(loss, step, options.lr)?;
            losses.push(loss);
            on_step(step, loss);
            w.scaled_add(-options.lr, &dw);
        }
        let final_loss = objective.loss(&w)?;
        check_finite(final_loss, options.steps, options.lr)?;
        if let Some(x) = w.iter().find(|x| !x.is_finite()) {
            return Err(diverged(*x, options.steps, options.lr));
        }
        self.w = w;
        Ok(History { losses, final_loss })
    }

    fn check_data(&self, data: &TrainingSet) -> Result<()> {
        if data.vocab() == &self.vocab {
            Ok(())
        } else {
            Err(Error::InvalidParameter {
                name: "training set",
                value: format!("with vocabulary {:?}", data.vocab().to_string()),
                reason: format!(
                    "the net's vocabulary is {:?}; both must be the same",
                    self.vocab.to_string()
                ),
            })
        }
    }

    /// Writes the net to a JSON file: `{"format": "makemore-nn", "version": 1, "vocab": ".abc…",
    /// "W": [[…], …]}`, one row of `W` per line. Floats are written so that they read back
    /// exactly. Like [`crate::plot::Svg::save`] it writes a temporary file and renames it into
    /// place.
    ///
    /// ```
    /// use makemore::nn::{Init, Net};
    /// use makemore::Vocab;
    ///
    /// let net = Net::new(Vocab::from_chars("ab".chars())?, Init::default());
    /// let path = std::env::temp_dir().join("makemore-doc-net.json");
    /// net.save(&path)?;
    /// assert_eq!(Net::load(&path)?, net);
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let rows: Vec<String> = self
            .w
            .rows()
            .into_iter()
            .map(|row| to_json(&row.to_vec()))
            .collect();
        let text = format!(
            "{{\n  \"format\": {},\n  \"version\": {MODEL_VERSION},\n  \"vocab\": {},\n  \"W\": [\n    {}\n  ]\n}}\n",
            to_json(MODEL_FORMAT),
            to_json(&self.vocab.to_string()),
            rows.join(",\n    ")
        );
        crate::fsio::write_atomically(path.as_ref(), text.as_bytes())
    }

    /// Reads a net written by [`Net::save`]. A missing file is an [`Error::Read`]; a file that is
    /// not such JSON, has another format or version, an invalid vocabulary, a `W` of the wrong
    /// shape or a weight that is not finite is an [`Error::InvalidModel`] that names the file and
    /// says what is wrong.
    ///
    /// ```
    /// use makemore::nn::Net;
    /// use makemore::Error;
    ///
    /// let path = std::env::temp_dir().join("makemore-doc-bad-net.json");
    /// std::fs::write(&path, r#"{"format": "makemore-nn", "version": 1, "vocab": ".a", "W": [[0, 0]]}"#).unwrap();
    /// let err = Net::load(&path).unwrap_err();
    /// assert!(matches!(err, Error::InvalidModel { .. }));
    /// assert!(err.to_string().ends_with("W has 1 row, expected 2 (one per vocabulary entry)"), "{err}");
    /// # std::fs::remove_file(&path).unwrap();
    /// assert!(matches!(Net::load("no/such/model.json"), Err(Error::Read { .. })));
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Net> {
        let path = path.as_ref();
        let bytes = crate::fsio::read_file(path)?;
        let invalid = |reason: String| Error::InvalidModel {
            path: path.into(),
            reason,
        };
        let file: ModelFile = serde_json::from_slice(&bytes)
            .map_err(|e| invalid(format!("not a model file ({e})")))?;
        if file.format != MODEL_FORMAT {
            return Err(invalid(format!(
                "the format is {:?}, expected {MODEL_FORMAT:?}",
                file.format
            )));
        }
        if file.version != MODEL_VERSION {
            return Err(invalid(format!(
                "version {} is not supported (this build reads version {MODEL_VERSION})",
                file.version
            )));
        }
        let vocab = Vocab::try_from(file.vocab).map_err(|e| invalid(e.to_string()))?;
        let v = vocab.len();
        if file.w.len() != v {
            let rows = file.w.len();
            let s = if rows == 1 { "" } else { "s" };
            return Err(invalid(format!(
                "W has {rows} row{s}, expected {v} (one per vocabulary entry)"
            )));
        }
        if let Some((i, row)) = file.w.iter().enumerate().find(|(_, r)| r.len() != v) {
            return Err(invalid(format!(
                "row {i} of W has {} entries, expected {v} (one per vocabulary entry)",
                row.len()
            )));
        }
        let w = Array2::from_shape_vec((v, v), file.w.concat())
            .map_err(|e| invalid(format!("W: {e}")))?;
        Net::from_weights(vocab, w).map_err(|e| invalid(e.to_string()))
    }

    /// [`Net::load`], then checks that the net's vocabulary is `vocab` (say, the data set's);
    /// if not, an [`Error::InvalidModel`] shows both.
    ///
    /// ```
    /// use makemore::nn::{Init, Net};
    /// use makemore::Vocab;
    ///
    /// let path = std::env::temp_dir().join("makemore-doc-net-vocab.json");
    /// Net::new(Vocab::from_chars("ab".chars())?, Init::Zeros).save(&path)?;
    /// assert!(Net::load_for(&path, &Vocab::from_chars("ab".chars())?).is_ok());
    /// let err = Net::load_for(&path, &Vocab::from_chars("abc".chars())?).unwrap_err();
    /// assert!(err.to_string().contains(r#"the model's vocabulary is ".ab" (3 characters), the data's is ".abc" (4)"#), "{err}");
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn load_for(path: impl AsRef<Path>, vocab: &Vocab) -> Result<Net> {
        let path = path.as_ref();
        let net = Net::load(path)?;
        if net.vocab() != vocab {
            return Err(Error::InvalidModel {
                path: path.into(),
                reason: format!(
                    "the model's vocabulary is {:?} ({} characters), the data's is {:?} ({})",
                    net.vocab().to_string(),
                    net.vocab().len(),
                    vocab.to_string(),
                    vocab.len()
                ),
            });
        }
        Ok(net)
    }
}

/// JSON text of plain data.
fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}

fn check_finite(loss: f32, step: usize, lr: f32) -> Result<()> {
    if loss.is_finite() {
        Ok(())
    } else {
        Err(diverged(loss, step, lr))
    }
}

fn diverged(value: f32, step: usize, lr: f32) -> Error {
    Error::InvalidParameter {
        name: "learning rate",
        value: lr.to_string(),
        reason: format!(
            "training diverged (a value of {value} at step {step}); try a smaller learning rate"
        ),
    }
}

/// The model file as stored.
#[derive(Deserialize)]
struct ModelFile {
    format: String,
    version: u32,
    vocab: String,
    #[serde(rename = "W")]
    w: Vec<Vec<f32>>,
}

/// The average NLL of a model on the three parts of a split (no regularisation term: this is
/// how well the model predicts the items).
///
/// ```
/// use makemore::nn::evaluate_split;
/// use makemore::{BigramModel, Dataset};
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let split = words.split(42)?;
/// let model = BigramModel::fit(&split.train, 1.0)?;
/// let losses = evaluate_split(&model, &split)?;
/// assert!(losses.train.mean < losses.val.mean); // fitted on train
/// assert!((losses.val.mean - losses.train.mean).abs() < 0.05); // but a bigram barely overfits
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn evaluate_split(model: &BigramModel, split: &Split) -> Result<SplitLosses> {
    Ok(SplitLosses {
        train: loss::evaluate(model, split.train.items())?,
        val: loss::evaluate(model, split.val.items())?,
        test: loss::evaluate(model, split.test.items())?,
    })
}

/// The scores of [`evaluate_split`].
///
/// ```
/// use makemore::nn::evaluate_split;
/// use makemore::{BigramModel, Dataset, Vocab};
///
/// let words = Dataset::from_items(["emma", "ava", "mia", "zoe", "lia"])?;
/// let uniform = BigramModel::uniform(Vocab::from_dataset(&words));
/// let losses = evaluate_split(&uniform, &words.split(1)?)?;
/// // Uniform: every bigram costs ln V, whatever the part.
/// assert!((losses.train.mean - losses.test.mean).abs() < 1e-12);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SplitLosses {
    /// On the training part (80%).
    pub train: Nll,
    /// On the validation part (10%).
    pub val: Nll,
    /// On the test part (10%).
    pub test: Nll,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Dataset {
        Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt")).unwrap()
    }

    fn small() -> TrainingSet {
        let words =
            Dataset::from_items(["emma", "olivia", "ava", "isabella", "sophia", "mia"]).unwrap();
        TrainingSet::from_dataset(&words).unwrap()
    }

    /// The loss in f64 straight from the definition, pair by pair.
    fn reference_loss(w: &Array2<f64>, data: &TrainingSet, reg: f64) -> f64 {
        let mut nll = 0.0;
        for (&x, &y) in data.xs().iter().zip(data.ys()) {
            let row = w.row(x);
            let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
            let log_sum = row.iter().map(|&v| (v - max).exp()).sum::<f64>().ln() + max;
            nll += log_sum - row[y];
        }
        nll / data.len() as f64 + reg * w.mapv(|v| v * v).mean().unwrap()
    }

    #[test]
    fn gradient_matches_central_differences() {
        let data = small();
        let v = data.vocab().len();
        let reg = 0.1;
        let w = Init::ChaCha { seed: 7 }.weights(v);
        let w64 = w.mapv(f64::from);
        let h = 1e-5;
        let numeric = Array2::from_shape_fn((v, v), |(i, j)| {
            let (mut up, mut down) = (w64.clone(), w64.clone());
            up[[i, j]] += h;
            down[[i, j]] -= h;
            (reference_loss(&up, &data, reg) - reference_loss(&down, &data, reg)) / (2.0 * h)
        });
        let xenc = one_hot(data.xs(), v).unwrap();
        let by_hand = backward(
            &xenc,
            &forward(&xenc, &w).unwrap().probs,
            data.ys(),
            &w,
            reg as f32,
        )
        .unwrap();
        let mut analytic = vec![by_hand];
        for method in [Method::OneHot, Method::Counts] {
            let objective = Objective::new(&data, method, reg as f32).unwrap();
            let (loss, grad) = objective.loss_and_grad(&w).unwrap();
            assert!((loss as f64 - reference_loss(&w64, &data, reg)).abs() < 1e-6);
            analytic.push(grad);
        }
        for grad in &analytic {
            for ((i, j), &g) in grad.indexed_iter() {
                let n = numeric[[i, j]];
                let rel = (g as f64 - n).abs() / (g.abs() as f64).max(n.abs());
                assert!(rel <= 1e-4, "dW[{i}, {j}]: {g} vs {n} (relative {rel:e})");
            }
        }
    }

    #[test]
    fn stable_and_naive_softmax_agree() {
        let logits = Init::ChaCha { seed: 3 }.weights(27) * 3.0;
        let (stable, naive) = (softmax(&logits), softmax_naive(&logits));
        for (a, b) in stable.iter().zip(&naive) {
            assert!((a - b).abs() <= 1e-6 * b.max(1e-3), "{a} {b}");
        }
        for row in stable.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-6);
        }
        // Large logits: the naive form overflows, the stable one does not.
        // (The shift rounds the logits to multiples of 2^-17, so the results differ in the 5th digit.)
        let big = &logits + 100.0;
        assert!(softmax_naive(&big).iter().any(|x| x.is_nan()));
        assert!((&softmax(&big) - &stable).iter().all(|d| d.abs() < 1e-5));
    }

    #[test]
    fn forward_is_the_lecture_and_agrees_with_the_stable_softmax() {
        let data = small();
        let v = data.vocab().len();
        let w = Init::default().weights(v);
        let xenc = one_hot(data.xs(), v).unwrap();
        let fwd = forward(&xenc, &w).unwrap();
        for (i, &x) in data.xs().iter().enumerate() {
            assert_eq!(fwd.logits.row(i), w.row(x));
        }
        let p = softmax(&fwd.logits);
        assert!((&fwd.probs - &p).iter().all(|d| d.abs() < 1e-6));
    }

    #[test]
    fn names_txt_has_228146_pairs_and_their_counts_are_n() {
        let words = names();
        let data = TrainingSet::from_dataset(&words).unwrap();
        assert_eq!(data.len(), 228146);
        let n = crate::bigram::count_matrix(data.vocab(), words.items()).unwrap();
        assert_eq!(data.counts(), n);
    }

    #[test]
    fn log_counts_are_the_smoothed_count_model() {
        let words = names();
        let data = TrainingSet::from_dataset(&words).unwrap();
        let net = Net::from_counts(data.vocab().clone(), &data.counts(), 1.0).unwrap();
        let counted = loss::evaluate(&BigramModel::fit(&words, 1.0).unwrap(), words.items())
            .unwrap()
            .mean;
        for method in [Method::Counts, Method::OneHot] {
            let l = Objective::new(&data, method, 0.0)
                .unwrap()
                .loss(&net.w())
                .unwrap();
            assert!(
                (l as f64 - counted).abs() < 1e-5,
                "{method:?}: {l} vs {counted}"
            );
        }
        assert!((net.loss(&data, 0.0).unwrap() as f64 - 2.4545768).abs() < 1e-5);
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

    #[test]
    fn the_two_methods_agree_step_by_step_on_names_txt() {
        let data = TrainingSet::from_dataset(&names()).unwrap();
        let run = |method| {
            let mut net = Net::new(data.vocab().clone(), Init::default());
            let options = TrainOptions {
                method,
                ..Default::default()
            };
            net.train(&data, &options).unwrap()
        };
        let (a, b) = (run(Method::OneHot), run(Method::Counts));
        assert_eq!(a.losses.len(), 100);
        let worst = a
            .losses
            .iter()
            .zip(&b.losses)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0f32, f32::max);
        assert!(worst <= 1e-5, "largest difference {worst:e}");
        assert!((a.final_loss - b.final_loss).abs() <= 1e-5);
    }

    #[test]
    fn training_on_names_txt_falls_every_step_to_near_the_count_model() {
        let words = names();
        let data = TrainingSet::from_dataset(&words).unwrap();
        let mut net = Net::new(data.vocab().clone(), Init::default());
        let history = net.train(&data, &TrainOptions::default()).unwrap();
        assert!(
            history.losses.windows(2).all(|w| w[1] < w[0]),
            "{:?}",
            history.losses
        );
        assert!(history.final_loss < history.losses[99]);
        let counted = loss::evaluate(&BigramModel::fit(&words, 1.0).unwrap(), words.items())
            .unwrap()
            .mean;
        assert!(
            (history.final_loss as f64 - counted).abs() < 0.05,
            "{} vs {counted}",
            history.final_loss
        );
    }

    #[test]
    fn bad_options_are_clear_errors_and_leave_w_alone() {
        let data = small();
        let mut net = Net::new(data.vocab().clone(), Init::default());
        let before = net.clone();
        for (options, needle) in [
            (
                TrainOptions {
                    lr: 0.0,
                    ..Default::default()
                },
                "invalid learning rate = 0: must be finite and > 0",
            ),
            (
                TrainOptions {
                    lr: -1.0,
                    ..Default::default()
                },
                "invalid learning rate = -1",
            ),
            (
                TrainOptions {
                    lr: f32::NAN,
                    ..Default::default()
                },
                "invalid learning rate = NaN",
            ),
            (
                TrainOptions {
                    lr: f32::INFINITY,
                    ..Default::default()
                },
                "invalid learning rate = inf",
            ),
            (
                TrainOptions {
                    steps: 0,
                    ..Default::default()
                },
                "invalid number of steps = 0: must be at least 1",
            ),
            (
                TrainOptions {
                    reg: -0.5,
                    ..Default::default()
                },
                "invalid reg = -0.5",
            ),
            (
                TrainOptions {
                    lr: 1e38,
                    ..Default::default()
                },
                "diverged",
            ),
        ] {
            let err = net.train(&data, &options).unwrap_err();
            assert!(err.to_string().contains(needle), "{err}");
            assert_eq!(net, before);
        }
        let other = TrainingSet::new(&Vocab::from_chars('a'..='z').unwrap(), ["ab"]).unwrap();
        let err = net.train(&other, &TrainOptions::default()).unwrap_err();
        assert!(err.to_string().contains("vocabulary"), "{err}");
    }

    fn temp(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("makemore-nn-{}-{name}", std::process::id()))
    }

    #[test]
    fn save_load_sample_gives_the_same_names() {
        let data = TrainingSet::from_dataset(&names()).unwrap();
        let mut net = Net::new(data.vocab().clone(), Init::default());
        net.train(&data, &TrainOptions::default()).unwrap();
        let path = temp("roundtrip.json");
        net.save(&path).unwrap();
        let loaded = Net::load(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(loaded, net); // bit for bit
        let sample = |net: &Net| {
            let model = net.to_model().unwrap();
            let mut rng = crate::sample::seeded(LECTURE_SEED);
            crate::sample::sample_names(&model, &mut rng, 20, 256).unwrap()
        };
        assert_eq!(sample(&loaded), sample(&net));
    }

    #[test]
    fn bad_model_files_are_clear_errors() {
        let vocab = Vocab::from_chars('a'..='z').unwrap();
        let good = temp("good.json");
        Net::new(vocab.clone(), Init::default())
            .save(&good)
            .unwrap();
        let text = std::fs::read_to_string(&good).unwrap();
        let other = Vocab::from_chars("abc".chars()).unwrap();
        let err = Net::load_for(&good, &other).unwrap_err();
        assert!(matches!(err, Error::InvalidModel { .. }));
        assert!(err.to_string().starts_with(&good.display().to_string()));
        assert!(err.to_string().contains("vocabulary"), "{err}");
        std::fs::remove_file(&good).unwrap();

        let short_row = {
            let start = text.find("[\n    [").unwrap() + 7;
            let comma = start + text[start..].find(',').unwrap();
            format!("{}{}", &text[..start], &text[comma + 1..])
        };
        let cases = [
            (text[..text.len() / 2].to_string(), "not a model file"),
            ("hello".to_string(), "not a model file"),
            (
                text.replace("makemore-nn", "something-else"),
                "the format is \"something-else\"",
            ),
            (
                text.replace("\"version\": 1", "\"version\": 9"),
                "version 9 is not supported",
            ),
            (
                text.replace(".abcdefghijklmnopqrstuvwxyz", ".abcdefghijklmnopqrstuvwxy"),
                "W has 27 rows, expected 26",
            ),
            (text.replace(".abc", ".bac"), "sorted"),
            (short_row, "row 0 of W has 26 entries, expected 27"),
            (
                text.replacen("[\n    [", "[\n    [0.5, ", 1),
                "row 0 of W has 28 entries",
            ),
        ];
        for (i, (content, needle)) in cases.iter().enumerate() {
            let path = temp(&format!("bad{i}.json"));
            std::fs::write(&path, content).unwrap();
            let err = Net::load(&path).unwrap_err();
            std::fs::remove_file(&path).unwrap();
            assert!(matches!(err, Error::InvalidModel { .. }), "{err}");
            let msg = err.to_string();
            assert!(msg.starts_with(&path.display().to_string()), "{msg}");
            assert!(msg.contains(needle), "case {i}: {msg}");
        }
        // A weight too large for f32 reads as infinity and is refused.
        let huge = {
            let start = text.find("[\n    [").unwrap() + 7;
            let comma = start + text[start..].find(',').unwrap();
            format!("{}1e300{}", &text[..start], &text[comma..])
        };
        let path = temp("huge.json");
        std::fs::write(&path, huge).unwrap();
        let err = Net::load(&path).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert!(err.to_string().contains("finite"), "{err}");

        let missing = temp("missing.json");
        assert!(matches!(Net::load(&missing), Err(Error::Read { .. })));
        assert!(matches!(
            Net::load(std::env::temp_dir()),
            Err(Error::IsDirectory { .. })
        ));
    }

    #[test]
    fn bad_arguments_to_the_pieces_are_errors() {
        let w = Array2::<f32>::zeros((3, 3));
        let probs = Array2::<f32>::from_elem((2, 3), 1.0 / 3.0);
        assert!(matches!(
            loss(&probs, &[0], &w, 0.0),
            Err(Error::Shape { .. })
        ));
        assert!(matches!(
            loss(&probs, &[], &w, 0.0),
            Err(Error::InvalidParameter { .. })
        ));
        assert!(matches!(
            loss(&probs, &[0, 1], &w, f32::INFINITY),
            Err(Error::InvalidParameter { name: "reg", .. })
        ));
        let xenc = one_hot(&[0, 1], 3).unwrap();
        assert!(backward(&xenc, &probs, &[0, 1], &w, 0.0).is_ok());
        assert!(matches!(
            backward(&xenc, &probs, &[0, 1], &Array2::zeros((2, 3)), 0.0),
            Err(Error::Shape { what: "W", .. })
        ));
        assert!(matches!(
            backward(&one_hot(&[0], 3).unwrap(), &probs, &[0, 1], &w, 0.0),
            Err(Error::Shape { what: "xenc", .. })
        ));
        assert!(matches!(
            Net::from_counts(
                Vocab::from_chars("ab".chars()).unwrap(),
                &Array2::zeros((3, 3)),
                f32::NAN
            ),
            Err(Error::InvalidParameter {
                name: "smoothing",
                ..
            })
        ));
    }

    #[test]
    fn held_out_losses_on_names_txt() {
        let words = names();
        let vocab = Vocab::from_dataset(&words);
        let split = words.split(DEFAULT_SPLIT_SEED).unwrap();
        let data = TrainingSet::new(&vocab, split.train.items()).unwrap();
        let mut net = Net::new(vocab, Init::default());
        net.train(&data, &TrainOptions::default()).unwrap();
        let losses = evaluate_split(&net.to_model().unwrap(), &split).unwrap();
        for nll in [losses.train, losses.val, losses.test] {
            assert!((2.4..2.6).contains(&nll.mean), "{losses:?}");
        }
        assert_eq!(
            losses.train.count + losses.val.count + losses.test.count,
            228146
        );
    }
}
