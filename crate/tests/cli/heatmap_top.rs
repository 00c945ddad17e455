//! `makemore heatmap` on a vocabulary too big to draw whole: 3050 lines over 900 CJK characters
//! (U+4E00 on), generated here. Without `--top` the error names the flag; with `--top 40` the 39
//! most frequent characters and the start/end token are drawn, and the title's share of bigrams
//! left out is the one counted here with a plain HashMap. On names.txt, each tooltip of a `--top`
//! heatmap is the whole heatmap's.

use std::collections::HashMap;

use serde_json::Value;

use crate::common::{fails_with, makemore, names_txt};

/// 3050 lines: line `i` holds character `i % 900`, then four drawn from a skewed distribution
/// (a small LCG), so that every character occurs and the first ones most.
fn lines() -> Vec<String> {
    let mut x: u64 = 1;
    let mut draw = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let u = (x >> 11) as f64 / (1u64 << 53) as f64;
        (900.0 * u * u * u) as u32
    };
    let ch = |j: u32| char::from_u32(0x4e00 + j).unwrap();
    (0..3050)
        .map(|i| {
            std::iter::once(ch(i % 900))
                .chain((0..4).map(|_| ch(draw())))
                .collect()
        })
        .collect()
}

#[test]
fn a_vocabulary_too_big_is_drawn_with_top_n() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cjk.txt");
    let lines = lines();
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let (input, svg) = (input.to_str().unwrap(), dir.path().join("top.svg"));
    let svg_str = svg.to_str().unwrap();
    let whole = ["--input", input, "heatmap", "-o", svg_str];
    fails_with(&whole, "a 901 x 901 matrix would be ");
    fails_with(
        &whole,
        "px, over the 30000 px limit; keep the most frequent characters with --top N",
    );
    assert!(!svg.exists());

    let out = makemore(&[
        "--input", input, "--json", "heatmap", "--top", "40", "-o", svg_str,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["rows"].as_u64(), report["cols"].as_u64()),
        (Some(40), Some(40))
    );

    // The 39 most frequent characters (ties: the lower code point), and '.'.
    let mut freq: HashMap<char, usize> = HashMap::new();
    for c in lines.iter().flat_map(|l| l.chars()) {
        *freq.entry(c).or_default() += 1;
    }
    assert_eq!(freq.len(), 900);
    let mut by_freq: Vec<(char, usize)> = freq.into_iter().collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut kept: Vec<char> = by_freq[..39].iter().map(|&(c, _)| c).collect();
    kept.push('.');
    let (mut all, mut inside) = (0usize, 0usize);
    for line in &lines {
        let chars: Vec<char> = std::iter::once('.')
            .chain(line.chars())
            .chain(['.'])
            .collect();
        for pair in chars.windows(2) {
            all += 1;
            inside += usize::from(kept.contains(&pair[0]) && kept.contains(&pair[1]));
        }
    }
    let left = 100.0 * (1.0 - inside as f64 / all as f64);
    let text = std::fs::read_to_string(&svg).unwrap();
    let title = format!("top 40 of 901 characters; {left:.1}% of bigrams left out");
    assert!(text.contains(&title), "{title}");
    assert_eq!(text.matches("<rect").count(), 1 + 40 * 40);
    let (first, left_out) = (by_freq[0].0, by_freq[39].0);
    assert!(text.contains(&format!(">\n{first}{first}\n</text>")));
    assert!(!text.contains(&format!(">\n{left_out}\n</text>")));
}

/// Each cell's tooltip, by its bigram: `".a" -> ".a: 4410 (p = 0.1377)"`.
fn tooltips(svg: &str) -> HashMap<String, String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    (doc.descendants())
        .filter(|n| n.has_tag_name("title"))
        .map(|n| {
            let tip = n.text().unwrap().to_string();
            (tip.split_once(':').unwrap().0.to_string(), tip)
        })
        .collect()
}

/// A count's p is of its whole row with `--top` too: `--top 2` of names.txt keeps `.` and `a`,
/// and `.a` is still 4410 of the row's 32033 (p = 0.1377, not 4410 / 4410).
#[test]
fn a_top_heatmap_gives_the_whole_map_p() {
    let (dir, names) = (tempfile::tempdir().unwrap(), names_txt());
    let svg = dir.path().join("n.svg");
    let draw = |args: &[&str]| {
        let all = [
            &["--input", &names, "heatmap", "-o", svg.to_str().unwrap()],
            args,
        ]
        .concat();
        assert!(makemore(&all).status.success());
        tooltips(&std::fs::read_to_string(&svg).unwrap())
    };
    let whole = draw(&[]);
    for n in ["2", "5"] {
        let top = draw(&["--top", n]);
        assert!(top.len() < whole.len());
        for (bigram, tip) in &top {
            assert_eq!(tip, &whole[bigram]);
        }
    }
    assert_eq!(draw(&["--top", "2"])[".a"], ".a: 4410 (p = 0.1377)");
}
