//! `makemore sample`: names drawn from the count model or a trained net, written as they are
//! drawn.

use std::io::Write;
use std::path::Path;

use makemore::bigram::Counts;
use makemore::sample::{self, Generator, IndexSampler};
use makemore::{BigramModel, Result, TorchGenerator, nn};

use crate::args::SampleArgs;
use crate::failure::Failure;

/// Samples `args.num` names and writes each to `out` as soon as it is drawn, so that memory
/// stays constant however many are asked for; a closed pipe ends it early (see [`Failure`]).
pub fn sample(
    input: &Path,
    args: &SampleArgs,
    json: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let model = match &args.model {
        Some(path) => nn::Net::load(path)?.to_model()?,
        None => {
            let counts = Counts::from_file(input)?;
            BigramModel::from_counts(counts.vocab, &counts.matrix, args.smoothing)?
        }
    };
    match args.rng {
        Generator::ChaCha => write_names(&model, &mut sample::seeded(args.seed), args, json, out),
        Generator::Torch => {
            let rule = args.torch_multinomial;
            let mut g = TorchGenerator::manual_seed(args.seed).with_multinomial_rule(rule);
            write_names(&model, &mut g, args, json, out)
        }
    }
}

/// Writes the names one per line, or (with `json`) as `{"names": [...]}` in the layout of
/// serde_json's pretty printer, one name at a time.
fn write_names(
    model: &BigramModel,
    sampler: &mut impl IndexSampler,
    args: &SampleArgs,
    json: bool,
    out: &mut impl Write,
) -> Result<(), Failure> {
    check_num(args.num)?;
    // The first name also checks max_len, before anything is written.
    let first = sample::sample_name(model, sampler, args.max_len)?;
    let rest = (1..args.num).map(|_| sample::sample_name(model, sampler, args.max_len));
    if json {
        write!(out, "{{\n  \"names\": [\n    {}", quoted(&first))?;
        for name in rest {
            write!(out, ",\n    {}", quoted(&name?))?;
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

/// A name as a JSON string.
fn quoted(name: &str) -> String {
    serde_json::to_string(name).expect("a string serialises")
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
