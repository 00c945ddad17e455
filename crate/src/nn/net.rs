//! The net itself: the weights `W` of a [`NetKind`] with K characters of context (the lecture's
//! bigram net is the table net with K = 1), how they start (standard normal draws from a seeded
//! [`Generator`]), and full-batch gradient descent on them ([`Net::train`] with
//! [`TrainOptions`], recording a [`History`]).

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
use crate::counting::sample::Generator;
use crate::counting::{Counts, DENSE_LIMIT};
use crate::data::SplitMethod;
use crate::error::{Error, Result, check_param, check_shape, check_smoothing};
use crate::rng::TorchGenerator;
use crate::vocab::{Vocab, check_same_space};

/// The lecture's learning rate: 50 (large, because the gradient is averaged over 228146 pairs and
/// the problem is simple).
pub const LECTURE_LR: f32 = 50.0;

/// The lecture's regularisation strength: the loss adds `0.01 * mean(W^2)`.
pub const LECTURE_REG: f32 = 0.01;

/// The lecture's number of gradient descent steps: 100.
pub const LECTURE_STEPS: usize = 100;

/// The first `W`: a `rows x cols` matrix of standard normal draws, in row-major order, from
/// `generator` seeded with `seed`: [`Generator::Torch`] gives the lecture's own `W`,
/// `torch.randn((rows, cols), generator=torch.Generator().manual_seed(seed))` bit for bit;
/// [`Generator::ChaCha`] draws `rand_distr::StandardNormal` from ChaCha8
/// (`rand_chacha::ChaCha8Rng::seed_from_u64`), the same on every machine though not torch's.
pub(crate) fn randn(generator: Generator, seed: u64, (rows, cols): (usize, usize)) -> Array2<f32> {
    match generator {
        Generator::ChaCha => {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            Array2::from_shape_simple_fn((rows, cols), || StandardNormal.sample(&mut rng))
        }
        Generator::Torch => TorchGenerator::manual_seed(seed).randn_2d((rows, cols)),
    }
}

/// The settings of a training run. The default is the lecture's: 100 steps of learning rate 50
/// with `reg = 0.01`, computed by the fast [`Method::Counts`]. [`Net::train`] checks them once,
/// before its first step.
///
/// ```
/// use makemore::nn::{Method, Net, TrainOptions, TrainingSet};
/// use makemore::{counting::sample::Generator, data::Dataset};
///
/// let options = TrainOptions::default();
/// assert_eq!((options.steps, options.lr, options.reg), (100, 50.0, 0.01));
/// let slow = TrainOptions { method: Method::OneHot, ..options };
/// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
/// let mut net = Net::new(data.vocab().clone(), Generator::ChaCha, 1);
/// assert!(net.train(&data, &slow).is_ok());
/// let err = net.train(&data, &TrainOptions { lr: 0.0, ..options }).unwrap_err();
/// assert_eq!(err.to_string(), "invalid learning rate = 0: must be finite and > 0");
/// # Ok::<(), makemore::Error>(())
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
    /// finite and >= 0 ([`Net::train`] reports the first that fails). Only this makes the
    /// checked kind, which the training loop takes (linfa's checked-parameters pattern).
    pub(super) fn check(&self) -> Result<Checked> {
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
        Ok(Checked(*self))
    }
}

/// [`TrainOptions`] that passed [`TrainOptions::check`]: checked once, not again at every use.
pub(super) struct Checked(TrainOptions);

/// What a training run recorded.
///
/// ```
/// use makemore::nn::{Net, TrainOptions, TrainingSet};
/// use makemore::data::Dataset;
/// use ndarray::Array2;
///
/// let data = TrainingSet::from_dataset(&Dataset::from_items(["emma", "ava"])?)?;
/// let mut net = Net::from_weights(data.vocab().clone(), Array2::zeros((5, 5)))?;
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
/// use makemore::nn::{Net, NetKind};
/// use makemore::{counting::sample::Generator, vocab::Vocab};
///
/// let vocab = Vocab::from_chars('a'..='z')?;
/// assert_eq!(Net::new(vocab.clone(), Generator::ChaCha, 1).w().dim(), (27, 27));
/// let concat = Net::with_architecture(vocab, NetKind::Concat, 3, Generator::ChaCha, 1)?;
/// assert_eq!((concat.w().dim(), concat.name()), ((81, 27), "concat"));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Net {
    vocab: Vocab,
    kind: NetKind,
    context_len: usize,
    w: Array2<f32>,
    /// The split whose training part alone it was trained on, if recorded.
    holdout: Option<(SplitMethod, u64)>,
}

impl Net {
    /// The lecture's bigram net (the table net with K = 1), its `V x V` weights drawn from the
    /// standard normal distribution by `generator` seeded with `seed`: with
    /// [`Generator::Torch`] the lecture's `W = torch.randn((27, 27), generator=g)` bit for bit;
    /// with [`Generator::ChaCha`] ChaCha8's draws (`rand_distr::StandardNormal`), the same on
    /// every machine though not torch's.
    ///
    /// ```
    /// use makemore::nn::Net;
    /// use makemore::{counting::sample::Generator, vocab::Vocab};
    ///
    /// let vocab = Vocab::from_chars('a'..='z')?;
    /// let net = Net::new(vocab.clone(), Generator::ChaCha, 1);
    /// assert_eq!((net.w().dim(), net.context_len()), ((27, 27), 1));
    /// assert_eq!(net, Net::new(vocab.clone(), Generator::ChaCha, 1)); // seeded
    /// let w = net.w();
    /// let mean = w.mean().unwrap();
    /// let var = w.mapv(|x| (x - mean).powi(2)).mean().unwrap();
    /// assert!(mean.abs() < 0.1 && (var - 1.0).abs() < 0.15);
    /// // The lecture's W: the first weight of torch.randn((27, 27)) with seed 2147483647 is 1.5674.
    /// let torch = Net::new(vocab, Generator::Torch, 2147483647);
    /// assert!((torch.w()[[0, 0]] - 1.5674).abs() < 1e-4);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn new(vocab: Vocab, generator: Generator, seed: u64) -> Net {
        Self::with_architecture(vocab, NetKind::Table, 1, generator, seed)
            .expect("a vocabulary's V x V weights always fit")
    }

    /// A net of this kind with K = `context_len`, its [`NetKind::rows`] rows of V weights drawn
    /// as in [`Net::new`], row by row (so the first `V` rows are the bigram net's); K out of
    /// range, or a table net past [`DENSE_LIMIT`] weights, is an error.
    ///
    /// ```
    /// use makemore::nn::{Net, NetKind};
    /// use makemore::{counting::sample::Generator, vocab::Vocab};
    ///
    /// let vocab = Vocab::from_chars('a'..='z')?;
    /// let table = Net::with_architecture(vocab.clone(), NetKind::Table, 2, Generator::Torch, 1)?;
    /// assert_eq!(table.w().dim(), (729, 27));
    /// assert_eq!(table.w().row(0), Net::new(vocab.clone(), Generator::Torch, 1).w().row(0));
    /// assert!(Net::with_architecture(vocab, NetKind::Table, 4, Generator::Torch, 1).is_err()); // 27^5 weights
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn with_architecture(
        vocab: Vocab,
        kind: NetKind,
        context_len: usize,
        generator: Generator,
        seed: u64,
    ) -> Result<Net> {
        let rows = kind.rows(vocab.len(), context_len)?;
        let w = randn(generator, seed, (rows, vocab.len()));
        Self::from_parts(vocab, kind, context_len, w)
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
            let value = format!("W[{i}, {j}] = {x}");
            return Err(Error::invalid("W", value, "every weight must be finite"));
        }
        Ok(Net {
            vocab,
            kind,
            context_len,
            w,
            holdout: None,
        })
    }

    /// The split (its method and seed) whose training part alone this net was trained on, as
    /// recorded by [`Net::set_holdout`] and its model file; `None` if none is recorded (trained
    /// on everything, or a file written before the record).
    pub fn holdout(&self) -> Option<(SplitMethod, u64)> {
        self.holdout
    }

    /// Records that this net was trained on the training part alone of the split made by
    /// `method` with `seed`; its model file then says so, and `eval --model --split` can tell
    /// the parts it has not seen.
    ///
    /// ```
    /// use makemore::{counting::sample::Generator, data::SplitMethod, nn::Net, vocab::Vocab};
    ///
    /// let mut net = Net::new(Vocab::from_chars("ab".chars())?, Generator::ChaCha, 1);
    /// assert_eq!(net.holdout(), None);
    /// net.set_holdout(SplitMethod::ChaCha, 42);
    /// assert_eq!(net.holdout(), Some((SplitMethod::ChaCha, 42)));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn set_holdout(&mut self, method: SplitMethod, seed: u64) {
        self.holdout = Some((method, seed));
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
            for (out, &n) in w.row_mut(c as usize).iter_mut().zip(&row) {
                *out = (n as f32 + smoothing).ln();
            }
        }
        Self::from_parts(vocab.clone(), NetKind::Table, k, w)
    }

    /// The vocabulary.
    ///
    /// ```
    /// # use makemore::{nn::Net, vocab::Vocab};
    /// let net = Net::from_weights(Vocab::from_chars("ab".chars())?, ndarray::Array2::zeros((3, 3)))?;
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
    /// # use makemore::{nn::Net, vocab::Vocab};
    /// let net = Net::from_weights(Vocab::from_chars("ab".chars())?, ndarray::Array2::zeros((3, 3)))?;
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
    /// use makemore::nn::Net;
    /// use makemore::{counting::sample, vocab::Vocab};
    ///
    /// let net = Net::new(Vocab::from_chars('a'..='z')?, sample::Generator::ChaCha, 1);
    /// let model = net.to_model()?;
    /// assert!(model.probs()?.iter().all(|&p| p > 0.0));
    /// let names = sample::sample_names(&model, &mut sample::seeded(1), 3, 256)?;
    /// assert_eq!(names.len(), 3);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn to_model(&self) -> Result<Model> {
        let v = self.vocab.len();
        let k = self.context_len;
        let contexts = NetKind::Table.rows(v, k).map_err(|_| {
            let reason = format!(
                "the net's table of probabilities for every context would have V^K x V = \
                 {v}^{k} x {v} entries, more than {DENSE_LIMIT}"
            );
            Error::invalid("context length", k, reason)
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
    /// use makemore::nn::{Net, TrainingSet};
    /// use makemore::data::Dataset;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let net = Net::from_weights(data.vocab().clone(), ndarray::Array2::zeros((3, 3)))?;
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
    /// Errors: invalid options (checked once, before the first step: `steps >= 1`, `lr` finite
    /// and > 0, `reg` finite and >= 0), a training set for another
    /// vocabulary or K, [`Method::OneHot`] for any net but the bigram's, and a loss that stops
    /// being finite (a learning rate far too large); the weights are then left as they were.
    ///
    /// ```
    /// use makemore::nn::{Net, NetKind, TrainOptions, TrainingSet};
    /// use makemore::{counting::sample::Generator, data::Dataset};
    ///
    /// let words = Dataset::from_items(["emma", "ava", "mia"])?;
    /// let data = TrainingSet::from_dataset(&words)?;
    /// let mut net = Net::new(data.vocab().clone(), Generator::ChaCha, 1);
    /// let history = net.train(&data, &TrainOptions { steps: 20, lr: 10.0, ..Default::default() })?;
    /// assert!(history.losses.windows(2).all(|w| w[1] < w[0]));
    /// let bad = TrainOptions { lr: -1.0, ..Default::default() };
    /// assert!(net.train(&data, &bad).is_err());
    ///
    /// // Two characters of context, the two one-hot vectors side by side.
    /// let trigrams = TrainingSet::with_context(data.vocab(), 2, words.items())?;
    /// let mut concat = Net::with_architecture(data.vocab().clone(), NetKind::Concat, 2, Generator::ChaCha, 1)?;
    /// let history = concat.train(&trigrams, &TrainOptions { steps: 20, lr: 10.0, ..Default::default() })?;
    /// assert!(history.final_loss < history.losses[0]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn train(&mut self, data: &TrainingSet, options: &TrainOptions) -> Result<History> {
        self.train_with(data, options, |_, _, _| {})
    }

    /// [`Net::train`], calling `on_step(step, loss, w)` after each step's loss is computed, with
    /// `W` as it was for that loss (after `step` updates): for a progress bar, or to keep
    /// snapshots of `W` (the training replay of [`Widget::training`](crate::show::widget::Widget::training)).
    ///
    /// ```
    /// use makemore::nn::{Net, TrainOptions, TrainingSet};
    /// use makemore::data::Dataset;
    /// use ndarray::Array2;
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["ab"])?)?;
    /// let mut net = Net::from_weights(data.vocab().clone(), Array2::zeros((3, 3)))?;
    /// let mut seen = Vec::new();
    /// let options = TrainOptions { steps: 3, ..Default::default() };
    /// let history = net.train_with(&data, &options, |step, loss, w| seen.push((step, loss, w.to_owned())))?;
    /// assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), [0, 1, 2]);
    /// assert_eq!(seen[2].1, history.losses[2]);
    /// assert_eq!(seen[0].2, Array2::<f32>::zeros((3, 3))); // W before the first update
    /// assert_eq!(net.loss(&data, options.reg)?, history.final_loss); // W after the last
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn train_with(
        &mut self,
        data: &TrainingSet,
        options: &TrainOptions,
        on_step: impl FnMut(usize, f32, ArrayView2<'_, f32>),
    ) -> Result<History> {
        let options = options.check()?;
        self.check_data(data)?;
        let objective = Objective::new(self.kind, data, options.0.method, options.0.reg)?;
        descend(&mut self.w, &options, &objective, on_step)
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
/// losses before each update and the loss after the last, with `on_step(step, loss, W)` after
/// each step's loss. `W` (of the shape `objective` was prepared for) is left alone on a loss or
/// a weight that stops being finite ([`Error::Diverged`]).
fn descend(
    w: &mut Array2<f32>,
    Checked(options): &Checked,
    objective: &Objective,
    mut on_step: impl FnMut(usize, f32, ArrayView2<'_, f32>),
) -> Result<History> {
    let diverged = |step, value| Error::Diverged {
        step,
        value,
        lr: options.lr,
    };
    let mut next = w.clone();
    let mut losses = Vec::with_capacity(options.steps);
    for step in 0..options.steps {
        let (l, dw) = objective.evaluate(&next, true);
        let dw = dw.expect("the gradient when asked for it");
        if !l.is_finite() {
            return Err(diverged(step, l));
        }
        losses.push(l);
        on_step(step, l, next.view());
        next.scaled_add(-options.lr, &dw);
    }
    let final_loss = objective.evaluate(&next, false).0;
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
        let mut net = Net::new(data.vocab().clone(), Generator::ChaCha, 1);
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
