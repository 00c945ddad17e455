//! `makemore eval`: the average negative log-likelihood of the count model or a trained net, over
//! the data set, one part of its split, the items of another file, or the given items: each
//! one's bigrams (or n-grams), its own score, then the score of all of them together.

use std::fmt::{self, Write as _};
use std::path::Path;

use makemore::counting::{Counts, Model, loss, loss::Nll};
use makemore::data::{Dataset, LoadOptions, Part, SplitMethod};
use makemore::{Error, Result, vocab::Vocab};
use serde::Serialize;
use serde_json::{Value, json};

use super::context::{context_len, is_arpa, load_model, load_net, ngrams};
use crate::args::EvalArgs;

/// What `eval` reports: one JSON document and its text.
#[derive(Serialize)]
#[serde(transparent)]
pub struct EvalReport(Doc, #[serde(skip)] String);

/// The JSON: for the whole data set an [`Nll`] (with K before it for K > 1), otherwise a map
/// whose keys serde_json writes in alphabetical order, as the tool always has.
#[derive(Serialize)]
#[serde(untagged)]
enum Doc {
    Whole {
        #[serde(skip_serializing_if = "Option::is_none")]
        context: Option<usize>,
        #[serde(flatten)]
        nll: Nll,
    },
    Sorted(Value),
}

/// Scores the data set at `input`, a part of its split, the items of `args.on`, or `args.items`.
pub fn eval(input: &Path, options: LoadOptions, args: &EvalArgs) -> Result<EvalReport> {
    let k_flag = args.context.map(context_len).transpose()?;
    if let Some(path) = &args.model {
        args.smoothing.check_net_unsmoothed(path)?;
    }
    let smoothing = args.smoothing.or_default()?;
    let (method, seed) = (args.split_method, args.split_seed);
    // A split needs every item in memory, and so does data that cannot be read twice (a pipe);
    // otherwise the data set is streamed, counted once for the vocabulary and the model and read
    // again to be scored.
    let once = args.split.is_some() || !std::fs::metadata(input).is_ok_and(|m| m.is_file());
    let words = once
        .then(|| Dataset::load_with(input, options))
        .transpose()?;
    let parts = (args.split.and(words.as_ref()))
        .map(|words| words.split_with(method, seed))
        .transpose()?;
    let counts = |k| match &words {
        Some(words) => {
            let vocab = Vocab::from_dataset_with(words, words.boundary())?;
            let items = parts
                .as_ref()
                .map_or(words.items(), |parts| parts.train.items());
            Counts::from_items(vocab, k, items)
        }
        None => Counts::from_file_with(input, k, options),
    };
    let model = match &args.model {
        Some(path) if is_arpa(path) => load_model(path, None, args.context, options.boundary)?,
        Some(path) => {
            let net = load_net(path, Some(counts(1)?.vocab()), args.context)?;
            if let Some(part) = args.split.filter(|&part| part != Part::Train) {
                check_unseen(path, net.holdout(), part, (method, seed))?;
            }
            net.to_model()?
        }
        None => Model::from_counts(&counts(k_flag.unwrap_or(1))?, smoothing)?,
    };
    args.smoothing.save(&model)?;
    let origin = args.model.as_deref().unwrap_or(input);
    let k = model.context_len();
    let context = Some(k).filter(|&k| k > 1);
    let on_items = args
        .on
        .as_ref()
        .map(|on| Dataset::load_with(on, options))
        .transpose()?;
    // What is scored, with the line and the keys that name it (none for the whole data set).
    let (scored, mut text, mut json) = if let (Some(part), Some(parts)) = (args.split, &parts) {
        let scored = parts.part(part).items();
        let (name, items) = (part.name(), scored.len());
        let place = |i: usize| format!("{name} {} of {items}", i + 1);
        check_items(scored, "item of the split", place, &model, origin)?;
        let mut json = json!({"items": items, "split": part, "split_seed": seed});
        let how = match method {
            SplitMethod::ChaCha => "",
            SplitMethod::Lectures => {
                json["split_method"] = json!(method);
                "the lectures' split, "
            }
        };
        let line = format!("split           {name} ({how}seed {seed}, {items} items)\n");
        (scored, line, json)
    } else if let (Some(on), Some(scored)) = (&args.on, &on_items) {
        let place = |i: usize| format!("{}:{}", on.display(), i + 1);
        check_items(scored.items(), "item of --on", place, &model, origin)?;
        let (on, items) = (on.display().to_string(), scored.len());
        let line = format!("on              {on} ({items} items)\n");
        (scored.items(), line, json!({"items": items, "on": on}))
    } else if args.items.is_empty() {
        (
            words.as_ref().map_or(&[][..], Dataset::items),
            String::new(),
            Value::Null,
        )
    } else {
        let place = |i: usize| format!("{} ({:?})", i + 1, args.items[i]);
        check_items(&args.items, "item", place, &model, origin)?;
        let items = args.items.iter().map(|item| item_scores(&model, item));
        let (items, lines): (Vec<Value>, String) = items.collect::<Result<_>>()?;
        (&args.items[..], lines, json!({"items": items}))
    };
    let nll = match (&words, &args.on, args.items.is_empty()) {
        (None, None, true) => loss::evaluate_file(&model, input, options)?,
        _ => loss::evaluate(&model, scored)?,
    };
    let (ll, sum, count, mean) = (nll.log_likelihood, nll.nll, nll.count, nll.mean);
    let name = ngrams(k);
    writeln!(text, "log-likelihood  {ll:.4}\nnll             {sum:.4}").ok();
    writeln!(text, "{name:<16}{count}\naverage nll     {mean:.4}").ok();
    let total = json!(nll);
    let Some(map) = json.as_object_mut() else {
        return Ok(EvalReport(Doc::Whole { context, nll }, text));
    };
    map.extend(context.map(|k| ("context".to_string(), k.into())));
    match map.get("items") {
        Some(Value::Array(_)) => drop(map.insert("total".into(), total)),
        _ => map.extend(total.as_object().expect("a JSON object").clone()),
    }
    Ok(EvalReport(Doc::Sorted(json), text))
}

/// One item's examples and its own score, as JSON (`bigrams` for K = 1, `ngrams` otherwise) and
/// as text.
fn item_scores(model: &Model, item: &str) -> Result<(Value, String)> {
    let own = loss::evaluate(model, [item])?;
    let (k, name) = (model.context_len(), ngrams(model.context_len()));
    let mut text = format!("{item}\n");
    let mut examples = Vec::new();
    for s in loss::breakdown(model, item)? {
        let (prob, log_prob) = (f64::from(s.prob), s.log_prob);
        let (context, next) = (&s.context, s.next);
        writeln!(
            text,
            "  {context}{next}  prob {prob:.4}  log prob {log_prob:.4}"
        )
        .ok();
        examples.push(match k {
            1 => json!({"bigram": [context, next], "log_prob": log_prob, "prob": prob}),
            _ => json!({"context": context, "log_prob": log_prob, "next": next, "prob": prob}),
        });
    }
    let (ll, count, mean) = (own.log_likelihood, own.count, own.mean);
    writeln!(
        text,
        "  log-likelihood {ll:.4}  {name} {count}  average nll {mean:.4}"
    )
    .ok();
    // The item's own Nll, its name and its examples, as keys in alphabetical order.
    let mut json = json!(own);
    json["item"] = json!(item);
    json[if k == 1 { "bigrams" } else { "ngrams" }] = json!(examples);
    Ok((json, text))
}

/// A net scored on the `part` (val or test) of `split` must have been trained without it: its
/// file's recorded held-out split must be that split (else an error), or, with none recorded,
/// a warning on stderr that the part may hold names it was trained on.
fn check_unseen(
    path: &Path,
    holdout: Option<(SplitMethod, u64)>,
    part: Part,
    split: (SplitMethod, u64),
) -> Result<()> {
    let (name, file) = (part.name(), path.display());
    match holdout {
        Some(trained) if trained == split => Ok(()),
        Some((method, seed)) => Err(Error::invalid(
            "--split",
            format!("{name} ({}, seed {})", split.0.name(), split.1),
            format!(
                "{file} was trained on the training part of the {} split with seed {seed}, so \
                 this part holds names it was trained on",
                method.name()
            ),
        )),
        None => {
            eprintln!(
                "warning: {file} records no held-out split (trained on every name, or written \
                 before train --holdout recorded it): its {name} part may hold names it was trained on"
            );
            Ok(())
        }
    }
}

/// Every item scored must have a character and be in the model's vocabulary; if not, an error
/// naming the item (`name` = `place(i)`, e.g. `item of --on = dev.txt:2`), and the model's
/// vocabulary and where it came from (`origin`).
fn check_items(
    items: &[String],
    name: &'static str,
    place: impl Fn(usize) -> String,
    model: &Model,
    origin: &Path,
) -> Result<()> {
    let vocab = model.vocab();
    for (i, item) in items.iter().enumerate() {
        let reason = match vocab.encode(item) {
            _ if item.is_empty() => "an item needs at least one character".into(),
            Err(err) => format!(
                "{err} of the model ({}, from {})",
                vocab.brief(),
                origin.display()
            ),
            Ok(_) => continue,
        };
        return Err(Error::invalid(name, place(i), reason));
    }
    Ok(())
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.1)
    }
}
