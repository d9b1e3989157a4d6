//! The annotation window driven headless with egui_kittest on the real app state.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use marginalia::ui::actions::Action;
use marginalia::ui::prefs::Prefs;
use marginalia::ui::session::Session;
use marginalia::ui::MarginaliaApp;

mod common;

fn app_on_copy_of_sample(dir: &tempfile::TempDir) -> MarginaliaApp {
    let path = dir.path().join("sample.ron");
    std::fs::copy("projects/acting-on-xis-vision.ron", &path).unwrap();
    let (session, _) = Session::open(&path).unwrap();
    let prefs = Prefs {
        annotator: "kittest".into(),
        ..Prefs::default()
    };
    MarginaliaApp::new(session, prefs)
}

fn harness(app: MarginaliaApp) -> Harness<'static, MarginaliaApp> {
    // Recovery snapshots of never-saved projects go here, not into the user's data folder.
    std::env::set_var(
        "MARGINALIA_DATA_DIR",
        std::env::temp_dir().join("marginalia-window-tests"),
    );
    Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(|ui, app: &mut MarginaliaApp| app.show(ui), app)
}

/// A harness for texts in scripts the test fonts lack (the real window uses system fonts).
fn harness_any_script(app: MarginaliaApp) -> Harness<'static, MarginaliaApp> {
    std::env::set_var(
        "MARGINALIA_DATA_DIR",
        std::env::temp_dir().join("marginalia-window-tests"),
    );
    Harness::builder()
        .allow_missing_glyphs()
        .with_size(egui::vec2(1200.0, 800.0))
        .build_ui_state(|ui, app: &mut MarginaliaApp| app.show(ui), app)
}

/// A window that imported the brat corpus `tests/fixtures/brat/NAME` through the File menu's
/// action.
fn harness_on_brat_fixture(dir: &tempfile::TempDir, name: &str) -> Harness<'static, MarginaliaApp> {
    let mut h = harness(app_on_copy_of_sample(dir));
    h.state_mut().push(Action::ImportPath(
        marginalia::formats::Format::Brat,
        std::path::PathBuf::from("tests/fixtures/brat").join(name),
    ));
    h.run();
    h
}

fn count(h: &Harness<'_, MarginaliaApp>) -> usize {
    h.state().session.document().unwrap().annotations.len()
}

/// Press and release at `pos`, then let enough time pass that the next click is not a double click.
fn click_at(h: &mut Harness<'_, MarginaliaApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run();
    h.drag_at(pos);
    h.run();
    h.drop_at(pos);
    h.run_steps(3);
}

/// The id of the first annotation of `doc` that matches.
fn id_of(
    doc: &marginalia::model::Document,
    test: impl Fn(&marginalia::model::Annotation) -> bool,
) -> u64 {
    doc.annotations
        .iter()
        .find(|a| test(a))
        .expect("the sample has it")
        .id
}

/// Drag with real pointer events from `a` to `b`.
fn drag(h: &mut Harness<'_, MarginaliaApp>, a: egui::Pos2, b: egui::Pos2) {
    h.hover_at(a);
    h.run();
    h.drag_at(a);
    h.run();
    h.hover_at(a + (b - a) * 0.5);
    h.run();
    h.hover_at(b);
    h.run();
    h.drop_at(b);
    h.run();
}

#[test]
fn drag_select_tag_undo_redo_relabel_delete() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    let before = count(&h);
    let view = h.state().view.viewport;
    assert!(view.height() > 100.0, "the text view has room: {view:?}");
    // Drag along the first row of the first claim, which is plain running text.
    let doc = h.state().session.document().unwrap();
    let claim = doc
        .annotations
        .iter()
        .find(|a| a.label == "claim")
        .unwrap()
        .id;
    let row = h
        .state()
        .view
        .painted
        .iter()
        .find(|(id, _)| *id == claim)
        .map(|(_, r)| *r)
        .unwrap();
    let a = egui::pos2(row.left() + 3.0, row.center().y);
    let b = egui::pos2(row.left() + 150.0, row.center().y);
    drag(&mut h, a, b);
    let (s, e) = h.state().view.selection.expect("a drag selects text");
    let doc = h.state().session.document().unwrap();
    let chosen = doc.offsets().slice(doc.text(), s, e).unwrap().to_owned();
    assert!(
        !chosen.is_empty() && chosen.trim() == chosen,
        "snapped and trimmed: {chosen:?}"
    );

    h.key_press(egui::Key::Num1);
    h.run();
    assert_eq!(count(&h), before + 1);
    let id = h
        .state()
        .view
        .selected
        .expect("the new annotation is selected");
    let ann = h
        .state()
        .session
        .document()
        .unwrap()
        .annotation(id)
        .unwrap()
        .clone();
    assert_eq!(ann.label, "entity");
    assert_eq!(ann.text, chosen);
    assert_eq!(ann.author, "kittest");
    assert!(h.state().session.dirty);
    // It shows in the list (the inspector also shows it).
    assert!(
        h.query_all_by_label_contains(&format!(
            "entity  {}",
            &chosen.chars().take(20).collect::<String>()
        ))
        .count()
            >= 1
    );

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(count(&h), before);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(count(&h), before + 1);

    h.state_mut().push(Action::Select(id));
    h.run();
    h.key_press(egui::Key::Num2);
    h.run();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(id)
            .unwrap()
            .label,
        "claim"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();

    h.key_press(egui::Key::Delete);
    h.run();
    assert_eq!(count(&h), before);
    assert!(h
        .state()
        .session
        .document()
        .unwrap()
        .annotation(id)
        .is_none());
}

#[test]
fn clicking_a_highlight_selects_it_and_cycles_through_stacked_ones() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    // "Party" (entity) sits inside the Long Baozheng quote: click it twice.
    let doc = h.state().session.document().unwrap();
    let party = doc
        .annotations
        .iter()
        .find(|a| a.label == "entity" && a.text == "Party")
        .unwrap()
        .id;
    h.state_mut().push(Action::Select(party));
    h.run();
    h.run();
    let rect = h
        .state()
        .view
        .painted
        .iter()
        .find(|(id, _)| *id == party)
        .map(|(_, r)| *r)
        .expect("Party is painted");
    h.state_mut().view.selected = None;
    h.get_by_role_and_label(Role::Document, "Document text");
    h.hover_at(rect.center());
    h.run();
    click_at(&mut h, rect.center());
    assert_eq!(
        h.state().view.selected,
        Some(party),
        "the innermost span is picked first"
    );
    click_at(&mut h, rect.center());
    let second = h.state().view.selected.unwrap();
    let label = h
        .state()
        .session
        .document()
        .unwrap()
        .annotation(second)
        .unwrap()
        .label
        .clone();
    assert_eq!(
        label, "quote",
        "a second click moves to the enclosing quote"
    );
}

#[test]
fn save_and_reload_gives_the_same_project() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().view.selection = Some((0, 6));
    h.key_press(egui::Key::Num3);
    h.run();
    let out = dir.path().join("saved.ron");
    h.state_mut().push(Action::SaveTo(out.clone()));
    h.run();
    assert!(!h.state().session.dirty);
    assert_eq!(h.state().session.path.as_deref(), Some(out.as_path()));
    let reloaded = marginalia::project_file::load_project(&out).unwrap();
    assert_eq!(reloaded, h.state().session.project);
    assert!(reloaded.documents[0]
        .annotations
        .iter()
        .any(|a| a.label == "quote" && a.text == "Acting"));
}

#[test]
fn find_and_tag_all_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    let before = count(&h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    assert!(h.state().find.open);
    h.state_mut().find.query = "economy".into();
    h.state_mut().find.tag_label = "entity".into();
    h.run();
    let matches = h.state().view.find_matches.len();
    assert_eq!(matches, 6, "\"economy\" appears six times");
    h.get_by_label("Tag all matches").click();
    h.run();
    assert_eq!(count(&h), before + matches);
    let doc = h.state().session.document().unwrap();
    for (s, e) in &h.state().view.find_matches {
        assert!(doc.annotations.iter().any(|a| a.label == "entity"
            && a.start() == *s
            && a.end() == *e
            && a.text.eq_ignore_ascii_case("economy")));
    }
    // Tagging them again changes nothing, says so, and records no undo step.
    let step = h
        .state()
        .session
        .history
        .undo_description()
        .map(str::to_owned);
    h.get_by_label("Tag all matches").click();
    h.run();
    assert_eq!(count(&h), before + matches, "no duplicates");
    assert_eq!(
        h.state()
            .session
            .history
            .undo_description()
            .map(str::to_owned),
        step
    );
    let said = &h.state().notes.items.last().unwrap().text;
    assert!(
        said.contains("all 6 are already tagged as entity"),
        "{said}"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(count(&h), before, "one undo removes them all");
    // As claims, matches inside an existing claim are skipped rather than nested in it again.
    let doc = h.state().session.document().unwrap();
    let inside_claims = h
        .state()
        .view
        .find_matches
        .iter()
        .filter(|(s, e)| {
            doc.annotations
                .iter()
                .any(|a| a.label == "claim" && a.start() <= *s && a.end() >= *e)
        })
        .count();
    assert!(inside_claims > 0, "the sample has economy inside claims");
    h.state_mut().find.tag_label = "claim".into();
    h.run();
    h.get_by_label("Tag all matches").click();
    h.run();
    assert_eq!(count(&h), before + matches - inside_claims);
    let said = &h.state().notes.items.last().unwrap().text;
    assert!(
        said.contains(&format!("{inside_claims} were already tagged as claim")),
        "{said}"
    );
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().view.selection = Some((0, 6));
    h.key_press(egui::Key::Num1);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    h.run();
    assert!(h.state().is_asking_to_save());
    h.get_by_label("Save changes?");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!h.state().is_asking_to_save());
    assert!(h.state().session.dirty, "cancel keeps the work");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Q);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(!h.state().session.dirty, "save wrote the file");
    let saved = marginalia::project_file::load_project(&dir.path().join("sample.ron")).unwrap();
    assert_eq!(saved, h.state().session.project);
}

#[test]
fn keyboard_only_selection_then_tag() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().view.caret = 0;
    for _ in 0..6 {
        h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowRight);
        h.run();
    }
    assert_eq!(h.state().view.selection, Some((0, 6)));
    h.key_press(egui::Key::Num2);
    h.run();
    let id = h.state().view.selected.unwrap();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(id)
            .unwrap()
            .text,
        "Acting"
    );
    // Move the end one word right with Alt+.
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::Period);
    h.run();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(id)
            .unwrap()
            .text,
        "Acting on"
    );
    // And one character back with ','.
    h.key_press(egui::Key::Comma);
    h.run();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(id)
            .unwrap()
            .text,
        "Acting o"
    );
    // Growing the end by a character over a space lands on the next letter, never on the space.
    h.key_press(egui::Key::Period);
    h.run();
    h.key_press(egui::Key::Period);
    h.run();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(id)
            .unwrap()
            .text,
        "Acting on X"
    );
    // Move the start right by a word.
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::CloseBracket);
    h.run();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(id)
            .unwrap()
            .text,
        "on X"
    );
}

#[test]
fn arrow_keys_move_the_caret_between_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().view.caret = 3;
    h.key_press(egui::Key::ArrowDown);
    h.run();
    let doc = h.state().session.document().unwrap();
    let second_line = doc.text().find('\n').unwrap() + 1; // ASCII before it, so bytes = chars
    let caret = h.state().view.caret;
    assert!(
        caret >= second_line && caret < second_line + 10,
        "down moves to the byline: {caret}"
    );
    h.key_press(egui::Key::ArrowUp);
    h.run();
    assert!(h.state().view.caret < second_line, "up comes back");
    h.state_mut().view.caret = 0;
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::ArrowRight);
    h.run();
    assert_eq!(h.state().view.caret, 6, "Ctrl+Right stops after \"Acting\"");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::ArrowRight);
    h.run();
    assert_eq!(h.state().view.caret, 7, "then at the start of \"on\"");
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().view.caret, 6);
}

#[test]
fn a_bad_file_shows_an_error_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(format: \"marginalia-project\", version: 1, offs").unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().push(Action::OpenPath(bad.clone()));
    h.run();
    let err = h
        .state()
        .notes
        .last_error()
        .expect("an error is shown")
        .to_owned();
    assert!(err.contains("bad.ron:1:"), "{err}");
    assert!(
        h.state().session.path.as_deref() != Some(bad.as_path()),
        "the open project stays"
    );
}

#[test]
fn export_and_import_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().push(Action::ShowExport);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Window, "Export labeled data");
    h.get_by_label("Export…");
    let out = dir.path().join("brat");
    h.state_mut().push(Action::ExportTo(
        marginalia::formats::Format::Brat,
        out.clone(),
    ));
    h.run();
    assert!(out.join("acting-on-xis-vision.ann").exists());
    assert!(out.join("annotation.conf").exists());
    let shown = h.state().notes.items.last().unwrap().text.clone();
    assert!(
        shown.contains("Exported 50 annotations") && shown.contains("Not expressible"),
        "{shown}"
    );
    // Importing into a window with unsaved changes asks first; this one is saved.
    h.state_mut().push(Action::ImportPath(
        marginalia::formats::Format::Brat,
        out.clone(),
    ));
    h.run();
    assert_eq!(count(&h), 50);
    assert!(
        h.state().session.path.is_none(),
        "imported data is a new, unsaved project"
    );
    assert!(h.state().session.dirty);
}

#[test]
fn a_corpus_shows_a_document_picker() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_on_brat_fixture(&dir, "nlplab-tutorial-news");
    assert_eq!(h.state().session.project.documents.len(), 4);
    h.get_by_label("Document");
    h.state_mut().push(Action::ShowDocument(2));
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
fn review_mode_accepts_rejects_comments_and_purges() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    h.run();
    assert!(h.state().review_mode);
    h.get_by_label_contains("reviewed 0 / 50");
    h.key_press(egui::Key::N);
    h.run();
    let first = h
        .state()
        .view
        .selected
        .expect("N selects the first annotation");
    h.key_press(egui::Key::A);
    h.run();
    let second = h.state().view.selected.unwrap();
    assert_ne!(first, second, "deciding moves on");
    h.key_press(egui::Key::R);
    h.run();
    let doc = h.state().session.document().unwrap();
    let a = doc.annotation(first).unwrap();
    assert_eq!(a.review.status, marginalia::model::ReviewStatus::Accepted);
    assert_eq!(a.review.reviewer.as_deref(), Some("kittest"));
    assert!(a.review.time.is_some());
    assert_eq!(
        doc.annotation(second).unwrap().review.status,
        marginalia::model::ReviewStatus::Rejected
    );
    h.get_by_label_contains("reviewed 2 / 50");
    h.state_mut()
        .push(Action::SetReviewComment(second, Some("not a claim".into())));
    h.run();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(second)
            .unwrap()
            .review
            .comment
            .as_deref(),
        Some("not a claim")
    );
    // Filter the list by status.
    h.state_mut().filter.status = Some(marginalia::model::ReviewStatus::Rejected);
    h.run();
    h.get_by_label("1 of 50 annotations");
    // Rejected annotations stay until purged; purge is one undo step.
    h.state_mut().push(Action::PurgeRejected);
    h.run();
    assert_eq!(count(&h), 49);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(count(&h), 50);
}

#[test]
fn compare_adjudicate_and_save_a_gold_project() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on_copy_of_sample(&dir);
    // Annotator B: relabels one span, drops one, shifts one, adds one.
    let mut b = app.session.project.clone();
    {
        let doc = &mut b.documents[0];
        doc.annotations[0].label = "claim".into();
        doc.annotations.remove(1);
        for a in &mut doc.annotations {
            a.author = "bob".into();
        }
    }
    let b_path = dir.path().join("bob.ron");
    marginalia::project_file::save_project(&b, &b_path).unwrap();
    app.push(Action::ComparePaths(vec![b_path]));
    let mut h = harness(app);
    h.run();
    let mode = h.state().compare.as_ref().expect("comparison is active");
    let counts = mode.comparison.counts();
    assert_eq!(counts[&marginalia::comparison::AgreementClass::Exact], 48);
    assert_eq!(
        counts[&marginalia::comparison::AgreementClass::LabelMismatch],
        1
    );
    assert_eq!(counts[&marginalia::comparison::AgreementClass::OnlyA], 1);
    h.get_by_label_contains("exact match: 48");
    h.get_by_label("Accept all exact matches").click();
    h.run();
    assert_eq!(
        h.state().compare.as_ref().unwrap().comparison.undecided(),
        2
    );
    // Undo the bulk action as one step, then redo it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().compare.as_ref().unwrap().comparison.undecided(),
        50
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    // Decide the rest with the keyboard: select each undecided case and press B (take B) or D.
    let undecided: Vec<usize> = {
        let c = &h.state().compare.as_ref().unwrap().comparison;
        (0..c.cases.len())
            .filter(|i| c.decision(*i).is_none())
            .collect()
    };
    for (k, case) in undecided.iter().enumerate() {
        h.state_mut().compare.as_mut().unwrap().selected_case = Some(*case);
        h.key_press(if k == 0 { egui::Key::B } else { egui::Key::D });
        h.run();
    }
    assert_eq!(
        h.state().compare.as_ref().unwrap().comparison.undecided(),
        0
    );
    let out = dir.path().join("gold.ron");
    h.state_mut().save_gold(&out);
    let gold = marginalia::project_file::load_project(&out).unwrap();
    assert_eq!(
        gold.annotation_count(),
        49,
        "48 exact + B's label + nothing for the dropped one"
    );
    let doc = &gold.documents[0];
    assert!(
        doc.annotations
            .iter()
            .all(|a| a.review.reviewer.as_deref() == Some("kittest")),
        "adjudicator recorded"
    );
    assert!(
        doc.annotations.iter().any(|a| a.author == "bob"),
        "B's span keeps its author"
    );
    assert!(
        doc.annotations
            .iter()
            .any(|a| a.author == "sample-annotator"),
        "A's spans keep theirs"
    );
    // The links come along wherever both ends were kept, each once.
    let sample = h.state().compare.as_ref().unwrap().comparison.projects[0].clone();
    let kept_text = |d: &marginalia::model::Document, id: u64| {
        let a = d.annotation(id).unwrap();
        (a.fragments.clone(), a.text.clone())
    };
    let expected: std::collections::BTreeSet<_> = sample.documents[0]
        .relations
        .iter()
        .map(|r| {
            let d = &sample.documents[0];
            (r.kind.clone(), kept_text(d, r.from), kept_text(d, r.to))
        })
        .filter(|(_, from, to)| {
            [from, to]
                .iter()
                .all(|end| doc.annotations.iter().any(|a| a.fragments == end.0))
        })
        .collect();
    let got: std::collections::BTreeSet<_> = doc
        .relations
        .iter()
        .map(|r| (r.kind.clone(), kept_text(doc, r.from), kept_text(doc, r.to)))
        .collect();
    assert!(
        expected.len() >= 14,
        "most of the sample's 16 links survive"
    );
    assert_eq!(got, expected);
    assert_eq!(doc.relations.len(), expected.len(), "no link twice");
    // The agreement window shows the pair's figures.
    h.get_by_label("Agreement").click();
    h.run();
    h.get_by_label("overall");
    let report = h
        .state()
        .compare
        .as_ref()
        .unwrap()
        .report
        .as_ref()
        .unwrap()
        .clone();
    assert!((report.overall.exact_f1.unwrap() - 2.0 * 48.0 / 99.0).abs() < 1e-12);
}

#[test]
fn link_a_quote_to_its_speaker_with_the_keyboard_and_mouse() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    let doc = h.state().session.document().unwrap();
    let quote = id_of(doc, |a| a.text.starts_with("“To us"));
    let ma = id_of(doc, |a| a.text == "Jack Ma");
    let before = doc.relations.len();
    // Remove the sample's link first, so we can make it again.
    let existing = doc.relations.iter().find(|r| r.from == quote).unwrap().id;
    h.state_mut().push(Action::RemoveRelation(existing));
    h.run();
    assert_eq!(
        h.state().session.document().unwrap().relations.len(),
        before - 1
    );
    // Select the quote, press L, click Jack Ma.
    h.state_mut().push(Action::Select(quote));
    h.run();
    h.key_press(egui::Key::L);
    h.run();
    assert_eq!(h.state().view.linking_from, Some(quote));
    h.state_mut().push(Action::Select(ma));
    h.run();
    h.state_mut().view.selected = None;
    h.state_mut().view.linking_from = Some(quote);
    let rect = h
        .state()
        .view
        .painted
        .iter()
        .find(|(id, _)| *id == ma)
        .map(|(_, r)| *r)
        .unwrap();
    click_at(&mut h, rect.center());
    let doc = h.state().session.document().unwrap();
    let link = doc
        .relations
        .iter()
        .find(|r| r.from == quote && r.to == ma)
        .expect("linked");
    assert_eq!(link.kind, "speaker", "quote → entity is a speaker link");
    assert_eq!(h.state().view.linking_from, None);
    // Undo and redo the link.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!h
        .state()
        .session
        .document()
        .unwrap()
        .relations
        .iter()
        .any(|r| r.from == quote && r.to == ma));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    let link_id = h
        .state()
        .session
        .document()
        .unwrap()
        .relations
        .iter()
        .find(|r| r.from == quote && r.to == ma)
        .unwrap()
        .id;
    // Change its kind from the inspector, as one undo step.
    h.state_mut()
        .push(Action::SetRelationKind(link_id, "source".into()));
    h.run();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .relations
            .iter()
            .find(|r| r.id == link_id)
            .unwrap()
            .kind,
        "source"
    );
    // Deleting the quote takes its links; undo brings both back.
    h.state_mut().push(Action::Delete(quote));
    h.run();
    assert!(!h
        .state()
        .session
        .document()
        .unwrap()
        .relations
        .iter()
        .any(|r| r.from == quote));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h
        .state()
        .session
        .document()
        .unwrap()
        .relations
        .iter()
        .any(|r| r.id == link_id));
    // The inspector lists the link.
    h.state_mut().push(Action::Select(quote));
    h.run();
    h.get_by_label("Links");
}

#[test]
fn alt_click_links_the_selected_annotation() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    let doc = h.state().session.document().unwrap();
    let claim = id_of(doc, |a| a.text.starts_with("Alibaba and, another"));
    let group = id_of(doc, |a| a.text == "Alibaba Group");
    let group_start = doc.annotation(group).unwrap().start();
    h.state_mut().push(Action::Select(claim));
    h.run();
    // Bring the target into the middle of the view, keeping the claim selected.
    h.state_mut().view.scroll_to = Some(group_start);
    h.run();
    let rect = h
        .state()
        .view
        .painted
        .iter()
        .find(|(id, _)| *id == group)
        .map(|(_, r)| *r)
        .expect("Alibaba Group is visible");
    assert!(h.state().view.viewport.contains(rect.center()));
    assert_eq!(h.state().view.selected, Some(claim));
    h.hover_at(rect.center());
    h.run();
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::ALT));
    h.event(egui::Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::ALT,
    });
    h.run();
    h.event(egui::Event::PointerButton {
        pos: rect.center(),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::ALT,
    });
    h.run();
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    h.run_steps(3);
    let doc = h.state().session.document().unwrap();
    let link = doc
        .relations
        .iter()
        .find(|r| r.from == claim && r.to == group)
        .expect("Alt+click linked them");
    assert_eq!(link.kind, "source", "claim → entity is a source link");
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
    h.state_mut().push(Action::AddArticles(vec![a, b]));
    h.run();
    assert_eq!(h.state().session.project.documents.len(), 3);
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
        .push(Action::SetDocStatus(1, marginalia::model::DocStatus::Done));
    h.run();
    // Tag in the Chinese article, save, reload: status and annotation survive.
    h.state_mut().view.selection = Some((5, 7));
    h.key_press(egui::Key::Num1);
    h.run();
    let out = dir.path().join("corpus.ron");
    h.state_mut().push(Action::SaveTo(out.clone()));
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
    h.state_mut().push(Action::GoToMatch(doc, start, end));
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
fn adding_a_folder_of_articles() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("articles");
    std::fs::create_dir(&folder).unwrap();
    for i in 0..30 {
        std::fs::write(
            folder.join(format!("a{i:02}.txt")),
            format!("Article number {i}."),
        )
        .unwrap();
    }
    std::fs::write(folder.join("notes.pdf"), [0u8, 1, 2]).unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().push(Action::AddArticles(vec![folder]));
    // Thirty files go to a worker thread with a progress bar.
    h.run_steps(2);
    let start = std::time::Instant::now();
    while h.state().is_busy() && start.elapsed() < std::time::Duration::from_secs(300) {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run();
    assert_eq!(
        h.state().session.project.documents.len(),
        31,
        "only the articles, not the PDF"
    );
    assert_eq!(h.state().session.document, 1, "the first new one is shown");
    // Added by mistake: one Ctrl+Z takes all thirty out, and redo brings them back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().session.project.documents.len(), 1);
    assert_eq!(h.state().session.document, 0);
    assert!(h.state().session.document().is_some());
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run();
    assert_eq!(h.state().session.project.documents.len(), 31);
    assert_eq!(
        h.state().session.project.documents[30].title,
        "Article number 29.",
        "in the same order"
    );
    // A document's status is undoable too.
    h.state_mut()
        .push(Action::SetDocStatus(3, marginalia::model::DocStatus::Done));
    h.run();
    assert_eq!(
        h.state().session.project.documents[3].status,
        marginalia::model::DocStatus::Done
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().session.project.documents[3].status,
        marginalia::model::DocStatus::Todo
    );
}

#[test]
fn the_schema_editor_renames_recolours_refuses_conflicts_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().push(Action::ShowSchema);
    h.run();
    h.get_by_role_and_label(Role::Window, "Label schema");
    h.state_mut()
        .push(Action::RenameLabel("entity".into(), "actor".into()));
    h.run();
    let p = &h.state().session.project;
    assert!(p.schema.label("actor").is_some() && p.schema.label("entity").is_none());
    assert_eq!(
        p.documents[0]
            .annotations
            .iter()
            .filter(|a| a.label == "actor")
            .count(),
        29
    );
    assert_eq!(
        p.schema.relations[0].to, "actor",
        "relation kinds follow the rename"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let p = &h.state().session.project;
    assert!(p.schema.label("entity").is_some());
    assert_eq!(
        p.documents[0]
            .annotations
            .iter()
            .filter(|a| a.label == "entity")
            .count(),
        29,
        "one undo reverts both"
    );
    // A hotkey already taken is refused.
    let mut s = h.state().session.project.schema.clone();
    s.labels[1].hotkey = Some("1".into());
    h.state_mut().push(Action::SetSchema(s, "hotkey".into()));
    h.run();
    assert!(h
        .state()
        .notes
        .last_error()
        .unwrap()
        .contains("hotkey 1 is already used"));
    assert_eq!(
        h.state().session.project.schema.labels[1].hotkey.as_deref(),
        Some("2")
    );
    // Attributes with allowed values, set from the inspector.
    let mut s = h.state().session.project.schema.clone();
    s.labels[0].attributes =
        marginalia::ui::schema_editor::parse_attributes("type: person, organization, place, other")
            .unwrap();
    h.state_mut()
        .push(Action::SetSchema(s, "attributes".into()));
    h.run();
    let ma = h
        .state()
        .session
        .document()
        .unwrap()
        .annotations
        .iter()
        .find(|a| a.text == "Jack Ma")
        .unwrap()
        .id;
    h.state_mut().push(Action::Select(ma));
    h.run();
    h.get_by_label("person").click();
    h.run();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(ma)
            .unwrap()
            .attributes
            .get("type")
            .map(String::as_str),
        Some("person")
    );
    // Deleting a label relabels its annotations when asked to.
    h.state_mut()
        .push(Action::DeleteLabel("claim".into(), Some("quote".into())));
    h.run();
    let p = &h.state().session.project;
    assert!(p.schema.label("claim").is_none());
    assert_eq!(
        p.documents[0]
            .annotations
            .iter()
            .filter(|a| a.label == "quote")
            .count(),
        21
    );
    assert!(marginalia::validate::validate_project(p).is_empty());
    // The schema saves and loads as its own file.
    let path = dir.path().join("team-schema.ron");
    marginalia::schema_file::save_schema(&p.schema, &path).unwrap();
    assert_eq!(
        marginalia::schema_file::load_schema(&path).unwrap(),
        p.schema
    );
}

#[test]
fn the_statistics_window_shows_charts_and_the_density_strip() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().push(Action::ShowStats);
    h.run();
    h.get_by_role_and_label(Role::Window, "Statistics");
    h.get_by_label_contains("1 document · 3803 characters · 50 annotations · 16 relations");
    // Bars carry their counts; a chart of one document would say nothing, so there is none.
    h.get_by_label("entity: 29");
    h.get_by_label("pending: 50");
    assert!(h.query_by_label("Per document").is_none());
}

#[test]
fn review_steps_through_the_whole_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_on_brat_fixture(&dir, "pie-datasets-fixture");
    assert_eq!(h.state().session.project.documents.len(), 2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    h.run();
    let first_doc_count = h.state().session.project.documents[0].annotations.len();
    for _ in 0..first_doc_count {
        h.key_press(egui::Key::N);
        h.run();
    }
    assert_eq!(h.state().session.document, 0);
    h.key_press(egui::Key::A);
    h.run();
    h.run();
    assert_eq!(
        h.state().session.document,
        1,
        "accepting the last annotation moves on to the next document"
    );
    let selected = h.state().view.selected.unwrap();
    assert_eq!(
        h.state().session.document().unwrap().annotations[0].id,
        selected
    );
    h.get_by_label_contains("project: 1 /");
}

#[test]
fn link_with_the_keyboard_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    let doc = h.state().session.document().unwrap();
    // "Xi Jinping" is followed by the nested event entity; link it to that entity with L, Tab, Enter.
    let from = id_of(doc, |a| a.text == "Xi Jinping");
    let index = doc.annotation_index(from).unwrap();
    let next = doc.annotations[index + 1].id;
    h.state_mut().push(Action::Select(from));
    h.run();
    h.key_press(egui::Key::L);
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    assert_eq!(h.state().view.selected, Some(next));
    h.key_press(egui::Key::Enter);
    h.run();
    let doc = h.state().session.document().unwrap();
    assert!(
        doc.relations.iter().any(|r| r.from == from && r.to == next),
        "linked with the keyboard"
    );
    h.get_by_label("Guideline");
}

/// The screen rect of annotation `text`'s first painted row.
fn rect_of(h: &Harness<'_, MarginaliaApp>, text: &str) -> egui::Rect {
    rect_where(h, |a| a.text == text)
}

/// The screen rect of the first painted row of the first annotation that passes `test`.
fn rect_where(
    h: &Harness<'_, MarginaliaApp>,
    test: impl Fn(&marginalia::model::Annotation) -> bool,
) -> egui::Rect {
    let doc = h.state().session.document().unwrap();
    let id = id_of(doc, test);
    h.state()
        .view
        .painted
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, r)| *r)
        .unwrap()
}

#[test]
fn drag_across_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    // From "HE WEI" (second line) down into the first paragraph's "Chinese".
    let he = rect_of(&h, "HE WEI");
    let claim = rect_of(&h, "they are gearing up their pace of development as General Secretary Xi Jinping’s speech in October at the 19th National Congress of the Communist Party of China has given the economy new impetus to grow");
    drag(
        &mut h,
        egui::pos2(he.left() + 3.0, he.center().y),
        egui::pos2(claim.left() - 20.0, claim.center().y),
    );
    let (s, e) = h.state().view.selection.expect("selected");
    let doc = h.state().session.document().unwrap();
    let chosen = doc.offsets().slice(doc.text(), s, e).unwrap().to_owned();
    assert!(
        chosen.starts_with("HE WEI") && chosen.contains('\n') && chosen.ends_with("said"),
        "{chosen:?}"
    );
}

#[test]
fn sticky_label_and_ctrl_drag_for_a_second_fragment() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    let before = count(&h);
    // Right-click "3 quote" on the label bar: sticky mode tags each selection on release.
    h.get_by_label_contains("3 quote").click_secondary();
    h.run();
    assert_eq!(h.state().view.sticky_label.as_deref(), Some("quote"));
    let claim = rect_of(&h, "they are gearing up their pace of development as General Secretary Xi Jinping’s speech in October at the 19th National Congress of the Communist Party of China has given the economy new impetus to grow");
    let y = claim.center().y;
    drag(
        &mut h,
        egui::pos2(claim.left() - 150.0, y),
        egui::pos2(claim.left() - 60.0, y),
    );
    assert_eq!(
        count(&h),
        before + 1,
        "released selection was tagged at once"
    );
    let id = h.state().view.selected.unwrap();
    assert_eq!(
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(id)
            .unwrap()
            .label,
        "quote"
    );
    // Ctrl+drag adds a second fragment to the selected annotation.
    h.state_mut().view.sticky_label = None;
    let he = rect_of(&h, "HE WEI");
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::COMMAND));
    drag(
        &mut h,
        egui::pos2(he.left() - 70.0, he.center().y),
        egui::pos2(he.left() - 40.0, he.center().y),
    );
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    h.run();
    let ann = h
        .state()
        .session
        .document()
        .unwrap()
        .annotation(id)
        .unwrap()
        .clone();
    assert_eq!(ann.fragments.len(), 2, "{ann:?}");
    assert_eq!(count(&h), before + 1);
}

/// Press and release at `pos` `times` times in quick succession, a frame apart as a real mouse
/// would (the harness advances its clock by one sixtieth of a second a frame here).
fn multi_click(h: &mut Harness<'_, MarginaliaApp>, pos: egui::Pos2, times: usize) {
    h.hover_at(pos);
    h.step();
    for _ in 0..times {
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: egui::Modifiers::NONE,
            });
            h.step();
        }
    }
}

#[test]
fn double_click_selects_a_word_and_triple_click_a_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var(
        "MARGINALIA_DATA_DIR",
        std::env::temp_dir().join("marginalia-window-tests"),
    );
    // Multi-clicks need a real frame rate: egui counts clicks within 0.3 s as one double click,
    // and the harness's default step is a quarter second.
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(
            |ui, app: &mut MarginaliaApp| app.show(ui),
            app_on_copy_of_sample(&dir),
        );
    h.run();
    let claim_text = "they are gearing up their pace of development";
    let claim = rect_where(&h, |a| a.text.starts_with(claim_text));
    // Between the 'h' and 'e' of "they", the first word of the claim.
    let at = egui::pos2(claim.left() + 6.0, claim.top() + 6.0);
    let selected_text = |h: &Harness<'_, MarginaliaApp>| {
        let (s, e) = h.state().view.selection.expect("a selection");
        let doc = h.state().session.document().unwrap();
        doc.offsets().slice(doc.text(), s, e).unwrap().to_owned()
    };

    multi_click(&mut h, at, 2);
    assert_eq!(selected_text(&h), "they", "double click selects the word");
    assert_eq!(h.state().view.selected, None);

    // Let the click streak expire, then click three times.
    h.run_steps(30);
    multi_click(&mut h, at, 3);
    let paragraph = selected_text(&h);
    let doc = h.state().session.document().unwrap();
    let line = doc
        .text()
        .lines()
        .find(|l| l.contains(claim_text))
        .unwrap()
        .trim()
        .to_owned();
    assert_eq!(paragraph, line, "triple click selects the whole paragraph");

    // Both are ordinary selections: a hotkey tags them.
    h.key_press(egui::Key::Num2);
    h.run();
    let doc = h.state().session.document().unwrap();
    assert!(doc
        .annotations
        .iter()
        .any(|a| a.label == "claim" && a.text == line));
}

#[test]
fn agreement_with_two_more_annotators_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_on_copy_of_sample(&dir);
    let (bob_path, carol_path) = common::save_colleagues(&app.session.project, dir.path());

    let mut h = harness(app);
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Agreement with…");
    h.get_by_label("File").click();
    h.run();
    assert!(
        h.query_by_label("Agreement with…").is_none(),
        "the menu closed"
    );
    h.state_mut().push(Action::AgreementWith(vec![
        bob_path.clone(),
        carol_path.clone(),
    ]));
    h.run();
    h.get_by_label("Agreement");
    h.get_by_label_contains("Annotators: sample, bob, carol");
    h.get_by_label("Every pair of annotators");
    h.get_by_label("sample – carol");
    h.get_by_label("mean");
    h.get_by_label("standard deviation");

    // The window shows what `marginalia agree` computes from the same files.
    let saved = dir.path().join("sample.ron");
    let projects: Vec<marginalia::model::Project> = [&saved, &bob_path, &carol_path]
        .iter()
        .map(|p| marginalia::project_file::load_project(p).unwrap())
        .collect();
    let names = ["sample", "bob", "carol"];
    let annotators: Vec<marginalia::agreement::Annotator<'_>> = projects
        .iter()
        .zip(names)
        .map(|(project, name)| marginalia::agreement::Annotator {
            name: name.into(),
            project,
        })
        .collect();
    let expected = marginalia::agreement::compute(&annotators).unwrap();
    let shown = h.state().agreement.clone().unwrap().unwrap();
    assert_eq!(shown, expected);
    assert_eq!(shown.pairs.len(), 3);
    // Bob and the open project differ only in one label: exact F1 = 49/50.
    let bob_pair = &shown.pairs[0];
    assert_eq!(
        (bob_pair.a.as_str(), bob_pair.b.as_str()),
        ("sample", "bob")
    );
    assert!((bob_pair.scores.exact_f1.unwrap() - 49.0 / 50.0).abs() < 1e-12);
    let shown_exact = format!("{:.3}", bob_pair.scores.exact_f1.unwrap());
    assert!(h.query_all_by_label(&shown_exact).count() >= 1);

    // Relabel the span back to what Bob has, then measure again: the pair now agrees fully.
    let first = h.state().session.document().unwrap().annotations[0].id;
    h.state_mut().push(Action::Select(first));
    h.run();
    h.key_press(egui::Key::Num2);
    h.run();
    h.get_by_label("Measure again").click();
    h.run();
    let again = h.state().agreement.clone().unwrap().unwrap();
    assert_eq!(again.pairs[0].scores.exact_f1, Some(1.0));

    // A project of another article is refused with the documents named.
    let other = common::save_unrelated_project(dir.path());
    h.state_mut().push(Action::AgreementWith(vec![other]));
    h.run();
    let err = h.state().agreement.clone().unwrap().unwrap_err();
    assert!(err.contains("elsewhere"), "{err}");
    assert_eq!(
        h.query_all_by_label_contains("share no document").count(),
        2,
        "in the Agreement window and as a notification"
    );
}

#[test]
fn the_path_prompt_takes_several_paths_and_enter() {
    // Where no file dialog exists, the window asks for paths itself; Enter confirms.
    let dir = tempfile::tempdir().unwrap();
    let app = app_on_copy_of_sample(&dir);
    let (bob, carol) = common::save_colleagues(&app.session.project, dir.path());
    let mut h = harness(app);
    h.run();
    h.state_mut().dialogs.prompt = Some((
        marginalia::ui::file_dialog::Purpose::Agreement,
        String::new(),
    ));
    h.run();
    h.get_by_label_contains("Type one or more paths");
    h.event(egui::Event::Text(format!(
        "{}; {}",
        bob.display(),
        carol.display()
    )));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(
        h.state().dialogs.prompt.is_none(),
        "Enter closes the prompt"
    );
    let report = h.state().agreement.clone().expect("measured").unwrap();
    assert_eq!(report.annotators, ["sample", "bob", "carol"]);
}

#[test]
fn a_drag_that_arrives_within_one_frame_still_selects() {
    // xdotool's `mousedown … mousemove … mouseup` can land in a single frame, where egui reports
    // neither a drag nor a click.
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    let claim = rect_where(&h, |a| a.text.starts_with("they are gearing up"));
    let from = egui::pos2(claim.left() + 6.0, claim.center().y);
    let to = egui::pos2(claim.left() + 120.0, claim.center().y);
    let press = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    h.input_mut().events.extend([
        egui::Event::PointerMoved(from),
        press(from, true),
        egui::Event::PointerMoved(to),
        press(to, false),
    ]);
    h.step();
    h.run();
    let (s, e) = h
        .state()
        .view
        .selection
        .expect("the quick drag selected text");
    let doc = h.state().session.document().unwrap();
    let chosen = doc.offsets().slice(doc.text(), s, e).unwrap().to_owned();
    assert!(chosen.starts_with("they are"), "{chosen:?}");
    let before = count(&h);
    h.key_press(egui::Key::Num1);
    h.run();
    assert_eq!(count(&h), before + 1);
}

#[test]
fn compare_three_annotators_and_adjudicate() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on_copy_of_sample(&dir);
    let (bob, carol) = common::save_colleagues(&app.session.project, dir.path());
    app.push(Action::ComparePaths(vec![bob, carol]));
    let mut h = harness(app);
    h.run();
    h.get_by_label_contains("C: carol");
    h.get_by_label("exact match: 47");
    h.get_by_label("label mismatch: 1");
    h.get_by_label("not marked by all: 2");
    assert!(h.query_by_label_contains("only in A").is_none());
    h.get_by_label("Accept all exact matches").click();
    h.run();
    let undecided: Vec<(usize, marginalia::comparison::AgreementClass)> = {
        let c = &h.state().compare.as_ref().unwrap().comparison;
        (0..c.cases.len())
            .filter(|i| c.decision(*i).is_none())
            .map(|i| (i, c.cases[i].class))
            .collect()
    };
    assert_eq!(undecided.len(), 3);
    // Keys: C (or 3) takes Carol's span, A takes the open project's, T takes all.
    for (case, class) in &undecided {
        h.state_mut().compare.as_mut().unwrap().selected_case = Some(*case);
        let key = match class {
            marginalia::comparison::AgreementClass::LabelMismatch => egui::Key::Num3,
            _ => egui::Key::A,
        };
        h.key_press(key);
        h.run();
    }
    let c = &h.state().compare.as_ref().unwrap().comparison;
    assert_eq!(c.undecided(), 0);
    let mismatch = undecided
        .iter()
        .find(|(_, class)| *class == marginalia::comparison::AgreementClass::LabelMismatch)
        .unwrap()
        .0;
    assert_eq!(
        c.decision(mismatch),
        Some(marginalia::comparison::Decision::Take(2))
    );
    // The lanes show it: Carol's span settled as kept, the others as dropped; every span keeps
    // its label's colour, and the lane its agreement class's.
    let mode = h.state().compare.as_ref().unwrap();
    let view_doc = mode.view_session.document().unwrap();
    let mut shown: Vec<(usize, Option<bool>)> = mode
        .span_case
        .iter()
        .filter(|(_, (case, _))| *case == mismatch)
        .map(|(id, (_, k))| (*k, mode.view.span_styles[id].settled))
        .collect();
    shown.sort_by_key(|(k, _)| *k);
    assert_eq!(
        shown,
        vec![(0, Some(false)), (1, Some(false)), (2, Some(true))]
    );
    for (id, (case, k)) in &mode.span_case {
        let c = &mode.comparison.cases[*case];
        let source = mode.comparison.annotation(c, *k).unwrap();
        assert_eq!(view_doc.annotation(*id).unwrap().label, source.label);
    }
    let out = dir.path().join("gold.ron");
    h.state_mut().save_gold(&out);
    let gold = marginalia::project_file::load_project(&out).unwrap();
    assert_eq!(
        gold.annotation_count(),
        50,
        "47 agreed + 1 from Carol + 2 from A"
    );
    let first = &gold.documents[0].annotations[0];
    assert_eq!(first.label, "entity", "Carol's label for the disputed span");
    assert_eq!(first.attributes["adjudicated_from"], "carol");
    assert_eq!(
        gold.documents[0].relations.len(),
        16,
        "the open project's links all survive"
    );
}

#[test]
fn comparing_large_projects_runs_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on_copy_of_sample(&dir);
    let (bob, carol) = common::save_colleagues(&app.session.project, dir.path());
    // Every file counts as large here.
    app.background_bytes = 0;
    app.push(Action::ComparePaths(vec![bob, carol]));
    let mut h = harness(app);
    h.run_steps(2);
    let start = std::time::Instant::now();
    while h.state().is_busy() && start.elapsed() < std::time::Duration::from_secs(300) {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run();
    let mode = h.state().compare.as_ref().expect("comparison is active");
    assert_eq!(mode.comparison.names, ["sample", "bob", "carol"]);
    h.get_by_label("exact match: 47");
    h.get_by_label_contains("Comparing with bob, carol: 50 cases");
}

// ---- Bugs found using the window as a researcher would (issue 12) ----

#[test]
fn the_note_field_shows_the_model_after_undo_and_reselection() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    let doc = h.state().session.document().unwrap();
    let id = id_of(doc, |a| a.label == "claim" && a.note.is_none());
    h.state_mut().push(Action::Select(id));
    h.run();
    // Type a note, then click away (into the text), which applies it.
    h.get_by_role(Role::MultilineTextInput).click();
    h.run();
    h.event(egui::Event::Text("first thoughts".into()));
    h.run();
    let view = h.state().view.viewport;
    click_at(&mut h, view.center());
    let note = |h: &Harness<'_, MarginaliaApp>| {
        h.state()
            .session
            .document()
            .unwrap()
            .annotation(id)
            .unwrap()
            .note
            .clone()
    };
    assert_eq!(note(&h).as_deref(), Some("first thoughts"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(note(&h), None);
    h.state_mut().push(Action::Select(id));
    h.run();
    h.run();
    let field = h.get_by_role(Role::MultilineTextInput);
    assert_eq!(
        field.value().unwrap_or_default(),
        "",
        "the undone note is gone from the field"
    );
    // Typing now gives only the new text.
    field.click();
    h.run();
    h.event(egui::Event::Text("second".into()));
    h.run();
    click_at(&mut h, view.center());
    assert_eq!(note(&h).as_deref(), Some("second"));
}

#[test]
fn each_document_opens_at_the_top_then_where_its_reader_left_it() {
    // Two long articles (the sample's text, and a variant of it).
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on_copy_of_sample(&dir);
    let text = app.session.project.documents[0].text().to_owned();
    app.session
        .project
        .documents
        .push(marginalia::model::Document::new(
            "second",
            "Second",
            Default::default(),
            format!("{text}\nA closing line."),
        ));
    let mut h = harness(app);
    h.state_mut().push(Action::ShowDocument(0));
    h.run();
    // Read into the middle of the first document.
    let len = h.state().session.document().unwrap().char_len();
    h.state_mut().view.scroll_to = Some(len / 2);
    h.run_steps(20);
    let place = h.state().view.place.clone().unwrap().1;
    assert!(place.top > 0, "scrolled down: {place:?}");
    // Another document opens at its top, not at the old scroll offset.
    h.state_mut().push(Action::ShowDocument(1));
    h.run_steps(20);
    assert_eq!(h.state().view.place.clone().unwrap().1.top, 0);
    // Coming back finds the place it was left at.
    h.state_mut().push(Action::ShowDocument(0));
    h.run_steps(20);
    assert_eq!(h.state().view.place.clone().unwrap().1.top, place.top);
    // And it is remembered for the next run, by document id and text hash.
    let doc = h.state().session.document().unwrap();
    let key = marginalia::ui::prefs::reading_key(doc);
    h.state_mut().push(Action::ShowDocument(1));
    h.run();
    assert_eq!(
        h.state().prefs.reading_place(&key).map(|p| p.top),
        Some(place.top)
    );
}

#[test]
fn selecting_an_annotation_with_many_links_keeps_the_text_column_width() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    let doc = h.state().session.document().unwrap();
    let hub = id_of(doc, |a| a.label == "entity");
    let others: Vec<u64> = doc
        .annotations
        .iter()
        .filter(|a| a.label == "quote")
        .map(|a| a.id)
        .collect();
    assert!(others.len() >= 8);
    for q in others {
        h.state_mut().push(Action::AddRelation(q, hub));
    }
    h.run();
    let before = h.state().view.viewport;
    h.state_mut().push(Action::Select(hub));
    h.run();
    h.run();
    let after = h.state().view.viewport;
    assert_eq!(
        before.width(),
        after.width(),
        "the side panel did not widen: {before:?} → {after:?}"
    );
}

#[test]
fn only_undecided_steps_skip_decided_cases() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on_copy_of_sample(&dir);
    let mut b = app.session.project.clone();
    for a in b.documents[0].annotations.iter_mut().take(4) {
        a.label = "quote".into();
    }
    let b_path = dir.path().join("bob.ron");
    marginalia::project_file::save_project(&b, &b_path).unwrap();
    app.push(Action::ComparePaths(vec![b_path]));
    let mut h = harness(app);
    h.run();
    h.get_by_label("Accept all exact matches").click();
    h.run();
    h.get_by_label("Only undecided").click();
    h.run();
    let undecided: Vec<usize> = {
        let c = &h.state().compare.as_ref().unwrap().comparison;
        (0..c.cases.len())
            .filter(|i| c.decision(*i).is_none())
            .collect()
    };
    assert_eq!(undecided.len(), 4);
    let selected =
        |h: &Harness<'_, MarginaliaApp>| h.state().compare.as_ref().unwrap().selected_case;
    h.key_press(egui::Key::N);
    h.run();
    assert_eq!(
        selected(&h),
        Some(undecided[0]),
        "N lands on an undecided case"
    );
    h.key_press(egui::Key::N);
    h.run();
    assert_eq!(selected(&h), Some(undecided[1]));
    h.key_press(egui::Key::P);
    h.run();
    assert_eq!(
        selected(&h),
        Some(undecided[0]),
        "P skips decided cases too"
    );
    // Deciding moves to the next undecided case, not to the decided one after it.
    h.key_press(egui::Key::A);
    h.run();
    assert_eq!(selected(&h), Some(undecided[1]));
}

#[test]
fn a_refused_hotkey_leaves_no_trace_and_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().push(Action::ShowSchema);
    h.run();
    // The second label's key field: type the first label's key and leave the field.
    let key_fields: Vec<_> = h.query_all_by_label("Key").collect();
    assert!(key_fields.len() >= 2);
    key_fields[1].click();
    h.run();
    h.key_press(egui::Key::Backspace);
    h.event(egui::Event::Text("1".into()));
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    h.run();
    let errors: Vec<String> = h
        .state()
        .notes
        .items
        .iter()
        .map(|n| n.text.clone())
        .filter(|t| t.contains("already used"))
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        h.state().session.project.schema.labels[1].hotkey.as_deref(),
        Some("2")
    );
    let key_fields: Vec<_> = h.query_all_by_label("Key").collect();
    assert_eq!(
        key_fields[1].value().unwrap_or_default(),
        "2",
        "the field shows the schema's key again"
    );
    // The refusal goes once a change succeeds, or another document is shown.
    let mut s = h.state().session.project.schema.clone();
    s.labels[1].hotkey = Some("7".into());
    h.state_mut().push(Action::SetSchema(s, "hotkey".into()));
    h.run();
    assert!(h.state().notes.last_error().is_none(), "the cause is gone");
}

#[test]
fn the_status_bar_shows_every_fragment() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    let doc = h.state().session.document().unwrap();
    let id = id_of(doc, |a| a.label == "entity");
    let start = doc.annotation(id).unwrap().start();
    let two = vec![
        marginalia::model::Fragment::new(start, start + 4),
        marginalia::model::Fragment::new(start + 8, start + 11),
    ];
    h.state_mut().push(Action::SetFragments(id, two));
    h.state_mut().push(Action::Select(id));
    h.run();
    h.run();
    h.get_by_label_contains(&format!(
        "annotation {id} [{start}, {}) + [{}, {})",
        start + 4,
        start + 8,
        start + 11
    ));
}

/// How long the window asked to wait before its next frame, after the last one ran.
fn repaint_delay(h: &Harness<'_, MarginaliaApp>) -> std::time::Duration {
    h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

#[test]
fn an_idle_window_asks_for_no_frame_and_a_caret_stops_blinking() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.run_steps(3);
    assert_eq!(
        repaint_delay(&h),
        std::time::Duration::MAX,
        "no polling of the disk, no timer: nothing until something happens"
    );
    // A focused text field blinks its caret for a few seconds after the last key, then stops.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_steps(2);
    assert!(
        h.ctx.memory(|m| m.focused().is_some()),
        "the find field has focus"
    );
    assert!(
        repaint_delay(&h) < std::time::Duration::from_secs(1),
        "blinking"
    );
    h.run_steps(30); // 7.5 s of harness time without input
    assert!(h.ctx.memory(|m| m.focused().is_some()), "still focused");
    assert_eq!(repaint_delay(&h), std::time::Duration::MAX, "calm");
    // A key brings the blinking back.
    h.event(egui::Event::Text("x".into()));
    h.run_steps(2);
    assert!(repaint_delay(&h) < std::time::Duration::from_secs(1));
}

// ---- Right-to-left text: every character is mapped to where its glyphs are drawn ----

use common::MIXED;

/// A window on [`MIXED`] with the given (label, text) annotations and a font with Arabic and
/// Hebrew, every paragraph laid out with it.
fn rtl_harness(spans: &[(&str, &str)]) -> Harness<'static, MarginaliaApp> {
    let mut h = harness_any_script(common::mixed_script_app(spans));
    common::install_test_fonts(&h.ctx);
    h.run();
    // Paragraphs laid out before the font arrived are laid out again with it.
    h.state_mut().view.layout = None;
    h.run();
    h.run();
    let (_, shaped) = h.state().view.drawn_paragraph(0).expect("drawn");
    let glyphs: usize = shaped.galley.rows.iter().map(|r| r.glyphs.len()).sum();
    assert!(
        glyphs > MIXED.lines().next().unwrap().chars().count(),
        "egui shapes the Arabic right to left with the test font (more glyphs than characters)"
    );
    h
}

/// The screen x-extent of the glyphs egui drew between the glyph of the `after`-th occurrence of
/// `open` and the next `close` glyph on paragraph `para` (only glyphs that advance the pen), read
/// straight from the galley: the ground truth the highlights must match.
fn drawn_between(
    h: &Harness<'_, MarginaliaApp>,
    para: usize,
    open: &str,
    close: char,
) -> (f32, f32) {
    drawn_after(h, para, open, 0, close)
}

/// Like [`drawn_between`], starting after `spaces` more space glyphs past `open`.
fn drawn_after(
    h: &Harness<'_, MarginaliaApp>,
    para: usize,
    open: &str,
    spaces: usize,
    close: char,
) -> (f32, f32) {
    let (origin, shaped) = h.state().view.drawn_paragraph(para).expect("drawn");
    let glyphs: Vec<(f32, f32, char)> = shaped
        .galley
        .rows
        .iter()
        .flat_map(|r| {
            r.row
                .glyphs
                .iter()
                .map(move |g| (r.pos.x + g.pos.x, g.advance_width, g.chr))
        })
        .collect();
    let chrs: Vec<char> = glyphs.iter().map(|g| g.2).collect();
    let open: Vec<char> = open.chars().collect();
    let at = chrs
        .windows(open.len())
        .position(|w| w == open.as_slice())
        .expect("the opening glyphs are there")
        + open.len();
    let mut at = at;
    for _ in 0..spaces {
        at += chrs[at..].iter().position(|&c| c == ' ').expect("a space") + 1;
    }
    let end = at
        + chrs[at..]
            .iter()
            .position(|&c| c == close)
            .expect("closing glyph");
    let inside: Vec<&(f32, f32, char)> = glyphs[at..end]
        .iter()
        .filter(|g| g.1 > 0.0 && g.2 != ' ')
        .collect();
    let x0 = inside.iter().map(|g| g.0).fold(f32::INFINITY, f32::min);
    let x1 = inside
        .iter()
        .map(|g| g.0 + g.1)
        .fold(f32::NEG_INFINITY, f32::max);
    (origin.x + x0, origin.x + x1)
}

/// The painted x-extent of the annotation over `text`.
fn painted_extent(h: &Harness<'_, MarginaliaApp>, text: &str) -> (f32, f32, usize) {
    let doc = h.state().session.document().unwrap();
    let id = id_of(doc, |a| a.text == text);
    let rects: Vec<egui::Rect> = h
        .state()
        .view
        .painted
        .iter()
        .filter(|(i, _)| *i == id)
        .map(|(_, r)| *r)
        .collect();
    assert!(!rects.is_empty(), "{text} is painted");
    let x0 = rects.iter().map(|r| r.left()).fold(f32::INFINITY, f32::min);
    let x1 = rects
        .iter()
        .map(|r| r.right())
        .fold(f32::NEG_INFINITY, f32::max);
    (x0, x1, rects.len())
}

fn assert_covers(painted: (f32, f32, usize), drawn: (f32, f32), what: &str) {
    assert!(
        (painted.0 - drawn.0).abs() < 1.0 && (painted.1 - drawn.1).abs() < 1.0,
        "{what}: painted {:.1}..{:.1}, its glyphs are at {:.1}..{:.1}",
        painted.0,
        painted.1,
        drawn.0,
        drawn.1
    );
    assert_eq!(painted.2, 1, "{what}: one box for one word");
}

#[test]
fn highlights_cover_exactly_their_glyphs_around_right_to_left_text() {
    let h = rtl_harness(&[
        ("entity", "Amal Hassan"),
        ("quote", "مرحبا"),
        ("entity", "بالعالم"),
        ("entity", "Li Wei"),
        ("entity", "עולם"),
        ("entity", "Sudan"),
        ("claim", "state"),
        ("claim", "لا"),
        ("claim", "بَ"),
        ("claim", "cafe\u{301}"),
    ]);
    // Latin after an Arabic run, on the same line and on a line after Hebrew.
    assert_covers(
        painted_extent(&h, "Amal Hassan"),
        drawn_between(&h, 0, "Dr. ", ','),
        "Amal Hassan",
    );
    assert_covers(
        painted_extent(&h, "Li Wei"),
        drawn_between(&h, 0, "replied ", '👍'),
        "Li Wei",
    );
    assert_covers(
        painted_extent(&h, "Sudan"),
        drawn_between(&h, 1, "then ", ' '),
        "Sudan",
    );
    assert_covers(
        painted_extent(&h, "state"),
        drawn_between(&h, 1, "the ", ' '),
        "state",
    );
    // Arabic and Hebrew words cover their own glyphs, whole.
    assert_covers(
        painted_extent(&h, "مرحبا"),
        drawn_between(&h, 0, "«", ' '),
        "مرحبا",
    );
    assert_covers(
        painted_extent(&h, "بالعالم"),
        drawn_after(&h, 0, "«", 1, '»'),
        "بالعالم",
    );
    assert_covers(
        painted_extent(&h, "עולם"),
        drawn_after(&h, 1, "Hebrew: ", 1, ' '),
        "עולם",
    );
    // A lam-alef ligature (two letters, one glyph) and a letter with a combining mark.
    assert_covers(
        painted_extent(&h, "لا"),
        drawn_between(&h, 2, "Ligature: ", ' '),
        "lam-alef",
    );
    assert_covers(
        painted_extent(&h, "بَ"),
        drawn_between(&h, 2, "marks: ", ' '),
        "beh with fatha",
    );
    assert_covers(
        painted_extent(&h, "cafe\u{301}"),
        drawn_after(&h, 2, "marks: ", 2, ' '),
        "café with a combining accent",
    );
}

/// Screen points at the middle of the first and the last glyph of `text` (drawn left to right,
/// found by its characters in the galley of paragraph `para`), on the row's middle.
fn glyph_ends(h: &Harness<'_, MarginaliaApp>, para: usize, text: &str) -> (egui::Pos2, egui::Pos2) {
    let (origin, shaped) = h.state().view.drawn_paragraph(para).expect("drawn");
    let glyphs: Vec<(f32, f32, char, f32)> = shaped
        .galley
        .rows
        .iter()
        .flat_map(|r| {
            let y = (r.min_y() + r.max_y()) / 2.0;
            r.row
                .glyphs
                .iter()
                .map(move |g| (r.pos.x + g.pos.x, g.advance_width, g.chr, y))
        })
        .collect();
    let want: Vec<char> = text.chars().collect();
    let chrs: Vec<char> = glyphs.iter().map(|g| g.2).collect();
    let at = chrs
        .windows(want.len())
        .position(|w| w == want.as_slice())
        .expect("drawn in this order");
    let (a, b) = (glyphs[at], glyphs[at + want.len() - 1]);
    (
        origin + egui::vec2(a.0 + a.1 / 2.0, a.3),
        origin + egui::vec2(b.0 + b.1 / 2.0, b.3),
    )
}

#[test]
fn dragging_over_words_after_and_inside_right_to_left_text_selects_them() {
    let mut h = rtl_harness(&[]);
    // The reported case: "Amal Hassan" after an Arabic quotation on the same line.
    let (from, to) = glyph_ends(&h, 0, "Amal Hassan");
    drag(&mut h, from, to);
    h.key_press(egui::Key::Num1);
    h.run();
    let texts = |h: &Harness<'_, MarginaliaApp>| -> Vec<String> {
        h.state()
            .session
            .document()
            .unwrap()
            .annotations
            .iter()
            .map(|a| a.text.clone())
            .collect()
    };
    assert_eq!(texts(&h), ["Amal Hassan"]);
    // Inside the Arabic: from the word's rightmost glyph (its first letter) to its leftmost.
    let (left, right) = {
        let (origin, shaped) = h.state().view.drawn_paragraph(0).unwrap();
        let rects = shaped.range_rects(14, 21); // بالعالم
        assert_eq!(rects.len(), 1);
        let r = rects[0].translate(origin.to_vec2());
        (
            r.left_center() + egui::vec2(2.0, 0.0),
            r.right_center() - egui::vec2(2.0, 0.0),
        )
    };
    drag(&mut h, right, left);
    h.key_press(egui::Key::Num1);
    h.run();
    assert!(texts(&h).contains(&"بالعالم".to_owned()), "{:?}", texts(&h));
    // A click on the left half of the "r" of "replied" (untagged) puts the caret before it, and
    // on its right half after it.
    let (r_mid, _) = glyph_ends(&h, 0, "replied");
    let before_r = MIXED.split("replied").next().unwrap().chars().count();
    click_at(&mut h, r_mid - egui::vec2(1.5, 0.0));
    assert_eq!(h.state().view.caret, before_r);
    click_at(&mut h, r_mid + egui::vec2(1.5, 0.0));
    assert_eq!(h.state().view.caret, before_r + 1);
    // Find frames the right words too: every match box lies on the glyphs of its text.
    h.state_mut().find.open = true;
    h.state_mut().find.query = "Sudan".into();
    h.run();
    h.run();
    assert_eq!(h.state().view.find_matches.len(), 1);
    let (s0, s1) = glyph_ends(&h, 1, "Sudan");
    let (origin, shaped) = h.state().view.drawn_paragraph(1).unwrap();
    let start = MIXED
        .lines()
        .nth(1)
        .unwrap()
        .split("Sudan")
        .next()
        .unwrap()
        .chars()
        .count();
    let boxes = shaped.range_rects(start, start + 5);
    assert_eq!(boxes.len(), 1);
    let b = boxes[0].translate(origin.to_vec2());
    assert!(
        b.left() < s0.x && s1.x < b.right(),
        "{b:?} frames {s0:?}..{s1:?}"
    );
}

// ---- Legible, calm and clear at every step (issue 13) ----

#[test]
fn the_first_run_welcome_is_centred_modal_and_takes_the_name_at_once() {
    // The login name is offered, selected, so typing a name replaces it.
    std::env::set_var("USER", "login");
    let app = MarginaliaApp::new(Session::sample(), Prefs::default());
    let mut h = harness(app);
    h.run();
    h.run();
    let heading = h.get_by_label("Welcome to Marginalia");
    let centre = heading.rect().center();
    assert!(
        (300.0..900.0).contains(&centre.x) && (100.0..600.0).contains(&centre.y),
        "in the middle of the window, not in a corner: {centre:?}"
    );
    // While it waits (the window not even focused), the window asks for no frames.
    // (Its caret blinks for five seconds after the last input, then stops.)
    h.event(egui::Event::WindowFocused(false));
    h.run_steps(30);
    assert_eq!(
        repaint_delay(&h),
        std::time::Duration::MAX,
        "the welcome waits calmly"
    );
    h.event(egui::Event::WindowFocused(true));
    h.run();
    // Typing at once goes into the name field; Enter saves it.
    h.event(egui::Event::Text("Ada".into()));
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().prefs.annotator, "Ada");
    assert!(h.query_by_label("Welcome to Marginalia").is_none());
}

#[test]
fn small_windows_stay_below_the_menu_and_close_with_escape() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().push(Action::ShowSchema);
    h.state_mut().push(Action::ShowStats);
    h.run();
    h.run();
    let menu_bottom = h.get_by_label("File").rect().bottom();
    for title in ["Label schema", "Statistics"] {
        let top = h.get_by_role_and_label(Role::Window, title).rect().top();
        assert!(
            top >= menu_bottom,
            "{title} at {top} covers the menu ({menu_bottom})"
        );
    }
    // The schema editor's actions are in view without scrolling.
    h.get_by_label("Add label");
    h.get_by_label("Save schema…");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h
        .query_by_role_and_label(Role::Window, "Statistics")
        .is_none());
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h
        .query_by_role_and_label(Role::Window, "Label schema")
        .is_none());
}

#[test]
fn at_800_by_600_the_text_keeps_room_and_the_panel_can_be_hidden() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var(
        "MARGINALIA_DATA_DIR",
        std::env::temp_dir().join("marginalia-window-tests"),
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(800.0, 600.0))
        .build_ui_state(
            |ui, app: &mut MarginaliaApp| app.show(ui),
            app_on_copy_of_sample(&dir),
        );
    h.run();
    let doc = h.state().session.document().unwrap();
    let id = id_of(doc, |a| a.label == "quote");
    h.state_mut().push(Action::Select(id));
    h.run();
    h.run();
    let with_panel = h.state().view.viewport.width();
    assert!(
        with_panel >= 470.0,
        "the text keeps most of 800: {with_panel}"
    );
    // Nothing in the narrow panel spills out of it to the left.
    let panel_left = h.state().view.viewport.right();
    for label in ["Annotations", "of 50 annotations", "entity  Xi"] {
        let node = h.get_all_by_label_contains(label).next().unwrap();
        assert!(
            node.rect().left() >= panel_left - 1.0,
            "{label} starts at {} left of the panel ({panel_left})",
            node.rect().left()
        );
    }
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    h.run();
    h.run();
    assert!(!h.state().prefs.side_panel);
    assert!(h.state().view.viewport.width() > with_panel + 150.0);
    // Text size: Ctrl++ and Ctrl+−, remembered in the preferences.
    let size = h.state().prefs.text_size;
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    h.run();
    assert_eq!(h.state().prefs.text_size, size + 1.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Minus);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Minus);
    h.run();
    assert_eq!(h.state().prefs.text_size, size - 1.0);
}

#[test]
fn review_starts_at_the_first_undecided_annotation_and_undo_shows_what_came_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on_copy_of_sample(&dir);
    // The first three are decided already.
    for a in app.session.project.documents[0]
        .annotations
        .iter_mut()
        .take(3)
    {
        a.review.status = marginalia::model::ReviewStatus::Accepted;
    }
    let fourth = app.session.project.documents[0].annotations[3].id;
    let mut h = harness(app);
    h.run();
    // The caret is far down the text; N still starts at the first undecided annotation.
    h.state_mut().view.caret = 3000;
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    h.run();
    h.key_press(egui::Key::N);
    h.run();
    assert_eq!(h.state().view.selected, Some(fourth));
    // Delete it, undo: the annotation that came back is selected again.
    h.key_press(egui::Key::Delete);
    h.run();
    assert_eq!(h.state().view.selected, None);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().view.selected, Some(fourth));
}

#[test]
fn relation_types_are_edited_in_the_schema_editor_and_links_follow_a_rename() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut().push(Action::ShowSchema);
    h.run();
    h.get_by_label("Relation types");
    h.get_by_label("Add relation type").click();
    h.run();
    let kinds = |h: &Harness<'_, MarginaliaApp>| -> Vec<String> {
        h.state()
            .session
            .project
            .schema
            .relations
            .iter()
            .map(|k| k.name.clone())
            .collect()
    };
    assert_eq!(kinds(&h), ["speaker", "source", "relation3"]);
    let speakers = |h: &Harness<'_, MarginaliaApp>, kind: &str| {
        h.state()
            .session
            .document()
            .unwrap()
            .relations
            .iter()
            .filter(|r| r.kind == kind)
            .count()
    };
    let before = speakers(&h, "speaker");
    assert!(before >= 8);
    h.state_mut().push(Action::RenameRelationKind(
        "speaker".into(),
        "said by".into(),
    ));
    h.run();
    assert_eq!(kinds(&h)[0], "said by");
    assert_eq!(
        speakers(&h, "said by"),
        before,
        "every link follows the rename"
    );
    assert_eq!(speakers(&h, "speaker"), 0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        speakers(&h, "speaker"),
        before,
        "one undo brings the old name back"
    );
}
