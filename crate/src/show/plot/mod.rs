//! Pictures as SVG: shown inline in Jupyter (evcxr) and written to files.
//!
//! Every chart renders to an [`Svg`]. Ending an evcxr cell with an `Svg` shows the picture, since
//! evcxr calls its `evcxr_display` method, which emits the `image/svg+xml` MIME type.
//!
//! ```
//! use makemore::show::plot::Svg;
//!
//! let svg = Svg::new(r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#);
//! assert!(svg.as_str().starts_with("<svg"));
//! ```

pub mod bar;
mod color;
pub mod heatmap;
pub mod line;
mod svg;
mod tooltip;

pub(crate) use color::palette;
pub use heatmap::Heatmap;
pub use svg::Svg;
pub(crate) use svg::evcxr_html;
pub(crate) use tooltip::escape;
