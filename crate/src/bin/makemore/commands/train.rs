//! `makemore train`: the neural bigram trained by full-batch gradient descent, with a progress
//! bar on a terminal.

use std::fmt;
use std::io::IsTerminal as _;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use makemore::sample::Generator;
use makemore::{Dataset, Result, Vocab, nn, plot};
use serde::Serialize;

use crate::args::TrainArgs;

/// What `train` reports: the run's settings and every step's loss.
///
/// Serialised directly (not through `serde_json::Value`) so that f32 values print short.
#[derive(Serialize)]
pub struct TrainReport {
    /// Where the data came from.
    input: String,
    /// The (current, next) pairs trained on.
    pairs: usize,
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
/// (`--plot`) if asked.
pub fn train(input: &Path, args: &TrainArgs) -> Result<TrainReport> {
    let words = Dataset::load(input)?;
    let options = nn::TrainOptions {
        steps: args.steps,
        lr: args.lr,
        reg: args.reg,
        method: args.method,
    }
    .check()?;
    let vocab = Vocab::from_dataset(&words);
    let data = if args.holdout {
        nn::TrainingSet::new(&vocab, words.split(args.split_seed)?.train.items())?
    } else {
        nn::TrainingSet::new(&vocab, words.items())?
    };
    let mut net = nn::Net::new(vocab, nn::Init::seeded(args.init, args.seed));
    let bar = progress_bar(args.steps);
    let history = net.train_with(&data, &options, |step, loss| {
        bar.set_position(step as u64 + 1);
        bar.set_message(format!("{loss:.4}"));
    });
    bar.finish();
    let history = history?;
    if let Some(path) = &args.out {
        net.save(path)?;
    }
    if let Some(path) = &args.plot {
        plot::line::loss_curve(&history.losses)?.save(path)?;
    }
    Ok(TrainReport {
        input: words.origin().to_string(),
        pairs: data.len(),
        holdout_split_seed: args.holdout.then_some(args.split_seed),
        init: args.init,
        seed: args.seed,
        options: *options.get(),
        losses: history.losses,
        final_loss: history.final_loss,
        out: args.out.as_ref().map(|p| p.display().to_string()),
    })
}

/// A progress bar on stderr when it is a terminal, else a hidden one.
fn progress_bar(steps: usize) -> ProgressBar {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(steps as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("train {bar:30} step {pos}/{len}  loss {msg}  {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

impl fmt::Display for TrainReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = if self.holdout_split_seed.is_some() {
            " (training part)"
        } else {
            ""
        };
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
