//! Every kind of edit, applied and undone headless: undo restores the project exactly, redo
//! repeats the change, and a refused edit leaves the model as it was.

use std::path::Path;

use marginalia::edit::{delete_label, new_annotation, new_relation, rename_label, Edit};
use marginalia::history::History;
use marginalia::model::{DocStatus, Document, Fragment, Project, Source};
use marginalia::project_file::load_project;

fn sample() -> Project {
    load_project(Path::new("projects/acting-on-xis-vision.ron")).unwrap()
}

fn article(id: &str, text: &str) -> Document {
    Document::new(id, id, Source::default(), text.to_owned())
}

/// Apply `edit` through a history, then check undo gives back the original and redo the result.
fn round_trip(mut project: Project, edit: Edit) -> Project {
    let original = project.clone();
    let mut history = History::default();
    history.apply(&mut project, edit, "test").unwrap();
    let changed = project.clone();
    assert_ne!(changed, original, "the edit changes something");
    history.undo(&mut project).unwrap().unwrap();
    assert_eq!(project, original, "undo restores the project exactly");
    history.redo(&mut project).unwrap().unwrap();
    assert_eq!(project, changed, "redo repeats the change");
    changed
}

#[test]
fn annotation_relation_and_schema_edits_undo_exactly() {
    let mut project = sample();
    let a = new_annotation(&mut project, 0, "entity", &[Fragment::new(0, 6)], "t").unwrap();
    let changed = round_trip(
        project.clone(),
        Edit::Add {
            document: 0,
            annotation: a,
        },
    );
    assert_eq!(changed.annotation_count(), 51);

    // Removing a quote takes its speaker link with it; undo brings both back.
    let quote = project.documents[0]
        .annotations
        .iter()
        .find(|a| {
            project.documents[0]
                .relations
                .iter()
                .any(|r| r.from == a.id)
        })
        .unwrap()
        .id;
    let changed = round_trip(
        project.clone(),
        Edit::Remove {
            document: 0,
            id: quote,
        },
    );
    assert!(changed.documents[0]
        .relations
        .iter()
        .all(|r| r.from != quote && r.to != quote));

    let mut relabeled = (*project.documents[0].annotations[0]).clone();
    relabeled.label = "claim".into();
    round_trip(
        project.clone(),
        Edit::Update {
            document: 0,
            annotation: relabeled,
        },
    );

    let (from, to) = (
        project.documents[0].annotations[0].id,
        project.documents[0].annotations[1].id,
    );
    let rel = new_relation(&mut project, 0, "source", from, to).unwrap();
    round_trip(
        project.clone(),
        Edit::AddRelation {
            document: 0,
            relation: rel,
        },
    );

    let changed = round_trip(
        project.clone(),
        rename_label(&project, "entity", "actor").unwrap(),
    );
    assert!(changed.documents[0]
        .annotations
        .iter()
        .all(|a| a.label != "entity"));
    let changed = round_trip(
        project.clone(),
        delete_label(&project, "quote", None).unwrap(),
    );
    assert!(changed.documents[0]
        .annotations
        .iter()
        .all(|a| a.label != "quote"));
}

#[test]
fn adding_articles_and_setting_status_undo_exactly() {
    let project = sample();
    let changed = round_trip(
        project.clone(),
        Edit::InsertDocuments {
            at: 1,
            documents: vec![article("b", "Second."), article("c", "Third.")],
        },
    );
    let ids: Vec<&str> = changed.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids[1..], ["b", "c"]);

    // Inserting in the middle keeps the order of the rest.
    let changed = round_trip(
        changed,
        Edit::InsertDocuments {
            at: 1,
            documents: vec![article("a2", "Between.")],
        },
    );
    let ids: Vec<&str> = changed.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids[1..], ["a2", "b", "c"]);

    let changed = round_trip(changed, Edit::RemoveDocuments { at: 2, count: 2 });
    assert_eq!(changed.documents.len(), 2);

    let changed = round_trip(
        project,
        Edit::SetDocumentStatus {
            document: 0,
            status: DocStatus::Done,
        },
    );
    assert_eq!(changed.documents[0].status, DocStatus::Done);
}

#[test]
fn refused_edits_leave_the_project_unchanged() {
    let mut project = sample();
    let original = project.clone();
    let existing_id = project.documents[0].id.clone();
    let refused = [
        Edit::InsertDocuments {
            at: 5,
            documents: vec![article("x", "x")],
        },
        Edit::InsertDocuments {
            at: 1,
            documents: vec![article(&existing_id, "same id")],
        },
        Edit::InsertDocuments {
            at: 1,
            documents: vec![article("twin", "a"), article("twin", "b")],
        },
        Edit::RemoveDocuments { at: 0, count: 2 },
        Edit::RemoveDocuments {
            at: 1,
            count: usize::MAX,
        },
        Edit::SetDocumentStatus {
            document: 3,
            status: DocStatus::Done,
        },
        Edit::Remove {
            document: 0,
            id: 999_999,
        },
        // A batch that fails halfway is rolled back.
        Edit::Batch(vec![
            Edit::SetDocumentStatus {
                document: 0,
                status: DocStatus::Done,
            },
            Edit::Remove {
                document: 0,
                id: 999_999,
            },
        ]),
    ];
    for edit in refused {
        let shown = format!("{edit:?}");
        let err = edit.apply(&mut project).expect_err(&shown);
        assert!(!err.to_string().is_empty());
        assert_eq!(project, original, "{shown} left a trace");
    }
}

#[test]
fn ids_are_given_when_an_edit_is_applied_and_given_back_by_undo() {
    use marginalia::edit::{draft_annotation, draft_relation, NEW_ID};
    let project = sample();
    let next = project.documents[0].next_id;
    let draft = |p: &Project, s: usize| {
        draft_annotation(p, 0, "entity", &[Fragment::new(s, s + 6)], "t").unwrap()
    };
    let a = draft(&project, 0);
    assert_eq!(a.id, NEW_ID, "a draft takes no id");
    assert_eq!(project.documents[0].next_id, next);
    // Two drafts in one step get two ids; undo gives both back and restores the project exactly
    // (next_id included); redo gives the same ids again.
    let both = Edit::Batch(vec![
        Edit::Add {
            document: 0,
            annotation: a,
        },
        Edit::Add {
            document: 0,
            annotation: draft(&project, 7),
        },
    ]);
    let changed = round_trip(project.clone(), both);
    assert_eq!(changed.documents[0].next_id, next + 2);
    assert!(changed.documents[0].annotation(next).is_some());
    assert!(changed.documents[0].annotation(next + 1).is_some());
    // A refused edit uses no id.
    let mut refused = project.clone();
    let mut bad = draft(&project, 0);
    bad.fragments = vec![Fragment::new(0, 10_000_000)];
    let mut history = History::default();
    assert!(history
        .apply(
            &mut refused,
            Edit::Add {
                document: 0,
                annotation: bad
            },
            "bad"
        )
        .is_err());
    assert_eq!(refused, project, "nothing changed, not even next_id");
    // A drafted link gets its id the same way.
    let (from, to) = (
        project.documents[0].annotations[0].id,
        project.documents[0].annotations[1].id,
    );
    let link = draft_relation("speaker", from, to).unwrap();
    let linked = round_trip(
        project.clone(),
        Edit::AddRelation {
            document: 0,
            relation: link,
        },
    );
    assert!(linked.documents[0].relations.iter().any(|r| r.id == next));
    assert_eq!(linked.documents[0].next_id, next + 1);
}

#[test]
fn a_refused_edit_says_which_document_and_annotation() {
    use marginalia::edit::EditError;
    let mut project = sample();
    let err = Edit::Remove {
        document: 0,
        id: 9999,
    }
    .apply(&mut project)
    .unwrap_err();
    assert_eq!(
        err,
        EditError::NoAnnotation {
            document: "acting-on-xis-vision".into(),
            id: 9999
        }
    );
    assert_eq!(
        err.to_string(),
        "document \"acting-on-xis-vision\": annotation 9999 does not exist"
    );
    let err = Edit::Remove { document: 7, id: 1 }
        .apply(&mut project)
        .unwrap_err();
    assert_eq!(err, EditError::NoDocument(7));
}

#[test]
fn an_autosave_snapshot_is_shared_and_unchanged_by_later_edits() {
    let mut session = marginalia::session::Session::unsaved(sample());
    let snapshot = session.shared_project();
    assert!(
        std::ptr::eq(&*snapshot, session.project()),
        "no copy for autosave"
    );
    let before = (*snapshot).clone();
    let mut project = session.project().clone();
    let a = new_annotation(&mut project, 0, "entity", &[Fragment::new(0, 6)], "t").unwrap();
    session
        .apply(
            Edit::Add {
                document: 0,
                annotation: a,
            },
            "tag",
        )
        .unwrap();
    assert_eq!(
        *snapshot, before,
        "the writer's snapshot keeps what it was given"
    );
    assert_eq!(
        session.project().annotation_count(),
        before.annotation_count() + 1
    );
    drop(snapshot);
    let again = session.shared_project();
    assert!(std::ptr::eq(&*again, session.project()));
}
