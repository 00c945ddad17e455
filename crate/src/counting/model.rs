//! A model: for every context of K characters, the distribution of the next character.
//!
//! Every model of the lecture is such a table. The count model's rows are `(N + k) / rowsum`,
//! the uniform model's are `1/V` everywhere, and the neural net's are `softmax(W)` row by row.
//! With K = 1 the contexts are the characters themselves and the table is the lecture's `P`
//! (27 x 27 for names.txt): that model is the [`BigramModel`], the same type. Sampling
//! ([`crate::counting::sample`]) and scoring ([`crate::counting::loss`]) work on any model, whatever its K.
//!
//! A counted model keeps more than its table: its n-grams, the probability of each one seen and
//! each context's back-off weight (see [`crate::counting::kneser_ney`]), from which any row is
//! made when asked. Past [`crate::counting::DENSE_LIMIT`] that is all it keeps, so its memory
//! follows the n-grams seen, not `V^K` rows; and it is what an ARPA file holds
//! ([`crate::counting::arpa`]).
//!
//! ```
//! use makemore::{counting::{BigramModel, Model}, data::Dataset};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let bigram = BigramModel::fit(&words, 1, 1.0)?;
//! assert_eq!(bigram.probs()?.dim(), (27, 27));
//! let trigram = Model::fit(&words, 2, 1.0)?;
//! assert_eq!(trigram.probs()?.dim(), (729, 27));
//! # Ok::<(), makemore::Error>(())
//! ```

use std::sync::OnceLock;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, CowArray, Ix1};

use crate::counting::context::{ContextSpace, Map, Ngrams, Row};
use crate::counting::{Counts, DENSE_LIMIT, Smoothing, bigram, kneser_ney};
use crate::data::Dataset;
use crate::error::{Error, Result, check_param, check_row, check_shape};
use crate::vocab::Vocab;

/// A vocabulary with, for every context of K characters, the distribution of the next
/// character. A counted model is stored as its n-grams (the probability of each n-gram seen and
/// each context's back-off weight, as an ARPA file keeps them), with the whole `V^K x V` table
/// beside them when its counts are dense; a net's model is its table.
///
/// ```
/// use makemore::{counting::Model, vocab::Vocab};
///
/// let model = Model::uniform(Vocab::from_chars('a'..='z')?);
/// assert_eq!(model.probs()?[[3, 4]], 1.0 / 27.0);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Model {
    vocab: Vocab,
    space: ContextSpace,
    /// A counted model's n-grams (Kneser-Ney's at every context length, add-k's at K only).
    ngrams: Option<Ngrams>,
    /// The rows kept whole: a counted model's made from its n-grams the first time one is asked
    /// for (writing an ARPA file needs none).
    rows: OnceLock<Rows>,
}

/// Two models are equal if they give every context the same row: the same n-grams, or (for
/// tables of probabilities) the same table.
impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        let same =
            (&self.vocab, &self.space, &self.ngrams) == (&other.vocab, &other.space, &other.ngrams);
        same && (self.ngrams.is_some() || self.rows() == other.rows())
    }
}

/// The lecture's model: one character of context, the table `P`. The same type as [`Model`];
/// the name says what it is in notebooks 01-07.
pub type BigramModel = Model;

/// The rows a model keeps whole (a counted model's others are made from its n-grams when asked).
#[derive(Clone, Debug, PartialEq)]
enum Rows {
    /// Every context's, `V^K x V`: a net's softmax, the uniform model, a counted model whose
    /// counts are dense (the lecture's `P`).
    All(Array2<f32>),
    /// The contexts seen, at every length m = 0..=K (`index[m]`: each one's row number), for
    /// speed, when they fit in [`DENSE_LIMIT`] numbers: a context not seen takes the row of its
    /// longest suffix seen.
    Seen(Vec<Map<u64, usize>>, Array2<f32>),
    /// None: more than that.
    None,
}

impl Rows {
    /// A counted model's rows: every context's if `V^K x V` fits in [`DENSE_LIMIT`], else those of
    /// the contexts seen at K if they do.
    fn of(ngrams: &Ngrams, space: &ContextSpace) -> Rows {
        if space.fits(DENSE_LIMIT) {
            let all = (0..space.count).map(|c| (space.len, c));
            return Rows::All(table_of(ngrams, space.count as usize, all));
        }
        let seen: usize = ngrams.orders.iter().map(|order| order.len()).sum();
        if seen as u64 * space.size > DENSE_LIMIT {
            return Rows::None;
        }
        let mut contexts: Vec<(usize, u64)> = (ngrams.orders.iter().enumerate())
            .flat_map(|(m, order)| order.keys().map(move |&c| (m, c)))
            .collect();
        contexts.sort_unstable();
        let mut index = vec![Map::default(); space.len + 1];
        for (i, &(m, c)) in contexts.iter().enumerate() {
            index[m].insert(c, i);
        }
        Rows::Seen(index, table_of(ngrams, contexts.len(), contexts))
    }

    /// The row of `context`, if kept.
    fn get(&self, context: u64) -> Option<ArrayView1<'_, f32>> {
        match self {
            Rows::All(p) => Some(p.row(context as usize)),
            Rows::Seen(index, p) => (0..index.len()).rev().find_map(|m| {
                let suffix = context % (p.ncols() as u64).pow(m as u32);
                index[m].get(&suffix).map(|&i| p.row(i))
            }),
            Rows::None => None,
        }
    }
}

/// How far a row of a model's table may sum from 1 (f32 rounding of a softmax or a division).
const ROW_SUM_TOLERANCE: f32 = 1e-4;

/// One row of add-k probabilities: [`bigram::add_k`] of a table of one row.
fn add_k_row(counts: ArrayView1<u32>, k: f32) -> Array1<f32> {
    bigram::add_k(counts.insert_axis(Axis(0)), k).remove_axis(Axis(0))
}

impl Model {
    /// The count model of a data set with K = `context_len` characters of context and smoothing
    /// k (finite, >= 0): its vocabulary, its counts, `P = (N + k) / rowsum`.
    ///
    /// ```
    /// use makemore::{counting::BigramModel, data::Dataset};
    ///
    /// let model = BigramModel::fit(&Dataset::from_items(["ab", "ba", "a"])?, 1, 0.0)?;
    /// assert_eq!(model.probs()?.row(0).to_vec(), [0.0, 2.0 / 3.0, 1.0 / 3.0]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn fit(dataset: &Dataset, context_len: usize, smoothing: f32) -> Result<Self> {
        Self::from_counts(&Counts::from_dataset(dataset, context_len)?, smoothing)
    }

    /// The count model of counts already made, smoothed by add-k (a number k: `P[context] =
    /// (N[context] + k) / rowsum`, as [`bigram::probs`]) or by Kneser-Ney (see
    /// [`crate::counting::kneser_ney`]).
    ///
    /// Add-k: a context never seen gets the row of all-zero counts, which is uniform (exactly
    /// `1/V` without smoothing, `k / (V k)` with it). Kneser-Ney: each row interpolates the
    /// discounted counts with the row of the context one character shorter, down to the uniform
    /// distribution, and a context never seen takes the row of its longest suffix seen. Dense when
    /// the counts are, else only the rows seen are kept.
    ///
    /// ```
    /// use makemore::{counting::{Counts, Model, Smoothing}, vocab::Vocab};
    ///
    /// let counts = Counts::from_items(Vocab::from_chars("ab".chars())?, 2, ["ab"])?;
    /// let model = Model::from_counts(&counts, 0.0)?; // the same as Smoothing::AddK(0.0)
    /// assert_eq!(model.row(5)?.to_vec(), [1.0, 0.0, 0.0]); // "ab" -> '.'
    /// assert_eq!(model.row(8)?.to_vec(), [1.0 / 3.0; 3]); // "bb", never seen: uniform
    ///
    /// // "a": '.' -> 'a' and 'a' -> '.' once each; both characters end one context once, so
    /// // p(w) = (1 - 0.5) / 2 + (0.5 * 2 / 2) / 2 = 0.5 and after '.': p('a') = 0.5 + 0.5 * 0.5.
    /// let counts = Counts::from_items(Vocab::from_chars("a".chars())?, 1, ["a"])?;
    /// let kn = Model::from_counts(&counts, Smoothing::KneserNey(0.5))?;
    /// assert_eq!(kn.row(0)?.to_vec(), [0.25, 0.75]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_counts(counts: &Counts, smoothing: impl Into<Smoothing>) -> Result<Self> {
        let smoothing = smoothing.into();
        smoothing.check()?;
        if let Smoothing::AddK(k) = smoothing {
            // A row's sum, at most every count plus V k, must stay finite in f32.
            let largest = counts.total() as f64 + counts.vocab().len() as f64 * f64::from(k);
            let why = "too large: a row's sum of N + k would pass f32's largest number";
            check_param(
                largest <= f64::from(f32::MAX),
                "smoothing",
                format!("{k:?}"),
                why,
            )?;
        }
        let vocab = counts.vocab().clone();
        let space = ContextSpace::new(&vocab, counts.context_len())?;
        let ngrams = match smoothing {
            Smoothing::AddK(k) => add_k_ngrams(counts, k),
            kn => {
                let ngrams = kneser_ney::ngrams(counts, kn)?;
                check_smallest(&ngrams, kn)?;
                ngrams
            }
        };
        let rows = OnceLock::new();
        if let (Smoothing::AddK(k), Some(n)) = (smoothing, counts.dense()) {
            rows.get_or_init(|| Rows::All(bigram::add_k(n.view(), k))); // the lecture's P
        }
        Ok(Model {
            vocab,
            space,
            ngrams: Some(ngrams),
            rows,
        })
    }

    /// The bigram count model of the lecture's count matrix `N` (see [`crate::counting::bigram::probs`]
    /// for the smoothing and for rows that sum to zero).
    ///
    /// ```
    /// use makemore::{counting::{BigramModel, bigram}, vocab::Vocab};
    ///
    /// let vocab = Vocab::from_chars("ab".chars())?;
    /// let n = bigram::count_matrix(&vocab, ["ab"])?;
    /// let model = BigramModel::from_matrix(vocab, &n, 1.0)?;
    /// assert_eq!(model.probs()?[[0, 1]], 0.5); // (1 + 1) / (1 + 3)
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_matrix(vocab: Vocab, counts: &Array2<u32>, smoothing: f32) -> Result<Self> {
        Self::from_counts(&Counts::from_matrix(vocab, counts.clone())?, smoothing)
    }

    /// A counted model from its n-grams (e.g. read from an ARPA file), with the rows it keeps
    /// whole.
    pub(crate) fn from_ngrams(vocab: Vocab, context_len: usize, ngrams: Ngrams) -> Result<Self> {
        let space = ContextSpace::new(&vocab, context_len)?;
        Ok(Model {
            rows: OnceLock::new(),
            ngrams: Some(ngrams),
            vocab,
            space,
        })
    }

    /// A model from a dense table of probabilities (`V^K x V`), e.g. a neural net's softmax.
    /// Each row must be finite, non-negative and sum to 1 (within 1e-4).
    ///
    /// ```
    /// use makemore::{counting::Model, vocab::Vocab};
    /// use ndarray::{Array2, array};
    ///
    /// let vocab = Vocab::from_chars("a".chars())?;
    /// assert!(Model::from_probs(vocab.clone(), 1, array![[0.5, 0.5], [0.1, 0.9]]).is_ok());
    /// assert!(Model::from_probs(vocab.clone(), 1, array![[0.5, 0.6], [0.1, 0.9]]).is_err());
    /// assert!(Model::from_probs(vocab.clone(), 2, Array2::from_elem((4, 2), 0.5)).is_ok());
    /// assert!(Model::from_probs(vocab, 2, Array2::from_elem((2, 2), 0.5)).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_probs(vocab: Vocab, context_len: usize, probs: Array2<f32>) -> Result<Self> {
        let space = ContextSpace::new(&vocab, context_len)?;
        let rows = usize::try_from(space.count).unwrap_or(usize::MAX);
        check_shape("probability table", (rows, vocab.len()), probs.dim())?;
        check_prob_rows(probs.view())?;
        Ok(Model {
            vocab,
            space,
            ngrams: None,
            rows: Rows::All(probs).into(),
        })
    }

    /// The model that knows nothing: every next character equally likely (K = 1).
    ///
    /// ```
    /// use makemore::{counting::BigramModel, vocab::Vocab};
    ///
    /// let model = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
    /// assert!(model.probs()?.iter().all(|&p| p == 1.0 / 3.0));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn uniform(vocab: Vocab) -> Self {
        let v = vocab.len();
        Model {
            space: ContextSpace::new(&vocab, 1).expect("one character of context is in range"),
            ngrams: None,
            rows: Rows::All(Array2::from_elem((v, v), 1.0 / v as f32)).into(),
            vocab,
        }
    }

    /// The vocabulary.
    ///
    /// ```
    /// # use makemore::{counting::BigramModel, vocab::Vocab};
    /// let model = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
    /// assert_eq!(model.vocab().to_string(), ".ab");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// K, the number of characters of context (1 for the bigram).
    pub fn context_len(&self) -> usize {
        self.space.len
    }

    /// The whole table `P` (`V^K x V`: row = context, column = next character), or an error
    /// for a model too large to hold densely (only the rows seen are kept: see [`Model::row`]).
    ///
    /// ```
    /// # use makemore::{counting::BigramModel, vocab::Vocab};
    /// let model = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
    /// assert_eq!(model.probs()?.dim(), (3, 3));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn probs(&self) -> Result<ArrayView2<'_, f32>> {
        let all = self.ngrams.is_none() || self.space.fits(DENSE_LIMIT);
        match all.then(|| self.rows()) {
            Some(Rows::All(p)) => Ok(p.view()),
            _ => Err(Error::invalid(
                "context length",
                self.context_len(),
                format!(
                    "this model keeps only the rows of the contexts seen ({}^{} contexts are too \
                     many for a dense table); ask for one row with Model::row",
                    self.vocab.len(),
                    self.context_len()
                ),
            )),
        }
    }

    /// The distribution of the character after `context` (the lecture's `P[ix]`); a context
    /// `>= V^K` is an error.
    ///
    /// ```
    /// # use makemore::{counting::BigramModel, vocab::Vocab};
    /// let model = BigramModel::uniform(Vocab::from_chars("ab".chars())?);
    /// assert_eq!(model.row(2)?.to_vec(), [1.0 / 3.0; 3]);
    /// assert!(model.row(3).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn row(&self, context: u64) -> Result<CowArray<'_, f32, Ix1>> {
        self.space.check(context)?;
        Ok(self.row_of(context))
    }

    /// The row of a context known to be below `V^K`: a view of the table, or made from the
    /// n-grams.
    pub(crate) fn row_of(&self, context: u64) -> CowArray<'_, f32, Ix1> {
        match (self.rows().get(context), &self.ngrams) {
            (Some(row), _) => row.into(),
            (None, Some(ngrams)) => {
                let row = ngrams.row(context, self.space.len + 1);
                row.mapv(|p| p as f32).into()
            }
            (None, None) => unreachable!("a model without n-grams keeps every row"),
        }
    }

    /// `p(next | context)` for a context below `V^K` and a character of the vocabulary.
    pub(crate) fn prob_of(&self, context: u64, next: usize) -> f32 {
        // From the rows if they are made (a look-up), else from the n-grams (no need to make
        // them for a few thousand scores).
        let kept = match &self.ngrams {
            Some(_) => self.rows.get().and_then(|rows| rows.get(context)),
            None => self.rows().get(context),
        };
        match (kept, &self.ngrams) {
            (Some(row), _) => row[next],
            (None, Some(ngrams)) => ngrams.prob_below(context, self.space.len + 1, next) as f32,
            (None, None) => unreachable!("a model without n-grams keeps every row"),
        }
    }

    /// The rows kept whole, made the first time (see [`Rows::of`]).
    fn rows(&self) -> &Rows {
        self.rows.get_or_init(|| match &self.ngrams {
            Some(ngrams) => Rows::of(ngrams, &self.space),
            None => unreachable!("a table of probabilities is made with its rows"),
        })
    }

    /// A counted model's n-grams (`None` for a table of probabilities, e.g. a net's).
    pub(crate) fn ngrams(&self) -> Option<&Ngrams> {
        self.ngrams.as_ref()
    }

    pub(crate) fn space(&self) -> &ContextSpace {
        &self.space
    }
}

/// Add-k's model stored as its n-grams: for each context seen, the probability `(N + k) /
/// rowsum` of each character seen after it, and as its back-off weight what an unseen one gets,
/// `k / rowsum`, divided by `floor`; below, `floor`, what a context never seen gives every
/// character (the row of no counts: `1/V`).
fn add_k_ngrams(counts: &Counts, k: f32) -> Ngrams {
    let v = counts.vocab().len();
    let floor = f64::from(add_k_row(Array1::zeros(v).view(), k)[0]);
    let rows = counts.seen().map(|(context, row)| {
        let p = add_k_row(row.view(), k);
        let zero = row.iter().position(|&c| c == 0);
        let seen = (row.iter().zip(0..))
            .filter(|(c, _)| **c > 0)
            .map(|(_, next)| (next, f64::from(p[next as usize])))
            .collect();
        // Times `floor`, the weight gives back `k / rowsum` exactly in f32.
        let backoff = zero.map_or(1.0, |j| f64::from(p[j]) / floor);
        (context, Row { seen, backoff })
    });
    let mut orders = vec![Map::default(); counts.context_len()];
    orders.push(rows.collect());
    Ngrams {
        orders,
        floor,
        size: v as u64,
    }
}

/// The rows of `n` contexts (each its length m and number) of a model stored as its n-grams, in
/// f32.
fn table_of(
    ngrams: &Ngrams,
    n: usize,
    contexts: impl IntoIterator<Item = (usize, u64)>,
) -> Array2<f32> {
    let mut p = Array2::zeros((n, ngrams.size as usize));
    for ((m, context), mut out) in contexts.into_iter().zip(p.outer_iter_mut()) {
        let row = ngrams.row(context, m + 1);
        out.assign(&row.mapv(|p| p as f32));
    }
    p
}

/// No probability of Kneser-Ney is 0 (every discount is > 0); none may round to 0 in f32, or an
/// [`Error::InvalidParameter`] named "smoothing". A bound from below first (each order's
/// smallest is at least the smaller of its rows' smallest seen and their weight times the order
/// below's), and only if that rounds to 0 every row.
fn check_smallest(ngrams: &Ngrams, smoothing: Smoothing) -> Result<()> {
    let mut bound = ngrams.floor;
    for order in &ngrams.orders {
        let below = bound;
        for row in order.values() {
            bound = (row.seen.iter()).fold(bound.min(row.backoff * below), |b, s| b.min(s.1));
        }
    }
    if bound as f32 > 0.0 {
        return Ok(());
    }
    let rows = ngrams.orders.iter().enumerate();
    let rows = rows.flat_map(|(m, order)| order.keys().map(move |&c| ngrams.row(c, m + 1)));
    let smallest = rows.flatten().fold(f64::INFINITY, f64::min);
    let why = format!(
        "gives probabilities as small as {smallest:.1e}, which are 0 in f32: take a larger discount"
    );
    check_param(smallest as f32 > 0.0, "smoothing", smoothing, &why)
}

/// Every row of a probability table can be sampled from and sums to 1 (within
/// `ROW_SUM_TOLERANCE`); otherwise an [`Error::InvalidProbabilities`] naming the row.
fn check_prob_rows(probs: ArrayView2<f32>) -> Result<()> {
    for (i, row) in probs.outer_iter().enumerate() {
        check_row(row).map_err(|reason| Error::InvalidProbabilities {
            reason: format!("row {i}: {reason}"),
        })?;
        let sum = row.sum();
        if (sum - 1.0).abs() > ROW_SUM_TOLERANCE {
            return Err(Error::InvalidProbabilities {
                reason: format!("row {i} sums to {sum}, not 1"),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn from_probs_checks_shape_and_rows() {
        let vocab = Vocab::from_chars("a".chars()).unwrap();
        assert!(matches!(
            Model::from_probs(vocab.clone(), 1, Array2::from_elem((3, 3), 1.0 / 3.0)),
            Err(Error::Shape { .. })
        ));
        for bad in [
            array![[f32::NAN, 1.0], [0.5, 0.5]],
            array![[-0.5, 1.5], [0.5, 0.5]],
            array![[0.0, 0.0], [0.5, 0.5]],
        ] {
            assert!(matches!(
                Model::from_probs(vocab.clone(), 1, bad),
                Err(Error::InvalidProbabilities { .. })
            ));
        }
    }

    #[test]
    fn from_matrix_checks_the_shape_against_the_vocabulary() {
        let vocab = Vocab::from_chars("ab".chars()).unwrap();
        let err = Model::from_matrix(vocab, &Array2::zeros((2, 2)), 1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "count matrix has shape (2, 2), expected (3, 3)"
        );
    }

    #[test]
    fn sparse_models_refuse_the_whole_table_and_give_rows() {
        let vocab = Vocab::from_chars('a'..='z').unwrap();
        let model = Model::from_counts(&Counts::from_items(vocab, 5, ["emma"]).unwrap(), 1.0);
        let model = model.unwrap();
        assert!(model.probs().is_err());
        assert!((model.row(0).unwrap().sum() - 1.0).abs() < 1e-6);
    }

    /// The rows kept whole (every context seen, at every length) are the rows the n-grams make,
    /// for contexts seen and not seen at K, add-k and Kneser-Ney.
    #[test]
    fn the_rows_kept_are_the_rows_the_ngrams_make() {
        let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"));
        let counts = Counts::from_dataset(&words.unwrap(), 5).unwrap();
        for smoothing in [Smoothing::ModifiedKneserNey, Smoothing::AddK(0.5)] {
            let model = Model::from_counts(&counts, smoothing).unwrap();
            let ngrams = model.ngrams().unwrap();
            for context in (0..counts.num_contexts())
                .step_by(7919)
                .chain(counts.seen().map(|s| s.0))
            {
                let made = ngrams.row(context, 6).mapv(|p| p as f32);
                assert_eq!(model.row(context).unwrap(), made, "{smoothing}, {context}");
            }
            assert!(matches!(model.rows(), Rows::Seen(..)), "{smoothing}");
        }
    }

    #[test]
    fn parameters_whose_rows_would_hold_a_zero_or_infinity_are_refused() {
        let counts = Counts::from_dataset(&Dataset::from_items(["ab", "ba", "a"]).unwrap(), 1);
        let counts = counts.unwrap();
        let refused = |smoothing: Smoothing| {
            let err = Model::from_counts(&counts, smoothing).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidParameter {
                        name: "smoothing",
                        ..
                    }
                ),
                "{err}"
            );
            err.to_string()
        };
        // 'b' is never followed by 'b': a discount of 1e-300 leaves it about 1e-300.
        assert!(refused(Smoothing::KneserNey(1e-300)).contains("take a larger discount"));
        let tiny = Model::from_counts(&counts, Smoothing::KneserNey(1e-20)).unwrap();
        assert!(tiny.probs().unwrap().iter().all(|&p| p > 0.0));
        // (N + k) / rowsum with k = 2e38: the sum over 3 characters passes f32::MAX (3.4e38).
        assert!(refused(Smoothing::AddK(2e38)).contains("too large"));
        let large = Model::from_counts(&counts, 1e37).unwrap();
        assert!(
            large
                .probs()
                .unwrap()
                .iter()
                .all(|&p| p.is_finite() && p > 0.0)
        );
    }
}
