//! The net itself: the weights `W` of a [`NetKind`] with K characters of context (the lecture's
//! bigram net is the table net with K = 1), how they start ([`Init`]), and full-batch gradient
//! descent on them ([`Net::train`] with [`TrainOptions`], recording a [`History`]).

use ndarray::{Array2, ArrayView2};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;

use super::architecture::NetKind;
use super::forward::softmax;
use super::loss::check_reg;
use super::objective::{Method, Objective};
use super::training_set::TrainingSet;
use crate::counting::Model;
use crate::counting::sample::LECTURE_SEED;
use crate::counting::{Counts, DENSE_LIMIT};
use crate::error::{Error, Result, check_param, check_shape, check_smoothing};
use crate::vocab::{Vocab, check_same_space};

/// The lecture's learning rate: 50 (large, because the gradient is averaged over 228146 pairs and
/// the problem is simple).
pub const LECTURE_LR: f32 = 50.0;

/// The lecture's regularisation strength: the loss adds `0.01 * mean(W^2)`.
pub const LECTURE_REG: f32 = 0.01;

/// The lecture's number of gradient descent steps: 100.
pub const LECTURE_STEPS: usize = 100;

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
    /// bit for bit, from [`TorchGenerator`](crate::rng::TorchGenerator).
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
    /// use makemore::counting::sample::Generator;
    ///
    /// assert_eq!(Init::seeded(Generator::Torch, 5), Init::Torch { seed: 5 });
    /// assert_eq!(Init::seeded(Generator::ChaCha, 5), Init::ChaCha { seed: 5 });
    /// ```
    pub fn seeded(generator: crate::counting::sample::Generator, seed: u64) -> Init {
        match generator {
            crate::counting::sample::Generator::ChaCha => Init::ChaCha { seed },
            crate::counting::sample::Generator::Torch => Init::Torch { seed },
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
        self.matrix(size, size)
    }

    /// A `rows x cols` matrix drawn this way, row by row (a net's `W` of any shape: `V^K x V`
    /// for the table net, `K * V x V` for the concatenated one).
    ///
    /// ```
    /// use makemore::nn::Init;
    ///
    /// let w = Init::Torch { seed: 2147483647 }.matrix(729, 27);
    /// assert_eq!(w.row(0), Init::Torch { seed: 2147483647 }.weights(27).row(0)); // the same first draws
    /// assert_eq!(Init::ChaCha { seed: 1 }.matrix(2, 3).dim(), (2, 3));
    /// ```
    pub fn matrix(&self, rows: usize, cols: usize) -> Array2<f32> {
        match *self {
            Init::ChaCha { seed } => {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                Array2::from_shape_simple_fn((rows, cols), || StandardNormal.sample(&mut rng))
            }
            Init::Torch { seed } => {
                crate::rng::TorchGenerator::manual_seed(seed).randn_2d((rows, cols))
            }
            Init::Zeros => Array2::zeros((rows, cols)),
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
/// assert!(slow.check().is_ok());
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
    /// Checks the settings once, before training: `steps >= 1`, `lr` finite and > 0, `reg`
    /// finite and >= 0. Only this makes a [`ValidTrainOptions`], which [`Net::train_with`] takes.
    ///
    /// ```
    /// use makemore::nn::TrainOptions;
    ///
    /// let err = TrainOptions { lr: 0.0, ..Default::default() }.check().unwrap_err();
    /// assert_eq!(err.to_string(), "invalid learning rate = 0: must be finite and > 0");
    /// assert!(TrainOptions { steps: 0, ..Default::default() }.check().is_err());
    /// assert!(TrainOptions { reg: f32::NAN, ..Default::default() }.check().is_err());
    /// ```
    pub fn check(&self) -> Result<ValidTrainOptions> {
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
        check_reg(self.reg)?;
        Ok(ValidTrainOptions(*self))
    }
}

/// [`TrainOptions`] that passed [`TrainOptions::check`] (linfa's checked-parameters pattern:
/// the settings are checked once, when they are made, not again at every use).
///
/// ```
/// use makemore::nn::TrainOptions;
///
/// let valid = TrainOptions::default().check()?;
/// assert_eq!(valid.get().lr, 50.0);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct ValidTrainOptions(TrainOptions);

impl ValidTrainOptions {
    /// The settings.
    pub fn get(&self) -> &TrainOptions {
        &self.0
    }
}

/// What a training run recorded.
///
/// ```
/// use makemore::nn::{Init, Net, TrainOptions, TrainingSet};
/// use makemore::data::Dataset;
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

/// A net: a vocabulary, its architecture ([`NetKind`] and K, the characters of context) and
/// the weights `W` (every entry finite): `V x V` for the lecture's bigram net, `V^K x V` for the
/// table net, `(K * V) x V` for the concatenated one.
///
/// ```
/// use makemore::nn::{Init, Net, NetKind};
/// use makemore::vocab::Vocab;
///
/// let vocab = Vocab::from_chars('a'..='z')?;
/// assert_eq!(Net::new(vocab.clone(), Init::default()).w().dim(), (27, 27));
/// let concat = Net::with_architecture(vocab, NetKind::Concat, 3, Init::default())?;
/// assert_eq!((concat.w().dim(), concat.name()), ((81, 27), "concat"));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Net {
    vocab: Vocab,
    kind: NetKind,
    context_len: usize,
    w: Array2<f32>,
}

impl Net {
    /// The lecture's bigram net (the table net with K = 1) with freshly initialised weights.
    ///
    /// ```
    /// use makemore::nn::{Init, Net};
    /// use makemore::vocab::Vocab;
    ///
    /// let net = Net::new(Vocab::from_chars("ab".chars())?, Init::ChaCha { seed: 1 });
    /// assert_eq!((net.w().dim(), net.context_len()), ((3, 3), 1));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn new(vocab: Vocab, init: Init) -> Net {
        let w = init.weights(vocab.len());
        Net {
            vocab,
            kind: NetKind::Table,
            context_len: 1,
            w,
        }
    }

    /// A net of this kind with K = `context_len` and `W` from `init` ([`Init::matrix`] with
    /// [`NetKind::rows`] rows); K out of range, or a table net past [`DENSE_LIMIT`] weights, is
    /// an error.
    ///
    /// ```
    /// use makemore::nn::{Init, Net, NetKind};
    /// use makemore::vocab::Vocab;
    ///
    /// let vocab = Vocab::from_chars('a'..='z')?;
    /// assert_eq!(Net::with_architecture(vocab.clone(), NetKind::Table, 2, Init::Zeros)?.w().dim(), (729, 27));
    /// assert!(Net::with_architecture(vocab, NetKind::Table, 4, Init::Zeros).is_err()); // 27^5 weights
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn with_architecture(
        vocab: Vocab,
        kind: NetKind,
        context_len: usize,
        init: Init,
    ) -> Result<Net> {
        let rows = kind.rows(vocab.len(), context_len)?;
        let w = init.matrix(rows, vocab.len());
        Ok(Net {
            vocab,
            kind,
            context_len,
            w,
        })
    }

    /// The lecture's bigram net with the given weights, which must be V x V and finite.
    ///
    /// ```
    /// use makemore::nn::Net;
    /// use makemore::vocab::Vocab;
    /// use ndarray::Array2;
    ///
    /// let vocab = Vocab::from_chars("a".chars())?;
    /// assert!(Net::from_weights(vocab.clone(), Array2::zeros((2, 2))).is_ok());
    /// assert!(Net::from_weights(vocab.clone(), Array2::zeros((3, 3))).is_err());
    /// assert!(Net::from_weights(vocab, Array2::from_elem((2, 2), f32::NAN)).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_weights(vocab: Vocab, w: Array2<f32>) -> Result<Net> {
        Self::from_parts(vocab, NetKind::Table, 1, w)
    }

    /// A net of this kind and K with the given weights, which must have [`NetKind::rows`] rows
    /// of V and be finite.
    ///
    /// ```
    /// use makemore::nn::{Net, NetKind};
    /// use makemore::vocab::Vocab;
    /// use ndarray::Array2;
    ///
    /// let vocab = Vocab::from_chars("a".chars())?;
    /// assert!(Net::from_parts(vocab.clone(), NetKind::Concat, 3, Array2::zeros((6, 2))).is_ok());
    /// assert!(Net::from_parts(vocab, NetKind::Table, 3, Array2::zeros((6, 2))).is_err()); // 8 rows
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_parts(
        vocab: Vocab,
        kind: NetKind,
        context_len: usize,
        w: Array2<f32>,
    ) -> Result<Net> {
        let rows = kind.rows(vocab.len(), context_len)?;
        check_shape("W", (rows, vocab.len()), w.dim())?;
        if let Some(((i, j), x)) = w.indexed_iter().find(|(_, x)| !x.is_finite()) {
            return Err(Error::InvalidParameter {
                name: "W",
                value: format!("W[{i}, {j}] = {x}"),
                reason: "every weight must be finite".into(),
            });
        }
        Ok(Net {
            vocab,
            kind,
            context_len,
            w,
        })
    }

    /// The table net equal to the count model with smoothing k: `W = ln(N + k)`, whose row
    /// softmax is `(N + k) / rowsum(N + k)` (the logits are log-counts, as the lecture reads
    /// them); K is the counts'. `k` must be finite and > 0 (with k = 0 an unseen n-gram would
    /// need a weight of minus infinity).
    ///
    /// ```
    /// use makemore::nn::{Net, NetKind};
    /// use makemore::{counting::{BigramModel, Counts}, data::Dataset};
    ///
    /// let words = Dataset::from_items(["emma", "ava", "mia"])?;
    /// let net = Net::from_counts(&Counts::from_dataset(&words, 1)?, 1.0)?;
    /// let counted = BigramModel::fit(&words, 1, 1.0)?;
    /// assert!((&net.to_model()?.probs()? - &counted.probs()?).iter().all(|d| d.abs() < 1e-6));
    /// assert!(Net::from_counts(&Counts::from_dataset(&words, 1)?, 0.0).is_err());
    /// assert_eq!(Net::from_counts(&Counts::from_dataset(&words, 2)?, 1.0)?.w().dim(), (36, 6));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_counts(counts: &Counts, smoothing: f32) -> Result<Net> {
        check_smoothing(smoothing)?;
        check_param(
            smoothing > 0.0,
            "smoothing",
            smoothing,
            "must be > 0 for W = ln(N + k) (ln 0 is minus infinity)",
        )?;
        let (vocab, k) = (counts.vocab(), counts.context_len());
        let rows = NetKind::Table.rows(vocab.len(), k)?;
        let mut w = Array2::from_elem((rows, vocab.len()), smoothing.ln());
        for (c, row) in counts.seen() {
            for (out, &n) in w.row_mut(c as usize).iter_mut().zip(row) {
                *out = (n as f32 + smoothing).ln();
            }
        }
        Self::from_parts(vocab.clone(), NetKind::Table, k, w)
    }

    /// The vocabulary.
    ///
    /// ```
    /// # use makemore::{nn::{Init, Net}, vocab::Vocab};
    /// let net = Net::new(Vocab::from_chars("ab".chars())?, Init::Zeros);
    /// assert_eq!(net.vocab().to_string(), ".ab");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// Which rows of `W` a context picks.
    pub fn kind(&self) -> NetKind {
        self.kind
    }

    /// K, the number of characters of context (1 for the bigram net).
    pub fn context_len(&self) -> usize {
        self.context_len
    }

    /// Whether this is the lecture's bigram net: the table net with K = 1.
    pub fn is_bigram(&self) -> bool {
        (self.kind, self.context_len) == (NetKind::Table, 1)
    }

    /// `"bigram"` for the lecture's net, else `"table"` or `"concat"`.
    pub fn name(&self) -> &'static str {
        if self.is_bigram() {
            "bigram"
        } else {
            self.kind.name()
        }
    }

    /// The weights `W`: for the bigram net, row `i` holds the logits of the character after
    /// character `i`.
    ///
    /// ```
    /// # use makemore::{nn::{Init, Net}, vocab::Vocab};
    /// let net = Net::new(Vocab::from_chars("ab".chars())?, Init::Zeros);
    /// assert_eq!(net.w()[[1, 2]], 0.0);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn w(&self) -> ArrayView2<'_, f32> {
        self.w.view()
    }

    /// The net as a [`Model`](crate::counting::Model): for every context, the softmax of its logits (for
    /// the bigram net `softmax(W)` row by row), for [`crate::counting::sample::sample_names`] and
    /// [`crate::counting::loss::evaluate`]: start at '.', draw from the row of the context, stop at '.'.
    /// An error if that table of `V^K x V` passes [`DENSE_LIMIT`] (a concatenated net with a
    /// long context trains, but its table is too large to hold).
    ///
    /// ```
    /// use makemore::nn::{Init, Net};
    /// use makemore::{counting::sample, vocab::Vocab};
    ///
    /// let net = Net::new(Vocab::from_chars('a'..='z')?, Init::default());
    /// let model = net.to_model()?;
    /// assert!(model.probs()?.iter().all(|&p| p > 0.0));
    /// let names = sample::sample_names(&model, &mut sample::seeded(1), 3, 256)?;
    /// assert_eq!(names.len(), 3);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn to_model(&self) -> Result<Model> {
        let v = self.vocab.len();
        let contexts =
            NetKind::Table
                .rows(v, self.context_len)
                .map_err(|_| Error::InvalidParameter {
                    name: "context length",
                    value: self.context_len.to_string(),
                    reason: format!(
                        "the net's table of probabilities for every context would have V^K x V = \
                     {v}^{} x {v} entries, more than {DENSE_LIMIT}",
                        self.context_len
                    ),
                })?;
        let probs = match self.kind {
            NetKind::Table => softmax(&self.w),
            NetKind::Concat => {
                let mut logits = Array2::zeros((contexts, v));
                for (c, mut row) in logits.outer_iter_mut().enumerate() {
                    for r in self.kind.rows_of(c, v, self.context_len) {
                        row += &self.w.row(r);
                    }
                }
                softmax(&logits)
            }
        };
        Model::from_probs(self.vocab.clone(), self.context_len, probs)
    }

    /// The training loss of the net on `data` (average NLL plus `reg * mean(W^2)`), computed from
    /// the counts.
    ///
    /// ```
    /// use makemore::nn::{Init, Net, TrainingSet};
    /// use makemore::data::Dataset;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let net = Net::new(data.vocab().clone(), Init::Zeros);
    /// assert!((net.loss(&data, 0.01)? - 3f32.ln()).abs() < 1e-6);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn loss(&self, data: &TrainingSet, reg: f32) -> Result<f32> {
        self.check_data(data)?;
        Objective::new(self.kind, data, Method::Counts, reg)?.loss(&self.w)
    }

    /// Full-batch gradient descent: `options.steps` times, compute the loss and `dW` over all of
    /// `data` (by `options.method`), record the loss, and do `W -= lr * dW`. Returns the losses
    /// and the loss after the last step.
    ///
    /// Errors: invalid options (see [`TrainOptions::check`]), a training set for another
    /// vocabulary or K, [`Method::OneHot`] for any net but the bigram's, and a loss that stops
    /// being finite (a learning rate far too large); the weights are then left as they were.
    ///
    /// ```
    /// use makemore::nn::{Init, Net, NetKind, TrainOptions, TrainingSet};
    /// use makemore::data::Dataset;
    ///
    /// let words = Dataset::from_items(["emma", "ava", "mia"])?;
    /// let data = TrainingSet::from_dataset(&words)?;
    /// let mut net = Net::new(data.vocab().clone(), Init::default());
    /// let history = net.train(&data, &TrainOptions { steps: 20, lr: 10.0, ..Default::default() })?;
    /// assert!(history.losses.windows(2).all(|w| w[1] < w[0]));
    /// let bad = TrainOptions { lr: -1.0, ..Default::default() };
    /// assert!(net.train(&data, &bad).is_err());
    ///
    /// // Two characters of context, the two one-hot vectors side by side.
    /// let trigrams = TrainingSet::with_context(data.vocab(), 2, words.items())?;
    /// let mut concat = Net::with_architecture(data.vocab().clone(), NetKind::Concat, 2, Init::default())?;
    /// let history = concat.train(&trigrams, &TrainOptions { steps: 20, lr: 10.0, ..Default::default() })?;
    /// assert!(history.final_loss < history.losses[0]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn train(&mut self, data: &TrainingSet, options: &TrainOptions) -> Result<History> {
        self.train_with(data, &options.check()?, |_, _| {})
    }

    /// [`Net::train`], calling `on_step(step, loss)` after each step's loss is computed (for a
    /// progress bar).
    ///
    /// ```
    /// use makemore::nn::{Init, Net, TrainOptions, TrainingSet};
    /// use makemore::data::Dataset;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let mut net = Net::new(data.vocab().clone(), Init::Zeros);
    /// let mut seen = Vec::new();
    /// let options = TrainOptions { steps: 3, ..Default::default() }.check()?;
    /// let history = net.train_with(&data, &options, |step, loss| seen.push((step, loss)))?;
    /// assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), [0, 1, 2]);
    /// assert_eq!(seen[2].1, history.losses[2]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn train_with(
        &mut self,
        data: &TrainingSet,
        options: &ValidTrainOptions,
        on_step: impl FnMut(usize, f32),
    ) -> Result<History> {
        self.check_data(data)?;
        let objective =
            Objective::prepare(self.kind, data, options.get().method, options.get().reg)?;
        descend(
            &mut self.w,
            options,
            |w, g| objective.evaluate(w, g),
            on_step,
        )
    }

    fn check_data(&self, data: &TrainingSet) -> Result<()> {
        check_same_space(
            "training set",
            (data.vocab(), data.context_len()),
            "the net has",
            (&self.vocab, self.context_len),
        )
    }
}

/// Full-batch gradient descent: `steps` times, the loss and gradient at `W`, `W -= lr * dW`; the
/// losses before each update and the loss after the last, with `on_step(step, loss)` after each
/// step's loss. `evaluate(w, want_grad)` is an objective's loss at `W` (of the shape it was
/// prepared for), with its gradient when asked. `W` is left alone on a loss or a weight that
/// stops being finite ([`Error::Diverged`]).
pub(super) fn descend(
    w: &mut Array2<f32>,
    options: &ValidTrainOptions,
    evaluate: impl Fn(&Array2<f32>, bool) -> (f32, Option<Array2<f32>>),
    mut on_step: impl FnMut(usize, f32),
) -> Result<History> {
    let options = options.get();
    let diverged = |step, value| Error::Diverged {
        step,
        value,
        lr: options.lr,
    };
    let mut next = w.clone();
    let mut losses = Vec::with_capacity(options.steps);
    for step in 0..options.steps {
        let (l, dw) = evaluate(&next, true);
        let dw = dw.expect("the gradient when asked for it");
        if !l.is_finite() {
            return Err(diverged(step, l));
        }
        losses.push(l);
        on_step(step, l);
        next.scaled_add(-options.lr, &dw);
    }
    let final_loss = evaluate(&next, false).0;
    if let Some(&x) = std::iter::once(&final_loss)
        .chain(next.iter())
        .find(|x| !x.is_finite())
    {
        return Err(diverged(options.steps, x));
    }
    *w = next;
    Ok(History { losses, final_loss })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::training_set::small;

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
}
