//! The colours the document is drawn in, chosen so every text on every highlight reads at WCAG
//! AA (4.5:1) in both themes: a strong text colour, translucent label fills that never stack (a
//! nested span shows by its underline lane, not by a blend that belongs to no label), and the
//! contrast arithmetic the tests check them with.

use egui::Color32;

/// The document's text: near-white on dark, near-black on light (egui's grey body text on
/// `#1B1B1B` is only 5.1:1 and falls below 3:1 on an orange highlight).
pub fn document_text(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xDC, 0xDC, 0xDC)
    } else {
        Color32::from_rgb(0x1E, 0x1E, 0x1E)
    }
}

/// How opaque a label's fill is behind the text.
pub fn fill_opacity(dark: bool) -> f32 {
    if dark {
        0.27
    } else {
        0.22
    }
}

/// The translucent fill of a highlight in `color` (`dimmed` for rejected annotations).
pub fn highlight_fill(color: Color32, dark: bool, dimmed: bool) -> Color32 {
    let opacity = fill_opacity(dark) * if dimmed { 0.35 } else { 1.0 };
    color.gamma_multiply(opacity)
}

/// What a translucent `fill` over an opaque `background` looks like (egui blends in gamma space).
pub fn over(background: Color32, fill: Color32) -> Color32 {
    let a = f32::from(fill.a()) / 255.0;
    let mix = |b: u8, f: u8| {
        (f32::from(f) + f32::from(b) * (1.0 - a))
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Color32::from_rgb(
        mix(background.r(), fill.r()),
        mix(background.g(), fill.g()),
        mix(background.b(), fill.b()),
    )
}

/// WCAG 2 relative luminance.
fn luminance(c: Color32) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG 2 contrast ratio between two opaque colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{parse_hex_color, PALETTE};

    fn backgrounds() -> [(bool, Color32); 2] {
        [
            (true, egui::Visuals::dark().panel_fill),
            (false, egui::Visuals::light().panel_fill),
        ]
    }

    #[test]
    fn every_label_colour_keeps_text_readable_in_both_themes() {
        for (dark, background) in backgrounds() {
            let text = document_text(dark);
            assert!(contrast(text, background) >= 7.0, "body text (AAA)");
            let classes = crate::comparison::AgreementClass::ALL
                .iter()
                .map(|c| crate::ui::compare_mode::class_color(*c));
            for hex in PALETTE.iter().copied().chain(classes) {
                let [r, g, b] = parse_hex_color(hex).unwrap();
                let color = Color32::from_rgb(r, g, b);
                for dimmed in [false, true] {
                    let behind = over(background, highlight_fill(color, dark, dimmed));
                    let ratio = contrast(text, behind);
                    assert!(
                        ratio >= 4.5,
                        "{hex} ({} theme{}): {ratio:.2}:1",
                        if dark { "dark" } else { "light" },
                        if dimmed { ", rejected" } else { "" }
                    );
                }
            }
        }
    }

    #[test]
    fn the_contrast_formula_matches_wcag() {
        assert!((contrast(Color32::WHITE, Color32::BLACK) - 21.0).abs() < 1e-9);
        // egui's dark body text on its dark panel, as measured in the issue.
        let grey = Color32::from_rgb(0x8C, 0x8C, 0x8C);
        let panel = Color32::from_rgb(0x1B, 0x1B, 0x1B);
        assert!((contrast(grey, panel) - 5.1).abs() < 0.1);
    }
}
