//! PDF: the glyphs of every page with their positions (by `pdf-extract`, on `lopdf`), laid out
//! again into lines and paragraphs in reading order. Lines of a paragraph are joined with a
//! space, a word hyphenated across a line end is joined again, and running headers, footers and
//! page numbers that repeat on every page are dropped. Each page's first character is recorded.

use std::collections::HashMap;
use std::io::Read;
use std::time::Instant;

use lopdf::{Document, Object};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::blocks::TextBuilder;
use super::Extracted;

/// Most glyphs read from one PDF.
pub const MOST_GLYPHS: usize = 50_000_000;

/// A stream of over 16 MB expanding more than this many times its packed size is a bomb.
pub const MOST_EXPANSION_RATIO: u64 = 1000;

/// Most bytes all of a PDF's compressed streams may expand to.
pub const MOST_STREAM_BYTES: u64 = 1024 * 1024 * 1024;

/// Why a PDF gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfProblem {
    /// It needs a password.
    Encrypted,
    /// Its pages are pictures: no text layer.
    NoTextLayer { pages: usize },
    /// Damaged, or beyond a limit; the message says which.
    Unreadable(String),
}

/// One glyph where it is drawn; `y` grows down the page.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    text: String,
}

/// A line of a page.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
}

struct Collector {
    pages: Vec<Vec<Glyph>>,
    flip: Transform,
    glyphs: usize,
    deadline: Instant,
    stopped: Option<String>,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flip = Transform::row_major(1., 0., 0., -1., 0., media_box.ury - media_box.lly);
        self.pages.push(Vec::new());
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs > MOST_GLYPHS {
            return self.stop(format!("more than {MOST_GLYPHS} glyphs"));
        }
        if self.glyphs.is_multiple_of(4096) && Instant::now() > self.deadline {
            return self.stop("it took longer than the time allowed for one import".into());
        }
        let at = trm.post_transform(&self.flip);
        let scaled = trm.transform_vector(euclid::vec2(font_size, font_size));
        let size = (scaled.x * scaled.y).abs().sqrt();
        if let Some(page) = self.pages.last_mut() {
            page.push(Glyph {
                x: at.m31,
                end: at.m31 + width * size,
                y: at.m32,
                size,
                text: text.to_owned(),
            });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Read the text of a PDF; `deadline` bounds the time spent laying out glyphs.
pub fn read_pdf(bytes: &[u8], deadline: Instant) -> Result<Extracted, PdfProblem> {
    let mut doc = Document::load_mem(bytes)
        .map_err(|e| PdfProblem::Unreadable(format!("not a readable PDF ({e})")))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfProblem::Encrypted);
    }
    expand_streams(&mut doc).map_err(PdfProblem::Unreadable)?;
    super::pdf_graph::check_graph(&doc).map_err(PdfProblem::Unreadable)?;
    let page_count = doc.get_pages().len();
    if page_count == 0 {
        return Err(PdfProblem::Unreadable(
            "it has no pages that can be read".into(),
        ));
    }
    let mut collector = Collector {
        pages: Vec::new(),
        flip: Transform::identity(),
        glyphs: 0,
        deadline,
        stopped: None,
    };
    let result = pdf_extract::output_doc(&doc, &mut collector);
    if let Some(reason) = collector.stopped.take() {
        return Err(PdfProblem::Unreadable(reason));
    }
    if let Err(e) = result {
        if collector.glyphs == 0 {
            return Err(PdfProblem::Unreadable(format!(
                "its pages cannot be read ({e})"
            )));
        }
    }
    let visible = collector
        .pages
        .iter()
        .flatten()
        .any(|g| !g.text.trim().is_empty());
    if !visible {
        return Err(PdfProblem::NoTextLayer {
            pages: page_count.max(collector.pages.len()),
        });
    }
    let pages: Vec<Vec<Line>> = collector.pages.iter().map(|g| lines_of(g)).collect();
    Ok(lay_out(pages))
}

impl Collector {
    fn stop(&mut self, reason: String) -> Result<(), OutputError> {
        self.stopped = Some(reason);
        Err(OutputError::IoError(std::io::Error::other("stopped")))
    }
}

/// Expand every Flate stream without predictor ourselves, stopping at [`MOST_STREAM_BYTES`]
/// in all, so a compression bomb is refused instead of filling memory.
fn expand_streams(doc: &mut Document) -> Result<(), String> {
    let mut budget = MOST_STREAM_BYTES;
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let flate = matches!(stream.filters().as_deref(), Ok([b"FlateDecode"]));
        let image = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Image");
        // Pictures are never drawn here, so they are never expanded.
        if !flate || image || stream.dict.get(b"DecodeParms").is_ok() {
            continue;
        }
        let packed = stream.content.len().max(1) as u64;
        let mut out = Vec::new();
        let mut decoder = flate2::read::ZlibDecoder::new(stream.content.as_slice());
        let read = decoder.by_ref().take(budget + 1).read_to_end(&mut out);
        if read.is_err() && out.is_empty() {
            continue;
        }
        let n = out.len() as u64;
        if n > budget {
            return Err(format!(
                "its compressed streams expand beyond {} MB (a compression bomb?)",
                MOST_STREAM_BYTES / (1024 * 1024)
            ));
        }
        if n > 16 * 1024 * 1024 && n / packed > MOST_EXPANSION_RATIO {
            return Err(format!(
                "a stream expands {} times its packed size, more than the {MOST_EXPANSION_RATIO} allowed (a compression bomb?)",
                n / packed
            ));
        }
        budget -= n;
        stream.set_plain_content(out);
    }
    Ok(())
}

/// Glyphs in drawing order grouped into lines: a new line where the baseline moves by half a
/// glyph or the pen jumps back left; a space where the pen skips ahead.
fn lines_of(glyphs: &[Glyph]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut sizes: Vec<f64> = Vec::new();
    for g in glyphs {
        let size = g.size.max(0.1);
        // A raised or lowered glyph (a footnote mark) stays on its line: the baseline is
        // compared against the larger of the two sizes.
        let same_line = lines.last().is_some_and(|l| {
            let scale = size.max(l.size);
            (g.y - l.y).abs() <= scale * 0.5 && g.x >= l.x1 - scale * 0.5
        });
        if !same_line {
            if let Some(line) = lines.last_mut() {
                line.size = median(&mut sizes);
            }
            sizes.clear();
            lines.push(Line {
                text: String::new(),
                x0: g.x,
                x1: g.end,
                y: g.y,
                size,
            });
        }
        let Some(line) = lines.last_mut() else {
            continue;
        };
        if same_line && g.x > line.x1 + size * 0.15 && !line.text.ends_with(' ') {
            line.text.push(' ');
        }
        line.text.push_str(&g.text);
        line.x1 = line.x1.max(g.end);
        if !g.text.trim().is_empty() {
            sizes.push(size);
        }
    }
    if let Some(line) = lines.last_mut() {
        if !sizes.is_empty() {
            line.size = median(&mut sizes);
        }
    }
    for line in &mut lines {
        line.text = line.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    lines.retain(|l| !l.text.is_empty());
    lines
}

fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A line's text with digits folded, so "Page 3" and "Page 4" compare equal, and where it
/// stands on the page (to two points), so body text that happens to repeat is kept.
fn running_key(line: &Line) -> String {
    let text = &line.text;
    let mut key = format!("{}:", (line.y / 2.0).round() as i64);
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_digit() {
            if !key.ends_with('#') {
                key.push('#');
            }
        } else if !ch.is_whitespace() {
            key.push(ch);
        }
    }
    key
}

/// "12", "- 12 -", "Page 12", "12 of 40", "xii".
fn is_page_number(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    let t = t.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let t = t
        .strip_prefix("page")
        .or_else(|| t.strip_prefix("p."))
        .unwrap_or(t)
        .trim();
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let number = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 5
            || (w.len() <= 7 && w.chars().all(|c| "ivxlcdm".contains(c)))
    };
    match words.as_slice() {
        [n] => number(n),
        [n, "of", m] => number(n) && number(m),
        [n, m] => number(n) && number(m),
        _ => false,
    }
}

/// What the layout decided, counted for the report.
#[derive(Default)]
struct Decisions {
    hyphens: usize,
    running: usize,
    page_numbers: usize,
    ligatures: usize,
    footnotes: usize,
}

/// Indexes of the lines at the top and bottom of a page (two each, from each edge inward), by
/// position, that stand apart from the body: farther from their nearest neighbour than 1.8 line
/// gaps, as running headers and footers do in the margins.
fn edge_lines(lines: &[Line]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| lines[a].y.total_cmp(&lines[b].y));
    let mut gaps: Vec<f64> = order
        .windows(2)
        .map(|w| lines[w[1]].y - lines[w[0]].y)
        .filter(|g| *g > 0.5)
        .collect();
    let mut sizes: Vec<f64> = lines.iter().map(|l| l.size).collect();
    // Lines are rarely set more than 1.5 sizes apart; a page of few lines has few gaps to tell.
    let typical = median(&mut gaps).min(median(&mut sizes) * 1.5);
    let apart = |at: usize| {
        let y = lines[order[at]].y;
        let before = at.checked_sub(1).map(|b| y - lines[order[b]].y);
        let after = order.get(at + 1).map(|&a| lines[a].y - y);
        [before, after]
            .into_iter()
            .flatten()
            .fold(f64::MAX, f64::min)
            > typical * 1.8
    };
    let n = order.len();
    let mut edges = Vec::new();
    // From each edge inward, while lines stand apart (a header of two lines, say).
    for at in (0..n.min(2)).take_while(|&at| apart(at)) {
        edges.push(order[at]);
    }
    for at in (n.saturating_sub(2)..n).rev().take_while(|&at| apart(at)) {
        edges.push(order[at]);
    }
    edges.sort_unstable();
    edges.dedup();
    edges
}

/// The topmost and bottommost lines of a page.
fn extreme_lines(page: &[Line]) -> Vec<usize> {
    let by_y = |a: &usize, b: &usize| page[*a].y.total_cmp(&page[*b].y);
    let mut out: Vec<usize> = [(0..page.len()).min_by(by_y), (0..page.len()).max_by(by_y)]
        .into_iter()
        .flatten()
        .collect();
    out.dedup();
    out
}

/// The exact text of a line and where it stands, for lines that repeat letter for letter.
fn exact_key(line: &Line) -> String {
    format!("{}:{}", (line.y / 2.0).round() as i64, line.text)
}

/// Drop running headers and footers and page numbers: a line at a page edge, standing apart
/// from the body, with the same text (digits aside) at the same place on at least half of the
/// pages (and two); the very first or last line of a page with exactly the same text at the
/// same place on as many pages, unless it ends a sentence (a header set tight against the body
/// rarely does, a paragraph's last line often does); and page numbers at the edges.
fn drop_running_lines(pages: &mut [Vec<Line>], d: &mut Decisions) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut exact: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let mut keys: Vec<String> = extreme_lines(page)
            .iter()
            .map(|&i| exact_key(&page[i]))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *exact.entry(key).or_default() += 1;
        }
    }
    for page in pages.iter() {
        let mut keys: Vec<String> = edge_lines(page)
            .iter()
            .map(|&i| running_key(&page[i]))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    let with_text = pages.iter().filter(|p| !p.is_empty()).count();
    let needed = (with_text / 2).max(2);
    for page in pages.iter_mut() {
        let edges = edge_lines(page);
        // The very first and last lines by position: a page number there goes, standing apart
        // or not (a footnote may sit right above it).
        let extremes = extreme_lines(page);
        // A page's only lines are its body, whatever repeats.
        if page.len() <= edges.len() && page.len() <= 1 {
            continue;
        }
        let mut drop = vec![false; page.len()];
        for &i in &extremes {
            if drop[i] {
                continue;
            }
            let text = &page[i].text;
            if is_page_number(text) {
                drop[i] = true;
                d.page_numbers += 1;
            } else if !ends_sentence(text)
                && exact
                    .get(&exact_key(&page[i]))
                    .is_some_and(|&n| n >= needed)
            {
                drop[i] = true;
                d.running += 1;
            }
        }
        for &i in &edges {
            let text = &page[i].text;
            if drop[i] {
                continue;
            }
            if is_page_number(text) {
                drop[i] = true;
                d.page_numbers += 1;
            } else if seen
                .get(&running_key(&page[i]))
                .is_some_and(|&n| n >= needed)
            {
                drop[i] = true;
                d.running += 1;
            }
        }
        let mut i = 0;
        page.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
    }
}

/// The size most characters are set in.
fn body_size(pages: &[Vec<Line>]) -> f64 {
    let mut weight: HashMap<i64, usize> = HashMap::new();
    for line in pages.iter().flatten() {
        *weight.entry((line.size * 2.0).round() as i64).or_default() += line.text.chars().count();
    }
    weight
        .into_iter()
        .max_by_key(|&(size, n)| (n, -size))
        .map_or(10.0, |(size, _)| size as f64 / 2.0)
}

/// Heading level by size: the largest size set noticeably above the body is level 1.
fn heading_levels(pages: &[Vec<Line>], body: f64) -> Vec<i64> {
    let mut sizes: Vec<i64> = pages
        .iter()
        .flatten()
        .filter(|l| l.size > body * 1.15 && l.text.chars().count() < 200)
        .map(|l| (l.size * 2.0).round() as i64)
        .collect();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    sizes.truncate(6);
    sizes
}

/// True when a line ends a sentence, a footnote mark after the stop aside ("pounds.1").
fn ends_sentence(text: &str) -> bool {
    let stops = [
        '.', '!', '?', ':', ';', '"', '\u{201d}', '\u{2019}', ')', '\u{3002}',
    ];
    let text = text.trim_end();
    let unmarked =
        text.trim_end_matches(|c: char| c.is_ascii_digit() || "¹²³⁴⁵⁶⁷⁸⁹⁰*†‡".contains(c));
    text.ends_with(stops) || (unmarked.len() < text.len() && unmarked.ends_with(stops))
}

fn starts_lowercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

/// How a line goes on from the one before it in the same paragraph: `Some("")` after a joined
/// hyphenation, `Some(" ")` otherwise.
fn hyphen_join(prev: &str, next: &str) -> bool {
    let mut tail = prev.chars().rev();
    let hyphen = matches!(tail.next(), Some('-' | '\u{ad}' | '\u{2010}'));
    hyphen && tail.next().is_some_and(char::is_alphabetic) && starts_lowercase(next)
}

fn expand_ligatures(text: &str, d: &mut Decisions) -> String {
    if !text.chars().any(|c| ('\u{fb00}'..='\u{fb06}').contains(&c)) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        let expanded = match ch {
            '\u{fb00}' => "ff",
            '\u{fb01}' => "fi",
            '\u{fb02}' => "fl",
            '\u{fb03}' => "ffi",
            '\u{fb04}' => "ffl",
            '\u{fb05}' | '\u{fb06}' => "st",
            _ => {
                out.push(ch);
                continue;
            }
        };
        d.ligatures += 1;
        out.push_str(expanded);
    }
    out
}

/// Take a page's footnotes off its bottom: the lines under the body set smaller than it, while
/// body lines remain above. Each line that starts with a number or a mark starts a note; the
/// others go on the one before.
fn take_footnotes(page: &mut Vec<Line>, body: f64, d: &mut Decisions) -> Vec<String> {
    let mut order: Vec<usize> = (0..page.len()).collect();
    order.sort_by(|&a, &b| page[a].y.total_cmp(&page[b].y));
    let small = |l: &Line| l.size < body * 0.92;
    let from_bottom = order.iter().rev().take_while(|&&i| small(&page[i])).count();
    if from_bottom == 0 || from_bottom == page.len() {
        return Vec::new();
    }
    let mut taken: Vec<usize> = order[order.len() - from_bottom..].to_vec();
    taken.sort_unstable();
    let mut notes: Vec<String> = Vec::new();
    for &i in &taken {
        let text = page[i].text.clone();
        let starts_note = text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "*†‡§¶".contains(c));
        match notes.last_mut() {
            Some(note) if !starts_note => {
                if hyphen_join(note, &text) {
                    note.pop();
                } else {
                    note.push(' ');
                }
                note.push_str(&text);
            }
            _ => notes.push(text),
        }
    }
    let mut k = 0;
    page.retain(|_| {
        k += 1;
        !taken.contains(&(k - 1))
    });
    d.footnotes += notes.len();
    notes
}

fn emit_notes(out: &mut TextBuilder, waiting: &mut Vec<String>) {
    for note in waiting.drain(..) {
        out.paragraph(&note);
    }
}

/// The paragraph being built from lines.
#[derive(Default)]
struct Para {
    text: String,
    level: Option<u8>,
    /// It goes on from the text already written (it crossed a page break).
    continues: bool,
    joiner: &'static str,
}

impl Para {
    fn flush(&mut self, out: &mut TextBuilder) {
        let para = std::mem::take(self);
        if para.text.is_empty() {
            return;
        }
        if para.continues {
            out.continue_paragraph(&para.text, para.joiner);
        } else if let Some(level) = para.level {
            out.heading(&para.text, level);
        } else {
            out.paragraph(&para.text);
        }
    }

    fn add_line(&mut self, text: &str, d: &mut Decisions) {
        if self.text.is_empty() {
            self.text.push_str(text);
        } else if hyphen_join(&self.text, text) {
            d.hyphens += 1;
            self.text.pop();
            self.text.push_str(text);
        } else {
            self.text.push(' ');
            self.text.push_str(text);
        }
    }
}

/// Lines of every page into paragraphs, with page starts and headings.
fn lay_out(mut pages: Vec<Vec<Line>>) -> Extracted {
    let mut d = Decisions::default();
    if pages.len() >= 2 {
        drop_running_lines(&mut pages, &mut d);
    }
    let body = body_size(&pages);
    let notes_of_page: Vec<Vec<String>> = pages
        .iter_mut()
        .map(|page| take_footnotes(page, body, &mut d))
        .collect();
    // Footnotes wait for the paragraph open at the end of their page, which may go on over
    // the page break, and follow it.
    let mut waiting: Vec<String> = Vec::new();
    let levels = heading_levels(&pages, body);
    let level_of = |line: &Line| {
        let key = (line.size * 2.0).round() as i64;
        levels.iter().position(|&s| s == key).map(|i| i as u8 + 1)
    };
    let mut out = TextBuilder::new();
    let mut para = Para::default();
    let mut prev: Option<(f64, f64, f64, f64, bool)> = None;
    for (index, page) in pages.iter().enumerate() {
        let mut gaps: Vec<f64> = page
            .windows(2)
            .map(|w| w[1].y - w[0].y)
            .filter(|g| *g > 0.0)
            .collect();
        let typical = median(&mut gaps).max(body);
        let page_right = page.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
        if page.is_empty() {
            para.flush(&mut out);
            out.page((index + 1).to_string());
        }
        for (i, line) in page.iter().enumerate() {
            let text = expand_ligatures(&line.text, &mut d);
            let level = level_of(line);
            let size_changed = |size: f64| (size - line.size).abs() > body * 0.15;
            if i == 0 {
                let last = if para.text.is_empty() {
                    out.text()
                } else {
                    para.text.as_str()
                };
                let joined = hyphen_join(last, &text);
                let goes_on = prev.is_some_and(|(_, _, _, size, _)| !size_changed(size))
                    && para.level.is_none()
                    && level.is_none()
                    && !ends_sentence(last)
                    && (starts_lowercase(&text) || joined);
                para.flush(&mut out);
                if !goes_on {
                    emit_notes(&mut out, &mut waiting);
                }
                out.page((index + 1).to_string());
                if goes_on {
                    if joined {
                        d.hyphens += 1;
                        out.pop_char();
                    }
                    para = Para {
                        text: text.clone(),
                        level: None,
                        continues: true,
                        joiner: if joined { "" } else { " " },
                    };
                } else {
                    para.level = level;
                    para.add_line(&text, &mut d);
                }
            } else {
                let (px0, px1, py, psize, p_ends) = prev.unwrap_or_default();
                let gap = line.y - py;
                let new_paragraph = gap < 0.0
                    || gap > typical * 1.35
                    || size_changed(psize)
                    || level != para.level
                    || line.x0 > px0 + body * 0.9
                    || (px1 < page_right - body * 4.0 && p_ends);
                if new_paragraph {
                    para.flush(&mut out);
                    emit_notes(&mut out, &mut waiting);
                    para.level = level;
                }
                para.add_line(&text, &mut d);
            }
            prev = Some((line.x0, line.x1, line.y, line.size, ends_sentence(&text)));
        }
        waiting.extend(notes_of_page[index].iter().cloned());
    }
    para.flush(&mut out);
    emit_notes(&mut out, &mut waiting);
    Extracted::from_builder(out)
        .with_count(d.hyphens, "words hyphenated across a line end joined")
        .with_count(d.running, "running headers and footers dropped")
        .with_count(d.page_numbers, "page numbers dropped")
        .with_count(d.ligatures, "ligatures (ﬁ, ﬂ) written as letters")
        .with_count(
            d.footnotes,
            "footnotes placed after the paragraph their page ends with",
        )
}
