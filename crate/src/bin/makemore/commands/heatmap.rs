//! `makemore heatmap`: the count matrix N (or P) drawn as an annotated heatmap, written as SVG;
//! with `--context K --given CHARS`, the slice of the n-gram counts for the contexts `CHARS?`.

use std::fmt;
use std::path::Path;

use makemore::counting::{Counts, Model, bigram};
use makemore::show::plot::Heatmap;
use makemore::{Error, Result, data::LoadOptions, vocab::Vocab};
use ndarray::{Array2, Axis};
use serde::Serialize;

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
    let (mut chart, mut size) = match &args.given {
        None => bigram_chart(input, options, args)?,
        Some(given) => slice_chart(input, options, args, k, given)?,
    };
    if let Some(n) = args.top {
        (chart, size) = (chart.top(n), size.min(n));
    }
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

/// The bigram's N (or P), and V.
fn bigram_chart(
    input: &Path,
    options: LoadOptions,
    args: &HeatmapArgs,
) -> Result<(Heatmap, usize)> {
    let counts = Counts::from_file_with(input, 1, options)?;
    let vocab = counts.vocab();
    let n = counts.dense().expect("the bigram's counts are dense");
    let origin = input.display();
    let chart = if args.probabilities {
        let smoothing = args.smoothing;
        let p = bigram::probs(n, smoothing)?;
        let title = format!("P = (N + {smoothing}) / N.sum(1, keepdims=True), {origin}");
        Heatmap::values(&p).vocab(vocab).precision(3).title(title)
    } else {
        Heatmap::counts(vocab, n).title(format!("bigram counts N, {origin}"))
    };
    Ok((chart, vocab.len()))
}

/// The n-gram counts (or probabilities) of the contexts `given?`, V x V, and V.
fn slice_chart(
    input: &Path,
    options: LoadOptions,
    args: &HeatmapArgs,
    k: usize,
    given: &str,
) -> Result<(Heatmap, usize)> {
    let counts = Counts::from_file_with(input, k, options)?;
    let vocab = counts.vocab();
    let prefix = prefix(vocab, k, given)?;
    let slice = slice_rows(&counts, prefix);
    let origin = input.display();
    let axes = "rows: the context's last character, columns: the next";
    let chart = if args.probabilities {
        let smoothing = args.smoothing;
        let model = Model::from_counts(&counts, smoothing)?;
        let v = vocab.len() as u64;
        let mut p = Array2::zeros(slice.dim());
        for (j, mut out) in p.outer_iter_mut().enumerate() {
            out.assign(&model.row(prefix * v + j as u64)?);
        }
        let title =
            format!("P = (N + {smoothing}) / rowsum of the contexts {given}? ({axes}), {origin}");
        Heatmap::values(&p).vocab(vocab).precision(3).title(title)
    } else {
        let name = ngrams(k);
        let title = format!(
            "{} counts of the contexts {given}? ({axes}), {origin}",
            name.trim_end_matches('s')
        );
        Heatmap::counts(vocab, &slice).title(title)
    };
    let labels = vocab.chars().iter().map(|c| format!("{given}{c}"));
    Ok((chart.row_labels(labels), vocab.len()))
}

/// `--given` is for K > 1 only, and then needed.
fn check_given(k: usize, given: Option<&str>) -> Result<()> {
    let reason = match given {
        Some(_) if k == 1 => "only with --context 2 or more (with K = 1 the heatmap is all of N)",
        None if k > 1 => {
            "--context K > 1 needs the first K - 1 characters of the contexts to draw, e.g. --given a"
        }
        _ => return Ok(()),
    };
    Err(Error::InvalidParameter {
        name: "--given",
        value: given.map_or("none".into(), |g| format!("{g:?}")),
        reason: reason.into(),
    })
}

/// The first K - 1 characters of the contexts to draw as a base-V number. `given` must have
/// K - 1 characters, all in the vocabulary ('.' included: the start of a name).
fn prefix(vocab: &Vocab, k: usize, given: &str) -> Result<u64> {
    let chars: Vec<char> = given.chars().collect();
    let bad = |reason: String| Error::InvalidParameter {
        name: "--given",
        value: format!("{given:?}"),
        reason,
    };
    if chars.len() != k - 1 {
        let s = if k == 2 { "" } else { "s" };
        return Err(bad(format!(
            "--context {k} needs {} character{s}, the contexts' first K - 1",
            k - 1
        )));
    }
    let mut prefix = 0u64;
    for &ch in &chars {
        let Some(ix) = vocab.stoi(ch) else {
            return Err(bad(format!(
                "{ch:?} is not in the vocabulary {:?}",
                vocab.to_string()
            )));
        };
        prefix = prefix * vocab.len() as u64 + ix as u64;
    }
    Ok(prefix)
}

/// The V x V counts of the contexts `prefix` + each character: row `j` is the context whose
/// first K - 1 characters are the prefix and whose last is character `j`.
fn slice_rows(counts: &Counts, prefix: u64) -> Array2<u32> {
    let v = counts.vocab().len();
    let mut out = Array2::zeros((v, v));
    for (j, mut row) in out.axis_iter_mut(Axis(0)).enumerate() {
        if let Some(counted) = counts.row(prefix * v as u64 + j as u64) {
            row.assign(&counted);
        }
    }
    out
}

impl fmt::Display for HeatmapReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, kind, bytes) = (&self.path, self.kind, self.bytes);
        writeln!(f, "wrote {path} ({kind}, {bytes} bytes)")
    }
}
