//! Painting the visible paragraphs: label fills (the innermost span's, never stacked), underline
//! lanes, outlines for accepted and selected spans, find boxes, the selection, the caret, and the
//! links between spans.

use egui::{Color32, Pos2, Rect, Stroke, Ui};

use super::paragraph_layout::Shaped;
use super::text_view::{label_color, TextViewState, MAX_LANE};
use crate::lanes::{assign_lanes, innermost_fills};
use crate::model::{parse_hex_color, Document, LabelSchema, ReviewStatus};
use crate::session::Session;

/// Geometry of one visible paragraph.
struct PlacedParagraph {
    index: usize,
    origin: Pos2,
    galley: Shaped,
}

fn place_visible(
    ui: &Ui,
    doc: &Document,
    state: &mut TextViewState,
    content: Rect,
    visible: std::ops::Range<usize>,
) -> Vec<PlacedParagraph> {
    let pad = state.column_pad;
    let Some((_, layout)) = state.layout.as_mut() else {
        return Vec::new();
    };
    let mut placed = Vec::with_capacity(visible.len());
    for i in visible {
        let galley = layout.galley(ui, i, doc.text());
        let origin = Pos2::new(content.left() + pad, content.top() + layout.top_of(i));
        placed.push(PlacedParagraph {
            index: i,
            origin,
            galley,
        });
    }
    placed
}

pub(super) fn paint_visible(
    ui: &mut Ui,
    doc: &Document,
    session: &Session,
    state: &mut TextViewState,
    content: Rect,
    visible: std::ops::Range<usize>,
    dark: bool,
) {
    let placed = place_visible(ui, doc, state, content, visible);
    let painter = ui.painter();
    let schema = &&session.project().schema;
    state.painted.clear();
    state.painted_suggestions.clear();
    state.painted_link_ends.clear();
    let Some((_, layout)) = state.layout.as_ref() else {
        return;
    };
    let ranges: Vec<std::ops::Range<usize>> = placed
        .iter()
        .map(|p| layout.paragraphs.chars[p.index].clone())
        .collect();
    let text_color = super::palette::document_text(dark);
    for (p, range) in placed.iter().zip(ranges) {
        let pieces = pieces_in(doc, state, &range);
        paint_fills(painter, doc, schema, state, p, &pieces, dark);
        paint_lanes(painter, doc, schema, state, p, &pieces, text_color);
        paint_find_matches(painter, state, p, &range);
        paint_suggestions(painter, schema, state, p, &range);
        painter.galley(p.origin, p.galley.galley.clone(), text_color);
        let marks = super::section_marks::marks_in(&doc.source.structure, &range);
        let right = content.right() - 4.0;
        super::section_marks::paint_marks(painter, &marks, p.origin, &p.galley, right, dark);
        paint_selection_and_caret(ui, state, p, &range);
    }
    paint_relations(ui, doc, schema, state);
    paint_suggested_links(painter, schema, state);
    state.place_cache = placed
        .into_iter()
        .map(|p| (p.index, p.origin, p.galley))
        .collect();
}

/// The pieces of annotations in the paragraph `range`: (annotation index, start, end), each
/// fragment clipped to the paragraph, offsets relative to it.
fn pieces_in(
    doc: &Document,
    state: &TextViewState,
    range: &std::ops::Range<usize>,
) -> Vec<(usize, usize, usize)> {
    let hits = state
        .index
        .as_ref()
        .map(|(_, ix)| ix.query(range.start, range.end.max(range.start + 1)))
        .unwrap_or_default();
    let mut pieces = Vec::new();
    for &ai in &hits {
        for f in &doc.annotations[ai].fragments {
            let (a, b) = (f.start.max(range.start), f.end.min(range.end));
            if a < b {
                pieces.push((ai, a - range.start, b - range.start));
            }
        }
    }
    pieces
}

/// The band a highlight fills: a little less than the row's height.
fn band_of(r: Rect) -> Rect {
    Rect::from_min_max(
        Pos2::new(r.left(), r.top() + r.height() * 0.12),
        Pos2::new(r.right(), r.bottom() - r.height() * 0.12),
    )
}

/// One fill per character, the innermost span's: fills never stack into colours that belong to
/// no label, and text on them keeps its contrast. Outer spans show by their underline lanes.
fn paint_fills(
    painter: &egui::Painter,
    doc: &Document,
    schema: &LabelSchema,
    state: &TextViewState,
    p: &PlacedParagraph,
    pieces: &[(usize, usize, usize)],
    dark: bool,
) {
    let span_len = |ai: usize| doc.annotations[ai].end() - doc.annotations[ai].start();
    for (ai, a, b) in innermost_fills(pieces, span_len) {
        let ann = &doc.annotations[ai];
        let color = label_color(schema, &ann.label);
        let faint = match state.span_styles.get(&ann.id) {
            Some(style) => style.settled == Some(false),
            None => ann.review.status == ReviewStatus::Rejected,
        };
        let fill = super::palette::highlight_fill(color, dark, faint);
        for r in p.galley.range_rects(a, b) {
            painter.rect_filled(band_of(r.translate(p.origin.to_vec2())), 2.0, fill);
        }
    }
}

/// Underline lanes (nested spans stack upwards), outlines of accepted and selected spans, the
/// strike of rejected ones; records where each annotation was painted.
fn paint_lanes(
    painter: &egui::Painter,
    doc: &Document,
    schema: &LabelSchema,
    state: &mut TextViewState,
    p: &PlacedParagraph,
    pieces: &[(usize, usize, usize)],
    text_color: Color32,
) {
    let spans: Vec<(usize, usize)> = pieces
        .iter()
        .map(|&(ai, _, _)| (doc.annotations[ai].start(), doc.annotations[ai].end()))
        .collect();
    let lanes = assign_lanes(&spans);
    for (&(ai, a, b), &lane) in pieces.iter().zip(&lanes) {
        let ann = &doc.annotations[ai];
        let style = state.span_styles.get(&ann.id).copied();
        let color = style.map_or_else(|| label_color(schema, &ann.label), |s| s.lane);
        let rejected = style.is_none() && ann.review.status == ReviewStatus::Rejected;
        let accepted = match style {
            Some(s) => s.settled == Some(true),
            None => ann.review.status == ReviewStatus::Accepted,
        };
        let lane_width = if style.is_some_and(|s| s.settled == Some(false)) {
            1.0
        } else {
            2.0
        };
        for r in p.galley.range_rects(a, b) {
            let r = r.translate(p.origin.to_vec2());
            let band = band_of(r);
            // Lanes stack upwards under the glyphs; deeper nesting shares the top lane.
            let y = r.bottom() - 2.0 - lane.min(MAX_LANE) as f32 * 2.75;
            painter.line_segment(
                [Pos2::new(r.left(), y), Pos2::new(r.right(), y)],
                Stroke::new(lane_width, color),
            );
            // Accepted (or kept) work looks settled: its band is outlined.
            if accepted {
                painter.rect_stroke(band, 2.0, Stroke::new(1.0, color), egui::StrokeKind::Inside);
            }
            if rejected {
                let mid = r.center().y;
                painter.line_segment(
                    [Pos2::new(r.left(), mid), Pos2::new(r.right(), mid)],
                    Stroke::new(1.0, text_color),
                );
            }
            if state.selected == Some(ann.id) {
                painter.rect_stroke(
                    band.expand(1.5),
                    3.0,
                    Stroke::new(2.0, text_color),
                    egui::StrokeKind::Outside,
                );
            }
            state.painted.push((ann.id, r));
        }
    }
}

/// Boxes around the find matches in the paragraph, the current one bolder.
fn paint_find_matches(
    painter: &egui::Painter,
    state: &TextViewState,
    p: &PlacedParagraph,
    range: &std::ops::Range<usize>,
) {
    let first = state.find_matches.partition_point(|m| m.1 <= range.start);
    for (mi, &(s, e)) in state.find_matches.iter().enumerate().skip(first) {
        if s >= range.end {
            break;
        }
        let (a, b) = (
            s.max(range.start) - range.start,
            e.min(range.end) - range.start,
        );
        let current = state.find_current == Some(mi);
        for r in p.galley.range_rects(a, b) {
            let r = r.translate(p.origin.to_vec2());
            let stroke = if current {
                Stroke::new(2.5, Color32::from_rgb(255, 140, 0))
            } else {
                Stroke::new(1.5, Color32::from_rgb(220, 180, 0))
            };
            painter.rect_stroke(r, 2.0, stroke, egui::StrokeKind::Outside);
        }
    }
}

/// Suggestions: a dashed outline in the label's colour, never a fill, so they are never taken for
/// accepted work; the current one (the keyboard's) is drawn thicker.
fn paint_suggestions(
    painter: &egui::Painter,
    schema: &LabelSchema,
    state: &mut TextViewState,
    p: &PlacedParagraph,
    range: &std::ops::Range<usize>,
) {
    let rects = |start: usize, end: usize| -> Vec<Rect> {
        let (a, b) = (start.max(range.start), end.min(range.end));
        if a >= b {
            return Vec::new();
        }
        p.galley
            .range_rects(a - range.start, b - range.start)
            .into_iter()
            .map(|r| band_of(r.translate(p.origin.to_vec2())).expand(1.0))
            .collect()
    };
    // Marks are sorted by start: skip to the first that can reach this paragraph.
    let reach = state.suggestion_reach;
    let first = state
        .suggestion_marks
        .partition_point(|m| m.start + reach < range.start);
    for (i, mark) in state.suggestion_marks.iter().enumerate().skip(first) {
        if mark.start >= range.end && mark.to.is_none_or(|(s, _)| s >= range.end) {
            if mark.start >= range.end + reach {
                break;
            }
            continue;
        }
        let from = rects(mark.start, mark.end);
        if let Some((ts, te)) = mark.to {
            // A link: its ends are annotations or suggestions drawn on their own; only where
            // they are is remembered, for the dashed line.
            state
                .painted_link_ends
                .extend(rects(ts, te).into_iter().map(|r| (i, r)));
            state
                .painted_suggestions
                .extend(from.into_iter().map(|r| (i, r)));
            continue;
        }
        let color = label_color(schema, &mark.label);
        let width = if mark.current { 2.5 } else { 1.25 };
        for r in from {
            dashed_rect(painter, r, Stroke::new(width, color));
            state.painted_suggestions.push((i, r));
        }
    }
}

/// A rectangle of dashed lines.
fn dashed_rect(painter: &egui::Painter, r: Rect, stroke: Stroke) {
    let corners = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    painter.extend(egui::Shape::dashed_line(&corners, stroke, 4.0, 3.0));
}

/// Suggested links (a quote's speaker): a dashed line from the quote to the speaker, where both
/// were painted.
fn paint_suggested_links(painter: &egui::Painter, schema: &LabelSchema, state: &TextViewState) {
    for (i, mark) in state.suggestion_marks.iter().enumerate() {
        if mark.to.is_none() {
            continue;
        }
        let Some((_, from)) = state.painted_suggestions.iter().find(|(j, _)| *j == i) else {
            continue;
        };
        let Some((_, to)) = state.painted_link_ends.iter().find(|(j, _)| *j == i) else {
            continue;
        };
        let color = relation_color(schema, &mark.label);
        let width = if mark.current { 2.0 } else { 1.0 };
        painter.extend(egui::Shape::dashed_line(
            &[from.center_top(), to.center_top()],
            Stroke::new(width, color),
            5.0,
            4.0,
        ));
    }
}

/// The text selection over the glyphs, and the caret when no annotation is selected.
fn paint_selection_and_caret(
    ui: &Ui,
    state: &TextViewState,
    p: &PlacedParagraph,
    range: &std::ops::Range<usize>,
) {
    let painter = ui.painter();
    if let Some((s, e)) = state.selection {
        let (a, b) = (s.max(range.start), e.min(range.end));
        if a < b {
            for r in p.galley.range_rects(a - range.start, b - range.start) {
                painter.rect_filled(
                    r.translate(p.origin.to_vec2()),
                    0.0,
                    ui.visuals().selection.bg_fill.gamma_multiply(0.45),
                );
            }
        }
    }
    if state.selected.is_none() && (range.contains(&state.caret) || state.caret == range.end) {
        let local = state.caret.saturating_sub(range.start).min(range.len());
        let c = p.galley.caret_rect(local).translate(p.origin.to_vec2());
        painter.line_segment(
            [c.left_top(), c.left_bottom()],
            Stroke::new(1.5, ui.visuals().text_cursor.stroke.color),
        );
    }
}

/// The colour a relation kind is drawn in: palette colours after the labels', so a link never
/// takes the colour of a label ("related" and unknown kinds are grey).
pub fn relation_color(schema: &LabelSchema, kind: &str) -> Color32 {
    let Some(i) = schema.relations.iter().position(|k| k.name == kind) else {
        return Color32::from_gray(140);
    };
    let palette = crate::model::PALETTE;
    let used: Vec<&str> = schema.labels.iter().map(|l| l.color.as_str()).collect();
    let free: Vec<&&str> = palette
        .iter()
        .filter(|c| !used.iter().any(|u| u.eq_ignore_ascii_case(c)))
        .collect();
    let hex = free
        .get(i % free.len().max(1))
        .map_or(palette[i % palette.len()], |c| **c);
    parse_hex_color(hex).map_or(Color32::GRAY, |[r, g, b]| Color32::from_rgb(r, g, b))
}

/// Arrows from each visible relation's source span to its target span, in the kind's colour.
/// They leave and enter their spans from the top and travel in the gap above the lines, so they
/// cross as little text as they can; the selected annotation's links are drawn strong and
/// labelled with their kind, the labels placed so that none covers another.
fn paint_relations(ui: &Ui, doc: &Document, schema: &LabelSchema, state: &TextViewState) {
    if state.relations_of.is_empty() {
        return;
    }
    let mut first_rect: std::collections::HashMap<u64, Rect> = std::collections::HashMap::new();
    // In the order they were painted (document order), so the drawing never depends on a hash
    // map's order: overlapping arrows and label places are the same every frame and every run.
    let mut order = Vec::new();
    for (id, r) in &state.painted {
        if let std::collections::hash_map::Entry::Vacant(e) = first_rect.entry(*id) {
            e.insert(*r);
            order.push(*id);
        }
    }
    let mut drawn = std::collections::HashSet::new();
    let mut labels: Vec<Rect> = Vec::new();
    let painter = ui.painter();
    let background = ui.visuals().panel_fill;
    for id in &order {
        for &ri in state.relations_of.get(id).map(Vec::as_slice).unwrap_or(&[]) {
            if !drawn.insert(ri) {
                continue;
            }
            let Some(rel) = doc.relations.get(ri) else {
                continue;
            };
            let (Some(a), Some(b)) = (first_rect.get(&rel.from), first_rect.get(&rel.to)) else {
                continue;
            };
            let selected = state.selected.is_some_and(|s| s == rel.from || s == rel.to);
            let kind_color = relation_color(schema, &rel.kind);
            let color = if selected {
                kind_color
            } else {
                kind_color.gamma_multiply(0.45)
            };
            // From the top of each span up into the gap above its line.
            let inset = a.height() * 0.12;
            let start = Pos2::new(a.center().x, a.top() + inset);
            let end = Pos2::new(b.center().x, b.top() + inset);
            let gap = inset + 4.0;
            let c1 = Pos2::new(start.x, start.y - gap - 6.0);
            let c2 = Pos2::new(end.x, end.y - gap - 6.0);
            let stroke = Stroke::new(if selected { 2.0 } else { 1.2 }, color);
            painter.add(egui::epaint::CubicBezierShape::from_points_stroke(
                [start, c1, c2, end],
                false,
                Color32::TRANSPARENT,
                stroke,
            ));
            // Arrowhead at the target, along the curve's last tangent.
            let dir = (end - c2).normalized();
            let side = egui::vec2(-dir.y, dir.x) * 4.0;
            painter.add(egui::Shape::convex_polygon(
                vec![end, end - dir * 8.0 + side, end - dir * 8.0 - side],
                color,
                Stroke::NONE,
            ));
            if selected {
                // The curve's highest point, nudged up until the label covers no other.
                let peak = Pos2::new(
                    (start.x + 3.0 * c1.x + 3.0 * c2.x + end.x) / 8.0,
                    (start.y + 3.0 * c1.y + 3.0 * c2.y + end.y) / 8.0,
                );
                let font = egui::FontId::proportional(11.0);
                let galley = painter.layout_no_wrap(rel.kind.clone(), font, kind_color);
                let size = galley.size() + egui::vec2(6.0, 2.0);
                let mut rect = Rect::from_center_size(peak - egui::vec2(0.0, size.y / 2.0), size);
                for _ in 0..8 {
                    match labels.iter().find(|l| l.intersects(rect)) {
                        Some(other) => {
                            rect =
                                rect.translate(egui::vec2(0.0, other.top() - rect.bottom() - 1.0))
                        }
                        None => break,
                    }
                }
                painter.rect_filled(rect, 3.0, background.gamma_multiply(0.92));
                painter.galley(rect.min + egui::vec2(3.0, 1.0), galley, kind_color);
                labels.push(rect);
            }
        }
    }
}
