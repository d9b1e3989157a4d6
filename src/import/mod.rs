//! Bringing outside text into a project.

mod article;
mod decode;
mod html_text;

pub use article::{
    article_from_bytes, document_id_from_path, import_article, ArticleFormat, ImportError,
    ImportedArticle, MAX_ARTICLE_BYTES,
};
pub use decode::{decode_article, normalize_line_ends, DecodeError, DecodedText};
pub use html_text::{declared_charset, html_to_text, HtmlText};
