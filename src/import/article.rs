//! Turning an article file (text, Markdown, a saved web page, PDF, Word, OpenDocument, EPUB)
//! into a project document.

use std::fmt;
use std::path::{Path, PathBuf};

use super::decode::{decode_article, DecodeError};
use super::guard::{guarded, GuardError, EXTRACTION_TIME_LIMIT};
use super::html_text::declared_charset;
use super::pdf::PdfProblem;
use super::web_page::{mhtml_html, read_web_page};
use super::Extracted;
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
    /// A saved web page (`.html`, `.htm`, `.xhtml`): its article, or its visible text.
    Html,
    /// A web page saved as one MIME archive (`.mhtml`, `.mht`).
    Mhtml,
    /// PDF with a text layer.
    Pdf,
    /// Word (Office Open XML).
    Docx,
    /// OpenDocument text.
    Odt,
    /// EPUB e-book.
    Epub,
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
            "mhtml" | "mht" => ArticleFormat::Mhtml,
            "pdf" => ArticleFormat::Pdf,
            "docx" => ArticleFormat::Docx,
            "odt" => ArticleFormat::Odt,
            "epub" => ArticleFormat::Epub,
            _ => ArticleFormat::Text,
        }
    }

    /// The name recorded in the document's source.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleFormat::Text => "text",
            ArticleFormat::Markdown => "markdown",
            ArticleFormat::Html | ArticleFormat::Mhtml => "html",
            ArticleFormat::Pdf => "pdf",
            ArticleFormat::Docx => "docx",
            ArticleFormat::Odt => "odt",
            ArticleFormat::Epub => "epub",
        }
    }

    /// Extensions of every article format, for file dialogs.
    pub const EXTENSIONS: &'static [&'static str] = &[
        "txt", "md", "markdown", "html", "htm", "xhtml", "mhtml", "mht", "pdf", "docx", "odt",
        "epub",
    ];

    /// True for formats read from a container or a page description rather than as text.
    fn is_binary(self) -> bool {
        matches!(
            self,
            ArticleFormat::Pdf | ArticleFormat::Docx | ArticleFormat::Odt | ArticleFormat::Epub
        )
    }
}

/// Choices made per import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Keep a web page's whole visible text instead of extracting its article.
    pub whole_page: bool,
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
    /// A PDF whose pages are pictures.
    NoTextLayer { path: PathBuf, pages: usize },
    /// A PDF that needs a password.
    Encrypted { path: PathBuf },
    /// A damaged file, or one beyond a limit (zip bomb, endless object graph).
    Unreadable {
        path: PathBuf,
        format: &'static str,
        reason: String,
    },
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
            ImportError::NoTextLayer { path, pages } => write!(
                f,
                "{}: the PDF's {pages} page(s) have no text layer, only pictures (a scan?); run OCR on it first (for example `ocrmypdf`) and import the result",
                path.display()
            ),
            ImportError::Encrypted { path } => write!(
                f,
                "{}: the PDF is encrypted and needs a password; save an unprotected copy and import that",
                path.display()
            ),
            ImportError::Unreadable {
                path,
                format,
                reason,
            } => write!(f, "{}: cannot read this {format} file: {reason}", path.display()),
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
    /// What extraction decided (hyphenations joined, headers dropped, no article found), to
    /// tell the user after the import.
    pub notes: Vec<String>,
}

/// Read and import the article at `path` with the default options.
pub fn import_article(path: &Path) -> Result<ImportedArticle, ImportError> {
    import_article_with(path, ImportOptions::default())
}

/// Read and import the article at `path`.
pub fn import_article_with(
    path: &Path,
    options: ImportOptions,
) -> Result<ImportedArticle, ImportError> {
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
    article_from_bytes_with(&bytes, path, ArticleFormat::from_path(path), options)
}

/// Import an article already in memory with the default options.
pub fn article_from_bytes(
    bytes: &[u8],
    path: &Path,
    format: ArticleFormat,
) -> Result<ImportedArticle, ImportError> {
    article_from_bytes_with(bytes, path, format, ImportOptions::default())
}

/// Import an article already in memory; `path` names it in the document and in messages.
pub fn article_from_bytes_with(
    bytes: &[u8],
    path: &Path,
    format: ArticleFormat,
    options: ImportOptions,
) -> Result<ImportedArticle, ImportError> {
    if format.is_binary() {
        let extracted = extract_binary(bytes, path, format)?;
        return finish(path, format, "UTF-8", false, extracted);
    }
    let (bytes, hint) = match format {
        ArticleFormat::Html => (bytes.to_vec(), declared_charset(bytes)),
        ArticleFormat::Mhtml => mhtml_html(bytes).ok_or_else(|| ImportError::Unreadable {
            path: path.to_path_buf(),
            format: "MHTML",
            reason: "it holds no text/html part".into(),
        })?,
        _ => (bytes.to_vec(), None),
    };
    let decoded = decode_article(&bytes, hint.as_deref()).map_err(|err| match err {
        DecodeError::Binary { offset } => ImportError::Binary {
            path: path.to_path_buf(),
            offset,
        },
    })?;
    let extracted = match format {
        ArticleFormat::Html | ArticleFormat::Mhtml => {
            let html = decoded.text;
            let whole_page = options.whole_page;
            guarded(EXTRACTION_TIME_LIMIT, move |_| {
                read_web_page(&html, whole_page)
            })
            .map_err(|e| guard_error(path, "web page", e))?
        }
        _ => Extracted {
            title: None,
            ..Extracted::plain(decoded.text)
        },
    };
    finish(path, format, decoded.encoding, decoded.guessed, extracted)
}

/// PDF, Word, OpenDocument or EPUB, read on a guarded thread.
fn extract_binary(
    bytes: &[u8],
    path: &Path,
    format: ArticleFormat,
) -> Result<Extracted, ImportError> {
    let owned = bytes.to_vec();
    let name = match format {
        ArticleFormat::Pdf => "PDF",
        ArticleFormat::Docx => "Word",
        ArticleFormat::Odt => "OpenDocument",
        _ => "EPUB",
    };
    let outcome = guarded(EXTRACTION_TIME_LIMIT, move |deadline| match format {
        ArticleFormat::Pdf => super::pdf::read_pdf(&owned, deadline),
        ArticleFormat::Docx => super::office::read_docx(&owned).map_err(PdfProblem::Unreadable),
        ArticleFormat::Odt => super::office::read_odt(&owned).map_err(PdfProblem::Unreadable),
        _ => super::epub::read_epub(&owned).map_err(PdfProblem::Unreadable),
    })
    .map_err(|e| guard_error(path, name, e))?;
    outcome.map_err(|problem| match problem {
        PdfProblem::Encrypted => ImportError::Encrypted {
            path: path.to_path_buf(),
        },
        PdfProblem::NoTextLayer { pages } => ImportError::NoTextLayer {
            path: path.to_path_buf(),
            pages,
        },
        PdfProblem::Unreadable(reason) => ImportError::Unreadable {
            path: path.to_path_buf(),
            format: name,
            reason,
        },
    })
}

fn guard_error(path: &Path, format: &'static str, err: GuardError) -> ImportError {
    let reason = match err {
        GuardError::TimedOut(limit) => format!(
            "reading it took longer than the {} seconds allowed",
            limit.as_secs()
        ),
        GuardError::Crashed(message) => format!("the file is damaged ({message})"),
    };
    ImportError::Unreadable {
        path: path.to_path_buf(),
        format,
        reason,
    }
}

/// The document from extracted text, titled by its source's title or first line.
fn finish(
    path: &Path,
    format: ArticleFormat,
    encoding: &str,
    encoding_guessed: bool,
    extracted: Extracted,
) -> Result<ImportedArticle, ImportError> {
    let Extracted {
        text,
        structure,
        title,
        byline,
        published,
        url,
        notes,
        format: format_name,
    } = extracted;
    let title = title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| first_line_title(&text));
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let id = document_id_from_path(path);
    let title = if title.is_empty() { id.clone() } else { title };
    let source = Source {
        path: path.display().to_string(),
        encoding: encoding.to_owned(),
        format: format_name.unwrap_or(format.as_str()).to_owned(),
        url,
        byline,
        published,
        structure,
    };
    Ok(ImportedArticle {
        document: Document::new(id, title, source, text),
        encoding_guessed,
        notes,
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
