//! The front page and the pages of `docs/` kept true: the heatmap committed as
//! `docs/heatmap.svg` is the one `makemore heatmap` draws today, byte for byte; every relative
//! link and image in README.md and `docs/*.md` names a file that exists, and the README links every
//! page of `docs/`; every console example (a ```` ```console ```` block's `$ cargo run --release
//! -- ARGS` or `$ makemore ARGS` line, with an optional `| tail -N` or `| head -N`) prints what the
//! page shows below it, up to the next `$` line. The examples of one page run in order in one
//! scratch directory holding `data/names.txt` (the tool's default input), so an example may use a
//! file an earlier one wrote; any other `$` line (`printf ... > dev.txt`) runs with `sh -c` there.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{makemore_in, names_txt};

/// The repository's root.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// README.md, then `docs/*.md` in name order, each with its path from the root.
fn doc_files() -> Vec<(String, String)> {
    let mut pages: Vec<String> = fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    pages.sort();
    pages.insert(0, "README.md".to_string());
    pages
        .into_iter()
        .map(|page| {
            let text = fs::read_to_string(repo().join(&page)).unwrap();
            (page, text)
        })
        .collect()
}

/// A scratch directory holding `data/names.txt`.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("data")).unwrap();
    fs::copy(names_txt(), dir.path().join("data/names.txt")).unwrap();
    dir
}

#[test]
fn the_committed_heatmap_is_the_one_the_tool_draws() {
    let dir = scratch();
    let out = makemore_in(dir.path(), &["heatmap", "--out", "heatmap.svg"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let drawn = fs::read(dir.path().join("heatmap.svg")).unwrap();
    let committed = fs::read(repo().join("docs/heatmap.svg")).unwrap();
    assert!(
        drawn == committed,
        "docs/heatmap.svg ({} bytes) is not what `makemore heatmap` draws today ({} bytes): \
         refresh it with `cargo run --release -- heatmap --out docs/heatmap.svg`",
        committed.len(),
        drawn.len()
    );
    let svg = String::from_utf8(committed).unwrap();
    let root = roxmltree::Document::parse(&svg).unwrap();
    assert!(
        root.root_element().attribute("viewBox").is_some(),
        "docs/heatmap.svg has no viewBox, so the page cannot scale it"
    );
}

/// The text without its fenced code blocks and inline code spans, where `](` is code, not a link.
fn without_code(text: &str) -> String {
    let mut kept = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            let spans: Vec<&str> = line.split('`').collect();
            kept.extend(spans.iter().step_by(2).copied());
            kept.push('\n');
        }
    }
    kept
}

/// The targets of a page's links and images: `[text](target)`, `![alt](target)` and the `src`
/// or `href` of an HTML tag, each as written.
fn link_targets(text: &str) -> Vec<String> {
    let text = without_code(text);
    let mut targets = Vec::new();
    for (opening, closing) in [("](", ')'), ("src=\"", '"'), ("href=\"", '"')] {
        for (at, _) in text.match_indices(opening) {
            let rest = &text[at + opening.len()..];
            if let Some(end) = rest.find(closing) {
                // `(target "title")`: the target is the first word.
                let target = rest[..end].split_whitespace().next().unwrap_or("");
                targets.push(target.to_string());
            }
        }
    }
    targets
}

/// Whether a link leaves the repository (a URL, a mail address) or stays on its page (`#...`).
fn is_external(target: &str) -> bool {
    target.contains("://") || target.starts_with("mailto:") || target.starts_with('#')
}

#[test]
fn every_relative_link_in_the_docs_names_a_file_that_exists() {
    let mut missing = Vec::new();
    let mut checked = 0;
    for (page, text) in doc_files() {
        let base = repo().join(&page).parent().unwrap().to_path_buf();
        for target in link_targets(&text) {
            if is_external(&target) {
                continue;
            }
            let file = target.split('#').next().unwrap();
            checked += 1;
            if file.is_empty() || !base.join(file).exists() {
                missing.push(format!(
                    "{page}: a link to `{target}`, which does not exist"
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(checked >= 10, "only {checked} relative links found");
}

#[test]
fn the_readme_links_every_page_of_docs() {
    let pages = doc_files();
    let readme = link_targets(&pages[0].1);
    for (page, _) in &pages[1..] {
        assert!(
            readme.iter().any(|t| t.split('#').next() == Some(page)),
            "README.md does not link {page}"
        );
    }
}

#[test]
fn link_targets_skip_code_and_read_html() {
    let text =
        "[a](x.md) `[b](y.md)` ![c](d/e.svg \"t\")\n```\n[f](g.md)\n```\n<img src=\"h.png\">";
    assert_eq!(link_targets(text), ["x.md", "d/e.svg", "h.png"]);
}

/// One `$` line of a page's console block and the output shown below it.
struct Example {
    page: String,
    command: String,
    shown: String,
}

/// The console examples of a page, in order. A block may be indented (inside a list item): its
/// lines lose the fence's indentation. Blank lines at the end of an output are not part of it.
fn examples(page: &str, text: &str) -> Vec<Example> {
    let mut found: Vec<Example> = Vec::new();
    let mut indent = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        match indent {
            None if trimmed == "```console" => indent = Some(line.len() - trimmed.len()),
            None => {}
            Some(_) if trimmed == "```" => indent = None,
            Some(n) => {
                let line = line.get(n..).unwrap_or("");
                if let Some(command) = line.strip_prefix("$ ") {
                    found.push(Example {
                        page: page.to_string(),
                        command: command.to_string(),
                        shown: String::new(),
                    });
                } else if let Some(example) = found.last_mut() {
                    example.shown.push_str(line);
                    example.shown.push('\n');
                } else {
                    panic!("{page}: a console block starts with `{line}`, not a `$` line");
                }
            }
        }
    }
    for example in &mut found {
        example.shown = format!("{}\n", example.shown.trim_end_matches('\n'));
    }
    found
}

/// A command line's words as `sh` would split them (single and double quotes, no escapes), up
/// to an unquoted `#` that starts a word (a comment).
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, '#') if word.is_none() => break,
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

#[test]
fn words_split_like_sh() {
    assert_eq!(
        words("makemore --boundary '#' sample -n 5   # five names"),
        ["makemore", "--boundary", "#", "sample", "-n", "5"]
    );
    assert_eq!(
        words("eval \"a b\" | tail -1"),
        ["eval", "a b", "|", "tail", "-1"]
    );
}

/// Runs one example in `dir`: its stdout, or why it could not run.
fn run(example: &Example, dir: &Path) -> Result<String, String> {
    let words = words(&example.command);
    let args = match words.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["cargo", "run", "--release", "--", ref args @ ..] | ["makemore", ref args @ ..] => {
            args.to_vec()
        }
        _ => {
            let out = Command::new("sh")
                .args(["-c", &example.command])
                .current_dir(dir)
                .output()
                .unwrap();
            return if out.status.success() {
                Ok(String::from_utf8_lossy(&out.stdout).into_owned())
            } else {
                Err(String::from_utf8_lossy(&out.stderr).into_owned())
            };
        }
    };
    let (args, filter) = match args.iter().position(|&w| w == "|") {
        Some(bar) => (&args[..bar], &args[bar + 1..]),
        None => (&args[..], &[][..]),
    };
    let out = makemore_in(dir, args);
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let stdout = String::from_utf8(out.stdout).map_err(|e| e.to_string())?;
    let lines: Vec<&str> = stdout.lines().collect();
    let kept = match filter {
        [] => return Ok(stdout),
        [end @ ("tail" | "head"), n] => {
            let n: usize = n
                .trim_start_matches('-')
                .parse()
                .map_err(|_| n.to_string())?;
            let n = n.min(lines.len());
            if *end == "tail" {
                &lines[lines.len() - n..]
            } else {
                &lines[..n]
            }
        }
        _ => return Err(format!("a pipe this test cannot run: {}", filter.join(" "))),
    };
    Ok(kept.iter().map(|l| format!("{l}\n")).collect())
}

#[test]
fn every_console_example_prints_what_the_docs_show() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for (page, text) in doc_files() {
        let dir = scratch();
        for example in examples(&page, &text) {
            ran += 1;
            let shown = &example.shown;
            match run(&example, dir.path()) {
                Ok(printed) if printed.trim_end_matches('\n') == shown.trim_end_matches('\n') => {}
                Ok(printed) => failures.push(format!(
                    "{}: `$ {}` prints\n{printed}but the page shows\n{shown}",
                    example.page, example.command
                )),
                Err(why) => failures.push(format!(
                    "{}: `$ {}` fails: {why}",
                    example.page, example.command
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ran >= 20, "only {ran} console examples found");
}

#[test]
fn examples_are_read_with_their_output_up_to_the_next_command() {
    let text =
        "x\n  ```console\n  $ makemore stats   # all\n  a\n\n  $ makemore count\n  b\n  ```\n";
    let found = examples("p.md", text);
    let read: Vec<(&str, &str)> = found
        .iter()
        .map(|e| (e.command.as_str(), e.shown.as_str()))
        .collect();
    assert_eq!(
        read,
        [("makemore stats   # all", "a\n"), ("makemore count", "b\n")]
    );
}
