//! Splitting a data set into training, validation and test parts, with a seeded shuffle.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::dataset::Dataset;
use crate::error::Result;

/// The seed of [`Dataset::split`] used for held-out evaluation unless told otherwise (the
/// command-line tool's `--split-seed` default).
pub const DEFAULT_SPLIT_SEED: u64 = 42;

impl Dataset {
    /// A seeded shuffle of the items split 80% / 10% / 10% into training, validation and test
    /// sets (the sizes are `n * 8 / 10`, `n / 10` and the rest). The same seed gives the same
    /// split on every machine. Needs at least 3 items so that no part is empty.
    ///
    /// ```
    /// let words = makemore::Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
    /// let split = words.split(42)?;
    /// assert_eq!((split.train.len(), split.val.len(), split.test.len()), (25626, 3203, 3204));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn split(&self, seed: u64) -> Result<Split> {
        let n = self.len();
        crate::error::check_param(n >= 3, "data set size", n, "a split needs at least 3 items")?;
        let mut items = self.items().to_vec();
        items.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
        let n_val = (n / 10).max(1);
        let n_test = (n - n * 8 / 10 - n / 10).max(1);
        let n_train = n - n_val - n_test;
        let test = items.split_off(n_train + n_val);
        let val = items.split_off(n_train);
        let part = |name: &str, items: Vec<String>| Dataset {
            origin: format!("{} ({name})", self.origin),
            items,
        };
        Ok(Split {
            train: part("train", items),
            val: part("val", val),
            test: part("test", test),
        })
    }
}

/// The three parts of [`Dataset::split`].
///
/// ```
/// let words = makemore::Dataset::from_items(["a", "b", "c", "d", "e"])?;
/// let split = words.split(1)?;
/// assert_eq!(split.train.len() + split.val.len() + split.test.len(), 5);
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Split {
    /// About 80% of the items, to fit the model on.
    pub train: Dataset,
    /// About 10%, to tune settings on.
    pub val: Dataset,
    /// About 10%, to report the final loss on.
    pub test: Dataset,
}

impl Split {
    /// One of the three parts.
    ///
    /// ```
    /// use makemore::data::Part;
    ///
    /// let split = makemore::Dataset::from_items(["a", "b", "c", "d", "e"])?.split(1)?;
    /// assert_eq!(split.part(Part::Val).len(), split.val.len());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn part(&self, part: Part) -> &Dataset {
        match part {
            Part::Train => &self.train,
            Part::Val => &self.val,
            Part::Test => &self.test,
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
