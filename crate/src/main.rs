//! The `makemore` command-line tool: the lecture's count model and neural bigram on a data set.
//!
//! Run `makemore --help` for the commands. Every command reads `data/names.txt` unless
//! `--input PATH` is given, prints text (or one JSON document with `--json`), and on an error
//! prints it to stderr and exits with status 1.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use serde_json::json;

use makemore::bigram::{self, Counts};
use makemore::torch_rng::{MultinomialRule, TorchGenerator};
use makemore::{BigramModel, Dataset, Result, Vocab, loss, sample};
use makemore::{nn, plot};

#[derive(Parser)]
#[command(
    name = "makemore",
    version,
    about = "The bigram character model of Karpathy's makemore, part 1"
)]
struct Cli {
    /// The data set: one item (name) per line, UTF-8.
    #[arg(long, global = true, default_value = "data/names.txt")]
    input: PathBuf,
    /// Print one JSON document instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Items, shortest and longest length, vocabulary size, number of bigrams.
    Stats,
    /// The most common bigrams with their counts.
    Count {
        /// How many to show.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Sample names from the count model, one per line, each ending in '.'.
    Sample {
        /// How many names.
        #[arg(long, default_value_t = 10)]
        num: usize,
        /// Seed of the generator (the lecture's is 2147483647).
        #[arg(long, default_value_t = sample::LECTURE_SEED)]
        seed: u64,
        /// Added to every count before normalising (the lecture's +1 smoothing).
        #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
        smoothing: f32,
        /// Stop a name after this many characters.
        #[arg(long, default_value_t = sample::DEFAULT_MAX_LEN)]
        max_len: usize,
        /// The random generator.
        #[arg(long, value_enum, default_value_t = RngKind::Chacha)]
        rng: RngKind,
        /// How the torch generator draws each character (only with --rng torch).
        #[arg(long, value_enum, default_value_t = TorchMultinomial::Cdf)]
        torch_multinomial: TorchMultinomial,
        /// Sample from a neural bigram written by `train --out` instead of the count model.
        #[arg(long, conflicts_with = "smoothing")]
        model: Option<PathBuf>,
    },
    /// The average negative log-likelihood over the data set, or over the given items with each
    /// item's per-bigram breakdown.
    Eval {
        /// Added to every count before normalising (the lecture's +1 smoothing).
        #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
        smoothing: f32,
        /// Items to score instead of the data set.
        items: Vec<String>,
        /// Score a neural bigram written by `train --out` instead of the count model. Its
        /// vocabulary must be the data set's.
        #[arg(long, conflicts_with = "smoothing")]
        model: Option<PathBuf>,
        /// Score one part of a seeded 80/10/10 split of the data set (the count model is then
        /// fitted on the training part).
        #[arg(long, value_enum, conflicts_with = "items")]
        split: Option<SplitPart>,
        /// Seed of the split's shuffle.
        #[arg(long, default_value_t = nn::DEFAULT_SPLIT_SEED)]
        split_seed: u64,
    },
    /// Draw the count matrix N (or, with --probabilities, the rows of P) as a heatmap with every
    /// cell annotated, and write it as SVG.
    Heatmap {
        /// The SVG file to write.
        #[arg(long, default_value = "bigram.svg")]
        out: PathBuf,
        /// Added to every count before normalising (only with --probabilities).
        #[arg(
            long,
            default_value_t = 1.0,
            allow_negative_numbers = true,
            requires = "probabilities"
        )]
        smoothing: f32,
        /// Draw P = (N + smoothing) / rowsum with 3 decimals instead of the counts.
        #[arg(long)]
        probabilities: bool,
    },
    /// Train the neural bigram (one layer W, softmax, NLL + reg * mean(W^2)) by full-batch
    /// gradient descent; print the final loss (with --json, every step's loss).
    Train(TrainArgs),
}

/// The settings of `makemore train`.
#[derive(clap::Args)]
struct TrainArgs {
    /// Number of gradient descent steps.
    #[arg(long, default_value_t = nn::LECTURE_STEPS)]
    steps: usize,
    /// Learning rate.
    #[arg(long, default_value_t = nn::LECTURE_LR, allow_negative_numbers = true)]
    lr: f32,
    /// Regularisation strength: the loss adds reg * mean(W^2).
    #[arg(long, default_value_t = nn::LECTURE_REG, allow_negative_numbers = true)]
    reg: f32,
    /// Seed of the generator that draws the initial W.
    #[arg(long, default_value_t = sample::LECTURE_SEED)]
    seed: u64,
    /// How the initial W is drawn.
    #[arg(long, value_enum, default_value_t = InitKind::Chacha)]
    init: InitKind,
    /// How each step computes the loss and the gradient (the same numbers either way).
    #[arg(long, value_enum, default_value_t = MethodKind::Counts)]
    method: MethodKind,
    /// Write the trained model (W and its vocabulary, JSON) here, for `sample --model` and
    /// `eval --model`.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Train on the training part (80%) of the seeded split only, so that
    /// `eval --split val` and `eval --split test` score data the model has not seen.
    #[arg(long)]
    holdout: bool,
    /// Seed of the split's shuffle (with --holdout).
    #[arg(long, default_value_t = nn::DEFAULT_SPLIT_SEED, requires = "holdout")]
    split_seed: u64,
    /// Also write the loss curve (loss against step) as SVG here.
    #[arg(long)]
    plot: Option<PathBuf>,
}

/// How `train` draws the initial W.
#[derive(Clone, Copy, ValueEnum)]
enum InitKind {
    /// Standard normal entries from ChaCha8 seeded with --seed.
    Chacha,
    /// The lecture's W: torch.randn((27, 27)) with torch's generator seeded with --seed.
    Torch,
}

/// How `train` computes each step.
#[derive(Clone, Copy, ValueEnum)]
enum MethodKind {
    /// The lecture's: one-hot inputs times W, over all 228146 pairs.
    Onehot,
    /// The same loss and gradient from the 27 x 27 bigram counts.
    Counts,
}

/// A part of the 80/10/10 split.
#[derive(Clone, Copy, ValueEnum)]
enum SplitPart {
    /// The training part (80%).
    Train,
    /// The validation part (10%).
    Val,
    /// The test part (10%).
    Test,
}

/// The generator `sample` draws with.
#[derive(Clone, Copy, ValueEnum)]
enum RngKind {
    /// ChaCha8 seeded from the u64 seed: the same names on every machine.
    Chacha,
    /// PyTorch's CPU generator, bit for bit: torch.Generator().manual_seed(seed).
    Torch,
}

/// The torch generator's rule for `torch.multinomial(p, num_samples=1)`.
#[derive(Clone, Copy, ValueEnum)]
enum TorchMultinomial {
    /// Inverse CDF and binary search: torch <= 2.0, the names of the lecture's video.
    Cdf,
    /// Exponential race: torch >= 2.1, today's names.
    Race,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let result = run(&cli, &mut out).and_then(|()| out.flush().map_err(Failure::Output));
    let message = match result {
        Ok(()) => return ExitCode::SUCCESS,
        // The reader stopped reading (`makemore sample --num 1000000 | head`): not an error.
        Err(Failure::Output(err)) if err.kind() == std::io::ErrorKind::BrokenPipe => {
            return ExitCode::SUCCESS;
        }
        Err(Failure::Output(err)) => format!("error: cannot write the output: {err}"),
        Err(Failure::Input(err)) => format!("error: {err}"),
    };
    let _ = writeln!(std::io::stderr(), "{message}");
    ExitCode::FAILURE
}

/// Why a command failed: its input (data, settings, files), or writing what it prints.
enum Failure {
    Input(makemore::Error),
    Output(std::io::Error),
}

impl From<makemore::Error> for Failure {
    fn from(err: makemore::Error) -> Self {
        Failure::Input(err)
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Failure::Output(err)
    }
}

/// Runs a command and writes what it prints to `out`.
///
/// `stats`, `count`, `heatmap` and `sample` stream the input through [`Counts::from_file`] (memory
/// bounded whatever its size; `sample --model` does not read it); `eval` and `train` load it.
fn run(cli: &Cli, out: &mut impl Write) -> Result<(), Failure> {
    let counts = || Counts::from_file(&cli.input);
    let words = || Dataset::load(&cli.input);
    let text = match &cli.command {
        Command::Stats => stats(cli, &counts()?)?,
        Command::Count { top } => count(cli, &counts()?, *top)?,
        Command::Sample {
            num,
            seed,
            smoothing,
            max_len,
            rng,
            torch_multinomial,
            model: model_path,
        } => {
            let model = match model_path {
                Some(path) => nn::Net::load(path)?.to_model()?,
                None => {
                    let counts = counts()?;
                    BigramModel::from_counts(counts.vocab, &counts.matrix, *smoothing)?
                }
            };
            let names = Names {
                num: *num,
                max_len: *max_len,
                json: cli.json,
            };
            return match rng {
                RngKind::Chacha => names.write(&model, &mut sample::seeded(*seed), out),
                RngKind::Torch => {
                    let rule = match torch_multinomial {
                        TorchMultinomial::Cdf => MultinomialRule::Cdf,
                        TorchMultinomial::Race => MultinomialRule::Race,
                    };
                    let mut g = TorchGenerator::manual_seed(*seed).with_multinomial_rule(rule);
                    names.write(&model, &mut g, out)
                }
            };
        }
        Command::Eval {
            smoothing,
            items,
            model,
            split,
            split_seed,
        } => eval(
            cli,
            &words()?,
            *smoothing,
            items,
            model.as_deref(),
            split.map(|part| (part, *split_seed)),
        )?,
        Command::Heatmap {
            out: path,
            smoothing,
            probabilities,
        } => heatmap(cli, &counts()?, path, *smoothing, *probabilities)?,
        Command::Train(args) => train(cli, &words()?, args)?,
    };
    Ok(out.write_all(text.as_bytes())?)
}

/// What `sample` prints: `num` names, each written as soon as it is drawn, so that memory stays
/// constant however many are asked for.
struct Names {
    num: usize,
    max_len: usize,
    json: bool,
}

impl Names {
    fn write<S: sample::IndexSampler>(
        &self,
        model: &BigramModel,
        sampler: &mut S,
        out: &mut impl Write,
    ) -> Result<(), Failure> {
        check_num(self.num)?;
        // The first name also checks max_len, before anything is written.
        let first = sample::sample_name(model, sampler, self.max_len)?;
        let rest = (1..self.num).map(|_| sample::sample_name(model, sampler, self.max_len));
        if self.json {
            // The layout of serde_json's pretty printer, one name at a time.
            write!(out, "{{\n  \"names\": [\n    {}", json!(first))?;
            for name in rest {
                write!(out, ",\n    {}", json!(name?))?;
            }
            out.write_all(b"\n  ]\n}\n")?;
        } else {
            writeln!(out, "{first}")?;
            for name in rest {
                writeln!(out, "{}", name?)?;
            }
        }
        Ok(())
    }
}

fn check_num(num: usize) -> Result<()> {
    if num >= 1 {
        return Ok(());
    }
    Err(makemore::Error::InvalidParameter {
        name: "number of samples",
        value: num.to_string(),
        reason: "must be at least 1".into(),
    })
}

/// The JSON document, or the text.
fn render(json: bool, value: &impl Serialize, text: impl FnOnce() -> String) -> String {
    if json {
        let mut out = serde_json::to_string_pretty(value).expect("plain data serialises");
        out.push('\n');
        out
    } else {
        text()
    }
}

fn stats(cli: &Cli, counts: &Counts) -> Result<String> {
    let (s, vocab) = (counts.stats, &counts.vocab);
    let bigrams = s.characters + s.items;
    let doc = json!({
        "input": cli.input.display().to_string(),
        "items": s.items,
        "shortest": s.shortest,
        "longest": s.longest,
        "characters": s.characters,
        "vocab_size": vocab.len(),
        "vocab": vocab.to_string(),
        "bigrams": bigrams,
    });
    Ok(render(cli.json, &doc, || {
        format!(
            "input       {}\nitems       {}\nshortest    {}\nlongest     {}\nvocabulary  {} ({})\nbigrams     {}\n",
            cli.input.display(),
            s.items,
            s.shortest,
            s.longest,
            vocab.len(),
            vocab,
            bigrams
        )
    }))
}

fn count(cli: &Cli, counts: &Counts, top: usize) -> Result<String> {
    let common: Vec<_> = counts.most_common().into_iter().take(top).collect();
    let doc: Vec<_> = common
        .iter()
        .map(|((a, b), n)| json!({ "bigram": format!("{a}{b}"), "count": n }))
        .collect();
    Ok(render(cli.json, &doc, || {
        common.iter().fold(String::new(), |mut out, ((a, b), n)| {
            let _ = writeln!(out, "{a}{b}  {n:>6}");
            out
        })
    }))
}

fn eval(
    cli: &Cli,
    words: &Dataset,
    smoothing: f32,
    items: &[String],
    model_path: Option<&std::path::Path>,
    split: Option<(SplitPart, u64)>,
) -> Result<String> {
    let vocab = Vocab::from_dataset(words);
    let parts = split.map(|(_, seed)| words.split(seed)).transpose()?;
    let model = match model_path {
        Some(path) => nn::Net::load_for(path, &vocab)?.to_model()?,
        None => {
            let fit_on = parts.as_ref().map_or(words, |p| &p.train);
            let counts = bigram::count_matrix(&vocab, fit_on.items())?;
            BigramModel::from_counts(vocab, &counts, smoothing)?
        }
    };
    if let (Some((part, seed)), Some(parts)) = (split, &parts) {
        let (name, scored) = match part {
            SplitPart::Train => ("train", &parts.train),
            SplitPart::Val => ("val", &parts.val),
            SplitPart::Test => ("test", &parts.test),
        };
        let nll = loss::evaluate(&model, scored.items())?;
        let mut doc = serde_json::to_value(nll).expect("plain data serialises");
        doc["split"] = json!(name);
        doc["split_seed"] = json!(seed);
        doc["items"] = json!(scored.len());
        return Ok(render(cli.json, &doc, || {
            format!(
                "split           {name} (seed {seed}, {} items)\n{}",
                scored.len(),
                summary(&nll)
            )
        }));
    }
    if items.is_empty() {
        let nll = loss::evaluate(&model, words.items())?;
        return Ok(render(cli.json, &nll, || summary(&nll)));
    }
    let mut breakdowns = Vec::new();
    for item in items {
        breakdowns.push((item, loss::breakdown(&model, item)?));
    }
    let nll = loss::evaluate(&model, items)?;
    let doc = json!({
        "items": breakdowns
            .iter()
            .map(|(item, scores)| json!({ "item": item, "bigrams": scores }))
            .collect::<Vec<_>>(),
        "total": nll,
    });
    Ok(render(cli.json, &doc, || {
        let mut out = String::new();
        for (item, scores) in &breakdowns {
            let _ = writeln!(out, "{item}");
            for s in scores {
                let _ = writeln!(
                    out,
                    "  {}{}  prob {:.4}  log prob {:.4}",
                    s.bigram.0, s.bigram.1, s.prob, s.log_prob
                );
            }
        }
        out + &summary(&nll)
    }))
}

fn summary(nll: &loss::Nll) -> String {
    format!(
        "log-likelihood  {:.4}\nnll             {:.4}\nbigrams         {}\naverage nll     {:.4}\n",
        nll.log_likelihood, nll.nll, nll.count, nll.mean
    )
}

/// Writes the heatmap of N (or P) to `out` and reports where.
fn heatmap(
    cli: &Cli,
    counts: &Counts,
    out: &std::path::Path,
    smoothing: f32,
    probabilities: bool,
) -> Result<String> {
    use makemore::plot::Heatmap;

    let (vocab, n) = (&counts.vocab, &counts.matrix);
    let origin = cli.input.display();
    let (kind, chart) = if probabilities {
        let p = bigram::probs(n, smoothing)?;
        let title = format!("P = (N + {smoothing}) / N.sum(1, keepdims=True), {origin}");
        let chart = Heatmap::values(&p).vocab(vocab).precision(3);
        ("probabilities", chart.title(title))
    } else {
        let title = format!("bigram counts N, {origin}");
        ("counts", Heatmap::counts(vocab, n).title(title))
    };
    let svg = chart.render()?;
    svg.save(out)?;
    let doc = json!({
        "path": out.to_string_lossy(),
        "kind": kind,
        "rows": n.nrows(),
        "cols": n.ncols(),
        "bytes": svg.as_str().len(),
    });
    Ok(render(cli.json, &doc, || {
        format!(
            "wrote {} ({kind}, {} bytes)\n",
            out.display(),
            svg.as_str().len()
        )
    }))
}

/// Trains the neural bigram with a progress bar on stderr (only when stderr is a terminal).
fn train(cli: &Cli, words: &Dataset, args: &TrainArgs) -> Result<String> {
    use indicatif::{ProgressBar, ProgressStyle};
    use std::io::IsTerminal as _;

    let options = nn::TrainOptions {
        steps: args.steps,
        lr: args.lr,
        reg: args.reg,
        method: match args.method {
            MethodKind::Onehot => nn::Method::OneHot,
            MethodKind::Counts => nn::Method::Counts,
        },
    };
    options.validate()?;
    let init = match args.init {
        InitKind::Chacha => nn::Init::ChaCha { seed: args.seed },
        InitKind::Torch => nn::Init::Torch { seed: args.seed },
    };
    let vocab = Vocab::from_dataset(words);
    let data = if args.holdout {
        nn::TrainingSet::new(&vocab, words.split(args.split_seed)?.train.items())?
    } else {
        nn::TrainingSet::new(&vocab, words.items())?
    };
    let mut net = nn::Net::new(vocab, init);
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(options.steps as u64)
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template("train {bar:30} step {pos}/{len}  loss {msg}  {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
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
    /// Serialised directly (not through `serde_json::Value`) so that f32 values print short.
    #[derive(Serialize)]
    struct Report<'a> {
        input: &'a str,
        pairs: usize,
        holdout_split_seed: Option<u64>,
        init: String,
        seed: u64,
        options: nn::TrainOptions,
        losses: &'a [f32],
        final_loss: f32,
        out: Option<String>,
    }
    let doc = Report {
        input: words.origin(),
        pairs: data.len(),
        holdout_split_seed: args.holdout.then_some(args.split_seed),
        init: args
            .init
            .to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_string()),
        seed: args.seed,
        options,
        losses: &history.losses,
        final_loss: history.final_loss,
        out: args.out.as_ref().map(|p| p.display().to_string()),
    };
    Ok(render(cli.json, &doc, || {
        let mut out = format!(
            "pairs         {}{}\nsteps         {}\ninitial loss  {:.4}\nfinal loss    {:.4}\n",
            data.len(),
            if args.holdout { " (training part)" } else { "" },
            options.steps,
            history.losses[0],
            history.final_loss
        );
        if let Some(path) = &args.out {
            let _ = writeln!(out, "wrote         {}", path.display());
        }
        out
    }))
}
