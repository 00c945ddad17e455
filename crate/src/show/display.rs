//! What a notebook shows when a cell ends with one of the crate's values: a compact summary in
//! HTML, never a dump. evcxr calls a value's `evcxr_display` method when it has one; `{:?}` still
//! prints the full `Debug` form.
//!
//! Every display is bounded: a few lines of text, or a picture of a few hundred KB at most. A
//! table bigger than [`MAX_DRAWN`] rows is summarised instead of drawn.
//!
//! ```
//! use makemore::{counting::BigramModel, data::Dataset};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! assert!(words.to_html().contains("32033 items"));
//! let model = BigramModel::fit(&words, 1, 1.0)?;
//! let html = model.to_html()?;
//! assert!(html.contains("<svg") && html.contains("<title>an: "));
//! # Ok::<(), makemore::Error>(())
//! ```

use std::fmt::Write as _;

use ndarray::ArrayView2;

use crate::counting::loss::Nll;
use crate::counting::{Counts, Model};
use crate::data::Dataset;
use crate::error::Result;
use crate::nn::{History, Net, NetKind};
use crate::show::plot::{Heatmap, Svg, bar, escape, evcxr_html, line};
use crate::vocab::Vocab;

/// The most rows (and columns) of a table that a display draws as a heatmap: a 40 x 40 picture
/// of 14 px cells with a tooltip and a mark each is about 250 KB. Bigger tables are summarised
/// in a line.
pub const MAX_DRAWN: usize = 40;

/// How many items, characters or steps a text display lists before "…".
const MAX_LISTED: usize = 10;

/// Prints HTML for evcxr.
pub(crate) fn show(html: &str) {
    println!("{}", evcxr_html(html));
}

/// At most `MAX_LISTED` entries joined by ", ", then "…" if there were more.
fn listed(items: impl IntoIterator<Item = String>) -> String {
    let mut items = items.into_iter();
    let shown: Vec<String> = items.by_ref().take(MAX_LISTED).collect();
    let more = if items.next().is_some() { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

/// A table as a small heatmap with a tooltip per cell, or a line saying why not.
fn small_heatmap(what: &str, vocab: &Vocab, table: ArrayView2<f32>) -> Result<String> {
    let (rows, cols) = table.dim();
    if rows > MAX_DRAWN || cols > MAX_DRAWN {
        return Ok(format!(
            "<p>{what}: {rows} x {cols}, too big to draw here (more than {MAX_DRAWN} rows); \
             draw it with <code>plot::Heatmap</code> and save it to a file.</p>"
        ));
    }
    let svg = plain_heatmap(table, Some(vocab), 14)?;
    Ok(format!(
        "<p>{what}: {rows} x {cols} (hover a cell for its value)</p>\n{svg}"
    ))
}

/// A table as coloured cells of `cell_size` px, no text, each cell's tooltip its value (and its
/// bigram, with `vocab`).
pub(crate) fn plain_heatmap(
    table: ArrayView2<f32>,
    vocab: Option<&Vocab>,
    cell_size: u32,
) -> Result<Svg> {
    let heatmap = Heatmap::values(table).annotate(false).cell_size(cell_size);
    match vocab {
        Some(vocab) => heatmap.vocab(vocab).render(),
        None => heatmap.render(),
    }
}

impl Dataset {
    /// A line about the data set: where it came from, how many items, the shortest and longest,
    /// and the first few.
    ///
    /// ```
    /// let words = makemore::data::Dataset::from_items(["emma", "olivia", "ava"])?;
    /// assert_eq!(
    ///     words.to_html(),
    ///     "<p><b>Dataset</b> &lt;items&gt;: 3 items, 3 to 6 characters; emma, olivia, ava</p>"
    /// );
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let s = self.stats();
        let first = listed(self.items().iter().map(|item| {
            let short: String = item.chars().take(40).collect();
            let cut = if short.len() < item.len() { "…" } else { "" };
            format!("{}{cut}", escape(&short))
        }));
        format!(
            "<p><b>Dataset</b> {}: {} items, {} to {} characters; {first}</p>",
            escape(self.origin()),
            s.items,
            s.shortest,
            s.longest
        )
    }

    /// Shows [`Dataset::to_html`] in an evcxr cell.
    pub fn evcxr_display(&self) {
        show(&self.to_html());
    }
}

impl Vocab {
    /// The characters with their indices, as a two-row table (the first 64 for a big vocabulary).
    ///
    /// ```
    /// let html = makemore::vocab::Vocab::from_chars("ab".chars())?.to_html();
    /// assert!(html.contains("<td>0</td><td>1</td><td>2</td>"));
    /// assert!(html.contains("<td>.</td><td>a</td><td>b</td>"));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        const SHOWN: usize = 64;
        let (mut index, mut chars) = (String::new(), String::new());
        for (i, ch) in self.chars().iter().take(SHOWN).enumerate() {
            let _ = write!(index, "<td>{i}</td>");
            let _ = write!(chars, "<td>{}</td>", escape(&ch.to_string()));
        }
        let more = self.len().saturating_sub(SHOWN);
        let note = (more > 0).then(|| format!(" (the first {SHOWN}; {more} more)"));
        let note = note.unwrap_or_default();
        format!(
            "<p><b>Vocab</b>: {} characters{note}</p>\n<table><tr><th>index</th>{index}</tr>\
             <tr><th>char</th>{chars}</tr></table>",
            self.len()
        )
    }

    /// Shows [`Vocab::to_html`] in an evcxr cell.
    pub fn evcxr_display(&self) {
        show(&self.to_html());
    }
}

impl Net {
    /// The bigram net: the weights `W` as a small heatmap, each cell's tooltip its bigram and
    /// weight. Any other: a line about the net's size, and `W` as a small heatmap while it has at
    /// most [`MAX_DRAWN`] rows and columns.
    ///
    /// ```
    /// use makemore::nn::{Net, NetKind};
    /// use makemore::vocab::Vocab;
    /// use ndarray::Array2;
    ///
    /// let vocab = Vocab::from_chars('a'..='z')?;
    /// let html = Net::from_weights(vocab.clone(), Array2::zeros((27, 27)))?.to_html()?;
    /// assert!(html.contains("27 x 27") && html.contains("<title>an: 0</title>"));
    /// let table = Net::from_parts(vocab, NetKind::Table, 2, Array2::zeros((729, 27)))?;
    /// assert!(table.to_html()?.contains("table net, 2 characters of context; W: 729 x 27"));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn to_html(&self) -> Result<String> {
        if self.is_bigram() {
            let heatmap = small_heatmap("W", self.vocab(), self.w())?;
            return Ok(format!("<p><b>Net</b>: one linear layer</p>\n{heatmap}"));
        }
        let (rows, cols) = self.w().dim();
        let what = match self.kind() {
            NetKind::Table => "a row of logits per context",
            NetKind::Concat => "a block of rows per position",
        };
        let head = format!(
            "<p><b>Net</b>: {} net, {} characters of context; W: {rows} x {cols} ({what})</p>",
            self.name(),
            self.context_len()
        );
        if rows > MAX_DRAWN || cols > MAX_DRAWN {
            return Ok(head);
        }
        Ok(format!("{head}\n{}", plain_heatmap(self.w(), None, 14)?))
    }

    /// Shows [`Net::to_html`] in an evcxr cell (or the error, should drawing fail).
    pub fn evcxr_display(&self) {
        show(&self.to_html().unwrap_or_else(|e| escape(&e.to_string())));
    }
}

impl Counts {
    /// A line: the context length, how many contexts there are and how many were seen, how the
    /// table is held, and how many examples it counts.
    ///
    /// ```
    /// use makemore::{counting::Counts, data::Dataset};
    ///
    /// let counts = Counts::from_dataset(&Dataset::from_items(["ab", "ba"])?, 2)?;
    /// assert_eq!(
    ///     counts.to_html(),
    ///     "<p><b>Counts</b>: 2 characters of context, 5 of 9 contexts seen (dense), 6 examples</p>"
    /// );
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let kind = if self.is_dense() { "dense" } else { "sparse" };
        format!(
            "<p><b>Counts</b>: {} characters of context, {} of {} contexts seen ({kind}), {} examples</p>",
            self.context_len(),
            self.num_seen(),
            self.num_contexts(),
            self.total()
        )
    }

    /// Shows [`Counts::to_html`] in an evcxr cell.
    pub fn evcxr_display(&self) {
        show(&self.to_html());
    }
}

impl Model {
    /// K = 1: the probability table `P` as a small heatmap, each cell's tooltip its bigram and
    /// probability (a summary line instead for more than [`MAX_DRAWN`] characters). K > 1: a
    /// line about the model, and the distribution of a name's first character (the context of
    /// K dots) as a bar chart.
    ///
    /// ```
    /// use makemore::{counting::{BigramModel, Model}, data::Dataset, vocab::Vocab};
    ///
    /// let html = Model::uniform(Vocab::from_chars("ab".chars())?).to_html()?;
    /// assert!(html.contains("<title>ab: 0.33333334</title>"));
    /// let model = Model::fit(&Dataset::from_items(["ab", "ba"])?, 2, 1.0)?;
    /// let html = model.to_html()?;
    /// assert!(html.starts_with("<p><b>Model</b>: 2 characters of context over 3 characters"));
    /// assert!(html.contains("<title>..a: 0.4000</title>"));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn to_html(&self) -> Result<String> {
        let (k, v) = (self.context_len(), self.vocab().len());
        if k == 1 {
            let heatmap = small_heatmap("P", self.vocab(), self.probs()?)?;
            return Ok(format!(
                "<p><b>BigramModel</b> over {v} characters</p>\n{heatmap}"
            ));
        }
        let chart = bar::next_char(self.vocab(), &".".repeat(k), self.row(0)?.view())?;
        Ok(format!(
            "<p><b>Model</b>: {k} characters of context over {v} characters; the first character of a name:</p>\n{chart}"
        ))
    }

    /// Shows [`Model::to_html`] in an evcxr cell (or the error, should drawing fail).
    pub fn evcxr_display(&self) {
        show(&self.to_html().unwrap_or_else(|e| escape(&e.to_string())));
    }
}

impl History {
    /// The loss curve with a line of its numbers.
    ///
    /// ```
    /// use makemore::nn::History;
    ///
    /// let history = History { losses: vec![3.77, 3.38], final_loss: 3.16 };
    /// assert!(history.to_html()?.starts_with("<p><b>History</b>: 2 steps, loss 3.7700 → 3.1600</p>"));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn to_html(&self) -> Result<String> {
        let first = self.losses.first().copied().unwrap_or(self.final_loss);
        let head = format!(
            "<p><b>History</b>: {} steps, loss {first:.4} → {:.4}</p>",
            self.losses.len(),
            self.final_loss
        );
        if self.losses.is_empty() {
            return Ok(head);
        }
        Ok(format!("{head}\n{}", line::loss_curve(&self.losses)?))
    }

    /// Shows [`History::to_html`] in an evcxr cell (or the error, should drawing fail).
    pub fn evcxr_display(&self) {
        show(&self.to_html().unwrap_or_else(|e| escape(&e.to_string())));
    }
}

impl Nll {
    /// One line: the average NLL, and what it averages.
    ///
    /// ```
    /// use makemore::counting::loss::Nll;
    ///
    /// let nll = Nll { log_likelihood: -10.0, nll: 10.0, count: 4, mean: 2.5 };
    /// assert_eq!(nll.to_html(), "<p>average NLL <b>2.5000</b> (log-likelihood -10.0000 over 4 bigrams)</p>");
    /// ```
    pub fn to_html(&self) -> String {
        format!(
            "<p>average NLL <b>{:.4}</b> (log-likelihood {:.4} over {} bigrams)</p>",
            self.mean, self.log_likelihood, self.count
        )
    }

    /// Shows [`Nll::to_html`] in an evcxr cell.
    pub fn evcxr_display(&self) {
        show(&self.to_html());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    #[test]
    fn the_protocol_names_the_mime_type() {
        assert_eq!(
            evcxr_html("<p>x</p>"),
            "EVCXR_BEGIN_CONTENT text/html\n<p>x</p>\nEVCXR_END_CONTENT"
        );
    }

    #[test]
    fn big_data_sets_are_listed_briefly() {
        let long = "x".repeat(1000);
        let items: Vec<String> = (0..5000).map(|i| format!("{long}{i}")).collect();
        let html = Dataset::from_items(items).unwrap().to_html();
        assert!(html.len() < 1000, "{}", html.len());
        assert!(html.contains("5000 items") && html.ends_with(", …</p>"));
    }

    #[test]
    fn a_4096_character_vocabulary_is_summarised_not_drawn() {
        let chars = (0..4095u32).map(|i| char::from_u32(0x4e00 + i).unwrap());
        let vocab = Vocab::from_chars(chars).unwrap();
        assert!(vocab.to_html().len() < 4000);
        assert!(vocab.to_html().contains("4032 more"));
        let html = Model::uniform(vocab).to_html().unwrap();
        assert!(
            html.len() < 1000 && html.contains("too big to draw"),
            "{html}"
        );
    }

    #[test]
    fn one_row_and_drawn_tables_stay_small() {
        let one = Vocab::from_chars(std::iter::empty()).unwrap();
        let html = Model::from_probs(one, 1, Array2::from_elem((1, 1), 1.0))
            .unwrap()
            .to_html()
            .unwrap();
        assert!(html.contains("<title>..: 1</title>"), "{html}");
        let chars = (0..MAX_DRAWN as u32 - 1).map(|i| char::from_u32(0x4e00 + i).unwrap());
        let widest = Model::uniform(Vocab::from_chars(chars).unwrap());
        let html = widest.to_html().unwrap();
        assert!(html.len() < 300_000, "{}", html.len());
        let empty = History {
            losses: vec![],
            final_loss: 1.0,
        };
        assert!(empty.to_html().unwrap().contains("0 steps"));
    }
}
