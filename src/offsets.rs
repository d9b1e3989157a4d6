//! Conversions between the three ways of counting a position in a text.
//!
//! Marginalia stores every offset as a Unicode code point index (SPEC §1), Rust slices strings by
//! UTF-8 byte, and some formats (Label Studio's browser front end, the W3C selectors of some tools)
//! count UTF-16 code units. Keeping all conversions here is what stops offsets from drifting after
//! an emoji or an accented letter.

/// How many code points one checkpoint covers. A lookup scans at most this many characters.
const BLOCK: usize = 64;

/// A checkpoint table over one text that answers offset conversions in O(log n).
///
/// Built once per document (O(n)), it records the byte and UTF-16 position of every 64th code
/// point. Pure-ASCII texts skip the table entirely, since all three units coincide.
#[derive(Debug, Clone, Default)]
pub struct OffsetIndex {
    chars: usize,
    bytes: usize,
    utf16: usize,
    /// Byte offset of code point `i * BLOCK`.
    block_bytes: Vec<usize>,
    /// UTF-16 offset of code point `i * BLOCK`.
    block_utf16: Vec<usize>,
    ascii: bool,
}

impl OffsetIndex {
    /// Index `text`. The index must only be used with the same text.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self {
                chars: text.len(),
                bytes: text.len(),
                utf16: text.len(),
                ascii: true,
                ..Self::default()
            };
        }
        let mut block_bytes = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut block_utf16 = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        let mut utf16 = 0;
        for (byte, ch) in text.char_indices() {
            if chars % BLOCK == 0 {
                block_bytes.push(byte);
                block_utf16.push(utf16);
            }
            chars += 1;
            utf16 += ch.len_utf16();
        }
        Self {
            chars,
            bytes: text.len(),
            utf16,
            block_bytes,
            block_utf16,
            ascii: false,
        }
    }

    /// Number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// Number of UTF-16 code units in the text.
    pub fn utf16_len(&self) -> usize {
        self.utf16
    }

    /// Byte offset of code point `char_offset`; `None` past the end of the text.
    pub fn char_to_byte(&self, text: &str, char_offset: usize) -> Option<usize> {
        if char_offset > self.chars {
            return None;
        }
        if self.ascii {
            return Some(char_offset);
        }
        if char_offset == self.chars {
            return Some(self.bytes);
        }
        let block = char_offset / BLOCK;
        let start = self.block_bytes[block];
        let skip = char_offset - block * BLOCK;
        text[start..]
            .char_indices()
            .nth(skip)
            .map(|(b, _)| start + b)
    }

    /// Code point offset of byte `byte_offset`; `None` if it is past the end or inside a character.
    pub fn byte_to_char(&self, text: &str, byte_offset: usize) -> Option<usize> {
        if byte_offset > self.bytes || !text.is_char_boundary(byte_offset) {
            return None;
        }
        if self.ascii {
            return Some(byte_offset);
        }
        let block = self.block_bytes.partition_point(|&b| b <= byte_offset) - 1;
        let start = self.block_bytes[block];
        Some(block * BLOCK + text[start..byte_offset].chars().count())
    }

    /// UTF-16 offset of code point `char_offset`; `None` past the end of the text.
    pub fn char_to_utf16(&self, text: &str, char_offset: usize) -> Option<usize> {
        if char_offset > self.chars {
            return None;
        }
        if self.ascii {
            return Some(char_offset);
        }
        if char_offset == self.chars {
            return Some(self.utf16);
        }
        let block = char_offset / BLOCK;
        let start = self.block_bytes[block];
        let skip = char_offset - block * BLOCK;
        let extra: usize = text[start..].chars().take(skip).map(char::len_utf16).sum();
        Some(self.block_utf16[block] + extra)
    }

    /// Code point offset of UTF-16 unit `utf16_offset`; `None` past the end or between the two
    /// halves of a surrogate pair.
    pub fn utf16_to_char(&self, text: &str, utf16_offset: usize) -> Option<usize> {
        if utf16_offset > self.utf16 {
            return None;
        }
        if self.ascii {
            return Some(utf16_offset);
        }
        let block = self.block_utf16.partition_point(|&u| u <= utf16_offset) - 1;
        let mut units = self.block_utf16[block];
        let mut chars = block * BLOCK;
        for ch in text[self.block_bytes[block]..].chars() {
            if units == utf16_offset {
                return Some(chars);
            }
            if units > utf16_offset {
                return None;
            }
            units += ch.len_utf16();
            chars += 1;
        }
        (units == utf16_offset).then_some(chars)
    }

    /// The text between two code point offsets, or `None` if the range is inverted or out of range.
    pub fn slice<'t>(&self, text: &'t str, start: usize, end: usize) -> Option<&'t str> {
        if start > end {
            return None;
        }
        let a = self.char_to_byte(text, start)?;
        let b = self.char_to_byte(text, end)?;
        text.get(a..b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astral_and_combining() {
        let text = "a👩‍👩‍👧b\u{301}中";
        let idx = OffsetIndex::new(text);
        assert_eq!(idx.char_len(), text.chars().count());
        assert_eq!(idx.char_to_byte(text, 1), Some(1));
        assert_eq!(idx.char_to_byte(text, 2), Some(5));
        assert_eq!(idx.char_to_utf16(text, 2), Some(3));
        assert_eq!(idx.utf16_to_char(text, 2), None, "inside a surrogate pair");
        assert_eq!(idx.byte_to_char(text, 2), None, "inside a UTF-8 sequence");
        assert_eq!(idx.slice(text, 6, 8), Some("b\u{301}"));
        assert_eq!(idx.slice(text, 3, 2), None);
        assert_eq!(idx.char_to_byte(text, 99), None);
    }
}
