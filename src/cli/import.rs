//! `marginalia import`: articles into a new project, or labeled data from other tools.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use marginalia::formats;
use marginalia::import::{import_article_with, ImportOptions};
use marginalia::model::Project;
use marginalia::project_file::save_project;

use crate::{fail, ImportFormat};

pub fn import_command(
    inputs: &[PathBuf],
    output: &Path,
    name: Option<String>,
    force: bool,
    options: ImportOptions,
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
        let imported = match import_article_with(input, options) {
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
        for note in &imported.notes {
            eprintln!("  {}: {note}", document.id);
        }
        project.documents.push(document);
    }
    match save_project(&project, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(err, 2),
    }
}

/// Read labeled data in `from`'s format.
pub fn import_labeled(
    inputs: &[PathBuf],
    from: ImportFormat,
    name: &str,
    annotator: &str,
) -> Result<(Project, formats::builder::ImportReport), formats::FormatError> {
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    match from {
        ImportFormat::Brat => formats::brat::import(&inputs, name, annotator),
        ImportFormat::Doccano => formats::doccano::import(&inputs, name, annotator),
        ImportFormat::Conll => formats::conll::import(&inputs, name, annotator),
        ImportFormat::Spacy => formats::spacy::import(&inputs, name, annotator),
        ImportFormat::Labelstudio => formats::labelstudio::import(&inputs, name, annotator),
        ImportFormat::Text => Err(formats::FormatError::new(
            Path::new(""),
            "articles are not labeled data",
        )),
    }
}

/// Labeled data read for suggestions, its warnings said on stderr.
pub fn read_labeled(
    inputs: &[PathBuf],
    from: ImportFormat,
    name: &str,
    annotator: &str,
) -> Result<Project, ExitCode> {
    match import_labeled(inputs, from, name, annotator) {
        Ok((project, report)) => {
            for warning in &report.warnings {
                eprintln!("marginalia: warning: {warning}");
            }
            Ok(project)
        }
        Err(err) => Err(fail(err, 2)),
    }
}

pub fn default_name(output: &Path, name: Option<String>) -> String {
    name.unwrap_or_else(|| {
        output.file_stem().map_or_else(
            || "project".to_owned(),
            |s| s.to_string_lossy().into_owned(),
        )
    })
}

pub fn import_labeled_command(
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
    let (project, report) = match import_labeled(inputs, from, &name, annotator) {
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
