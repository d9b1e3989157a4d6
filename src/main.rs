//! The `marginalia` command: opens the window, or runs one command-line task (SPEC §3).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use marginalia::agreement::{self, Annotator};
use marginalia::formats::conll::{Nested, TagScheme};
use marginalia::formats::labelstudio::OffsetUnit;
use marginalia::formats::{self, ExportOptions, Format};
use marginalia::import::import_article;
use marginalia::model::Project;
use marginalia::model::ReviewStatus;
use marginalia::project_file::{load_project, save_project, LoadError};
use marginalia::stats::project_stats;

/// Offline annotation of articles: entities, claims and quotes, with exact offsets.
#[derive(Parser)]
#[command(name = "marginalia", version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// A project (.ron) or an article (.txt, .md, .html) to open in the window; without it the
    /// bundled sample project opens.
    file: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Build a project from articles, or from labeled data (brat, doccano, CoNLL, spaCy, Label Studio).
    Import {
        /// Article files (.txt, .md, .html).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The project file to write.
        #[arg(short, long)]
        output: PathBuf,
        /// What the inputs are.
        #[arg(long, value_enum, default_value_t = ImportFormat::Text)]
        from: ImportFormat,
        /// The project's name (default: the output file's name).
        #[arg(long)]
        name: Option<String>,
        /// Replace the output file if it exists (its old content is kept as OUT.ron.bak).
        #[arg(long)]
        force: bool,
        /// Author recorded on imported annotations when the source names none.
        #[arg(long, default_value = "imported")]
        annotator: String,
    },
    /// Write labeled data for other tools.
    Export {
        /// The project file.
        project: PathBuf,
        /// The format to write.
        #[arg(long = "to", value_enum)]
        to: ExportFormat,
        /// Output file (a folder for brat).
        #[arg(short, long)]
        output: PathBuf,
        /// Only annotations with this review status.
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// Only annotations with this label.
        #[arg(long)]
        label: Option<String>,
        /// doccano: write the entities / relations form.
        #[arg(long)]
        relations: bool,
        /// CoNLL: the tag scheme.
        #[arg(long, value_enum, default_value_t = SchemeArg::Iob2)]
        scheme: SchemeArg,
        /// CoNLL: with overlapping spans, each token takes the outermost or the innermost.
        #[arg(long, value_enum, default_value_t = NestedArg::Outer)]
        nested: NestedArg,
        /// Label Studio: offsets in code points (Python) or UTF-16 units (JavaScript).
        #[arg(long, value_enum, default_value_t = OffsetsArg::Codepoint)]
        offsets: OffsetsArg,
    },
    /// Check a project: exit 0 if valid, 1 if invalid (every problem listed), 2 if unreadable.
    Validate {
        /// The project file.
        project: PathBuf,
    },
    /// Inter-annotator agreement between projects of the same article(s).
    Agree {
        /// Two or more project files, one per annotator.
        #[arg(required = true, num_args = 2..)]
        projects: Vec<PathBuf>,
        /// Print one JSON object instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Three-way merge of two edited copies of a project (usable as a git merge driver).
    Merge {
        /// The common ancestor.
        base: PathBuf,
        /// Our version.
        ours: PathBuf,
        /// Their version.
        theirs: PathBuf,
        /// Where to write the merged project (may be OURS).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Count documents, characters and annotations per label, author and status.
    Stats {
        /// The project file.
        project: PathBuf,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ImportFormat {
    /// Articles: .txt, .md (as raw text) or .html (visible text).
    Text,
    /// brat standoff: folders of .txt + .ann, or .ann files.
    Brat,
    /// doccano JSONL.
    Doccano,
    /// CoNLL columns (2 to 4, tab or space separated).
    Conll,
    /// spaCy training JSON.
    Spacy,
    /// Label Studio tasks (annotations, completions, predictions).
    Labelstudio,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    /// brat standoff folder.
    Brat,
    /// doccano JSONL.
    Doccano,
    /// CSV, one row per annotation.
    Csv,
    /// CoNLL, one token per line.
    Conll,
    /// spaCy training JSON.
    Spacy,
    /// Label Studio tasks.
    Labelstudio,
    /// W3C Web Annotation JSON-LD.
    W3c,
}

impl From<ExportFormat> for Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Brat => Format::Brat,
            ExportFormat::Doccano => Format::Doccano,
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Conll => Format::Conll,
            ExportFormat::Spacy => Format::Spacy,
            ExportFormat::Labelstudio => Format::LabelStudio,
            ExportFormat::W3c => Format::W3c,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemeArg {
    Iob2,
    Bioes,
    Bilou,
}

#[derive(Clone, Copy, ValueEnum)]
enum OffsetsArg {
    Codepoint,
    Utf16,
}

#[derive(Clone, Copy, ValueEnum)]
enum NestedArg {
    Outer,
    Inner,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusArg {
    Pending,
    Accepted,
    Rejected,
}

impl From<StatusArg> for ReviewStatus {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Pending => ReviewStatus::Pending,
            StatusArg::Accepted => ReviewStatus::Accepted,
            StatusArg::Rejected => ReviewStatus::Rejected,
        }
    }
}

/// One line on stderr, prefixed with the program name, as every error is reported.
fn fail(message: impl std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("marginalia: {message}");
    ExitCode::from(code)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Import {
            inputs,
            output,
            from: ImportFormat::Text,
            name,
            force,
            ..
        }) => import_command(&inputs, &output, name, force),
        Some(Command::Import {
            inputs,
            output,
            from,
            name,
            force,
            annotator,
        }) => import_labeled_command(&inputs, &output, from, name, force, &annotator),
        Some(Command::Export {
            project,
            to,
            output,
            status,
            label,
            relations,
            scheme,
            nested,
            offsets,
        }) => {
            let options = ExportOptions {
                status: status.map(Into::into),
                label,
                relations,
                scheme: match scheme {
                    SchemeArg::Iob2 => TagScheme::Iob2,
                    SchemeArg::Bioes => TagScheme::Bioes,
                    SchemeArg::Bilou => TagScheme::Bilou,
                },
                nested: match nested {
                    NestedArg::Outer => Nested::Outer,
                    NestedArg::Inner => Nested::Inner,
                },
                offsets: match offsets {
                    OffsetsArg::Codepoint => OffsetUnit::Codepoint,
                    OffsetsArg::Utf16 => OffsetUnit::Utf16,
                },
            };
            export_command(&project, to.into(), &output, &options)
        }
        Some(Command::Validate { project }) => validate_command(&project),
        Some(Command::Agree { projects, json }) => agree_command(&projects, json),
        Some(Command::Merge {
            base,
            ours,
            theirs,
            output,
        }) => merge_command(&base, &ours, &theirs, &output),
        Some(Command::Stats { project, json }) => stats_command(&project, json),
        None => open_window(cli.file),
    }
}

fn import_command(
    inputs: &[PathBuf],
    output: &Path,
    name: Option<String>,
    force: bool,
) -> ExitCode {
    if output.exists() && !force {
        return fail(
            format!(
                "{}: already exists; choose another name or pass --force",
                output.display()
            ),
            2,
        );
    }
    let mut project = Project::new(default_name(output, name));
    let mut ids = HashSet::new();
    for input in inputs {
        let imported = match import_article(input) {
            Ok(imported) => imported,
            Err(err) => return fail(err, 2),
        };
        let mut document = imported.document;
        document.id = marginalia::unique::unique_name(&document.id, |id| ids.contains(id));
        ids.insert(document.id.clone());
        let guessed = if imported.encoding_guessed {
            " (detected)"
        } else {
            ""
        };
        eprintln!(
            "imported {} as \"{}\": {} characters, encoding {}{guessed}",
            input.display(),
            document.id,
            document.char_len(),
            document.source.encoding
        );
        project.documents.push(document);
    }
    match save_project(&project, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(err, 2),
    }
}

fn default_name(output: &Path, name: Option<String>) -> String {
    name.unwrap_or_else(|| {
        output.file_stem().map_or_else(
            || "project".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    })
}

fn import_labeled_command(
    inputs: &[PathBuf],
    output: &Path,
    from: ImportFormat,
    name: Option<String>,
    force: bool,
    annotator: &str,
) -> ExitCode {
    if output.exists() && !force {
        return fail(
            format!(
                "{}: already exists; choose another name or pass --force",
                output.display()
            ),
            2,
        );
    }
    let name = default_name(output, name);
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let result = match from {
        ImportFormat::Brat => formats::brat::import(&inputs, &name, annotator),
        ImportFormat::Doccano => formats::doccano::import(&inputs, &name, annotator),
        ImportFormat::Conll => formats::conll::import(&inputs, &name, annotator),
        ImportFormat::Spacy => formats::spacy::import(&inputs, &name, annotator),
        ImportFormat::Labelstudio => formats::labelstudio::import(&inputs, &name, annotator),
        ImportFormat::Text => unreachable_text(),
    };
    let (project, report) = match result {
        Ok(done) => done,
        Err(err) => return fail(err, 2),
    };
    for warning in &report.warnings {
        eprintln!("marginalia: warning: {warning}");
    }
    eprintln!(
        "imported {} documents, {} annotations, {} relations",
        report.documents, report.annotations, report.relations
    );
    match save_project(&project, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(err, 2),
    }
}

fn unreachable_text() -> Result<(Project, formats::builder::ImportReport), formats::FormatError> {
    Err(formats::FormatError::new(
        Path::new("-"),
        "articles are imported with --from text",
    ))
}

fn export_command(path: &Path, format: Format, output: &Path, options: &ExportOptions) -> ExitCode {
    let project = match load_project(path) {
        Ok(project) => project,
        Err(err) => {
            let code = if err.is_invalid() { 1 } else { 2 };
            return fail(err, code);
        }
    };
    match formats::export(&project, format, output, options) {
        Ok(report) => {
            eprintln!(
                "exported {} annotations to {} ({} files)",
                report.annotations,
                output.display(),
                report.files.len()
            );
            for line in report.loss_lines() {
                eprintln!("marginalia: not expressible in {}: {line}", format.name());
            }
            ExitCode::SUCCESS
        }
        Err(err) => fail(err, 2),
    }
}

fn merge_command(base: &Path, ours: &Path, theirs: &Path, output: &Path) -> ExitCode {
    let mut loaded = Vec::new();
    for path in [base, ours, theirs] {
        match load_project(path) {
            Ok(p) => loaded.push(p),
            Err(err) => {
                let code = if err.is_invalid() { 1 } else { 2 };
                return fail(err, code);
            }
        }
    }
    let result = match marginalia::merge::merge(&loaded[0], &loaded[1], &loaded[2]) {
        Ok(r) => r,
        Err(err) => return fail(format!("{}: {err}", ours.display()), 2),
    };
    if let Err(err) = save_project(&result.project, output) {
        return fail(err, 2);
    }
    for c in &result.conflicts {
        eprintln!(
            "marginalia: conflict: document \"{}\": {} (kept: {})",
            c.document_id,
            c.what,
            if c.ours.is_some() { "ours" } else { "theirs" }
        );
    }
    if result.conflicts.is_empty() {
        eprintln!("merged into {}", output.display());
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "marginalia: {}: merged with {} conflict(s); both versions were kept where possible, review them",
            output.display(),
            result.conflicts.len()
        );
        ExitCode::from(1)
    }
}

fn agree_command(paths: &[PathBuf], json: bool) -> ExitCode {
    let mut projects = Vec::new();
    for path in paths {
        match load_project(path) {
            Ok(project) => projects.push(project),
            Err(err) => {
                let code = if err.is_invalid() { 1 } else { 2 };
                return fail(err, code);
            }
        }
    }
    let names = agreement::annotator_names(paths);
    let annotators: Vec<Annotator> = projects
        .iter()
        .zip(names)
        .map(|(project, name)| Annotator { name, project })
        .collect();
    let report = match agreement::compute(&annotators) {
        Ok(report) => report,
        Err(err) => return fail(err, 2),
    };
    for doc in &report.unmatched_documents {
        eprintln!("marginalia: warning: document {doc} is not in every project and was left out");
    }
    if json {
        match serde_json::to_string(&report) {
            Ok(text) => println!("{text}"),
            Err(err) => return fail(err, 2),
        }
        return ExitCode::SUCCESS;
    }
    print!("{}", agreement::render_table(&report));
    ExitCode::SUCCESS
}

fn validate_command(path: &Path) -> ExitCode {
    match load_project(path) {
        Ok(project) => {
            println!(
                "{}: valid ({} documents, {} annotations)",
                path.display(),
                project.documents.len(),
                project.annotation_count()
            );
            ExitCode::SUCCESS
        }
        Err(LoadError::Invalid { path, problems }) => {
            for problem in &problems {
                eprintln!("marginalia: {}: {problem}", path.display());
            }
            eprintln!(
                "marginalia: {}: {} problem(s) found",
                path.display(),
                problems.len()
            );
            ExitCode::from(1)
        }
        Err(err) => fail(err, 2),
    }
}

fn stats_command(path: &Path, json: bool) -> ExitCode {
    let project = match load_project(path) {
        Ok(project) => project,
        Err(err) => {
            let code = if err.is_invalid() { 1 } else { 2 };
            return fail(err, code);
        }
    };
    let stats = project_stats(&project);
    if json {
        match serde_json::to_string(&stats) {
            Ok(text) => println!("{text}"),
            Err(err) => return fail(err, 2),
        }
        return ExitCode::SUCCESS;
    }
    println!("project     {}", stats.name);
    println!("documents   {}", stats.documents);
    println!("characters  {}", stats.characters);
    println!("annotations {}", stats.annotations);
    println!("relations   {}", stats.relations);
    for (title, map) in [
        ("label", &stats.by_label),
        ("author", &stats.by_author),
        ("status", &stats.by_status),
    ] {
        println!("by {title}:");
        for (key, count) in map {
            println!("  {key:<20} {count:>8}");
        }
    }
    println!("by document:");
    for doc in &stats.by_document {
        println!(
            "  {:<20} {:>8} annotations {:>10} characters",
            doc.id, doc.annotations, doc.characters
        );
    }
    ExitCode::SUCCESS
}

#[cfg(feature = "gui")]
fn open_window(file: Option<PathBuf>) -> ExitCode {
    match marginalia::ui::run_window(file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(format!("could not open the window: {err}"), 2),
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(_file: Option<PathBuf>) -> ExitCode {
    fail(
        "this build has no window (built without the \"gui\" feature)",
        2,
    )
}
