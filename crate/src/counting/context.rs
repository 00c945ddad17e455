//! The context: the K characters before the next one, as one number.
//!
//! A context of K tokens is read as a base-V number, the oldest token most significant, so with
//! the 27 characters of names.txt and K = 2, `..` is 0, `.a` is 1, `a.` is 27 and `zz` is 728.
//! Each item starts with K copies of '.'; each of its characters and then the closing '.' is one
//! example, predicted from the K tokens before it (makemore part 2's convention): "emma" gives
//! five examples whatever K is, and names.txt gives 228146.

use ndarray::Array1;

use crate::error::{Error, Result, check_param};
use crate::vocab::Vocab;

/// The longest context allowed: 8 characters. Past the longest name (15 characters in
/// names.txt) a longer context only adds leading '.'s, and with 27 characters a context of 8
/// already has 27^8 = 2.8e11 possible values, almost none of them seen.
///
/// ```
/// use makemore::counting::context::{MAX_CONTEXT_LEN, num_contexts};
///
/// assert!(num_contexts(27, MAX_CONTEXT_LEN).is_ok());
/// let err = num_contexts(27, MAX_CONTEXT_LEN + 1).unwrap_err();
/// assert_eq!(err.to_string(), "invalid context length = 9: must be between 1 and 8");
/// ```
pub const MAX_CONTEXT_LEN: usize = 8;

/// The number of possible contexts, `V^K`, for a vocabulary of `vocab_size` characters and a
/// context of `context_len` characters. `K = 0`, `K > MAX_CONTEXT_LEN` and a `V^K` that
/// overflows `u64` (e.g. 4096 characters and K = 6) are an [`crate::Error::InvalidParameter`]
/// naming the limit.
///
/// ```
/// use makemore::counting::context::num_contexts;
///
/// assert_eq!(num_contexts(27, 1)?, 27); // the bigram: one context per character
/// assert_eq!(num_contexts(27, 3)?, 19683);
/// assert!(num_contexts(27, 0).is_err());
/// assert!(num_contexts(4096, 6).is_err()); // 2^72 contexts
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn num_contexts(vocab_size: usize, context_len: usize) -> Result<u64> {
    check_param(
        (1..=MAX_CONTEXT_LEN).contains(&context_len),
        "context length",
        context_len,
        &format!("must be between 1 and {MAX_CONTEXT_LEN}"),
    )?;
    let count = (vocab_size as u64).checked_pow(context_len as u32);
    check_param(
        count.is_some(),
        "context length",
        context_len,
        &format!("{vocab_size}^{context_len} contexts do not fit in a u64"),
    )?;
    Ok(count.unwrap_or(0))
}

/// One example: the index of the context and the index of the character that follows it (the
/// examples of an item are [`crate::nn::TrainingSet::with_context`]'s `xs` and `ys`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Example {
    /// The context's index: its K tokens as a base-V number, oldest most significant.
    pub(crate) context: u64,
    /// The next character's index.
    pub(crate) next: usize,
}

/// The K characters of a context index, oldest first, as a string: `..` for 0.
///
/// ```
/// use makemore::counting::context::context_string;
/// use makemore::vocab::Vocab;
///
/// let vocab = Vocab::from_chars('a'..='z')?;
/// assert_eq!(context_string(&vocab, 2, 5 * 27 + 13)?, "em");
/// assert_eq!(context_string(&vocab, 3, 0)?, "...");
/// assert!(context_string(&vocab, 2, 729).is_err()); // 27^2 contexts: 0..=728
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn context_string(vocab: &Vocab, context_len: usize, context: u64) -> Result<String> {
    let space = ContextSpace::new(vocab, context_len)?;
    space.check(context)?;
    vocab.decode(&space.tokens(context))
}

/// The index of a context given as its characters, oldest first: the inverse of
/// [`context_string`], up to [`MAX_CONTEXT_LEN`] characters ('.' is the start of an item). A
/// character outside the vocabulary, or a longer context, is an
/// [`crate::Error::InvalidParameter`] named "context".
///
/// ```
/// use makemore::counting::context::{context_index, context_string};
/// use makemore::vocab::Vocab;
///
/// let vocab = Vocab::from_chars('a'..='z')?;
/// assert_eq!(context_index(&vocab, "em")?, 5 * 27 + 13);
/// assert_eq!(context_string(&vocab, 2, context_index(&vocab, ".a")?)?, ".a");
/// let err = context_index(&vocab, "eZ").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid context = \"eZ\": 'Z' is not in the vocabulary \".abcdefghijklmnopqrstuvwxyz\""
/// );
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn context_index(vocab: &Vocab, context: &str) -> Result<u64> {
    let bad = |reason: String| Error::invalid("context", format!("{context:?}"), reason);
    let len = context.chars().count();
    if len > MAX_CONTEXT_LEN {
        return Err(bad(format!("longer than {MAX_CONTEXT_LEN} characters")));
    }
    let size = vocab.len() as u64;
    context
        .chars()
        .try_fold(0, |index, ch| match vocab.stoi(ch) {
            Some(ix) => Ok(index * size + ix as u64),
            None => Err(bad(format!(
                "{ch:?} is not in the vocabulary {}",
                vocab.brief()
            ))),
        })
}

/// The contexts of one vocabulary and length: `V^K` of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ContextSpace {
    /// V.
    pub(crate) size: u64,
    /// K.
    pub(crate) len: usize,
    /// V^K.
    pub(crate) count: u64,
    /// V^(K-1): the weight of the oldest token, dropped when the context moves on.
    oldest: u64,
}

impl ContextSpace {
    pub(crate) fn new(vocab: &Vocab, context_len: usize) -> Result<Self> {
        let count = num_contexts(vocab.len(), context_len)?;
        let size = vocab.len() as u64;
        Ok(ContextSpace {
            size,
            len: context_len,
            count,
            oldest: count / size,
        })
    }

    /// The context after `context` once `next` is seen: drop the oldest token, append `next`.
    #[inline]
    pub(crate) fn advance(&self, context: u64, next: usize) -> u64 {
        if self.oldest == 1 {
            return next as u64; // K = 1: the context is the last character (no division)
        }
        (context % self.oldest) * self.size + next as u64
    }

    /// Whether a table of every context's row, `V^K x V` entries, has at most `limit`.
    pub(crate) fn fits(&self, limit: u64) -> bool {
        self.count
            .checked_mul(self.size)
            .is_some_and(|n| n <= limit)
    }

    /// A context index must be below `V^K`.
    pub(crate) fn check(&self, context: u64) -> Result<()> {
        check_param(
            context < self.count,
            "context",
            context,
            &format!("must be below {} (V^K)", self.count),
        )
    }

    /// The K token indices of a context, oldest first.
    pub(crate) fn tokens(&self, context: u64) -> Vec<usize> {
        let mut tokens = vec![0; self.len];
        let mut rest = context;
        for t in tokens.iter_mut().rev() {
            *t = (rest % self.size) as usize;
            rest /= self.size;
        }
        tokens
    }

    /// Calls `f` with every example of `item` in order.
    pub(crate) fn for_each(
        &self,
        vocab: &Vocab,
        item: &str,
        mut f: impl FnMut(Example),
    ) -> Result<()> {
        // One pass, no allocation; a '.' or a character outside the vocabulary is the error
        // `encode` gives (after the examples before it).
        let mut context = 0;
        for ch in item.chars() {
            let next = match vocab.stoi(ch) {
                Some(ix) if ix > 0 => ix, // index 0 is '.', never inside an item
                _ => vocab.check_char(ch, item)?,
            };
            f(Example { context, next });
            context = self.advance(context, next);
        }
        f(Example { context, next: 0 });
        Ok(())
    }
}

/// The hash tables of n-grams and contexts, keyed by the numbers this crate makes of them:
/// foldhash's fast hash, randomly seeded, instead of SipHash. Its `SeedableRandomState` keeps the
/// whole seed in the table (`RandomState` reads a static on every hash, and evcxr compiles each
/// notebook cell with its own copy of it: a table built in one cell missed every key in the next).
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::SeedableRandomState>;

/// A context's row in a model stored as its n-grams: the probability of each character seen
/// after it (in increasing order of the character), and the weight, its *back-off weight*, of
/// what it passes on to its suffix one character shorter.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row {
    pub(crate) seen: Vec<(u32, f64)>,
    pub(crate) backoff: f64,
}

/// A model stored as its n-grams, by context length (interpolated Kneser-Ney's form, and ARPA's):
/// `p(w | h)` is the probability `h`'s row keeps for `w` if `w` was seen after `h`, else `h`'s
/// back-off weight times `p(w | h')`, where `h'` is the longest shorter suffix of `h` with a row;
/// below the rows, `floor`. A context without a row takes its longest suffix's.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Ngrams {
    /// `orders[m]`: the rows of the contexts of m characters, keyed by their base-V number.
    pub(crate) orders: Vec<Map<u64, Row>>,
    /// The probability of every character below the rows (`1/V` for Kneser-Ney).
    pub(crate) floor: f64,
    /// V: the suffix of m characters is the context's number modulo `V^m`.
    pub(crate) size: u64,
}

impl Ngrams {
    /// The longest suffix of `context` shorter than `below` characters that has a row, with its
    /// length.
    fn suffix_row(&self, context: u64, below: usize) -> Option<(usize, &Row)> {
        (0..below).rev().find_map(|m| {
            let suffix = context % self.size.pow(m as u32);
            self.orders[m].get(&suffix).map(|row| (m, row))
        })
    }

    /// `p(next | context)` from the rows of the suffixes of `context` shorter than `below`
    /// characters (all of them: `below` = K + 1).
    pub(crate) fn prob_below(&self, context: u64, below: usize, next: usize) -> f64 {
        match self.suffix_row(context, below) {
            None => self.floor,
            Some((m, row)) => match row.seen.binary_search_by_key(&(next as u32), |s| s.0) {
                Ok(i) => row.seen[i].1,
                Err(_) => row.backoff * self.prob_below(context, m, next),
            },
        }
    }

    /// The whole row of `context`, every character's `p(next | context)` as
    /// [`Ngrams::prob_below`] gives it (from the suffixes shorter than `below`).
    pub(crate) fn row(&self, context: u64, below: usize) -> Array1<f64> {
        let mut p = Array1::from_elem(self.size as usize, self.floor);
        self.fill(context, below, &mut p);
        p
    }

    /// Makes `p` (the floor everywhere) the row of `context` from its suffixes shorter than
    /// `below`: the shorter suffix's row, times the weight, and the n-grams seen their own.
    fn fill(&self, context: u64, below: usize, p: &mut Array1<f64>) {
        if let Some((m, row)) = self.suffix_row(context, below) {
            self.fill(context, m, p);
            p.mapv_inplace(|p| row.backoff * p);
            for &(next, q) in &row.seen {
                p[next as usize] = q;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_advance_are_inverse() {
        let vocab = Vocab::from_chars("ab".chars()).unwrap();
        let space = ContextSpace::new(&vocab, 3).unwrap();
        assert_eq!(space.count, 27);
        for c in 0..27 {
            let t = space.tokens(c);
            let back = t.iter().fold(0u64, |acc, &x| acc * 3 + x as u64);
            assert_eq!(back, c);
            assert_eq!(space.tokens(space.advance(c, 2))[..], [t[1], t[2], 2]);
        }
    }

    #[test]
    fn the_limits_are_errors_not_panics() {
        assert!(num_contexts(27, 0).is_err());
        assert!(num_contexts(27, 9).is_err());
        assert_eq!(num_contexts(4096, 5).unwrap(), 1 << 60);
        let err = num_contexts(4096, 6).unwrap_err().to_string();
        assert!(err.contains("4096^6 contexts do not fit in a u64"), "{err}");
    }
}
