//! The `makemore` command-line tool: the lecture's count model on a data set.
//!
//! Run `makemore --help` for the commands. Every command reads `data/names.txt` unless
//! `--input PATH` is given, prints text (or one JSON document with `--json`), and on an error
//! prints it to stderr and exits with status 1.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;
use serde_json::json;

use makemore::{bigram, loss, sample, BigramModel, Dataset, Result, Vocab};

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
    },
    /// The average negative log-likelihood over the data set, or over the given items with each
    /// item's per-bigram breakdown.
    Eval {
        /// Added to every count before normalising (the lecture's +1 smoothing).
        #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
        smoothing: f32,
        /// Items to score instead of the data set.
        items: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a command and returns what it prints.
fn run(cli: &Cli) -> Result<String> {
    let words = Dataset::load(&cli.input)?;
    match &cli.command {
        Command::Stats => stats(cli, &words),
        Command::Count { top } => count(cli, &words, *top),
        Command::Sample {
            num,
            seed,
            smoothing,
            max_len,
        } => {
            let model = BigramModel::fit(&words, *smoothing)?;
            let names = sample::sample_names(&model, &mut sample::seeded(*seed), *num, *max_len)?;
            Ok(render(cli.json, &json!({ "names": names }), || {
                names.iter().map(|n| format!("{n}\n")).collect()
            }))
        }
        Command::Eval { smoothing, items } => eval(cli, &words, *smoothing, items),
    }
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

fn stats(cli: &Cli, words: &Dataset) -> Result<String> {
    let s = words.stats();
    let vocab = Vocab::from_dataset(words);
    let bigrams = s.characters + s.items;
    let doc = json!({
        "input": words.origin(),
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
            words.origin(),
            s.items,
            s.shortest,
            s.longest,
            vocab.len(),
            vocab,
            bigrams
        )
    }))
}

fn count(cli: &Cli, words: &Dataset, top: usize) -> Result<String> {
    let dict = bigram::count_dict(words.items());
    let common: Vec<_> = bigram::most_common(&dict).into_iter().take(top).collect();
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

fn eval(cli: &Cli, words: &Dataset, smoothing: f32, items: &[String]) -> Result<String> {
    let model = BigramModel::fit(words, smoothing)?;
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
