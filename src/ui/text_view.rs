//! The reading and tagging surface: virtualized paragraphs, highlights painted as shapes under
//! plain-text galleys, mouse selection with word snapping, and hit-testing through the span index.

use egui::{Color32, Pos2, Rect, Sense, Stroke, Ui};

use super::actions::Action;
use super::paragraph_layout::{ParagraphLayout, Shaped};
use super::session::Session;
use crate::model::{parse_hex_color, Document, Fragment, LabelSchema, ReviewStatus};
use crate::span_index::SpanIndex;
use crate::span_snap::{paragraph_at, snap_span, word_at, Snap};

/// The highest underline lane; more deeply nested spans share it (their backgrounds still stack).
const MAX_LANE: usize = 2;

/// Left and right margin of the text, in points.
const MARGIN: f32 = 16.0;
/// The longest line, in multiples of the text size (about 80 characters of running text): wider
/// windows centre the column instead of stretching lines past easy reading.
const MAX_LINE_EMS: f32 = 40.0;

/// The text column for a view `width` wide: (left padding, wrap width).
fn column(width: f32, text_size: f32) -> (f32, f32) {
    let wrap = (width - 2.0 * MARGIN)
        .min(text_size * MAX_LINE_EMS)
        .max(60.0);
    let pad = ((width - wrap) / 2.0).max(MARGIN.min(width / 2.0));
    (pad, wrap)
}

/// Presentation state of the text view; the model lives in [`Session`].
pub struct TextViewState {
    /// Layout for the shown document, keyed by its hash and position in the project.
    pub layout: Option<(String, ParagraphLayout)>,
    /// The selected text range `[start, end)` in code points, ready to be tagged.
    pub selection: Option<(usize, usize)>,
    /// Keyboard caret, in code points.
    pub caret: usize,
    /// Where a keyboard (Shift+arrow) selection started.
    pub key_anchor: Option<usize>,
    /// Where the current mouse drag started.
    drag_anchor: Option<usize>,
    /// Where the primary button went down over the text, read from the raw events, for a press,
    /// move and release so quick that they arrive within one frame (egui then reports no drag).
    raw_press: Option<Pos2>,
    /// The selected annotation.
    pub selected: Option<u64>,
    /// Scroll so this code point is in view on the next frame.
    pub scroll_to: Option<usize>,
    /// Span index and the session revision it was built for.
    index: Option<(u64, SpanIndex)>,
    /// Relations touching each annotation id, rebuilt with the span index.
    relations_of: std::collections::HashMap<u64, Vec<usize>>,
    /// Linking mode: the annotation a new relation starts from.
    pub linking_from: Option<u64>,
    /// Find matches to highlight, sorted.
    pub find_matches: Vec<(usize, usize)>,
    /// The current find match.
    pub find_current: Option<usize>,
    /// With a label here, releasing a selection tags it at once.
    pub sticky_label: Option<String>,
    /// Highlights painted in the last frame: (annotation id, screen rect). For tests and hover.
    pub painted: Vec<(u64, Rect)>,
    /// The screen rect the document was shown in last frame.
    pub viewport: Rect,
    /// The top and bottom of what was shown last frame, and the document's height (in document
    /// coordinates), so a drag scrolls only where there is more to show.
    scroll: (f32, f32, f32),
    /// Left edge of the text column within the view (centred in wide windows).
    column_pad: f32,
    /// The document shown (its reading key) and where the reader is in it, updated every frame.
    pub place: Option<(String, crate::ui::prefs::ReadingPlace)>,
    /// Where to put the reader when a document is shown for the first time in this view: its
    /// saved place, or the top when `None`.
    pub restore: Option<crate::ui::prefs::ReadingPlace>,
    /// How particular annotations are drawn instead of by their label and review status (the
    /// comparison view: the lane in the agreement class's colour, decided cases settled).
    pub span_styles: std::collections::HashMap<u64, SpanStyle>,
    /// Visible paragraphs of the last frame: (paragraph, screen origin, galley).
    place_cache: Vec<(usize, Pos2, Shaped)>,
}

impl Default for TextViewState {
    fn default() -> Self {
        Self {
            layout: None,
            selection: None,
            caret: 0,
            key_anchor: None,
            drag_anchor: None,
            raw_press: None,
            selected: None,
            scroll_to: None,
            index: None,
            find_matches: Vec::new(),
            find_current: None,
            sticky_label: None,
            painted: Vec::new(),
            viewport: Rect::NOTHING,
            relations_of: std::collections::HashMap::new(),
            linking_from: None,
            place: None,
            restore: None,
            span_styles: std::collections::HashMap::new(),
            scroll: (0.0, 0.0, 0.0),
            column_pad: MARGIN,
            place_cache: Vec::new(),
        }
    }
}

impl TextViewState {
    /// The code point range of the paragraphs drawn in the last frame.
    pub fn visible_chars(&self) -> Option<(usize, usize)> {
        let layout = &self.layout.as_ref()?.1;
        let first = self.place_cache.first()?.0;
        let last = self.place_cache.last()?.0;
        Some((
            layout.paragraphs.chars[first].start,
            layout.paragraphs.chars[last].end,
        ))
    }

    /// Paragraph `i` as drawn in the last frame: its screen origin and layout (for tests, and
    /// for tools that need the glyph geometry).
    pub fn drawn_paragraph(&self, i: usize) -> Option<(Pos2, Shaped)> {
        self.place_cache
            .iter()
            .find(|p| p.0 == i)
            .map(|p| (p.1, p.2.clone()))
    }

    /// Forget everything tied to the previous document.
    /// Forget everything about the shown document but the sticky label, the reading place (which
    /// the app saves for the document that was shown) and the span styles (a comparison's, for
    /// every document it shows).
    pub fn reset(&mut self) {
        *self = Self {
            sticky_label: self.sticky_label.take(),
            place: self.place.take(),
            span_styles: std::mem::take(&mut self.span_styles),
            ..Self::default()
        };
    }

    /// The span index for the session's current document, rebuilt after any change.
    pub fn span_index(&mut self, session: &Session) -> &SpanIndex {
        let stale = self
            .index
            .as_ref()
            .is_none_or(|(rev, _)| *rev != session.revision);
        if stale {
            let index = session
                .document()
                .map(|d| SpanIndex::new(&d.annotations))
                .unwrap_or_default();
            self.index = Some((session.revision, index));
            self.relations_of.clear();
            if let Some(doc) = session.document() {
                for (i, r) in doc.relations.iter().enumerate() {
                    self.relations_of.entry(r.from).or_default().push(i);
                    self.relations_of.entry(r.to).or_default().push(i);
                }
            }
        }
        match &self.index {
            Some((_, index)) => index,
            None => unreachable_index(),
        }
    }

    /// Select annotation `id` and scroll to it.
    pub fn select_annotation(&mut self, doc: &Document, id: u64) {
        if let Some(ann) = doc.annotation(id) {
            self.selected = Some(id);
            self.selection = None;
            self.scroll_to = Some(ann.start());
            self.caret = ann.start();
        }
    }

    fn layout_for(&mut self, session: &Session) -> Option<&mut ParagraphLayout> {
        let doc = session.document()?;
        let key = format!("{}#{}", doc.sha256(), session.document);
        if self.layout.as_ref().is_none_or(|(k, _)| *k != key) {
            self.layout = Some((key, ParagraphLayout::new(doc.text())));
        }
        self.layout.as_mut().map(|(_, l)| l)
    }
}

fn unreachable_index() -> &'static SpanIndex {
    static EMPTY: std::sync::OnceLock<SpanIndex> = std::sync::OnceLock::new();
    EMPTY.get_or_init(SpanIndex::default)
}

/// A drawing style that overrides an annotation's own (see [`TextViewState::span_styles`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpanStyle {
    /// The underline lane's colour (the fill keeps the label's).
    pub lane: Color32,
    /// `Some(true)`: kept (an outline in the lane colour); `Some(false)`: dropped (a faint fill
    /// and a thin lane, not the struck-through look of a rejected annotation); `None`: open.
    pub settled: Option<bool>,
}

/// The colour of a label, falling back to grey for labels missing from the schema.
pub fn label_color(schema: &LabelSchema, label: &str) -> Color32 {
    schema
        .label(label)
        .and_then(|l| parse_hex_color(&l.color))
        .map_or(Color32::GRAY, |[r, g, b]| Color32::from_rgb(r, g, b))
}

/// Split highlight pieces `(annotation, start, end)` into stretches that each take the fill of the
/// shortest span covering them (the innermost), so no two fills overlap. Neighbouring stretches
/// of one annotation are joined.
pub fn innermost_fills(
    pieces: &[(usize, usize, usize)],
    span_len: impl Fn(usize) -> usize,
) -> Vec<(usize, usize, usize)> {
    let mut cuts: Vec<usize> = pieces.iter().flat_map(|p| [p.1, p.2]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let best = pieces
            .iter()
            .filter(|p| p.1 <= a && b <= p.2)
            .min_by_key(|p| (span_len(p.0), std::cmp::Reverse(p.1)));
        let Some(&(ai, _, _)) = best else { continue };
        match out.last_mut() {
            Some(last) if last.0 == ai && last.2 == a => last.2 = b,
            _ => out.push((ai, a, b)),
        }
    }
    out
}

/// Give overlapping spans different lanes: each span takes the lowest lane free over its range.
/// Returns one lane per input, in input order. Input: (start, end) pairs.
pub fn assign_lanes(spans: &[(usize, usize)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].0, std::cmp::Reverse(spans[i].1)));
    let mut lanes = vec![0; spans.len()];
    let mut lane_ends: Vec<usize> = Vec::new();
    for i in order {
        let (start, end) = spans[i];
        let lane = lane_ends
            .iter()
            .position(|&e| e <= start)
            .unwrap_or(lane_ends.len());
        if lane == lane_ends.len() {
            lane_ends.push(end);
        } else {
            lane_ends[lane] = end;
        }
        lanes[i] = lane;
    }
    lanes
}

/// Show the document and handle pointer interaction. Model changes are pushed as actions.
pub fn text_view_ui(
    ui: &mut Ui,
    session: &Session,
    state: &mut TextViewState,
    text_size: f32,
    snap_words: bool,
    actions: &mut Vec<Action>,
) {
    let Some(doc) = session.document() else {
        ui.centered_and_justified(|ui| {
            ui.label("No document. Open a project or an article (Ctrl+O).")
        });
        return;
    };
    state.span_index(session);
    let dark = ui.visuals().dark_mode;
    let mut scroll_target = state.scroll_to.take();
    // A document shown for the first time opens at the top, or where its reader left it; never
    // at the scroll offset of whatever was shown before. Each document scrolls on its own state,
    // so the bounds of one never clamp the offset of another.
    let key = crate::ui::prefs::reading_key(doc);
    let mut scroll_area = egui::ScrollArea::vertical()
        .auto_shrink(false)
        .id_salt(("text_view", &key));
    // A layout made this frame has no heights yet: estimate them for this width, so a scroll
    // target (a saved place, a find result in another document) lands where it will be drawn.
    let estimate_width = column(
        ui.available_width() - ui.spacing().scroll.allocated_width(),
        text_size,
    )
    .1;
    if let Some(layout) = state.layout_for(session) {
        if !layout.has_begun() {
            layout.begin_frame(estimate_width, text_size, dark);
        }
    }
    if state.place.as_ref().is_none_or(|(k, _)| *k != key) {
        let place = state.restore.take().unwrap_or_default();
        state.caret = place.caret.min(doc.char_len());
        state.place = Some((key, place));
        if scroll_target.is_none() {
            let y = state.layout_for(session).map_or(0.0, |layout| {
                let para = layout.paragraphs.containing(place.top);
                layout.top_of(para)
            });
            scroll_area = scroll_area.vertical_scroll_offset(y);
        }
    }
    if let Some(target) = scroll_target.take() {
        if let Some(layout) = state.layout_for(session) {
            let para = layout.paragraphs.containing(target);
            let y = layout.top_of(para);
            let viewport_h = state.viewport.height().max(200.0);
            scroll_area = scroll_area.vertical_scroll_offset((y - viewport_h / 3.0).max(0.0));
        }
    }
    scroll_area.show_viewport(ui, |ui, viewport| {
        let width = ui.available_width();
        let (pad, wrap) = column(width, text_size);
        state.column_pad = pad;
        let Some(layout) = state.layout_for(session) else {
            return;
        };
        layout.begin_frame(wrap, text_size, dark);
        let total = layout.total_height();
        let (content, response) =
            ui.allocate_exact_size(egui::vec2(width, total), Sense::click_and_drag());
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, "Document text"));
        let visible = layout.visible(viewport.min.y, viewport.max.y);
        let top = layout
            .paragraphs
            .chars
            .get(visible.start)
            .map_or(0, |r| r.start);
        let caret = state.caret;
        if let Some((_, place)) = state.place.as_mut() {
            *place = crate::ui::prefs::ReadingPlace { top, caret };
        }
        state.viewport = Rect::from_min_size(content.min + viewport.min.to_vec2(), viewport.size());
        state.scroll = (viewport.min.y, viewport.max.y, total);
        paint_visible(ui, doc, session, state, content, visible.clone(), dark);
        handle_pointer(ui, doc, state, content, &response, snap_words, actions);
    });
}

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

fn paint_visible(
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
    let schema = &session.project.schema;
    let index = state.index.as_ref().map(|(_, i)| i);
    state.painted.clear();
    let Some((_, layout)) = state.layout.as_ref() else {
        return;
    };
    let text_color = super::palette::document_text(dark);
    for p in &placed {
        let range = layout.paragraphs.chars[p.index].clone();
        let hits = index
            .map(|ix| ix.query(range.start, range.end.max(range.start + 1)))
            .unwrap_or_default();
        // Clip every fragment to this paragraph; remember which annotation it belongs to.
        let mut pieces = Vec::new();
        for &ai in &hits {
            let ann = &doc.annotations[ai];
            for f in &ann.fragments {
                let (a, b) = (f.start.max(range.start), f.end.min(range.end));
                if a < b {
                    pieces.push((ai, a - range.start, b - range.start));
                }
            }
        }
        let spans: Vec<(usize, usize)> = pieces
            .iter()
            .map(|&(ai, _, _)| (doc.annotations[ai].start(), doc.annotations[ai].end()))
            .collect();
        let lanes = assign_lanes(&spans);
        let band_of = |r: Rect| {
            Rect::from_min_max(
                Pos2::new(r.left(), r.top() + r.height() * 0.12),
                Pos2::new(r.right(), r.bottom() - r.height() * 0.12),
            )
        };
        // One fill per character, the innermost span's: fills never stack into colours that
        // belong to no label, and text on them keeps its contrast. Outer spans show by their
        // underline lanes.
        let span_len = |ai: usize| doc.annotations[ai].end() - doc.annotations[ai].start();
        for (ai, a, b) in innermost_fills(&pieces, span_len) {
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
                    painter.rect_stroke(
                        band,
                        2.0,
                        Stroke::new(1.0, color),
                        egui::StrokeKind::Inside,
                    );
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
        // Find matches.
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
        painter.galley(p.origin, p.galley.galley.clone(), text_color);
        // Text selection.
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
        // Caret.
        if state.selected.is_none() && range.contains(&state.caret)
            || (state.caret == range.end && state.selected.is_none())
        {
            let local = state.caret.saturating_sub(range.start).min(range.len());
            let c = p.galley.caret_rect(local).translate(p.origin.to_vec2());
            painter.line_segment(
                [c.left_top(), c.left_bottom()],
                Stroke::new(1.5, ui.visuals().text_cursor.stroke.color),
            );
        }
    }
    paint_relations(ui, doc, schema, state);
    state.place_cache = placed
        .into_iter()
        .map(|p| (p.index, p.origin, p.galley))
        .collect();
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

fn handle_pointer(
    ui: &mut Ui,
    doc: &Document,
    state: &mut TextViewState,
    content: Rect,
    response: &egui::Response,
    snap_words: bool,
    actions: &mut Vec<Action>,
) {
    let to_char = |state: &TextViewState, pos: Pos2| -> Option<(usize, bool)> {
        // (code point, whether the pointer is over a character rather than past a line end)
        let layout = &state.layout.as_ref()?.1;
        let placed = &state.place_cache;
        let first = placed.first()?;
        let mut chosen = first;
        for p in placed {
            if p.1.y <= pos.y {
                chosen = p;
            }
        }
        let (i, origin, galley) = chosen;
        let range = layout.paragraphs.chars[*i].clone();
        let local = pos - *origin;
        let cursor = galley.cursor_at(local).min(range.len());
        let inside = local.y >= 0.0 && local.y <= galley.size().y && local.x <= galley.size().x;
        Some((range.start + cursor, inside))
    };
    let _ = content;
    let modifiers = ui.input(|i| i.modifiers);

    if response.drag_started() {
        if let Some(origin) = ui.input(|i| i.pointer.press_origin()) {
            state.drag_anchor = to_char(state, origin).map(|c| c.0);
        }
    }
    if response.dragged() {
        if let (Some(anchor), Some(pos)) = (state.drag_anchor, response.interact_pointer_pos()) {
            if let Some((head, _)) = to_char(state, pos) {
                state.selection = Some((anchor.min(head), anchor.max(head)));
            }
            // Scroll when dragging at the top or bottom edge, where there is more to show.
            let vp = state.viewport;
            let edge = 10.0;
            if pos.y > vp.bottom() - edge && state.scroll.1 < state.scroll.2 - 0.5 {
                ui.scroll_with_delta(egui::vec2(0.0, -12.0));
            } else if pos.y < vp.top() + edge && state.scroll.0 > 0.5 {
                ui.scroll_with_delta(egui::vec2(0.0, 12.0));
            }
        }
    }
    if response.drag_stopped() {
        if let Some((s, e)) = state.selection.take() {
            finish_drag(doc, state, s, e, modifiers, snap_words, actions);
        }
        state.drag_anchor = None;
    }
    // A drag whose press and release came within one frame: egui saw neither a drag nor a
    // click, so select from the press to the release here.
    let click_dist = ui.ctx().options(|o| o.input_options.max_click_dist);
    let quick_drag = ui.input(|i| {
        let mut quick = None;
        for event in &i.raw.events {
            if let egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                ..
            } = event
            {
                if *pressed {
                    state.raw_press = response.rect.contains(*pos).then_some(*pos);
                } else if let Some(start) = state.raw_press.take() {
                    let moved = (*pos - start).length() > click_dist;
                    if moved && state.drag_anchor.is_none() && !response.drag_stopped() {
                        quick = Some((start, *pos));
                    }
                }
            }
        }
        quick
    });
    if let Some((from, to)) = quick_drag {
        if let (Some((a, _)), Some((b, _))) = (to_char(state, from), to_char(state, to)) {
            finish_drag(
                doc,
                state,
                a.min(b),
                a.max(b),
                modifiers,
                snap_words,
                actions,
            );
        }
    }
    if response.triple_clicked() {
        if let Some((at, _)) = response
            .interact_pointer_pos()
            .and_then(|p| to_char(state, p))
        {
            state.selection = paragraph_at(doc.text(), doc.offsets(), at);
            state.selected = None;
        }
    } else if response.double_clicked() {
        if let Some((at, _)) = response
            .interact_pointer_pos()
            .and_then(|p| to_char(state, p))
        {
            state.selection = word_at(doc.text(), doc.offsets(), at);
            state.selected = None;
        }
    } else if response.clicked() {
        if let Some(pos) = response.interact_pointer_pos() {
            let hit = hit_annotation(state, doc, pos);
            match hit {
                // Linking mode, or Alt+click from the selected annotation: link to this one.
                Some(id)
                    if state.linking_from.is_some_and(|from| from != id)
                        || (modifiers.alt && state.selected.is_some_and(|s| s != id)) =>
                {
                    let from = state.linking_from.or(state.selected).unwrap_or(id);
                    actions.push(Action::AddRelation(from, id));
                    state.linking_from = None;
                    state.selected = Some(from);
                }
                Some(id) => {
                    state.selected = Some(id);
                    state.selection = None;
                }
                None => {
                    state.selected = None;
                    state.selection = None;
                    if let Some((at, _)) = to_char(state, pos) {
                        state.caret = at;
                        state.key_anchor = None;
                    }
                }
            }
        }
    }
    // Hover: label, note and author of what is under the pointer.
    if let Some(pos) = response.hover_pos() {
        let under: Vec<u64> = state
            .painted
            .iter()
            .filter(|(_, r)| r.contains(pos))
            .map(|(id, _)| *id)
            .collect();
        if !under.is_empty() {
            let mut lines = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for id in under {
                if !seen.insert(id) {
                    continue;
                }
                if let Some(ann) = doc.annotation(id) {
                    let mut line = format!("{} — by {}", ann.label, ann.author);
                    if ann.review.status != ReviewStatus::Pending {
                        line.push_str(&format!(" [{}]", ann.review.status.as_str()));
                    }
                    if let Some(note) = &ann.note {
                        line.push_str(&format!("\n    {note}"));
                    }
                    lines.push(line);
                }
            }
            response.clone().on_hover_text_at_pointer(lines.join("\n"));
        }
    }
}

/// A drag selected `[s, e)`: snap it to words (unless Alt), then make it the selection (tagging
/// it at once in sticky-label mode), or with Ctrl add it as a fragment of the selected annotation.
fn finish_drag(
    doc: &Document,
    state: &mut TextViewState,
    s: usize,
    e: usize,
    modifiers: egui::Modifiers,
    snap_words: bool,
    actions: &mut Vec<Action>,
) {
    let mode = if snap_words && !modifiers.alt {
        Snap::Word
    } else {
        Snap::Character
    };
    let Some((a, b)) = snap_span(doc.text(), doc.offsets(), s, e, mode) else {
        return;
    };
    if modifiers.command {
        if let Some(id) = state.selected {
            actions.push(Action::AddFragment(id, Fragment::new(a, b)));
        }
    } else {
        state.selection = Some((a, b));
        state.selected = None;
        state.caret = b;
        if let Some(label) = state.sticky_label.clone() {
            actions.push(Action::TagSelection(label));
        }
    }
}

/// The annotation under `pos`; a repeated click on stacked spans cycles through them,
/// starting with the innermost.
fn hit_annotation(state: &TextViewState, doc: &Document, pos: Pos2) -> Option<u64> {
    let layout = &state.layout.as_ref()?.1;
    let index = &state.index.as_ref()?.1;
    let (i, origin, galley) = state.place_cache.iter().rev().find(|p| p.1.y <= pos.y)?;
    let local = pos - *origin;
    if local.y > galley.size().y || local.x > galley.size().x {
        return None;
    }
    let range = layout.paragraphs.chars[*i].clone();
    let at = range.start + galley.char_under(local).min(range.len());
    let mut hits: Vec<&crate::model::Annotation> = index
        .query(at, at + 1)
        .into_iter()
        .map(|ai| &*doc.annotations[ai])
        .filter(|a| a.fragments.iter().any(|f| f.start <= at && at < f.end))
        .collect();
    if hits.is_empty() {
        return None;
    }
    hits.sort_by_key(|a| (a.end() - a.start(), a.id));
    let next = match state
        .selected
        .and_then(|sel| hits.iter().position(|a| a.id == sel))
    {
        Some(k) => (k + 1) % hits.len(),
        None => 0,
    };
    Some(hits[next].id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_spans_take_separate_lanes_and_the_innermost_fill() {
        // A quote [0, 20) with a name [5, 9) inside and a claim [15, 30) overlapping its end.
        let spans = [(0, 20), (5, 9), (15, 30)];
        let lanes = assign_lanes(&spans);
        assert_eq!(lanes[0], 0);
        assert_ne!(
            lanes[1], lanes[0],
            "the name inside the quote has its own lane"
        );
        assert_ne!(lanes[2], lanes[0], "overlapping spans never share a lane");
        let pieces = [(0, 0, 20), (1, 5, 9), (2, 15, 30)];
        let len = |ai: usize| spans[ai].1 - spans[ai].0;
        assert_eq!(
            innermost_fills(&pieces, len),
            vec![(0, 0, 5), (1, 5, 9), (0, 9, 15), (2, 15, 30)],
            "every character has one fill, the shortest span's"
        );
    }

    #[test]
    fn the_text_column_is_centred_and_never_too_wide() {
        let (pad, wrap) = column(2560.0, 16.0);
        assert_eq!(wrap, 640.0);
        assert_eq!(pad, (2560.0 - 640.0) / 2.0);
        let (pad, wrap) = column(500.0, 16.0);
        assert_eq!((pad, wrap), (MARGIN, 500.0 - 2.0 * MARGIN));
    }
}
