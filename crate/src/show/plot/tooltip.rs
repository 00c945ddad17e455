//! What the crate adds to a picture drawn by plotters: tooltips, each cell's elements (its
//! rectangle and its texts) wrapped in an SVG group whose `<title>` a browser shows on hover, in
//! JupyterLab (as inline SVG), in an exported HTML page and in an SVG file opened on its own;
//! and `data-` attributes that name what an element is (a cell's row and column, a bar's index,
//! a series), which the widgets' scripts read. Nothing else changes: the drawing is plotters'.

use crate::error::{Error, Result};

/// plotters' SVG taken apart: an `<svg>` line, then one element per line (a `<text>` spans three
/// lines, its content escaped), then `</svg>`.
pub(super) struct Elements<'a> {
    head: &'a str,
    body: Vec<String>,
    tail: &'a str,
    /// What the picture is, for an error.
    what: &'static str,
}

impl<'a> Elements<'a> {
    /// The top-level elements of `svg`, each with its final newline.
    pub(super) fn parse(svg: &'a str, what: &'static str) -> Self {
        let body_start = svg.find(">\n").map_or(0, |i| i + 2);
        let body_end = svg.rfind("</svg>").unwrap_or(svg.len()).max(body_start);
        let mut body = Vec::new();
        let mut rest = &svg[body_start..body_end];
        while !rest.is_empty() {
            let end = if rest.starts_with("<text") {
                rest.find("</text>\n").map(|i| i + "</text>\n".len())
            } else {
                rest.find('\n').map(|i| i + 1)
            }
            .unwrap_or(rest.len());
            body.push(rest[..end].to_string());
            rest = &rest[end..];
        }
        Elements {
            head: &svg[..body_start],
            body,
            tail: &svg[body_end..],
            what,
        }
    }

    /// The index of the first element from `from` on that `is` picks.
    pub(super) fn find(&self, from: usize, is: impl Fn(&str) -> bool) -> Result<usize> {
        (from..self.body.len())
            .find(|&k| is(&self.body[k]))
            .ok_or_else(|| self.mismatch(format!("no element to mark after element {from}")))
    }

    /// Adds `attributes` (such as ` data-tick="0"`, each with its leading space) to element `k`,
    /// right after its tag's name.
    pub(super) fn mark(&mut self, k: usize, attributes: &str) -> Result<()> {
        if k >= self.body.len() {
            return Err(self.mismatch(format!("no element {k} among {}", self.body.len())));
        }
        let element = &mut self.body[k];
        let name_end = element.find([' ', '/', '>']).unwrap_or(element.len());
        element.insert_str(name_end, attributes);
        Ok(())
    }

    /// The SVG text, as marked.
    pub(super) fn into_string(self) -> String {
        format!("{}{}{}", self.head, self.body.concat(), self.tail)
    }

    /// Groups the elements that follow the first `skip` ones, `per_cell` at a time, each group
    /// `<g ATTRIBUTES>` under one of `cells` (its attributes and its tip, in drawing order).
    /// Every group must get a tip and every tip a group; otherwise the picture is not the one
    /// described and this is an [`Error::Draw`].
    pub(super) fn group(
        mut self,
        skip: usize,
        per_cell: usize,
        cells: impl ExactSizeIterator<Item = (String, String)>,
    ) -> Result<String> {
        let n = cells.len();
        if per_cell == 0 || self.body.len() != skip + n * per_cell {
            let found = self.body.len();
            return Err(self.mismatch(format!(
                "expected {skip} + {n} x {per_cell} elements, found {found}"
            )));
        }
        for (first, (attributes, tip)) in (skip..).step_by(per_cell).zip(cells) {
            let open = format!("<g{attributes}><title>{}</title>\n", escape(&tip));
            self.body[first].insert_str(0, &open);
            self.body[first + per_cell - 1].push_str("</g>\n");
        }
        Ok(self.into_string())
    }

    fn mismatch(&self, reason: String) -> Error {
        Error::Draw {
            what: self.what,
            reason,
        }
    }
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

    fn cells(tips: &[&str]) -> impl ExactSizeIterator<Item = (String, String)> {
        let tips: Vec<_> = tips.iter().map(|t| t.to_string()).collect();
        tips.into_iter()
            .enumerate()
            .map(|(i, tip)| (format!(" data-i=\"{i}\""), tip))
    }

    #[test]
    fn each_cell_is_a_group_with_its_attributes_and_title() {
        let out = Elements::parse(SVG, "test")
            .group(1, 2, cells(&["ab: 1", "b<: 2"]))
            .unwrap();
        assert_eq!(
            out,
            "<svg width=\"2\" height=\"1\">\n<rect x=\"0\"/>\n<g data-i=\"0\"><title>ab: 1</title>\n<rect x=\"1\"/>\n<text x=\"1\">\nab\n</text>\n</g>\n<g data-i=\"1\"><title>b&lt;: 2</title>\n<rect x=\"2\"/>\n<text x=\"2\">\nb&lt;\n</text>\n</g>\n</svg>\n"
        );
    }

    #[test]
    fn a_mark_goes_after_the_tag_name_and_changes_nothing_else() {
        let mut svg = Elements::parse(SVG, "test");
        let text = svg.find(0, |e| e.starts_with("<text")).unwrap();
        assert_eq!(text, 2);
        svg.mark(text, " data-tick=\"0\"").unwrap();
        svg.mark(0, " data-x=\"a\"").unwrap();
        assert_eq!(
            svg.into_string(),
            SVG.replacen("<text", "<text data-tick=\"0\"", 1).replacen(
                "<rect",
                "<rect data-x=\"a\"",
                1
            )
        );
        let svg = Elements::parse(SVG, "test");
        assert!(svg.find(3, |e| e.starts_with("<circle")).is_err());
        assert!(Elements::parse(SVG, "test").mark(5, " a=\"b\"").is_err());
    }

    #[test]
    fn a_picture_of_another_shape_is_an_error() {
        let err = Elements::parse(SVG, "test")
            .group(1, 2, cells(&["one"]))
            .unwrap_err();
        assert!(matches!(err, Error::Draw { .. }), "{err}");
        assert!(
            Elements::parse(SVG, "test")
                .group(0, 0, std::iter::empty())
                .is_err()
        );
    }
}
