//! The training set: every example of every item as a pair of indices, the lecture's `xs`
//! (inputs) and `ys` (labels). For the lecture's bigram net an input is one character; with K
//! characters of context it is the context's index (see [`crate::counting::context`]).

use crate::counting::context::ContextSpace;
use crate::data::Dataset;
use crate::error::{Result, check_param};
use crate::vocab::Vocab;

/// The training set: every example of every item as a pair of indices, `xs[i]` (the context:
/// at K = 1 the current character) followed by `ys[i]` (the next character), in item order, with
/// the vocabulary they index and K.
///
/// ```
/// use makemore::{nn::TrainingSet, vocab::Vocab};
///
/// let vocab = Vocab::from_chars('a'..='z')?;
/// let data = TrainingSet::new(&vocab, ["emma"])?;
/// assert_eq!(data.xs(), [0, 5, 13, 13, 1]);
/// assert_eq!(data.ys(), [5, 13, 13, 1, 0]);
/// let trigrams = TrainingSet::with_context(&vocab, 2, ["emma"])?;
/// assert_eq!(trigrams.xs(), [0, 5, 5 * 27 + 13, 13 * 27 + 13, 13 * 27 + 1]); // .. .e em mm ma
/// assert_eq!(trigrams.ys(), data.ys());
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrainingSet {
    vocab: Vocab,
    context_len: usize,
    xs: Vec<usize>,
    ys: Vec<usize>,
}

impl TrainingSet {
    /// The pairs of the items' bigrams (with the start/end token '.' at index 0 on both sides).
    /// A character outside the vocabulary or a '.' inside an item is an error naming the item;
    /// so are no items at all.
    ///
    /// ```
    /// use makemore::{nn::TrainingSet, vocab::Vocab};
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
        Self::with_context(vocab, 1, items)
    }

    /// The examples of the items with K = `context_len` characters of context (makemore part
    /// 2's convention: each item starts with K '.'s, and each of its characters and then the
    /// closing '.' is one example), as [`TrainingSet::new`] checks them; K as for
    /// [`crate::counting::context::num_contexts`].
    ///
    /// This is makemore part 2's loop `context = [0] * block_size; for ch in w + '.': ix =
    /// stoi[ch]; X.append(context); Y.append(ix); context = context[1:] + [ix]`, with each context
    /// kept as one number (its K tokens in base V, the oldest most significant).
    ///
    /// ```
    /// use makemore::{nn::TrainingSet, vocab::Vocab};
    ///
    /// let vocab = Vocab::from_chars('a'..='z')?;
    /// assert_eq!(TrainingSet::with_context(&vocab, 3, ["emma", "ava"])?.len(), 9);
    /// assert!(TrainingSet::with_context(&vocab, 9, ["emma"]).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn with_context<I>(vocab: &Vocab, context_len: usize, items: I) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let space = ContextSpace::new(vocab, context_len)?;
        check_param(
            usize::try_from(space.count).is_ok(),
            "context length",
            context_len,
            "V^K contexts must fit in a usize",
        )?;
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        for item in items {
            space.for_each(vocab, item.as_ref(), |e| {
                xs.push(e.context as usize);
                ys.push(e.next);
            })?;
        }
        check_param(
            !xs.is_empty(),
            "items",
            "none",
            "at least one item is needed",
        )?;
        Ok(TrainingSet {
            vocab: vocab.clone(),
            context_len,
            xs,
            ys,
        })
    }

    /// The pairs of a data set, indexed by the data set's own vocabulary.
    ///
    /// ```
    /// use makemore::{data::Dataset, nn::TrainingSet};
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["emma", "ava"])?)?;
    /// assert_eq!(data.vocab().to_string(), ".aemv");
    /// assert_eq!(data.len(), 9);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_dataset(dataset: &Dataset) -> Result<Self> {
        Self::new(
            &Vocab::from_dataset_with(dataset, dataset.boundary())?,
            dataset.items(),
        )
    }

    /// The vocabulary the indices refer to.
    ///
    /// ```
    /// # use makemore::{nn::TrainingSet, vocab::Vocab};
    /// let data = TrainingSet::new(&Vocab::from_chars("ab".chars())?, ["ab"])?;
    /// assert_eq!(data.vocab().len(), 3);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// K, the number of characters of context of each input (1 for the lecture's bigrams).
    ///
    /// ```
    /// # use makemore::{nn::TrainingSet, vocab::Vocab};
    /// let data = TrainingSet::new(&Vocab::from_chars("ab".chars())?, ["ab"])?;
    /// assert_eq!(data.context_len(), 1);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn context_len(&self) -> usize {
        self.context_len
    }

    /// The inputs: the index of the first character of each bigram (of the context, with K > 1).
    ///
    /// ```
    /// # use makemore::{nn::TrainingSet, vocab::Vocab};
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
    /// # use makemore::{nn::TrainingSet, vocab::Vocab};
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
    /// # use makemore::{nn::TrainingSet, vocab::Vocab};
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
    /// # use makemore::{nn::TrainingSet, vocab::Vocab};
    /// assert!(!TrainingSet::new(&Vocab::from_chars("a".chars())?, [""])?.is_empty());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.xs.is_empty()
    }
}

/// Six names of the lecture, for the unit tests of the other files.
#[cfg(test)]
pub(super) fn small() -> TrainingSet {
    let words =
        Dataset::from_items(["emma", "olivia", "ava", "isabella", "sophia", "mia"]).unwrap();
    TrainingSet::from_dataset(&words).unwrap()
}
