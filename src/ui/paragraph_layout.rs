//! The document cut into paragraphs, each laid out only when it scrolls into view and cached.
//!
//! Layout is the expensive part of showing text. Laying out the whole book at once costs
//! seconds; one paragraph costs microseconds. Heights of paragraphs not yet laid out are
//! estimated, and a prefix sum of heights turns a scroll position into a paragraph by binary search.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::{Galley, Rect, Ui};

use super::glyph_map::{self, CharBox, GlyphInfo};

/// Galleys kept when the cache is trimmed; enough for several screens of scrolling.
const MAX_CACHED_GALLEYS: usize = 600;

/// Where each paragraph (a line of the normalized text) lies, in code points and bytes.
#[derive(Debug, Clone, Default)]
pub struct Paragraphs {
    /// Code point range of each paragraph, without its `\n`.
    pub chars: Vec<Range<usize>>,
    /// Byte range of each paragraph, without its `\n`.
    pub bytes: Vec<Range<usize>>,
}

impl Paragraphs {
    /// Split `text` at every `\n`.
    pub fn new(text: &str) -> Self {
        let mut chars = Vec::new();
        let mut bytes = Vec::new();
        let (mut c0, mut b0, mut c) = (0, 0, 0);
        for (b, ch) in text.char_indices() {
            if ch == '\n' {
                chars.push(c0..c);
                bytes.push(b0..b);
                c0 = c + 1;
                b0 = b + 1;
            }
            c += 1;
        }
        chars.push(c0..c);
        bytes.push(b0..text.len());
        Self { chars, bytes }
    }

    /// Number of paragraphs.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// True when there are none (never, for a split text, but clippy asks).
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The paragraph holding code point `at` (a position on a `\n` belongs to the line it ends).
    pub fn containing(&self, at: usize) -> usize {
        self.chars
            .partition_point(|r| r.end < at)
            .min(self.len().saturating_sub(1))
    }
}

/// Font and width a layout was made for; a change invalidates every galley.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LayoutKey {
    wrap_width: f32,
    text_size: f32,
    dark: bool,
}

/// Cached galleys and heights for one document.
pub struct ParagraphLayout {
    /// The document's paragraphs.
    pub paragraphs: Paragraphs,
    heights: Vec<f32>,
    measured: Vec<bool>,
    prefix: Vec<f32>,
    prefix_dirty: bool,
    key: Option<LayoutKey>,
    galleys: HashMap<usize, (Shaped, u64)>,
    frame: u64,
    /// How many galleys were laid out since the document was opened (for tests and benchmarks).
    pub layouts_done: u64,
}

/// Space between paragraphs, in points.
pub const PARAGRAPH_GAP: f32 = 6.0;

impl ParagraphLayout {
    /// Prepare a layout for `text`; nothing is laid out yet.
    pub fn new(text: &str) -> Self {
        let paragraphs = Paragraphs::new(text);
        let n = paragraphs.len();
        Self {
            paragraphs,
            heights: vec![0.0; n],
            measured: vec![false; n],
            prefix: Vec::new(),
            prefix_dirty: true,
            key: None,
            galleys: HashMap::new(),
            frame: 0,
            layouts_done: 0,
        }
    }

    /// Line height for a text size, with room below the glyphs for stacked underline lanes.
    pub fn row_height(text_size: f32) -> f32 {
        (text_size * 1.8).round()
    }

    /// True once a frame has begun, so heights are estimated for some width.
    pub fn has_begun(&self) -> bool {
        self.key.is_some()
    }

    /// Start a frame at `wrap_width`; a change of width, size or theme drops all galleys.
    pub fn begin_frame(&mut self, wrap_width: f32, text_size: f32, dark: bool) {
        self.frame += 1;
        let key = LayoutKey {
            wrap_width: wrap_width.round(),
            text_size,
            dark,
        };
        if self.key != Some(key) {
            self.key = Some(key);
            self.galleys.clear();
            let row = Self::row_height(text_size);
            let chars_per_row = (wrap_width / (text_size * 0.5)).max(8.0);
            for (i, range) in self.paragraphs.chars.iter().enumerate() {
                let rows = ((range.len() as f32) / chars_per_row).ceil().max(1.0);
                self.heights[i] = rows * row + PARAGRAPH_GAP;
                self.measured[i] = false;
            }
            self.prefix_dirty = true;
        }
        if self.galleys.len() > MAX_CACHED_GALLEYS {
            let frame = self.frame;
            self.galleys.retain(|_, (_, used)| frame - *used < 3);
        }
    }

    fn ensure_prefix(&mut self) {
        if self.prefix_dirty {
            self.prefix.clear();
            self.prefix.reserve(self.heights.len() + 1);
            let mut y = 0.0;
            self.prefix.push(0.0);
            for h in &self.heights {
                y += h;
                self.prefix.push(y);
            }
            self.prefix_dirty = false;
        }
    }

    /// Total height of the document.
    pub fn total_height(&mut self) -> f32 {
        self.ensure_prefix();
        self.prefix.last().copied().unwrap_or(0.0)
    }

    /// Top of paragraph `i`, relative to the top of the document.
    pub fn top_of(&mut self, i: usize) -> f32 {
        self.ensure_prefix();
        self.prefix.get(i).copied().unwrap_or(0.0)
    }

    /// Paragraphs that intersect the vertical range `[top, bottom)`.
    pub fn visible(&mut self, top: f32, bottom: f32) -> Range<usize> {
        self.ensure_prefix();
        let n = self.paragraphs.len();
        let first = self
            .prefix
            .partition_point(|&y| y <= top)
            .saturating_sub(1)
            .min(n);
        let last = self.prefix.partition_point(|&y| y < bottom).min(n);
        first..last.max(first)
    }

    /// Paragraph `i` laid out, now if it is not cached.
    pub fn galley(&mut self, ui: &Ui, i: usize, text: &str) -> Shaped {
        let frame = self.frame;
        if let Some((shaped, used)) = self.galleys.get_mut(&i) {
            *used = frame;
            return shaped.clone();
        }
        let key = self.key.unwrap_or(LayoutKey {
            wrap_width: 600.0,
            text_size: 16.0,
            dark: false,
        });
        let range = self.paragraphs.bytes[i].clone();
        let format = egui::TextFormat {
            font_id: egui::FontId::proportional(key.text_size),
            color: super::palette::document_text(key.dark),
            line_height: Some(Self::row_height(key.text_size)),
            valign: egui::Align::Center,
            ..Default::default()
        };
        let shaped = shape(ui, &text[range], &format, key.wrap_width);
        self.layouts_done += 1;
        let height = shaped.galley.size().y.max(Self::row_height(key.text_size)) + PARAGRAPH_GAP;
        if !self.measured[i] || (self.heights[i] - height).abs() > 0.5 {
            self.heights[i] = height;
            self.measured[i] = true;
            self.prefix_dirty = true;
        }
        self.galleys.insert(i, (shaped.clone(), frame));
        shaped
    }

    /// Paragraph `i` if it is laid out already (it is, for anything on screen).
    pub fn cached_galley(&self, i: usize) -> Option<Shaped> {
        self.galleys.get(&i).map(|(g, _)| g.clone())
    }

    /// The code point one visual row above (`down == false`) or below `caret`, keeping its x
    /// position; crosses into the neighbouring paragraph at the first or last row.
    pub fn vertical_move(&self, caret: usize, down: bool) -> usize {
        let p = self.paragraphs.containing(caret);
        let range = self.paragraphs.chars[p].clone();
        let local = caret.saturating_sub(range.start).min(range.len());
        let Some(galley) = self.cached_galley(p) else {
            return if down {
                range
                    .end
                    .min(self.paragraphs.chars.last().map_or(0, |r| r.end))
            } else {
                range.start
            };
        };
        let here = galley.caret_rect(local);
        let row = here.height().max(1.0);
        let target_y = if down {
            here.center().y + row
        } else {
            here.center().y - row
        };
        if target_y >= 0.0 && target_y <= galley.size().y {
            let c = galley.cursor_at(egui::vec2(here.min.x, target_y));
            return range.start + c.min(range.len());
        }
        let next = if down { p + 1 } else { p.wrapping_sub(1) };
        let Some(next_range) = self.paragraphs.chars.get(next).cloned() else {
            return if down { range.end } else { range.start };
        };
        match self.cached_galley(next) {
            Some(g) => {
                let y = if down { 1.0 } else { g.size().y - 1.0 };
                let c = g.cursor_at(egui::vec2(here.min.x, y));
                next_range.start + c.min(next_range.len())
            }
            None => {
                if down {
                    next_range.start
                } else {
                    next_range.end
                }
            }
        }
    }

    /// Number of galleys currently cached.
    pub fn cached_galleys(&self) -> usize {
        self.galleys.len()
    }
}

/// A laid-out paragraph: its galley, and, where egui's own character ↔ glyph mapping does not
/// hold (right-to-left text), where each character is drawn. Every mapping between characters
/// and positions (highlights, selection, hit-testing, the caret) goes through here.
#[derive(Clone)]
pub struct Shaped {
    /// What is painted.
    pub galley: Arc<Galley>,
    /// One box per character, for paragraphs with right-to-left text.
    pub boxes: Option<Arc<Vec<CharBox>>>,
}

/// Lay out one paragraph. A paragraph with right-to-left text is laid out in sections (each
/// right-to-left word alone) and its glyphs mapped back to characters (see `glyph_map`).
pub fn shape(ui: &Ui, text: &str, format: &egui::TextFormat, wrap_width: f32) -> Shaped {
    if !glyph_map::needs_map(text) {
        let mut job = egui::text::LayoutJob::default();
        job.append(text, 0.0, format.clone());
        job.wrap.max_width = wrap_width;
        return Shaped {
            galley: ui.fonts_mut(|f| f.layout_job(job)),
            boxes: None,
        };
    }
    let chars: Vec<char> = text.chars().collect();
    let mut byte_of = Vec::with_capacity(chars.len() + 1);
    byte_of.extend(text.char_indices().map(|(b, _)| b));
    byte_of.push(text.len());
    let mut sections = glyph_map::sections(&chars);
    let mut job = egui::text::LayoutJob::default();
    for section in &sections {
        let bytes = byte_of[section.chars.start]..byte_of[section.chars.end];
        job.append(&text[bytes], 0.0, format.clone());
    }
    job.wrap.max_width = wrap_width;
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    let glyphs: Vec<GlyphInfo> = galley
        .rows
        .iter()
        .enumerate()
        .flat_map(|(row, placed)| {
            placed.row.glyphs.iter().map(move |g| GlyphInfo {
                row,
                x: placed.pos.x + g.pos.x,
                advance: g.advance_width,
                invisible: g.uv_rect.is_nothing(),
                chr: g.chr,
            })
        })
        .collect();
    // How many glyphs a section makes alone is how many it makes in the paragraph: egui shapes
    // each section separately.
    let count = |ui: &Ui, section: &glyph_map::Section| {
        let bytes = byte_of[section.chars.start]..byte_of[section.chars.end];
        let alone = egui::text::LayoutJob::single_section(text[bytes].to_owned(), format.clone());
        let g = ui.fonts_mut(|f| f.layout_job(alone));
        g.rows.iter().map(|r| r.glyphs.len()).sum::<usize>()
    };
    for section in sections.iter_mut().filter(|s| s.rtl) {
        section.glyphs = Some(count(ui, section));
    }
    let mut boxes = glyph_map::map_glyphs(&chars, &sections, &glyphs);
    if boxes.is_none() {
        // Some left-to-right stretch made more glyphs than characters too: count every section.
        for section in sections.iter_mut().filter(|s| !s.rtl) {
            section.glyphs = Some(count(ui, section));
        }
        boxes = glyph_map::map_glyphs(&chars, &sections, &glyphs);
    }
    Shaped {
        galley,
        boxes: boxes.map(Arc::new),
    }
}

impl Shaped {
    /// The size of the laid-out paragraph.
    pub fn size(&self) -> egui::Vec2 {
        self.galley.size()
    }

    /// The row holding galley-relative `y` (the first or last row beyond the edges).
    fn row_at(&self, y: f32) -> usize {
        let rows = &self.galley.rows;
        rows.iter()
            .position(|r| y < r.max_y())
            .unwrap_or(rows.len().saturating_sub(1))
    }

    fn row_rect(&self, row: usize, x0: f32, x1: f32) -> Rect {
        let (top, bottom) = self
            .galley
            .rows
            .get(row)
            .map_or((0.0, 0.0), |r| (r.min_y(), r.max_y()));
        Rect::from_min_max(egui::pos2(x0, top), egui::pos2(x1, bottom))
    }

    /// Rectangles (galley-relative) covering local code points `[start, end)`: one per row, or
    /// several on a row where right-to-left text puts the characters apart.
    pub fn range_rects(&self, start: usize, end: usize) -> Vec<Rect> {
        match &self.boxes {
            None => range_rects(&self.galley, start, end),
            Some(boxes) => glyph_map::range_boxes(boxes, start, end)
                .into_iter()
                .map(|(row, x0, x1)| self.row_rect(row, x0, x1))
                .collect(),
        }
    }

    /// The local code point whose glyph is under a galley-relative position.
    pub fn char_under(&self, pos: egui::Vec2) -> usize {
        match &self.boxes {
            None => char_under(&self.galley, pos),
            Some(boxes) => glyph_map::char_at(boxes, self.row_at(pos.y), pos.x).unwrap_or(0),
        }
    }

    /// The caret position (between characters) nearest a galley-relative position.
    pub fn cursor_at(&self, pos: egui::Vec2) -> usize {
        match &self.boxes {
            None => self.galley.cursor_from_pos(pos).index.0,
            Some(boxes) => glyph_map::cursor_at(boxes, self.row_at(pos.y), pos.x).unwrap_or(0),
        }
    }

    /// The caret before local code point `i`, as a zero-width rectangle.
    pub fn caret_rect(&self, i: usize) -> Rect {
        match self.boxes.as_ref().and_then(|b| glyph_map::caret_x(b, i)) {
            None => self.galley.pos_from_cursor(egui::text::CCursor::new(i)),
            Some((row, x)) => self.row_rect(row, x, x),
        }
    }
}

/// Rectangles (galley-relative) covering local code points `[start, end)` of a galley, one per row.
fn range_rects(galley: &Galley, start: usize, end: usize) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut row_start = 0;
    for row in &galley.rows {
        let count = row.char_count_excluding_newline().0;
        let row_end = row_start + count;
        let a = start.max(row_start);
        let b = end.min(row_end);
        if a < b {
            let x0 = row.pos.x + row.x_offset(egui::text::CharIndex(a - row_start));
            let x1 = row.pos.x + row.x_offset(egui::text::CharIndex(b - row_start));
            rects.push(Rect::from_min_max(
                egui::pos2(x0, row.min_y()),
                egui::pos2(x1, row.max_y()),
            ));
        }
        row_start = row_end;
        if row_start >= end {
            break;
        }
    }
    rects
}

/// The local code point under a galley-relative position (the character whose glyph holds it).
fn char_under(galley: &Galley, pos: egui::Vec2) -> usize {
    let cursor = galley.cursor_from_pos(pos).index.0;
    let caret = galley.pos_from_cursor(egui::text::CCursor::new(cursor));
    if pos.x < caret.min.x && cursor > 0 {
        cursor - 1
    } else {
        cursor
    }
}
