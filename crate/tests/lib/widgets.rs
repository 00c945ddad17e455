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

/// The widget's pictures (its `<svg>` elements), each as the text roxmltree parses.
fn pictures(html: &str) -> Vec<&str> {
    html.match_indices("<svg")
        .map(|(start, _)| {
            let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
            &html[start..end]
        })
        .collect()
}

/// Every group of a picture: the value of its `attribute` and its tooltip.
fn marked<'a>(doc: &'a roxmltree::Document, attribute: &str) -> Vec<(&'a str, String)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g"))
        .map(|g| {
            let at = g
                .attribute(attribute)
                .unwrap_or_else(|| panic!("{attribute}"));
            let title = g.children().find(|n| n.has_tag_name("title")).unwrap();
            (at, title.text().unwrap().to_string())
        })
        .collect()
}

/// A heatmap of `probs` (V x V) as the scripts read it: every cell's group marked with its row
/// and column (`data-cell="i,j"`), whose tooltip is that cell's bigram and probability.
fn check_heatmap_marks(svg: &str, chars: &[char], probs: &[f32]) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let v = chars.len();
    let cells = marked(&doc, "data-cell");
    assert_eq!(cells.len(), v * v);
    let mut seen = vec![false; v * v];
    for (at, tip) in cells {
        let (i, j) = at.split_once(',').unwrap();
        let (i, j): (usize, usize) = (i.parse().unwrap(), j.parse().unwrap());
        let (bigram, p) = tip.split_once(": ").unwrap();
        assert_eq!(bigram, format!("{}{}", chars[i], chars[j]));
        assert_eq!(p.parse::<f32>().unwrap(), probs[i * v + j], "{tip}");
        seen[i * v + j] = true;
    }
    assert!(seen.iter().all(|&s| s), "every cell once");
}

/// A bar chart of `row` after `given` as the scripts read it: bar `i`'s group marked `i`, with
/// character `i`'s tooltip; the title and the three ticks marked.
fn check_bar_marks(svg: &str, chars: &[char], given: &str, row: &[f32]) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let bars = marked(&doc, "data-bar");
    let indices: Vec<usize> = bars.iter().map(|(i, _)| i.parse().unwrap()).collect();
    assert_eq!(indices, (0..chars.len()).collect::<Vec<_>>());
    for (i, (_, tip)) in bars.into_iter().enumerate() {
        assert_eq!(tip, format!("{given}{}: {:.4}", chars[i], row[i]));
    }
    let text = |selector: (&str, &str)| {
        let found: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute(selector.0) == Some(selector.1))
            .collect();
        assert_eq!(found.len(), 1, "{selector:?}");
        found[0].text().unwrap().trim().to_string()
    };
    assert_eq!(
        text(("data-part", "title")),
        format!("P(next character | '{given}')")
    );
    let max = row.iter().fold(0.0f32, |m, &p| m.max(p));
    for (tick, value) in ["0", "1", "2"].into_iter().zip([0.0, max / 2.0, max]) {
        assert_eq!(text(("data-tick", tick)), format!("{value:.3}"));
    }
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
    let chars = vocab.chars();
    let p: Vec<f32> = model.probs().unwrap().iter().copied().collect();
    let [heatmap, bars] = pictures(&html)[..] else {
        panic!("a heatmap and a bar chart")
    };
    check_heatmap_marks(heatmap, chars, &p);
    check_bar_marks(bars, chars, ".", &p[..chars.len()]);

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
    // The curve's one marked line is the loss: a point per step, lower where the loss is lower.
    let mut replay = start.clone();
    let history = replay.train(&data, &TrainOptions::default()).unwrap();
    let mut losses = history.losses.clone();
    losses.push(history.final_loss);
    let curve = roxmltree::Document::parse(pictures(&html)[0]).unwrap();
    let series: Vec<_> = curve
        .descendants()
        .filter(|n| n.attribute("data-series").is_some())
        .collect();
    assert_eq!(series.len(), 1);
    assert_eq!(
        (
            series[0].tag_name().name(),
            series[0].attribute("data-series")
        ),
        ("polyline", Some("0"))
    );
    let points: Vec<(f64, f64)> = series[0]
        .attribute("points")
        .unwrap()
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert_eq!(points.len(), losses.len());
    for (a, b) in points
        .iter()
        .zip(&losses)
        .zip(points.iter().zip(&losses).skip(1))
    {
        assert!(b.0.0 > a.0.0, "steps left to right");
        if b.1 < a.1 {
            assert!(b.0.1 >= a.0.1, "a lower loss is lower in the picture");
        }
    }
    let last: Vec<f32> = makemore::nn::softmax(&replay.w()).iter().copied().collect();
    check_heatmap_marks(pictures(&html)[1], chars, &last);

    // Notebook 08: the +1 trigram.
    let trigram = Model::fit(&words, 2, 1.0).unwrap();
    let context = Widget::context(&trigram).unwrap();
    let html = check(
        &context,
        &["context"],
        &["type: 'text'", "'draw the next character'"],
    );
    let first = trigram.row(0).unwrap();
    check_bar_marks(pictures(&html)[0], chars, "..", first.as_slice().unwrap());
}
