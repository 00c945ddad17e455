//! The colours of the heatmap: matplotlib's Blues colormap, and the WCAG 2.x contrast that picks
//! black or white text for each cell.

use plotters::style::RGBColor;

/// Matplotlib's Blues colour map: its nine control points (ColorBrewer's Blues, which matplotlib
/// stores as these bytes / 255), evenly spaced from 0 to 1.
const BLUES: [[u8; 3]; 9] = [
    [0xf7, 0xfb, 0xff],
    [0xde, 0xeb, 0xf7],
    [0xc6, 0xdb, 0xef],
    [0x9e, 0xca, 0xe1],
    [0x6b, 0xae, 0xd6],
    [0x42, 0x92, 0xc6],
    [0x21, 0x71, 0xb5],
    [0x08, 0x51, 0x9c],
    [0x08, 0x30, 0x6b],
];

/// Matplotlib's Blues at `t` in [0, 1] (clamped), as matplotlib computes it: a 256-entry table
/// interpolated linearly between the nine control points, looked up at `floor(t * 256)`.
pub(super) fn blues(t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let index = ((t * 256.0) as usize).min(255);
    let x = index as f64 / 255.0 * (BLUES.len() - 1) as f64;
    let k = (x.floor() as usize).min(BLUES.len() - 2);
    let frac = x - k as f64;
    let channel = |c: usize| {
        let (a, b) = (f64::from(BLUES[k][c]), f64::from(BLUES[k + 1][c]));
        (a + (b - a) * frac).round().clamp(0.0, 255.0) as u8
    };
    RGBColor(channel(0), channel(1), channel(2))
}

/// Matplotlib's Blues as a page needs it: the 256 colours of its table (`blues(i / 256)`), as
/// `#RRGGBB` (the way plotters writes a fill), for a script that recolours a heatmap.
pub(crate) fn palette() -> Vec<String> {
    (0..256)
        .map(|i| {
            let c = blues(f64::from(i) / 256.0);
            format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
        })
        .collect()
}

/// WCAG 2.x relative luminance of an sRGB colour.
fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG 2.x contrast ratio, from 1 to 21.
pub(super) fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(c: RGBColor) -> String {
        format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
    }

    #[test]
    fn blues_matches_matplotlib() {
        // matplotlib.colormaps['Blues'](x) for these x, converted with to_hex.
        assert_eq!(hex(blues(0.0)), "#f7fbff");
        assert_eq!(hex(blues(1.0)), "#08306b");
        assert_eq!(hex(blues(0.5)), "#6aaed6");
        assert_eq!(hex(blues(-3.0)), "#f7fbff");
        assert_eq!(hex(blues(7.0)), "#08306b");
        assert_eq!(hex(blues(f64::NAN)), "#f7fbff");
    }

    #[test]
    fn blues_gets_darker_all_the_way() {
        let mut last = f64::INFINITY;
        for i in 0..=1000 {
            let l = luminance(blues(i as f64 / 1000.0));
            assert!(l <= last, "{i}");
            last = l;
        }
        assert!(luminance(blues(1.0)) < 0.05);
        assert!(luminance(blues(0.0)) > 0.9);
    }

    #[test]
    fn luminance_and_contrast_match_wcag() {
        let (black, white) = (RGBColor(0, 0, 0), RGBColor(255, 255, 255));
        assert!((contrast(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known 4.54:1.
        assert!((contrast(RGBColor(0x76, 0x76, 0x76), white) - 4.54).abs() < 0.01);
        // Black or white reaches 4.5 on every colour of the scale.
        for i in 0..=255 {
            let fill = blues(i as f64 / 255.0);
            assert!(
                contrast(fill, black).max(contrast(fill, white)) >= 4.5,
                "{i}"
            );
        }
    }
}
