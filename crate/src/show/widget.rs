//! Widgets: the lecture's dynamic moments, to play with in the page.
//!
//! The lecture's key moments move: a name drawn one character at a time from a row of `P`;
//! smoothing that flattens `P` as k grows; `W` learning the counts step by step; a longer
//! context sharpening the next character's distribution. A [`Widget`] is one of them as a
//! self-contained piece of HTML: the static picture the crate draws (a heatmap, a bar chart, a
//! loss curve), the numbers it needs, and a small script that makes the picture move when you
//! press, drag or type. No kernel answers in between (evcxr has no widget protocol), nothing
//! is fetched: the same page works in JupyterLab and in an exported HTML file, and each widget
//! is at most [`MAX_BYTES`].
//!
//! JupyterLab runs the script of an output only in a trusted notebook (`scripts/open` trusts
//! the project's). Elsewhere (an untrusted notebook, GitHub's viewer) the static picture shows,
//! with one line saying that trusting the notebook makes it interactive.
//!
//! The page's contract, which the browser check relies on: the root element carries
//! `data-widget="NAME"` ([`Widget::name`]: `sampler`, `smoothing`, `training` or `context`)
//! and, once its script runs, `data-ready`; its controls are plain `<button>` and
//! `<input type="range">` / `<input type="text">` elements; every live number carries
//! `data-value="WHAT"` (e.g. `name`, `k`, `nll-train`, `nll-dev`, `step`, `loss`, `context`,
//! and `p-a` for the bar of `a`), with the number last in its text. The scripts find what they
//! move by the `data-` attributes the crate's pictures carry (a heatmap cell's
//! `data-cell="row,col"`, a bar's `data-bar`, the loss curve's `data-series`), never by drawing
//! order.
//!
//! ```
//! use makemore::show::widget::Widget;
//! use makemore::{counting::{BigramModel, sample}, data::Dataset};
//!
//! let words = Dataset::from_items(["emma", "olivia", "ava"])?;
//! let model = BigramModel::fit(&words, 1, 1.0)?;
//! let sampler = Widget::sampler(&model, &mut sample::seeded(1), 3)?;
//! let html = sampler.to_html();
//! assert!(html.starts_with(r#"<div class="mm-widget" data-widget="sampler">"#));
//! assert!(html.contains("<svg") && html.contains("<script>"));
//! # Ok::<(), makemore::Error>(())
//! ```

use std::collections::HashMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ndarray::{Array2, ArrayView2};
use serde_json::{Value, json};

use crate::counting::{Counts, Model, loss};
use crate::error::{Error, Result, check_param};
use crate::nn::{Net, TrainOptions, TrainingSet, softmax};
use crate::show::display::{MAX_DRAWN, plain_heatmap, show};
use crate::show::plot::{bar, escape, line, palette};
use crate::vocab::{Vocab, check_same_space};
use crate::{counting::sample, counting::sample::IndexSampler};

/// The most bytes a widget's HTML may take, picture, numbers and script together.
pub const MAX_BYTES: usize = 200_000;

/// How many snapshots of `W` the training replay keeps (evenly spaced, the first and the last
/// step among them): each is a `V x V` table in the page.
pub const REPLAY_SNAPSHOTS: usize = 11;

/// The line shown where the script did not run.
const UNTRUSTED: &str = "A static picture: trust this notebook (JupyterLab: File ▸ Trust \
    Notebook, or open it with <code>scripts/open</code>) to make it interactive.";

/// The script every widget shares: finding its parts, decoding its numbers, recolouring a
/// heatmap, redrawing a bar chart.
const RUNTIME: &str = include_str!("widget/runtime.js");
/// The widgets' styles.
const STYLE: &str = include_str!("widget/widget.css");

/// One interactive picture: see the [module docs](self).
#[derive(Clone, Debug, PartialEq)]
pub struct Widget {
    name: &'static str,
    /// The static part: pictures and the numbers of the first state, in HTML.
    body: String,
    /// What the script needs, as JSON.
    data: Value,
    /// The widget's own script: a function of `(root, data, mm)`.
    script: &'static str,
}

impl Widget {
    /// **Sampling, step by step** (notebook 03): `P`'s heatmap, the bar chart of the row being
    /// sampled from, and buttons that draw a name one character at a time. The draws are the
    /// crate's: `names` names sampled from `model` with `sampler` (e.g. the lecture's
    /// [`TorchGenerator`](crate::rng::TorchGenerator) seeded with 2147483647), so the page shows
    /// exactly the names [`sample::sample_names`] gives for that seed.
    ///
    /// Errors: a model with more than one character of context or with more than
    /// [`MAX_DRAWN`] characters (`P` would not be drawn), `names` of 0, or a widget that would
    /// pass [`MAX_BYTES`].
    ///
    /// ```
    /// use makemore::show::widget::Widget;
    /// use makemore::{counting::BigramModel, data::Dataset, rng::TorchGenerator};
    ///
    /// let words = Dataset::from_items(["ab", "ba"])?;
    /// let model = BigramModel::fit(&words, 1, 0.0)?;
    /// let widget = Widget::sampler(&model, &mut TorchGenerator::manual_seed(1), 2)?;
    /// assert_eq!(widget.name(), "sampler");
    /// assert!(Widget::sampler(&BigramModel::fit(&words, 2, 0.0)?, &mut TorchGenerator::manual_seed(1), 2).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn sampler<S: IndexSampler + ?Sized>(
        model: &Model,
        sampler: &mut S,
        names: usize,
    ) -> Result<Widget> {
        check_param(
            model.context_len() == 1,
            "context length",
            model.context_len(),
            "the sampler draws P, the bigram model's table: one character of context",
        )?;
        let vocab = model.vocab();
        check_drawn(vocab)?;
        let drawn = sample::sample_names(model, sampler, names, sample::DEFAULT_MAX_LEN)?;
        let probs = model.probs()?;
        let first_row = bar::next_char(vocab, &vocab.boundary().to_string(), probs.row(0))?;
        let body = format!(
            "<p>{}</p>\n<div class=\"mm-row\">{}\n<div class=\"mm-bars\">{first_row}</div></div>\n<p>{}</p>",
            live("name", "the name so far:", ""),
            heatmap(vocab, probs)?,
            live("names", "the names drawn:", &escape(&drawn.join(" ")))
        );
        let data = json!({
            "chars": chars(vocab),
            "probs": f32s(probs.iter().copied()),
            "names": drawn,
        });
        Widget::new("sampler", body, data, include_str!("widget/sampler.js"))
    }

    /// **Smoothing** (notebook 05): a slider for k, from 0 to 10 on a log scale, that turns the
    /// training counts into `P = (N + k) / rowsum` in the page, recolours `P`'s heatmap and
    /// shows the average NLL on `train` and on `dev` (the page's arithmetic in `f64`; at the
    /// slider's marks, 0.001 to 10, the numbers are [`loss::evaluate_counts`]' to 4 decimals).
    /// It starts at k = 1.
    ///
    /// Errors: counts of different vocabularies or context lengths, a table of more than
    /// [`MAX_DRAWN`] rows or columns (one character of context, at most 40 characters), or a
    /// widget that would pass [`MAX_BYTES`].
    ///
    /// ```
    /// use makemore::show::widget::Widget;
    /// use makemore::{counting::Counts, vocab::Vocab};
    ///
    /// let vocab = Vocab::from_chars("ab".chars())?;
    /// let train = Counts::from_items(vocab.clone(), 1, ["ab", "ba"])?;
    /// let dev = Counts::from_items(vocab.clone(), 1, ["aa"])?;
    /// assert!(Widget::smoothing(&train, &dev)?.to_html().contains(r#"data-value="nll-dev""#));
    /// let other = Counts::from_items(Vocab::from_chars("abc".chars())?, 1, ["c"])?;
    /// assert!(Widget::smoothing(&train, &other).is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn smoothing(train: &Counts, dev: &Counts) -> Result<Widget> {
        check_same_space(
            "dev counts",
            (dev.vocab(), dev.context_len()),
            "the training counts have",
            (train.vocab(), train.context_len()),
        )?;
        let vocab = train.vocab();
        check_drawn(vocab)?;
        check_param(
            train.context_len() == 1,
            "context length",
            train.context_len(),
            "the smoothing widget draws P: one character of context",
        )?;
        let (n_train, n_dev) = (dense(train)?, dense(dev)?);
        let k = 1.0f32;
        let model = Model::from_counts(train, k)?;
        let nll = |counts| loss::evaluate_counts(&model, counts).map(|n| format!("{:.4}", n.mean));
        let body = format!(
            "<p>{} · average NLL: {} {}</p>\n<div class=\"mm-row\">{}</div>",
            live("k", "k", &k.to_string()),
            live("nll-train", "train", &nll(train)?),
            live("nll-dev", "dev", &nll(dev)?),
            heatmap(vocab, model.probs()?)?
        );
        let data = json!({
            "chars": chars(vocab),
            "train": u32s(n_train.iter().copied()),
            "dev": u32s(n_dev.iter().copied()),
            "k": k,
        });
        Widget::new("smoothing", body, data, include_str!("widget/smoothing.js"))
    }

    /// **Training replay** (notebook 07): trains a copy of `net` on `data` with `options` (the
    /// one training loop, [`Net::train_with`], run once, keeping [`REPLAY_SNAPSHOTS`] softmaxes
    /// of `W` on the way) and shows the loss curve with a step slider; at each step the page shows
    /// the loss and the softmax rows of `W` as of the last snapshot at or before it. Step `s` is
    /// `W` after `s` updates: its loss is `History::losses[s]` (the last step's is `final_loss`).
    ///
    /// Errors: those of [`Net::train`], a net that is not the bigram net (its `W` would not be
    /// `V x V`), more than [`MAX_DRAWN`] characters, or a widget that would pass [`MAX_BYTES`].
    ///
    /// ```
    /// use makemore::nn::{Net, TrainOptions, TrainingSet};
    /// use makemore::show::widget::Widget;
    /// use makemore::{counting::sample::Generator, data::Dataset};
    ///
    /// let data = TrainingSet::from_dataset(&Dataset::from_items(["emma", "ava"])?)?;
    /// let net = Net::new(data.vocab().clone(), Generator::Torch, 1);
    /// let options = TrainOptions { steps: 20, lr: 10.0, ..Default::default() };
    /// let widget = Widget::training(&net, &data, &options)?;
    /// assert!(widget.to_html().contains(r#"data-value="loss""#));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn training(net: &Net, data: &TrainingSet, options: &TrainOptions) -> Result<Widget> {
        check_param(
            net.is_bigram(),
            "net",
            net.name(),
            "the replay draws softmax(W) as P: the lecture's bigram net",
        )?;
        let vocab = net.vocab();
        check_drawn(vocab)?;
        let steps = options.steps;
        // Snapshot i is W after steps * i / (REPLAY_SNAPSHOTS - 1) updates; the last, after all.
        let at = |i: usize| steps * i / (REPLAY_SNAPSHOTS - 1);
        let (mut taken, mut snapshots) = (Vec::new(), Vec::new());
        let mut replay = net.clone();
        let history = replay.train_with(data, options, |step, _, w| {
            while taken.len() < REPLAY_SNAPSHOTS - 1 && at(taken.len()) == step {
                snapshots.push(softmax(&w));
                taken.push(step);
            }
        })?;
        snapshots.push(softmax(&replay.w()));
        taken.push(steps);
        let mut losses = history.losses;
        losses.push(history.final_loss);
        let last = snapshots.last().expect("the last snapshot");
        let body = format!(
            "<p>{} · {} · softmax(W) as of step <span class=\"mm-as-of\">{steps}</span></p>\n\
             <div class=\"mm-row\"><div class=\"mm-curve\">{}</div>{}</div>",
            live("step", "step", &steps.to_string()),
            live("loss", "loss", &format!("{:.4}", losses[steps])),
            line::loss_curve(&losses)?,
            heatmap(vocab, last.view())?
        );
        let data = json!({
            "chars": chars(vocab),
            "losses": losses,
            "taken": taken,
            "snapshots": f32s(snapshots.iter().flatten().copied()),
        });
        Widget::new("training", body, data, include_str!("widget/training.js"))
    }

    /// **More context** (notebooks 08 and 10): type a context ("em") and see the distribution
    /// of the next character under `model` (any K: the last K characters typed, after K start
    /// tokens), and draw from it in the page (with a seeded generator of the page's own, not
    /// the crate's). The page holds every distinct row of the model, exactly, with the row
    /// of each of the `V^K` contexts.
    ///
    /// Errors: a model too large for the page (more than 2^16 contexts, or a widget that would
    /// pass [`MAX_BYTES`]).
    ///
    /// ```
    /// use makemore::show::widget::Widget;
    /// use makemore::{counting::Model, data::Dataset};
    ///
    /// let trigram = Model::fit(&Dataset::from_items(["emma", "ava"])?, 2, 1.0)?;
    /// assert!(Widget::context(&trigram)?.to_html().contains(r#"data-widget="context""#));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn context(model: &Model) -> Result<Widget> {
        const MAX_CONTEXTS: u64 = 1 << 16;
        let contexts = model.space().count;
        check_param(
            contexts <= MAX_CONTEXTS,
            "context length",
            model.context_len(),
            &format!(
                "{contexts} contexts are too many for the page (at most {MAX_CONTEXTS}); \
                 choose a smaller K"
            ),
        )?;
        let vocab = model.vocab();
        let (mut rows, mut index, mut seen) = (Vec::new(), Vec::new(), HashMap::new());
        for context in 0..contexts {
            let row = model.row_of(context);
            let bits: Vec<u32> = row.iter().map(|p| p.to_bits()).collect();
            let next = seen.len();
            let at = *seen.entry(bits).or_insert_with(|| {
                rows.extend(row.iter().copied());
                next
            });
            index.push(at as u32);
        }
        let start = vocab.boundary().to_string().repeat(model.context_len());
        let body = format!(
            "<p>{}</p>\n<div class=\"mm-bars\">{}</div>",
            live("context", "context", &escape(&start)),
            bar::next_char(vocab, &start, model.row_of(0).view())?
        );
        let data = json!({
            "chars": chars(vocab),
            "k": model.context_len(),
            "rows": f32s(rows.into_iter()),
            "index": u32s(index.into_iter()),
        });
        Widget::new("context", body, data, include_str!("widget/context.js"))
    }

    fn new(
        name: &'static str,
        body: String,
        mut data: Value,
        script: &'static str,
    ) -> Result<Widget> {
        data["palette"] = json!(palette());
        let widget = Widget {
            name,
            body,
            data,
            script,
        };
        let bytes = widget.to_html().len();
        if bytes > MAX_BYTES {
            let reason = format!("a widget may take at most {MAX_BYTES} bytes of the page");
            return Err(Error::invalid(
                "widget",
                format!("{name} of {bytes} bytes"),
                reason,
            ));
        }
        Ok(widget)
    }

    /// Which widget it is: `sampler`, `smoothing`, `training` or `context` (the root element's
    /// `data-widget`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The widget as one piece of HTML: its root `<div data-widget="…">` holding the styles,
    /// the line for an untrusted page, the static picture, the data and the script.
    pub fn to_html(&self) -> String {
        // Inside <script>, "</" would end the element: JSON may write "<" as "\u003c".
        let data = self.data.to_string().replace('<', "\\u003c");
        format!(
            "<div class=\"mm-widget\" data-widget=\"{name}\">\n<style>{STYLE}</style>\n\
             <p class=\"mm-untrusted\">{UNTRUSTED}</p>\n{body}\n\
             <script type=\"application/json\" class=\"mm-data\">{data}</script>\n\
             <script>(function () {{\n{RUNTIME}\nmakemoreWidget(document.currentScript, {script});\n}})();</script>\n</div>",
            name = self.name,
            body = self.body,
            script = self.script.trim_end(),
        )
    }

    /// Shows [`Widget::to_html`] in an evcxr cell.
    pub fn evcxr_display(&self) {
        show(&self.to_html());
    }
}

/// A live number: its label, then the number in a `<b data-value="WHAT">`.
fn live(what: &str, label: &str, value: &str) -> String {
    format!("{label} <b data-value=\"{what}\">{value}</b>")
}

/// The vocabulary has at most `MAX_DRAWN` characters, so its table is drawn.
fn check_drawn(vocab: &Vocab) -> Result<()> {
    check_param(
        vocab.len() <= MAX_DRAWN,
        "vocabulary",
        format!("of {} characters", vocab.len()),
        &format!("a widget draws a V x V table: at most {MAX_DRAWN} characters"),
    )
}

/// The heatmap of a `V x V` table of probabilities, each cell's tooltip its bigram and value.
fn heatmap(vocab: &Vocab, table: ArrayView2<f32>) -> Result<String> {
    let svg = plain_heatmap(table, Some(vocab), 18)?;
    Ok(format!("<div class=\"mm-heatmap\">{svg}</div>"))
}

/// The dense table of counts (K = 1 counts are always dense).
fn dense(counts: &Counts) -> Result<&Array2<u32>> {
    let sparse = || Error::invalid("counts", "sparse", "the widget needs the dense table");
    counts.dense().ok_or_else(sparse)
}

fn chars(vocab: &Vocab) -> Vec<String> {
    vocab.chars().iter().map(char::to_string).collect()
}

/// Numbers for the page, exactly: little-endian `f32`s in base64 (the page reads them into a
/// `Float32Array`).
fn f32s(values: impl Iterator<Item = f32>) -> String {
    BASE64.encode(values.flat_map(f32::to_le_bytes).collect::<Vec<u8>>())
}

/// Counts for the page: little-endian `u32`s in base64.
fn u32s(values: impl Iterator<Item = u32>) -> String {
    BASE64.encode(values.flat_map(u32::to_le_bytes).collect::<Vec<u8>>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::counting::sample::Generator;
    use crate::data::Dataset;
    use crate::rng::TorchGenerator;

    /// The widget's data, as the page reads it.
    fn data_of(widget: &Widget) -> Value {
        let html = widget.to_html();
        let start = html.find("class=\"mm-data\">").unwrap() + "class=\"mm-data\">".len();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    fn decode_f32(value: &Value) -> Vec<f32> {
        let bytes = BASE64.decode(value.as_str().unwrap()).unwrap();
        let words = bytes.chunks_exact(4).map(|b| b.try_into().unwrap());
        words.map(f32::from_le_bytes).collect()
    }

    fn decode_u32(value: &Value) -> Vec<u32> {
        let bytes = BASE64.decode(value.as_str().unwrap()).unwrap();
        let words = bytes.chunks_exact(4).map(|b| b.try_into().unwrap());
        words.map(u32::from_le_bytes).collect()
    }

    fn words() -> Dataset {
        Dataset::from_items(["emma", "olivia", "ava", "isabella", "sophia"]).unwrap()
    }

    #[test]
    fn the_sampler_holds_p_bit_for_bit_and_the_crates_names() {
        let model = Model::fit(&words(), 1, 0.5).unwrap();
        let widget = Widget::sampler(&model, &mut TorchGenerator::manual_seed(7), 4).unwrap();
        let data = data_of(&widget);
        let probs: Vec<f32> = model.probs().unwrap().iter().copied().collect();
        assert_eq!(decode_f32(&data["probs"]), probs);
        let names = sample::sample_names(&model, &mut TorchGenerator::manual_seed(7), 4, 256);
        assert_eq!(data["names"], json!(names.unwrap()));
        assert_eq!(data["palette"].as_array().unwrap().len(), 256);
        assert!(
            Widget::sampler(&model, &mut TorchGenerator::manual_seed(7), 0).is_err(),
            "no names"
        );
    }

    #[test]
    fn models_the_page_cannot_draw_are_clear_errors() {
        let trigram = Model::fit(&words(), 2, 1.0).unwrap();
        let err = Widget::sampler(&trigram, &mut sample::seeded(1), 1).unwrap_err();
        assert!(
            err.to_string().contains("one character of context"),
            "{err}"
        );
        let wide = Vocab::from_chars((0..60u32).map(|i| char::from_u32(0x4e00 + i).unwrap()));
        let err = Widget::sampler(&Model::uniform(wide.unwrap()), &mut sample::seeded(1), 1);
        assert!(
            err.unwrap_err()
                .to_string()
                .contains("at most 40 characters")
        );
        let big = Model::fit(&words(), 5, 1.0).unwrap(); // 12^5 contexts
        let err = Widget::context(&big).unwrap_err();
        assert!(err.to_string().contains("too many for the page"), "{err}");
        let data = TrainingSet::with_context(trigram.vocab(), 2, words().items()).unwrap();
        let table = Net::with_architecture(
            trigram.vocab().clone(),
            crate::nn::NetKind::Table,
            2,
            Generator::ChaCha,
            1,
        )
        .unwrap();
        let err = Widget::training(&table, &data, &TrainOptions::default()).unwrap_err();
        assert!(err.to_string().contains("bigram net"), "{err}");
    }

    #[test]
    fn smoothing_starts_at_k_1_with_the_crates_numbers_and_the_counts() {
        let vocab = Vocab::from_dataset(&words());
        let train = Counts::from_items(vocab.clone(), 1, ["emma", "olivia", "ava"]).unwrap();
        let dev = Counts::from_items(vocab, 1, ["isabella", "sophia"]).unwrap();
        let widget = Widget::smoothing(&train, &dev).unwrap();
        let model = Model::from_counts(&train, 1.0).unwrap();
        let dev_nll = loss::evaluate_counts(&model, &dev).unwrap().mean;
        let html = widget.to_html();
        assert!(html.contains(&format!("<b data-value=\"nll-dev\">{dev_nll:.4}</b>")));
        let data = data_of(&widget);
        let n: Vec<u32> = train.dense().unwrap().iter().copied().collect();
        assert_eq!(decode_u32(&data["train"]), n);
        assert_eq!(data["k"], json!(1.0));
    }

    #[test]
    fn the_replay_is_the_run_in_one_go() {
        let data = TrainingSet::from_dataset(&words()).unwrap();
        let net = Net::new(data.vocab().clone(), Generator::Torch, 3);
        let options = TrainOptions {
            steps: 23,
            lr: 10.0,
            ..Default::default()
        };
        let widget = Widget::training(&net, &data, &options).unwrap();
        let mut once = net.clone();
        let history = once.train(&data, &options).unwrap();
        let recorded = data_of(&widget);
        let mut losses = history.losses.clone();
        losses.push(history.final_loss);
        let shown: Vec<f64> = serde_json::from_value(recorded["losses"].clone()).unwrap();
        assert_eq!(shown.iter().map(|&l| l as f32).collect::<Vec<_>>(), losses);
        let taken: Vec<usize> = serde_json::from_value(recorded["taken"].clone()).unwrap();
        assert_eq!(taken, [0, 2, 4, 6, 9, 11, 13, 16, 18, 20, 23]);
        let snapshots = decode_f32(&recorded["snapshots"]);
        let v = data.vocab().len();
        let last = &snapshots[10 * v * v..];
        assert_eq!(last, softmax(&once.w()).as_slice().unwrap());
        let first = &snapshots[..v * v];
        assert_eq!(first, softmax(&net.w()).as_slice().unwrap());
    }

    #[test]
    fn the_context_widget_holds_every_row_exactly() {
        let model = Model::fit(&words(), 2, 1.0).unwrap();
        let data = data_of(&Widget::context(&model).unwrap());
        let (rows, index) = (decode_f32(&data["rows"]), decode_u32(&data["index"]));
        let v = model.vocab().len();
        assert_eq!(index.len(), v * v);
        assert!(rows.len() < v * v * v, "the rows seen and one for the rest");
        for (context, &at) in index.iter().enumerate() {
            let row = &rows[at as usize * v..(at as usize + 1) * v];
            assert_eq!(row, model.row(context as u64).unwrap().as_slice().unwrap());
        }
    }

    #[test]
    fn the_page_is_self_contained_and_safe_from_the_data() {
        let words = Dataset::from_items(["a</script><b>", "<!--x"]).unwrap();
        let model = Model::fit(&words, 1, 1.0).unwrap();
        let html = Widget::sampler(&model, &mut sample::seeded(2), 3)
            .unwrap()
            .to_html();
        assert_eq!(
            html.matches("</script>").count(),
            2,
            "the data's and the code's only"
        );
        assert!(!html.contains("<!--x"));
        assert!(html.contains("class=\"mm-untrusted\""));
        for external in ["http://", "https://", "src="] {
            let outside_svg = html.replace("http://www.w3.org/2000/svg", "");
            assert!(!outside_svg.contains(external), "{external}");
        }
    }
}
