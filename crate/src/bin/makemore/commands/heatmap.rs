//! `makemore heatmap`: the count matrix N (or P) drawn as an annotated heatmap, written as SVG;
//! with `--context K --given CHARS`, the slice of the n-gram counts for the contexts `CHARS?`.

use std::fmt;
use std::path::Path;

use makemore::counting::{Counts, Model, context::context_index};
use makemore::{Error, Result, data::LoadOptions, show::plot::Heatmap};
use ndarray::Array2;
use serde::Serialize;

use super::at_least_one;
use super::context::{context_len, ngrams};
use crate::args::HeatmapArgs;

/// What `heatmap` reports: where it wrote what. The JSON keys are in alphabetical order, as the
/// tool has always written them; `context` and `given` are there only with K > 1.
#[derive(Serialize)]
pub struct HeatmapReport {
    /// The size of the SVG file.
    bytes: usize,
    cols: usize,
    /// K.
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<usize>,
    /// The first K - 1 characters of the contexts drawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    given: Option<String>,
    /// "counts" (N) or "probabilities" (P).
    kind: &'static str,
    path: String,
    rows: usize,
}

/// Draws the heatmap of the data set at `input` (streamed, in bounded memory) and writes it to
/// `args.out`.
pub fn heatmap(input: &Path, options: LoadOptions, args: &HeatmapArgs) -> Result<HeatmapReport> {
    let k = context_len(args.context)?;
    check_given(k, args.given.as_deref())?;
    // Before the counts are made (a big vocabulary's take a while).
    args.top.map_or(Ok(()), |n| at_least_one("--top", n))?;
    let counts = Counts::from_file_with(input, k, options)?;
    let vocab = counts.vocab();
    let given = args.given.as_deref().unwrap_or("");
    // The contexts drawn, one a row: `given` and then each character (K = 1: all of N).
    let contexts = (vocab.chars().iter())
        .map(|c| context_index(vocab, &format!("{given}{c}")))
        .collect::<Result<Vec<u64>>>()
        .map_err(|err| match err {
            Error::InvalidParameter { reason, .. } => {
                Error::invalid("--given", format!("{given:?}"), reason)
            }
            err => err,
        })?;
    let (origin, size) = (input.display(), vocab.len());
    let mut chart = if args.probabilities {
        let smoothing = args.smoothing;
        let model = Model::from_counts(&counts, smoothing)?;
        let p = Array2::from_shape_fn((size, size), |(i, j)| {
            model
                .row(contexts[i])
                .expect("K characters make a context below V^K")[j]
        });
        let title = match k {
            1 => format!("P = (N + {smoothing}) / N.sum(1, keepdims=True), {origin}"),
            _ => format!(
                "P = (N + {smoothing}) / rowsum of the contexts {given}? ({AXES}), {origin}"
            ),
        };
        Heatmap::values(&p).vocab(vocab).precision(3).title(title)
    } else {
        let n = Array2::from_shape_fn((size, size), |(i, j)| {
            counts.row(contexts[i]).map_or(0, |row| row[j])
        });
        let title = match k {
            1 => format!("bigram counts N, {origin}"),
            _ => format!(
                "{} counts of the contexts {given}? ({AXES}), {origin}",
                ngrams(k).trim_end_matches('s')
            ),
        };
        Heatmap::counts(vocab, &n).title(title)
    };
    if k > 1 {
        chart = chart.row_labels(vocab.chars().iter().map(|c| format!("{given}{c}")));
    }
    let (chart, size) = match args.top {
        Some(n) => (chart.top(n), size.min(n)),
        None => (chart, size),
    };
    let svg = chart.render()?;
    svg.save(&args.out)?;
    Ok(HeatmapReport {
        bytes: svg.as_str().len(),
        cols: size,
        context: (k > 1).then_some(k),
        given: args.given.clone(),
        kind: if args.probabilities {
            "probabilities"
        } else {
            "counts"
        },
        path: args.out.to_string_lossy().into_owned(),
        rows: size,
    })
}

/// How a slice of the n-gram table is drawn.
const AXES: &str = "rows: the context's last character, columns: the next";

/// `--given` is for K > 1 only, and then needed, with K - 1 characters.
fn check_given(k: usize, given: Option<&str>) -> Result<()> {
    let (s, n) = (if k == 2 { "" } else { "s" }, k.saturating_sub(1));
    let reason = match given {
        Some(_) if k == 1 => {
            "only with --context 2 or more (with K = 1 the heatmap is all of N)".into()
        }
        None if k > 1 => {
            "--context K > 1 needs the first K - 1 characters of the contexts to draw, \
                          e.g. --given a"
                .into()
        }
        Some(given) if given.chars().count() != n => {
            format!("--context {k} needs {n} character{s}, the contexts' first K - 1")
        }
        _ => return Ok(()),
    };
    let value = given.map_or("none".into(), |g| format!("{g:?}"));
    Err(Error::invalid("--given", value, reason))
}

impl fmt::Display for HeatmapReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, kind, bytes) = (&self.path, self.kind, self.bytes);
        writeln!(f, "wrote {path} ({kind}, {bytes} bytes)")
    }
}
