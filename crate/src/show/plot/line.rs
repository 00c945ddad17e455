//! Line charts: one or more x/y series on a linear or logarithmic x axis.
//!
//! Used for the neural net's loss curve (loss against step, see [`loss_curve`]) and for sweeps
//! such as the average NLL against the smoothing strength k (with [`LineChart::log_x`]) or the
//! context length K. An x axis of whole numbers (K, a step) has whole-number ticks only, and,
//! where its points lie far enough apart to tell apart (at least [`MARKER_SPACING`] pixels), a
//! marker on every point. Drawn
//! with plotters' SVG backend; the text is left to the viewer's `sans-serif` font, so no system
//! fonts are needed.
//!
//! ```
//! use makemore::show::plot::line::LineChart;
//!
//! let svg = LineChart::new("y = x squared")
//!     .x_label("x")
//!     .y_label("y")
//!     .series("x^2", (0..10).map(|x| (x as f64, (x * x) as f64)))
//!     .render()?;
//! assert!(svg.as_str().contains("y = x squared"));
//! # Ok::<(), makemore::Error>(())
//! ```

use std::ops::Range;

use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;

use super::svg::{Svg, plotters_svg};
use super::tooltip::Elements;
use crate::error::{Error, Result, check_param};

/// plotters' number of x ticks unless told otherwise.
const DEFAULT_TICKS: usize = 11;

/// The smallest chart, in pixels: below this the axes' labels do not fit.
const MIN_SIZE: (u32, u32) = (200, 150);

/// The least distance in pixels between the points of a whole-number x axis (K = 1, 2, ...) for
/// each point to get a marker: closer ones (a loss curve of many steps) are a line only.
///
/// ```
/// use makemore::show::plot::line::LineChart;
///
/// let by_k = LineChart::new("NLL by K").series("", (1..=5).map(|k| (k, 3.0 - 0.2 * k as f64)));
/// let svg = by_k.render()?;
/// assert_eq!(svg.as_str().matches("<circle").count(), 5); // 5 points, far apart
/// let steps = LineChart::new("loss").series("", (0..100).map(|i| (i, 1.0 / (1.0 + i as f64))));
/// assert_eq!(steps.render()?.as_str().matches("<circle").count(), 0); // 5 px apart
/// # Ok::<(), makemore::Error>(())
/// ```
pub const MARKER_SPACING: f64 = 40.0;

/// Line colours, one per series in turn.
const COLORS: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// A line chart under construction: a title, axis labels, and series of `(x, y)` points joined
/// in the order given. Build it with the chained setters, then [`render`](LineChart::render) it.
///
/// ```
/// use makemore::show::plot::line::LineChart;
///
/// let chart = LineChart::new("two lines")
///     .series("up", [(0.0, 0.0), (1.0, 1.0)])
///     .series("down", [(0.0, 1.0), (1.0, 0.0)]);
/// let svg = chart.render()?; // a legend names the series
/// assert!(svg.as_str().contains("down"));
/// # Ok::<(), makemore::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LineChart {
    title: String,
    x_label: String,
    y_label: String,
    log_x: bool,
    size: (u32, u32),
    series: Vec<(String, Vec<(f64, f64)>)>,
}

impl LineChart {
    /// An empty chart with a title, 640 x 400 pixels, a linear x axis and no axis labels.
    ///
    /// ```
    /// let chart = makemore::show::plot::line::LineChart::new("loss");
    /// assert!(chart.render().is_err()); // no series yet
    /// ```
    pub fn new(title: impl Into<String>) -> Self {
        LineChart {
            title: title.into(),
            x_label: String::new(),
            y_label: String::new(),
            log_x: false,
            size: (640, 400),
            series: Vec::new(),
        }
    }

    /// The label under the x axis.
    ///
    /// ```
    /// use makemore::show::plot::line::LineChart;
    ///
    /// let svg = LineChart::new("t").x_label("step").series("", [(0.0, 1.0), (1.0, 2.0)]).render()?;
    /// assert!(svg.as_str().contains("step"));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn x_label(mut self, label: impl Into<String>) -> Self {
        self.x_label = label.into();
        self
    }

    /// The label beside the y axis.
    ///
    /// ```
    /// use makemore::show::plot::line::LineChart;
    ///
    /// let svg = LineChart::new("t").y_label("loss").series("", [(0.0, 1.0), (1.0, 2.0)]).render()?;
    /// assert!(svg.as_str().contains("loss"));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn y_label(mut self, label: impl Into<String>) -> Self {
        self.y_label = label.into();
        self
    }

    /// A logarithmic x axis (base 10), e.g. for a sweep of the smoothing strength over several
    /// orders of magnitude. Every x must then be > 0.
    ///
    /// ```
    /// use makemore::show::plot::line::LineChart;
    ///
    /// let sweep = [(0.01, 2.4541), (0.1, 2.4541), (1.0, 2.4546), (10.0, 2.4609), (100.0, 2.5187)];
    /// let chart = LineChart::new("NLL vs k").x_label("k").y_label("NLL").log_x(true);
    /// assert!(chart.clone().series("", sweep).render().is_ok());
    /// assert!(chart.series("", [(0.0, 2.4540), (1.0, 2.4546)]).render().is_err()); // k = 0
    /// ```
    pub fn log_x(mut self, on: bool) -> Self {
        self.log_x = on;
        self
    }

    /// The size in pixels (at least 200 x 150).
    ///
    /// ```
    /// use makemore::show::plot::line::LineChart;
    ///
    /// let chart = LineChart::new("t").series("", [(0.0, 1.0), (1.0, 2.0)]);
    /// assert!(chart.clone().size(800, 300).render()?.as_str().contains(r#"width="800""#));
    /// assert!(chart.size(20, 10).render().is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.size = (width, height);
        self
    }

    /// Adds a series: its name (shown in a legend unless every series' name is empty) and its
    /// points, joined by a line in the order given. The line of the `i`-th series added (from 0)
    /// carries `data-series="i"` in the SVG.
    ///
    /// ```
    /// use makemore::show::plot::line::LineChart;
    ///
    /// let losses = [3.77f32, 3.38, 3.16];
    /// let chart = LineChart::new("loss")
    ///     .series("train", losses.iter().enumerate().map(|(i, &l)| (i as f64, l)));
    /// assert!(chart.render()?.as_str().contains(r#"<polyline data-series="0" "#));
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn series<X, Y>(
        mut self,
        name: impl Into<String>,
        points: impl IntoIterator<Item = (X, Y)>,
    ) -> Self
    where
        X: Into<f64>,
        Y: Into<f64>,
    {
        let points = points
            .into_iter()
            .map(|(x, y)| (x.into(), y.into()))
            .collect();
        self.series.push((name.into(), points));
        self
    }

    /// Draws the chart as SVG.
    ///
    /// Errors: no series, a series without points, a coordinate that is not finite, an x <= 0 on
    /// a logarithmic axis, a size below 200 x 150.
    ///
    /// ```
    /// use makemore::show::plot::line::LineChart;
    ///
    /// let svg = LineChart::new("a line").series("", [(0.0, 1.0), (1.0, 3.0)]).render()?;
    /// assert!(svg.as_str().starts_with("<svg"));
    /// assert!(LineChart::new("nan").series("", [(0.0, f64::NAN)]).render().is_err());
    /// # Ok::<(), makemore::Error>(())
    /// ```
    pub fn render(&self) -> Result<Svg> {
        let (width, height) = self.size;
        check_param(
            width >= MIN_SIZE.0 && height >= MIN_SIZE.1,
            "chart size",
            format!("{width} x {height}"),
            &format!("must be at least {} x {} pixels", MIN_SIZE.0, MIN_SIZE.1),
        )?;
        check_param(
            !self.series.is_empty(),
            "series",
            "none",
            "a chart needs at least one series",
        )?;
        for (name, points) in &self.series {
            check_param(
                !points.is_empty(),
                "series",
                format!("{name:?}"),
                "a series needs at least one point",
            )?;
            // Every point finite first, then every x > 0 on a logarithmic axis.
            let not_finite = points
                .iter()
                .find(|(x, y)| !x.is_finite() || !y.is_finite());
            let not_positive = points.iter().find(|(x, _)| self.log_x && *x <= 0.0);
            let bad = (not_finite.map(|p| (p, "coordinates must be finite")))
                .or(not_positive.map(|p| (p, "a logarithmic x axis needs x > 0")));
            if let Some(((x, y), reason)) = bad {
                let value = format!("({x}, {y}) in series {name:?}");
                return Err(Error::invalid("point", value, reason));
            }
        }
        let all = || self.series.iter().flat_map(|(_, points)| points.iter());
        let (x_min, x_max) = min_max(all().map(|p| p.0));
        // Whole numbers on a linear axis: a tick for at most each of them.
        let whole = !self.log_x && all().all(|p| p.0.fract() == 0.0);
        let ticks = if whole {
            ((x_max - x_min) as usize + 1).min(DEFAULT_TICKS)
        } else {
            DEFAULT_TICKS
        };
        let (y_min, y_max) = min_max(all().map(|p| p.1));
        let y_range = pad(y_min, y_max);
        // A single x gets room either side: half to twice it on a logarithmic axis.
        let x_range = match (x_min == x_max, self.log_x) {
            (false, _) => x_min..x_max,
            (true, true) => x_min / 2.0..x_max * 2.0,
            (true, false) => x_min - 0.5..x_max + 0.5,
        };
        let drawn = if self.log_x {
            self.draw(x_range.log_scale(), y_range, ticks, false)
        } else {
            self.draw(x_range, y_range, ticks, whole)
        };
        drawn.map(Svg::new)
    }

    /// Draws on any x axis (linear or logarithmic) with a linear y axis, with at most
    /// `ticks` ticks on the x axis, and a marker on each point of a `whole`-number x axis whose
    /// points are at least [`MARKER_SPACING`] apart. Series `i`'s line carries
    /// `data-series="i"`.
    fn draw<X>(&self, x: X, y: Range<f64>, ticks: usize, whole: bool) -> Result<String>
    where
        X: AsRangedCoord<Value = f64>,
        X::CoordDescType: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        // Each series' line as plotters writes it: its colour and its points in pixels.
        let (mut lines, mut pixels) = (Vec::new(), Vec::new());
        let text = plotters_svg("line chart", self.size, |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(&self.title, ("sans-serif", 24))
                .margin(12)
                .margin_right(28)
                .x_label_area_size(40)
                .y_label_area_size(56)
                .build_cartesian_2d(x, y)?;
            chart
                .configure_mesh()
                .x_desc(self.x_label.as_str())
                .y_desc(self.y_label.as_str())
                .axis_desc_style(("sans-serif", 18))
                .label_style(("sans-serif", 15))
                .light_line_style(RGBColor(235, 235, 235))
                .x_labels(ticks)
                .x_label_formatter(&tick_label)
                .y_label_formatter(&tick_label)
                .draw()?;
            let (x0, y0) = (chart.x_range().start, chart.y_range().start);
            let one = chart.backend_coord(&(x0 + 1.0, y0)).0 - chart.backend_coord(&(x0, y0)).0;
            let markers = whole && f64::from(one) >= MARKER_SPACING;
            for (i, (name, points)) in self.series.iter().enumerate() {
                let color = COLORS[i % COLORS.len()];
                let style = color.stroke_width(2);
                let line: Vec<_> = points.iter().map(|p| chart.backend_coord(p)).collect();
                let text: String = line.iter().map(|(x, y)| format!("{x},{y} ")).collect();
                let RGBColor(r, g, b) = color;
                lines.push(format!(
                    "stroke=\"#{r:02X}{g:02X}{b:02X}\" stroke-width=\"2\" points=\"{text}\""
                ));
                pixels.push(line);
                if markers {
                    let dots = points.iter().map(|&p| Circle::new(p, 4, color.filled()));
                    chart.draw_series(dots)?;
                }
                chart
                    .draw_series(LineSeries::new(points.iter().copied(), style))?
                    .label(name.as_str())
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style));
            }
            if self.series.iter().any(|(name, _)| !name.is_empty()) {
                // The legend's box as plotters lays it out: the names' lines, the 30 pixels
                // of line samples before them and a margin of 10 all round.
                let font = ("sans-serif", 15).into_font();
                let mut names = MultiLineText::<_, &str>::new((0, 0), font.clone());
                self.series
                    .iter()
                    .for_each(|(name, _)| names.push_line(name.as_str()));
                let (w, h) = names.estimate_dimension().unwrap_or((0, 0));
                let area = chart.plotting_area();
                let at = (area.get_base_pixel(), area.dim_in_pixel());
                chart
                    .configure_series_labels()
                    .background_style(WHITE.mix(0.8))
                    .border_style(BLACK)
                    .label_font(font)
                    .position(self.legend_position(&pixels, (w + 50, h + 20), at))
                    .draw()?;
            }
            Ok(())
        })?;
        let mut svg = Elements::parse(&text, "line chart");
        let mut from = 0;
        for (i, line) in lines.iter().enumerate() {
            let at = svg.find(from, |e| e.starts_with("<polyline") && e.contains(line))?;
            svg.mark(at, &format!(" data-series=\"{i}\""))?;
            from = at + 1;
        }
        Ok(svg.into_string())
    }

    /// The legend's place: the first of six whose box (`w x h` pixels, laid out in the plotting
    /// area at `base` of `area` pixels as plotters does) no line crosses. The upper corners come
    /// first, starting with the one away from the lines' right ends: upper right when they end
    /// low (a falling loss), upper left when they end high (a rising sweep); then the middle of
    /// the right and left sides, then the lower corners. That first corner if every box is
    /// crossed.
    fn legend_position(
        &self,
        lines: &[Vec<(i32, i32)>],
        (w, h): (i32, i32),
        ((x0, y0), area): ((i32, i32), (u32, u32)),
    ) -> SeriesLabelPosition {
        use SeriesLabelPosition::*;
        let (lo, hi) = min_max(self.series.iter().flat_map(|(_, p)| p.iter().map(|q| q.1)));
        let ends: Vec<f64> = self
            .series
            .iter()
            .filter_map(|(_, points)| points.iter().max_by(|a, b| a.0.total_cmp(&b.0)))
            .map(|p| p.1)
            .collect();
        let mean_end = ends.iter().sum::<f64>() / ends.len().max(1) as f64;
        let rising = mean_end > (lo + hi) / 2.0;
        let upper = || {
            if rising {
                [UpperLeft, UpperRight]
            } else {
                [UpperRight, UpperLeft]
            }
        };
        let (aw, ah) = (area.0 as i32, area.1 as i32);
        let free = |place: &SeriesLabelPosition| {
            // 5 pixels from the area's edges or centred; 4 more for the strokes and markers.
            let left = x0
                + if matches!(place, UpperLeft | MiddleLeft | LowerLeft) {
                    5
                } else {
                    aw - w - 5
                };
            let top = y0
                + match place {
                    UpperLeft | UpperRight => 5,
                    MiddleLeft | MiddleRight => (ah - h) / 2,
                    _ => ah - h - 5,
                };
            let inside = |(x, y): (i32, i32)| {
                (left - 4..=left + w + 4).contains(&x) && (top - 4..=top + h + 4).contains(&y)
            };
            !lines.iter().any(|line| {
                line.iter().any(|&p| inside(p))
                    || line.windows(2).any(|s| {
                        let ((ax, ay), (bx, by)) = (s[0], s[1]);
                        let n = (bx - ax).abs().max((by - ay).abs()).max(1);
                        (0..=n).any(|i| inside((ax + (bx - ax) * i / n, ay + (by - ay) * i / n)))
                    })
            })
        };
        let places = upper()
            .into_iter()
            .chain([MiddleRight, MiddleLeft, LowerRight, LowerLeft]);
        let [first, _] = upper();
        places.into_iter().find(free).unwrap_or(first)
    }
}

/// A tick label: at most 6 decimals, without trailing zeros ("10", "0.01", "2.45").
fn tick_label(v: &f64) -> String {
    if *v != 0.0 && v.abs() < 1e-4 {
        return format!("{v:.0e}");
    }
    let text = format!("{v:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// The loss curve of a training run: `losses[i]` (the loss before update `i`) against step `i`.
///
/// ```
/// let svg = makemore::show::plot::line::loss_curve(&[3.77, 3.38, 3.16, 3.02])?;
/// assert!(svg.as_str().contains("loss"));
/// # Ok::<(), makemore::Error>(())
/// ```
pub fn loss_curve(losses: &[f32]) -> Result<Svg> {
    LineChart::new("training loss")
        .x_label("step")
        .y_label("loss")
        .series("", losses.iter().enumerate().map(|(i, &l)| (i as f64, l)))
        .render()
}

fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// The y range with 5% room above and below (a flat line gets room of its own).
fn pad(min: f64, max: f64) -> Range<f64> {
    let room = if max > min {
        (max - min) * 0.05
    } else {
        min.abs().max(1.0) * 0.05
    };
    min - room..max + room
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts of the x axis's tick labels: the numbers drawn centred (the y axis's are
    /// right-aligned).
    fn x_tick_labels(svg: &str) -> Vec<String> {
        fn text(t: &str) -> Option<&str> {
            t.split('>').nth(1)?.split('<').next().map(str::trim)
        }
        svg.split("<text")
            .skip(1)
            .filter(|t| t.contains("text-anchor=\"middle\""))
            .filter_map(|t| text(t).filter(|t| t.parse::<f64>().is_ok()))
            .map(String::from)
            .collect()
    }

    #[test]
    fn a_whole_number_axis_has_whole_ticks_and_a_marker_per_point() {
        // The context length K = 1..5, as notebook 09 draws it: plotters alone ticks 1, 1.5, 2...
        let k = LineChart::new("NLL by K")
            .x_label("K")
            .series("train", (1..=5).map(|k| (k as f64, 2.5 - 0.15 * k as f64)))
            .series("dev", (1..=5).map(|k| (k as f64, 2.4 - 0.1 * k as f64)))
            .render()
            .unwrap();
        assert_eq!(x_tick_labels(k.as_str()), ["1", "2", "3", "4", "5"]);
        assert_eq!(k.as_str().matches("<circle").count(), 10);
        // Fractional x: plotters' ticks, no markers.
        let half = LineChart::new("half")
            .series("", (1..=5).map(|i| (i as f64 / 2.0, i as f64)))
            .render()
            .unwrap();
        assert!(x_tick_labels(half.as_str()).iter().any(|t| t.contains('.')));
        assert_eq!(half.as_str().matches("<circle").count(), 0);
        // A long whole-number axis keeps plotters' ticks (whole already) and has no markers.
        let steps = loss_curve(&[3.0; 200]).unwrap();
        let ticks = x_tick_labels(steps.as_str());
        assert!(
            ticks.len() > 5 && ticks.iter().all(|t| t.parse::<u32>().is_ok()),
            "{ticks:?}"
        );
        assert_eq!(steps.as_str().matches("<circle").count(), 0);
    }

    /// The `points` attributes of every `<polyline>`, each as its list of points.
    fn polylines(svg: &str) -> Vec<Vec<(f64, f64)>> {
        svg.split("<polyline")
            .skip(1)
            .map(|tag| {
                let start = tag.find("points=\"").expect("a points attribute") + 8;
                let end = start + tag[start..].find('"').unwrap();
                tag[start..end]
                    .split_whitespace()
                    .map(|p| {
                        let (x, y) = p.split_once(',').unwrap();
                        (x.parse().unwrap(), y.parse().unwrap())
                    })
                    .collect()
            })
            .collect()
    }

    /// The contents of every `<text>` element, trimmed.
    fn texts(svg: &str) -> Vec<&str> {
        svg.split("<text")
            .skip(1)
            .map(|t| {
                let start = t.find('>').unwrap() + 1;
                t[start..t.find("</text>").unwrap()].trim()
            })
            .collect()
    }

    #[test]
    fn the_loss_curve_has_one_point_per_step_and_the_title() {
        let losses: Vec<f32> = (0..100).map(|i| 3.8 - 1.3 * (i as f32 / 99.0)).collect();
        let svg = loss_curve(&losses).unwrap().into_string();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
        let texts = texts(&svg);
        for label in ["training loss", "step", "loss"] {
            assert!(texts.contains(&label), "{label}: {texts:?}");
        }
        let lines = polylines(&svg);
        let curve = lines
            .iter()
            .find(|l| l.len() == 100)
            .expect("a polyline with 100 points");
        // The loss falls, so the line goes down the picture (SVG's y grows downwards).
        assert!(
            curve
                .windows(2)
                .all(|w| w[1].0 > w[0].0 && w[1].1 >= w[0].1)
        );
        // No legend (a framed box) for a single unnamed series: the only rectangle is the background.
        assert_eq!(svg.matches("<rect").count(), 1);
    }

    #[test]
    fn several_series_each_get_a_line_and_a_legend_entry() {
        let svg = LineChart::new("a & b <test>")
            .series("first", [(1.0, 1.0), (2.0, 2.0), (3.0, 1.5)])
            .series("second", [(1.0, 0.5), (3.0, 0.7)])
            .render()
            .unwrap()
            .into_string();
        let lengths: Vec<usize> = polylines(&svg).iter().map(Vec::len).collect();
        assert!(lengths.contains(&3) && lengths.contains(&2), "{lengths:?}");
        // Each series' line, and no other (not the axes', not the legend's), is marked with its
        // index: the first has 3 points, the second 2.
        let marked: Vec<(&str, usize)> = svg
            .split("<polyline")
            .skip(1)
            .filter_map(|tag| {
                let i = tag.strip_prefix(" data-series=\"")?.split('"').next()?;
                let points = tag.split("points=\"").nth(1)?.split('"').next()?;
                Some((i, points.split_whitespace().count()))
            })
            .collect();
        assert_eq!(marked, [("0", 3), ("1", 2)]);
        let texts = texts(&svg);
        assert!(
            texts.contains(&"first") && texts.contains(&"second"),
            "{texts:?}"
        );
        // The title is escaped, not raw markup.
        assert!(texts.contains(&"a &amp; b &lt;test&gt;"), "{texts:?}");
    }

    /// The x and y attributes of the `<text>` element that says `content`.
    fn text_position(svg: &str, content: &str) -> (f64, f64) {
        let tag = svg
            .split("<text")
            .find(|t| {
                t.split_once('>')
                    .unwrap()
                    .1
                    .trim_start()
                    .starts_with(content)
            })
            .unwrap_or_else(|| panic!("no text {content:?}"));
        let attr = |name: &str| {
            let start = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            tag[start..start + tag[start..].find('"').unwrap()]
                .parse::<f64>()
                .unwrap()
        };
        (attr("x"), attr("y"))
    }

    #[test]
    fn the_legend_goes_to_the_first_place_no_line_crosses() {
        // Where the first name's text is (the chart is 640 x 400): on the right?, how far down.
        let place = |a: &[(f64, f64)], b: &[(f64, f64)]| {
            let chart = LineChart::new("t")
                .series("first", a.to_vec())
                .series("second", b.to_vec());
            let (x, y) = text_position(&chart.render().unwrap().into_string(), "first");
            (x > 320.0, y)
        };
        // Falling lines: upper right; rising ones: upper left.
        let (right, y) = place(
            &[(1.0, 3.0), (2.0, 2.0), (3.0, 1.0)],
            &[(1.0, 2.5), (3.0, 1.5)],
        );
        assert!(right && y < 120.0);
        let (right, y) = place(&[(1.0, 1.0), (3.0, 3.0)], &[(1.0, 1.5), (3.0, 2.5)]);
        assert!(!right && y < 120.0);
        // One line through each upper corner, low in between: halfway down the right side.
        let (right, y) = place(
            &[(0.0, 3.0), (0.5, 3.0), (1.0, 0.0), (2.0, 0.0)],
            &[(0.0, 0.0), (1.0, 0.0), (1.5, 3.0), (2.0, 3.0)],
        );
        assert!(right && (150.0..250.0).contains(&y), "{y}");
        // Lines everywhere but the lower left corner: there.
        let (right, y) = place(
            &[(0.0, 3.0), (2.0, 3.0), (2.0, 0.0)],
            &[(0.0, 1.5), (2.0, 1.5), (0.5, 0.0)],
        );
        assert!(!right && y > 250.0, "{y}");
    }

    #[test]
    fn a_log_x_axis_spreads_decades_evenly() {
        let ks = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0];
        let svg = LineChart::new("sweep")
            .log_x(true)
            .series("", ks.iter().map(|&k| (k, 2.45 + k / 1000.0)))
            .render()
            .unwrap()
            .into_string();
        let line = polylines(&svg).into_iter().find(|l| l.len() == 6).unwrap();
        let gaps: Vec<f64> = line.windows(2).map(|w| w[1].0 - w[0].0).collect();
        for g in &gaps {
            assert!((g - gaps[0]).abs() <= 1.0, "{gaps:?}");
        }
    }

    #[test]
    fn single_points_and_flat_lines_still_draw() {
        assert!(
            LineChart::new("one")
                .series("", [(5.0, 2.0)])
                .render()
                .is_ok()
        );
        assert!(
            LineChart::new("one")
                .log_x(true)
                .series("", [(5.0, 2.0)])
                .render()
                .is_ok()
        );
        assert!(loss_curve(&[2.5, 2.5, 2.5]).is_ok());
    }

    #[test]
    fn tick_labels_are_short() {
        let labels: Vec<String> = [
            0.0,
            10.0,
            0.01,
            2.45,
            1000.0,
            -0.0,
            2e-6,
            0.30000000000000004,
        ]
        .iter()
        .map(tick_label)
        .collect();
        assert_eq!(
            labels,
            ["0", "10", "0.01", "2.45", "1000", "0", "2e-6", "0.3"]
        );
    }

    #[test]
    fn bad_charts_are_errors() {
        let ok = [(1.0, 1.0), (2.0, 2.0)];
        for (chart, needle) in [
            (LineChart::new("none"), "at least one series"),
            (
                LineChart::new("empty").series("e", Vec::<(f64, f64)>::new()),
                "at least one point",
            ),
            (
                LineChart::new("inf").series("", [(1.0, f64::INFINITY)]),
                "finite",
            ),
            (
                LineChart::new("log").log_x(true).series("", [(-1.0, 1.0)]),
                "x > 0",
            ),
            (
                LineChart::new("tiny").size(10, 10).series("", ok),
                "200 x 150",
            ),
        ] {
            let err = chart.render().unwrap_err();
            assert!(matches!(err, Error::InvalidParameter { .. }), "{err}");
            assert!(err.to_string().contains(needle), "{err}");
        }
        assert!(loss_curve(&[]).is_err());
    }
}
