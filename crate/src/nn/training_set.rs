//! The training set of the neural bigram: every bigram of every item as a pair of indices, the
//! lecture's `xs` (inputs) and `ys` (labels).

use ndarray::Array2;

use crate::data::Dataset;
use crate::error::{Result, check_param};
use crate::vocab::Vocab;

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

/// Six names of the lecture, for the unit tests of the other files.
#[cfg(test)]
pub(super) fn small() -> TrainingSet {
    let words =
        Dataset::from_items(["emma", "olivia", "ava", "isabella", "sophia", "mia"]).unwrap();
    TrainingSet::from_dataset(&words).unwrap()
}
