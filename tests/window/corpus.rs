//! Projects of several documents: the picker, statuses, reading places.

use egui_kittest::kittest::Queryable as _;
use marginalia::ui::actions::*;

use super::harness::*;

#[test]
fn a_corpus_shows_a_document_picker() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_on_brat_fixture(&dir, "nlplab-tutorial-news");
    assert_eq!(h.state().session.project().documents.len(), 4);
    h.get_by_label("Document");
    h.state_mut()
        .push(Action::Navigation(NavigationAction::ShowDocument(2)));
    h.run();
    assert_eq!(h.state().session.document, 2);
    let first = h.state().session.document().unwrap().annotations[0]
        .text
        .chars()
        .take(12)
        .collect::<String>();
    assert!(
        h.query_all_by_label_contains(&first).count() >= 1,
        "the list shows the third document's annotations"
    );
}

#[test]
fn a_corpus_of_articles_with_statuses_and_document_shortcuts() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("zh.txt");
    let b = dir.path().join("second.html");
    std::fs::write(&a, "经济新闻\n中国经济稳中向好。").unwrap();
    std::fs::write(&b, "<title>Second</title><p>Another article.</p>").unwrap();
    let mut h = harness_any_script(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut()
        .push(Action::File(FileAction::AddArticles(vec![a, b])));
    h.run();
    assert_eq!(h.state().session.project().documents.len(), 3);
    assert_eq!(
        h.state().session.document,
        1,
        "the first added article is shown"
    );
    h.get_by_label("Documents");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::PageDown);
    h.run();
    assert_eq!(h.state().session.document, 2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::PageUp);
    h.run();
    assert_eq!(h.state().session.document, 1);
    h.state_mut()
        .push(Action::Annotation(AnnotationAction::SetDocStatus(
            1,
            marginalia::model::DocStatus::Done,
        )));
    h.run();
    // Tag in the Chinese article, save, reload: status and annotation survive.
    h.state_mut().view.selection = Some((5, 7));
    h.key_press(egui::Key::Num1);
    h.run();
    let out = dir.path().join("corpus.ron");
    h.state_mut()
        .push(Action::File(FileAction::SaveTo(out.clone())));
    h.run();
    let saved = marginalia::project_file::load_project(&out).unwrap();
    // Find across all documents, grouped by document; a result shows its document.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.state_mut().find.all_documents = true;
    h.state_mut().find.query = "article".into();
    h.run();
    h.get_by_label_contains("1 match in 1 document");
    let (doc, start, end) = {
        let (_, results) = h.state().find.corpus.as_ref().unwrap();
        (results[0].0, results[0].1[0].0, results[0].1[0].1)
    };
    assert_eq!(doc, 2);
    h.state_mut()
        .push(Action::Navigation(NavigationAction::GoToMatch(
            doc, start, end,
        )));
    h.run();
    assert_eq!(h.state().session.document, 2);
    assert_eq!(h.state().view.selection, Some((start, end)));
    assert_eq!(
        saved.documents[1].status,
        marginalia::model::DocStatus::Done
    );
    assert_eq!(saved.documents[1].annotations[0].text, "中国");
    assert_eq!(saved.documents[2].title, "Second");
}

#[test]
fn each_document_opens_at_the_top_then_where_its_reader_left_it() {
    // Two long articles (the sample's text, and a variant of it).
    let dir = tempfile::tempdir().unwrap();
    let app = app_on_changed_sample(&dir, |p| {
        let text = p.documents[0].text().to_owned();
        p.documents.push(marginalia::model::Document::new(
            "second",
            "Second",
            Default::default(),
            format!("{text}\nA closing line."),
        ));
    });
    let mut h = harness(app);
    h.state_mut()
        .push(Action::Navigation(NavigationAction::ShowDocument(0)));
    h.run();
    // Read into the middle of the first document.
    let len = h.state().session.document().unwrap().char_len();
    h.state_mut().view.scroll_to = Some(len / 2);
    h.run_steps(20);
    let place = h.state().view.place.clone().unwrap().1;
    assert!(place.top > 0, "scrolled down: {place:?}");
    // Another document opens at its top, not at the old scroll offset.
    h.state_mut()
        .push(Action::Navigation(NavigationAction::ShowDocument(1)));
    h.run_steps(20);
    assert_eq!(h.state().view.place.clone().unwrap().1.top, 0);
    // Coming back finds the place it was left at.
    h.state_mut()
        .push(Action::Navigation(NavigationAction::ShowDocument(0)));
    h.run_steps(20);
    assert_eq!(h.state().view.place.clone().unwrap().1.top, place.top);
    // And it is remembered for the next run, by document id and text hash.
    let doc = h.state().session.document().unwrap();
    let key = marginalia::ui::prefs::reading_key(doc);
    h.state_mut()
        .push(Action::Navigation(NavigationAction::ShowDocument(1)));
    h.run();
    assert_eq!(
        h.state().prefs.reading_place(&key).map(|p| p.top),
        Some(place.top)
    );
}
