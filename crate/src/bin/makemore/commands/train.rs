//! `makemore train`: the neural bigram (or, with `--context K` and `--net`, a neural n-gram net)
//! trained by full-batch gradient descent, with a progress bar on a terminal.

use std::fmt;
use std::io::IsTerminal as _;
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressFinish, ProgressStyle};
use makemore::data::{Dataset, LoadOptions, SplitMethod};
use makemore::{Result, counting::sample::Generator, nn, nn::NetKind, show::plot, vocab::Vocab};
use serde::Serialize;

use super::context::context_len;
use crate::args::TrainArgs;

/// What `train` reports: the run's settings and every step's loss.
///
/// Serialised directly (not through `serde_json::Value`) so that f32 values print short.
#[derive(Serialize)]
pub struct TrainReport {
    /// Where the data came from.
    input: String,
    /// The (current, next) pairs trained on: (context, next) with K > 1.
    pairs: usize,
    /// K, for any net but the bigram net.
    #[serde(skip_serializing_if = "Option::is_none")]
    context: Option<usize>,
    /// The net, for any but the bigram net.
    #[serde(skip_serializing_if = "Option::is_none")]
    net: Option<NetKind>,
    /// The shape of W, for any net but the bigram net.
    #[serde(skip_serializing_if = "Option::is_none")]
    weights: Option<(usize, usize)>,
    /// The seed of the split whose training part was used (with --holdout), else null.
    holdout_split_seed: Option<u64>,
    /// The generator of the initial W.
    init: Generator,
    seed: u64,
    options: nn::TrainOptions,
    /// The loss before each step.
    losses: Vec<f32>,
    final_loss: f32,
    /// Where the model was written.
    out: Option<String>,
}

/// Trains on the data set at `input`, then writes the model (`--out`) and the loss curve
/// (`--plot`) if asked. With K = 1 and the table net this is the lecture's bigram net, exactly as
/// it has always been trained and saved (a version-1 model file).
pub fn train(input: &Path, options: LoadOptions, args: &TrainArgs) -> Result<TrainReport> {
    // Cleared when dropped, on the way out: what follows, the report or the error, is then on a
    // line of its own.
    let bar = progress_bar(args.steps);
    let k = context_len(args.context)?;
    let words = Dataset::load_with(input, options)?;
    let options = nn::TrainOptions {
        steps: args.steps,
        lr: args.lr,
        reg: args.reg,
        method: args.method,
    };
    let vocab = Vocab::from_dataset_with(&words, words.boundary())?;
    let split = args
        .holdout
        .then(|| words.split(args.split_seed))
        .transpose()?;
    let items = split.as_ref().map_or(words.items(), |s| s.train.items());
    let on_step = |step: usize, loss: f32, _: ndarray::ArrayView2<'_, f32>| {
        bar.set_message(format!("loss {loss:.4}"));
        bar.set_position(step as u64 + 1);
    };
    bar.set_message("making the examples");
    let data = nn::TrainingSet::with_context(&vocab, k, items)?;
    let mut net = nn::Net::with_architecture(vocab, args.net, k, args.init, args.seed)?;
    bar.set_message("the first step");
    let history = net.train_with(&data, &options, on_step)?;
    if args.holdout {
        net.set_holdout(SplitMethod::ChaCha, args.split_seed); // words.split's
    }
    if let Some(path) = &args.out {
        net.save(path)?;
    }
    if let Some(path) = &args.plot {
        plot::line::loss_curve(&history.losses)?.save(path)?;
    }
    let bigram = net.is_bigram();
    Ok(TrainReport {
        input: words.origin().to_string(),
        pairs: data.len(),
        context: (!bigram).then_some(k),
        net: (!bigram).then_some(args.net),
        weights: (!bigram).then(|| net.w().dim()),
        holdout_split_seed: args.holdout.then_some(args.split_seed),
        init: args.init,
        seed: args.seed,
        options,
        losses: history.losses,
        final_loss: history.final_loss,
        out: args.out.as_ref().map(|p| p.display().to_string()),
    })
}

/// A progress bar on stderr when it is a terminal, else a hidden one (so piped and `--json`
/// output never hold it). On a terminal it shows at once, before the data is read, and ticks
/// on its own, so that the clock moves even while a long first step runs.
fn progress_bar(steps: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("train {bar:30} step {pos}/{len}  {msg}  {elapsed}");
    let style = style.unwrap_or_else(|_| ProgressStyle::default_bar());
    let bar = ProgressBar::new(steps as u64).with_style(style);
    let bar = bar.with_finish(ProgressFinish::AndClear); // cleared when dropped
    bar.set_message("reading the data");
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

impl fmt::Display for TrainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = self.holdout_split_seed.map_or("", |_| " (training part)");
        if let (Some(k), Some(net), Some((rows, cols))) = (self.context, self.net, self.weights) {
            let s = if k == 1 { "" } else { "s" };
            let name = net.name();
            writeln!(
                f,
                "net           {name}, {k} character{s} of context, W {rows} x {cols}"
            )?;
        }
        writeln!(f, "pairs         {}{part}", self.pairs)?;
        writeln!(f, "steps         {}", self.options.steps)?;
        writeln!(f, "initial loss  {:.4}", self.losses[0])?;
        writeln!(f, "final loss    {:.4}", self.final_loss)?;
        if let Some(path) = &self.out {
            writeln!(f, "wrote         {path}")?;
        }
        Ok(())
    }
}
