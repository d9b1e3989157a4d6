//! Labeled data in and out: brat, doccano, CoNLL, spaCy, Label Studio, CSV and W3C.
//!
//! Every exporter writes offsets in code points (UTF-16 only where asked), and reports with counts
//! whatever its format cannot hold; nothing is dropped silently.

pub mod brat;
pub mod builder;
pub mod conll;
pub mod csv_table;
pub mod doc_fields;
pub mod doccano;
pub mod labelstudio;
pub mod safe_name;
pub mod spacy;
pub mod tokens;
pub mod w3c;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::{Annotation, Document, Project, ReviewStatus};

/// The interchange formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// brat standoff: a folder of `.txt` + `.ann`, with `annotation.conf` and `visual.conf`.
    Brat,
    /// doccano JSONL, one document per line.
    Doccano,
    /// CSV, one row per annotation.
    Csv,
    /// CoNLL with IOB2, BIOES or BILOU tags.
    Conll,
    /// spaCy training JSON.
    Spacy,
    /// Label Studio task JSON.
    LabelStudio,
    /// W3C Web Annotation JSON-LD (export only).
    W3c,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 7] = [
        Format::Brat,
        Format::Doccano,
        Format::Conll,
        Format::Spacy,
        Format::LabelStudio,
        Format::Csv,
        Format::W3c,
    ];

    /// True when the export is a folder rather than one file.
    pub fn writes_folder(self) -> bool {
        self == Format::Brat
    }

    /// The usual file extension of an export.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Brat => "",
            Format::Doccano => "jsonl",
            Format::Csv => "csv",
            Format::Conll => "conll",
            Format::Spacy | Format::LabelStudio => "json",
            Format::W3c => "jsonld",
        }
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Brat => "brat",
            Format::Doccano => "doccano",
            Format::Csv => "csv",
            Format::Conll => "conll",
            Format::Spacy => "spacy",
            Format::LabelStudio => "labelstudio",
            Format::W3c => "w3c",
        }
    }
}

/// Which annotations to export.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Only annotations with this review status.
    pub status: Option<ReviewStatus>,
    /// Only annotations with this label.
    pub label: Option<String>,
    /// doccano: write the `entities` / `relations` form.
    pub relations: bool,
    /// doccano: write the text classification form, the document fields as the `label` list.
    pub classification: bool,
    /// CoNLL: the tag scheme.
    pub scheme: conll::TagScheme,
    /// CoNLL: which span a token takes when several cover it.
    pub nested: conll::Nested,
    /// Label Studio: the offset unit.
    pub offsets: labelstudio::OffsetUnit,
    /// brat: the source page of each span ("p. 12") in its note.
    pub page_notes: bool,
    /// CSV: the annotations table or the documents table.
    pub table: csv_table::Table,
}

impl ExportOptions {
    /// The annotations of `doc` that pass the filters, in document order.
    pub fn selected<'d>(&self, doc: &'d Document) -> Vec<&'d Annotation> {
        doc.annotations
            .iter()
            .filter(|a| self.status.is_none_or(|s| a.review.status == s))
            .filter(|a| self.label.as_ref().is_none_or(|l| *l == a.label))
            .map(|a| &**a)
            .collect()
    }
}

/// What an export wrote, and what the format could not hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportReport {
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Annotations exported.
    pub annotations: usize,
    /// Document field values exported (a multiple-choice answer counts each value).
    pub field_answers: usize,
    /// Things the format could not express, with how many times each happened.
    pub lost: BTreeMap<String, usize>,
}

impl ExportReport {
    /// Count one thing the format could not express.
    pub fn lose(&mut self, what: impl Into<String>) {
        *self.lost.entry(what.into()).or_insert(0) += 1;
    }

    /// One line per loss, for the CLI and the window.
    pub fn loss_lines(&self) -> Vec<String> {
        self.lost
            .iter()
            .map(|(what, n)| format!("{n} × {what}"))
            .collect()
    }
}

/// Why an export or import failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// The file concerned.
    pub path: PathBuf,
    /// Line (1-based) or JSON path where the problem is, when known.
    pub location: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl FormatError {
    /// An error about `path` as a whole.
    pub fn new(path: &Path, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            location: None,
            message: message.into(),
        }
    }

    /// An error at a location inside `path`.
    pub fn at(path: &Path, location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            location: Some(location.into()),
            message: message.into(),
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{}:{loc}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for FormatError {}

/// Read an input file as text (refusing files over the size limit), as a format error.
pub(crate) fn read_input(path: &Path) -> Result<String, FormatError> {
    crate::project_file::read_text_limited(path).map_err(|e| FormatError::new(path, e.to_string()))
}

/// Read an input file as one JSON value; a syntax error names the line and column.
pub(crate) fn read_json(path: &Path) -> Result<serde_json::Value, FormatError> {
    let content = read_input(path)?;
    serde_json::from_str(content.strip_prefix('\u{feff}').unwrap_or(&content)).map_err(|e| {
        FormatError::at(
            path,
            format!("{}:{}", e.line(), e.column()),
            format!("invalid JSON: {e}"),
        )
    })
}

/// Write `bytes` to `path` atomically, as a format error on failure.
pub(crate) fn write_file(
    path: &Path,
    bytes: &[u8],
    report: &mut ExportReport,
) -> Result<(), FormatError> {
    crate::atomic_save::write_atomic(path, bytes)
        .map_err(|e| FormatError::new(path, format!("could not write: {e}")))?;
    report.files.push(path.to_path_buf());
    Ok(())
}

/// Import labeled data in `format` from `paths` as a new project named `name`; `author` is
/// recorded where the source names none.
pub fn import(
    format: Format,
    paths: &[&Path],
    name: &str,
    author: &str,
) -> Result<(Project, builder::ImportReport), FormatError> {
    match format {
        Format::Brat => brat::import(paths, name, author),
        Format::Doccano => doccano::import(paths, name, author),
        Format::Conll => conll::import(paths, name, author),
        Format::Spacy => spacy::import(paths, name, author),
        Format::LabelStudio => labelstudio::import(paths, name, author),
        Format::Csv | Format::W3c => Err(FormatError::new(
            paths.first().copied().unwrap_or(Path::new("-")),
            format!("{} is an export-only format", format.name()),
        )),
    }
}

/// Export `project` to `out` in `format`.
pub fn export(
    project: &Project,
    format: Format,
    out: &Path,
    options: &ExportOptions,
) -> Result<ExportReport, FormatError> {
    match format {
        Format::Brat => brat::export(project, out, options),
        Format::Doccano => doccano::export(project, out, options),
        Format::Csv => csv_table::export(project, out, options),
        Format::Conll => conll::export(project, out, options, options.scheme, options.nested),
        Format::Spacy => spacy::export(project, out, options),
        Format::LabelStudio => labelstudio::export(project, out, options, options.offsets),
        Format::W3c => w3c::export(project, out, options),
    }
}
