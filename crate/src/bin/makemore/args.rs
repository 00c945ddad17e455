//! The command line: the global flags, the commands and each command's settings (clap).
//!
//! The choices (`--rng`, `--init`, `--torch-multinomial`, `--method`, `--net`, `--split`,
//! `--split-method`) are the library's own enums, which derive `clap::ValueEnum` behind the `cli`
//! feature; a few flags describe each choice in their own words (see [`choices`]). `--smoothing`
//! is the library's [`Smoothing`], parsed by its `FromStr`: its errors are the library's, which
//! `main` prints as one line with exit status 1.

use std::path::{Path, PathBuf};

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueEnum};
use makemore::counting::{Smoothing, sample, sample::Generator};
use makemore::data::{self, LoadOptions, Part, SplitMethod};
use makemore::{nn, nn::Method, nn::NetKind, rng::MultinomialRule};

#[derive(Parser)]
#[command(
    name = "makemore",
    version,
    about = "The bigram character model of Karpathy's makemore, part 1"
)]
pub struct Cli {
    /// The data set: one item (name) per line, UTF-8.
    #[arg(long, global = true, default_value = "data/names.txt")]
    pub input: PathBuf,
    /// Print one JSON document instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// The start/end token, which no item may hold: '.' as in the lecture; choose another
    /// (e.g. '#') for data with dots. A net's model file records its own; an ARPA file is read
    /// with this one.
    #[arg(long, global = true, value_name = "CHAR", default_value_t = makemore::vocab::BOUNDARY)]
    pub boundary: char,
    /// Whether `--boundary` was given (not its default): a model file's own must then match it.
    #[arg(skip)]
    pub boundary_given: bool,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The files the command reads, each with its flag: `--input` (read by every command but
    /// `sample --model`, and kept safe from all), `--model` and `eval --on`.
    pub fn inputs(&self) -> Vec<(&'static str, &Path)> {
        let (model, on) = match &self.command {
            Command::Count(args) => (args.model.as_ref(), None),
            Command::Sample(args) => (args.model.as_ref(), None),
            Command::Eval(args) => (args.model.as_ref(), args.on.as_ref()),
            _ => (None, None),
        };
        given([
            ("--input", Some(&self.input)),
            ("--model", model),
            ("--on", on),
        ])
    }

    /// The files the command writes, each with its flag (`-`: standard output).
    pub fn outputs(&self) -> Vec<(&'static str, &Path)> {
        match &self.command {
            Command::Heatmap(args) => given([("--out", Some(&args.out))]),
            Command::Train(args) => {
                given([("--out", args.out.as_ref()), ("--plot", args.plot.as_ref())])
            }
            Command::Stats(StatsArgs { smoothing, .. })
            | Command::Count(CountArgs { smoothing, .. })
            | Command::Sample(SampleArgs { smoothing, .. })
            | Command::Eval(EvalArgs { smoothing, .. }) => {
                given([("--save-model", smoothing.save_model.as_ref())])
            }
        }
    }

    /// Whether the command writes a file to standard output (`--out -`, `--plot -` or
    /// `--save-model -`): its report then goes to stderr, so that the two never mix.
    pub fn writes_stdout(&self) -> bool {
        self.outputs()
            .iter()
            .any(|(_, path)| path.as_os_str() == "-")
    }

    /// How the commands read `--input` (and `eval --on`): with `--boundary` as the start/end
    /// token.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            boundary: self.boundary,
            ..LoadOptions::default()
        }
    }
}

/// The paths given, each with its flag.
fn given<'a, const N: usize>(
    files: [(&'static str, Option<&'a PathBuf>); N],
) -> Vec<(&'static str, &'a Path)> {
    let files = files.into_iter();
    files
        .filter_map(|(flag, path)| Some((flag, path?.as_path())))
        .collect()
}

#[derive(Subcommand)]
pub enum Command {
    /// Items, shortest and longest length, vocabulary size, number of bigrams (with --context K,
    /// also the contexts possible and seen, and whether the count table is dense or sparse).
    Stats(StatsArgs),
    /// The most common bigrams (with --context K, n-grams) with their counts.
    Count(CountArgs),
    /// Sample names from the count model (with --context K, of K characters of context) or a
    /// trained net, one per line, each ending in '.'.
    Sample(SampleArgs),
    /// The average negative log-likelihood over the data set, or over the given items with each
    /// item's per-bigram breakdown (also: one part of a split, another file with --on, n-grams
    /// with --context K).
    Eval(EvalArgs),
    /// Draw the count matrix N (or, with --probabilities, the rows of P) as a heatmap with every
    /// cell annotated, and write it as SVG (with --context K --given CHARS, the contexts CHARS?).
    Heatmap(HeatmapArgs),
    /// Train the neural bigram (one layer W, softmax, NLL + reg * mean(W^2)) by full-batch
    /// gradient descent, or with --context K and --net a neural n-gram net; print the final loss
    /// (with --json, every step's loss).
    Train(TrainArgs),
}

/// The help of every `--discount`.
const DISCOUNT_HELP: &str = "With --smoothing kn: one discount D, 0 < D < 1, for every count and context length \
     (interpolated Kneser-Ney) instead of modified Kneser-Ney's estimated ones";

/// The help of `eval --smoothing` and `sample --smoothing` (`--help`: its doc comment).
const SMOOTHING_HELP: &str =
    "Added to every count before normalising (the lecture's +1 smoothing), or kn";

/// `--smoothing` and `--discount`: how the count model is smoothed, the same two flags in every
/// command that counts (each command words `--smoothing`'s help its own way).
#[derive(clap::Args)]
pub struct SmoothingArgs {
    /// Added to every count before normalising (the lecture's +1 smoothing)
    ///
    /// Or kn: modified Kneser-Ney (three discounts per context length, estimated from the counts;
    /// with --discount D, interpolated Kneser-Ney with the one discount D)
    ///
    /// [default: 1]
    #[arg(long, allow_hyphen_values = true, help = SMOOTHING_HELP)]
    pub smoothing: Option<Smoothing>,
    // Listed last, just before `--help`.
    #[arg(long, value_name = "D", allow_hyphen_values = true, help = DISCOUNT_HELP, display_order = 998)]
    pub discount: Option<f64>,
    /// Also write the count model (or the --model FILE.arpa read) to this file as ARPA: each
    /// n-gram's log10 probability and each context's back-off weight, as KenLM reads them; `-`
    /// writes it to standard output
    #[arg(long, value_name = "FILE.arpa", display_order = 997)]
    pub save_model: Option<PathBuf>,
}

/// `--smoothing <k|kn>` with this help and no long help (for `stats` and `count`).
fn short_smoothing_help(help: &'static str) -> impl FnOnce(clap::Arg) -> clap::Arg {
    move |arg| arg.value_name("k|kn").help(help).long_help(None)
}

/// The settings of `makemore stats`.
#[derive(clap::Args)]
#[command(mut_arg(
    "smoothing",
    short_smoothing_help(
        "Also show a smoothing of the counts: with kn, the Kneser-Ney discounts of every context length (D1, D2, D3+; modified Kneser-Ney's, estimated from the counts of counts, or --discount's); with a number k, add-k's k"
    )
))]
pub struct StatsArgs {
    /// Characters of context K, 1 to 8 (1: the bigram, 2: the trigram, ...)
    #[arg(short = 'k', long, default_value_t = 1, allow_negative_numbers = true)]
    pub context: i64,
    #[command(flatten)]
    pub smoothing: SmoothingArgs,
}

/// The settings of `makemore count`.
#[derive(clap::Args)]
#[command(mut_arg(
    "smoothing",
    short_smoothing_help(
        "Also show each one's probability p(next | context) under the count model with this smoothing: a number k (add k to every count) or kn (modified Kneser-Ney)"
    )
))]
pub struct CountArgs {
    /// How many to show.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Characters of context K, 1 to 8: with K > 1 the most common n-grams (K characters of
    /// context, then the next one; names start with K '.'s) [default: 1, or with --model the
    /// model's, which it must then match].
    #[arg(short = 'k', long, allow_negative_numbers = true)]
    pub context: Option<i64>,
    #[command(flatten)]
    pub smoothing: SmoothingArgs,
    /// Show each one's probability under a count model saved as ARPA (FILE.arpa) instead.
    #[arg(long, value_name = "FILE.arpa")]
    pub model: Option<PathBuf>,
}

/// The settings of `makemore sample`.
#[derive(clap::Args)]
pub struct SampleArgs {
    /// How many names.
    #[arg(short = 'n', long, default_value_t = 10)]
    pub num: usize,
    /// Seed of the generator (the lecture's is 2147483647).
    #[arg(long, default_value_t = sample::LECTURE_SEED)]
    pub seed: u64,
    #[command(flatten)]
    pub smoothing: SmoothingArgs,
    /// Stop a name after this many characters.
    #[arg(long, default_value_t = sample::DEFAULT_MAX_LEN)]
    pub max_len: usize,
    /// The random generator.
    #[arg(long, value_parser = choices(rng_help), default_value = "chacha")]
    pub rng: Generator,
    /// How the torch generator draws each character (only with --rng torch).
    #[arg(long, value_parser = choices(rule_help), default_value = "cdf")]
    pub torch_multinomial: MultinomialRule,
    /// Sample from a neural net written by `train --out`, or a count model saved as ARPA
    /// (FILE.arpa), instead of the count model of the data set.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Characters of context K, 1 to 8 [default: 1, or with --model the model's, which it must
    /// then match].
    #[arg(short = 'k', long, allow_negative_numbers = true)]
    pub context: Option<i64>,
}

/// The settings of `makemore eval`.
#[derive(clap::Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub smoothing: SmoothingArgs,
    /// Items to score instead of the data set.
    pub items: Vec<String>,
    /// Score a neural net written by `train --out` (its vocabulary must be the data set's), or
    /// a count model saved as ARPA (FILE.arpa), instead of the count model of the data set.
    // Listed second, as before `--discount` joined `--smoothing`.
    #[arg(long, display_order = 1)]
    pub model: Option<PathBuf>,
    /// Score one part of a seeded 80/10/10 split of the data set (the count model is then
    /// fitted on the training part).
    #[arg(long, value_enum, conflicts_with = "items")]
    pub split: Option<Part>,
    /// Score the items of this file (one per line) under the model of the data set (counted
    /// from --input, or --model), e.g. a dev or test file kept apart.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["items", "split"])]
    pub on: Option<PathBuf>,
    /// Characters of context K, 1 to 8 [default: 1, or with --model the model's, which it must
    /// then match].
    #[arg(short = 'k', long, allow_negative_numbers = true)]
    pub context: Option<i64>,
    /// Seed of the split's shuffle (with --split).
    #[arg(long, default_value_t = data::DEFAULT_SPLIT_SEED, requires = "split")]
    pub split_seed: u64,
    /// How the split is shuffled and cut (with --split).
    #[arg(
        long,
        value_parser = choices(split_method_help),
        default_value = "chacha",
        requires = "split"
    )]
    pub split_method: SplitMethod,
}

/// The settings of `makemore heatmap`.
#[derive(clap::Args)]
pub struct HeatmapArgs {
    /// The SVG file to write; `-` for standard output (the report then goes to stderr).
    #[arg(short = 'o', long, default_value = "bigram.svg")]
    pub out: PathBuf,
    /// Added to every count before normalising (only with --probabilities).
    #[arg(
        long,
        default_value_t = 1.0,
        allow_hyphen_values = true,
        requires = "probabilities"
    )]
    pub smoothing: f32,
    /// Draw P = (N + smoothing) / rowsum with 3 decimals instead of the counts.
    #[arg(long)]
    pub probabilities: bool,
    /// Characters of context K, 1 to 8; with K > 1 --given picks the contexts to draw.
    #[arg(short = 'k', long, default_value_t = 1, allow_negative_numbers = true)]
    pub context: i64,
    /// With --context K > 1: the first K - 1 characters of the contexts to draw, e.g. `a` for
    /// the 27 x 27 slice of the contexts `a?` (rows: the last character of the context,
    /// columns: the next character).
    #[arg(long)]
    pub given: Option<String>,
    /// Draw only the N characters of the largest row + column totals (the most frequent, for the
    /// counts), the start/end token always kept, for a vocabulary too big to draw whole; the
    /// title says what is left out, and each tooltip's p is of the whole row.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
}

/// The settings of `makemore train`.
#[derive(clap::Args)]
pub struct TrainArgs {
    /// Number of gradient descent steps.
    #[arg(long, default_value_t = nn::LECTURE_STEPS)]
    pub steps: usize,
    /// Learning rate.
    #[arg(long, default_value_t = nn::LECTURE_LR, allow_hyphen_values = true)]
    pub lr: f32,
    /// Regularisation strength: the loss adds reg * mean(W^2).
    #[arg(long, default_value_t = nn::LECTURE_REG, allow_hyphen_values = true)]
    pub reg: f32,
    /// Seed of the generator that draws the initial W.
    #[arg(long, default_value_t = sample::LECTURE_SEED)]
    pub seed: u64,
    /// How the initial W is drawn.
    #[arg(long, value_parser = choices(init_help), default_value = "chacha")]
    pub init: Generator,
    /// How each step computes the loss and the gradient (the same numbers either way).
    #[arg(long, value_parser = choices(method_help), default_value = "counts")]
    pub method: Method,
    /// Characters of context K, 1 to 8 (1: the bigram, 2: the trigram, ...)
    #[arg(short = 'k', long, default_value_t = 1, allow_negative_numbers = true)]
    pub context: i64,
    /// Which net (with --context 1 the table net is the lecture's bigram net).
    #[arg(long, value_parser = choices(net_help), default_value = "table")]
    pub net: NetKind,
    /// Write the trained model (W and its vocabulary, JSON) here, for `sample --model` and
    /// `eval --model`; `-` for standard output (the report then goes to stderr).
    #[arg(short = 'o', long)]
    pub out: Option<PathBuf>,
    /// Train on the training part (80%) of the seeded split only, so that
    /// `eval --split val` and `eval --split test` score data the model has not seen.
    #[arg(long)]
    pub holdout: bool,
    /// Seed of the split's shuffle (with --holdout).
    #[arg(long, default_value_t = data::DEFAULT_SPLIT_SEED, requires = "holdout")]
    pub split_seed: u64,
    /// Also write the loss curve (loss against step) as SVG here, not where --out writes; `-`
    /// for standard output (the report then goes to stderr).
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

/// The values of one of the library's enums, each shown with this flag's help for it (the
/// library's doc comments are written for its docs, and `--rng` and `--init` describe the same
/// generators differently).
fn choices<E>(help: fn(E) -> &'static str) -> impl TypedValueParser<Value = E>
where
    E: ValueEnum + Copy + Send + Sync + 'static,
{
    let values = E::value_variants()
        .iter()
        .filter_map(|&value| Some(value.to_possible_value()?.help(help(value))));
    PossibleValuesParser::new(values)
        .map(|name| E::from_str(&name, false).expect("the parser accepts only these names"))
}

fn rng_help(generator: Generator) -> &'static str {
    match generator {
        Generator::ChaCha => "ChaCha8 seeded from the u64 seed: the same names on every machine",
        Generator::Torch => {
            "PyTorch's CPU generator, bit for bit: torch.Generator().manual_seed(seed)"
        }
    }
}

fn rule_help(rule: MultinomialRule) -> &'static str {
    match rule {
        MultinomialRule::Cdf => {
            "Inverse CDF and binary search: torch 1.x, the names of the lecture's video"
        }
        MultinomialRule::Race => "Exponential race: torch >= 2.0, the names of torch 2.7 and later",
    }
}

fn init_help(generator: Generator) -> &'static str {
    match generator {
        Generator::ChaCha => "Standard normal entries from ChaCha8 seeded with --seed",
        Generator::Torch => {
            "The lecture's W: torch.randn((27, 27)) with torch's generator seeded with --seed \
             (V^K or K * V rows for K > 1)"
        }
    }
}

fn method_help(method: Method) -> &'static str {
    match method {
        Method::OneHot => {
            "The lecture's: one-hot inputs times W, over all 228146 pairs (the bigram net only)"
        }
        Method::Counts => {
            "The same loss and gradient from the 27 x 27 bigram counts (the n-gram counts for K > 1)"
        }
        Method::Index => {
            "The same, per example: rows W[xs], the fused cross-entropy and a scatter-add"
        }
    }
}

fn split_method_help(method: SplitMethod) -> &'static str {
    match method {
        SplitMethod::ChaCha => "The crate's: a ChaCha8 shuffle seeded with --split-seed",
        SplitMethod::Lectures => {
            "The lecture series' train/dev/test (val is dev): Python's random.seed(--split-seed), \
             random.shuffle, cut at int(0.8 n) and int(0.9 n)"
        }
    }
}

fn net_help(net: NetKind) -> &'static str {
    match net {
        NetKind::Table => "One row of W per context: V^K x V weights, the count model's equivalent",
        NetKind::Concat => "The K one-hot vectors side by side: (K * V) x V weights",
    }
}
