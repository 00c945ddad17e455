//! Tooltips for a picture drawn by plotters: each cell's elements (its rectangle and its texts)
//! wrapped in an SVG group whose `<title>` a browser shows on hover, in JupyterLab (as inline
//! SVG), in an exported HTML page and in an SVG file opened on its own.

use crate::error::{Error, Result};

/// Groups the elements of `svg` that follow the first `skip` ones, `per_cell` at a time, each
/// group under one of `tips` (in drawing order). Every group must get a tip and every tip a
/// group; otherwise the picture is not the one described and this is an [`Error::Draw`].
///
/// `svg` is plotters' SVG: an `<svg>` line, then one element per line (a `<text>` spans three
/// lines, its content escaped), then `</svg>`.
pub(super) fn add_tooltips(
    svg: &str,
    skip: usize,
    per_cell: usize,
    tips: impl ExactSizeIterator<Item = String>,
) -> Result<String> {
    let mismatch = |found: usize| Error::Draw {
        what: "tooltips",
        reason: format!(
            "expected {skip} + {} x {per_cell} elements, found {found}",
            tips.len()
        ),
    };
    let body_start = svg.find(">\n").map_or(0, |i| i + 2);
    let body_end = svg.rfind("</svg>").unwrap_or(svg.len());
    let elements = elements(&svg[body_start..body_end]);
    if per_cell == 0 || elements.len() != skip + tips.len() * per_cell {
        return Err(mismatch(elements.len()));
    }
    let mut out = String::with_capacity(svg.len() + tips.len() * 40);
    out.push_str(&svg[..body_start]);
    elements[..skip].iter().for_each(|e| out.push_str(e));
    for (cell, tip) in elements[skip..].chunks(per_cell).zip(tips) {
        out.push_str("<g><title>");
        out.push_str(&escape(&tip));
        out.push_str("</title>\n");
        cell.iter().for_each(|e| out.push_str(e));
        out.push_str("</g>\n");
    }
    out.push_str(&svg[body_end..]);
    Ok(out)
}

/// The top-level elements of plotters' SVG body, each with its final newline.
fn elements(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let end = if rest.starts_with("<text") {
            rest.find("</text>\n").map(|i| i + "</text>\n".len())
        } else {
            rest.find('\n').map(|i| i + 1)
        }
        .unwrap_or(rest.len());
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

/// Text as XML (and HTML) character data.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg width=\"2\" height=\"1\">\n<rect x=\"0\"/>\n<rect x=\"1\"/>\n<text x=\"1\">\nab\n</text>\n<rect x=\"2\"/>\n<text x=\"2\">\nb&lt;\n</text>\n</svg>\n";

    #[test]
    fn each_cell_is_a_group_with_its_title() {
        let tips = ["ab: 1".to_string(), "b<: 2".to_string()];
        let out = add_tooltips(SVG, 1, 2, tips.into_iter()).unwrap();
        assert_eq!(
            out,
            "<svg width=\"2\" height=\"1\">\n<rect x=\"0\"/>\n<g><title>ab: 1</title>\n<rect x=\"1\"/>\n<text x=\"1\">\nab\n</text>\n</g>\n<g><title>b&lt;: 2</title>\n<rect x=\"2\"/>\n<text x=\"2\">\nb&lt;\n</text>\n</g>\n</svg>\n"
        );
    }

    #[test]
    fn a_picture_of_another_shape_is_an_error() {
        let err = add_tooltips(SVG, 1, 2, ["one".to_string()].into_iter()).unwrap_err();
        assert!(matches!(err, Error::Draw { .. }), "{err}");
        assert!(add_tooltips(SVG, 0, 0, std::iter::empty()).is_err());
    }
}
