//! The `marginalia` command: opens the window, or runs one command-line task (SPEC §3).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod cli;

use cli::import::{import_command, import_labeled_command, read_labeled};
use cli::project::{agree_command, merge_command, stats_command, validate_command};

use marginalia::formats::conll::{Nested, TagScheme};
use marginalia::formats::csv_table::Table;
use marginalia::formats::labelstudio::OffsetUnit;
use marginalia::formats::{self, ExportOptions, Format};
use marginalia::model::ReviewStatus;
use marginalia::project_file::load_project;

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
        /// Article files: .txt, .md, saved web pages (.html, .htm, .xhtml, .mhtml), .pdf,
        /// .docx, .odt, .epub; or labeled data with --from.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The project file to write (not with --into).
        #[arg(short, long, required_unless_present = "into")]
        output: Option<PathBuf>,
        /// With --as-suggestions: the existing project that takes the labels as suggestions.
        #[arg(long, requires = "as_suggestions")]
        into: Option<PathBuf>,
        /// Take the labeled data as suggestions to accept or reject, not as annotations.
        #[arg(long, requires = "into")]
        as_suggestions: bool,
        /// The suggestions' source name (default: each annotation's own author or model).
        #[arg(long)]
        source: Option<String>,
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
        /// Keep a saved web page's whole visible text (menus, footers and all) instead of
        /// extracting its article.
        #[arg(long)]
        whole_page: bool,
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
        /// doccano: write the text classification form, the document fields as its label list.
        #[arg(long)]
        classification: bool,
        /// CSV: one row per annotation, or one per document with its fields and active time.
        #[arg(long, value_enum, default_value_t = TableArg::Annotations)]
        table: TableArg,
        /// CoNLL: the tag scheme.
        #[arg(long, value_enum, default_value_t = SchemeArg::Iob2)]
        scheme: SchemeArg,
        /// CoNLL: with overlapping spans, each token takes the outermost or the innermost.
        #[arg(long, value_enum, default_value_t = NestedArg::Outer)]
        nested: NestedArg,
        /// Label Studio: offsets in code points (Python) or UTF-16 units (JavaScript).
        #[arg(long, value_enum, default_value_t = OffsetsArg::Codepoint)]
        offsets: OffsetsArg,
        /// brat: note the source page of each span ("p. 12") in its AnnotatorNotes.
        #[arg(long)]
        page_notes: bool,
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
    /// Print suggestions (quotations, speakers, names already tagged, rules, imported
    /// predictions), or write a project with some sources' suggestions accepted.
    Suggest {
        /// The project file.
        project: PathBuf,
        /// Only these sources: quotes, speakers, names, rules, or an imported source's name.
        #[arg(long, value_delimiter = ',')]
        source: Vec<String>,
        /// Names to find besides those tagged (text<TAB>label lines, # comments).
        #[arg(long)]
        gazetteer: Option<PathBuf>,
        /// Write the names the project has tagged as a gazetteer file.
        #[arg(long)]
        save_gazetteer: Option<PathBuf>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Accept every suggestion of these sources and write the project to -o.
        #[arg(long, value_delimiter = ',', num_args = 1..)]
        accept: Vec<String>,
        /// With --accept: where to write the project.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Author of accepted suggestions.
        #[arg(long, default_value = "suggestions")]
        annotator: String,
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
pub enum ImportFormat {
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
enum TableArg {
    Annotations,
    Documents,
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
            from: ImportFormat::Text,
            as_suggestions: true,
            ..
        }) => fail("--as-suggestions takes labeled data; choose --from brat, doccano, conll, spacy or labelstudio", 2),
        Some(Command::Import {
            inputs,
            output: Some(output),
            from: ImportFormat::Text,
            name,
            force,
            whole_page,
            ..
        }) => import_command(
            &inputs,
            &output,
            name,
            force,
            marginalia::import::ImportOptions { whole_page },
        ),
        Some(Command::Import {
            inputs,
            into: Some(into),
            from,
            annotator,
            source,
            ..
        }) => match read_labeled(&inputs, from, "suggestions", &annotator) {
            Ok(project) => cli::suggest::import_as_suggestions(&project, &into, source.as_deref()),
            Err(code) => code,
        },
        Some(Command::Import {
            inputs,
            output: Some(output),
            from,
            name,
            force,
            annotator,
            ..
        }) => import_labeled_command(&inputs, &output, from, name, force, &annotator),
        Some(Command::Import { .. }) => fail("import needs -o OUT.ron, or --into P.ron --as-suggestions", 2),
        Some(Command::Suggest {
            project,
            source,
            gazetteer,
            save_gazetteer,
            json,
            accept,
            output,
            annotator,
        }) => cli::suggest::suggest_command(cli::suggest::SuggestArgs {
            project,
            sources: source,
            gazetteer,
            save_gazetteer,
            json,
            accept,
            output,
            annotator,
        }),
        Some(Command::Export {
            project,
            to,
            output,
            status,
            label,
            relations,
            classification,
            table,
            scheme,
            nested,
            offsets,
            page_notes,
        }) => {
            let options = ExportOptions {
                page_notes,
                classification,
                table: match table {
                    TableArg::Annotations => Table::Annotations,
                    TableArg::Documents => Table::Documents,
                },
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
            let answers = match report.field_answers {
                0 => String::new(),
                n => format!(" and {n} document field values"),
            };
            eprintln!(
                "exported {} annotations{answers} to {} ({} files)",
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
