//! Reading and writing `*.ron` project files (SPEC §2).
//!
//! The file is self-contained (each document embeds its text and hash) and deterministic: the
//! same project always gives the same bytes, so two annotators' files diff and merge cleanly in
//! git. Loading validates everything and reports every problem.

mod canonical;
mod split;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atomic_save::write_atomic;
use crate::model::{
    Annotation, DocStatus, Document, LabelSchema, Prediction, Project, Rejection, Relation, Source,
};
use crate::validate::{validate_project, Problem};

/// The `format` value every project file carries.
pub const FORMAT_NAME: &str = "marginalia-project";
/// The file-format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// The offset unit every project file declares.
pub const OFFSET_UNIT: &str = "codepoint";
/// Largest project file Marginalia will read, so a hostile file cannot exhaust memory.
pub const MAX_PROJECT_BYTES: u64 = 256 * 1024 * 1024;

/// Why a project file could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_PROJECT_BYTES`].
    TooLarge { path: PathBuf, size: u64 },
    /// The bytes are not UTF-8.
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    /// The RON does not parse or does not have the project's shape.
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The file is not a Marginalia project, or declares another offset unit.
    NotAProject { path: PathBuf, message: String },
    /// A version this build does not know, written by a newer Marginalia.
    UnknownVersion { path: PathBuf, found: u64 },
    /// The file parsed but is inconsistent.
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// True when the file was readable as a project but failed validation (exit code 1, not 2).
    pub fn is_invalid(&self) -> bool {
        matches!(self, LoadError::Invalid { .. })
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            LoadError::TooLarge { path, size } => write!(
                f,
                "{}: file is {size} bytes, larger than the {} MB limit for project files",
                path.display(),
                MAX_PROJECT_BYTES / (1024 * 1024)
            ),
            LoadError::NotUtf8 { path, line, column } => {
                write!(f, "{}:{line}:{column}: not valid UTF-8", path.display())
            }
            LoadError::Syntax { path, line, column, message } => {
                write!(f, "{}:{line}:{column}: {message}", path.display())
            }
            LoadError::NotAProject { path, message } => write!(f, "{}: {message}", path.display()),
            LoadError::UnknownVersion { path, found } => write!(
                f,
                "{}: project format version {found} is not supported by this Marginalia (it reads version {FORMAT_VERSION}); open it with a newer release",
                path.display()
            ),
            LoadError::Invalid { path, problems } => {
                write!(f, "{}: {} problem(s)", path.display(), problems.len())?;
                for problem in problems.iter().take(3) {
                    write!(f, "; {problem}")?;
                }
                if problems.len() > 3 {
                    write!(f, "; …")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Why a project could not be saved.
#[derive(Debug)]
pub struct SaveError {
    /// The file that was being written.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: could not save: {}",
            self.path.display(),
            self.message
        )
    }
}

impl std::error::Error for SaveError {}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u32,
    offsets: &'a str,
    name: &'a str,
    schema: &'a LabelSchema,
    documents: Vec<DocumentOut<'a>>,
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    id: &'a str,
    title: &'a str,
    source: &'a Source,
    sha256: &'a str,
    next_id: u64,
    #[serde(skip_serializing_if = "DocStatus::is_todo")]
    status: DocStatus,
    annotations: Vec<&'a Annotation>,
    relations: Vec<&'a Relation>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    predictions: &'a [Prediction],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    rejections: &'a [Rejection],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    fields: &'a BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    time_seconds: &'a BTreeMap<String, u64>,
    text: &'a str,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    format: String,
    version: u64,
    offsets: String,
    name: String,
    schema: LabelSchema,
    documents: Vec<DocumentIn>,
}

#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct DocumentIn {
    id: String,
    title: String,
    source: Source,
    sha256: String,
    next_id: u64,
    #[serde(default)]
    status: DocStatus,
    annotations: Vec<Annotation>,
    #[serde(default)]
    relations: Vec<Relation>,
    #[serde(default)]
    predictions: Vec<Prediction>,
    #[serde(default)]
    rejections: Vec<Rejection>,
    #[serde(default)]
    fields: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    time_seconds: BTreeMap<String, u64>,
    text: String,
}

/// The project as the exact bytes of its file.
pub fn project_to_ron(project: &Project) -> String {
    let documents = project
        .documents
        .iter()
        .map(|doc| {
            let mut annotations: Vec<&Annotation> = doc.annotations.iter().map(|a| &**a).collect();
            annotations.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            let mut relations: Vec<&Relation> = doc.relations.iter().collect();
            relations.sort_by_key(|r| r.id);
            DocumentOut {
                id: &doc.id,
                title: &doc.title,
                source: &doc.source,
                sha256: doc.sha256(),
                next_id: doc.next_id,
                status: doc.status,
                annotations,
                relations,
                predictions: &doc.predictions,
                rejections: &doc.rejections,
                fields: &doc.fields,
                time_seconds: &doc.time_seconds,
                text: doc.text(),
            }
        })
        .collect();
    let file = FileOut {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        offsets: OFFSET_UNIT,
        name: &project.name,
        schema: &project.schema,
        documents,
    };
    // Depth 4 puts each annotation on one line (diffable, mergeable); raw strings keep the
    // article's own line breaks readable in the file.
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(4)
        .indentor("  ")
        .escape_strings(false);
    match ron::ser::to_string_pretty(&file, config) {
        Ok(mut text) => {
            text.push('\n');
            text
        }
        // Serializing plain strings, numbers and vectors cannot fail; keep a visible trace anyway.
        Err(err) => format!("// serialization failed: {err}\n"),
    }
}

/// The same file structure written as JSON instead of RON. Not a format Marginalia reads or
/// writes for users: the benchmarks parse it with serde_json as a reference figure, so RON's
/// cost can be told from the machine's speed.
pub fn project_to_json_reference(project: &Project) -> String {
    let text = project_to_ron(project);
    match ron::Options::default()
        .with_recursion_limit(64)
        .from_str::<FileIn>(&text)
    {
        Ok(file) => serde_json::to_string(&FileJson(&file)).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Parse what [`project_to_json_reference`] wrote with serde_json; returns the number of
/// annotations read (the benchmarks only need the work done).
pub fn parse_json_reference(text: &str) -> Result<usize, String> {
    let file: FileIn = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(file.documents.iter().map(|d| d.annotations.len()).sum())
}

/// [`FileIn`] serialized back (only for the JSON reference).
struct FileJson<'a>(&'a FileIn);

impl Serialize for FileJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let f = self.0;
        let mut st = serializer.serialize_struct("FileIn", 6)?;
        st.serialize_field("format", &f.format)?;
        st.serialize_field("version", &f.version)?;
        st.serialize_field("offsets", &f.offsets)?;
        st.serialize_field("name", &f.name)?;
        st.serialize_field("schema", &f.schema)?;
        let docs: Vec<DocumentOut<'_>> = f
            .documents
            .iter()
            .map(|d| DocumentOut {
                id: &d.id,
                title: &d.title,
                source: &d.source,
                sha256: &d.sha256,
                next_id: d.next_id,
                status: d.status,
                annotations: d.annotations.iter().collect(),
                relations: d.relations.iter().collect(),
                predictions: &d.predictions,
                rejections: &d.rejections,
                fields: &d.fields,
                time_seconds: &d.time_seconds,
                text: &d.text,
            })
            .collect();
        st.serialize_field("documents", &docs)?;
        st.end()
    }
}

/// The file parsed on every core (see [`split`]), or, when that meets anything unexpected, the
/// ordinary way, which gives the error. `preview` gets the documents without their annotations
/// as soon as they are parsed, while the annotations still are.
fn parse_file(
    text: &str,
    preview: &mut dyn FnMut(&FileIn),
) -> Result<FileIn, ron::error::SpannedError> {
    if let Some(file) = parse_in_parallel(text, preview) {
        return Ok(file);
    }
    ron::Options::default()
        .with_recursion_limit(64)
        .from_str(text)
}

fn parse_in_parallel(text: &str, preview: &mut dyn FnMut(&FileIn)) -> Option<FileIn> {
    let lists = split::find_lists(text)?;
    let outer = split::without_lists(text, &lists);
    let (file, items) = std::thread::scope(|scope| {
        let items = scope.spawn(|| split::parse_items(text, &lists));
        let file = ron::Options::default()
            .with_recursion_limit(64)
            .from_str::<FileIn>(&outer);
        if let Ok(file) = &file {
            preview(file);
        }
        (file, items.join())
    });
    let mut file = file.ok()?;
    let items = items.ok()??;
    if file.documents.len() != items.len() {
        return None;
    }
    for (doc, annotations) in file.documents.iter_mut().zip(items) {
        doc.annotations = annotations;
    }
    Some(file)
}

/// A document as the file gives it, annotations sorted.
fn document_from(d: DocumentIn) -> Document {
    let mut doc = Document::from_parts(d.id, d.title, d.source, d.text, d.sha256, d.next_id);
    doc.annotations = d.annotations.into_iter().map(Box::new).collect();
    doc.relations = d.relations;
    doc.status = d.status;
    doc.predictions = d.predictions;
    doc.rejections = d.rejections;
    doc.fields = d.fields;
    doc.time_seconds = d.time_seconds;
    doc.sort_annotations();
    doc
}

/// The documents of a file whose annotation lists are not parsed yet, with their texts and
/// nothing that refers to annotations; `None` when it is not a project this build reads.
fn preview_of(file: &FileIn) -> Option<Project> {
    if file.format != FORMAT_NAME || file.version != u64::from(FORMAT_VERSION) {
        return None;
    }
    let documents = file
        .documents
        .iter()
        .map(|d| {
            document_from(DocumentIn {
                annotations: Vec::new(),
                relations: Vec::new(),
                predictions: Vec::new(),
                rejections: Vec::new(),
                ..d.clone()
            })
        })
        .collect();
    Some(Project {
        name: file.name.clone(),
        schema: file.schema.clone(),
        documents,
    })
}

/// [`project_from_ron`], handing `preview` the project's documents with their texts but none of
/// their annotations as soon as those are read, while the annotations are still being parsed, so
/// a window can show the text of a big project at once. The preview is not validated: it is only
/// for showing. It does not come when the file cannot be read in parallel (the load then says
/// why, or takes the ordinary way).
pub fn project_from_ron_previewing(
    text: &str,
    path: &Path,
    preview: &mut dyn FnMut(Project),
) -> Result<Project, LoadError> {
    let mut hand_over = |file: &FileIn| {
        if let Some(first) = preview_of(file) {
            preview(first);
        }
    };
    project_from_parsed(text, path, parse_file(text, &mut hand_over))
}

/// Parse and validate a project from its text; `path` is only used in messages.
pub fn project_from_ron(text: &str, path: &Path) -> Result<Project, LoadError> {
    project_from_parsed(text, path, parse_file(text, &mut |_| {}))
}

fn project_from_parsed(
    text: &str,
    path: &Path,
    parsed: Result<FileIn, ron::error::SpannedError>,
) -> Result<Project, LoadError> {
    let path_buf = path.to_path_buf();
    let file = match parsed {
        Ok(file) => file,
        Err(err) => {
            if let Some(found) = sniff_version(text).filter(|v| *v != u64::from(FORMAT_VERSION)) {
                return Err(LoadError::UnknownVersion {
                    path: path_buf,
                    found,
                });
            }
            return Err(LoadError::Syntax {
                path: path_buf,
                line: err.span.start.line,
                column: err.span.start.col,
                message: err.code.to_string(),
            });
        }
    };
    if file.format != FORMAT_NAME {
        return Err(LoadError::NotAProject {
            path: path_buf,
            message: format!("format is {:?}, expected {FORMAT_NAME:?}", file.format),
        });
    }
    if file.version != u64::from(FORMAT_VERSION) {
        return Err(LoadError::UnknownVersion {
            path: path_buf,
            found: file.version,
        });
    }
    if file.offsets != OFFSET_UNIT {
        return Err(LoadError::NotAProject {
            path: path_buf,
            message: format!(
                "offsets are {:?}, this Marginalia reads {OFFSET_UNIT:?}",
                file.offsets
            ),
        });
    }
    let documents = file.documents.into_iter().map(document_from).collect();
    let project = Project {
        name: file.name,
        schema: file.schema,
        documents,
    };
    let problems = validate_project(&project);
    if problems.is_empty() {
        Ok(project)
    } else {
        Err(LoadError::Invalid {
            path: path_buf,
            problems,
        })
    }
}

/// Find `version: N` near the top of a file that failed to parse, so a file from a newer release
/// gets "unknown version" rather than a confusing syntax error.
fn sniff_version(text: &str) -> Option<u64> {
    let head: String = text.chars().take(4096).collect();
    let at = head.find("version:")?;
    let digits: String = head[at + "version:".len()..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Read, parse and validate the project at `path`.
pub fn load_project(path: &Path) -> Result<Project, LoadError> {
    let text = read_text_limited(path)?;
    project_from_ron(&text, path)
}

/// Read a whole file as UTF-8, refusing it before reading if it is over the size limit.
pub fn read_text_limited(path: &Path) -> Result<String, LoadError> {
    let io_err = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if meta.len() > MAX_PROJECT_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
        });
    }
    let bytes = std::fs::read(path).map_err(io_err)?;
    String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        LoadError::NotUtf8 {
            path: path.to_path_buf(),
            line,
            column,
        }
    })
}

/// Save `project` to `path` atomically, keeping the previous file as `NAME.bak`.
pub fn save_project(project: &Project, path: &Path) -> Result<(), SaveError> {
    let text = project_to_ron(project);
    write_atomic(path, text.as_bytes()).map_err(|err| SaveError {
        path: path.to_path_buf(),
        message: err.to_string(),
    })
}
