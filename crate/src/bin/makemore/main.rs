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

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};
use serde::Serialize;

use args::{Cli, Command};
use failure::Failure;

fn main() -> ExitCode {
    let parsed = Cli::command().try_get_matches().and_then(|matches| {
        let given = matches.value_source("boundary") == Some(ValueSource::CommandLine);
        Cli::from_arg_matches(&matches).map(|cli| Cli {
            boundary_given: given,
            ..cli
        })
    });
    let message = match parsed {
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

/// Bad arguments are bad input like any other: one line and exit status 1. A flag whose value
/// the library parses (`--smoothing`) and rejects gives the library's error; any other (an
/// unknown flag, a value that is not a number, no command) the first line of clap's, which names
/// the flag. `--help` and `--version` print as clap prints them, exit status 0.
fn usage_error(err: clap::Error) -> String {
    use clap::error::ErrorKind::{
        DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand, DisplayVersion,
    };
    let library = std::error::Error::source(&err).and_then(|e| e.downcast_ref::<makemore::Error>());
    match (library, err.kind()) {
        (Some(library), _) => format!("error: {library}"),
        (None, DisplayHelp | DisplayVersion) => err.exit(),
        (None, DisplayHelpOnMissingArgumentOrSubcommand) => {
            "error: no command given (makemore --help lists them)".into()
        }
        (None, _) => {
            // Its first paragraph ("the following required arguments were not provided:" and
            // their names on the lines below) as one line.
            let text = err.to_string();
            let first = text.split("\n\n").next().unwrap_or_default();
            let words: Vec<&str> = first.split_whitespace().collect();
            format!("{} (see --help)", words.join(" "))
        }
    }
}

/// Runs a command and writes what it prints to `out`.
fn run(cli: &Cli, out: &mut impl Write) -> Result<(), Failure> {
    commands::check_files(cli)?;
    let (input, opts) = (cli.input.as_path(), cli.load_options());
    match &cli.command {
        Command::Stats(args) => print(cli.json, &commands::stats(input, opts, args)?, out),
        Command::Count(args) => print(cli.json, &commands::count(input, opts, args)?, out),
        Command::Sample(args) => {
            commands::sample(input, opts, cli.boundary_given, args, cli.json, out)
        }
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
