//! Kneser-Ney smoothing: how far counting goes.
//!
//! Adding k to every count (`Model::from_counts`) gives an unseen character the same small share
//! after every context. Kneser-Ney takes a fixed *discount* D from every count instead and gives
//! what it took to a shorter context: the model of K characters is *interpolated* with the model
//! of the last K - 1, that one with the last K - 2, ..., the model of no context with the uniform
//! distribution (Chen and Goodman 1998, "An Empirical Study of Smoothing Techniques for Language
//! Modeling", interpolated Kneser-Ney). For a context `h` of m characters, `h'` its last m - 1:
//!
//! ```text
//! p(w | h) = (c(h w) - D(c(h w))) / Σ_w c(h w)  +  γ(h) p(w | h'),
//! γ(h)     = Σ_w D(c(h w)) / Σ_w c(h w)                   (the mass the discounts took)
//! ```
//!
//! The longest context (m = K) uses the raw counts `c`. The shorter ones use *continuation
//! counts*: `c(h w)` is in how many distinct contexts one character longer, `x h`, the n-gram
//! `x h w` was seen, N1+(• h w). A character that follows many different contexts is a likely
//! guess after a context never seen; one seen often but only ever after one context (the
//! classic example: "Francisco", after "San") is not. Below m = 0, `p(w)` is `1/V`.
//!
//! [`Discount::Fixed`] uses one D in (0, 1) for every count and every order (interpolated
//! Kneser-Ney). [`Discount::Modified`] is Chen and Goodman's modified Kneser-Ney: three discounts
//! per order, D1 for counts of 1, D2 for 2, D3+ for 3 or more, estimated from that order's
//! counts of counts n1..n4 (how many n-grams have count 1, 2, 3, 4; continuation counts below K):
//!
//! ```text
//! Y = n1 / (n1 + 2 n2),   D1 = 1 - 2Y n2/n1,   D2 = 2 - 3Y n3/n2,   D3+ = 3 - 4Y n4/n3
//! ```
//!
//! When n1, n2 or n3 is zero the estimate is undefined, and an estimate outside `0 <= D_r <= r`
//! would take away more than the count: for such an order the discounts are [`FALLBACK`]
//! (0.5, 1, 1.5, KenLM's `--discount_fallback`). This is usual at the lowest orders of a
//! character model: every letter follows many others, so no continuation count there is 1 or 2.
//!
//! ## The start and end token '.'
//!
//! '.' is both the character that ends an item and the padding before it ('.' in a context means
//! "the start": "..e" is 'e' as the first character). It is treated like any other character:
//! the suffixes of "..em" are ".em", "em", "m" and the empty context, and the continuation count
//! of (".e", 'm') is 1 (only '.' comes before ".e"). Nothing predicts the padding, so n-grams made
//! only of it ("..", "...") are never counted. (KenLM instead keeps raw counts for n-grams that
//! start with `<s>`; on the lecture's split at K = 5 with D = 0.9 that gives a dev NLL of 2.018,
//! against 1.9836 for the convention used here.)
//!
//! ## Matching NLTK
//!
//! NLTK's `KneserNeyInterpolated(order, discount=D)` (nltk/lm/models.py, smoothing.py) computes the
//! same formula with one D for every order; it gives the same probabilities to 1e-9 (the test
//! `crate/tests/kneser_ney_reference.py` runs) once its conventions are matched:
//!
//! - **Padding.** NLTK's `padded_everygram_pipeline` pads with `<s>`/`</s>` and counts the
//!   everygrams of the padded sentence, padding-only ones included. Instead the n-grams are built
//!   by hand: each item padded with K '.' on the left and one on the right, and for every
//!   predicted position (each character and the closing '.') the n-grams that end there, of
//!   lengths 1 to K + 1. So NLTK counts the suffixes of our examples and nothing more (a stray
//!   ".." would add a type to the followers of '.' and its rows would not sum to 1).
//! - **Vocabulary.** NLTK adds `<UNK>`; it is fitted with exactly our characters as its
//!   vocabulary text, so `<UNK>` is never looked up, and its Kneser-Ney never uses the vocabulary
//!   size.
//! - **The lowest order.** NLTK's `unigram_score` is the continuation unigram N1+(• w) / N1+(• •)
//!   with no discount and no uniform floor; ours interpolates it with `1/V` like every other
//!   order. The script overrides that one method of NLTK's `KneserNey` with the formula above.
//! - **Contexts.** `lm.score(w, context)` with the K characters of our context; NLTK, like this
//!   model, passes a context never seen on to its suffix (its `alpha, gamma = 0, 1`).
//! - **Modified Kneser-Ney.** NLTK has none; the script checks the discounts and probabilities
//!   against its own plain-Python Chen and Goodman.
//!
//! ```
//! use makemore::kneser_ney::Discount;
//! use makemore::{loss, Counts, Dataset, Model};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let counts = Counts::from_dataset(&words, 3)?;
//! let smoothed = Model::from_counts(&counts, 1.0)?;
//! let kn = Model::kneser_ney(&counts, Discount::Modified)?;
//! let unseen = ["zyxq"]; // no name has "zy", "yx" or "xq"
//! assert!(loss::evaluate(&kn, unseen)?.mean < loss::evaluate(&smoothed, unseen)?.mean);
//! # Ok::<(), makemore::Error>(())
//! ```

use std::collections::HashMap;

use ndarray::Array1;

use crate::counts::Counts;
use crate::error::{Result, check_param};

/// How much Kneser-Ney takes from each count to give to the shorter contexts.
///
/// ```
/// use makemore::kneser_ney::Discount;
/// use makemore::{Counts, Model, Vocab};
///
/// let counts = Counts::from_items(Vocab::from_chars("a".chars())?, 1, ["a"])?;
/// assert!(Model::kneser_ney(&counts, Discount::Fixed(0.75)).is_ok());
/// assert!(Model::kneser_ney(&counts, Discount::Fixed(1.0)).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Discount {
    /// Modified Kneser-Ney: D1, D2, D3+ per order, estimated from its counts of counts (or
    /// [`FALLBACK`] where they cannot be).
    Modified,
    /// Interpolated Kneser-Ney: this one discount, in (0, 1), for every count and every order.
    Fixed(f64),
}

/// The discounts of one order: what a count of 1, of 2, and of 3 or more gives up.
pub type Discounts = [f64; 3];

/// The discounts of an order whose counts of counts leave modified Kneser-Ney's estimate
/// undefined or out of range: KenLM's `--discount_fallback` default.
///
/// ```
/// assert_eq!(makemore::kneser_ney::FALLBACK, [0.5, 1.0, 1.5]);
/// ```
pub const FALLBACK: Discounts = [0.5, 1.0, 1.5];

/// The discounts of every order, indexed by context length (0 to K), for counts of K characters
/// of context. [`Discount::Fixed`] outside (0, 1), NaN or infinite is an error.
///
/// ```
/// use makemore::kneser_ney::{discounts, Discount, FALLBACK};
/// use makemore::{Counts, Dataset};
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let d = discounts(&Counts::from_dataset(&words, 2)?, Discount::Modified)?;
/// assert_eq!(d.len(), 3);
/// assert_eq!(d[0], FALLBACK); // no letter follows only one or two others
/// assert!(d[2][0] > 0.5 && d[2][0] < d[2][1] && d[2][1] < d[2][2]);
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn discounts(counts: &Counts, discount: Discount) -> Result<Vec<Discounts>> {
    if let Discount::Fixed(d) = discount {
        check_param(
            d > 0.0 && d < 1.0,
            "discount",
            d,
            "must be a number strictly between 0 and 1",
        )?;
    }
    Ok(counts_by_order(counts)
        .iter()
        .map(|order| match discount {
            Discount::Fixed(d) => [d; 3],
            Discount::Modified => estimate(order),
        })
        .collect())
}

/// The rows of a context: next character -> count, one `Vec` of V per context seen.
type Rows<T> = HashMap<u64, T>;

/// The counts Kneser-Ney estimates from, by context length m = 0..=K: the raw counts at K; below,
/// the continuation counts, `c(h w)` = in how many contexts `x h` of m + 1 characters `w` was
/// seen. A context of m + 1 characters has as suffix its number modulo V^m.
fn counts_by_order(counts: &Counts) -> Vec<Rows<Vec<u32>>> {
    let v = counts.vocab().len();
    let k = counts.context_len();
    let mut orders = vec![Rows::new(); k + 1];
    orders[k] = counts.seen().map(|(c, row)| (c, row.to_vec())).collect();
    for m in (0..k).rev() {
        let suffixes = (v as u64).pow(m as u32);
        let mut shorter: Rows<Vec<u32>> = Rows::new();
        for (context, row) in &orders[m + 1] {
            let out = shorter
                .entry(context % suffixes)
                .or_insert_with(|| vec![0; v]);
            for (n, &c) in out.iter_mut().zip(row) {
                *n += u32::from(c > 0);
            }
        }
        orders[m] = shorter;
    }
    orders
}

/// Modified Kneser-Ney's discounts from one order's counts of counts (Chen and Goodman's
/// estimates, in the module docs), or [`FALLBACK`] if they are undefined or out of range.
fn estimate(order: &Rows<Vec<u32>>) -> Discounts {
    let mut n = [0.0f64; 5]; // n[r]: how many n-grams have count r (r = 1..4)
    for &c in order.values().flatten() {
        if (1..=4).contains(&c) {
            n[c as usize] += 1.0;
        }
    }
    if n[1] == 0.0 || n[2] == 0.0 || n[3] == 0.0 {
        return FALLBACK;
    }
    let y = n[1] / (n[1] + 2.0 * n[2]);
    let d = [
        1.0 - 2.0 * y * n[2] / n[1],
        2.0 - 3.0 * y * n[3] / n[2],
        3.0 - 4.0 * y * n[4] / n[3],
    ];
    let in_range = d
        .iter()
        .zip(1..)
        .all(|(&d, r)| (0.0..=r as f64).contains(&d));
    if in_range { d } else { FALLBACK }
}

/// Kneser-Ney's probabilities in f64, by context length m = 0..=K: the row of every context
/// seen at that order (a context never seen at any order is uniform, `1/V`; see
/// [`longest_suffix`]).
pub(crate) fn rows(counts: &Counts, discount: Discount) -> Result<Vec<Rows<Array1<f64>>>> {
    let discounts = discounts(counts, discount)?;
    let v = counts.vocab().len();
    let uniform = Array1::from_elem(v, 1.0 / v as f64);
    let mut orders: Vec<Rows<Array1<f64>>> = Vec::new();
    for (m, order) in counts_by_order(counts).into_iter().enumerate() {
        let rows = order
            .into_iter()
            .map(|(context, row)| {
                let shorter = longest_suffix(&orders, v as u64, context).unwrap_or(&uniform);
                (context, interpolate(&row, discounts[m], shorter))
            })
            .collect();
        orders.push(rows);
    }
    Ok(orders)
}

/// One context's row: `(c - D(c)) / Σc + γ p_shorter` with `γ = Σ D(c) / Σc` (the interpolated
/// Kneser-Ney equation; `D(0) = 0`).
fn interpolate(counts: &[u32], d: Discounts, shorter: &Array1<f64>) -> Array1<f64> {
    let discount = |c: u32| match c {
        0 => 0.0,
        1 => d[0],
        2 => d[1],
        _ => d[2],
    };
    let total: f64 = counts.iter().map(|&c| c as f64).sum();
    let gamma = counts.iter().map(|&c| discount(c)).sum::<f64>() / total;
    counts
        .iter()
        .zip(shorter)
        .map(|(&c, &p)| (c as f64 - discount(c)) / total + gamma * p)
        .collect()
}

/// The row of the longest suffix of `context` that has one: `rows[m]` holds the rows of contexts
/// of m characters, and the suffix of m characters is the context's number modulo `V^m`. `None`
/// if no suffix has a row.
pub(crate) fn longest_suffix<T>(rows: &[Rows<T>], size: u64, context: u64) -> Option<&T> {
    let suffix = |m: usize| context % size.pow(m as u32);
    (0..rows.len()).rev().find_map(|m| rows[m].get(&suffix(m)))
}
