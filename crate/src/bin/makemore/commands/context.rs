//! What the commands share about `--context K`: checking K, naming the n-grams, and checking a
//! model file's K against the flag.

use std::path::Path;

use makemore::counting::{Model, arpa, context::MAX_CONTEXT_LEN};
use makemore::{Error, Result, nn::Net, vocab::Vocab};

/// K from a `--context` flag: 1 to [`MAX_CONTEXT_LEN`] (8), else the library's error for it
/// (`invalid context length = 0: must be between 1 and 8`), for a negative K too.
///
/// The limit is the library's: past 8 characters a context of names.txt (whose longest name has
/// 15) holds mostly leading '.'s, and 27^8 = 2.8e11 contexts are already almost all unseen.
pub fn context_len(flag: i64) -> Result<usize> {
    match usize::try_from(flag) {
        Ok(k) if (1..=MAX_CONTEXT_LEN).contains(&k) => Ok(k),
        _ => Err(Error::invalid(
            "context length",
            flag,
            format!("must be between 1 and {MAX_CONTEXT_LEN}"),
        )),
    }
}

/// What K characters of context and the next one are called: "bigrams", "trigrams", "4-grams".
pub fn ngrams(k: usize) -> String {
    match k {
        1 => "bigrams".into(),
        2 => "trigrams".into(),
        _ => format!("{}-grams", k + 1),
    }
}

/// Whether `--model` names an ARPA file (a count model): its name ends in `.arpa`.
pub fn is_arpa(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("arpa"))
}

/// `--model FILE`: a count model saved as ARPA (`FILE.arpa`, its start/end token `boundary`),
/// else a trained net ([`load_net`]); its K must be `--context`'s, if given.
pub fn load_model(
    path: &Path,
    vocab: Option<&Vocab>,
    flag: Option<i64>,
    boundary: char,
) -> Result<Model> {
    if !is_arpa(path) {
        return load_net(path, vocab, flag)?.to_model();
    }
    let model = arpa::load(path, boundary)?;
    check_k(path, "ARPA count model", model.context_len(), flag)?;
    Ok(model)
}

/// The net of the model file at `path`: its vocabulary must be `vocab`, if given, and its K
/// `--context`'s.
pub fn load_net(path: &Path, vocab: Option<&Vocab>, flag: Option<i64>) -> Result<Net> {
    let net = match vocab {
        Some(vocab) => Net::load_for(path, vocab)?,
        None => Net::load(path)?,
    };
    check_k(
        path,
        &format!("{} net", net.name()),
        net.context_len(),
        flag,
    )?;
    Ok(net)
}

/// A model file used on the data: its start/end token must be `--boundary`'s, and with `data`
/// (the data's vocabulary), it must know every character of the data.
pub fn check_fits(path: &Path, model: &Vocab, boundary: char, data: Option<&Vocab>) -> Result<()> {
    let (own, chars) = (model.boundary(), data.map_or(&[][..], Vocab::chars));
    let reason = match chars.iter().find(|&&c| model.stoi(c).is_none()) {
        _ if own != boundary => {
            format!("its start/end token is {own:?}, --boundary asks for {boundary:?}")
        }
        Some(c) => format!(
            "its vocabulary {} has no {c:?}, a character of the data",
            model.brief()
        ),
        None => return Ok(()),
    };
    Err(Error::InvalidModel {
        path: path.into(),
        reason,
    })
}

/// A model file's K must be `--context`'s, if given.
fn check_k(path: &Path, kind: &str, model_k: usize, flag: Option<i64>) -> Result<()> {
    if let Some(k) = flag.map(context_len).transpose()?
        && k != model_k
    {
        let s = if model_k == 1 { "" } else { "s" };
        return Err(Error::InvalidModel {
            path: path.into(),
            reason: format!(
                "the model ({kind}) has a context of {model_k} character{s}, --context asks for {k}"
            ),
        });
    }
    Ok(())
}
