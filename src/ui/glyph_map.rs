//! Where each character of a paragraph is drawn, for paragraphs egui cannot map by itself.
//!
//! egui 0.37 assumes glyph `i` of a row is character `i`. That holds for left-to-right text, but
//! a right-to-left run (Arabic, Hebrew) is shaped by harfrust in visual order, and egui then adds
//! zero-width copies of most of the run's characters after it. Every character after such a run
//! is then off by that many, and inside the run character `j` is not glyph `j`.
//!
//! The paragraph is therefore laid out in sections: each right-to-left word on its own, everything
//! else between them. Knowing how many glyphs each section produced (a right-to-left word is laid
//! out alone once to count them), the glyphs of each section are read back here: a left-to-right
//! section glyph by glyph; a right-to-left section from its right end, cluster by cluster, with
//! the zero-width copies egui appended dropped. The result is one box per character (its row and
//! x extent), which highlights, selection, hit-testing and the caret all use.
//!
//! The mapping works on plain glyph records ([`GlyphInfo`]) so it is tested without fonts; the
//! text view builds them from a galley. Drop this module when egui shapes bidirectional text
//! with one glyph per character (emilk/egui#8577).

use std::ops::Range;

/// What the mapping needs of one glyph egui placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphInfo {
    /// The row of the galley it is on.
    pub row: usize,
    /// Its left edge, relative to the galley.
    pub x: f32,
    /// How far it moves the pen (0 for marks and egui's zero-width copies).
    pub advance: f32,
    /// It draws nothing (a space, or one of egui's zero-width copies).
    pub invisible: bool,
    /// The character egui recorded for it: the first character of its cluster.
    pub chr: char,
}

/// Where one character is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CharBox {
    /// The galley row.
    pub row: usize,
    /// Left edge, relative to the galley.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// It belongs to a right-to-left run: its caret edge is on the right.
    pub rtl: bool,
}

/// One section of a paragraph's layout job.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Its characters, as indices into the paragraph's characters.
    pub chars: Range<usize>,
    /// It is one right-to-left word.
    pub rtl: bool,
    /// How many glyphs it produced when laid out alone (`None`: one per character).
    pub glyphs: Option<usize>,
}

/// True for characters of right-to-left scripts (strong R and AL), and marks inside them.
pub fn is_rtl(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF // Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic ext.
        | 0xFB1D..=0xFDFF // Hebrew and Arabic presentation forms A
        | 0xFE70..=0xFEFF // Arabic presentation forms B
        | 0x10800..=0x10FFF // Cypriot … Old Uyghur, Hanifi Rohingya, Yezidi
        | 0x1E800..=0x1EFFF) // Mende Kikakui, Adlam, Arabic mathematical symbols
        && c != '\u{FEFF}'
}

/// Marks and joiners that belong with the character before them, whatever its direction.
fn is_attached(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x200C | 0x200D)
}

/// True when a paragraph needs this mapping.
pub fn needs_map(text: &str) -> bool {
    text.chars().any(is_rtl)
}

/// Cut a paragraph into sections: each maximal run of right-to-left characters (with the marks
/// and joiners attached to them) is one section, and the text between such runs another.
pub fn sections(chars: &[char]) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let rtl = match out.last() {
            Some(last) if is_attached(c) => last.rtl,
            _ => is_rtl(c),
        };
        match out.last_mut() {
            Some(last) if last.rtl == rtl => last.chars.end = i + 1,
            _ => out.push(Section {
                chars: i..i + 1,
                rtl,
                glyphs: None,
            }),
        }
    }
    out
}

fn is_mark(c: char) -> bool {
    is_attached(c)
        || matches!(c as u32,
            0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5 | 0x05C7
            | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4
            | 0x06E7..=0x06E8 | 0x06EA..=0x06ED | 0x08D3..=0x08FF)
}

/// One box per character of the paragraph `chars`, from the glyphs egui placed for `sections`
/// (in the galley's order). `None` when the glyphs do not add up to the sections (then nothing
/// better than egui's own mapping is known).
pub fn map_glyphs(
    chars: &[char],
    sections: &[Section],
    glyphs: &[GlyphInfo],
) -> Option<Vec<CharBox>> {
    let mut boxes = vec![None; chars.len()];
    let mut at = 0;
    for section in sections {
        let n = section.chars.len();
        let count = section.glyphs.unwrap_or(n);
        let slice = glyphs.get(at..at + count)?;
        at += count;
        let text = chars.get(section.chars.clone())?;
        let mapped = if section.rtl {
            map_rtl(text, slice)
        } else if count == n {
            slice
                .iter()
                .map(|g| CharBox {
                    row: g.row,
                    x0: g.x,
                    x1: g.x + g.advance,
                    rtl: false,
                })
                .collect()
        } else {
            map_clusters(text, slice.iter().copied(), false)
        };
        for (k, b) in mapped.into_iter().enumerate() {
            boxes[section.chars.start + k] = Some(b);
        }
    }
    if at != glyphs.len() {
        return None;
    }
    boxes.into_iter().collect()
}

/// A right-to-left word: its real glyphs in visual order, then the zero-width copies egui added
/// of its characters after the first cluster.
fn map_rtl(text: &[char], glyphs: &[GlyphInfo]) -> Vec<CharBox> {
    let n = text.len();
    // The copies: a tail of invisible zero-advance glyphs repeating the word's last characters.
    let mut tail = 0;
    while tail + 1 < n && tail < glyphs.len() {
        let g = glyphs[glyphs.len() - 1 - tail];
        if g.advance == 0.0 && g.invisible && g.chr == text[n - 1 - tail] {
            tail += 1;
        } else {
            break;
        }
    }
    let real = &glyphs[..glyphs.len() - tail];
    map_clusters(text, real.iter().rev().copied(), true)
}

/// Map glyphs given in logical order (each recording its cluster's first character) to the
/// characters of `text`. A glyph starts a new cluster unless it repeats the current cluster's
/// character with no advance (a mark on the same base); characters no glyph names (the second
/// letter of a ligature, a mark) join the cluster before them. A cluster's box is shared by its
/// letters in reading order; marks take their letter's box.
fn map_clusters(text: &[char], glyphs: impl Iterator<Item = GlyphInfo>, rtl: bool) -> Vec<CharBox> {
    // (first character, row, left, right) of each cluster.
    let mut clusters: Vec<(usize, usize, f32, f32)> = Vec::new();
    let mut next = 0;
    for g in glyphs {
        let same = clusters
            .last()
            .is_some_and(|&(s, ..)| text[s] == g.chr && g.advance == 0.0);
        let start = if same {
            None
        } else {
            (next..text.len()).find(|&k| text[k] == g.chr)
        };
        match (start, clusters.last_mut()) {
            (Some(_), _) | (None, None) => {
                let k = start.unwrap_or(next.min(text.len().saturating_sub(1)));
                clusters.push((k, g.row, g.x, g.x + g.advance));
                next = k + 1;
            }
            (None, Some(last)) => {
                if g.advance > 0.0 {
                    if last.3 <= last.2 {
                        (last.2, last.3) = (g.x, g.x + g.advance);
                    } else {
                        last.2 = last.2.min(g.x);
                        last.3 = last.3.max(g.x + g.advance);
                    }
                }
            }
        }
    }
    let mut boxes = Vec::with_capacity(text.len());
    if clusters.is_empty() {
        return vec![
            CharBox {
                row: 0,
                x0: 0.0,
                x1: 0.0,
                rtl,
            };
            text.len()
        ];
    }
    for (ci, &(start, row, x0, x1)) in clusters.iter().enumerate() {
        let begin = if ci == 0 { 0 } else { start };
        let end = clusters.get(ci + 1).map_or(text.len(), |c| c.0);
        if end <= begin {
            continue;
        }
        let letters = text[begin..end]
            .iter()
            .filter(|c| !is_mark(**c))
            .count()
            .max(1);
        let width = (x1 - x0) / letters as f32;
        let mut letter = 0;
        let mut last_box = None;
        for &c in &text[begin..end] {
            let b = match last_box {
                Some(b) if is_mark(c) => b,
                _ => {
                    let (a, z) = if rtl {
                        (x1 - (letter + 1) as f32 * width, x1 - letter as f32 * width)
                    } else {
                        (x0 + letter as f32 * width, x0 + (letter + 1) as f32 * width)
                    };
                    letter += 1;
                    CharBox {
                        row,
                        x0: a,
                        x1: z,
                        rtl,
                    }
                }
            };
            last_box = Some(b);
            boxes.push(b);
        }
    }
    // Characters before the first cluster's (a glyph order the rules above did not foresee) take
    // the first box; the list always has one box per character.
    while boxes.len() < text.len() {
        let b = boxes.last().copied().unwrap_or(CharBox {
            row: clusters[0].1,
            x0: clusters[0].2,
            x1: clusters[0].3,
            rtl,
        });
        boxes.push(b);
    }
    boxes.truncate(text.len());
    boxes
}

/// Boxes covering characters `[start, end)`: boxes on one row closer than 1.5 points (glyphs are
/// placed on whole pixels) merge, so a span inside
/// a right-to-left run can give several rectangles on one row. Returned as (row, left, right).
pub fn range_boxes(boxes: &[CharBox], start: usize, end: usize) -> Vec<(usize, f32, f32)> {
    let mut parts: Vec<(usize, f32, f32)> = boxes
        .get(start..end.min(boxes.len()))
        .unwrap_or(&[])
        .iter()
        .filter(|b| b.x1 > b.x0)
        .map(|b| (b.row, b.x0, b.x1))
        .collect();
    parts.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut merged: Vec<(usize, f32, f32)> = Vec::with_capacity(parts.len());
    for p in parts {
        match merged.last_mut() {
            Some(m) if m.0 == p.0 && p.1 <= m.2 + 1.5 => m.2 = m.2.max(p.2),
            _ => merged.push(p),
        }
    }
    merged
}

/// The character drawn at `x` on `row` (the nearest one on that row when none is under it).
pub fn char_at(boxes: &[CharBox], row: usize, x: f32) -> Option<usize> {
    let on_row = boxes.iter().enumerate().filter(|(_, b)| b.row == row);
    let mut best: Option<(usize, f32)> = None;
    for (i, b) in on_row {
        if b.x0 <= x && x < b.x1 {
            return Some(i);
        }
        let d = if x < b.x0 { b.x0 - x } else { x - b.x1 };
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((i, d));
        }
    }
    best.map(|(i, _)| i)
}

/// The caret position (between characters) nearest `x` on `row`: before the character under
/// `x` when `x` is on its leading half (the left half of a left-to-right character, the right
/// half of a right-to-left one), after it otherwise.
pub fn cursor_at(boxes: &[CharBox], row: usize, x: f32) -> Option<usize> {
    let i = char_at(boxes, row, x)?;
    let b = boxes[i];
    let leading = if b.rtl {
        x >= (b.x0 + b.x1) / 2.0
    } else {
        x < (b.x0 + b.x1) / 2.0
    };
    Some(if leading { i } else { i + 1 })
}

/// Where the caret before character `i` is drawn: (row, x). At the end of the paragraph, after
/// the last character.
pub fn caret_x(boxes: &[CharBox], i: usize) -> Option<(usize, f32)> {
    if let Some(b) = boxes.get(i) {
        return Some((b.row, if b.rtl { b.x1 } else { b.x0 }));
    }
    let b = boxes.last()?;
    Some((b.row, if b.rtl { b.x0 } else { b.x1 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(row: usize, x: f32, advance: f32, chr: char) -> GlyphInfo {
        GlyphInfo {
            row,
            x,
            advance,
            invisible: false,
            chr,
        }
    }

    fn pad(x: f32, chr: char) -> GlyphInfo {
        GlyphInfo {
            row: 0,
            x,
            advance: 0.0,
            invisible: true,
            chr,
        }
    }

    /// What egui 0.37 emits for a right-to-left word: real glyphs right to left in logical order
    /// (so left to right they are the word reversed), then copies of all but the first cluster.
    fn egui_rtl(word: &str, x: f32, w: f32) -> Vec<GlyphInfo> {
        let chars: Vec<char> = word.chars().collect();
        let mut out: Vec<GlyphInfo> = chars
            .iter()
            .rev()
            .enumerate()
            .map(|(k, &c)| g(0, x + k as f32 * w, w, c))
            .collect();
        let end = x + chars.len() as f32 * w;
        out.extend(chars[1..].iter().map(|&c| pad(end, c)));
        out
    }

    #[test]
    fn text_after_a_right_to_left_word_keeps_its_place() {
        // "ab שלום cd": egui gives 2 + 1 + (4 real + 3 copies) + 1 + 2 glyphs for 10 characters.
        let text: Vec<char> = "ab שלום cd".chars().collect();
        let mut secs = sections(&text);
        assert_eq!(secs.len(), 3);
        assert!(secs[1].rtl && secs[1].chars == (3..7));
        secs[1].glyphs = Some(7);
        let mut glyphs = vec![
            g(0, 0.0, 10.0, 'a'),
            g(0, 10.0, 10.0, 'b'),
            g(0, 20.0, 5.0, ' '),
        ];
        glyphs.extend(egui_rtl("שלום", 25.0, 8.0));
        glyphs.extend([
            g(0, 57.0, 5.0, ' '),
            g(0, 62.0, 10.0, 'c'),
            g(0, 72.0, 10.0, 'd'),
        ]);
        let boxes = map_glyphs(&text, &secs, &glyphs).unwrap();
        assert_eq!(boxes.len(), 10);
        // "cd" is exactly where its glyphs are.
        assert_eq!((boxes[8].x0, boxes[8].x1), (62.0, 72.0));
        assert_eq!((boxes[9].x0, boxes[9].x1), (72.0, 82.0));
        // The Hebrew word reads from the right: its first letter is the rightmost glyph.
        assert_eq!((boxes[3].x0, boxes[3].x1), (49.0, 57.0));
        assert_eq!((boxes[6].x0, boxes[6].x1), (25.0, 33.0));
        assert!(boxes[3].rtl && !boxes[8].rtl);
        // One span over the whole word is one box; its first two letters are the right part.
        assert_eq!(range_boxes(&boxes, 3, 7), vec![(0, 25.0, 57.0)]);
        assert_eq!(range_boxes(&boxes, 3, 5), vec![(0, 41.0, 57.0)]);
        // A span from the Latin into the Hebrew: Latin box plus the Hebrew word's right end.
        assert_eq!(
            range_boxes(&boxes, 0, 4),
            vec![(0, 0.0, 25.0), (0, 49.0, 57.0)]
        );
        // Hit-testing and carets.
        assert_eq!(char_at(&boxes, 0, 65.0), Some(8));
        assert_eq!(char_at(&boxes, 0, 55.0), Some(3));
        assert_eq!(
            cursor_at(&boxes, 0, 55.0),
            Some(3),
            "right half of an RTL letter"
        );
        assert_eq!(cursor_at(&boxes, 0, 50.0), Some(4));
        assert_eq!(caret_x(&boxes, 3), Some((0, 57.0)));
        assert_eq!(caret_x(&boxes, 10), Some((0, 82.0)));
    }

    #[test]
    fn a_ligature_shares_its_glyph_and_a_mark_takes_its_letter() {
        // "لا" (lam, alef) shaped as one glyph; "بَ" (beh + fatha) as a base and a zero-advance
        // mark in the same cluster, recording the base.
        let word: Vec<char> = "لابَ".chars().collect();
        // Visual order, left to right: beh's cluster (beh, mark), then the lam-alef ligature.
        let glyphs = vec![
            g(0, 0.0, 9.0, 'ب'),
            g(0, 4.0, 0.0, 'ب'),
            g(0, 9.0, 12.0, 'ل'),
            // egui's copies of every character after the first cluster's one glyph.
            pad(21.0, 'ا'),
            pad(21.0, 'ب'),
            pad(21.0, 'َ'),
        ];
        let secs = vec![Section {
            chars: 0..4,
            rtl: true,
            glyphs: Some(6),
        }];
        let boxes = map_glyphs(&word, &secs, &glyphs).unwrap();
        // lam is the right half of the ligature, alef the left half.
        assert_eq!((boxes[0].x0, boxes[0].x1), (15.0, 21.0));
        assert_eq!((boxes[1].x0, boxes[1].x1), (9.0, 15.0));
        // beh has its glyph; the fatha shares it.
        assert_eq!((boxes[2].x0, boxes[2].x1), (0.0, 9.0));
        assert_eq!(boxes[3], boxes[2]);
    }

    #[test]
    fn repeated_letters_are_separate_clusters() {
        let word: Vec<char> = "ללל".chars().collect();
        let glyphs = egui_rtl("ללל", 0.0, 6.0);
        let secs = vec![Section {
            chars: 0..3,
            rtl: true,
            glyphs: Some(glyphs.len()),
        }];
        let boxes = map_glyphs(&word, &secs, &glyphs).unwrap();
        assert_eq!(
            boxes.iter().map(|b| b.x0).collect::<Vec<_>>(),
            vec![12.0, 6.0, 0.0]
        );
    }

    #[test]
    fn glyphs_that_do_not_add_up_give_no_map() {
        let text: Vec<char> = "ab".chars().collect();
        let secs = sections(&text);
        assert!(map_glyphs(&text, &secs, &[g(0, 0.0, 5.0, 'a')]).is_none());
    }

    #[test]
    fn sections_keep_marks_and_spaces_where_they_belong() {
        let text: Vec<char> = "«مرحبا بالعالم» é".chars().collect();
        let secs = sections(&text);
        let kinds: Vec<(bool, String)> = secs
            .iter()
            .map(|s| (s.rtl, text[s.chars.clone()].iter().collect()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (false, "«".to_owned()),
                (true, "مرحبا".to_owned()),
                (false, " ".to_owned()),
                (true, "بالعالم".to_owned()),
                (false, "» é".to_owned()),
            ]
        );
        assert!(!needs_map("Plain 你好 👍🏽 text"));
        assert!(needs_map("with שלום"));
    }
}
