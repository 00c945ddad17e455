//! An SVG document: shown inline in evcxr, written to a file atomically.

use std::fmt;
use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea, SVGBackend, WHITE};

use crate::error::{Error, Result};

/// An SVG document.
///
/// ```
/// use makemore::show::plot::Svg;
///
/// let svg = Svg::new("<svg/>");
/// assert_eq!(svg.to_string(), "<svg/>");
/// assert_eq!(svg.into_string(), "<svg/>");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Svg(String);

impl Svg {
    /// Wraps SVG text.
    ///
    /// ```
    /// let svg = makemore::show::plot::Svg::new("<svg/>");
    /// assert_eq!(svg.as_str(), "<svg/>");
    /// ```
    pub fn new(text: impl Into<String>) -> Self {
        Svg(text.into())
    }

    /// The SVG text.
    ///
    /// ```
    /// assert_eq!(makemore::show::plot::Svg::new("<svg/>").as_str(), "<svg/>");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SVG text, owned.
    ///
    /// ```
    /// let text: String = makemore::show::plot::Svg::new("<svg/>").into_string();
    /// assert_eq!(text, "<svg/>");
    /// ```
    pub fn into_string(self) -> String {
        self.0
    }

    /// Writes the SVG to a file, or to standard output if `path` is `-`. A regular file is
    /// written to a temporary file beside it and renamed into place, so a failure never leaves
    /// half a file; it keeps its permissions, and through a symlink the link's target is
    /// replaced. A device or a FIFO (`/dev/stdout`, a pipe) is written directly, never replaced; a
    /// directory, or a file the user may not write, is an error.
    ///
    /// ```
    /// let path = std::env::temp_dir().join("makemore-doc-save.svg");
    /// makemore::show::plot::Svg::new("<svg/>").save(&path)?;
    /// assert_eq!(std::fs::read_to_string(&path).unwrap(), "<svg/>");
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        crate::fsio::write_file(path.as_ref(), self.0.as_bytes())
    }

    /// Shows the picture in an evcxr Jupyter cell, as SVG inline in HTML (MIME type `text/html`):
    /// JupyterLab then keeps the picture live, so hovering a heatmap's cell shows its tooltip (an
    /// `image/svg+xml` output is shown as an image, which drops them). evcxr calls this when a
    /// cell ends with an `Svg` value.
    ///
    /// ```
    /// makemore::show::plot::Svg::new("<svg/>").evcxr_display(); // prints the evcxr display protocol
    /// ```
    pub fn evcxr_display(&self) {
        println!("{}", evcxr_html(&self.0));
    }
}

/// HTML as one piece of content in evcxr's display protocol.
pub(crate) fn evcxr_html(html: &str) -> String {
    format!("EVCXR_BEGIN_CONTENT text/html\n{html}\nEVCXR_END_CONTENT")
}

/// The SVG text of a white picture of `size` pixels on which `draw` draws with plotters' SVG
/// backend; plotters' errors as an [`Error::Draw`] of `what` (e.g. "heatmap").
pub(super) fn plotters_svg(
    what: &'static str,
    size: (u32, u32),
    draw: impl FnOnce(
        &DrawingArea<SVGBackend, Shift>,
    ) -> Result<(), DrawingAreaErrorKind<std::io::Error>>,
) -> Result<String> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        let drawn = root.fill(&WHITE).and_then(|()| draw(&root));
        drawn
            .and_then(|()| root.present())
            .map_err(|err| Error::Draw {
                what,
                reason: err.to_string(),
            })?;
    }
    Ok(text)
}

impl fmt::Display for Svg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn save_into_a_missing_directory_is_an_error_and_leaves_nothing() {
        let dir = std::env::temp_dir().join(format!("makemore-svg-{}", std::process::id()));
        let err = Svg::new("<svg/>").save(dir.join("sub/x.svg")).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert!(!dir.exists());
    }

    #[test]
    fn save_onto_a_directory_is_an_error() {
        let dir = std::env::temp_dir();
        assert!(matches!(
            Svg::new("<svg/>").save(&dir),
            Err(Error::IsDirectory { .. })
        ));
    }
}
