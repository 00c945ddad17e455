//! What the commands share about `--smoothing` and `--discount`: the one conversion to the
//! library's [`Smoothing`], and that a model file (a trained net) has no counts to smooth.

use std::path::Path;

use makemore::counting::{Model, Smoothing, arpa};
use makemore::{Error, Result};

use super::context::is_arpa;

use crate::args::SmoothingArgs;

impl SmoothingArgs {
    /// The smoothing asked for, if either flag is given: `--smoothing` (the lecture's add-one if
    /// only `--discount` is) with `--discount` (only with `kn`; checked by the library).
    pub fn asked(&self) -> Result<Option<Smoothing>> {
        if self.smoothing.is_none() && self.discount.is_none() {
            return Ok(None);
        }
        let smoothing = self.smoothing.unwrap_or_default();
        match self.discount {
            Some(d) => smoothing.with_discount(d).map(Some),
            None => Ok(Some(smoothing)),
        }
    }

    /// The smoothing asked for, or the lecture's add-one.
    pub fn or_default(&self) -> Result<Smoothing> {
        Ok(self.asked()?.unwrap_or_default())
    }

    /// With `--model`, neither flag: a trained net has no counts to smooth.
    pub fn check_net_unsmoothed(&self, path: &Path) -> Result<()> {
        let (name, value) = match (self.smoothing, self.discount) {
            (Some(smoothing), _) => ("smoothing", smoothing.to_string()),
            (None, Some(d)) => ("discount", d.to_string()),
            (None, None) => return Ok(()),
        };
        let kind = match is_arpa(path) {
            true => "a count model saved as ARPA",
            false => "a trained net",
        };
        let reason = format!(
            "--model {} is {kind}, with no counts to smooth (smoothing is for the count model, \
             without --model)",
            path.display()
        );
        Err(Error::invalid(name, value, reason))
    }

    /// `--save-model FILE.arpa`: writes the model there as ARPA, if asked.
    pub fn save(&self, model: &Model) -> Result<()> {
        self.save_model
            .as_ref()
            .map_or(Ok(()), |path| arpa::save(model, path))
    }
}
