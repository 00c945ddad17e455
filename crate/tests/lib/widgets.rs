//! The widgets of the notebooks, built as the notebooks build them on names.txt: each within
//! the page's budget and carrying the contract the browser check relies on.

use makemore::counting::sample::Generator;
use makemore::nn::{Net, TrainOptions, TrainingSet};
use makemore::show::widget::{MAX_BYTES, Widget};
use makemore::{
    counting::{BigramModel, Counts, Model, bigram},
    data::Dataset,
    rng::TorchGenerator,
    vocab::Vocab,
};

fn words() -> Dataset {
    Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt")).unwrap()
}

fn check(widget: &Widget, values: &[&str], controls: &[&str]) -> String {
    let html = widget.to_html();
    assert!(
        html.len() <= MAX_BYTES,
        "{}: {} bytes",
        widget.name(),
        html.len()
    );
    let root = format!(
        "<div class=\"mm-widget\" data-widget=\"{}\">",
        widget.name()
    );
    assert!(html.starts_with(&root), "{}", &html[..80]);
    for value in values {
        assert!(html.contains(&format!("data-value=\"{value}\"")), "{value}");
    }
    for control in controls {
        assert!(html.contains(control), "{control}");
    }
    html
}

#[test]
fn the_notebooks_widgets_fit_the_page_and_keep_the_contract() {
    let words = words();
    let vocab = Vocab::from_dataset(&words);
    let n = bigram::count_matrix(&vocab, words.items()).unwrap();

    // Notebook 03: the video's names, drawn one character at a time.
    let model = BigramModel::from_matrix(vocab.clone(), &n, 0.0).unwrap();
    let sampler = Widget::sampler(&model, &mut TorchGenerator::manual_seed(2147483647), 20);
    let html = check(&sampler.unwrap(), &["name", "names"], &["'next character'"]);
    assert!(html.contains("mor. axx. minaymoryles. kondlaisah. anchshizarie."));

    // Notebook 05: k from 0 to 10 on the training and dev counts of the split.
    let split = words.split(42).unwrap();
    let train = Counts::from_items(vocab.clone(), 1, split.train.items()).unwrap();
    let dev = Counts::from_items(vocab.clone(), 1, split.val.items()).unwrap();
    let smoothing = Widget::smoothing(&train, &dev).unwrap();
    check(
        &smoothing,
        &["k", "nll-train", "nll-dev"],
        &["type: 'range'"],
    );

    // Notebook 07: the lecture's run replayed.
    let data = TrainingSet::from_dataset(&words).unwrap();
    let start = Net::new(vocab.clone(), Generator::Torch, 2147483647);
    let training = Widget::training(&start, &data, &TrainOptions::default()).unwrap();
    let html = check(&training, &["step", "loss"], &["type: 'range'"]);
    assert!(
        html.contains("loss <b data-value=\"loss\">2.4900</b>"),
        "the lecture's last loss"
    );

    // Notebook 08: the +1 trigram.
    let trigram = Model::fit(&words, 2, 1.0).unwrap();
    let context = Widget::context(&trigram).unwrap();
    check(
        &context,
        &["context"],
        &["type: 'text'", "'draw the next character'"],
    );
}
