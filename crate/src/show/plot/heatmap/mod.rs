//! The lecture's key picture: a matrix as a heatmap, every cell annotated.
//!
//! [`Heatmap::counts`] draws the count matrix `N` the way the lecture does (`plt.imshow(N,
//! cmap='Blues')` plus a `plt.text` per cell): each cell coloured on matplotlib's Blues scale, with
//! its bigram ("an") above and its count (5438) below. Unlike the lecture's grey text, the text of
//! each cell is black or white, whichever contrasts more with that cell's fill, so every
//! annotation has a WCAG 2.x contrast ratio of at least 4.5 (black or white always reaches 4.58).
//!
//! [`Heatmap::values`] draws any `f32` matrix: probabilities with a chosen precision, or, with
//! `.annotate(false)`, plain coloured cells like `plt.imshow` (one-hot rows, the weights `W` of the
//! neural net; any shape, negative values allowed).
//!
//! ```
//! use makemore::show::plot::Heatmap;
//! use makemore::{counting::bigram, data::Dataset, vocab::Vocab};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let vocab = Vocab::from_dataset(&words);
//! let n = bigram::count_matrix(&vocab, words.items())?;
//! let svg = Heatmap::counts(&vocab, &n).title("bigram counts N").render()?;
//! assert!(svg.as_str().contains(">\nan\n</text>"));
//! assert!(svg.as_str().contains(">\n5438\n</text>"));
//! # let path = std::env::temp_dir().join(format!("makemore-doc-heatmap-{}.svg", std::process::id()));
//! svg.save(&path)?; // or end an evcxr cell with `svg` to see it inline
//! # std::fs::remove_file(&path).unwrap();
//! # Ok::<(), makemore::Error>(())
//! ```
//!
//! | file | what it holds |
//! |---|---|
//! | `chart.rs` | [`Heatmap`]: the builder, its checks, its drawing |
//! | `layout.rs` | the picture's geometry: margins, label widths, the cells' size, [`MAX_SIDE`] |
//! | `top.rs` | [`Heatmap::top`]: only the rows and columns of the largest totals |

mod chart;
mod layout;
mod top;

pub use chart::{
    DEFAULT_CELL_SIZE, Heatmap, MAX_CELL_SIZE, MAX_PRECISION, MIN_ANNOTATED_CELL_SIZE,
};
pub use layout::MAX_SIDE;
