//! A net's architecture as data: which rows of `W` a context picks.
//!
//! Every net of the crate is one linear layer `W` whose logits for a context are a sum of rows
//! of `W`, because a one-hot input times `W` only picks rows:
//!
//! - **the table net** ([`NetKind::Table`]): the whole context of K characters is one one-hot
//!   vector of `V^K`, so it picks one row, `W[context]`; `W` has `V^K` rows, one per context. At
//!   K = 1 this is the lecture's bigram net (`W` 27 x 27).
//! - **the concatenated net** ([`NetKind::Concat`]): each of the K characters is one-hot encoded
//!   and the K vectors are side by side (block 0 the oldest character), so it picks K rows,
//!   `W[t_0] + W[V + t_1] + ... + W[(K - 1) V + t_{K-1}]`; `W` has `K * V` rows. With so few rows
//!   it cannot tell every context apart (each character adds its logits on its own, whatever the
//!   others are), so it cannot reach the count model's loss; in exchange every weight learns
//!   from many examples (on names.txt at K = 2 it is ahead of the table net after the lecture's
//!   100 steps, 2.385 to 2.508, and behind after 2000, 2.362 to 2.215).

use serde::{Deserialize, Serialize};

use crate::counting::DENSE_LIMIT;
use crate::counting::context::num_contexts;
use crate::error::{Result, check_param};

/// Which rows of `W` a context picks: one per context ([`NetKind::Table`]) or one per character
/// of the context ([`NetKind::Concat`]). Written as `"table"` or `"concat"` (in a model file and
/// on the command line).
///
/// ```
/// use makemore::nn::NetKind;
///
/// assert_eq!(NetKind::default(), NetKind::Table);
/// assert_eq!(serde_json::to_string(&NetKind::Concat).unwrap(), "\"concat\"");
/// assert_eq!(NetKind::Table.rows(27, 2)?, 729); // V^K
/// assert_eq!(NetKind::Concat.rows(27, 2)?, 54); // K * V
/// assert!(NetKind::Table.rows(27, 5).is_err()); // 27^5 x 27 weights: too many
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum NetKind {
    /// One one-hot vector for the whole context: `W` of `V^K x V`, one row per context (at
    /// K = 1 the lecture's bigram net).
    #[default]
    Table,
    /// The K one-hot vectors side by side: `W` of `(K * V) x V`, the logits the sum of K rows.
    Concat,
}

impl NetKind {
    /// `"table"` or `"concat"`, as in a model file.
    ///
    /// ```
    /// assert_eq!(makemore::nn::NetKind::Concat.name(), "concat");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            NetKind::Table => "table",
            NetKind::Concat => "concat",
        }
    }

    /// The number of rows of `W` for a vocabulary of `vocab_size` and K = `context_len`: `V^K`
    /// for the table net, if `V^K x V` stays within [`DENSE_LIMIT`] weights (the bigram net,
    /// K = 1, has V rows whatever V is); `K * V` for the concatenated one. K out of range (see [`num_contexts`]) or a table too large is an
    /// [`crate::Error::InvalidParameter`].
    pub fn rows(self, vocab_size: usize, context_len: usize) -> Result<usize> {
        let contexts = num_contexts(vocab_size, context_len)?;
        match self {
            NetKind::Table => {
                let fits = context_len == 1
                    || contexts
                        .checked_mul(vocab_size as u64)
                        .is_some_and(|n| n <= DENSE_LIMIT);
                check_param(
                    fits,
                    "context length",
                    context_len,
                    &format!(
                        "a table net's W has V^K x V entries, which must be at most \
                         {DENSE_LIMIT} (V = {vocab_size})"
                    ),
                )?;
                Ok(contexts as usize)
            }
            NetKind::Concat => Ok(context_len * vocab_size),
        }
    }

    /// The rows of `W` that `context` (below `V^K`) picks, one per block: `[context]` for the
    /// table net, `k * V + t_k` for each token `t_k` of the context (oldest first) for the
    /// concatenated one.
    pub(super) fn rows_of(
        self,
        context: usize,
        vocab_size: usize,
        context_len: usize,
    ) -> Vec<usize> {
        match self {
            NetKind::Table => vec![context],
            NetKind::Concat => {
                let mut rows = vec![0; context_len];
                let mut rest = context;
                for (k, row) in rows.iter_mut().enumerate().rev() {
                    *row = k * vocab_size + rest % vocab_size;
                    rest /= vocab_size;
                }
                rows
            }
        }
    }

    /// How many rows of `W` each context picks: 1, or K.
    pub(super) fn blocks(self, context_len: usize) -> usize {
        match self {
            NetKind::Table => 1,
            NetKind::Concat => context_len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_picks_its_rows() {
        // V = 3, K = 2: context 5 is the tokens (1, 2).
        assert_eq!(NetKind::Table.rows_of(5, 3, 2), [5]);
        assert_eq!(NetKind::Concat.rows_of(5, 3, 2), [1, 3 + 2]);
        assert_eq!(NetKind::Concat.rows_of(0, 3, 3), [0, 3, 6]);
        assert_eq!(NetKind::Concat.blocks(3), 3);
        assert_eq!(NetKind::Table.blocks(3), 1);
    }
}
