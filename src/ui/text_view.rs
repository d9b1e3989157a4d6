//! The reading and tagging surface: its state (selection, caret, scroll, the span index), the
//! text column, and the frame that lays out the visible paragraphs. Painting is in
//! `text_paint.rs`, the pointer in `text_pointer.rs`.

use egui::{Color32, Pos2, Rect, Sense, Ui};

use super::actions::*;
use super::paragraph_layout::{ParagraphLayout, Shaped};
use crate::model::{parse_hex_color, Document, LabelSchema};
use crate::session::Session;
use crate::span_index::SpanIndex;

/// The highest underline lane; more deeply nested spans share it (their backgrounds still stack).
pub(super) const MAX_LANE: usize = 2;

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
    /// A view that only reads (the comparison): clicks and drags select, nothing is changed.
    pub read_only: bool,
    /// Layout for the shown document, keyed by its hash and position in the project.
    pub layout: Option<(String, ParagraphLayout)>,
    /// The selected text range `[start, end)` in code points, ready to be tagged.
    pub selection: Option<(usize, usize)>,
    /// Keyboard caret, in code points.
    pub caret: usize,
    /// Where a keyboard (Shift+arrow) selection started.
    pub key_anchor: Option<usize>,
    /// Where the current mouse drag started.
    pub(super) drag_anchor: Option<usize>,
    /// Where the primary button went down over the text, read from the raw events, for a press,
    /// move and release so quick that they arrive within one frame (egui then reports no drag).
    pub(super) raw_press: Option<Pos2>,
    /// The selected annotation.
    pub selected: Option<u64>,
    /// Scroll so this code point is in view on the next frame.
    pub scroll_to: Option<usize>,
    /// Span index and the session revision it was built for.
    pub(super) index: Option<(u64, SpanIndex)>,
    /// Relations touching each annotation id, rebuilt with the span index.
    pub(super) relations_of: std::collections::HashMap<u64, Vec<usize>>,
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
    /// Suggestions of the shown document to draw (dashed outlines, links as dashed lines).
    pub suggestion_marks: Vec<SuggestionMark>,
    /// The longest reach of a mark (its length, or a link's distance to its other end), so
    /// painting can skip to the marks near a paragraph.
    pub suggestion_reach: usize,
    /// Suggestions painted in the last frame: (index in `suggestion_marks`, screen rect).
    pub painted_suggestions: Vec<(usize, Rect)>,
    /// Where suggested links' other ends were painted last frame: (index, screen rect).
    pub painted_link_ends: Vec<(usize, Rect)>,
    /// The suggestion clicked last frame (index in `suggestion_marks`), for its popup.
    pub clicked_suggestion: Option<(usize, Pos2)>,
    /// The screen rect the document was shown in last frame.
    pub viewport: Rect,
    /// The top and bottom of what was shown last frame, and the document's height (in document
    /// coordinates), so a drag scrolls only where there is more to show.
    pub(super) scroll: (f32, f32, f32),
    /// Left edge of the text column within the view (centred in wide windows).
    pub(super) column_pad: f32,
    /// The document shown (its reading key) and where the reader is in it, updated every frame.
    pub place: Option<(String, crate::ui::prefs::ReadingPlace)>,
    /// Where to put the reader when a document is shown for the first time in this view: its
    /// saved place, or the top when `None`.
    pub restore: Option<crate::ui::prefs::ReadingPlace>,
    /// How particular annotations are drawn instead of by their label and review status (the
    /// comparison view: the lane in the agreement class's colour, decided cases settled).
    pub span_styles: std::collections::HashMap<u64, SpanStyle>,
    /// Visible paragraphs of the last frame: (paragraph, screen origin, galley).
    pub(super) place_cache: Vec<(usize, Pos2, Shaped)>,
}

/// A suggestion as the text view draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestionMark {
    /// Its span in code points (for a link, the quote's).
    pub start: usize,
    pub end: usize,
    /// The label it suggests (for a link, the quote's label colours it).
    pub label: String,
    /// For a link: the other end's span.
    pub to: Option<(usize, usize)>,
    /// The one the keyboard is on.
    pub current: bool,
}

impl Default for TextViewState {
    fn default() -> Self {
        Self {
            read_only: false,
            suggestion_marks: Vec::new(),
            painted_suggestions: Vec::new(),
            painted_link_ends: Vec::new(),
            suggestion_reach: 0,
            clicked_suggestion: None,
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
    /// True when the last frame painted some of the document's text.
    pub fn has_painted_text(&self) -> bool {
        !self.place_cache.is_empty()
    }

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
            suggestion_marks: std::mem::take(&mut self.suggestion_marks),
            read_only: self.read_only,
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
        super::text_paint::paint_visible(ui, doc, session, state, content, visible.clone(), dark);
        super::text_pointer::handle_pointer(ui, doc, state, &response, snap_words, actions);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_column_is_centred_and_never_too_wide() {
        let (pad, wrap) = column(2560.0, 16.0);
        assert_eq!(wrap, 640.0);
        assert_eq!(pad, (2560.0 - 640.0) / 2.0);
        let (pad, wrap) = column(500.0, 16.0);
        assert_eq!((pad, wrap), (MARGIN, 500.0 - 2.0 * MARGIN));
    }
}
