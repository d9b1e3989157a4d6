//! Where a document's offsets came from in its source: pages, chapters and headings, as
//! offsets into the document's text, so a reader can cite "p. 12" and exports can carry it.

use serde::{Deserialize, Serialize};

/// The first character of a page (PDF) or a chapter (EPUB).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionStart {
    /// Offset (code points) of the section's first character.
    pub at: usize,
    /// What the section is called: the page number as printed in citations (`"12"`), or the
    /// chapter's title.
    pub name: String,
}

/// A heading of the source, as a range of the text with its level (1 is the top).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Heading {
    /// Offset of the heading's first character.
    pub start: usize,
    /// Offset just past its last character.
    pub end: usize,
    /// 1 for a title or `<h1>`, up to 6.
    pub level: u8,
}

/// The source's structure; every list sorted by offset. Empty for plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Structure {
    /// Page starts, in page order (PDF).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<SectionStart>,
    /// Chapter starts, in spine order (EPUB).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chapters: Vec<SectionStart>,
    /// Headings, in text order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headings: Vec<Heading>,
}

impl Structure {
    /// True when the source had no structure to keep.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.chapters.is_empty() && self.headings.is_empty()
    }

    /// The page `offset` is on, by name, if the source had pages.
    pub fn page_at(&self, offset: usize) -> Option<&str> {
        section_at(&self.pages, offset)
    }

    /// The chapter `offset` is in, by title, if the source had chapters.
    pub fn chapter_at(&self, offset: usize) -> Option<&str> {
        section_at(&self.chapters, offset)
    }

    /// Every problem with the offsets for a text of `len` code points.
    pub fn problems(&self, len: usize) -> Vec<String> {
        let mut out = Vec::new();
        for (what, list) in [("page", &self.pages), ("chapter", &self.chapters)] {
            for (i, s) in list.iter().enumerate() {
                if s.at > len {
                    out.push(format!(
                        "{what} \"{}\" starts at {}, beyond the end of the text ({len} characters)",
                        s.name, s.at
                    ));
                }
                if i > 0 && list[i - 1].at > s.at {
                    out.push(format!(
                        "{what} \"{}\" starts before the {what} listed ahead of it",
                        s.name
                    ));
                }
            }
        }
        for (i, h) in self.headings.iter().enumerate() {
            if h.start > h.end || h.end > len {
                out.push(format!(
                    "heading [{}, {}) is not a range of the text ({len} characters)",
                    h.start, h.end
                ));
            }
            if !(1..=6).contains(&h.level) {
                out.push(format!(
                    "heading [{}, {}) has level {}, expected 1 to 6",
                    h.start, h.end, h.level
                ));
            }
            if i > 0 && self.headings[i - 1].start > h.start {
                out.push(format!(
                    "heading [{}, {}) is listed after a later one",
                    h.start, h.end
                ));
            }
        }
        out
    }
}

fn section_at(list: &[SectionStart], offset: usize) -> Option<&str> {
    let after = list.partition_point(|s| s.at <= offset);
    list.get(after.checked_sub(1)?).map(|s| s.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages() -> Structure {
        Structure {
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
        }
    }

    #[test]
    fn page_of_an_offset_is_the_last_start_at_or_before_it() {
        let s = pages();
        assert_eq!(s.page_at(0), Some("1"));
        assert_eq!(s.page_at(9), Some("1"));
        assert_eq!(s.page_at(10), Some("2"));
        assert_eq!(s.page_at(400), Some("3"));
        assert_eq!(Structure::default().page_at(3), None);
        let late = Structure {
            chapters: vec![SectionStart {
                at: 5,
                name: "One".into(),
            }],
            ..Structure::default()
        };
        assert_eq!(late.chapter_at(4), None);
        assert_eq!(late.chapter_at(5), Some("One"));
    }

    #[test]
    fn problems_name_out_of_range_and_unsorted_entries() {
        let mut s = pages();
        assert!(s.problems(30).is_empty());
        assert_eq!(s.problems(20).len(), 1);
        s.pages.swap(0, 1);
        s.headings.push(Heading {
            start: 4,
            end: 2,
            level: 9,
        });
        let problems = s.problems(30);
        assert_eq!(problems.len(), 3, "{problems:?}");
    }
}
