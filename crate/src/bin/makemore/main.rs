//! The `makemore` command-line tool: the lecture's count model and neural bigram on a data set.
//!
//! Run `makemore --help` for the commands. Every command reads `data/names.txt` unless
//! `--input PATH` is given, prints text (or one JSON document with `--json`), and on an error
//! prints it to stderr and exits with status 1. A command that writes its file to standard
//! output (`--out -`, `--plot -`) prints its report to stderr instead.
//!
//! Each command is a function in [`commands`] that returns a report, printed here as its
//! `Display` text or, with `--json`, as JSON; `sample` writes its names as they are drawn.

mod args;
mod commands;
mod failure;

use std::fmt::Display;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use clap::Parser;
use serde::Serialize;

use args::{Cli, Command};
use failure::Failure;

fn main() -> ExitCode {
    let message = match Cli::try_parse() {
        Ok(cli) => {
            let result = if cli.writes_stdout() {
                run(&cli, &mut std::io::stderr().lock())
            } else {
                let mut out = BufWriter::new(std::io::stdout().lock());
                run(&cli, &mut out).and_then(|()| out.flush().map_err(Failure::Output))
            };
            result.err().as_ref().and_then(Failure::message)
        }
        Err(err) => Some(usage_error(err)),
    };
    let Some(message) = message else {
        return ExitCode::SUCCESS;
    };
    let _ = writeln!(std::io::stderr(), "{message}");
    ExitCode::FAILURE
}

/// A flag whose value the library parses (`--smoothing`) and rejects is bad input like any
/// other: the library's one-line error (returned) and exit status 1. Any other error of the
/// argument parser (an unknown flag, a value that is not a number, `--help`) is clap's own, exit
/// status 2 (0 for `--help` and `--version`).
fn usage_error(err: clap::Error) -> String {
    let library = std::error::Error::source(&err).and_then(|e| e.downcast_ref::<makemore::Error>());
    match library {
        Some(library) => format!("error: {library}"),
        None => err.exit(),
    }
}

/// Runs a command and writes what it prints to `out`.
fn run(cli: &Cli, out: &mut impl Write) -> Result<(), Failure> {
    let (input, opts) = (cli.input.as_path(), cli.load_options());
    match &cli.command {
        Command::Stats(args) => print(cli.json, &commands::stats(input, opts, args)?, out),
        Command::Count(args) => print(cli.json, &commands::count(input, opts, args)?, out),
        Command::Sample(args) => commands::sample(input, opts, args, cli.json, out),
        Command::Eval(args) => print(cli.json, &commands::eval(input, opts, args)?, out),
        Command::Heatmap(args) => print(cli.json, &commands::heatmap(input, opts, args)?, out),
        Command::Train(args) => print(cli.json, &commands::train(input, opts, args)?, out),
    }
}

/// Writes a report: one pretty JSON document, or its text.
fn print(
    json: bool,
    report: &(impl Serialize + Display),
    out: &mut impl Write,
) -> Result<(), Failure> {
    if json {
        let doc = serde_json::to_string_pretty(report).expect("plain data serialises");
        writeln!(out, "{doc}")?;
    } else {
        write!(out, "{report}")?;
    }
    Ok(())
}
