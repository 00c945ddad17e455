//! `makemore heatmap`: the count matrix N (or P) drawn as an annotated heatmap, written as SVG.

use std::fmt;
use std::path::Path;

use makemore::Result;
use makemore::bigram::{self, Counts};
use makemore::plot::Heatmap;
use serde::Serialize;

use crate::args::HeatmapArgs;

/// What `heatmap` reports: where it wrote what. The JSON keys are in alphabetical order, as the
/// tool has always written them.
#[derive(Serialize)]
pub struct HeatmapReport {
    /// The size of the SVG file.
    bytes: usize,
    cols: usize,
    /// "counts" (N) or "probabilities" (P).
    kind: &'static str,
    path: String,
    rows: usize,
}

/// Draws the heatmap of the data set at `input` (streamed, in bounded memory) and writes it to
/// `args.out`.
pub fn heatmap(input: &Path, args: &HeatmapArgs) -> Result<HeatmapReport> {
    let counts = Counts::from_file(input)?;
    let (vocab, n) = (&counts.vocab, &counts.matrix);
    let origin = input.display();
    let (kind, chart) = if args.probabilities {
        let smoothing = args.smoothing;
        let p = bigram::probs(n, smoothing)?;
        let title = format!("P = (N + {smoothing}) / N.sum(1, keepdims=True), {origin}");
        let chart = Heatmap::values(&p).vocab(vocab).precision(3);
        ("probabilities", chart.title(title))
    } else {
        let title = format!("bigram counts N, {origin}");
        ("counts", Heatmap::counts(vocab, n).title(title))
    };
    let svg = chart.render()?;
    svg.save(&args.out)?;
    Ok(HeatmapReport {
        bytes: svg.as_str().len(),
        cols: n.ncols(),
        kind,
        path: args.out.to_string_lossy().into_owned(),
        rows: n.nrows(),
    })
}

impl fmt::Display for HeatmapReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, kind, bytes) = (&self.path, self.kind, self.bytes);
        writeln!(f, "wrote {path} ({kind}, {bytes} bytes)")
    }
}
