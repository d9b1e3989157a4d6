//! Building a document's text from the blocks an extractor found (paragraphs, headings, list
//! items, cells), one block a line, with the source's pages, chapters and headings recorded as
//! offsets into that text.

use crate::model::{Heading, SectionStart, Structure};

/// Accumulates blocks into text; offsets are code points, as everywhere.
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: String,
    chars: usize,
    structure: Structure,
    pending_pages: Vec<String>,
    pending_chapters: Vec<String>,
}

impl TextBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// True while nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Code points written so far.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// The text written so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A new page starts with the next text written.
    pub fn page(&mut self, name: impl Into<String>) {
        self.pending_pages.push(name.into());
    }

    /// A new chapter starts with the next text written.
    pub fn chapter(&mut self, title: impl Into<String>) {
        self.pending_chapters.push(title.into());
    }

    /// A paragraph of its own line. Runs of spaces and line ends become one space, a
    /// `\u{2028}` (line separator, from `<br>` or `<w:br/>`) a line end, tabs (between table
    /// cells) stay; blank paragraphs are left out. Returns where it starts, or `None` if it was blank.
    pub fn paragraph(&mut self, raw: &str) -> Option<usize> {
        let clean = clean_block(raw);
        if clean.is_empty() {
            return None;
        }
        if !self.text.is_empty() {
            self.push("\n");
        }
        let start = self.chars;
        self.settle_sections();
        self.push(&clean);
        Some(start)
    }

    /// A heading of `level` (1 to 6) as a paragraph of its own, recorded in the structure.
    pub fn heading(&mut self, raw: &str, level: u8) -> Option<usize> {
        let start = self.paragraph(raw)?;
        self.structure.headings.push(Heading {
            start,
            end: self.chars,
            level: level.clamp(1, 6),
        });
        Some(start)
    }

    /// More text for the last paragraph, after `joiner` (a space, or nothing after a joined
    /// hyphenation). Starts a paragraph when there is none.
    pub fn continue_paragraph(&mut self, raw: &str, joiner: &str) {
        let clean = clean_block(raw);
        if clean.is_empty() {
            return;
        }
        if self.text.is_empty() {
            self.paragraph(&clean);
            return;
        }
        self.push(joiner);
        self.settle_sections();
        self.push(&clean);
    }

    /// The text and its structure. Sections announced after the last text start at its end.
    pub fn finish(mut self) -> (String, Structure) {
        self.settle_sections();
        (self.text, self.structure)
    }

    /// Take back the last character written (a hyphen that turned out to join a word).
    pub fn pop_char(&mut self) {
        if self.text.pop().is_some() {
            self.chars -= 1;
        }
    }

    fn settle_sections(&mut self) {
        let at = self.chars;
        for name in self.pending_pages.drain(..) {
            self.structure.pages.push(SectionStart { at, name });
        }
        for name in self.pending_chapters.drain(..) {
            self.structure.chapters.push(SectionStart { at, name });
        }
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }
}

/// Whitespace collapsed to single spaces, line separators kept as line ends and tabs as tabs,
/// ends trimmed.
pub fn clean_block(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for ch in raw.chars() {
        match ch {
            '\u{2028}' | '\t' => {
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push(if ch == '\t' { '\t' } else { '\n' });
                space = false;
            }
            c if c.is_whitespace() && c != '\u{a0}' => space = true,
            c if c.is_control() => {}
            c => {
                if space && !out.is_empty() && !out.ends_with(['\n', '\t']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out.trim_matches(|c| c == '\n' || c == ' ' || c == '\t')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_lines_with_headings_and_pages_as_offsets() {
        let mut b = TextBuilder::new();
        b.page("1");
        b.heading("  Über  alles ", 1);
        b.paragraph("one\n two \n two");
        b.paragraph("   ");
        b.page("2");
        b.continue_paragraph("three", " ");
        b.paragraph("a\u{2028}b");
        b.paragraph("x \t y\t");
        b.page("3");
        let (text, s) = b.finish();
        assert_eq!(text, "Über alles\none two two three\na\nb\nx\ty");
        assert_eq!(
            s.headings,
            vec![Heading {
                start: 0,
                end: 10,
                level: 1
            }]
        );
        let pages: Vec<_> = s.pages.iter().map(|p| (p.at, p.name.as_str())).collect();
        assert_eq!(pages, vec![(0, "1"), (23, "2"), (36, "3")]);
        assert_eq!(text.chars().skip(23).take(5).collect::<String>(), "three");
        assert_eq!(s.page_at(30), Some("2"));
    }
}
