//! The bad-input cases of `--smoothing` (add-k or `kn`), `--discount` and `--split-method`.

use super::cases::Case;
use super::cases::Expect::Fails;
use super::cases::Input::Names;

pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "an unknown smoothing name",
            input: Names,
            args: &["eval", "--smoothing", "foo"],
            expect: Fails(
                "invalid smoothing = foo: must be a number k >= 0 (add k to every count) or kn (Kneser-Ney)",
            ),
        },
        Case {
            name: "Kneser-Ney by its full name",
            input: Names,
            args: &["stats", "--smoothing", "kneser-ney"],
            expect: Fails("invalid smoothing = kneser-ney: must be a number k >= 0"),
        },
        Case {
            name: "a discount of 1",
            input: Names,
            args: &["eval", "--smoothing", "kn", "--discount", "1"],
            expect: Fails("invalid discount = 1: must be a number strictly between 0 and 1"),
        },
        Case {
            name: "a discount of 0",
            input: Names,
            args: &["sample", "--smoothing", "kn", "--discount", "0"],
            expect: Fails("invalid discount = 0: must be a number strictly between 0 and 1"),
        },
        Case {
            name: "a negative discount",
            input: Names,
            args: &["count", "--smoothing", "kn", "--discount", "-0.5"],
            expect: Fails("invalid discount = -0.5: must be a number strictly between 0 and 1"),
        },
        Case {
            name: "a NaN discount",
            input: Names,
            args: &["stats", "--smoothing", "kn", "--discount", "NaN"],
            expect: Fails("invalid discount = NaN: must be a number strictly between 0 and 1"),
        },
        Case {
            name: "an infinite discount",
            input: Names,
            args: &["eval", "-k", "3", "--smoothing", "kn", "--discount", "inf"],
            expect: Fails("invalid discount = inf: must be a number strictly between 0 and 1"),
        },
        Case {
            name: "--discount without --smoothing kn",
            input: Names,
            args: &["eval", "--discount", "0.9"],
            expect: Fails(
                "invalid discount = 0.9: only Kneser-Ney smoothing (kn) takes a discount, not add-k (k = 1)",
            ),
        },
        Case {
            name: "--discount with add-k smoothing",
            input: Names,
            args: &["sample", "--smoothing", "0.5", "--discount", "0.9"],
            expect: Fails("only Kneser-Ney smoothing (kn) takes a discount, not add-k (k = 0.5)"),
        },
        Case {
            name: "Kneser-Ney with a K out of range",
            input: Names,
            args: &["eval", "--smoothing", "kn", "--context", "9"],
            expect: Fails("invalid context length = 9: must be between 1 and 8"),
        },
        Case {
            name: "Kneser-Ney with K = 0 in stats",
            input: Names,
            args: &["stats", "--smoothing", "kn", "--context", "0"],
            expect: Fails("invalid context length = 0: must be between 1 and 8"),
        },
        Case {
            name: "Kneser-Ney of a trained net",
            input: Names,
            args: &["eval", "--model", "{scratch}/ab.json", "--smoothing", "kn"],
            expect: Fails(
                "invalid smoothing = kn: --model {scratch}/ab.json is a trained net, with no counts to smooth",
            ),
        },
        Case {
            name: "add-k smoothing of a trained net",
            input: Names,
            args: &["sample", "--model", "{scratch}/ab.json", "--smoothing", "2"],
            expect: Fails(
                "invalid smoothing = 2: --model {scratch}/ab.json is a trained net, with no counts to smooth",
            ),
        },
        Case {
            name: "a discount for a trained net",
            input: Names,
            args: &[
                "sample",
                "--model",
                "{scratch}/ab.json",
                "--discount",
                "0.5",
            ],
            expect: Fails("invalid discount = 0.5: --model {scratch}/ab.json is a trained net"),
        },
        Case {
            name: "an --on file with a character Kneser-Ney never saw",
            input: Names,
            args: &[
                "eval",
                "-k",
                "5",
                "--smoothing",
                "kn",
                "--on",
                "{scratch}/dev.txt",
            ],
            expect: Fails(
                "invalid item of --on = {scratch}/dev.txt:2: character 'É' in \"Émile\" is not in the vocabulary of the model",
            ),
        },
    ]
}
