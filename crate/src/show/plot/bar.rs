//! One row of a model as a bar chart: the probability of each next character after a given one,
//! the lecture's `p = N[0] / N[0].sum()` as a picture. Each bar's tooltip is its bigram and
//! probability.
//!
//! ```
//! use makemore::show::plot::bar;
//! use makemore::{counting::BigramModel, data::Dataset};
//!
//! let words = Dataset::load(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/names.txt"))?;
//! let model = BigramModel::fit(&words, 1, 0.0)?;
//! let svg = bar::next_char(model.vocab(), ".", model.row(0)?.view())?;
//! assert!(svg.as_str().contains("<title>.a: 0.1377</title>"));
//! # Ok::<(), makemore::Error>(())
//! ```

use ndarray::ArrayView1;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::svg::{Svg, plotters_svg};
use super::tooltip::Elements;
use crate::error::{Error, Result, check_param, check_row, check_shape};
use crate::vocab::Vocab;

/// The height of the tallest bar, in pixels.
const PLOT_HEIGHT: i32 = 220;
/// The widest the row of bars gets, in pixels: with more characters the bars get thinner.
const MAX_PLOT_WIDTH: i32 = 1600;

/// The bar chart of `p`, the distribution of the character after the context `given` (one or
/// more characters of `vocab`, such as `"."` or `"em"`; `p` has one entry per character of
/// `vocab`, each finite and >= 0, not all zero; they need not sum to 1). Bars are
/// 24 px wide, thinner for a vocabulary of more than 66 characters, and labelled with their
/// character while they are at least 10 px wide. Each bar (its rectangle and its label) is a group
/// `<g data-bar="i">` (`i` its character's index) with its tooltip; the title carries
/// `data-part="title"` and the three ticks (0, half the largest, the largest) `data-tick="0"`,
/// `"1"` and `"2"`.
///
/// ```
/// use makemore::show::plot::bar;
/// use makemore::vocab::Vocab;
/// use ndarray::array;
///
/// let vocab = Vocab::from_chars("ab".chars())?;
/// let svg = bar::next_char(&vocab, "a", array![0.5f32, 0.25, 0.25].view())?;
/// assert!(svg.as_str().contains("<g data-bar=\"2\"><title>ab: 0.2500</title>"));
/// assert!(bar::next_char(&vocab, "a", array![0.5f32, 0.5].view()).is_err()); // 2 for 3 characters
/// assert!(bar::next_char(&vocab, "z", array![1.0f32, 0.0, 0.0].view()).is_err()); // no 'z'
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn next_char(vocab: &Vocab, given: &str, p: ArrayView1<f32>) -> Result<Svg> {
    check_param(
        !given.is_empty(),
        "context",
        "\"\"",
        "give at least one character",
    )?;
    for ch in given.chars() {
        vocab.index_of(ch, given)?;
    }
    check_shape("probability row", (1, vocab.len()), (1, p.len()))?;
    check_row(p).map_err(|reason| Error::InvalidProbabilities { reason })?;
    let v = vocab.len() as i32;
    let bar = (MAX_PLOT_WIDTH / v).clamp(1, 24);
    let labelled = bar >= 10;
    let (left, top, bottom) = (56, 40, if labelled { 28 } else { 12 });
    let size = (
        (left + v * bar + 16) as u32,
        (top + PLOT_HEIGHT + bottom) as u32,
    );
    let max = p.iter().fold(0.0f32, |m, &x| m.max(x));
    let ink = RGBColor(34, 34, 34);
    let font = |px: f64| ("sans-serif", px).into_font().color(&ink);
    let y_of = |x: f32| top + PLOT_HEIGHT - (x / max * PLOT_HEIGHT as f32).round() as i32;
    let buf = plotters_svg("bar chart", size, |root| {
        let title = format!("P(next character | '{given}')");
        let centre = Pos::new(HPos::Center, VPos::Center);
        root.draw(&Text::new(
            title,
            (size.0 as i32 / 2, 18),
            font(16.0).pos(centre),
        ))?;
        for tick in [0.0, max / 2.0, max] {
            let style = font(11.0).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(
                format!("{tick:.3}"),
                (left - 6, y_of(tick)),
                style,
            ))?;
        }
        let fill = RGBColor(0x21, 0x71, 0xb5); // Blues at 0.75
        for (i, (&x, &ch)) in p.iter().zip(vocab.chars()).enumerate() {
            let x0 = left + i as i32 * bar;
            let corners = [(x0, y_of(x)), (x0 + bar - 1, top + PLOT_HEIGHT)];
            root.draw(&Rectangle::new(corners, fill.filled()))?;
            if labelled {
                let style = font(12.0).pos(Pos::new(HPos::Center, VPos::Top));
                let at = (x0 + bar / 2, top + PLOT_HEIGHT + 6);
                root.draw(&Text::new(ch.to_string(), at, style))?;
            }
        }
        Ok(())
    })?;
    let cells = vocab.chars().iter().zip(p).enumerate();
    let cells =
        cells.map(|(i, (ch, x))| (format!(" data-bar=\"{i}\""), format!("{given}{ch}: {x:.4}")));
    let mut svg = Elements::parse(&buf, "bar chart");
    svg.mark(1, " data-part=\"title\"")?;
    for tick in 0..3 {
        svg.mark(2 + tick, &format!(" data-tick=\"{tick}\""))?;
    }
    Ok(Svg::new(svg.group(5, 1 + usize::from(labelled), cells)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array1;

    #[test]
    fn a_big_vocabulary_gets_thin_unlabelled_bars_and_stays_bounded() {
        let chars = (0..4095u32).map(|i| char::from_u32(0x4e00 + i).unwrap());
        let vocab = Vocab::from_chars(chars).unwrap();
        let p = Array1::from_elem(4096, 1.0f32 / 4096.0);
        let svg = next_char(&vocab, ".", p.view()).unwrap();
        assert!(svg.as_str().len() < 1_000_000, "{}", svg.as_str().len());
        assert_eq!(svg.as_str().matches("<title>").count(), 4096);
    }

    #[test]
    fn each_bar_its_title_and_its_ticks_are_marked() {
        let vocab = Vocab::from_chars("ab".chars()).unwrap();
        let svg = next_char(&vocab, "a", Array1::from(vec![0.5f32, 0.125, 0.375]).view()).unwrap();
        let svg = svg.as_str();
        let mut at = 0;
        for (i, tip) in ["a.: 0.5000", "aa: 0.1250", "ab: 0.3750"]
            .iter()
            .enumerate()
        {
            let group = format!("<g data-bar=\"{i}\"><title>{tip}</title>\n<rect ");
            at += svg[at..].find(&group).unwrap_or_else(|| panic!("{group}"));
        }
        assert_eq!(svg.matches(" data-bar=").count(), 3);
        let text = |mark: &str| {
            let start = svg
                .find(&format!("<text {mark} "))
                .unwrap_or_else(|| panic!("{mark}"));
            let rest = &svg[start..];
            rest[rest.find('>').unwrap() + 1..rest.find("</text>").unwrap()].trim()
        };
        assert_eq!(
            text("data-part=\"title\""),
            "P(next character | &apos;a&apos;)"
        );
        assert_eq!(text("data-tick=\"0\""), "0.000");
        assert_eq!(text("data-tick=\"1\""), "0.250");
        assert_eq!(text("data-tick=\"2\""), "0.500");
    }

    #[test]
    fn bad_rows_are_errors() {
        let vocab = Vocab::from_chars("a".chars()).unwrap();
        for row in [[0.0f32, 0.0], [f32::NAN, 1.0], [-1.0, 2.0]] {
            let err = next_char(&vocab, ".", Array1::from(row.to_vec()).view()).unwrap_err();
            assert!(matches!(err, Error::InvalidProbabilities { .. }), "{err}");
        }
    }
}
