//! Data that holds dots, with another start/end token ('#'): it loads, counts, scores, samples,
//! trains and round-trips through a model file, and the token inside an item is an error naming
//! the line. The numbers are worked out by hand in the comments.

use makemore::nn::{Net, TrainingSet};
use makemore::{
    Error,
    counting::{Counts, Model, loss, sample},
    data::{Dataset, LoadOptions},
    vocab::Vocab,
};

fn hash() -> LoadOptions {
    LoadOptions {
        boundary: '#',
        ..LoadOptions::default()
    }
}

#[test]
fn dots_load_count_and_score_under_another_token() {
    let sites = Dataset::parse_with("a.io\nb.io\na.ai\n", "sites", hash()).unwrap();
    assert_eq!(sites.boundary(), '#');
    let counts = Counts::from_dataset(&sites, 1).unwrap();
    assert_eq!(counts.vocab().to_string(), "#.abio");
    // The bigrams: #a a. .i io o#, #b b. .i io o#, #a a. .a ai i#: five of them twice, in
    // the order of their contexts (# . a i o) and next characters.
    let top: Vec<_> = counts.most_common(5).unwrap();
    let top: Vec<(&str, usize)> = top.iter().map(|(s, c)| (s.as_str(), *c)).collect();
    assert_eq!(top, [("#a", 2), (".i", 2), ("a.", 2), ("io", 2), ("o#", 2)]);
    // "a.b": #a a. .b b#, each the only bigram of its row; with +1 smoothing over V = 4 each
    // probability is (1 + 1) / (1 + 4) = 0.4.
    let one = Dataset::parse_with("a.b", "one", hash()).unwrap();
    let model = Model::fit(&one, 1, 1.0).unwrap();
    let nll = loss::evaluate(&model, one.items()).unwrap();
    assert_eq!(nll.count, 4);
    assert!((nll.mean - -(0.4f64.ln())).abs() < 1e-6, "{}", nll.mean);
    // Without smoothing the only name it can draw is "a.b", ended by '#'.
    let model = Model::fit(&one, 2, 0.0).unwrap();
    let mut rng = sample::seeded(7);
    assert_eq!(sample::sample_name(&model, &mut rng, 10).unwrap(), "a.b#");
}

#[test]
fn the_token_inside_an_item_is_an_error_naming_the_line() {
    let err = Dataset::parse_with("a.io\nb#c\n", "sites", hash()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::ReservedChar {
                line: 2,
                column: 2,
                ch: '#',
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().ends_with("with --boundary"), "{err}");
    // The default token refuses the dots, and says how to choose another.
    let err = Dataset::parse("a.io", "sites").unwrap_err();
    assert!(
        err.to_string()
            .contains("choose another start/end token with --boundary")
    );
    let bad = LoadOptions {
        boundary: '\n',
        ..LoadOptions::default()
    };
    assert!(matches!(
        Dataset::parse_with("a", "x", bad),
        Err(Error::InvalidParameter {
            name: "start/end token",
            ..
        })
    ));
}

#[test]
fn a_model_file_records_its_token() {
    let sites = Dataset::parse_with("a.io\nb.io\n", "sites", hash()).unwrap();
    let vocab = Vocab::from_dataset_with(&sites, sites.boundary()).unwrap();
    let data = TrainingSet::from_dataset(&sites).unwrap();
    assert_eq!(data.vocab(), &vocab);
    let net = Net::new(vocab.clone(), sample::Generator::ChaCha, 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("net.json");
    net.save(&path).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(json["vocab"], "#.abio");
    let loaded = Net::load_for(&path, &vocab).unwrap();
    assert_eq!(loaded.vocab().boundary(), '#');
    assert_eq!(loaded.w(), net.w());
    // The same characters under '.' are another vocabulary.
    let dotted = Vocab::from_chars("#abio".chars()).unwrap();
    assert!(Net::load_for(&path, &dotted).is_err());
    let again = dir.path().join("again.json");
    loaded.save(&again).unwrap();
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&path).unwrap()
    );
}
