//! Bigrams and their counts: the dictionary, the count matrix `N`, and the probabilities `P`.
//!
//! Every item is wrapped in the start/end token, so "emma" holds five bigrams:
//! `.e em mm ma a.`. Counting them over the data set first in a dictionary, then in a
//! vocabulary x vocabulary array, is the whole "training" of the count model. Dividing each row
//! by its sum turns counts into the probabilities of the next character.
//!
//! ```
//! use makemore::{counting::bigram, data::Dataset, vocab::Vocab};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let vocab = Vocab::from_dataset(&words);
//! let counts = bigram::count_matrix(&vocab, words.items())?;
//! assert_eq!(counts[[1, 14]], 5438); // "an"
//! assert_eq!(counts.sum(), 228146);
//! let probs = bigram::probs(&counts, 0.0)?;
//! assert!((probs.row(0).sum() - 1.0).abs() < 1e-6);
//! # Ok::<(), makemore::Error>(())
//! ```

use std::collections::HashMap;
use std::iter::once;

use ndarray::{Array2, ArrayView2, Axis};

use crate::error::{Error, Result, check_shape, check_smoothing};
use crate::vocab::{BOUNDARY, Vocab};

/// The bigrams of one item, with the start/end token on both sides.
///
/// This is the lecture's `zip(chs, chs[1:])` with `chs = ['.'] + list(w) + ['.']`.
///
/// ```
/// let pairs: Vec<(char, char)> = makemore::counting::bigram::bigrams("emma").collect();
/// assert_eq!(pairs, [('.', 'e'), ('e', 'm'), ('m', 'm'), ('m', 'a'), ('a', '.')]);
/// ```
pub fn bigrams(item: &str) -> impl Iterator<Item = (char, char)> + Clone + '_ {
    let chs = once(BOUNDARY).chain(item.chars()).chain(once(BOUNDARY));
    chs.clone().zip(chs.skip(1))
}

/// Counts every bigram of every item in a dictionary (the lecture's `b = {}`).
///
/// ```
/// let counts = makemore::counting::bigram::count_dict(["emma", "ava"]);
/// assert_eq!(counts[&('a', '.')], 2);
/// assert_eq!(counts[&('m', 'm')], 1);
/// assert_eq!(counts.values().sum::<usize>(), 9);
/// ```
pub fn count_dict<I>(items: I) -> HashMap<(char, char), usize>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut counts = HashMap::new();
    for item in items {
        for bigram in bigrams(item.as_ref()) {
            *counts.entry(bigram).or_insert(0) += 1;
        }
    }
    counts
}

/// The dictionary's entries from most to least common; ties in bigram order, so the result is
/// the same on every run (a `HashMap` alone iterates in a random order).
///
/// ```
/// use makemore::counting::bigram::{count_dict, most_common};
///
/// let top = most_common(&count_dict(["emma", "ava", "anna"]));
/// assert_eq!(top[0], (('a', '.'), 3));
/// assert_eq!(top[1], (('.', 'a'), 2));
/// ```
pub fn most_common(counts: &HashMap<(char, char), usize>) -> Vec<((char, char), usize)> {
    let mut entries: Vec<_> = counts.iter().map(|(&k, &v)| (k, v)).collect();
    entries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    entries
}

/// The count matrix `N`: `N[[i, j]]` is how often character `j` follows character `i`.
///
/// One pass over the data, no allocation per bigram. A character outside the vocabulary or its
/// start/end token ('.') inside an item is an error naming the item.
///
/// ```
/// use makemore::{counting::bigram, vocab::Vocab};
///
/// let vocab = Vocab::from_chars("aem".chars())?; // . a e m
/// let n = bigram::count_matrix(&vocab, ["emma"])?;
/// assert_eq!(n[[0, 2]], 1); // .e
/// assert_eq!(n[[3, 3]], 1); // mm
/// assert_eq!(n.sum(), 5);
/// assert!(bigram::count_matrix(&vocab, ["bob"]).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn count_matrix<I>(vocab: &Vocab, items: I) -> Result<Array2<u32>>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    let mut counts = Array2::<u32>::zeros((vocab.len(), vocab.len()));
    for item in items {
        let item = item.as_ref();
        let mut prev = 0;
        for ch in item.chars() {
            let ix = vocab.check_char(ch, item)?;
            counts[[prev, ix]] += 1;
            prev = ix;
        }
        counts[[prev, 0]] += 1;
    }
    Ok(counts)
}

/// The rows of `N + smoothing` summed, as a column (shape `(V, 1)`): the lecture's
/// `P.sum(1, keepdims=True)`.
///
/// ```
/// use ndarray::array;
///
/// let sums = makemore::counting::bigram::row_sums(&array![[1, 2], [3, 4]], 1.0)?;
/// assert_eq!(sums, array![[5.0], [9.0]]);
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn row_sums(counts: &Array2<u32>, smoothing: f32) -> Result<Array2<f32>> {
    check_smoothing(smoothing)?;
    Ok(keepdim_sums(&smoothed(counts.view(), smoothing)))
}

fn smoothed(counts: ArrayView2<u32>, smoothing: f32) -> Array2<f32> {
    counts.mapv(|c| c as f32 + smoothing)
}

/// `P.sum(1, keepdims=True)`: the rows summed, as a column.
fn keepdim_sums(n: &Array2<f32>) -> Array2<f32> {
    n.sum_axis(Axis(1)).insert_axis(Axis(1))
}

/// The probabilities `P = (N + smoothing) / rowsum`, each row the distribution of the next
/// character, computed in f32 by broadcasting `(V, V) / (V, 1)` (the keepdim form).
///
/// `smoothing` (k >= 0) is added to every count first: with k = 1 (the lecture's "+1 smoothing") no
/// bigram has probability zero. A row whose sum is zero (a character that is never followed by
/// anything, only possible with k = 0) would be 0/0 = NaN; instead it becomes the uniform
/// distribution `1/V`, which is also the limit of `P` as k goes to 0 from above. So every row of
/// `P` sums to 1 and no NaN ever appears. [`crate::counting::Model::from_counts`] makes its add-k
/// rows, for any K, with this same arithmetic.
///
/// ```
/// use ndarray::array;
///
/// let p = makemore::counting::bigram::probs(&array![[1, 3], [0, 0]], 0.0)?;
/// assert_eq!(p, array![[0.25, 0.75], [0.5, 0.5]]); // the empty row is uniform
/// let p1 = makemore::counting::bigram::probs(&array![[1, 3], [0, 0]], 1.0)?;
/// assert_eq!(p1.row(0).to_vec(), [2.0 / 6.0, 4.0 / 6.0]);
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn probs(counts: &Array2<u32>, smoothing: f32) -> Result<Array2<f32>> {
    check_square(counts)?;
    check_smoothing(smoothing)?;
    Ok(add_k(counts.view(), smoothing))
}

/// Add-k, the one place: `(N + k) / rowsum` for a table of any number of rows (a row per
/// context), a row of zero sum uniform. `k` is already checked.
pub(crate) fn add_k(counts: ArrayView2<u32>, smoothing: f32) -> Array2<f32> {
    let n = smoothed(counts, smoothing);
    let sums = keepdim_sums(&n);
    let mut p = n / &sums;
    let uniform = 1.0 / counts.ncols() as f32;
    for (mut row, sum) in p.outer_iter_mut().zip(sums.iter()) {
        if *sum == 0.0 {
            row.fill(uniform);
        }
    }
    p
}

/// The division the lecture warns about: `(N + smoothing) / rowsum` with the row sums as a plain
/// vector of shape `(V,)` instead of a column `(V, 1)`.
///
/// Broadcasting lines shapes up from the right, so `(V,)` is read as a row `(1, V)`: element
/// `[i, j]` is divided by the sum of row `j`, not row `i`. Nothing complains, in ndarray as in
/// torch; the rows of the result simply do not sum to 1 (row 0 of names.txt sums to about 7).
/// Exposed only so the notebooks can show the bug. A zero row sum is an error here, since the
/// broadcast would divide other rows' entries by it.
///
/// ```
/// use makemore::{counting::bigram, data::Dataset, vocab::Vocab};
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let counts = bigram::count_matrix(&Vocab::from_dataset(&words), words.items())?;
/// let wrong = bigram::probs_without_keepdim(&counts, 1.0)?;
/// let row0 = wrong.row(0).sum();
/// assert!((row0 - 7.0).abs() < 0.1, "{row0}");
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn probs_without_keepdim(counts: &Array2<u32>, smoothing: f32) -> Result<Array2<f32>> {
    check_square(counts)?;
    check_smoothing(smoothing)?;
    let n = smoothed(counts.view(), smoothing);
    let sums = n.sum_axis(Axis(1)); // shape (V,): the kept axis is gone
    if let Some(row) = sums.iter().position(|&s| s == 0.0) {
        return Err(Error::InvalidProbabilities {
            reason: format!("row {row} sums to zero"),
        });
    }
    Ok(&n / &sums)
}

/// `N` must be square and not empty; otherwise an [`Error::Shape`] naming it.
fn check_square(counts: &Array2<u32>) -> Result<()> {
    let r = counts.nrows().max(1);
    check_shape("count matrix", (r, r), counts.dim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A toy set whose counts can be checked by hand: "ab", "ba", "a".
    /// Bigrams: .a ab b. | .b ba a. | .a a.  => .a 2, .b 1, ab 1, a. 2, ba 1, b. 1.
    #[test]
    fn toy_counts_by_hand() {
        let vocab = Vocab::from_chars("ab".chars()).unwrap();
        let n = count_matrix(&vocab, ["ab", "ba", "a"]).unwrap();
        assert_eq!(n, ndarray::array![[0, 2, 1], [2, 0, 1], [1, 1, 0]]);
        let dict = count_dict(["ab", "ba", "a"]);
        for ((a, b), count) in &dict {
            let (i, j) = (vocab.stoi(*a).unwrap(), vocab.stoi(*b).unwrap());
            assert_eq!(n[[i, j]] as usize, *count);
        }
        assert_eq!(dict.len(), 6);
    }

    #[test]
    fn keepdim_rows_sum_to_one_and_the_plain_division_does_not() {
        let vocab = Vocab::from_chars("ab".chars()).unwrap();
        let n = count_matrix(&vocab, ["ab", "ba", "a"]).unwrap();
        let p = probs(&n, 0.0).unwrap();
        assert_eq!(p.row(0).to_vec(), [0.0, 2.0 / 3.0, 1.0 / 3.0]);
        // Without the kept axis element [i, j] is divided by the sum of row j: row sums 3, 3, 2.
        let wrong = probs_without_keepdim(&n, 0.0).unwrap();
        assert_eq!(wrong.row(0).to_vec(), [0.0, 2.0 / 3.0, 1.0 / 2.0]);
    }

    #[test]
    fn bad_smoothing_and_shapes_are_errors() {
        let n = Array2::<u32>::zeros((3, 3));
        for k in [-1.0, f32::NAN, f32::INFINITY] {
            assert!(matches!(
                probs(&n, k),
                Err(Error::InvalidParameter {
                    name: "smoothing",
                    ..
                })
            ));
        }
        assert!(matches!(
            probs(&Array2::zeros((2, 3)), 1.0),
            Err(Error::Shape { .. })
        ));
        assert!(matches!(
            probs_without_keepdim(&n, 0.0),
            Err(Error::InvalidProbabilities { .. })
        ));
    }

    #[test]
    fn zero_rows_become_uniform_not_nan() {
        let n = Array2::<u32>::zeros((4, 4));
        let p = probs(&n, 0.0).unwrap();
        assert!(p.iter().all(|&x| x == 0.25));
    }

    proptest! {
        #[test]
        fn counts_total_characters_plus_items(items in prop::collection::vec("[a-e]{0,8}", 1..30)) {
            let vocab = Vocab::from_chars("abcde".chars()).unwrap();
            let n = count_matrix(&vocab, &items).unwrap();
            let chars: usize = items.iter().map(|w| w.len()).sum();
            prop_assert_eq!(n.sum() as usize, chars + items.len());
            // every item starts once and ends once
            prop_assert_eq!(n.row(0).sum() as usize, items.len());
            prop_assert_eq!(n.column(0).sum() as usize, items.len());
        }

        #[test]
        fn every_row_of_p_sums_to_one(
            items in prop::collection::vec("[a-e]{0,8}", 1..30),
            smoothing in prop_oneof![Just(0.0f32), 0.0f32..10.0],
        ) {
            let vocab = Vocab::from_chars("abcde".chars()).unwrap();
            let p = probs(&count_matrix(&vocab, &items).unwrap(), smoothing).unwrap();
            for row in p.outer_iter() {
                prop_assert!((row.sum() - 1.0).abs() <= 1e-6, "{}", row);
                prop_assert!(row.iter().all(|x| x.is_finite() && *x >= 0.0));
            }
        }
    }
}
