//! How counts become probabilities: add k to every count (the lecture's smoothing), or
//! Kneser-Ney (see [`crate::counting::kneser_ney`]). [`crate::counting::Model::from_counts`] builds either
//! model from counts (a plain number k is add-k); the command-line tool's `--smoothing` parses a [`Smoothing`] with its [`FromStr`]: a
//! number k >= 0, or `kn`.
//!
//! ```
//! use makemore::{counting::{Counts, Model, Smoothing}, data::Dataset};
//!
//! assert_eq!("1".parse::<Smoothing>()?, Smoothing::AddK(1.0));
//! let kn: Smoothing = "kn".parse()?;
//! assert_eq!(kn, Smoothing::ModifiedKneserNey);
//! assert_eq!(kn.with_discount(0.9)?, Smoothing::KneserNey(0.9));
//!
//! let words = Dataset::from_items(["emma", "olivia", "ava"])?;
//! let counts = Counts::from_dataset(&words, 2)?;
//! let model = Model::from_counts(&counts, kn)?;
//! assert_ne!(model, Model::from_counts(&counts, 1.0)?); // 1.0 is Smoothing::AddK(1.0)
//! # Ok::<(), makemore::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result, check_param, check_smoothing};

/// How a counted model turns counts into probabilities.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Smoothing {
    /// Add k (finite, >= 0) to every count, then normalise each row: `(N + k) / rowsum`.
    AddK(f32),
    /// Interpolated Kneser-Ney: take this one discount D, in (0, 1), from every count at every
    /// context length and interpolate with the shorter contexts.
    KneserNey(f64),
    /// Modified Kneser-Ney: three discounts per context length (D1, D2, D3+), estimated from its
    /// counts of counts (or [`crate::counting::kneser_ney::FALLBACK`] where they cannot be).
    ModifiedKneserNey,
}

/// The lecture's smoothing: add one to every count.
///
/// ```
/// assert_eq!(makemore::counting::Smoothing::default(), makemore::counting::Smoothing::AddK(1.0));
/// ```
impl Default for Smoothing {
    fn default() -> Self {
        Smoothing::AddK(1.0)
    }
}

/// A number k is add-k: `Model::from_counts(&counts, 1.0)` is the lecture's +1 smoothing.
///
/// ```
/// use makemore::counting::Smoothing;
///
/// assert_eq!(Smoothing::from(0.5), Smoothing::AddK(0.5));
/// ```
impl From<f32> for Smoothing {
    fn from(k: f32) -> Self {
        Smoothing::AddK(k)
    }
}

impl Smoothing {
    /// Kneser-Ney with this one discount (interpolated Kneser-Ney) instead of modified
    /// Kneser-Ney's estimated ones. The discount must be in (0, 1), and only Kneser-Ney takes
    /// one: either mistake is an [`Error::InvalidParameter`] named "discount".
    ///
    /// ```
    /// use makemore::counting::Smoothing;
    ///
    /// let kn: Smoothing = "kn".parse()?;
    /// assert!(kn.with_discount(1.0).is_err());
    /// assert!(kn.with_discount(f64::NAN).is_err());
    /// let err = Smoothing::AddK(1.0).with_discount(0.5).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid discount = 0.5: only Kneser-Ney smoothing (kn) takes a discount, not add-k (k = 1)"
    /// );
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn with_discount(self, discount: f64) -> Result<Self> {
        match self {
            Smoothing::KneserNey(_) | Smoothing::ModifiedKneserNey => {
                let smoothing = Smoothing::KneserNey(discount);
                smoothing.check()?;
                Ok(smoothing)
            }
            Smoothing::AddK(k) => Err(Error::invalid(
                "discount",
                discount,
                format!("only Kneser-Ney smoothing (kn) takes a discount, not add-k (k = {k})"),
            )),
        }
    }

    /// Checks the parameter: k finite and >= 0, a fixed discount in (0, 1).
    ///
    /// ```
    /// use makemore::counting::Smoothing;
    ///
    /// assert!(Smoothing::AddK(0.0).check().is_ok());
    /// assert!(Smoothing::AddK(-1.0).check().is_err());
    /// assert!(Smoothing::KneserNey(0.0).check().is_err());
    /// ```
    pub fn check(self) -> Result<()> {
        match self {
            Smoothing::AddK(k) => check_smoothing(k),
            Smoothing::ModifiedKneserNey => Ok(()),
            Smoothing::KneserNey(d) => check_param(
                d > 0.0 && d < 1.0,
                "discount",
                d,
                "must be a number strictly between 0 and 1",
            ),
        }
    }
}

/// A number k (add-k; finite and >= 0) or `kn` (modified Kneser-Ney). Anything else is an
/// [`Error::InvalidParameter`] named "smoothing" that says what is accepted.
///
/// ```
/// use makemore::counting::Smoothing;
///
/// assert_eq!("0.5".parse::<Smoothing>()?, Smoothing::AddK(0.5));
/// let err = "foo".parse::<Smoothing>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid smoothing = foo: must be a number k >= 0 (add k to every count) or kn (Kneser-Ney)"
/// );
/// assert_eq!(
///     "-1".parse::<Smoothing>().unwrap_err().to_string(),
///     "invalid smoothing = -1: must be finite and >= 0"
/// );
/// # Ok::<(), makemore::Error>(())
/// ```
impl FromStr for Smoothing {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        if text == "kn" {
            return Ok(Smoothing::ModifiedKneserNey);
        }
        let Ok(k) = text.parse::<f32>() else {
            let reason = "must be a number k >= 0 (add k to every count) or kn (Kneser-Ney)";
            return Err(Error::invalid("smoothing", text, reason));
        };
        check_smoothing(k)?;
        Ok(Smoothing::AddK(k))
    }
}

/// `k` for add-k (as `--smoothing` takes it), `kn` for modified Kneser-Ney, `kn, discount D`
/// for one fixed discount.
///
/// ```
/// use makemore::counting::Smoothing;
///
/// assert_eq!(Smoothing::AddK(1.0).to_string(), "1");
/// assert_eq!(Smoothing::ModifiedKneserNey.to_string(), "kn");
/// assert_eq!(Smoothing::KneserNey(0.9).to_string(), "kn, discount 0.9");
/// ```
impl fmt::Display for Smoothing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Smoothing::AddK(k) => write!(f, "{k}"),
            Smoothing::ModifiedKneserNey => f.write_str("kn"),
            // `{:?}`: `1e-300` rather than 300 zeros.
            Smoothing::KneserNey(d) => write!(f, "kn, discount {d:?}"),
        }
    }
}
