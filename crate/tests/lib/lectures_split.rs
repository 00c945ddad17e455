//! `Dataset::split_lectures` against CPython's own `random.seed(s); random.shuffle(words)` and
//! `int(0.8 * n)`, `int(0.9 * n)` cut, run by `python3`.

use makemore::data::LECTURES_SPLIT_SEED;
use makemore::data::{Dataset, Split};

use crate::python::python;

const NAMES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt");

/// The Python that prints, for each `(seed, words)` case, the train, val and test parts on three
/// lines, items separated by spaces.
const PRINT_SPLIT: &str = "
def split(seed, words):
    random.seed(seed)
    random.shuffle(words)
    n1 = int(0.8 * len(words))
    n2 = int(0.9 * len(words))
    for part in (words[:n1], words[n1:n2], words[n2:]):
        print(' '.join(part))
";

/// A split's parts as the same three lines.
fn lines(split: &Split) -> Vec<String> {
    [&split.train, &split.val, &split.test]
        .map(|part| part.items().join(" "))
        .to_vec()
}

#[test]
fn shuffles_of_range_100_match_cpython_for_small_and_large_seeds() {
    let seeds: [u64; 6] = [0, 1, 42, 2_147_483_647, (1 << 32) + 5, u64::MAX];
    let code = format!(
        "import random\n{PRINT_SPLIT}\nfor s in {seeds:?}:\n    split(s, [str(i) for i in range(100)])"
    );
    let Some(stdout) = python(&code) else { return };
    let theirs: Vec<&str> = stdout.lines().collect();
    assert_eq!(theirs.len(), 3 * seeds.len());
    let words = Dataset::from_items((0..100).map(|i| i.to_string())).unwrap();
    for (seed, theirs) in seeds.into_iter().zip(theirs.chunks(3)) {
        let split = words.split_lectures(seed).unwrap();
        assert_eq!(
            (split.train.len(), split.val.len(), split.test.len()),
            (80, 10, 10)
        );
        assert_eq!(lines(&split), theirs, "seed {seed}");
    }
}

#[test]
fn the_cut_matches_cpython_from_6_to_300_items() {
    let code = format!(
        "import random\n{PRINT_SPLIT}\nfor n in range(6, 301):\n    split(42, [str(i) for i in range(n)])"
    );
    let Some(stdout) = python(&code) else { return };
    let theirs: Vec<&str> = stdout.lines().collect();
    assert_eq!(theirs.len(), 3 * 295);
    for (n, theirs) in (6..=300).zip(theirs.chunks(3)) {
        let words = Dataset::from_items((0..n).map(|i| i.to_string())).unwrap();
        assert_eq!(lines(&words.split_lectures(42).unwrap()), theirs, "n = {n}");
    }
}

#[test]
fn fewer_than_6_items_are_refused() {
    for n in 1..6 {
        let words = Dataset::from_items((0..n).map(|i| i.to_string())).unwrap();
        let err = words.split_lectures(42).unwrap_err().to_string();
        assert!(err.contains(&format!("data set size = {n}")), "{err}");
    }
}

#[test]
fn names_txt_split_matches_cpython_and_the_lectures() {
    let words = Dataset::load(NAMES).unwrap();
    let split = words.split_lectures(LECTURES_SPLIT_SEED).unwrap();
    // The lectures' numbers, from their notebooks.
    let sizes = (split.train.len(), split.val.len(), split.test.len());
    assert_eq!(sizes, (25626, 3203, 3204));
    assert_eq!(&split.train.items()[..3], ["yuheng", "diondre", "xavien"]);
    assert_eq!(split.train.origin(), format!("{} (train)", words.origin()));
    assert_eq!(split.test.origin(), format!("{} (test)", words.origin()));

    let code =
        format!("import random\n{PRINT_SPLIT}\nsplit(42, open({NAMES:?}).read().splitlines())");
    let Some(stdout) = python(&code) else { return };
    assert_eq!(lines(&split), stdout.lines().collect::<Vec<_>>());
}
