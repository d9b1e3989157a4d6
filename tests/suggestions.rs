//! Suggestions: quotations, speakers, names already tagged, rules and imported predictions;
//! accepting, rejecting, and what the project file keeps of them.

use marginalia::model::{Document, Prediction, Project, Source, NAMES, QUOTES, SPEAKERS};
use marginalia::project_file::{load_project, project_from_ron, project_to_ron};
use marginalia::session::Session;
use marginalia::suggest::{
    accept_all_edit, accept_edit, reject_edit, suggest, SuggestOptions, Suggestion,
};

fn sample() -> Project {
    load_project(std::path::Path::new("projects/acting-on-xis-vision.ron")).unwrap()
}

/// The sample without its annotations of `label` (and their links).
fn sample_without(label: &str) -> Project {
    let mut p = sample();
    let doc = &mut p.documents[0];
    let gone: Vec<u64> = doc
        .annotations
        .iter()
        .filter(|a| a.label == label)
        .map(|a| a.id)
        .collect();
    doc.annotations.retain(|a| a.label != label);
    doc.relations
        .retain(|r| !gone.contains(&r.from) && !gone.contains(&r.to));
    p
}

fn all(p: &Project) -> Vec<Suggestion> {
    suggest(p, &SuggestOptions::default())
}

fn spans<'a>(all: &'a [Suggestion], source: &str) -> Vec<&'a Suggestion> {
    all.iter()
        .filter(|s| s.source == source && s.link.is_none())
        .collect()
}

fn one_document(text: &str) -> Project {
    let mut p = Project::new("t");
    p.documents
        .push(Document::new("d", "d", Source::default(), text.to_owned()));
    p
}

#[test]
fn the_sample_without_its_quotes_gets_each_of_them_back_exactly() {
    let original = sample();
    let mut expected: Vec<(usize, usize)> = original.documents[0]
        .annotations
        .iter()
        .filter(|a| a.label == "quote")
        .map(|a| (a.start(), a.end()))
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 10);
    let found = all(&sample_without("quote"));
    let quotes: Vec<(usize, usize)> = spans(&found, QUOTES)
        .iter()
        .map(|s| (s.start, s.end))
        .collect();
    assert_eq!(
        quotes, expected,
        "the same ten, the same boundaries, no others"
    );
    // With the quotes in place, nothing more is suggested from the quotation source.
    assert!(spans(&all(&original), QUOTES).is_empty());
}

#[test]
fn names_tagged_once_are_suggested_where_they_come_again() {
    let mut p = sample();
    let doc = &mut p.documents[0];
    // Keep each entity only where its text is first tagged.
    let mut seen = std::collections::HashSet::new();
    let before = doc.annotations.len();
    doc.annotations
        .retain(|a| a.label != "entity" || seen.insert(a.text.clone()));
    let removed: Vec<(usize, usize)> = sample().documents[0]
        .annotations
        .iter()
        .filter(|a| a.label == "entity")
        .map(|a| (a.start(), a.end()))
        .filter(|span| {
            !p.documents[0]
                .annotations
                .iter()
                .any(|a| (a.start(), a.end()) == *span)
        })
        .collect();
    assert!(before > p.documents[0].annotations.len());
    let found = all(&p);
    let names = spans(&found, NAMES);
    for span in &removed {
        assert!(
            names
                .iter()
                .any(|s| (s.start, s.end) == *span && s.label == "entity"),
            "{span:?} is suggested again"
        );
    }
}

#[test]
fn unseen_articles_in_other_styles_with_cjk_names_and_emoji() {
    let text = "😀 马云表示：「我们会成长」。\nIl a dit « c’est fini » hier.\nEr sagte „ja“.\n“First part of it.\n“And the end,” he said.\n马云 again.";
    let mut p = one_document(text);
    // Tag 马云 once: its other occurrence is suggested.
    let at = |needle: &str| {
        let b = text.find(needle).unwrap();
        text[..b].chars().count()
    };
    let ma = at("马云");
    let ann = marginalia::edit::new_annotation(
        &mut p,
        0,
        "entity",
        &[marginalia::model::Fragment::new(ma, ma + 2)],
        "me",
    )
    .unwrap();
    p.documents[0].insert_sorted(ann);
    let found = all(&p);
    let quotes: Vec<&str> = spans(&found, QUOTES)
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        quotes,
        [
            "「我们会成长」",
            "« c’est fini »",
            "„ja“",
            "“First part of it.\n“And the end,”"
        ]
    );
    let q = spans(&found, QUOTES)[0];
    assert_eq!(
        q.start,
        at("「"),
        "offsets are code points, after the emoji"
    );
    let names = spans(&found, NAMES);
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].start, at("马云 again"));
    // 马云表示「…」: the speaker link goes to the tagged name.
    let link = found
        .iter()
        .find(|s| s.source == SPEAKERS && s.start == q.start)
        .and_then(|s| s.link.as_ref())
        .expect("a speaker");
    assert_eq!((link.to.start, link.to.end), (ma, ma + 2));
}

#[test]
fn accept_reject_undo_save_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let p = sample_without("quote");
    marginalia::project_file::save_project(&p, &path).unwrap();
    let (mut session, _) = Session::open(&path).unwrap();
    let found = all(session.project());
    let quotes: Vec<Suggestion> = spans(&found, QUOTES).into_iter().cloned().collect();
    let before = session.project().documents[0].annotations.len();
    // Accept the first, reject the second.
    let edit = accept_edit(session.project(), &quotes[0], None, "me").unwrap();
    session.apply(edit, "accept").unwrap();
    session.apply(reject_edit(&quotes[1..2]), "reject").unwrap();
    let doc = &session.project().documents[0];
    assert_eq!(doc.annotations.len(), before + 1);
    let accepted = doc
        .annotations
        .iter()
        .find(|a| a.start() == quotes[0].start)
        .unwrap();
    assert_eq!(accepted.suggested_by.as_deref(), Some(QUOTES));
    assert_eq!(accepted.author, "me");
    let left = spans(&all(session.project()), QUOTES).len();
    assert_eq!(
        left, 8,
        "neither the accepted nor the rejected one is offered again"
    );
    // Undo the rejection: it is offered again; redo: gone again.
    session.undo().unwrap().unwrap();
    assert_eq!(spans(&all(session.project()), QUOTES).len(), 9);
    session.redo().unwrap().unwrap();
    session.save_to(&path, false).unwrap();
    let reopened = load_project(&path).unwrap();
    assert_eq!(reopened.documents[0].rejections.len(), 1);
    assert_eq!(
        spans(&all(&reopened), QUOTES).len(),
        8,
        "the rejection survives reopening"
    );
    // Exports hold exactly the accepted one, as an ordinary annotation.
    let out = dir.path().join("out.jsonl");
    marginalia::formats::export(
        &reopened,
        marginalia::formats::Format::Doccano,
        &out,
        &Default::default(),
    )
    .unwrap();
    let line = std::fs::read_to_string(&out).unwrap();
    assert!(line.contains(&format!(
        "[{},{},\"quote\"]",
        quotes[0].start, quotes[0].end
    )));
    assert!(!line.contains(&format!(
        "[{},{},\"quote\"]",
        quotes[1].start, quotes[1].end
    )));
}

#[test]
fn accepting_a_speaker_link_adds_the_quote_it_needs_and_undoes_in_one_step() {
    let mut p = sample_without("quote");
    p.documents[0].relations.clear();
    let mut session = Session::unsaved(p);
    let found = all(session.project());
    let link = found.iter().find(|s| s.source == SPEAKERS).unwrap().clone();
    let (annotations, relations) = {
        let d = &session.project().documents[0];
        (d.annotations.len(), d.relations.len())
    };
    let edit = accept_all_edit(session.project(), std::slice::from_ref(&link), None, "me").unwrap();
    session.apply(edit, "accept link").unwrap();
    let d = &session.project().documents[0];
    assert_eq!(
        d.annotations.len(),
        annotations + 1,
        "the suggested quote came along"
    );
    assert_eq!(d.relations.len(), relations + 1);
    let r = d.relations.last().unwrap();
    assert_eq!(d.annotation(r.from).unwrap().start(), link.start);
    session.undo().unwrap().unwrap();
    assert_eq!(
        session.project().documents[0].annotations.len(),
        annotations
    );
    assert_eq!(session.project().documents[0].relations.len(), relations);
}

#[test]
fn predictions_are_suggestions_of_their_source_and_a_file_without_any_loads_unchanged() {
    let mut p = one_document("Alibaba is big.");
    p.documents[0].predictions.push(Prediction {
        fragments: vec![marginalia::model::Fragment::new(0, 7)],
        label: "entity".into(),
        source: "spacy-lg".into(),
        score: Some(0.9),
    });
    let found = all(&p);
    let s = found.iter().find(|s| s.source == "spacy-lg").unwrap();
    assert_eq!((s.start, s.end, s.score), (0, 7, 0.9));
    let text = project_to_ron(&p);
    assert!(text.contains("predictions: ["));
    assert_eq!(
        project_from_ron(&text, std::path::Path::new("p")).unwrap(),
        p
    );
    // The sample has no suggestion data: its file is written exactly as before.
    let sample_text = std::fs::read_to_string("projects/acting-on-xis-vision.ron").unwrap();
    assert_eq!(project_to_ron(&sample()), sample_text);
    assert!(!sample_text.contains("suggest"));
}

#[test]
fn a_source_below_its_floor_stops_and_switched_off_sources_say_nothing() {
    let mut p = sample_without("quote");
    p.schema.suggest.set_enabled(QUOTES, false);
    assert!(spans(&all(&p), QUOTES).is_empty());
    p.schema.suggest.set_enabled(QUOTES, true);
    p.schema.suggest.set_min_precision(QUOTES, 50);
    let quotes: Vec<Suggestion> = spans(&all(&p), QUOTES).into_iter().cloned().collect();
    // Reject five: precision 0 of 5 decided, below 50 %.
    let mut session = Session::unsaved(p);
    session.apply(reject_edit(&quotes[..5]), "reject").unwrap();
    assert!(spans(&all(session.project()), QUOTES).is_empty());
    let only = SuggestOptions {
        only: Some(vec![NAMES.into()]),
        ..SuggestOptions::default()
    };
    assert!(suggest(session.project(), &only)
        .iter()
        .all(|s| s.source == NAMES));
}
