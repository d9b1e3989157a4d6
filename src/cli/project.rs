//! Commands over whole projects: `validate`, `agree`, `merge`, `stats`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use marginalia::agreement::{self, Annotator};
use marginalia::project_file::{load_project, save_project, LoadError};
use marginalia::stats::{format_duration, project_stats};

use crate::fail;

pub fn merge_command(base: &Path, ours: &Path, theirs: &Path, output: &Path) -> ExitCode {
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
    for clash in &result.field_conflicts {
        eprintln!("marginalia: conflict: {clash}");
    }
    let conflicts = result.conflicts.len() + result.field_conflicts.len();
    if conflicts == 0 {
        eprintln!("merged into {}", output.display());
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "marginalia: {}: merged with {} conflict(s); both versions were kept where possible, review them",
            output.display(),
            conflicts
        );
        ExitCode::from(1)
    }
}

pub fn agree_command(paths: &[PathBuf], json: bool) -> ExitCode {
    // Every file read at once (each also parses on every core); errors in the order given.
    let loaded: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .iter()
            .map(|path| scope.spawn(move || load_project(path)))
            .collect();
        handles.into_iter().map(|h| h.join()).collect()
    });
    let mut projects = Vec::new();
    for result in loaded {
        match result {
            Ok(Ok(project)) => projects.push(project),
            Ok(Err(err)) => {
                let code = if err.is_invalid() { 1 } else { 2 };
                return fail(err, code);
            }
            Err(_) => return fail("reading a project stopped unexpectedly", 2),
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
    // The process ends after printing: freeing every annotation one by one would only cost time.
    drop(annotators);
    std::mem::forget(projects);
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

pub fn validate_command(path: &Path) -> ExitCode {
    match load_project(path) {
        Ok(project) => {
            println!(
                "{}: valid ({} documents, {} annotations)",
                path.display(),
                project.documents.len(),
                project.annotation_count()
            );
            // The process ends here; freeing the project piece by piece would only cost time.
            std::mem::forget(project);
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

pub fn stats_command(path: &Path, json: bool) -> ExitCode {
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
        let mut line = format!(
            "  {:<20} {:>8} annotations {:>10} characters",
            doc.id, doc.annotations, doc.characters
        );
        if doc.seconds > 0 {
            line.push_str(&format!(" {:>14}", format_duration(doc.seconds)));
        }
        for (field, values) in &doc.fields {
            line.push_str(&format!("  {field}: {}", values.join(", ")));
        }
        println!("{line}");
    }
    if !stats.time_seconds.by_author.is_empty() {
        println!(
            "active time: {} in all",
            format_duration(stats.total_seconds())
        );
        for (who, secs) in &stats.time_seconds.by_author {
            let rate = stats
                .annotations_per_hour(who)
                .map_or_else(String::new, |r| format!(" {r:>8.1} annotations/hour"));
            println!("  {who:<20} {:>14}{rate}", format_duration(*secs));
        }
    }
    ExitCode::SUCCESS
}
