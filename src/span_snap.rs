//! Turning a rough mouse selection into a clean span: whole words by default, never cutting a
//! grapheme cluster, never starting or ending with whitespace (SPEC §1).

use unicode_segmentation::UnicodeSegmentation;

use crate::offsets::OffsetIndex;

/// How a selection is snapped before it becomes an annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snap {
    /// Grow both ends to word boundaries.
    Word,
    /// Keep the characters chosen, only avoiding cut grapheme clusters.
    Character,
}

/// Snap the code point range `[start, end)` of `text` and trim whitespace from both ends.
/// Returns `None` when nothing but whitespace is left.
pub fn snap_span(
    text: &str,
    index: &OffsetIndex,
    start: usize,
    end: usize,
    snap: Snap,
) -> Option<(usize, usize)> {
    let (start, end) = (start.min(end), start.max(end).min(index.char_len()));
    let mut a = index.char_to_byte(text, start)?;
    let mut b = index.char_to_byte(text, end)?;
    // Work on the enclosing lines only, so a snap costs the size of a paragraph, not the book.
    let line_start = text[..a].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[b..].find('\n').map_or(text.len(), |i| b + i);
    let window = &text[line_start..line_end];
    let (la, lb) = (a - line_start, b - line_start);
    let (mut la, mut lb) = match snap {
        Snap::Word => word_bounds(window, la, lb),
        Snap::Character => grapheme_bounds(window, la, lb),
    };
    // Trim whitespace.
    while la < lb {
        let ch = window[la..].chars().next()?;
        if !ch.is_whitespace() {
            break;
        }
        la += ch.len_utf8();
    }
    while lb > la {
        let ch = window[..lb].chars().next_back()?;
        if !ch.is_whitespace() {
            break;
        }
        lb -= ch.len_utf8();
    }
    if la >= lb {
        return None;
    }
    a = line_start + la;
    b = line_start + lb;
    Some((index.byte_to_char(text, a)?, index.byte_to_char(text, b)?))
}

/// Grow `[a, b)` (bytes in `line`) outwards to word boundaries. A boundary that already sits
/// on a word edge stays; an empty range becomes the word under it.
fn word_bounds(line: &str, a: usize, b: usize) -> (usize, usize) {
    let mut start = a;
    let mut end = b;
    for (i, word) in line.split_word_bound_indices() {
        let w_end = i + word.len();
        if i < a && a < w_end {
            start = i;
        }
        if i < b && b < w_end {
            end = w_end;
        }
        if a == b && i <= a && a < w_end {
            start = i;
            end = w_end;
        }
    }
    (start, end)
}

/// Grow `[a, b)` outwards so neither end cuts a grapheme cluster.
fn grapheme_bounds(line: &str, a: usize, b: usize) -> (usize, usize) {
    let mut start = a;
    let mut end = b;
    for (i, g) in line.grapheme_indices(true) {
        let g_end = i + g.len();
        if i < a && a < g_end {
            start = i;
        }
        if i < b && b < g_end {
            end = g_end;
        }
    }
    (start, end)
}

/// The word around code point `at`, for double-click selection.
pub fn word_at(text: &str, index: &OffsetIndex, at: usize) -> Option<(usize, usize)> {
    snap_span(text, index, at, at, Snap::Word)
}

/// The line (paragraph) around code point `at`, trimmed, for triple-click selection.
pub fn paragraph_at(text: &str, index: &OffsetIndex, at: usize) -> Option<(usize, usize)> {
    let byte = index.char_to_byte(text, at.min(index.char_len()))?;
    let start = text[..byte].rfind('\n').map_or(0, |i| i + 1);
    let end = text[byte..].find('\n').map_or(text.len(), |i| byte + i);
    let (s, e) = (
        index.byte_to_char(text, start)?,
        index.byte_to_char(text, end)?,
    );
    snap_span(text, index, s, e, Snap::Character)
}

/// The start of the word boundary before (`forward == false`) or after code point `at`, for
/// moving a caret or a span edge by a word.
pub fn next_word_boundary(text: &str, index: &OffsetIndex, at: usize, forward: bool) -> usize {
    let Some(byte) = index.char_to_byte(text, at) else {
        return at;
    };
    let mut best = if forward { text.len() } else { 0 };
    for (i, word) in text.split_word_bound_indices() {
        if word.trim().is_empty() {
            continue;
        }
        let edges = [i, i + word.len()];
        for edge in edges {
            if forward && edge > byte && edge < best {
                best = edge;
            }
            if !forward && edge < byte && edge > best {
                best = edge;
            }
        }
        if forward && i > byte {
            break;
        }
    }
    index.byte_to_char(text, best).unwrap_or(at)
}

/// The nearest word start (`starts`) or word end before or after code point `at`, for moving a
/// span's edge by a word. Whitespace and punctuation runs are not words.
pub fn next_word_edge(
    text: &str,
    index: &OffsetIndex,
    at: usize,
    forward: bool,
    starts: bool,
) -> Option<usize> {
    let byte = index.char_to_byte(text, at)?;
    let mut best: Option<usize> = None;
    for (i, word) in text.split_word_bound_indices() {
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        let edge = if starts { i } else { i + word.len() };
        if forward && edge > byte {
            best = Some(edge);
            break;
        }
        if !forward && edge < byte {
            best = Some(edge);
        }
        if !forward && i >= byte {
            break;
        }
    }
    best.and_then(|b| index.byte_to_char(text, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(text: &str, s: usize, e: usize, mode: Snap) -> Option<&str> {
        let idx = OffsetIndex::new(text);
        let (a, b) = snap_span(text, &idx, s, e, mode)?;
        idx.slice(text, a, b)
    }

    #[test]
    fn words_grow_and_whitespace_is_trimmed() {
        let text = "Jack Ma, chairman of Alibaba";
        assert_eq!(snap(text, 1, 6, Snap::Word), Some("Jack Ma"));
        assert_eq!(snap(text, 4, 9, Snap::Word), Some("Ma,"));
        assert_eq!(snap(text, 4, 5, Snap::Character), None);
        assert_eq!(snap(text, 3, 9, Snap::Character), Some("k Ma,"));
    }

    #[test]
    fn graphemes_are_never_cut() {
        let text = "hi 👩‍👩‍👧 e\u{301}!";
        // Start inside the family emoji (code point 4 is the ZWJ).
        assert_eq!(snap(text, 4, 6, Snap::Character), Some("👩‍👩‍👧"));
        // End between e and its combining accent.
        assert_eq!(snap(text, 9, 10, Snap::Character), Some("e\u{301}"));
    }

    #[test]
    fn word_moves() {
        let text = "one two  three";
        let idx = OffsetIndex::new(text);
        assert_eq!(next_word_boundary(text, &idx, 0, true), 3);
        assert_eq!(next_word_boundary(text, &idx, 3, true), 4);
        assert_eq!(next_word_boundary(text, &idx, 9, false), 7);
        assert_eq!(next_word_edge(text, &idx, 3, true, false), Some(7));
        assert_eq!(next_word_edge(text, &idx, 7, false, false), Some(3));
        assert_eq!(next_word_edge(text, &idx, 4, false, true), Some(0));
        assert_eq!(next_word_edge(text, &idx, 4, true, true), Some(9));
        assert_eq!(
            word_at(text, &idx, 5).map(|(a, b)| &text[a..b]),
            Some("two")
        );
    }
}
