//! Page and chapter boundaries of the source, drawn unobtrusively in the text: a thin rule
//! with "p. 12" where a page starts with a paragraph, a short tick and the same tag in the
//! margin where it starts inside one.

use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke};

use super::paragraph_layout::{Shaped, PARAGRAPH_GAP};
use crate::model::Structure;

/// The marks to draw in one paragraph: (offset in the paragraph, tag).
pub fn marks_in(structure: &Structure, range: &std::ops::Range<usize>) -> Vec<(usize, String)> {
    let mut marks = Vec::new();
    let starts = |list: &[crate::model::SectionStart]| {
        let from = list.partition_point(|s| s.at < range.start);
        let to = list.partition_point(|s| s.at < range.end.max(range.start + 1));
        list[from..to].to_vec()
    };
    for chapter in starts(&structure.chapters) {
        let name: String = chapter.name.chars().take(40).collect();
        marks.push((chapter.at - range.start, name));
    }
    for page in starts(&structure.pages) {
        // Pages that start at the very beginning say nothing worth a rule.
        if page.at > 0 {
            marks.push((page.at - range.start, format!("p. {}", page.name)));
        }
    }
    marks
}

/// Draw the marks of a paragraph placed at `origin`, in a column ending at `right`.
pub fn paint_marks(
    painter: &Painter,
    marks: &[(usize, String)],
    origin: Pos2,
    galley: &Shaped,
    right: f32,
    dark: bool,
) {
    if marks.is_empty() {
        return;
    }
    let color = if dark {
        Color32::from_gray(120)
    } else {
        Color32::from_gray(150)
    };
    let font = FontId::proportional(11.0);
    let mut rule_tags: Vec<&str> = Vec::new();
    for (at, tag) in marks {
        if *at == 0 {
            rule_tags.push(tag);
            continue;
        }
        let caret = galley.caret_rect(*at).translate(origin.to_vec2());
        painter.line_segment(
            [caret.left_top(), caret.left_bottom()],
            Stroke::new(1.0, color),
        );
        painter.text(
            Pos2::new(right, caret.center().y),
            Align2::RIGHT_CENTER,
            tag,
            font.clone(),
            color,
        );
    }
    if rule_tags.is_empty() {
        return;
    }
    let y = origin.y - PARAGRAPH_GAP / 2.0;
    let label = rule_tags.join(" · ");
    let tag = painter.text(
        Pos2::new(right, y),
        Align2::RIGHT_CENTER,
        label,
        font,
        color,
    );
    let rule = Rect::from_min_max(Pos2::new(origin.x, y), Pos2::new(tag.left() - 6.0, y));
    if rule.width() > 0.0 {
        painter.hline(rule.x_range(), y, Stroke::new(0.5, color));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SectionStart;

    #[test]
    fn marks_are_the_starts_inside_a_paragraph() {
        let s = Structure {
            pages: vec![
                SectionStart {
                    at: 0,
                    name: "1".into(),
                },
                SectionStart {
                    at: 10,
                    name: "2".into(),
                },
                SectionStart {
                    at: 25,
                    name: "3".into(),
                },
            ],
            ..Structure::default()
        };
        assert!(marks_in(&s, &(0..9)).is_empty());
        assert_eq!(marks_in(&s, &(10..20)), vec![(0, "p. 2".to_owned())]);
        assert_eq!(marks_in(&s, &(20..40)), vec![(5, "p. 3".to_owned())]);
    }
}
