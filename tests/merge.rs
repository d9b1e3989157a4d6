//! Three-way merge by annotation id: changes from both sides survive, conflicts keep a version
//! and are reported, and the CLI works as a git merge driver.

use std::path::Path;

use marginalia::edit::{new_annotation, Edit};
use marginalia::merge::{count_differences, merge};
use marginalia::model::{Fragment, Project};
use marginalia::project_file::{load_project, save_project};

fn sample() -> Project {
    load_project(Path::new("projects/acting-on-xis-vision.ron")).unwrap()
}

fn add(p: &mut Project, label: &str, s: usize, e: usize, who: &str) -> u64 {
    let a = new_annotation(p, 0, label, &[Fragment::new(s, e)], who).unwrap();
    let id = a.id;
    Edit::Add {
        document: 0,
        annotation: a,
    }
    .apply(p)
    .unwrap();
    id
}

#[test]
fn independent_changes_both_survive() {
    let base = sample();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    let first = base.documents[0].annotations[0].id;
    let second = base.documents[0].annotations[1].id;
    // We relabel the first and add one; they delete the second and add one.
    let mut changed = ours.documents[0].annotation(first).unwrap().clone();
    changed.label = "claim".into();
    Edit::Update {
        document: 0,
        annotation: changed,
    }
    .apply(&mut ours)
    .unwrap();
    let mine = add(&mut ours, "quote", 50, 60, "me");
    Edit::Remove {
        document: 0,
        id: second,
    }
    .apply(&mut theirs)
    .unwrap();
    let yours = add(&mut theirs, "entity", 70, 80, "you");
    assert_eq!(mine, yours, "both sides drew the same new id");
    let r = merge(&base, &ours, &theirs).unwrap();
    assert!(r.conflicts.is_empty(), "{:?}", r.conflicts);
    let doc = &r.project.documents[0];
    assert_eq!(doc.annotation(first).unwrap().label, "claim");
    assert!(doc.annotation(second).is_none());
    assert!(doc
        .annotations
        .iter()
        .any(|a| a.author == "me" && a.label == "quote"));
    assert!(
        doc.annotations
            .iter()
            .any(|a| a.author == "you" && a.label == "entity"),
        "a colliding new id is renumbered, not lost"
    );
    assert_eq!(
        doc.annotations.len(),
        base.documents[0].annotations.len() + 1
    );
    assert!(marginalia::validate::validate_project(&r.project).is_empty());
}

#[test]
fn conflicting_changes_are_reported_and_nothing_is_lost() {
    let base = sample();
    let id = base.documents[0].annotations[3].id;
    let mut ours = base.clone();
    let mut theirs = base.clone();
    let mut a = ours.documents[0].annotation(id).unwrap().clone();
    a.note = Some("ours".into());
    Edit::Update {
        document: 0,
        annotation: a,
    }
    .apply(&mut ours)
    .unwrap();
    let mut b = theirs.documents[0].annotation(id).unwrap().clone();
    b.note = Some("theirs".into());
    Edit::Update {
        document: 0,
        annotation: b,
    }
    .apply(&mut theirs)
    .unwrap();
    // And one deleted here but edited there.
    let other = base.documents[0].annotations[4].id;
    Edit::Remove {
        document: 0,
        id: other,
    }
    .apply(&mut ours)
    .unwrap();
    let mut c = theirs.documents[0].annotation(other).unwrap().clone();
    c.label = "claim".into();
    Edit::Update {
        document: 0,
        annotation: c,
    }
    .apply(&mut theirs)
    .unwrap();
    let r = merge(&base, &ours, &theirs).unwrap();
    assert_eq!(r.conflicts.len(), 2);
    let doc = &r.project.documents[0];
    assert_eq!(doc.annotation(id).unwrap().note.as_deref(), Some("ours"));
    assert_eq!(
        doc.annotation(other).unwrap().label,
        "claim",
        "an edit is never lost to a delete"
    );
    assert_eq!(count_differences(&base, &r.project), 2);
}

#[test]
fn cli_merge_driver_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let base = sample();
    let mut ours = base.clone();
    add(&mut ours, "quote", 50, 60, "me");
    let theirs = base.clone();
    let (pb, po, pt) = (
        dir.path().join("b.ron"),
        dir.path().join("o.ron"),
        dir.path().join("t.ron"),
    );
    save_project(&base, &pb).unwrap();
    save_project(&ours, &po).unwrap();
    save_project(&theirs, &pt).unwrap();
    let run = |out: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
            .args([
                "merge",
                pb.to_str().unwrap(),
                po.to_str().unwrap(),
                pt.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap()
    };
    let out = run(&po);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(load_project(&po).unwrap(), ours);
    // A conflict exits 1 and still writes a valid project.
    let id = base.documents[0].annotations[0].id;
    let mut t = base.clone();
    let mut x = t.documents[0].annotation(id).unwrap().clone();
    x.label = "quote".into();
    Edit::Update {
        document: 0,
        annotation: x,
    }
    .apply(&mut t)
    .unwrap();
    let mut o = ours.clone();
    let mut y = o.documents[0].annotation(id).unwrap().clone();
    y.label = "claim".into();
    Edit::Update {
        document: 0,
        annotation: y,
    }
    .apply(&mut o)
    .unwrap();
    save_project(&o, &po).unwrap();
    save_project(&t, &pt).unwrap();
    let merged = dir.path().join("m.ron");
    let out = run(&merged);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("conflict"));
    assert!(load_project(&merged).is_ok());
}
