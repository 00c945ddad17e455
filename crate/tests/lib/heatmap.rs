//! The annotated heatmap, checked from the outside: the SVG is parsed with a real XML parser
//! (roxmltree), every cell and its text are found by geometry, colours are compared with an
//! independent WCAG 2.x implementation, and the picture is rasterised once with resvg.
//!
//! Set `MAKEMORE_HEATMAP_PNG=/some/file.png` to keep the rasterised names.txt heatmap for a look.

use std::path::{Path, PathBuf};

use makemore::show::plot::{Heatmap, Svg};
use makemore::{Error, counting::bigram, data::Dataset, vocab::Vocab};
use ndarray::{Array2, ArrayView2};

use crate::common::{fails_with, json_line, succeeds};

const NAMES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt");

/// One `<rect>`: position, size and fill.
#[derive(Clone, Copy, Debug)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    fill: [u8; 3],
}

impl Rect {
    fn contains(&self, x: f64, y: f64) -> bool {
        x > self.x && x < self.x + self.w && y > self.y && y < self.y + self.h
    }
}

/// One `<text>`: anchor, content (trimmed), fill and font size.
#[derive(Clone, Debug)]
struct Text {
    x: f64,
    y: f64,
    text: String,
    fill: [u8; 3],
    size: f64,
}

/// The parsed picture: its size, the cells (rects of the cell size, row by row) and all texts.
struct Picture {
    width: f64,
    height: f64,
    /// `cells[i][j]`.
    cells: Vec<Vec<Rect>>,
    texts: Vec<Text>,
}

fn color(s: &str) -> [u8; 3] {
    let hex = s.strip_prefix('#').unwrap_or_else(|| panic!("colour {s}"));
    assert_eq!(hex.len(), 6, "{s}");
    let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
    [c(0), c(2), c(4)]
}

fn num(node: roxmltree::Node, attr: &str) -> f64 {
    node.attribute(attr)
        .unwrap_or_else(|| panic!("{attr} missing"))
        .parse()
        .unwrap()
}

/// Parses the SVG; the cells are the rects of `cell` x `cell` pixels, arranged into rows and
/// columns by their distinct y and x positions.
fn parse(svg: &Svg, cell: f64) -> Picture {
    let doc = roxmltree::Document::parse(svg.as_str()).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let mut rects = Vec::new();
    let mut texts = Vec::new();
    for node in root.descendants() {
        match node.tag_name().name() {
            "rect" => rects.push(Rect {
                x: num(node, "x"),
                y: num(node, "y"),
                w: num(node, "width"),
                h: num(node, "height"),
                fill: color(node.attribute("fill").unwrap()),
            }),
            "text" => texts.push(Text {
                x: num(node, "x"),
                y: num(node, "y"),
                text: node.text().unwrap_or("").trim().to_string(),
                fill: color(node.attribute("fill").unwrap()),
                size: num(node, "font-size"),
            }),
            _ => {}
        }
    }
    let cells: Vec<Rect> = rects
        .into_iter()
        .filter(|r| r.w == cell && r.h == cell)
        .collect();
    let distinct = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.dedup();
        v
    };
    let ys = distinct(cells.iter().map(|r| r.y).collect());
    let xs = distinct(cells.iter().map(|r| r.x).collect());
    assert_eq!(
        cells.len(),
        xs.len() * ys.len(),
        "the cells form a full grid"
    );
    let mut grid = vec![vec![None; xs.len()]; ys.len()];
    for r in cells {
        let i = ys.iter().position(|&y| y == r.y).unwrap();
        let j = xs.iter().position(|&x| x == r.x).unwrap();
        assert!(grid[i][j].is_none(), "one rect per cell");
        grid[i][j] = Some(r);
    }
    // Neighbouring cells touch: the grid is regular.
    for w in xs.windows(2).chain(ys.windows(2)) {
        assert_eq!(w[1] - w[0], cell);
    }
    Picture {
        width: num(root, "width"),
        height: num(root, "height"),
        cells: grid
            .into_iter()
            .map(|row| row.into_iter().map(Option::unwrap).collect())
            .collect(),
        texts,
    }
}

impl Picture {
    fn shape(&self) -> (usize, usize) {
        (self.cells.len(), self.cells[0].len())
    }

    /// The texts anchored inside cell (i, j), top to bottom.
    fn texts_in(&self, i: usize, j: usize) -> Vec<&Text> {
        let r = self.cells[i][j];
        let mut inside: Vec<&Text> = self.texts.iter().filter(|t| r.contains(t.x, t.y)).collect();
        inside.sort_by(|a, b| a.y.total_cmp(&b.y));
        inside
    }

    fn all_cells(&self) -> impl Iterator<Item = (usize, usize, Rect)> + '_ {
        self.cells
            .iter()
            .enumerate()
            .flat_map(|(i, row)| row.iter().enumerate().map(move |(j, r)| (i, j, *r)))
    }
}

/// WCAG 2.x relative luminance, written out again here independently of the crate.
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let lin = |v: u8| {
        let c = v as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Every cell holds exactly its bigram above its value, anchored at the cell's centre column, with
/// room for the text (estimated at 0.64 em per character) inside the cell, and a contrast of at
/// least 4.5 against the cell's fill. Texts outside the cells (labels, title) contrast with white.
fn check_annotations(
    pic: &Picture,
    bigram: impl Fn(usize, usize) -> String,
    value: impl Fn(usize, usize) -> String,
) {
    for (i, j, r) in pic.all_cells() {
        let texts = pic.texts_in(i, j);
        let found: Vec<&str> = texts.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(found, [bigram(i, j), value(i, j)], "cell ({i}, {j})");
        for t in texts {
            assert_eq!(t.x, r.x + r.w / 2.0, "centred: cell ({i}, {j})");
            let half_width = t.text.chars().count() as f64 * 0.64 * t.size / 2.0;
            assert!(
                half_width <= r.w / 2.0,
                "{:?} fits in cell ({i}, {j})",
                t.text
            );
            assert!(t.y - t.size / 2.0 >= r.y && t.y + t.size / 2.0 <= r.y + r.h);
            let ratio = contrast(t.fill, r.fill);
            assert!(
                ratio >= 4.5,
                "{:?} in cell ({i}, {j}): contrast {ratio:.2}",
                t.text
            );
        }
    }
    for t in &pic.texts {
        if !pic.all_cells().any(|(_, _, r)| r.contains(t.x, t.y)) {
            assert!(contrast(t.fill, [255, 255, 255]) >= 4.5, "{t:?}");
        }
    }
}

fn names() -> (Vocab, Array2<u32>) {
    let words = Dataset::load(NAMES).unwrap();
    let vocab = Vocab::from_dataset(&words);
    let n = bigram::count_matrix(&vocab, words.items()).unwrap();
    (vocab, n)
}

fn bigram_of(vocab: &Vocab) -> impl Fn(usize, usize) -> String + '_ {
    |i, j| format!("{}{}", vocab.itos(i).unwrap(), vocab.itos(j).unwrap())
}

#[test]
fn names_txt_counts_every_cell_with_its_bigram_and_count() {
    let (vocab, n) = names();
    let svg = Heatmap::counts(&vocab, &n).render().unwrap();
    let pic = parse(&svg, 44.0);
    assert_eq!(pic.shape(), (27, 27));
    assert_eq!(pic.all_cells().count(), 729);
    check_annotations(&pic, bigram_of(&vocab), |i, j| n[[i, j]].to_string());
    // Every bigram label occurs exactly once in the whole picture.
    for (i, j, _) in pic.all_cells() {
        let label = bigram_of(&vocab)(i, j);
        assert_eq!(
            pic.texts.iter().filter(|t| t.text == label).count(),
            1,
            "{label}"
        );
    }
    // The lecture's numbers, in the right cells.
    let (a, nn) = (vocab.stoi('a').unwrap(), vocab.stoi('n').unwrap());
    assert_eq!(pic.texts_in(a, nn)[1].text, "5438");
    assert_eq!(pic.texts_in(nn, 0)[1].text, "6763");
    // The axes are labelled with the vocabulary: 27 row labels and 27 column labels.
    for ch in vocab.chars() {
        let count = pic
            .texts
            .iter()
            .filter(|t| t.text == ch.to_string())
            .count();
        assert_eq!(count, 2, "{ch}");
    }
}

/// Each cell's tooltip: the `<title>` of the group that holds the cell's rectangle, by the
/// rectangle's top-left corner.
fn tooltips(svg: &Svg) -> std::collections::HashMap<(i64, i64), String> {
    let doc = roxmltree::Document::parse(svg.as_str()).unwrap();
    let mut tips = std::collections::HashMap::new();
    for g in doc.descendants().filter(|n| n.has_tag_name("g")) {
        let title = g.children().find(|n| n.has_tag_name("title")).unwrap();
        let rect = g.children().find(|n| n.has_tag_name("rect")).unwrap();
        let corner = (num(rect, "x") as i64, num(rect, "y") as i64);
        tips.insert(corner, title.text().unwrap().to_string());
    }
    tips
}

/// Each cell's row and column as marked (`data-cell="i,j"`, what the widgets' scripts read): those
/// of the group that holds the cell's rectangle, by the rectangle's top-left corner.
fn marks(svg: &Svg) -> std::collections::HashMap<(i64, i64), (usize, usize)> {
    let doc = roxmltree::Document::parse(svg.as_str()).unwrap();
    let mut marks = std::collections::HashMap::new();
    for g in doc.descendants().filter(|n| n.has_tag_name("g")) {
        let rect = g.children().find(|n| n.has_tag_name("rect")).unwrap();
        let corner = (num(rect, "x") as i64, num(rect, "y") as i64);
        let (i, j) = g.attribute("data-cell").unwrap().split_once(',').unwrap();
        marks.insert(corner, (i.parse().unwrap(), j.parse().unwrap()));
    }
    marks
}

#[test]
fn names_txt_every_cell_has_a_tooltip_with_its_bigram_count_and_probability() {
    let (vocab, n) = names();
    let svg = Heatmap::counts(&vocab, &n).render().unwrap();
    let (pic, tips, marks) = (parse(&svg, 44.0), tooltips(&svg), marks(&svg));
    assert_eq!((tips.len(), marks.len()), (729, 729));
    for (i, j, r) in pic.all_cells() {
        // The cell in row i, column j of the picture is marked so, and its tooltip names the
        // bigram of row i's and column j's characters.
        assert_eq!(marks[&(r.x as i64, r.y as i64)], (i, j));
        let tip = &tips[&(r.x as i64, r.y as i64)];
        let row: u32 = n.row(i).sum();
        let expected = format!(
            "{}: {} (p = {:.4})",
            bigram_of(&vocab)(i, j),
            n[[i, j]],
            n[[i, j]] as f64 / row as f64
        );
        assert_eq!(tip, &expected);
    }
    let (a, nn) = (vocab.stoi('a').unwrap(), vocab.stoi('n').unwrap());
    let an = pic.cells[a][nn];
    // 5438 of the 33885 bigrams that start with 'a' (the lecture's numbers).
    assert_eq!(tips[&(an.x as i64, an.y as i64)], "an: 5438 (p = 0.1605)");
    // The tooltips add about 10% to the file: it stays a few hundred KB.
    assert!(svg.as_str().len() < 400_000, "{}", svg.as_str().len());
}

#[test]
fn unlabelled_values_have_their_position_and_full_value_as_tooltip() {
    let svg = Heatmap::values(&ndarray::array![[0.25f32, 0.123456], [-1.5, 0.0]])
        .annotate(false)
        .render()
        .unwrap();
    let (tips, marks) = (tooltips(&svg), marks(&svg));
    for (corner, (i, j)) in &marks {
        assert!(
            tips[corner].starts_with(&format!("[{i}, {j}]: ")),
            "{}",
            tips[corner]
        );
    }
    let mut tips: Vec<String> = tips.into_values().collect();
    tips.sort();
    assert_eq!(
        tips,
        [
            "[0, 0]: 0.25",
            "[0, 1]: 0.123456",
            "[1, 0]: -1.5",
            "[1, 1]: 0"
        ]
    );
    let odd = Vocab::from_chars("<&".chars()).unwrap();
    let svg = Heatmap::counts(&odd, &Array2::from_elem((3, 3), 1))
        .render()
        .unwrap();
    assert!(tooltips(&svg).values().any(|t| t == "<&: 1 (p = 0.3333)"));
}

#[test]
fn names_txt_fill_darkens_with_the_count() {
    let (vocab, n) = names();
    let pic = parse(&Heatmap::counts(&vocab, &n).render().unwrap(), 44.0);
    let mut cells: Vec<(u32, f64)> = pic
        .all_cells()
        .map(|(i, j, r)| (n[[i, j]], luminance(r.fill)))
        .collect();
    cells.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for w in cells.windows(2) {
        assert!(
            w[1].1 <= w[0].1,
            "count {} is lighter than count {}",
            w[1].0,
            w[0].0
        );
    }
    let (max_i, max_j) = argmax(&n);
    assert_eq!(pic.cells[max_i][max_j].fill, [0x08, 0x30, 0x6b]); // dark navy
    let zero = pic.all_cells().find(|&(i, j, _)| n[[i, j]] == 0).unwrap();
    assert_eq!(zero.2.fill, [0xf7, 0xfb, 0xff]);
    // Not just the two ends: the scale passes through matplotlib's middle blues.
    let distinct: std::collections::BTreeSet<[u8; 3]> =
        pic.all_cells().map(|(_, _, r)| r.fill).collect();
    assert!(distinct.len() > 50, "{}", distinct.len());
}

/// `p` drawn with `vocab`'s labels and `precision` decimals, parsed at the default cell size.
fn probabilities(p: &Array2<f32>, vocab: &Vocab, precision: usize) -> Picture {
    let svg = Heatmap::values(p).vocab(vocab).precision(precision);
    parse(&svg.render().unwrap(), 44.0)
}

fn argmax(n: &Array2<u32>) -> (usize, usize) {
    n.indexed_iter().max_by_key(|&(_, &v)| v).unwrap().0
}

#[test]
fn probabilities_with_three_decimals() {
    let (vocab, n) = names();
    let p = bigram::probs(&n, 1.0).unwrap();
    let pic = probabilities(&p, &vocab, 3);
    check_annotations(&pic, bigram_of(&vocab), |i, j| format!("{:.3}", p[[i, j]]));
    let (q, u) = (vocab.stoi('q').unwrap(), vocab.stoi('u').unwrap());
    assert_eq!(pic.texts_in(q, u)[1].text, "0.692"); // (206 + 1) / (272 + 27)
}

#[test]
fn one_by_one() {
    let vocab = Vocab::from_chars("".chars()).unwrap(); // just '.'
    let n = ndarray::array![[7u32]];
    let pic = parse(&Heatmap::counts(&vocab, &n).render().unwrap(), 44.0);
    assert_eq!(pic.shape(), (1, 1));
    check_annotations(&pic, |_, _| "..".into(), |_, _| "7".into());
    assert_eq!(pic.cells[0][0].fill, [0x08, 0x30, 0x6b]);

    let svg = Heatmap::values(&ndarray::array![[0.0f32]])
        .render()
        .unwrap();
    let pic = parse(&svg, 44.0);
    assert_eq!(pic.shape(), (1, 1));
    assert_eq!(pic.cells[0][0].fill, [0xf7, 0xfb, 0xff]);
    assert_eq!(pic.texts_in(0, 0)[0].text, "0.00");
    assert_eq!(pic.texts.len(), 1);
}

#[test]
fn forty_by_forty_probabilities() {
    // 39 characters plus '.', and items that use all of them in a fixed pattern.
    let chars: Vec<char> = ('a'..='z').chain('A'..='M').collect();
    let vocab = Vocab::from_chars(chars.iter().copied()).unwrap();
    assert_eq!(vocab.len(), 40);
    let items: Vec<String> = (0..400)
        .map(|k: usize| {
            (0..(k % 9 + 1))
                .map(|m| chars[(k * 7 + m * m * 3 + m) % chars.len()])
                .collect()
        })
        .collect();
    let n = bigram::count_matrix(&vocab, &items).unwrap();
    let p = bigram::probs(&n, 0.5).unwrap();
    let pic = probabilities(&p, &vocab, 2);
    assert_eq!(pic.shape(), (40, 40));
    check_annotations(&pic, bigram_of(&vocab), |i, j| format!("{:.2}", p[[i, j]]));
    // The same counts at a smaller cell size still fit.
    let svg = Heatmap::counts(&vocab, &n).cell_size(30).render().unwrap();
    let pic = parse(&svg, 30.0);
    check_annotations(&pic, bigram_of(&vocab), |i, j| n[[i, j]].to_string());
}

#[test]
fn same_input_same_bytes() {
    let (vocab, n) = names();
    let a = Heatmap::counts(&vocab, &n).title("N").render().unwrap();
    let b = Heatmap::counts(&vocab, &n.clone())
        .title("N")
        .render()
        .unwrap();
    assert_eq!(a.as_str().as_bytes(), b.as_str().as_bytes());
}

#[test]
fn without_annotations_no_text_in_cells() {
    // One-hot rows (5 x 27), the lecture's xenc for ".emma".
    let vocab = Vocab::from_chars('a'..='z').unwrap();
    let xs = vocab.encode("emma").unwrap();
    let mut xenc = Array2::<f32>::zeros((5, 27));
    for (row, ix) in std::iter::once(0).chain(xs).enumerate() {
        xenc[[row, ix]] = 1.0;
    }
    let svg = Heatmap::values(&xenc)
        .col_labels(vocab.chars())
        .annotate(false)
        .cell_size(20)
        .render()
        .unwrap();
    let pic = parse(&svg, 20.0);
    assert_eq!(pic.shape(), (5, 27));
    for (i, j, r) in pic.all_cells() {
        assert!(pic.texts_in(i, j).is_empty());
        let expected = if xenc[[i, j]] == 1.0 {
            [0x08, 0x30, 0x6b]
        } else {
            [0xf7, 0xfb, 0xff]
        };
        assert_eq!(r.fill, expected, "({i}, {j})");
    }
    assert_eq!(pic.texts.len(), 27); // the column labels only

    // Weights with negative values, non-square, no labels: the scale runs from min to max.
    let w =
        Array2::<f32>::from_shape_fn((5, 27), |(i, j)| ((i * 27 + j) as f32 * 0.37).sin() * 2.0);
    let svg = Heatmap::values(&w).annotate(false).render().unwrap();
    let pic = parse(&svg, 44.0);
    assert!(pic.texts.is_empty());
    let view: ArrayView2<f32> = w.view();
    let min = view
        .indexed_iter()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .unwrap()
        .0;
    let max = view
        .indexed_iter()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap()
        .0;
    assert_eq!(pic.cells[min.0][min.1].fill, [0xf7, 0xfb, 0xff]);
    assert_eq!(pic.cells[max.0][max.1].fill, [0x08, 0x30, 0x6b]);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let vocab = Vocab::from_chars('a'..='z').unwrap();
    let empty = Array2::<f32>::zeros((0, 0));
    assert!(matches!(
        Heatmap::values(&empty).render(),
        Err(Error::InvalidParameter { name: "matrix", .. })
    ));
    let mut p = Array2::<f32>::zeros((27, 27));
    p[[3, 4]] = f32::NAN;
    let err = Heatmap::values(&p).vocab(&vocab).render().unwrap_err();
    assert!(err.to_string().contains("NaN at [3, 4]"), "{err}");
    let err = Heatmap::counts(&vocab, &Array2::<u32>::zeros((26, 26)))
        .render()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "count matrix has shape (26, 26), expected (27, 27)"
    );
}

#[test]
fn odd_characters_are_escaped() {
    let vocab = Vocab::from_chars("<&\"'>".chars()).unwrap();
    let n = Array2::from_shape_fn((6, 6), |(i, j)| (i * 6 + j) as u32);
    let svg = Heatmap::counts(&vocab, &n)
        .title("<N> & \"P\"")
        .render()
        .unwrap();
    let pic = parse(&svg, 44.0);
    check_annotations(&pic, bigram_of(&vocab), |i, j| n[[i, j]].to_string());
    assert!(pic.texts.iter().any(|t| t.text == "<N> & \"P\""));
}

/// Rasterises with resvg; loads DejaVu Sans when the machine has it, so the text is drawn too.
fn rasterise(svg: &Svg) -> (resvg::tiny_skia::Pixmap, bool) {
    let mut opt = resvg::usvg::Options::default();
    let font = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    let has_font = match std::fs::read(font) {
        Ok(data) => {
            let db = opt.fontdb_mut();
            db.load_font_data(data);
            db.set_sans_serif_family("DejaVu Sans");
            true
        }
        Err(_) => false,
    };
    let tree = resvg::usvg::Tree::from_str(svg.as_str(), &opt).expect("resvg parses the SVG");
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    (pixmap, has_font)
}

fn pixel(pixmap: &resvg::tiny_skia::Pixmap, x: f64, y: f64) -> [u8; 3] {
    let p = pixmap.pixel(x as u32, y as u32).unwrap();
    assert_eq!(p.alpha(), 255);
    [p.red(), p.green(), p.blue()]
}

#[test]
fn renders_to_png_with_resvg() {
    let (vocab, n) = names();
    let svg = Heatmap::counts(&vocab, &n)
        .title("bigram counts N, names.txt")
        .render()
        .unwrap();
    let pic = parse(&svg, 44.0);
    let (pixmap, has_font) = rasterise(&svg);
    assert_eq!(
        (pixmap.width() as f64, pixmap.height() as f64),
        (pic.width, pic.height)
    );
    assert_eq!(pixel(&pixmap, 1.0, 1.0), [255, 255, 255]); // background
    // A corner of the darkest cell is dark navy, a corner of an empty cell is the lightest blue.
    let (mi, mj) = argmax(&n);
    let dark = pic.cells[mi][mj];
    assert_eq!(
        pixel(&pixmap, dark.x + 2.0, dark.y + 2.0),
        [0x08, 0x30, 0x6b]
    );
    let (_, _, zero) = pic.all_cells().find(|&(i, j, _)| n[[i, j]] == 0).unwrap();
    assert_eq!(
        pixel(&pixmap, zero.x + 2.0, zero.y + 2.0),
        [0xf7, 0xfb, 0xff]
    );
    if has_font {
        // The annotation of the darkest cell is drawn in light ink: some pixels there are bright.
        let bright = (0..dark.w as u32)
            .flat_map(|dx| (0..dark.h as u32).map(move |dy| (dx, dy)))
            .filter(|&(dx, dy)| {
                luminance(pixel(&pixmap, dark.x + dx as f64, dark.y + dy as f64)) > 0.5
            })
            .count();
        assert!(bright > 20, "{bright} bright pixels");
    }
    if let Some(path) = std::env::var_os("MAKEMORE_HEATMAP_PNG") {
        pixmap.save_png(PathBuf::from(path)).unwrap();
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("makemore-heatmap-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn cli_writes_the_heatmap_and_says_where() {
    let dir = scratch("cli");
    let out = dir.join("bigram.svg");
    let stdout = succeeds(&["--input", NAMES, "heatmap", "--out", out.to_str().unwrap()]);
    let stdout = String::from_utf8(stdout).unwrap();
    assert!(
        stdout.starts_with(&format!("wrote {} (counts, ", out.display())),
        "{stdout}"
    );
    let svg = Svg::new(std::fs::read_to_string(&out).unwrap());
    let pic = parse(&svg, 44.0);
    assert_eq!(pic.all_cells().count(), 729);
    assert!(pic.texts.iter().any(|t| t.text == "5438"));
    assert_eq!(entries(&dir), ["bigram.svg"]);

    let p_out = dir.join("p.svg");
    let doc = json_line(&format!(
        "heatmap --probabilities --smoothing 1 --out {}",
        p_out.display()
    ));
    assert_eq!(doc["path"], p_out.to_str().unwrap());
    assert_eq!(doc["kind"], "probabilities");
    let written = std::fs::read_to_string(&p_out).unwrap();
    assert_eq!(doc["bytes"], written.len());
    assert!(written.contains(">\n0.692\n</text>")); // qu: (206 + 1) / (272 + 27)
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_bad_out_is_a_clear_error_and_leaves_nothing() {
    let dir = scratch("bad-out");
    let fails = |out: &Path, needle| {
        fails_with(
            &["--input", NAMES, "heatmap", "--out", out.to_str().unwrap()],
            needle,
        )
    };
    fails(&dir, "is a directory");
    let missing = dir.join("missing/parent/bigram.svg");
    fails(&missing, "cannot write");
    assert!(entries(&dir).is_empty(), "{:?}", entries(&dir));
    assert!(!dir.join("missing").exists());

    let args = [
        "--input",
        NAMES,
        "heatmap",
        "--probabilities",
        "--smoothing",
        "-1",
    ];
    fails_with(&args, "invalid smoothing = -1");
    std::fs::remove_dir_all(&dir).unwrap();
}
