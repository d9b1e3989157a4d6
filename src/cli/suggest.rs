//! `marginalia suggest`, and `marginalia import … --into P --as-suggestions`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use marginalia::model::Project;
use marginalia::project_file::{load_project, save_project};
use marginalia::suggest::{
    accept_all_edit, gazetteer_text, learned, parse_gazetteer, predictions_edit, suggest,
    SuggestOptions, Suggestion,
};

use crate::fail;

/// What `suggest` was asked.
pub struct SuggestArgs {
    pub project: PathBuf,
    pub sources: Vec<String>,
    pub gazetteer: Option<PathBuf>,
    pub save_gazetteer: Option<PathBuf>,
    pub json: bool,
    pub accept: Vec<String>,
    pub output: Option<PathBuf>,
    pub annotator: String,
}

fn load(path: &Path) -> Result<Project, ExitCode> {
    load_project(path).map_err(|err| {
        let code = if err.is_invalid() { 1 } else { 2 };
        fail(err, code)
    })
}

/// Print the suggestions, or write a project with some sources' suggestions accepted.
pub fn suggest_command(args: SuggestArgs) -> ExitCode {
    let project = match load(&args.project) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut options = SuggestOptions {
        only: (!args.sources.is_empty()).then(|| args.sources.clone()),
        ..SuggestOptions::default()
    };
    if let Some(path) = &args.gazetteer {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => return fail(format!("{}: {e}", path.display()), 2),
        };
        match parse_gazetteer(&text) {
            Ok(g) => options.gazetteer = g,
            Err(e) => return fail(format!("{}: {e}", path.display()), 2),
        }
    }
    if let Some(path) = &args.save_gazetteer {
        if let Err(e) = std::fs::write(path, gazetteer_text(&learned(&project))) {
            return fail(format!("{}: could not save: {e}", path.display()), 2);
        }
    }
    let found = suggest(&project, &options);
    if !args.accept.is_empty() {
        return accept_and_write(project, &found, &args);
    }
    if args.json {
        let list: Vec<serde_json::Value> = found.iter().map(|s| to_json(&project, s)).collect();
        println!("{}", serde_json::json!({ "suggestions": list }));
    } else {
        println!("document\tstart\tend\tlabel\tsource\tscore\ttext");
        for s in &found {
            let doc = &project.documents[s.document].id;
            let text = s.text.replace(['\n', '\t'], " ");
            println!(
                "{doc}\t{}\t{}\t{}\t{}\t{:.2}\t{text}",
                s.start, s.end, s.label, s.source, s.score
            );
        }
    }
    ExitCode::SUCCESS
}

/// One suggestion as `--json` prints it: offsets in code points, the document by id.
fn to_json(project: &Project, s: &Suggestion) -> serde_json::Value {
    let mut v = serde_json::json!({
        "document": project.documents[s.document].id,
        "start": s.start,
        "end": s.end,
        "label": s.label,
        "text": s.text,
        "source": s.source,
        "score": s.score,
    });
    if let Some(link) = &s.link {
        let end = |e: &marginalia::suggest::LinkEnd| serde_json::json!({ "start": e.start, "end": e.end, "label": e.label });
        v["kind"] = serde_json::json!(link.kind);
        v["from"] = end(&link.from);
        v["to"] = end(&link.to);
    }
    v
}

fn accept_and_write(mut project: Project, found: &[Suggestion], args: &SuggestArgs) -> ExitCode {
    let Some(output) = &args.output else {
        return fail("--accept needs -o OUT.ron, the project to write", 2);
    };
    let chosen: Vec<Suggestion> = found
        .iter()
        .filter(|s| args.accept.contains(&s.source))
        .cloned()
        .collect();
    let edit = match accept_all_edit(&project, &chosen, None, &args.annotator) {
        Ok(e) => e,
        Err(e) => return fail(e, 1),
    };
    if let Err(e) = edit.apply(&mut project) {
        return fail(e, 1);
    }
    eprintln!("accepted {} suggestions", chosen.len());
    match save_project(&project, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(err, 2),
    }
}

/// Add an imported project's annotations to the project at `into` as suggestions.
pub fn import_as_suggestions(imported: &Project, into: &Path, source: Option<&str>) -> ExitCode {
    let mut project = match load(into) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let (edit, report) = predictions_edit(&project, imported, source);
    if let Err(e) = edit.apply(&mut project) {
        return fail(e, 1);
    }
    for id in &report.unmatched {
        eprintln!(
            "marginalia: warning: imported document \"{id}\" has no document with the same text in {}",
            into.display()
        );
    }
    eprintln!(
        "imported {} suggestions into {}",
        report.predictions,
        into.display()
    );
    match save_project(&project, into) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => fail(err, 2),
    }
}
