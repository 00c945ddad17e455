//! What the commands share about `--smoothing` and `--discount`: the smoothing they ask for, and
//! that a model file (a trained net) has no counts to smooth.

use std::path::Path;

use makemore::{Error, Result, counting::Smoothing};

/// The smoothing of `--smoothing` (the lecture's add-one if not given) with `--discount` (only
/// with `kn`; checked by the library).
pub fn smoothing(flag: Option<Smoothing>, discount: Option<f64>) -> Result<Smoothing> {
    let smoothing = flag.unwrap_or_default();
    match discount {
        Some(d) => smoothing.with_discount(d),
        None => Ok(smoothing),
    }
}

/// With `--model`, neither `--smoothing` nor `--discount`: a trained net has no counts to smooth.
pub fn check_net_unsmoothed(
    path: &Path,
    flag: Option<Smoothing>,
    discount: Option<f64>,
) -> Result<()> {
    let (name, value) = match (flag, discount) {
        (Some(smoothing), _) => ("smoothing", smoothing.to_string()),
        (None, Some(d)) => ("discount", d.to_string()),
        (None, None) => return Ok(()),
    };
    Err(Error::InvalidParameter {
        name,
        value,
        reason: format!(
            "--model {} is a trained net, with no counts to smooth (smoothing is for the count \
             model, without --model)",
            path.display()
        ),
    })
}
