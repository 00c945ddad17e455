//! The heatmap itself: the [`Heatmap`] builder, its checks and its drawing.

use ndarray::{Array1, Array2, ArrayView2, Axis};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{Layout, MARGIN, MAX_SIDE};
use crate::error::{Error, Result, check_param};
use crate::show::plot::color::{blues, contrast};
use crate::show::plot::svg::{Svg, plotters_svg};
use crate::show::plot::tooltip::Elements;
use crate::vocab::Vocab;

/// The default width and height of a cell in pixels: a 27 x 27 matrix is then 1188 px square
/// (1231 x 1236 px with its labels, 30 px more in height with a title), with 12 px annotations.
///
/// ```
/// use makemore::{show::plot::Heatmap, show::plot::heatmap::DEFAULT_CELL_SIZE};
///
/// let svg = Heatmap::values(&ndarray::array![[1.0f32]]).render()?;
/// assert!(svg.as_str().contains(&format!("width=\"{DEFAULT_CELL_SIZE}\"")));
/// # Ok::<(), makemore::Error>(())
/// ```
pub const DEFAULT_CELL_SIZE: u32 = 44;
/// The smallest cell that can hold two lines of annotation; smaller cells need `.annotate(false)`.
///
/// ```
/// use makemore::{show::plot::Heatmap, show::plot::heatmap::MIN_ANNOTATED_CELL_SIZE};
///
/// let small = Heatmap::values(&ndarray::array![[1.0f32]]).cell_size(MIN_ANNOTATED_CELL_SIZE - 1);
/// assert!(small.clone().render().is_err());
/// assert!(small.annotate(false).render().is_ok());
/// ```
pub const MIN_ANNOTATED_CELL_SIZE: u32 = 24;
/// The largest cell, in pixels.
///
/// ```
/// use makemore::{show::plot::Heatmap, show::plot::heatmap::MAX_CELL_SIZE};
///
/// let one = ndarray::array![[1.0f32]];
/// assert!(Heatmap::values(&one).cell_size(MAX_CELL_SIZE).render().is_ok());
/// assert!(Heatmap::values(&one).cell_size(MAX_CELL_SIZE + 1).render().is_err());
/// ```
pub const MAX_CELL_SIZE: u32 = 400;
/// The most decimals [`Heatmap::precision`] accepts.
///
/// ```
/// use makemore::{show::plot::Heatmap, show::plot::heatmap::MAX_PRECISION};
///
/// let one = ndarray::array![[1.0f32]];
/// assert!(Heatmap::values(&one).precision(MAX_PRECISION).render().is_ok());
/// assert!(Heatmap::values(&one).precision(MAX_PRECISION + 1).render().is_err());
/// ```
pub const MAX_PRECISION: usize = 8;

/// plotters' SVG backend writes `font-size` as the style's size divided by 1.24.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// A heatmap of a matrix, built step by step and drawn by [`Heatmap::render`].
///
/// Start from [`Heatmap::counts`] (a count matrix with the vocabulary on both axes) or
/// [`Heatmap::values`] (any `f32` matrix), then adjust with the other methods. Nothing is checked
/// until `render`, which reports bad input (an empty matrix, NaN, labels or a vocabulary that do
/// not fit the matrix, a cell size out of range) as an [`Error`].
///
/// The colour scale is matplotlib's Blues, from the lightest (#f7fbff) at `min(0, smallest value)`
/// to dark navy (#08306b) at `max(0, largest value)`: counts run from 0 to the largest count.
///
/// ```
/// use makemore::show::plot::Heatmap;
/// use makemore::vocab::Vocab;
/// use ndarray::array;
///
/// let vocab = Vocab::from_chars("ab".chars())?; // . a b
/// let n = array![[0u32, 2, 1], [2, 0, 1], [1, 1, 0]];
/// let svg = Heatmap::counts(&vocab, &n).cell_size(60).render()?;
/// assert!(svg.as_str().contains(">\n.a\n</text>"));
/// assert!(svg.as_str().contains("fill=\"#08306B\"")); // the largest count is dark navy
/// assert!(svg.as_str().contains("fill=\"#F7FBFF\"")); // zero is the lightest blue
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Heatmap {
    /// The matrix; every count and every `f32` is exactly an `f64`.
    pub(super) cells: Array2<f64>,
    /// Whether the cells are counts (whole numbers, a row's probability in each tooltip) or
    /// `f32` values.
    pub(super) counts: bool,
    /// `Some(len)` when the labels come from a vocabulary (checked as a shape).
    pub(super) vocab_len: Option<usize>,
    pub(super) row_labels: Option<Vec<String>>,
    pub(super) col_labels: Option<Vec<String>>,
    pub(super) annotate: bool,
    pub(super) precision: usize,
    pub(super) cell_size: u32,
    pub(super) title: Option<String>,
    /// Keep only this many rows and columns (see [`Heatmap::top`]).
    pub(super) top: Option<usize>,
    /// The sums of the whole rows, when [`Heatmap::top`] has left columns out: a count's `p` is
    /// of its whole row.
    pub(super) row_sums: Option<Array1<f64>>,
}

impl Heatmap {
    /// The heatmap of a count matrix `N` (vocabulary x vocabulary): the vocabulary's characters
    /// label the rows and columns, and each cell shows its bigram and its count.
    ///
    /// ```
    /// use makemore::show::plot::Heatmap;
    /// use makemore::{counting::bigram, vocab::Vocab};
    ///
    /// let vocab = Vocab::from_chars("aem".chars())?;
    /// let n = bigram::count_matrix(&vocab, ["emma"])?;
    /// let svg = Heatmap::counts(&vocab, &n).render()?;
    /// assert!(svg.as_str().contains(">\nmm\n</text>"));
    /// // A matrix that does not match the vocabulary is an error.
    /// assert!(Heatmap::counts(&Vocab::from_chars("a".chars())?, &n).render().is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn counts<'a>(vocab: &Vocab, counts: impl Into<ArrayView2<'a, u32>>) -> Heatmap {
        Heatmap::new(counts.into().mapv(f64::from), true).vocab(vocab)
    }

    /// The heatmap of any `f32` matrix (probabilities, one-hot rows, weights), of any shape. No
    /// labels until [`vocab`](Self::vocab), [`row_labels`](Self::row_labels) or
    /// [`col_labels`](Self::col_labels) add them; each cell shows its value with
    /// [`precision`](Self::precision) decimals (2 unless set), below its bigram when both axes are
    /// labelled.
    ///
    /// ```
    /// use makemore::show::plot::Heatmap;
    /// use ndarray::array;
    ///
    /// let w = array![[0.5f32, -1.25, 2.0], [0.0, 1.0, -0.126]];
    /// let svg = Heatmap::values(&w).render()?;
    /// assert!(svg.as_str().contains(">\n-1.25\n</text>"));
    /// assert!(svg.as_str().contains(">\n-0.13\n</text>"));
    /// assert!(Heatmap::values(&array![[f32::NAN]]).render().is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn values<'a>(matrix: impl Into<ArrayView2<'a, f32>>) -> Heatmap {
        Heatmap::new(matrix.into().mapv(f64::from), false)
    }

    fn new(cells: Array2<f64>, counts: bool) -> Heatmap {
        Heatmap {
            cells,
            counts,
            vocab_len: None,
            row_labels: None,
            col_labels: None,
            annotate: true,
            precision: 2,
            cell_size: DEFAULT_CELL_SIZE,
            title: None,
            top: None,
            row_sums: None,
        }
    }

    /// Labels both axes with the vocabulary's characters, so that each cell also shows its bigram
    /// (row character, then column character). The matrix must then be vocabulary x vocabulary.
    ///
    /// ```
    /// use makemore::show::plot::Heatmap;
    /// use makemore::{counting::bigram, vocab::Vocab};
    ///
    /// let vocab = Vocab::from_chars("ab".chars())?;
    /// let p = bigram::probs(&bigram::count_matrix(&vocab, ["ab", "ba"])?, 1.0)?;
    /// let svg = Heatmap::values(&p).vocab(&vocab).precision(3).render()?;
    /// assert!(svg.as_str().contains(">\nab\n</text>"));
    /// assert!(svg.as_str().contains(">\n0.400\n</text>")); // P[a][b] = (1 + 1) / (2 + 3)
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn vocab(mut self, vocab: &Vocab) -> Heatmap {
        let labels: Vec<String> = vocab.chars().iter().map(char::to_string).collect();
        self.vocab_len = Some(vocab.len());
        self.row_labels = Some(labels.clone());
        self.col_labels = Some(labels);
        self
    }

    /// Labels the rows (one label per row, drawn left of the matrix).
    ///
    /// ```
    /// use makemore::show::plot::Heatmap;
    /// use ndarray::Array2;
    ///
    /// let xenc = Array2::<f32>::eye(3);
    /// let svg = Heatmap::values(&xenc).row_labels(["emma[0]", "emma[1]", "emma[2]"]).render()?;
    /// assert!(svg.as_str().contains(">\nemma[1]\n</text>"));
    /// assert!(Heatmap::values(&xenc).row_labels(["too few"]).render().is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn row_labels(self, labels: impl IntoIterator<Item = impl ToString>) -> Heatmap {
        self.label(|h| &mut h.row_labels, labels)
    }

    /// Labels the columns (one label per column, drawn above the matrix).
    ///
    /// ```
    /// use makemore::show::plot::Heatmap;
    /// use makemore::vocab::Vocab;
    /// use ndarray::Array2;
    ///
    /// let vocab = Vocab::from_chars('a'..='z')?;
    /// let xenc = Array2::<f32>::zeros((5, vocab.len()));
    /// let svg = Heatmap::values(&xenc).col_labels(vocab.chars()).annotate(false).render()?;
    /// assert!(svg.as_str().contains(">\nz\n</text>"));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn col_labels(self, labels: impl IntoIterator<Item = impl ToString>) -> Heatmap {
        self.label(|h| &mut h.col_labels, labels)
    }

    /// Sets the labels that `axis` picks: the labels, not a vocabulary, then give the shape.
    fn label(
        mut self,
        axis: fn(&mut Heatmap) -> &mut Option<Vec<String>>,
        labels: impl IntoIterator<Item = impl ToString>,
    ) -> Heatmap {
        *axis(&mut self) = Some(labels.into_iter().map(|l| l.to_string()).collect());
        self.vocab_len = None;
        self
    }

    /// Whether each cell shows its text (true unless set). Without it the picture is like
    /// `plt.imshow`: coloured cells only, which also allows cells down to 1 px.
    ///
    /// ```
    /// use makemore::show::plot::Heatmap;
    /// use ndarray::Array2;
    ///
    /// let w = Array2::<f32>::from_shape_fn((5, 27), |(i, j)| (i * j) as f32 - 20.0);
    /// let svg = Heatmap::values(&w).annotate(false).cell_size(8).render()?;
    /// assert!(!svg.as_str().contains("<text"));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn annotate(mut self, annotate: bool) -> Heatmap {
        self.annotate = annotate;
        self
    }

    /// Decimals of the values shown in the cells of a [`values`](Self::values) heatmap (2 unless
    /// set, at most [`MAX_PRECISION`]). Counts are always whole numbers.
    ///
    /// ```
    /// use makemore::show::plot::Heatmap;
    /// use ndarray::array;
    ///
    /// let svg = Heatmap::values(&array![[0.19634f32]]).precision(3).render()?;
    /// assert!(svg.as_str().contains(">\n0.196\n</text>"));
    /// assert!(Heatmap::values(&array![[1.0f32]]).precision(20).render().is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn precision(mut self, decimals: usize) -> Heatmap {
        self.precision = decimals;
        self
    }

    /// The width and height of every cell in pixels ([`DEFAULT_CELL_SIZE`] unless set; from
    /// [`MIN_ANNOTATED_CELL_SIZE`] with annotations, from 1 without, up to [`MAX_CELL_SIZE`]).
    /// The annotations' font size follows the cell size.
    ///
    /// ```
    /// use makemore::show::plot::Heatmap;
    /// use ndarray::array;
    ///
    /// let svg = Heatmap::values(&array![[1.0f32, 2.0]]).cell_size(100).render()?;
    /// assert!(svg.as_str().contains("width=\"100\" height=\"100\""));
    /// assert!(Heatmap::values(&array![[1.0f32]]).cell_size(10).render().is_err());
    /// assert!(Heatmap::values(&array![[1.0f32]]).cell_size(10).annotate(false).render().is_ok());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn cell_size(mut self, pixels: u32) -> Heatmap {
        self.cell_size = pixels;
        self
    }

    /// A title above the picture.
    ///
    /// ```
    /// use makemore::show::plot::Heatmap;
    /// use ndarray::array;
    ///
    /// let svg = Heatmap::values(&array![[1.0f32]]).title("W & b").render()?;
    /// assert!(svg.as_str().contains(">\nW &amp; b\n</text>"));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn title(mut self, title: impl Into<String>) -> Heatmap {
        self.title = Some(title.into());
        self
    }

    /// Checks the input and draws the heatmap as SVG: one `<rect>` per cell, row by row, each
    /// followed by its text when annotated, in a group `<g data-cell="i,j">` (its row and column
    /// in the picture) with its tooltip. The same input always gives the same bytes.
    ///
    /// ```
    /// use makemore::show::plot::Heatmap;
    /// use ndarray::{array, Array2};
    ///
    /// let svg = Heatmap::values(&array![[0.25f32, 0.75]]).render()?;
    /// assert_eq!(svg.as_str().matches("<rect").count(), 3); // background + 2 cells
    /// assert!(svg.as_str().contains(r#"<g data-cell="0,1"><title>[0, 1]: 0.75</title>"#));
    /// assert!(Heatmap::values(&Array2::<f32>::zeros((0, 3))).render().is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn render(&self) -> Result<Svg> {
        match self.top {
            Some(n) => self.keep_top(n)?.render_all(),
            None => self.render_all(),
        }
    }

    /// [`Heatmap::render`] of every row and column.
    fn render_all(&self) -> Result<Svg> {
        let layout = self.check()?;
        let size = (layout.width, layout.height);
        let buf = plotters_svg("heatmap", size, |root| self.draw(root, &layout))?;
        let (rows, cols) = self.cells.dim();
        let labels = |l: &Option<Vec<String>>| l.as_ref().map_or(0, Vec::len);
        let skip = 1
            + usize::from(self.title.is_some())
            + labels(&self.row_labels)
            + labels(&self.col_labels);
        let texts = match (self.annotate, self.bigram_lines()) {
            (false, _) => 0,
            (true, true) => 2,
            (true, false) => 1,
        };
        let row_sums = (self.row_sums.clone()).unwrap_or_else(|| self.cells.sum_axis(Axis(1)));
        let cells = (0..rows * cols).map(|k| self.tooltip(k / cols, k % cols, row_sums[k / cols]));
        let svg = Elements::parse(&buf, "heatmap").group(skip, 1 + texts, cells)?;
        Ok(Svg::new(svg))
    }

    /// Whether each cell shows its bigram above its value.
    fn bigram_lines(&self) -> bool {
        self.annotate && self.row_labels.is_some() && self.col_labels.is_some()
    }

    /// Cell (i, j)'s mark, ` data-cell="i,j"`, and what hovering over it shows: where it is (its
    /// bigram, when rows and columns are labelled) and its value in full; for counts also the
    /// row's probability `N[i, j] / N[i].sum()` (`row_sum`).
    fn tooltip(&self, i: usize, j: usize, row_sum: f64) -> (String, String) {
        let at = match (&self.row_labels, &self.col_labels) {
            (Some(r), Some(c)) => format!("{}{}", r[i], c[j]),
            (Some(r), None) => format!("{} [{i}, {j}]", r[i]),
            (None, Some(c)) => format!("{} [{i}, {j}]", c[j]),
            (None, None) => format!("[{i}, {j}]"),
        };
        let v = self.cells[[i, j]];
        let tip = match self.counts {
            true if row_sum > 0.0 => format!("{at}: {v} (p = {:.4})", v / row_sum),
            true => format!("{at}: {v}"),
            false => format!("{at}: {}", v as f32),
        };
        (format!(" data-cell=\"{i},{j}\""), tip)
    }

    /// Validates everything and works out the geometry.
    fn check(&self) -> Result<Layout> {
        let (rows, cols) = self.cells.dim();
        check_param(
            rows > 0 && cols > 0,
            "matrix",
            format!("shape ({rows}, {cols})"),
            "a heatmap needs at least one row and one column",
        )?;
        if let Some(v) = self.vocab_len
            && (rows, cols) != (v, v)
        {
            return Err(Error::Shape {
                what: if self.counts {
                    "count matrix"
                } else {
                    "heatmap matrix"
                },
                expected: (v, v),
                found: (rows, cols),
            });
        }
        if let Some(((i, j), v)) = self.cells.indexed_iter().find(|(_, v)| !v.is_finite()) {
            let value = format!("{} at [{i}, {j}]", *v as f32);
            return Err(Error::invalid(
                "matrix",
                value,
                "every value must be finite",
            ));
        }
        for (name, labels, n, what) in [
            ("row_labels", &self.row_labels, rows, "rows"),
            ("col_labels", &self.col_labels, cols, "columns"),
        ] {
            if let Some(labels) = labels {
                check_param(
                    labels.len() == n,
                    name,
                    format!("{} labels", labels.len()),
                    &format!("the matrix has {n} {what}"),
                )?;
            }
        }
        check_param(
            self.precision <= MAX_PRECISION,
            "precision",
            self.precision,
            &format!("must be at most {MAX_PRECISION} decimals"),
        )?;
        let (min_cell, what, smaller) = match self.annotate {
            true => (
                MIN_ANNOTATED_CELL_SIZE,
                "annotated cells ",
                " (smaller cells need .annotate(false))",
            ),
            false => (1, "", ""),
        };
        check_param(
            (min_cell..=MAX_CELL_SIZE).contains(&self.cell_size),
            "cell_size",
            self.cell_size,
            &format!("{what}must be {min_cell} to {MAX_CELL_SIZE} px{smaller}"),
        )?;
        let widest_text = self.widest_text();
        let layout = self.layout(rows, cols, widest_text);
        if layout.fits() {
            return Ok(layout);
        }
        let (cell, width, height) = (self.cell_size, layout.width, layout.height);
        // The most rows and columns that fit: the layout grows with them.
        let sizes: Vec<usize> = (1..rows).collect();
        let fit = sizes.partition_point(|&n| self.layout(n, n, widest_text).fits());
        let fewer = match fit {
            n if n > 0 && rows == cols => format!(
                "; keep the most frequent characters with --top N (Heatmap::top), e.g. --top 40; \
                 up to {n} fit"
            ),
            _ => "; draw smaller cells (Heatmap::cell_size)".into(),
        };
        let reason = format!(
            "a {rows} x {cols} matrix would be {width} x {height} px, over the {MAX_SIDE} px \
             limit{fewer}"
        );
        Err(Error::invalid(
            "heatmap size",
            format!("{cell} px cells"),
            reason,
        ))
    }

    /// Where everything goes with `rows` x `cols` cells whose longest text has `widest_text`
    /// characters.
    fn layout(&self, rows: usize, cols: usize, widest_text: usize) -> Layout {
        let (row_labels, title) = (self.row_labels.as_deref(), self.title.as_deref());
        let col_labels = self.col_labels.is_some();
        Layout::new(
            (rows, cols),
            self.cell_size,
            widest_text,
            row_labels,
            col_labels,
            title,
        )
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, plotters::coord::Shift>,
        layout: &Layout,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let (rows, cols) = self.cells.dim();
        let cell = i32::try_from(self.cell_size).unwrap_or(i32::MAX);
        let centre = Pos::new(HPos::Center, VPos::Center);
        let black = RGBColor(0, 0, 0);
        let white = RGBColor(255, 255, 255);
        let dark_grey = RGBColor(34, 34, 34); // labels and title on white: contrast 15.9

        if let Some(title) = &self.title {
            let style = font(layout.title_px).color(&dark_grey).pos(centre);
            let x = (layout.width / 2) as i32;
            let y = (MARGIN as f64 + layout.title_px * 0.7).round() as i32;
            root.draw(&Text::new(title.as_str(), (x, y), style))?;
        }
        let label_style = font(layout.label_px).color(&dark_grey);
        // The columns' labels above the matrix, then the rows' left of it: each at the middle
        // of its column (row), moved along by (dx, dy) per label and off the matrix by (ox, oy).
        let top = Pos::new(HPos::Center, VPos::Bottom);
        let left = Pos::new(HPos::Right, VPos::Center);
        let axes = [
            (&self.col_labels, top, (1, 0), (0, -6)),
            (&self.row_labels, left, (0, 1), (-8, 0)),
        ];
        for (labels, pos, (dx, dy), (ox, oy)) in axes {
            let style = label_style.pos(pos);
            for (k, label) in labels.iter().flatten().enumerate() {
                let mid = k as i32 * cell + cell / 2;
                let at = (layout.x0 + ox + dx * mid, layout.y0 + oy + dy * mid);
                root.draw(&Text::new(label.as_str(), at, style.clone()))?;
            }
        }

        let (lo, hi) = self.range();
        let bigram_lines = self.bigram_lines();
        let offset = (layout.annotation_px * 0.62).round() as i32;
        for i in 0..rows {
            for j in 0..cols {
                let value = self.cells[[i, j]];
                let t = if hi > lo {
                    (value - lo) / (hi - lo)
                } else {
                    0.0
                };
                let fill = blues(t);
                let (x, y) = (layout.x0 + j as i32 * cell, layout.y0 + i as i32 * cell);
                let corners = [(x, y), (x + cell, y + cell)];
                root.draw(&Rectangle::new(corners, fill.filled()))?;
                if !self.annotate {
                    continue;
                }
                let ink = if contrast(fill, black) >= contrast(fill, white) {
                    &black
                } else {
                    &white
                };
                let style = font(layout.annotation_px).color(ink).pos(centre);
                let (cx, cy) = (x + cell / 2, y + cell / 2);
                let text = self.format(i, j);
                if bigram_lines {
                    if let (Some(r), Some(c)) = (&self.row_labels, &self.col_labels) {
                        let bigram = format!("{}{}", r[i], c[j]);
                        root.draw(&Text::new(bigram, (cx, cy - offset), style.clone()))?;
                    }
                    root.draw(&Text::new(text, (cx, cy + offset), style))?;
                } else {
                    root.draw(&Text::new(text, (cx, cy), style))?;
                }
            }
        }
        Ok(())
    }

    /// The colour scale's ends: `min(0, smallest)` to `max(0, largest)`.
    fn range(&self) -> (f64, f64) {
        (self.cells.iter()).fold((0.0, 0.0), |(lo, hi): (f64, f64), &v| {
            (lo.min(v), hi.max(v))
        })
    }

    /// The text of one cell's value.
    fn format(&self, i: usize, j: usize) -> String {
        let v = self.cells[[i, j]];
        if self.counts {
            return v.to_string();
        }
        let text = format!("{:.*}", self.precision, v as f32);
        // -0.0001 at 2 decimals is "-0.00": show it as "0.00".
        match text.strip_prefix('-') {
            Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
            _ => text,
        }
    }

    /// The longest text of any cell (and, with both axes labelled, of any bigram), in characters.
    fn widest_text(&self) -> usize {
        let (rows, cols) = self.cells.dim();
        let cells = (0..rows * cols).map(|k| self.format(k / cols, k % cols).chars().count());
        let widest = |l: &Vec<String>| l.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        let bigram = match (&self.row_labels, &self.col_labels) {
            (Some(r), Some(c)) => widest(r) + widest(c),
            _ => 0,
        };
        cells.chain([1, bigram]).max().unwrap_or(1)
    }
}

/// A sans-serif font of `px` pixels as written into the SVG.
fn font(px: f64) -> FontDesc<'static> {
    ("sans-serif", px * PLOTTERS_FONT_SCALE).into_font()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn negative_zero_is_shown_as_zero() {
        let h = Heatmap::values(&array![[-0.0001f32, -0.5]]);
        assert_eq!(h.format(0, 0), "0.00");
        assert_eq!(h.format(0, 1), "-0.50");
    }

    #[test]
    fn scale_includes_zero() {
        assert_eq!(Heatmap::values(&array![[2.0f32, 4.0]]).range(), (0.0, 4.0));
        assert_eq!(
            Heatmap::values(&array![[-2.0f32, 4.0]]).range(),
            (-2.0, 4.0)
        );
        assert_eq!(
            Heatmap::values(&array![[-2.0f32, -1.0]]).range(),
            (-2.0, 0.0)
        );
    }

    #[test]
    fn bad_input_is_a_clear_error() {
        let err = Heatmap::values(&Array2::<f32>::zeros((0, 27)))
            .render()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid matrix = shape (0, 27): a heatmap needs at least one row and one column"
        );
        let err = Heatmap::values(&array![[1.0f32, f32::NAN]])
            .render()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid matrix = NaN at [0, 1]: every value must be finite"
        );
        let err = Heatmap::values(&array![[f32::INFINITY]])
            .render()
            .unwrap_err();
        assert!(err.to_string().contains("inf at [0, 0]"), "{err}");
        let vocab = Vocab::from_chars("ab".chars()).unwrap();
        let err = Heatmap::counts(&vocab, &Array2::<u32>::zeros((3, 4)))
            .render()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "count matrix has shape (3, 4), expected (3, 3)"
        );
        let err = Heatmap::values(&Array2::<f32>::zeros((2, 2)))
            .vocab(&vocab)
            .render()
            .unwrap_err();
        assert!(matches!(err, Error::Shape { .. }), "{err}");
        let err = Heatmap::values(&Array2::<f32>::zeros((2, 3)))
            .col_labels(["a", "b"])
            .render()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid col_labels = 2 labels: the matrix has 3 columns"
        );
        let err = Heatmap::values(&Array2::<f32>::zeros((2, 3)))
            .cell_size(0)
            .annotate(false)
            .render()
            .unwrap_err();
        assert!(err.to_string().contains("cell_size = 0"), "{err}");
        let err = Heatmap::values(&Array2::<f32>::zeros((1000, 10)))
            .cell_size(400)
            .render()
            .unwrap_err();
        assert!(err.to_string().contains("over the 30000 px limit"), "{err}");
    }

    #[test]
    fn top_keeps_the_largest_totals_and_counts_the_diagonal_twice() {
        let vocab = Vocab::from_chars("abc".chars()).unwrap(); // . a b c
        // a's only count is its diagonal (5: total 10); b has 4 off it (total 8), c 1 (2).
        let n = ndarray::array![[0u32, 0, 3, 0], [0, 5, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1]];
        let svg = Heatmap::counts(&vocab, &n).top(2).render().unwrap();
        // '.' and a: 5 of 10 counts kept.
        assert!(
            svg.as_str()
                .contains(">\ntop 2 of 4 characters; 50.0% of bigrams left out\n<")
        );
        assert!(svg.as_str().contains(">\naa\n</text>"));
        assert!(!svg.as_str().contains(">\nb\n</text>"));
        // Keeping them all changes nothing, not even the title.
        let all = Heatmap::counts(&vocab, &n).top(4).render().unwrap();
        assert_eq!(all, Heatmap::counts(&vocab, &n).render().unwrap());
        let err = Heatmap::values(&Array2::<f32>::zeros((2, 3)))
            .top(1)
            .render()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid top = 1: keeps the same rows as columns, of a square matrix; this one is 2 x 3"
        );
        let err = Heatmap::values(&Array2::<f32>::zeros((1, 100)))
            .cell_size(400)
            .render()
            .unwrap_err();
        assert!(
            err.to_string()
                .ends_with("draw smaller cells (Heatmap::cell_size)"),
            "{err}"
        );
    }

    #[test]
    fn labels_replace_the_vocabulary_check() {
        let vocab = Vocab::from_chars("ab".chars()).unwrap();
        // Explicit labels after .vocab() win; the matrix only has to fit them.
        let svg = Heatmap::values(&Array2::<f32>::zeros((2, 3)))
            .vocab(&vocab)
            .row_labels(["x", "y"])
            .render()
            .unwrap();
        assert!(svg.as_str().contains(">\nya\n</text>"));
    }
}
