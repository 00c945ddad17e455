//! Kneser-Ney smoothing: how far counting goes.
//!
//! Adding k to every count (`Model::from_counts(&counts, k)`) gives an unseen character the same small share
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
//! [`Smoothing::KneserNey`] uses one D in (0, 1) for every count and every order (interpolated
//! Kneser-Ney). [`Smoothing::ModifiedKneserNey`] is Chen and Goodman's modified Kneser-Ney: three discounts
//! per order, D1 for counts of 1, D2 for 2, D3+ for 3 or more, estimated from that order's
//! counts of counts n1..n4 (how many n-grams have count 1, 2, 3, 4; continuation counts below K):
//!
//! ```text
//! Y = n1 / (n1 + 2 n2),   D1 = 1 - 2Y n2/n1,   D2 = 2 - 3Y n3/n2,   D3+ = 3 - 4Y n4/n3
//! ```
//!
//! When n1, n2 or n3 is zero the estimate is undefined; an estimate of `r` or more would take
//! away the whole count, and one of 0 would give the shorter context nothing to pass on (an
//! unseen character after a context whose counts are all of that size gets probability 0, an
//! infinite NLL). For such an order the discounts are [`FALLBACK`] (0.5, 1, 1.5, KenLM's
//! `--discount_fallback`): every discount used is in `0 < D_r < r`. KenLM accepts an estimated 0
//! (it refuses only a discount below 0 or above the count); we differ from it there on purpose.
//! The fallback is usual at the lowest orders of a character model: every letter follows many
//! others, so no continuation count there is 1 or 2.
//!
//! ## The start and end token '.'
//!
//! '.' is both the character that ends an item and the padding before it ('.' in a context means
//! "the start": "..e" is 'e' as the first character). It is treated like any other character:
//! the suffixes of "..em" are ".em", "em", "m" and the empty context, and the continuation count
//! of (".e", 'm') is 1 (only '.' comes before ".e"). Nothing predicts the padding, so n-grams made
//! only of it ("..", "...") are never counted. (KenLM instead keeps raw counts for n-grams that
//! start with `<s>`; doing that here, for the shorter contexts that start with '.', gives a dev
//! NLL of 2.018 on the lectures' split at K = 5 with D = 0.9, against 1.9836 as here.)
//!
//! The model is stored as its n-grams, in f64, as the equation reads: for every context seen at
//! every order, the probability of each character seen after it and its `γ`; an unseen character
//! gets `γ` times the shorter context's, computed when asked. So memory grows with the n-grams
//! seen, not with contexts times the vocabulary, and it is the form an ARPA file keeps
//! ([`crate::counting::arpa`]). [`crate::counting::Model`] gives each probability as f32.
//!
//! ## Matching NLTK
//!
//! NLTK's `KneserNeyInterpolated(order, discount=D)` (nltk/lm/models.py, smoothing.py) computes the
//! same formula with one D for every order; it gives the same probabilities to 1e-9 (measured:
//! 1e-16, K = 1..4 on names.txt; the test runs `crate/tests/kneser_ney_reference.py` with the
//! Python named by `MAKEMORE_NLTK_PYTHON`) once its conventions are matched:
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
//! use makemore::{counting::{Counts, Model, Smoothing, loss}, data::Dataset};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let split = words.split(42)?;
//! let counts = Counts::from_dataset(&split.train, 3)?;
//! let add_one = loss::evaluate(&Model::from_counts(&counts, 1.0)?, split.val.items())?;
//! let kn = loss::evaluate(&Model::from_counts(&counts, Smoothing::ModifiedKneserNey)?, split.val.items())?;
//! assert!(kn.mean < add_one.mean - 0.05); // on names it has not seen
//! # Ok::<(), makemore::Error>(())
//! ```

use crate::counting::context::{Map, Ngrams, Row};
use crate::counting::{Counts, Smoothing};
use crate::error::{Result, check_param};

/// The discounts of an order whose counts of counts leave modified Kneser-Ney's estimate
/// undefined or out of range: KenLM's `--discount_fallback` default.
///
/// ```
/// assert_eq!(makemore::counting::kneser_ney::FALLBACK, [0.5, 1.0, 1.5]);
/// ```
pub const FALLBACK: [f64; 3] = [0.5, 1.0, 1.5];

/// The discounts of every order, indexed by context length (0 to K), for counts of K characters
/// of context, under [`Smoothing::KneserNey`] (its D at every order) or
/// [`Smoothing::ModifiedKneserNey`] (estimated). A discount outside (0, 1), NaN or infinite is an
/// error, and so is add-k, which takes none.
///
/// ```
/// use makemore::counting::kneser_ney::{FALLBACK, discounts};
/// use makemore::{counting::{Counts, Smoothing}, data::Dataset};
///
/// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
/// let counts = Counts::from_dataset(&words, 2)?;
/// let d = discounts(&counts, Smoothing::ModifiedKneserNey)?;
/// assert_eq!(d.len(), 3);
/// assert_eq!(d[0], FALLBACK); // no letter follows only one or two others
/// assert!(0.0 < d[2][0] && d[2][0] < d[2][1] && d[2][1] < d[2][2]); // D1 < D2 < D3+
/// assert_eq!(discounts(&counts, Smoothing::KneserNey(0.75))?, [[0.75; 3]; 3]);
/// assert!(discounts(&counts, Smoothing::KneserNey(1.0)).is_err());
/// assert!(discounts(&counts, Smoothing::AddK(1.0)).is_err());
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn discounts(counts: &Counts, smoothing: Smoothing) -> Result<Vec<[f64; 3]>> {
    discounts_of(&counts_by_order(counts), smoothing)
}

/// [`discounts`] from the counts by order already made.
fn discounts_of(orders: &[Rows], smoothing: Smoothing) -> Result<Vec<[f64; 3]>> {
    smoothing.check()?;
    check_param(
        !matches!(smoothing, Smoothing::AddK(_)),
        "smoothing",
        smoothing,
        "add-k takes no discounts, only Kneser-Ney does",
    )?;
    Ok(orders
        .iter()
        .map(|order| match smoothing {
            Smoothing::KneserNey(d) => [d; 3],
            _ => estimate(order),
        })
        .collect())
}

/// The n-grams seen after each context: the characters seen (in increasing order) with their
/// counts, by context.
type Rows = Map<u64, Vec<(u32, u32)>>;

/// The counts Kneser-Ney estimates from, by context length m = 0..=K: the raw counts at K; below,
/// the continuation counts, `c(h w)` = in how many contexts `x h` of m + 1 characters `w` was
/// seen. A context of m + 1 characters has as suffix its number modulo V^m.
fn counts_by_order(counts: &Counts) -> Vec<Rows> {
    let k = counts.context_len();
    let mut orders = vec![Rows::default(); k + 1];
    for (context, next, count) in counts.ngrams() {
        orders[k]
            .entry(context)
            .or_default()
            .push((next as u32, count));
    }
    for m in (0..k).rev() {
        let suffixes = (counts.vocab().len() as u64).pow(m as u32);
        let mut pairs: Vec<(u64, u32)> = orders[m + 1]
            .iter()
            .flat_map(|(context, row)| row.iter().map(move |&(next, _)| (context % suffixes, next)))
            .collect();
        pairs.sort_unstable();
        let mut shorter = Rows::default();
        for run in pairs.chunk_by(|a, b| a == b) {
            let (context, next) = run[0];
            shorter
                .entry(context)
                .or_default()
                .push((next, run.len() as u32));
        }
        orders[m] = shorter;
    }
    orders
}

/// Modified Kneser-Ney's discounts from one order's counts of counts (Chen and Goodman's
/// estimates, in the module docs), or [`FALLBACK`] if they are undefined or out of range.
fn estimate(order: &Rows) -> [f64; 3] {
    let mut n = [0.0f64; 5]; // n[r]: how many n-grams have count r (r = 1..4)
    for &(_, c) in order.values().flatten() {
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
    let in_range = d.iter().zip(1..).all(|(&d, r)| d > 0.0 && d < r as f64);
    if in_range { d } else { FALLBACK }
}

/// Kneser-Ney's model stored as its n-grams, in f64, by context length m = 0..=K: for every
/// context seen at that order, the probability of each character seen after it and its weight
/// `γ`; below the empty context, `1/V`.
pub(crate) fn ngrams(counts: &Counts, smoothing: Smoothing) -> Result<Ngrams> {
    let orders = counts_by_order(counts);
    let discounts = discounts_of(&orders, smoothing)?;
    let v = counts.vocab().len();
    let mut ngrams = Ngrams {
        orders: Vec::new(),
        floor: 1.0 / v as f64,
        size: v as u64,
    };
    for (m, order) in orders.into_iter().enumerate() {
        let d = discounts[m];
        let order = order
            .into_iter()
            .map(|(context, row)| {
                let shorter = |next: u32| ngrams.prob_below(context, m, next as usize);
                (context, interpolate(&row, d, shorter))
            })
            .collect();
        ngrams.orders.push(order);
    }
    Ok(ngrams)
}

/// One context's row: `(c - D(c)) / Σc + γ p_shorter` for each character seen, and `γ = Σ D(c) /
/// Σc` (the interpolated Kneser-Ney equation; an unseen character's `γ p_shorter` is left to
/// the lookup).
fn interpolate(counts: &[(u32, u32)], d: [f64; 3], shorter: impl Fn(u32) -> f64) -> Row {
    let discount = |c: u32| match c {
        1 => d[0],
        2 => d[1],
        _ => d[2],
    };
    let total: f64 = counts.iter().map(|&(_, c)| c as f64).sum();
    let gamma = counts.iter().map(|&(_, c)| discount(c)).sum::<f64>() / total;
    let seen = counts
        .iter()
        .map(|&(next, c)| {
            (
                next,
                (c as f64 - discount(c)) / total + gamma * shorter(next),
            )
        })
        .collect();
    Row {
        seen,
        backoff: gamma,
    }
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    mod python {
        include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/lib/python.rs"));
    }

    use super::*;
    use crate::counting::{Model, Smoothing};
    use crate::data::Dataset;
    use crate::error::Error;
    use crate::vocab::Vocab;

    const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/kneser_ney_reference.py");

    fn names() -> Dataset {
        Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt")).unwrap()
    }

    fn index(vocab: &Vocab, context: &str) -> u64 {
        let size = vocab.len() as u64;
        context
            .chars()
            .fold(0, |acc, ch| acc * size + vocab.stoi(ch).unwrap() as u64)
    }

    /// The JSON the reference script prints in `mode`, run by `python`.
    fn reference(python: &str, mode: &str) -> serde_json::Value {
        let out = Command::new(python)
            .args([SCRIPT, mode])
            .output()
            .unwrap_or_else(|e| panic!("cannot run {python} {SCRIPT}: {e}"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{python} {SCRIPT} {mode}: {stderr}");
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn parse<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> T {
        serde_json::from_value(value.clone()).unwrap()
    }

    #[test]
    fn continuation_counts_by_hand() {
        // K = 2, "ab" and "bb": ".." -> a, b; ".a" -> b; ".b" -> b; "ab" -> .; "bb" -> .
        let vocab = Vocab::from_chars("ab".chars()).unwrap();
        let counts = Counts::from_items(vocab.clone(), 2, ["ab", "bb"]).unwrap();
        let orders = counts_by_order(&counts);
        let row = |m: usize, context: &str| orders[m][&index(&vocab, context)].clone();
        // After '.': 'a' and 'b' each after one context (".."). After 'a': 'b' (".a"). After
        // 'b': '.' after "ab" and "bb" (2), 'b' after ".b" (1).
        assert_eq!(row(1, "."), [(1, 1), (2, 1)]);
        assert_eq!(row(1, "a"), [(2, 1)]);
        assert_eq!(row(1, "b"), [(0, 2), (2, 1)]);
        // No context: '.' follows 'b' only; 'a' follows '.'; 'b' follows '.', 'a' and 'b'.
        assert_eq!(row(0, ""), [(0, 1), (1, 1), (2, 3)]);
        assert_eq!(row(2, "bb"), [(0, 1)]); // the raw counts at K
    }

    #[test]
    fn modified_discounts_by_hand_and_their_fallback() {
        let one_row = |row: Vec<u32>| {
            let seen = row.into_iter().zip(0..).filter(|e| e.0 > 0);
            Rows::from_iter([(0, seen.map(|(c, next)| (next, c)).collect())])
        };
        // n1 = 4, n2 = 2, n3 = 1, n4 = 1: Y = 4 / 8, D1 = 1 - 2 Y 2/4, D2 = 2 - 3 Y 1/2,
        // D3+ = 3 - 4 Y 1/1.
        let d = estimate(&one_row(vec![0, 1, 1, 1, 1, 2, 2, 3, 4, 9]));
        assert_eq!(d, [0.5, 1.25, 1.0]);
        assert_eq!(estimate(&one_row(vec![1, 1, 3, 4])), FALLBACK); // n2 = 0
        // n1 = n2 = 1, n3 = 9: D2 = 2 - 3 (1/3) 9 = -7 < 0.
        assert_eq!(
            estimate(&one_row(vec![1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3])),
            FALLBACK
        );
    }

    #[test]
    fn an_estimated_discount_of_zero_takes_the_fallback_and_no_probability_is_zero() {
        // At K = 1 these counts give n1 = 8, n2 = 2, n3 = 2, n4 = 3: Y = 2/3, D3+ = 3 - 4 Y 3/2 = 0,
        // which would give 'c' after 'c' nothing (p = 0, an infinite NLL for "ca").
        let items = ["d", "dbc", "bc", "bad", "bad", "ddc", "ba", "d"];
        let counts = Counts::from_dataset(&Dataset::from_items(items).unwrap(), 1).unwrap();
        let d = discounts(&counts, Smoothing::ModifiedKneserNey).unwrap();
        assert_eq!(d[1], FALLBACK);
        let model = Model::from_counts(&counts, Smoothing::ModifiedKneserNey).unwrap();
        let nll = crate::counting::loss::evaluate(&model, ["ca"]).unwrap();
        assert!(nll.mean.is_finite(), "{nll:?}");
        assert!(model.probs().unwrap().iter().all(|&p| p > 0.0));
    }

    #[test]
    fn a_discount_outside_0_1_is_an_error() {
        let vocab = Vocab::from_chars("ab".chars()).unwrap();
        let counts = Counts::from_items(vocab, 2, ["ab"]).unwrap();
        for d in [0.0, 1.0, -0.5, 1.5, f64::NAN, f64::INFINITY] {
            let err = Model::from_counts(&counts, Smoothing::KneserNey(d)).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidParameter {
                        name: "discount",
                        ..
                    }
                ),
                "{err}"
            );
            assert!(
                err.to_string().contains("strictly between 0 and 1"),
                "{err}"
            );
        }
    }

    #[test]
    fn every_row_sums_to_one_for_k_1_to_6() {
        let words = names();
        for k in 1..=6 {
            let counts = Counts::from_dataset(&words, k).unwrap();
            // About a thousand contexts spread over all V^K (all of them up to K = 2).
            let step = (counts.num_contexts() / 1000).max(1) as usize;
            let unseen: Vec<u64> = (0..counts.num_contexts())
                .step_by(step)
                .filter(|&c| counts.row(c).is_none())
                .collect();
            assert!(k == 1 || unseen.len() > 100, "K = {k}");
            for discount in [Smoothing::KneserNey(0.75), Smoothing::ModifiedKneserNey] {
                let ngrams = ngrams(&counts, discount).unwrap();
                for (m, order) in ngrams.orders.iter().enumerate() {
                    for &context in order.keys() {
                        let sum = ngrams.row(context, m + 1).sum();
                        assert!((sum - 1.0).abs() < 1e-12, "K = {k}, {discount:?}");
                    }
                }
                let model = Model::from_counts(&counts, discount).unwrap();
                let seen = counts.seen().map(|(c, _)| c);
                for context in seen.chain(unseen.iter().copied()) {
                    let row = model.row(context).unwrap();
                    let sum: f64 = row.iter().map(|&p| p as f64).sum();
                    assert!((sum - 1.0).abs() < 1e-5, "K = {k}, {context}: {sum}");
                    assert!(row.iter().all(|&p| p > 0.0), "K = {k}, {context}");
                }
                // An unseen context's row is its suffix's: not one row for all of them.
                if let [first, rest @ ..] = &unseen[..] {
                    let first = model.row(*first).unwrap();
                    assert!(rest.iter().any(|&c| model.row(c).unwrap() != first));
                }
            }
        }
    }

    #[test]
    fn sampling_and_scoring_take_a_sparse_kneser_ney_model_as_it_is() {
        let counts = Counts::from_dataset(&names(), 5).unwrap();
        assert!(!counts.is_dense());
        let model = Model::from_counts(&counts, Smoothing::ModifiedKneserNey).unwrap();
        let mut rng = crate::counting::sample::seeded(crate::counting::sample::LECTURE_SEED);
        let sampled = crate::counting::sample::sample_names(&model, &mut rng, 20, 30).unwrap();
        assert_eq!(sampled.len(), 20);
        // "zyxqj" was never seen: every example still has a probability, from shorter contexts.
        let scores = crate::counting::loss::breakdown(&model, "zyxqj").unwrap();
        assert_eq!(scores.len(), 6);
        assert!(
            scores
                .iter()
                .all(|s| s.prob > 0.0 && s.log_prob.is_finite())
        );
    }

    /// The headline number: on the lectures' split (Python's shuffle), interpolated Kneser-Ney
    /// with D = 0.9 at K = 5 has an average dev NLL of 1.9836, as the plain-Python one does.
    #[test]
    fn the_lectures_split_gives_the_plain_python_dev_nll() {
        let split = reference("python3", "split");
        let (train, dev): (Vec<String>, Vec<String>) =
            (parse(&split["train"]), parse(&split["dev"]));
        let counts = Counts::from_items(Vocab::from_dataset(&names()), 5, &train).unwrap();
        let model = Model::from_counts(&counts, Smoothing::KneserNey(0.9)).unwrap();
        let nll = crate::counting::loss::evaluate(&model, &dev).unwrap().mean;
        let python = split["nll_k5_d09"].as_f64().unwrap();
        assert!((nll - python).abs() < 1e-6, "{nll} vs Python's {python}");
        assert!((nll - 1.9836).abs() < 5e-5, "{nll}");
    }

    /// NLTK's `KneserNeyInterpolated` (fixed discount) and the script's plain-Python modified
    /// Kneser-Ney, for K = 1..4 on names.txt, seen and unseen contexts, every next character.
    /// Needs `MAKEMORE_NLTK_PYTHON`: a Python with scripts/requirements-nltk.txt installed.
    #[test]
    fn kneser_ney_agrees_with_nltk_and_plain_python() {
        let Some(python) = python::reference_python("NLTK") else {
            return;
        };
        let reference = reference(&python, "nltk");
        let words = names();
        let vocab = Vocab::from_dataset(&words);
        assert_eq!(reference["chars"], vocab.to_string());
        let d = reference["discount"].as_f64().unwrap();
        let (mut nltk, mut nltk_f32, mut modified, mut unseen) = (0.0f64, 0.0f64, 0.0f64, 0);
        let orders: Vec<serde_json::Value> = parse(&reference["orders"]);
        assert_eq!(orders.len(), 4);
        for order in &orders {
            let k: usize = parse(&order["k"]);
            let counts = Counts::from_dataset(&words, k).unwrap();
            let expected: Vec<[f64; 3]> = parse(&order["modified_discounts"]);
            let got = discounts(&counts, Smoothing::ModifiedKneserNey).unwrap();
            assert_eq!(got.len(), expected.len());
            for (got, expected) in got.iter().flatten().zip(expected.iter().flatten()) {
                assert!(
                    (got - expected).abs() < 1e-12,
                    "K = {k}: {got} vs {expected}"
                );
            }
            let fixed = ngrams(&counts, Smoothing::KneserNey(d)).unwrap();
            let model = Model::from_counts(&counts, Smoothing::KneserNey(d)).unwrap();
            let modified_rows = ngrams(&counts, Smoothing::ModifiedKneserNey).unwrap();
            let contexts: Vec<String> = parse(&order["contexts"]);
            let (by_nltk, by_python): (Vec<Vec<f64>>, Vec<Vec<f64>>) =
                (parse(&order["nltk"]), parse(&order["modified"]));
            for ((context, by_nltk), by_python) in contexts.iter().zip(by_nltk).zip(by_python) {
                let c = index(&vocab, context);
                unseen += usize::from(counts.row(c).is_none());
                let ours = fixed.row(c, k + 1);
                let ours_modified = modified_rows.row(c, k + 1);
                for next in 0..vocab.len() {
                    nltk = nltk.max((ours[next] - by_nltk[next]).abs());
                    let f32_row = model.row(c).unwrap();
                    nltk_f32 = nltk_f32.max((f32_row[next] as f64 - by_nltk[next]).abs());
                    modified = modified.max((ours_modified[next] - by_python[next]).abs());
                }
            }
        }
        eprintln!(
            "max |ours - NLTK| = {nltk:e} (f64), {nltk_f32:e} (the model's f32 rows); \
             max |ours - plain-Python modified KN| = {modified:e}; {unseen} unseen contexts"
        );
        assert!(unseen >= 10, "{unseen} unseen contexts");
        assert!(nltk < 1e-9 && modified < 1e-9 && nltk_f32 < 1e-6);
    }
}
