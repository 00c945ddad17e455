//! Where everything of a heatmap goes, in pixels: the cells, the labels, the title, and the sizes
//! of their text.

/// The largest picture, in pixels along either side: a bigger one is an error, not a huge file.
///
/// ```
/// use makemore::show::plot::Heatmap;
///
/// let wide = ndarray::Array2::<f32>::zeros((1, 100_000));
/// let err = Heatmap::values(&wide).annotate(false).cell_size(1).render().unwrap_err();
/// assert!(err.to_string().contains("over the 30000 px limit"), "{err}");
/// ```
pub const MAX_SIDE: u64 = 30_000;

/// Width of one character in ems, generous enough for the digits of common sans-serif fonts
/// (DejaVu Sans: 0.636), used to fit annotations into their cells.
pub(super) const CHAR_EM: f64 = 0.64;
/// The white border around the picture, in pixels.
pub(super) const MARGIN: u32 = 10;

/// Where everything goes, in pixels.
pub(super) struct Layout {
    pub(super) width: u32,
    pub(super) height: u32,
    /// The top-left corner of the grid of cells.
    pub(super) x0: i32,
    pub(super) y0: i32,
    pub(super) annotation_px: f64,
    pub(super) label_px: f64,
    pub(super) title_px: f64,
}

impl Layout {
    /// Where everything goes with `rows` x `cols` cells of `cell_size` px whose longest text has
    /// `widest_text` characters, these row labels (left of the grid), column labels (above it)
    /// if `col_labels`, and this title.
    pub(super) fn new(
        (rows, cols): (usize, usize),
        cell_size: u32,
        widest_text: usize,
        row_labels: Option<&[String]>,
        col_labels: bool,
        title: Option<&str>,
    ) -> Layout {
        let cell = f64::from(cell_size);
        // Annotations: about 27% of the cell, smaller when the longest text would not fit in 90%.
        let annotation_px = (cell * 0.27).min(cell * 0.9 / (widest_text as f64 * CHAR_EM));
        let label_px = (cell * 0.36).clamp(6.0, 16.0);
        let title_px = 20.0f64;
        let widest = row_labels.map(|l| l.iter().map(|s| s.chars().count()).max().unwrap_or(0));
        let left = widest.map_or(0.0, |n| (n as f64 * CHAR_EM * label_px).ceil() + 12.0);
        let top = if col_labels {
            (label_px * 1.2).ceil() + 8.0
        } else {
            0.0
        };
        let title_h = title.map_or(0.0, |_| (title_px * 1.5).ceil());
        let x0 = f64::from(MARGIN) + left;
        let y0 = f64::from(MARGIN) + title_h + top;
        let grid_w = cols as f64 * cell;
        let grid_h = rows as f64 * cell;
        let title_w = title.map_or(0.0, |t| {
            t.chars().count() as f64 * CHAR_EM * title_px + 2.0 * f64::from(MARGIN)
        });
        // Saturating float-to-int casts: an absurd size is caught by the caller's limit.
        let width = (x0 + grid_w + f64::from(MARGIN)).max(title_w).ceil() as u32;
        let height = (y0 + grid_h + f64::from(MARGIN)).ceil() as u32;
        Layout {
            width,
            height,
            x0: x0 as i32,
            y0: y0 as i32,
            annotation_px,
            label_px,
            title_px,
        }
    }

    /// Whether the picture is within [`MAX_SIDE`] both ways.
    pub(super) fn fits(&self) -> bool {
        u64::from(self.width.max(self.height)) <= MAX_SIDE
    }
}
