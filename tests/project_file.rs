//! The project file's promises: deterministic bytes, atomic saves with a backup, and located,
//! complete error reports for damaged files.

use std::path::Path;

use marginalia::edit::{new_annotation, Edit};
use marginalia::model::{Document, Fragment, Project, Source};
use marginalia::project_file::{
    load_project, project_from_ron, project_to_ron, save_project, LoadError,
};

const SAMPLE: &str = "projects/acting-on-xis-vision.ron";

fn unicode_project() -> Project {
    let mut project = Project::new("Unicode stress");
    let text =
        "Ünïcödé: 👩‍👩‍👧 met 中文 and مرحبا, e\u{301} \"quoted\" r#\"raw\"#\nsecond line\n".to_owned();
    project
        .documents
        .push(Document::new("stress", "Stress", Source::default(), text));
    for (label, s, e) in [
        ("entity", 9, 14),
        ("quote", 41, 49),
        ("claim", 0, 7),
        ("entity", 19, 21),
    ] {
        let ann = new_annotation(&mut project, 0, label, &[Fragment::new(s, e)], "tester").unwrap();
        Edit::Add {
            document: 0,
            annotation: ann,
        }
        .apply(&mut project)
        .unwrap();
    }
    let disc = new_annotation(
        &mut project,
        0,
        "entity",
        &[Fragment::new(31, 36), Fragment::new(52, 58)],
        "tester",
    )
    .unwrap();
    Edit::Add {
        document: 0,
        annotation: disc,
    }
    .apply(&mut project)
    .unwrap();
    project
}

#[test]
fn save_load_save_gives_identical_bytes() {
    for project in [unicode_project(), load_project(Path::new(SAMPLE)).unwrap()] {
        let first = project_to_ron(&project);
        let loaded = project_from_ron(&first, Path::new("mem.ron")).unwrap();
        assert_eq!(loaded, project);
        assert_eq!(project_to_ron(&loaded), first);
    }
}

#[test]
fn the_sample_file_is_in_canonical_form() {
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let project = project_from_ron(&text, Path::new(SAMPLE)).unwrap();
    assert_eq!(project_to_ron(&project), text);
}

#[test]
fn atomic_save_keeps_a_backup_and_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let mut project = unicode_project();
    save_project(&project, &path).unwrap();
    let first = std::fs::read(&path).unwrap();
    project.name = "Renamed".into();
    save_project(&project, &path).unwrap();
    let bak = dir.path().join("p.ron.bak");
    assert_eq!(std::fs::read(&bak).unwrap(), first);
    assert_eq!(load_project(&path).unwrap().name, "Renamed");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "only p.ron and p.ron.bak: {names:?}");
}

#[test]
fn temporaries_of_a_save_that_was_killed_are_cleared_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let project = unicode_project();
    save_project(&project, &path).unwrap();
    // A process killed mid-save an hour ago left its temporary file; another writer's is fresh.
    let abandoned = dir.path().join(".p.ron.tmp-4242-0");
    let in_flight = dir.path().join(".p.ron.tmp-4343-0");
    let unrelated = dir.path().join(".q.ron.tmp-4242-0");
    for file in [&abandoned, &in_flight, &unrelated] {
        std::fs::write(file, "partial").unwrap();
    }
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for file in [&abandoned, &unrelated] {
        std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(an_hour_ago)
            .unwrap();
    }
    save_project(&project, &path).unwrap();
    assert!(!abandoned.exists(), "the abandoned temporary is gone");
    assert!(in_flight.exists(), "a fresh one may be another writer's");
    assert!(unrelated.exists(), "other projects' files are left alone");
}

#[test]
fn a_fault_before_the_rename_leaves_the_old_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let project = unicode_project();
    save_project(&project, &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let result = marginalia::atomic_save::write_atomic_with(&path, b"new and different", |_| {
        Err(std::io::Error::other("disk full (injected)"))
    });
    assert!(result.is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "temporary file removed"
    );
}

#[test]
fn saving_into_a_missing_folder_fails_with_the_path() {
    let err =
        save_project(&unicode_project(), Path::new("/nonexistent-folder/x/p.ron")).unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent-folder/x/p.ron"),
        "{err}"
    );
}

fn damaged(transform: impl Fn(String) -> String) -> LoadError {
    let text = transform(project_to_ron(&unicode_project()));
    project_from_ron(&text, Path::new("damaged.ron")).unwrap_err()
}

#[test]
fn truncated_file_names_line_and_column() {
    let err = damaged(|t| t[..t.len() / 2].to_owned());
    match &err {
        LoadError::Syntax { line, column, .. } => assert!(*line > 1 && *column >= 1),
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert!(err.to_string().starts_with("damaged.ron:"), "{err}");
}

#[test]
fn unknown_version_is_refused_even_when_the_rest_differs() {
    let err = damaged(|t| t.replace("version: 1,", "version: 7,"));
    assert!(
        matches!(err, LoadError::UnknownVersion { found: 7, .. }),
        "{err:?}"
    );
    let err = damaged(|t| t.replace("version: 1,", "version: 2,\n  brand_new_field: [1, 2],"));
    assert!(
        matches!(err, LoadError::UnknownVersion { found: 2, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("version 2"));
}

#[test]
fn every_problem_is_reported_with_document_and_annotation() {
    let err = damaged(|t| {
        t.replace(
            "fragments: [(start: 9, end: 14)]",
            "fragments: [(start: 9, end: 999)]",
        )
        .replace("text: \"Ünïcödé\"", "text: \"Unicode\"")
        .replace("(id: 4,", "(id: 1,")
        .replace("label: \"claim\"", "label: \"opinion\"")
    });
    let LoadError::Invalid { problems, .. } = &err else {
        panic!("expected invalid, got {err:?}")
    };
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let all = text.join("\n");
    assert!(all.contains("beyond the end of the text"), "{all}");
    assert!(all.contains("covered text \"Unicode\" differs"), "{all}");
    assert!(all.contains("duplicate annotation id"), "{all}");
    assert!(all.contains("unknown label \"opinion\""), "{all}");
    assert!(
        problems
            .iter()
            .all(|p| p.document.as_deref() == Some("stress")),
        "{all}"
    );
    assert!(problems.len() >= 4);
}

#[test]
fn a_changed_text_is_caught_by_its_hash() {
    let err = damaged(|t| t.replace("second line", "second lime"));
    let LoadError::Invalid { problems, .. } = err else {
        panic!()
    };
    assert!(problems.iter().any(|p| p.message.contains("SHA-256")));
}

#[test]
fn inverted_fragments_and_dangling_relations_are_problems() {
    let err = damaged(|t| {
        t.replace(
            "fragments: [(start: 19, end: 21)]",
            "fragments: [(start: 21, end: 19)]",
        )
        .replace(
            "relations: [],",
            "relations: [(id: 99, kind: \"speaker\", from: 1, to: 42)],",
        )
    });
    let LoadError::Invalid { problems, .. } = err else {
        panic!()
    };
    let all: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(all.iter().any(|p| p.contains("is inverted")), "{all:?}");
    assert!(
        all.iter()
            .any(|p| p.contains("annotation 42, which does not exist")),
        "{all:?}"
    );
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "".to_owned(),
        "(".repeat(100_000),
        "[".repeat(10_000),
        "\u{0}\u{1}".to_owned(),
        "(format: \"marginalia-project\", version: 18446744073709551616)".to_owned(),
        "(format: \"something-else\", version: 1, offsets: \"codepoint\", name: \"\", schema: (labels: []), documents: [])".to_owned(),
    ];
    for input in inputs {
        assert!(project_from_ron(&input, Path::new("x.ron")).is_err());
    }
}

#[test]
fn a_file_in_the_long_form_of_earlier_releases_loads_to_the_same_project() {
    // The sample as releases before the short form wrote it: every annotation line spells out
    // `note: None`, a pending review with no reviewer, and empty attributes.
    let long =
        std::fs::read_to_string("tests/fixtures/long-form/acting-on-xis-vision.ron").unwrap();
    assert!(long.contains("note: None, review: (status: pending, reviewer: None, time: None, comment: None), attributes: {})"));
    let from_long = project_from_ron(&long, Path::new("long.ron")).unwrap();
    let short = std::fs::read_to_string(SAMPLE).unwrap();
    let from_short = project_from_ron(&short, Path::new(SAMPLE)).unwrap();
    assert_eq!(from_long, from_short);
    assert_eq!(
        project_to_ron(&from_long),
        short,
        "saving writes the short form"
    );
    assert!(
        short.len() * 10 < long.len() * 9,
        "{} vs {} bytes",
        short.len(),
        long.len()
    );
    assert!(!short.contains("note: None") && !short.contains("attributes: {}"));
}
