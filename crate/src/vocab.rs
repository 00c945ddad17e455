//! The vocabulary: characters to indices (`stoi`) and back (`itos`).
//!
//! As in the lecture, index 0 is the start/end token '.', followed by the sorted set of characters
//! that occur in the data. For names.txt that is a..z at 1..26, 27 in all. Nothing assumes a..z:
//! any Unicode characters work, sorted by code point, and data that holds '.' (domain names,
//! sentences) takes another start/end token ([`Vocab::from_dataset_with`]).
//!
//! ```
//! use makemore::{data::Dataset, vocab::Vocab};
//!
//! let vocab = Vocab::from_dataset(&Dataset::from_items(["emma", "ava"])?);
//! assert_eq!(vocab.to_string(), ".aemv");
//! assert_eq!(vocab.stoi('e'), Some(2));
//! assert_eq!(vocab.itos(0), Some('.'));
//! # Ok::<(), makemore::Error>(())
//! ```

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result, check_indices, check_param};

/// The lecture's start/end token, at index 0 of every vocabulary unless another is chosen
/// ([`Vocab::boundary`]).
pub const BOUNDARY: char = '.';

/// The largest vocabulary, [`BOUNDARY`] included: 4096 characters. The model is a V x V table,
/// so this keeps the counts `N`, the probabilities `P` and the weights `W` under 64 MiB each. A
/// data set with more distinct characters is an error naming the line where it passes the limit.
///
/// ```
/// use makemore::vocab::{MAX_SIZE, Vocab};
///
/// let chars = (0..MAX_SIZE as u32).map(|i| char::from_u32(0x4e00 + i).unwrap());
/// assert!(Vocab::from_chars(chars.clone().take(MAX_SIZE - 1)).is_ok());
/// assert!(Vocab::from_chars(chars).is_err());
/// ```
pub const MAX_SIZE: usize = 4096;

/// An ordered set of characters: the start/end token ([`BOUNDARY`] unless another is chosen) at
/// 0, then the data's characters in sorted order.
///
/// It serialises as one string (`".abc...z"`), the start/end token first: that is how model files
/// store it, and so how they record the token.
///
/// ```
/// use makemore::vocab::Vocab;
///
/// let vocab = Vocab::from_chars("hello".chars())?;
/// assert_eq!(vocab.chars(), ['.', 'e', 'h', 'l', 'o']);
/// assert_eq!(serde_json::to_string(&vocab).unwrap(), "\".ehlo\"");
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Vocab {
    itos: Vec<char>,
    stoi: HashMap<char, usize>,
    /// `stoi` for ASCII characters without hashing ([`NOT_ASCII_IN`] for those not in it).
    ascii: [u16; 128],
}

/// An ASCII character that is not in the vocabulary, in `Vocab::ascii`.
const NOT_ASCII_IN: u16 = u16::MAX;

impl Vocab {
    /// The vocabulary quoted for an error message: whole up to 64 characters, else its first 64
    /// and `…` (a line, not a page, for thousands of characters).
    ///
    /// ```
    /// use makemore::vocab::Vocab;
    ///
    /// assert_eq!(Vocab::from_chars("ab".chars())?.brief(), "\".ab\"");
    /// let many = Vocab::from_chars((0x4e00..0x4e00 + 100).filter_map(char::from_u32))?;
    /// assert_eq!(many.brief().chars().count(), 2 + 64 + 1); // quotes, 64 characters, …
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn brief(&self) -> String {
        let chars = self.chars();
        let shown: String = chars.iter().take(64).collect();
        format!(
            "{:?}",
            if chars.len() > 64 {
                shown + "…"
            } else {
                shown
            }
        )
    }

    /// The vocabulary of a data set: '.' then every other character that occurs in its items,
    /// sorted. It takes any items (a [`Dataset`](crate::data::Dataset) is a list of items), and is
    /// meant for checked ones: a `Dataset`'s items hold no control character and fewer than
    /// [`MAX_SIZE`] distinct characters. For unchecked characters use [`Vocab::from_chars`].
    ///
    /// ```
    /// use makemore::{data::Dataset, vocab::Vocab};
    ///
    /// let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
    /// let vocab = Vocab::from_dataset(&words);
    /// assert_eq!(vocab.len(), 27);
    /// assert_eq!(vocab.to_string(), ".abcdefghijklmnopqrstuvwxyz");
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_dataset<I>(items: I) -> Vocab
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        Self::build(BOUNDARY, Self::chars_of(items, BOUNDARY))
    }

    /// [`Vocab::from_dataset`] with another start/end token than '.', for data that holds dots:
    /// `boundary` at 0, then every other character of the items, sorted. The token must be a
    /// visible character (not whitespace, not a control character); if not, an error naming
    /// `boundary`.
    ///
    /// ```
    /// use makemore::{data::{Dataset, LoadOptions}, vocab::Vocab};
    ///
    /// let options = LoadOptions { boundary: '#', ..LoadOptions::default() };
    /// let sites = Dataset::parse_with("a.io\nb.ai", "sites", options)?;
    /// let vocab = Vocab::from_dataset_with(&sites, sites.boundary())?;
    /// assert_eq!(vocab.to_string(), "#.abio");
    /// assert_eq!((vocab.boundary(), vocab.stoi('.')), ('#', Some(1)));
    /// assert!(Vocab::from_dataset_with(&sites, ' ').is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_dataset_with<I>(items: I, boundary: char) -> Result<Vocab>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        check_boundary(boundary)?;
        Ok(Self::build(boundary, Self::chars_of(items, boundary)))
    }

    /// The distinct characters of the items but `boundary`.
    fn chars_of<I>(items: I, boundary: char) -> BTreeSet<char>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut chars = BTreeSet::new();
        for item in items {
            chars.extend(item.as_ref().chars().filter(|&c| c != boundary));
        }
        chars
    }

    /// The vocabulary of any characters: '.' then the distinct characters, sorted. A '.' among
    /// them is an error, since it is reserved, and so is a control character (no item holds
    /// one) or more than [`MAX_SIZE`]` - 1` characters.
    ///
    /// ```
    /// use makemore::vocab::Vocab;
    ///
    /// assert_eq!(Vocab::from_chars("cab".chars())?.to_string(), ".abc");
    /// assert!(Vocab::from_chars("a.b".chars()).is_err());
    /// assert!(Vocab::from_chars("a\nb".chars()).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_chars(chars: impl IntoIterator<Item = char>) -> Result<Vocab> {
        Self::from_chars_with(chars, BOUNDARY)
    }

    /// [`Vocab::from_chars`] with another start/end token than '.': `boundary` (a visible
    /// character) then the distinct characters, sorted; `boundary` among them is an error.
    ///
    /// ```
    /// use makemore::vocab::Vocab;
    ///
    /// let vocab = Vocab::from_chars_with("b.a".chars(), '#')?;
    /// assert_eq!(vocab.chars(), ['#', '.', 'a', 'b']);
    /// assert!(Vocab::from_chars_with("a#".chars(), '#').is_err());
    /// assert!(Vocab::from_chars_with("ab".chars(), '\n').is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn from_chars_with(chars: impl IntoIterator<Item = char>, boundary: char) -> Result<Vocab> {
        check_boundary(boundary)?;
        let chars: BTreeSet<char> = chars.into_iter().collect();
        if chars.contains(&boundary) {
            return Err(Error::InvalidVocab {
                chars: chars.into_iter().collect(),
                reason: format!("{boundary:?} is reserved as the start/end token"),
            });
        }
        if let Some(ch) = chars.iter().find(|c| c.is_control()) {
            return Err(Error::InvalidVocab {
                chars: chars.iter().take(10).collect(),
                reason: format!("control character {ch:?}: items cannot hold one"),
            });
        }
        if chars.len() >= MAX_SIZE {
            return Err(Error::InvalidVocab {
                chars: chars.iter().take(10).chain(['…'].iter()).collect(),
                reason: format!(
                    "{} characters besides {boundary:?}, at most {} fit",
                    chars.len(),
                    MAX_SIZE - 1
                ),
            });
        }
        Ok(Self::build(boundary, chars))
    }

    fn build(boundary: char, chars: BTreeSet<char>) -> Vocab {
        let itos: Vec<char> = std::iter::once(boundary).chain(chars).collect();
        let stoi = itos.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let mut ascii = [NOT_ASCII_IN; 128];
        for (i, &c) in itos.iter().enumerate() {
            if c.is_ascii() {
                ascii[c as usize] = i as u16; // at most MAX_SIZE entries
            }
        }
        Vocab { itos, stoi, ascii }
    }

    /// Number of entries, the start/end token included (27 for names.txt).
    ///
    /// ```
    /// assert_eq!(makemore::vocab::Vocab::from_chars("ab".chars())?.len(), 3);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    #[allow(clippy::len_without_is_empty)] // never empty: the start/end token is always there
    pub fn len(&self) -> usize {
        self.itos.len()
    }

    /// The start/end token, at index 0: [`BOUNDARY`] ('.') unless another was chosen.
    ///
    /// ```
    /// use makemore::vocab::Vocab;
    ///
    /// assert_eq!(Vocab::from_chars("ab".chars())?.boundary(), '.');
    /// assert_eq!(Vocab::from_chars_with("a.b".chars(), '#')?.boundary(), '#');
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn boundary(&self) -> char {
        self.itos[0]
    }

    /// The index of a character (the lecture's `stoi[ch]`), or `None` if it is not in the vocabulary.
    ///
    /// ```
    /// let vocab = makemore::vocab::Vocab::from_chars('a'..='z')?;
    /// assert_eq!(vocab.stoi('a'), Some(1));
    /// assert_eq!(vocab.stoi('.'), Some(0));
    /// assert_eq!(vocab.stoi('A'), None);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    #[inline]
    pub fn stoi(&self, ch: char) -> Option<usize> {
        if ch.is_ascii() {
            let ix = self.ascii[ch as usize];
            return (ix != NOT_ASCII_IN).then_some(ix as usize);
        }
        self.stoi.get(&ch).copied()
    }

    /// The character at an index (the lecture's `itos[ix]`), or `None` past the end.
    ///
    /// ```
    /// let vocab = makemore::vocab::Vocab::from_chars('a'..='z')?;
    /// assert_eq!(vocab.itos(26), Some('z'));
    /// assert_eq!(vocab.itos(27), None);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn itos(&self, index: usize) -> Option<char> {
        self.itos.get(index).copied()
    }

    /// All characters in index order.
    ///
    /// ```
    /// let vocab = makemore::vocab::Vocab::from_chars("ba".chars())?;
    /// assert_eq!(vocab.chars(), ['.', 'a', 'b']);
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn chars(&self) -> &[char] {
        &self.itos
    }

    /// The index of a character, or an [`Error::UnknownChar`] naming it and `item`.
    ///
    /// ```
    /// let vocab = makemore::vocab::Vocab::from_chars('a'..='z')?;
    /// assert_eq!(vocab.index_of('e', "emma")?, 5);
    /// assert!(vocab.index_of('É', "Émile").is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn index_of(&self, ch: char, item: &str) -> Result<usize> {
        self.stoi(ch).ok_or_else(|| Error::UnknownChar {
            ch,
            item: item.into(),
        })
    }

    /// The indices of an item's characters (no start/end tokens). Fails on a character outside
    /// the vocabulary and on the start/end token ('.'), which is not a character of any item.
    ///
    /// ```
    /// let vocab = makemore::vocab::Vocab::from_chars('a'..='z')?;
    /// assert_eq!(vocab.encode("emma")?, [5, 13, 13, 1]);
    /// assert!(vocab.encode("em.ma").is_err());
    /// assert!(vocab.encode("Emma").is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn encode(&self, item: &str) -> Result<Vec<usize>> {
        item.chars().map(|ch| self.check_char(ch, item)).collect()
    }

    /// The index of a character of `item`: an error for the start/end token or a character
    /// outside the vocabulary.
    #[inline]
    pub(crate) fn check_char(&self, ch: char, item: &str) -> Result<usize> {
        if ch == self.boundary() {
            Err(Error::ReservedInItem {
                ch,
                item: item.into(),
            })
        } else {
            self.index_of(ch, item)
        }
    }

    /// The characters at these indices, as a string (index 0 gives the start/end token).
    ///
    /// ```
    /// let vocab = makemore::vocab::Vocab::from_chars('a'..='z')?;
    /// assert_eq!(vocab.decode(&[5, 13, 13, 1, 0])?, "emma.");
    /// assert!(vocab.decode(&[27]).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn decode(&self, indices: &[usize]) -> Result<String> {
        check_indices(indices, self.len())?;
        Ok(indices.iter().map(|&index| self.itos[index]).collect())
    }
}

/// Checks that `name`, over the characters and K of `given`, is what it is used with: the same
/// characters and the same K as `expected` (`expected_by` says whose, e.g. "the model has"),
/// else an [`Error::InvalidParameter`] that shows both.
pub(crate) fn check_same_space(
    name: &'static str,
    (vocab, k): (&Vocab, usize),
    expected_by: &str,
    (expected_vocab, expected_k): (&Vocab, usize),
) -> Result<()> {
    check_param(
        vocab == expected_vocab && k == expected_k,
        name,
        format!("K = {k} over the vocabulary {}", vocab.brief()),
        &format!(
            "{expected_by} K = {expected_k} over the vocabulary {}; both must be the same",
            expected_vocab.brief()
        ),
    )
}

impl fmt::Display for Vocab {
    /// The characters in index order, e.g. `.abcdefghijklmnopqrstuvwxyz`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.itos.iter().try_for_each(|c| write!(f, "{c}"))
    }
}

impl fmt::Debug for Vocab {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Vocab({:?})", self.to_string())
    }
}

impl TryFrom<String> for Vocab {
    type Error = Error;

    /// Parses the serialised form: the start/end token first, then strictly increasing
    /// characters.
    ///
    /// ```
    /// use makemore::vocab::Vocab;
    ///
    /// assert!(Vocab::try_from(".abc".to_string()).is_ok());
    /// assert_eq!(Vocab::try_from("#.ab".to_string())?.boundary(), '#');
    /// assert!(Vocab::try_from("".to_string()).is_err()); // no start/end token
    /// assert!(Vocab::try_from(".cab".to_string()).is_err()); // not sorted
    /// # Ok::<(), makemore::Error>(())
    /// ```
    fn try_from(s: String) -> Result<Vocab> {
        let invalid = |reason: &str| Error::InvalidVocab {
            chars: s.clone(),
            reason: reason.into(),
        };
        let mut chars = s.chars();
        let boundary = chars
            .next()
            .ok_or_else(|| invalid("must start with the start/end token, e.g. '.'"))?;
        let chars: Vec<char> = chars.collect();
        if chars.windows(2).any(|w| w[0] >= w[1]) {
            return Err(invalid(
                "characters after the start/end token must be sorted and distinct",
            ));
        }
        if chars.contains(&boundary) {
            return Err(invalid("the start/end token may only appear first"));
        }
        Vocab::from_chars_with(chars, boundary)
    }
}

/// A start/end token must be a visible character, a letter, digit, punctuation or symbol by its
/// Unicode category: not whitespace (it would not show where a sampled name ends), not a control
/// character (no item may hold one), nor a format character (U+200B, a byte-order mark) or a
/// combining one (U+0301), which show nothing of their own.
pub(crate) fn check_boundary(boundary: char) -> Result<()> {
    use unicode_properties::{GeneralCategoryGroup::*, UnicodeGeneralCategory as _};
    check_param(
        matches!(
            boundary.general_category_group(),
            Letter | Number | Punctuation | Symbol
        ),
        "start/end token",
        format!("{boundary:?}"),
        "must be a visible character (a letter, digit, punctuation or symbol), not whitespace, a control, format or combining character; choose another with --boundary",
    )
}

impl From<Vocab> for String {
    fn from(vocab: Vocab) -> String {
        vocab.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_error_quotes_at_most_64_characters_of_the_vocabulary() {
        let letters = Vocab::from_chars('a'..='z').unwrap();
        assert_eq!(letters.brief(), "\".abcdefghijklmnopqrstuvwxyz\"");
        let many = Vocab::from_chars((0x4e00..0x4e00 + 3000).filter_map(char::from_u32)).unwrap();
        let shown: String = many.chars().iter().take(64).collect();
        assert_eq!(many.brief(), format!("\"{shown}…\""));
        let err = crate::counting::context::context_index(&many, "a").unwrap_err();
        assert!(err.to_string().ends_with("…\""), "{err}");
    }

    #[test]
    fn names_alphabet_is_dot_then_a_to_z() {
        let vocab = Vocab::from_chars("zyxabc".chars()).unwrap();
        assert_eq!(vocab.to_string(), ".abcxyz");
        for (i, c) in vocab.chars().iter().enumerate() {
            assert_eq!(vocab.stoi(*c), Some(i));
        }
    }

    #[test]
    fn unicode_characters_sort_by_code_point() {
        let vocab = Vocab::from_chars("żaé".chars()).unwrap();
        assert_eq!(vocab.chars(), ['.', 'a', 'é', 'ż']);
    }

    #[test]
    fn serde_round_trip_and_rejects_bad_strings() {
        let vocab = Vocab::from_chars('a'..='z').unwrap();
        let json = serde_json::to_string(&vocab).unwrap();
        assert_eq!(json, "\".abcdefghijklmnopqrstuvwxyz\"");
        assert_eq!(serde_json::from_str::<Vocab>(&json).unwrap(), vocab);
        for bad in [
            "\"\"", "\".aa\"", "\".ba\"", "\"..a\"", "\" ab\"", "\"a.ab\"",
        ] {
            assert!(serde_json::from_str::<Vocab>(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn decode_encode_is_identity(item in "[a-zé李ß]{0,20}") {
            let vocab = Vocab::from_chars(item.chars()).unwrap();
            let encoded = vocab.encode(&item).unwrap();
            prop_assert!(encoded.iter().all(|&i| i >= 1 && i < vocab.len()));
            prop_assert_eq!(vocab.decode(&encoded).unwrap(), item);
        }
    }
}
