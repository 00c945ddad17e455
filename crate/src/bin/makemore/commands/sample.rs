//! `makemore sample`: names drawn from the count model or a trained net, written as they are
//! drawn.

use std::io::Write;
use std::path::Path;

use makemore::counting::sample::{self, Generator, IndexSampler};
use makemore::counting::{Counts, Model};
use makemore::{Result, data::LoadOptions, rng::TorchGenerator};

use super::at_least_one;
use super::context::{check_fits, context_len, load_model};
use crate::args::SampleArgs;
use crate::failure::Failure;

/// Samples `args.num` names and writes each to `out` as soon as it is drawn, so that memory
/// stays constant however many are asked for; a closed pipe ends it early (see [`Failure`]).
pub fn sample(
    input: &Path,
    options: LoadOptions,
    boundary_given: bool,
    args: &SampleArgs,
    json: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let model = model(input, options, boundary_given, args)?;
    args.smoothing.save(&model)?;
    match args.rng {
        Generator::ChaCha => write_names(&model, &mut sample::seeded(args.seed), args, json, out),
        Generator::Torch => {
            let rule = args.torch_multinomial;
            let mut g = TorchGenerator::manual_seed(args.seed).with_multinomial_rule(rule);
            write_names(&model, &mut g, args, json, out)
        }
    }
}

/// The model file's net (whose K must be `--context`'s, if given, and whose start/end token
/// must be `--boundary`'s, if given), or the count model of the data set at `input` with K
/// characters of context (streamed), smoothed as asked.
fn model(
    input: &Path,
    options: LoadOptions,
    boundary_given: bool,
    args: &SampleArgs,
) -> Result<Model> {
    match &args.model {
        Some(path) => {
            args.smoothing.check_net_unsmoothed(path)?;
            let model = load_model(path, None, args.context, options.boundary)?;
            if boundary_given {
                check_fits(path, model.vocab(), options.boundary, None)?;
            }
            Ok(model)
        }
        None => {
            let k = context_len(args.context.unwrap_or(1))?;
            let smoothing = args.smoothing.or_default()?;
            Model::from_counts(&Counts::from_file_with(input, k, options)?, smoothing)
        }
    }
}

/// Writes the names one per line, or (with `json`) as `{"names": [...]}` in the layout of
/// serde_json's pretty printer, one name at a time.
fn write_names(
    model: &Model,
    sampler: &mut impl IndexSampler,
    args: &SampleArgs,
    json: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    at_least_one("number of samples", args.num)?;
    let max_len = args.max_len;
    let mut draw = || sample::sample_name(model, sampler, max_len);
    let (open, between, close) = match json {
        true => ("{\n  \"names\": [\n    ", ",\n    ", "\n  ]\n}\n"),
        false => ("", "\n", "\n"),
    };
    let text = |name: String| match json {
        true => serde_json::to_string(&name).expect("a string serialises"),
        false => name,
    };
    // The first name also checks max_len, before anything is written.
    write!(out, "{open}{}", text(draw()?))?;
    for _ in 1..args.num {
        write!(out, "{between}{}", text(draw()?))?;
    }
    write!(out, "{close}")?;
    Ok(())
}
