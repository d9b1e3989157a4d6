//! Turning an article file (`.txt`, `.md`, `.html`) into a project document.

use std::fmt;
use std::path::{Path, PathBuf};

use super::decode::{decode_article, DecodeError};
use super::html_text::{declared_charset, html_to_text};
use crate::model::{Document, Source};
use crate::project_file::MAX_PROJECT_BYTES;

/// Largest article Marginalia will import; the limit is named in the refusal.
pub const MAX_ARTICLE_BYTES: u64 = MAX_PROJECT_BYTES;

/// Which kind of article a file is, decided by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleFormat {
    /// Plain text.
    Text,
    /// Markdown, annotated as its raw text.
    Markdown,
    /// HTML, reduced to its visible text.
    Html,
}

impl ArticleFormat {
    /// The format for a path's extension; unknown extensions are read as plain text.
    pub fn from_path(path: &Path) -> Self {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => ArticleFormat::Markdown,
            "html" | "htm" | "xhtml" => ArticleFormat::Html,
            _ => ArticleFormat::Text,
        }
    }

    /// The name recorded in the document's source.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleFormat::Text => "text",
            ArticleFormat::Markdown => "markdown",
            ArticleFormat::Html => "html",
        }
    }
}

/// Why an article could not be imported.
#[derive(Debug)]
pub enum ImportError {
    /// The file could not be read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Over [`MAX_ARTICLE_BYTES`].
    TooLarge { path: PathBuf, size: u64 },
    /// Not text.
    Binary { path: PathBuf, offset: usize },
    /// Nothing left after extraction.
    Empty { path: PathBuf },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            ImportError::TooLarge { path, size } => write!(
                f,
                "{}: file is {size} bytes, larger than the {} MB limit for articles",
                path.display(),
                MAX_ARTICLE_BYTES / (1024 * 1024)
            ),
            ImportError::Binary { path, offset } => write!(
                f,
                "{}: looks like a binary file (control byte at offset {offset}), not a text article",
                path.display()
            ),
            ImportError::Empty { path } => write!(f, "{}: the article has no text", path.display()),
        }
    }
}

impl std::error::Error for ImportError {}

/// An imported article and what the import decided on the way.
#[derive(Debug, Clone)]
pub struct ImportedArticle {
    /// The new document, without annotations.
    pub document: Document,
    /// True when the encoding was guessed; the caller should tell the user which one was used.
    pub encoding_guessed: bool,
}

/// Read and import the article at `path`.
pub fn import_article(path: &Path) -> Result<ImportedArticle, ImportError> {
    let io_err = |source| ImportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io_err)?.len();
    if size > MAX_ARTICLE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    let bytes = std::fs::read(path).map_err(io_err)?;
    article_from_bytes(&bytes, path, ArticleFormat::from_path(path))
}

/// Import an article already in memory; `path` names it in the document and in messages.
pub fn article_from_bytes(
    bytes: &[u8],
    path: &Path,
    format: ArticleFormat,
) -> Result<ImportedArticle, ImportError> {
    let hint = match format {
        ArticleFormat::Html => declared_charset(bytes),
        _ => None,
    };
    let decoded = decode_article(bytes, hint.as_deref()).map_err(|err| match err {
        DecodeError::Binary { offset } => ImportError::Binary {
            path: path.to_path_buf(),
            offset,
        },
    })?;
    let (text, title) = match format {
        ArticleFormat::Html => {
            let html = html_to_text(&decoded.text);
            let title = html.title.unwrap_or_else(|| first_line_title(&html.text));
            (html.text, title)
        }
        ArticleFormat::Text | ArticleFormat::Markdown => {
            let title = first_line_title(&decoded.text);
            (decoded.text, title)
        }
    };
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let id = document_id_from_path(path);
    let title = if title.is_empty() { id.clone() } else { title };
    let source = Source {
        path: path.display().to_string(),
        encoding: decoded.encoding.to_owned(),
        format: format.as_str().to_owned(),
    };
    Ok(ImportedArticle {
        document: Document::new(id, title, source, text),
        encoding_guessed: decoded.guessed,
    })
}

/// The first non-empty line, without Markdown heading marks, cut to 120 characters.
fn first_line_title(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let line = line.trim_start_matches('#').trim();
    line.chars().take(120).collect()
}

/// A document id from a file name: its stem, lowercased, with anything but letters, digits,
/// `-` and `_` turned into `-`, so ids are safe as file names in every exporter.
pub fn document_id_from_path(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut id = String::new();
    for ch in stem.chars() {
        if ch.is_alphanumeric() || ch == '_' || ch == '-' {
            id.extend(ch.to_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_owned();
    if id.is_empty() {
        "document".to_owned()
    } else {
        id
    }
}
