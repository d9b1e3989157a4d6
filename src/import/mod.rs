//! Bringing outside text into a project.

mod archive;
mod article;
mod blocks;
mod decode;
mod epub;
mod guard;
mod html_text;
mod office;
mod pdf;
mod pdf_graph;
mod web_page;
mod xml_events;

pub use article::{
    article_from_bytes, article_from_bytes_with, document_id_from_path, import_article,
    import_article_with, ArticleFormat, ImportError, ImportOptions, ImportedArticle,
    MAX_ARTICLE_BYTES,
};
pub use blocks::{clean_block, TextBuilder};
pub use decode::{decode_article, normalize_line_ends, DecodeError, DecodedText};
pub use guard::{guarded, GuardError, EXTRACTION_TIME_LIMIT};
pub use html_text::{declared_charset, html_to_text, HtmlText};
pub use web_page::read_web_page;

use crate::model::{Heading, Structure};

/// What an extractor made of a file, before it becomes a document.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The text to annotate.
    pub text: String,
    /// Pages, chapters and headings as offsets into `text`.
    pub structure: Structure,
    /// The title the source gives itself.
    pub title: Option<String>,
    /// Its author line.
    pub byline: Option<String>,
    /// When it was published.
    pub published: Option<String>,
    /// Its own address.
    pub url: Option<String>,
    /// What extraction decided, for the user.
    pub notes: Vec<String>,
    /// The format name to record when it differs from the file's (`web-article`).
    pub format: Option<&'static str>,
}

impl Extracted {
    /// Text with no structure.
    pub fn plain(text: String) -> Self {
        Self {
            text,
            ..Self::default()
        }
    }

    /// What a [`TextBuilder`] built.
    pub fn from_builder(builder: TextBuilder) -> Self {
        let (text, structure) = builder.finish();
        Self {
            text,
            structure,
            ..Self::default()
        }
    }

    /// Add "N what" to the notes when N is not zero.
    pub fn with_count(mut self, n: usize, what: &str) -> Self {
        if n > 0 {
            self.notes.push(format!("{n} {what}"));
        }
        self
    }
}

/// A footnote's "back to the text" link (pandoc's and most e-books' `↩︎`) taken off the end of
/// its line: a link to follow, not text of the note.
fn without_backlink(line: &str) -> &str {
    line.trim_end()
        .trim_end_matches(['\u{fe0e}', '\u{fe0f}'])
        .trim_end_matches('\u{21a9}')
        .trim_end()
}

/// The lines of extracted HTML (one block a line) as paragraphs and headings of `out`.
pub(crate) fn add_html_blocks(out: &mut TextBuilder, text: &str, headings: &[Heading]) {
    let mut start = 0usize;
    let mut headings = headings.iter().peekable();
    for line in text.split('\n') {
        let end = start + line.chars().count();
        while headings
            .peek()
            .is_some_and(|h| h.end <= start && h.start < start)
        {
            headings.next();
        }
        let level = headings
            .peek()
            .filter(|h| h.start <= start && h.end >= end)
            .map(|h| h.level);
        match level {
            Some(level) => out.heading(line, level),
            None => out.paragraph(without_backlink(line)),
        };
        start = end + 1;
    }
}
