//! Reading ARPA text into a counted model (see the module docs), each bad line named.

use std::io::BufRead;
use std::path::Path;

use super::write::as_ngram;
use crate::counting::Model;
use crate::counting::context::{MAX_CONTEXT_LEN, Map, Ngrams, Row, num_contexts};
use crate::error::{Error, Result};
use crate::vocab::Vocab;

/// Reads the ARPA file at `path` (see [`read`]).
pub fn load(path: impl AsRef<Path>, boundary: char) -> Result<Model> {
    let path = path.as_ref();
    read(
        crate::fsio::open_file(path)?,
        &path.display().to_string(),
        boundary,
    )
}

/// What a line of a bad file makes: an [`Error::InvalidModel`] naming the file and the line.
fn bad(origin: &str, line: usize, reason: impl Into<String>) -> Error {
    Error::InvalidModel {
        path: origin.into(),
        reason: format!("line {line}: {}", reason.into()),
    }
}

/// Reads a counted model from ARPA text whose words are single characters, `<s>`, `</s>` or
/// `<unk>` (see the module docs), the start/end token being `boundary`; `origin` names it in
/// errors. A file that is cut short, whose counts disagree with its sections, with a log
/// probability above 0 or not a number, a word that is not one character, a missing order, or
/// an n-gram whose first or last n - 1 words are not in it is an [`Error::InvalidModel`] naming
/// the line.
pub fn read(reader: impl BufRead, origin: &str, boundary: char) -> Result<Model> {
    let mut lines = Lines {
        reader,
        line: String::new(),
        at: 0,
        origin,
    };
    // The header: `\data\`, then `ngram n=count` for n = 1, 2, ...
    lines.next(|| "\\data\\".into())?;
    if lines.line() != "\\data\\" {
        return Err(lines.bad("an ARPA file starts with \\data\\"));
    }
    let mut sizes: Vec<usize> = Vec::new();
    lines.next(|| "the first section".into())?;
    while let Some(rest) = lines.line().strip_prefix("ngram ") {
        let n = sizes.len() + 1;
        match rest.split_once('=') {
            Some((m, count)) if m.trim() == n.to_string() => match count.trim().parse() {
                Ok(count) => sizes.push(count),
                Err(_) => return Err(lines.bad(format!("{count:?} is not a count of n-grams"))),
            },
            _ => return Err(lines.bad(format!("expected \"ngram {n}=COUNT\""))),
        }
        lines.next(|| "the first section".into())?;
    }
    let k = sizes.len().saturating_sub(1);
    if num_contexts(2, k).is_err() {
        let why = format!("{} orders in the header: a model has 2 to 9", sizes.len());
        return Err(lines.bad(why));
    }
    // The sections, the unigrams first: they make the vocabulary.
    let mut vocab: Option<Vocab> = None;
    let mut orders: Vec<Map<u64, Row>> = vec![Map::default(); k + 1];
    // starts[n - 1]: whether the file has `<s>` n times in a row, an n-gram that is only a
    // context; every other n-gram is in the rows.
    let mut starts = [false; MAX_CONTEXT_LEN + 1];
    // A section's n-grams and back-off weights, made into rows once it is read (the weights of
    // the contexts of n words once the next section makes their rows).
    let (mut section, mut weights) = (Section::default(), Vec::new());
    for (n, &size) in (1..).zip(&sizes) {
        if lines.line() != format!("\\{n}-grams:") {
            let after = match n {
                1 => "the header".to_string(),
                _ => format!("the {} {}-grams the header counts", sizes[n - 2], n - 1),
            };
            return Err(lines.bad(format!("expected \\{n}-grams: after {after}")));
        }
        let mut unigrams = Vec::new(); // read before the vocabulary they make
        for i in 0..size {
            lines.next(|| format!("the {size} {n}-grams the header counts"))?;
            if lines.line().starts_with('\\') {
                let counted = format!("of the {size} {n}-grams the header counts");
                return Err(lines.bad(format!("{} after {i} {counted}", lines.line())));
            }
            let gram = parse_line(lines.line(), n, n <= k).map_err(|e| lines.bad(e))?;
            match &vocab {
                None => unigrams.push((
                    lines.at,
                    gram.log_prob,
                    gram.words[0].to_string(),
                    gram.backoff,
                )),
                Some(vocab) => add(&orders, &mut starts, &mut section, vocab, &gram)
                    .map_err(|e| lines.bad(e))?,
            }
        }
        if vocab.is_none() {
            let chars = unigrams.iter().filter_map(|(_, _, word, _)| one_char(word));
            let made =
                Vocab::from_chars_with(chars, boundary).map_err(|e| lines.bad(e.to_string()))?;
            // V^K contexts must be numbers, before any is made.
            num_contexts(made.len(), k).map_err(|e| lines.bad(e.to_string()))?;
            for (at, log_prob, word, backoff) in &unigrams {
                let mut words = [""; MAX_CONTEXT_LEN + 1];
                words[0] = word;
                let gram = Line {
                    log_prob: *log_prob,
                    words,
                    n: 1,
                    backoff: *backoff,
                };
                add(&orders, &mut starts, &mut section, &made, &gram)
                    .map_err(|e| bad(origin, *at, e))?;
            }
            vocab = Some(made);
        }
        // The rows of the contexts of n - 1 words, sorted (the next section searches them),
        // each made once; a repeat is found, and the weights read with the last section go in.
        section.seen.sort_unstable_by_key(|&(h, w, _)| (h, w));
        if section
            .seen
            .windows(2)
            .any(|pair| (pair[0].0, pair[0].1) == (pair[1].0, pair[1].1))
        {
            return Err(lines.bad(format!("an n-gram given twice in the \\{n}-grams section")));
        }
        for run in section.seen.chunk_by(|a, b| a.0 == b.0) {
            let seen = run.iter().map(|&(_, w, p)| (w, p)).collect();
            orders[n - 1].insert(run[0].0, Row { seen, backoff: 1.0 });
        }
        for (context, b) in std::mem::replace(&mut weights, section.weights) {
            row(&mut orders[n - 1], context).backoff = b;
        }
        section.seen.clear();
        section.weights = Vec::new();
        lines.next(|| format!("\\{}-grams: or \\end\\", n + 1))?;
    }
    if lines.line() != "\\end\\" {
        let counted = format!("the {} {}-grams the header counts", sizes[k], k + 1);
        return Err(lines.bad(format!("expected \\end\\ after {counted}")));
    }
    let Some(vocab) = vocab else {
        return Err(lines.bad("no unigrams"));
    };
    if orders[0]
        .get(&0)
        .is_none_or(|row| row.seen.first().is_none_or(|s| s.0 != 0))
    {
        return Err(lines.bad("no unigram </s>: the end of an item has no probability"));
    }
    let v = vocab.len() as u64;
    let ngrams = Ngrams {
        orders,
        floor: 1.0 / v as f64,
        size: v,
    };
    Model::from_ngrams(vocab, k, ngrams).map_err(|e| lines.bad(e.to_string()))
}

/// The lines of an ARPA file, blank ones skipped, counted for the errors: one line in memory.
struct Lines<'a, B> {
    reader: B,
    line: String,
    at: usize,
    origin: &'a str,
}

impl<B: BufRead> Lines<'_, B> {
    /// Reads the next line that is not blank; at the end, an error saying what it lacks.
    fn next(&mut self, what: impl FnOnce() -> String) -> Result<()> {
        loop {
            self.line.clear();
            self.at += 1;
            let read = self.reader.read_line(&mut self.line);
            match read.map_err(|e| bad(self.origin, self.at, e.to_string()))? {
                0 => {
                    return Err(bad(
                        self.origin,
                        self.at - 1,
                        format!("the file ends before {}", what()),
                    ));
                }
                _ if self.line.trim().is_empty() => continue,
                _ => return Ok(()),
            }
        }
    }

    /// The line read last, trimmed.
    fn line(&self) -> &str {
        self.line.trim()
    }

    /// An [`Error::InvalidModel`] naming the file and the current line.
    fn bad(&self, reason: impl Into<String>) -> Error {
        bad(self.origin, self.at, reason)
    }
}

/// An n-gram line: its log10 probability, its n words and its log10 back-off weight, if any.
struct Line<'a> {
    log_prob: f64,
    words: [&'a str; MAX_CONTEXT_LEN + 1],
    n: usize,
    backoff: Option<f64>,
}

/// One n-gram line of n words (a back-off weight only where allowed), else why not.
fn parse_line(
    line: &str,
    n: usize,
    backoff_allowed: bool,
) -> std::result::Result<Line<'_>, String> {
    let mut fields = line.split_whitespace();
    let log_prob = match fields.next().map(|text| (text, text.parse::<f64>())) {
        Some((_, Ok(x))) if x <= 0.0 => x,
        Some((text, Ok(_))) => {
            return Err(format!(
                "the log10 probability {text} is above 0 or not a number: a probability is at most 1"
            ));
        }
        Some((text, Err(_))) => {
            return Err(format!("{text:?} is not a number (log10 probability)"));
        }
        None => return Err("no log10 probability".into()),
    };
    let mut words = [""; MAX_CONTEXT_LEN + 1];
    for (i, word) in words.iter_mut().take(n).enumerate() {
        *word = fields
            .next()
            .ok_or_else(|| format!("{i} words where a {n}-gram has {n}"))?;
    }
    let backoff = match fields.next() {
        None => None,
        Some(_) if !backoff_allowed => {
            return Err(format!(
                "more than a {n}-gram and its log probability: the longest n-grams have no back-off weight"
            ));
        }
        // A weight may be above 1, not infinite.
        Some(text) => match text.parse::<f64>() {
            Ok(b) if 10f64.powf(b).is_finite() => Some(b),
            _ => {
                return Err(format!(
                    "{text:?} is not a log10 back-off weight (a number, < 308)"
                ));
            }
        },
    };
    if let Some(extra) = fields.next() {
        return Err(format!("{extra:?} after the n-gram and its numbers"));
    }
    Ok(Line {
        log_prob,
        words,
        n,
        backoff,
    })
}

/// The row of context `h` in `order`, made empty (weight 1) if it has none.
fn row(order: &mut Map<u64, Row>, h: u64) -> &mut Row {
    order.entry(h).or_insert_with(|| Row {
        seen: Vec::new(),
        backoff: 1.0,
    })
}

/// The one character of `word`, if it is one.
fn one_char(word: &str) -> Option<char> {
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The n-grams of a section as they are read: (context, next, probability), and the back-off
/// weights of the contexts they are.
#[derive(Default)]
struct Section {
    seen: Vec<(u64, u32, f64)>,
    weights: Vec<(u64, f64)>,
}

/// Adds an n-gram line of the file (its words `vocab`'s; the shorter n-grams in `orders`, their
/// rows sorted, and `starts`) to its section: its probability, and its back-off weight as a
/// context's; else why not.
fn add(
    orders: &[Map<u64, Row>],
    starts: &mut [bool],
    section: &mut Section,
    vocab: &Vocab,
    gram: &Line,
) -> std::result::Result<(), String> {
    let (n, v, words) = (gram.n, vocab.len() as u64, &gram.words[..gram.n]);
    let Some(ids) = ids(vocab, words)? else {
        return Ok(()); // `<unk>`
    };
    let (&last, context) = ids[..n].split_last().expect("n >= 1 words");
    let h = context.iter().fold(0u64, |h, &t| h * v + u64::from(t));
    let start = v as u32;
    let known = |(h, w): (u64, u32), n: usize| match w == start {
        true => starts[n - 1], // `<s>` n times
        false => orders[n - 1]
            .get(&h)
            .is_some_and(|row| row.seen.binary_search_by_key(&w, |s| s.0).is_ok()),
    };
    if n > 1 {
        let prefix = as_ngram(h, v, start);
        let suffix = (h % v.pow(n as u32 - 2), last);
        let parts = [
            ("prefix", prefix, &words[..n - 1]),
            ("suffix", suffix, &words[1..]),
        ];
        for (part, gram, words) in parts {
            if !known(gram, n - 1) {
                let words = words.join(" ");
                return Err(format!("its {part} {words:?} is not an n-gram of the file"));
            }
        }
    }
    match last == start {
        true if starts[n - 1] => return Err("an n-gram the file already gave".into()),
        true => starts[n - 1] = true,
        false => section.seen.push((h, last, 10f64.powf(gram.log_prob))),
    }
    if let Some(b) = gram.backoff.filter(|&b| b != 0.0 && last != 0) {
        section
            .weights
            .push((h * v + u64::from(last % start), 10f64.powf(b)));
    }
    Ok(())
}

/// The token ids of an n-gram's words (`<s>` as V when last, `</s>` as 0), `None` if it holds
/// `<unk>`, or why it cannot be read.
fn ids(
    vocab: &Vocab,
    words: &[&str],
) -> std::result::Result<Option<[u32; MAX_CONTEXT_LEN + 1]>, String> {
    let n = words.len();
    let mut ids = [0; MAX_CONTEXT_LEN + 1];
    for (i, &word) in words.iter().enumerate() {
        let last = i + 1 == n;
        let id = match word {
            "<unk>" => return Ok(None),
            "<s>" if last => vocab.len() as u32,
            "<s>" => 0,
            "</s>" if last => 0,
            "</s>" => {
                return Err("</s> before the last word: nothing follows the end of an item".into());
            }
            w => {
                let Some(c) = one_char(w) else {
                    let why = "is not one character: this is not a character model";
                    return Err(format!("the word {w:?} {why}"));
                };
                let unknown = || format!("the word {w:?} is not a unigram of the file");
                vocab.stoi(c).filter(|&i| i > 0).ok_or_else(unknown)? as u32
            }
        };
        if id == 0 && i > 0 && ids[i - 1] != 0 && !last {
            return Err("<s> after a character: the start of an item comes first".into());
        }
        ids[i] = id;
    }
    Ok(Some(ids))
}
