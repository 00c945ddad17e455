//! What a learner sees: pictures as SVG ([`plot`]), the compact view evcxr shows when a cell ends
//! with one of the crate's values (`display.rs`), and the lecture's moving moments as widgets to
//! play with in the page ([`widget`]).
//!
//! | file | idea |
//! |---|---|
//! | [`plot`] | [`Heatmap`](plot::Heatmap), line charts, bar charts, as SVG |
//! | `display.rs` | what a notebook shows for a `Dataset`, `Vocab`, `Model`, `Counts`, a net, `History` or `Nll` |
//! | [`widget`] | [`Widget`](widget::Widget): the sampler, the smoothing slider, the training replay and the context box |

mod display;
pub mod plot;
pub mod widget;

pub use display::MAX_DRAWN;
