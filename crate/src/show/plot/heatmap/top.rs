//! [`Heatmap::top`]: only the rows and columns of the largest totals, for a vocabulary too big to
//! draw whole.

use ndarray::Axis;

use super::chart::Heatmap;
use crate::error::{Result, check_param};

impl Heatmap {
    /// Draws only the `n` rows and columns of the largest totals (row sum plus column sum, of
    /// absolute values: for a count matrix `N`, how often each character occurs), index 0 (a
    /// vocabulary's start/end token) always among them, in their order; for a vocabulary too big
    /// to draw whole. The title then says what is left out, e.g. "top 40 of 843 characters;
    /// 12.3% of bigrams left out". The matrix must be square, its rows the same as its columns;
    /// `n` at least 1 (else an error naming `top`); `n` at or past the size keeps everything. A
    /// count's tooltip gives its `p` of the whole row, as the whole heatmap does.
    ///
    /// ```
    /// use makemore::show::plot::Heatmap;
    /// use makemore::vocab::Vocab;
    /// use ndarray::array;
    ///
    /// let vocab = Vocab::from_chars("ab".chars())?; // . a b
    /// let n = array![[0u32, 1, 3], [2, 0, 1], [2, 0, 1]]; // totals: . 4 + 4, a 3 + 1, b 3 + 5
    /// let svg = Heatmap::counts(&vocab, &n).top(2).title("N").render()?;
    /// assert_eq!(svg.as_str().matches("<rect").count(), 1 + 4); // rows and columns . and b
    /// assert!(svg.as_str().contains(">\nb.\n</text>") && !svg.as_str().contains(">\n.a\n</text>"));
    /// // Left out: row a (2 + 0 + 1) and the rest of column a (1): 4 of 10.
    /// assert!(svg.as_str().contains("N (top 2 of 3 characters; 40.0% of bigrams left out)"));
    /// assert!(Heatmap::counts(&vocab, &n).top(0).render().is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn top(mut self, n: usize) -> Heatmap {
        self.top = Some(n);
        self
    }

    /// The heatmap of the rows and columns [`Heatmap::top`] keeps, with the title saying what
    /// is left out; the same heatmap when it keeps them all (or the labels do not fit the
    /// matrix: [`Heatmap::check`] then says so).
    pub(super) fn keep_top(&self, n: usize) -> Result<Heatmap> {
        let (rows, cols) = self.cells.dim();
        check_param(n >= 1, "top", n, "must keep at least 1 row and column")?;
        check_param(
            rows == cols,
            "top",
            n,
            &format!(
                "keeps the same rows as columns, of a square matrix; this one is {rows} x {cols}"
            ),
        )?;
        let fits = |l: &Option<Vec<String>>| l.as_ref().is_none_or(|l| l.len() == rows);
        let whole = Heatmap {
            top: None,
            ..self.clone()
        };
        if n >= rows || !fits(&self.row_labels) || !fits(&self.col_labels) {
            return Ok(whole);
        }
        let mut totals = vec![0.0f64; rows];
        let mut all = 0.0;
        for ((i, j), v) in self.cells.indexed_iter() {
            totals[i] += v.abs();
            totals[j] += v.abs();
            all += v.abs();
        }
        let mut order: Vec<usize> = (1..rows).collect();
        order.sort_by(|&a, &b| totals[b].total_cmp(&totals[a]).then(a.cmp(&b)));
        let mut keep: Vec<usize> = std::iter::once(0)
            .chain(order.into_iter().take(n - 1))
            .collect();
        keep.sort_unstable();
        let rows_kept = self.cells.select(Axis(0), &keep);
        let row_sums = Some(rows_kept.sum_axis(Axis(1)));
        let cells = rows_kept.select(Axis(1), &keep);
        let kept: f64 = cells.iter().map(|v| v.abs()).sum();
        let (what, of) = match (self.counts, self.vocab_len) {
            (true, Some(_)) => ("characters", "bigrams"),
            (false, Some(_)) => ("characters", "the total"),
            _ => ("rows and columns", "the total"),
        };
        let left = if all > 0.0 {
            100.0 * (1.0 - kept / all)
        } else {
            0.0
        };
        let note = format!("top {n} of {rows} {what}; {left:.1}% of {of} left out");
        let labels = |l: &Option<Vec<String>>| {
            l.as_ref()
                .map(|l| keep.iter().map(|&i| l[i].clone()).collect())
        };
        Ok(Heatmap {
            cells,
            vocab_len: self.vocab_len.map(|_| n),
            row_labels: labels(&self.row_labels),
            col_labels: labels(&self.col_labels),
            row_sums,
            title: Some(match &self.title {
                Some(title) => format!("{title} ({note})"),
                None => note,
            }),
            ..whole
        })
    }
}
