//! Splitting a data set into training, validation and test parts, with a seeded shuffle: the
//! crate's own ([`Dataset::split`]) or the lecture series' ([`Dataset::split_lectures`]).

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::dataset::Dataset;
use crate::error::{Result, check_param};
use crate::rng::PythonRandom;

/// The seed of [`Dataset::split`] used for held-out evaluation unless told otherwise (the
/// command-line tool's `--split-seed` default).
pub const DEFAULT_SPLIT_SEED: u64 = 42;

/// The seed of the lecture series' split, `random.seed(42)`, for [`Dataset::split_lectures`].
///
/// ```
/// use makemore::data::LECTURES_SPLIT_SEED;
///
/// let split = makemore::data::Dataset::from_items(["a", "b", "c", "d", "e", "f"])?
///     .split_lectures(LECTURES_SPLIT_SEED)?;
/// assert_eq!((split.train.len(), split.val.len(), split.test.len()), (4, 1, 1));
/// # Ok::<(), makemore::Error>(())
/// ```
pub const LECTURES_SPLIT_SEED: u64 = 42;

impl Dataset {
    /// A seeded shuffle of the items split 80% / 10% / 10% into training, validation and test
    /// sets (the sizes are `n * 8 / 10`, `n / 10` and the rest). The same seed gives the same
    /// split on every machine. Needs at least 3 items so that no part is empty.
    ///
    /// ```
    /// let words = makemore::data::Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
    /// let split = words.split(42)?;
    /// assert_eq!((split.train.len(), split.val.len(), split.test.len()), (25626, 3203, 3204));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn split(&self, seed: u64) -> Result<Split> {
        let n = self.len();
        check_param(n >= 3, "data set size", n, "a split needs at least 3 items")?;
        let mut items = self.items().to_vec();
        items.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
        let n_val = (n / 10).max(1);
        let n_test = (n - n * 8 / 10 - n / 10).max(1);
        let n_train = n - n_val - n_test;
        Ok(self.cut(items, n_train, n_train + n_val))
    }

    /// The split of the lecture series' later parts, bit for bit: Python's
    /// `random.seed(seed); random.shuffle(words)`, then `n1 = int(0.8 * n)`, `n2 = int(0.9 * n)`
    /// and train, val, test = `words[:n1]`, `words[n1:n2]`, `words[n2:]`. The lectures use
    /// [`LECTURES_SPLIT_SEED`]. Needs at least 6 items: with fewer, the cut leaves a part empty.
    ///
    /// ```
    /// use makemore::data::LECTURES_SPLIT_SEED;
    ///
    /// let words = makemore::data::Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
    /// let split = words.split_lectures(LECTURES_SPLIT_SEED)?;
    /// assert_eq!((split.train.len(), split.val.len(), split.test.len()), (25626, 3203, 3204));
    /// assert_eq!(&split.train.items()[..3], ["yuheng", "diondre", "xavien"]);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn split_lectures(&self, seed: u64) -> Result<Split> {
        let n = self.len();
        let (n1, n2) = lectures_cut(n);
        let reason =
            "the lectures' cut int(0.8 * n), int(0.9 * n) leaves a part empty below 6 items";
        check_param(0 < n1 && n1 < n2 && n2 < n, "data set size", n, reason)?;
        let mut items = self.items().to_vec();
        PythonRandom::new(seed).shuffle(&mut items);
        Ok(self.cut(items, n1, n2))
    }

    /// The split made by `method` with `seed`: [`Dataset::split`] or [`Dataset::split_lectures`].
    ///
    /// ```
    /// use makemore::data::SplitMethod;
    ///
    /// let words = makemore::data::Dataset::from_items(["a", "b", "c", "d", "e", "f"])?;
    /// let lectures = words.split_with(SplitMethod::Lectures, 42)?;
    /// assert_eq!(lectures.train.items(), words.split_lectures(42)?.train.items());
    /// let ours = words.split_with(SplitMethod::ChaCha, 42)?;
    /// assert_eq!(ours.train.items(), words.split(42)?.train.items());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn split_with(&self, method: SplitMethod, seed: u64) -> Result<Split> {
        match method {
            SplitMethod::ChaCha => self.split(seed),
            SplitMethod::Lectures => self.split_lectures(seed),
        }
    }

    /// `items[..n1]`, `items[n1..n2]` and `items[n2..]` as the parts of a split of `self`.
    fn cut(&self, mut items: Vec<String>, n1: usize, n2: usize) -> Split {
        let test = items.split_off(n2);
        let val = items.split_off(n1);
        let part = |name: &str, items: Vec<String>| Dataset {
            origin: format!("{} ({name})", self.origin),
            items,
            boundary: self.boundary,
        };
        Split {
            train: part("train", items),
            val: part("val", val),
            test: part("test", test),
        }
    }
}

/// Python's `int(0.8 * n)` and `int(0.9 * n)`: the float products, truncated.
fn lectures_cut(n: usize) -> (usize, usize) {
    ((0.8 * n as f64) as usize, (0.9 * n as f64) as usize)
}

/// The three parts of [`Dataset::split`] or [`Dataset::split_lectures`], or something of each
/// part: `Split<Nll>` is a model's loss on each ([`crate::counting::loss::evaluate_split`]).
///
/// ```
/// let words = makemore::data::Dataset::from_items(["a", "b", "c", "d", "e"])?;
/// let split = words.split(1)?;
/// assert_eq!(split.train.len() + split.val.len() + split.test.len(), 5);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Split<T = Dataset> {
    /// About 80% of the items, to fit the model on.
    pub train: T,
    /// About 10%, to tune settings on.
    pub val: T,
    /// About 10%, to report the final loss on.
    pub test: T,
}

impl<T> Split<T> {
    /// One of the three parts.
    ///
    /// ```
    /// use makemore::data::Part;
    ///
    /// let split = makemore::data::Dataset::from_items(["a", "b", "c", "d", "e"])?.split(1)?;
    /// assert_eq!(split.part(Part::Val).len(), split.val.len());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn part(&self, part: Part) -> &T {
        match part {
            Part::Train => &self.train,
            Part::Val => &self.val,
            Part::Test => &self.test,
        }
    }
}

/// How a data set is shuffled and cut into a [`Split`]'s parts.
///
/// ```
/// use makemore::data::SplitMethod;
///
/// assert_eq!(SplitMethod::Lectures.name(), "lectures");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum SplitMethod {
    /// The crate's: ChaCha8 seeded with the seed ([`Dataset::split`]).
    #[default]
    #[cfg_attr(feature = "cli", value(name = "chacha"))]
    ChaCha,
    /// The lecture series': Python's `random.seed(seed); random.shuffle` and its cut
    /// ([`Dataset::split_lectures`]).
    Lectures,
}

impl SplitMethod {
    /// The method's name: `chacha` or `lectures`.
    pub fn name(self) -> &'static str {
        match self {
            SplitMethod::ChaCha => "chacha",
            SplitMethod::Lectures => "lectures",
        }
    }
}

/// A part of a [`Split`].
///
/// ```
/// use makemore::data::Part;
///
/// assert_eq!(Part::Val.name(), "val");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Part {
    /// The training part (80%).
    Train,
    /// The validation part (10%).
    Val,
    /// The test part (10%).
    Test,
}

impl Part {
    /// The part's name: `train`, `val` or `test`.
    pub fn name(self) -> &'static str {
        match self {
            Part::Train => "train",
            Part::Val => "val",
            Part::Test => "test",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::lectures_cut;
    use crate::data::Dataset;

    #[test]
    fn the_lectures_cut_leaves_no_part_empty_from_6_items_on() {
        for n in 0..=1_000_000 {
            let (n1, n2) = lectures_cut(n);
            assert_eq!(0 < n1 && n1 < n2 && n2 < n, n >= 6, "n = {n}");
        }
        let five = Dataset::from_items(["a", "b", "c", "d", "e"]).unwrap();
        let err = five.split_lectures(42).unwrap_err().to_string();
        assert!(
            err.contains("data set size = 5") && err.contains("below 6 items"),
            "{err}"
        );
    }
}
