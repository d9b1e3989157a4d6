//! Document fields and the effort clock in the window: the row above the text by mouse and by
//! keyboard, undo, the document list's filter, comparison, and active time with a fake clock.

use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use marginalia::model::FieldDef;
use marginalia::ui::actions::*;
use marginalia::ui::document_list::DocFilter;
use marginalia::ui::MarginaliaApp;

use super::harness::*;

fn with_fields(project: &mut marginalia::model::Project) {
    for (name, values, multiple) in [
        ("frame", vec!["economic", "political", "social"], false),
        ("topics", vec!["trade", "technology"], true),
    ] {
        project.schema.fields.push(FieldDef {
            name: name.into(),
            description: format!("the {name} of the article"),
            values: values.into_iter().map(String::from).collect(),
            multiple,
        });
    }
}

fn sample_with_fields() -> (tempfile::TempDir, Harness<'static, MarginaliaApp>) {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_on_changed_sample(&dir, with_fields));
    h.run();
    (dir, h)
}

/// A fixture coder's project file (`tests/fixtures/fields/NAME.ron`).
fn coder(name: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("tests/fixtures/fields/{name}.ron"))
}

/// The app on coder A's project, the user named `user`.
fn coder_a_app(user: &str) -> MarginaliaApp {
    let (session, _) = marginalia::session::Session::open(&coder("coder-a")).unwrap();
    app_on(session, user)
}

/// In comparison, pick the document whose title holds `title` from the document picker.
fn show_compared(h: &mut Harness<'_, MarginaliaApp>, title: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Document")
        .click();
    h.run();
    h.get_by_label_contains(title).click();
    h.run();
}

fn answer(h: &Harness<'_, MarginaliaApp>, field: &str) -> Vec<String> {
    h.state()
        .session
        .document()
        .unwrap()
        .field_values(field)
        .to_vec()
}

#[test]
fn clicking_a_value_answers_the_field_and_undo_takes_it_back() {
    let (_dir, mut h) = sample_with_fields();
    h.get_by_label("political").click();
    h.run();
    assert_eq!(answer(&h, "frame"), ["political"]);
    h.get_by_label("social").click();
    h.run();
    assert_eq!(answer(&h, "frame"), ["social"], "single choice switches");
    h.get_by_label("trade").click();
    h.run();
    h.get_by_label("technology").click();
    h.run();
    assert_eq!(
        answer(&h, "topics"),
        ["trade", "technology"],
        "multiple choice adds"
    );
    assert!(h.state().session.dirty);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(answer(&h, "topics"), ["trade"]);
    let undo = h
        .state()
        .session
        .history
        .undo_description()
        .unwrap_or_default();
    assert!(undo.contains("topics"), "{undo}");
}

#[test]
fn f_opens_the_row_for_arrows_enter_and_delete_without_moving_the_caret() {
    let (_dir, mut h) = sample_with_fields();
    let caret = h.state().view.caret;
    h.key_press(egui::Key::F);
    h.run();
    assert!(h.state().fields.cursor.is_some());
    h.get_by_label_contains("Left/Right value");
    h.key_press(egui::Key::ArrowRight);
    h.key_press(egui::Key::ArrowRight);
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(answer(&h, "frame"), ["social"]);
    h.key_press(egui::Key::ArrowDown);
    h.key_press(egui::Key::Enter);
    h.key_press(egui::Key::ArrowRight);
    h.key_press(egui::Key::Space);
    h.run();
    assert_eq!(answer(&h, "topics"), ["trade", "technology"]);
    h.key_press(egui::Key::ArrowUp);
    h.key_press(egui::Key::Delete);
    h.run();
    assert!(answer(&h, "frame").is_empty());
    assert_eq!(h.state().view.caret, caret, "the arrows stayed in the row");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().fields.cursor.is_none());
}

#[test]
fn the_document_list_shows_answers_and_time_and_filters_by_answer() {
    let mut h = harness(coder_a_app("kittest"));
    h.run();
    h.get_by_label_contains("1 min 35 s");
    h.state_mut().doc_filter = DocFilter::Value("frame".into(), "political".into());
    h.run();
    h.get_by_label("4 of 12 shown");
    let answered = h
        .query_all_by_label_contains("frame: political · relevant: no")
        .count();
    assert_eq!(answered, 3, "headlines 2, 5 and 10 (7 is relevant)");
    h.state_mut().doc_filter = DocFilter::Value("frame".into(), "economic".into());
    h.run();
    h.get_by_label("4 of 12 shown");
    h.state_mut().doc_filter = DocFilter::Unanswered("topics".into());
    h.run();
    h.get_by_label("7 of 12 shown");
}

#[test]
fn comparison_takes_one_annotators_answer_into_the_gold_project() {
    let mut app = coder_a_app("judge");
    app.push(Action::Comparison(ComparisonAction::CompareWith(vec![
        coder("coder-b"),
    ])));
    let mut h = harness(app);
    h.run();
    // Headline 5: both say political; A says not relevant, B relevant.
    show_compared(&mut h, "Minister resigns");
    h.get_by_label_contains("Alike: frame: political");
    h.get_by_label("B: yes").click();
    h.run();
    let mode = h.state().compare.as_ref().unwrap();
    assert_eq!(mode.comparison.field_decision(4, "relevant"), Some(1));
    let gold = mode.comparison.gold("judge");
    assert_eq!(gold.documents[4].field_values("relevant"), ["yes"]);
    assert_eq!(
        gold.documents[0].field_values("frame"),
        ["economic"],
        "agreed"
    );
    assert!(
        gold.documents[6].field_values("frame").is_empty(),
        "B left it, undecided"
    );
}

/// The time `who` has on the shown document.
fn seconds(h: &Harness<'_, MarginaliaApp>, who: &str) -> u64 {
    let doc = h.state().session.document().unwrap();
    doc.time_seconds.get(who).copied().unwrap_or(0)
}

/// A keypress at fake time `t` (seconds).
fn act_at(h: &mut Harness<'_, MarginaliaApp>, t: f64) {
    h.state_mut().effort.fake_now = Some(t);
    h.key_press(egui::Key::ArrowRight);
    h.run();
}

#[test]
fn active_time_counts_acts_a_minute_apart_and_stops_at_focus_loss() {
    let (_dir, mut h) = sample_window();
    for t in [0.0, 20.0, 50.0] {
        act_at(&mut h, t);
    }
    act_at(&mut h, 50.0 + 300.0); // back from a break: the gap does not count
    act_at(&mut h, 360.0);
    h.state_mut().effort.fake_now = Some(365.0);
    h.input_mut().focused = false;
    h.run();
    assert_eq!(seconds(&h, "kittest"), 50 + 10 + 5);
    // Keys while another window has focus count nothing.
    act_at(&mut h, 370.0);
    act_at(&mut h, 380.0);
    assert_eq!(seconds(&h, "kittest"), 65);
    assert!(h.state().session.dirty, "time waits to be saved");
}

#[test]
fn counting_can_be_turned_off() {
    let (_dir, mut h) = sample_window();
    h.state_mut().prefs.count_time = false;
    for t in [0.0, 10.0, 20.0] {
        act_at(&mut h, t);
    }
    h.input_mut().focused = false;
    h.run();
    assert_eq!(seconds(&h, "kittest"), 0);
    assert!(!h.state().session.dirty);
}

#[test]
fn time_alone_is_written_to_the_file_on_quit_without_asking() {
    let (dir, mut h) = sample_window();
    for t in [0.0, 12.0, 40.0] {
        act_at(&mut h, t);
    }
    h.state_mut()
        .push(Action::Run(marginalia::ui::commands::Command::Quit));
    h.run();
    assert!(!h.state().is_asking_to_save());
    let saved = marginalia::project_file::load_project(&dir.path().join("sample.ron")).unwrap();
    assert_eq!(saved.documents[0].time_seconds["kittest"], 40);
}

#[test]
fn the_agreement_window_lists_each_document_field() {
    let mut app = coder_a_app("kittest");
    app.push(Action::Comparison(ComparisonAction::AgreementWith(vec![
        coder("coder-b"),
    ])));
    let mut h = harness(app);
    for _ in 0..20 {
        h.run();
        if h.state().agreement.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run();
    h.get_by_label("Document fields");
    // frame: κ 0.728 and α 0.739 over 11 documents, as scikit-learn and krippendorff give.
    h.get_by_label("0.728");
    h.get_by_label("0.739");
}

#[test]
fn reading_the_unsaved_sample_closes_without_asking() {
    let mut h = harness(app_on(marginalia::session::Session::sample(), "kittest"));
    h.run();
    for t in [0.0, 12.0, 40.0] {
        act_at(&mut h, t);
    }
    h.state_mut().effort.fake_now = Some(41.0);
    h.input_mut().focused = false;
    h.run();
    assert_eq!(seconds(&h, "kittest"), 41);
    h.state_mut()
        .push(Action::Run(marginalia::ui::commands::Command::Quit));
    h.run();
    assert!(!h.state().is_asking_to_save());
}

#[test]
fn a_filter_by_a_field_the_project_lacks_shows_every_document() {
    let mut h = harness(coder_a_app("kittest"));
    h.state_mut().doc_filter = DocFilter::Value("tone".into(), "calm".into());
    h.run();
    assert_eq!(h.state().doc_filter, DocFilter::All);
    assert!(h.query_by_label_contains("of 12 shown").is_none());
}

#[test]
fn in_comparison_f_then_a_letter_takes_that_annotators_answer() {
    let mut app = coder_a_app("judge");
    app.push(Action::Comparison(ComparisonAction::CompareWith(vec![
        coder("coder-c"),
    ])));
    let mut h = harness(app);
    h.run();
    // Headline 5: A says political, not relevant, no topics; C says political, not relevant,
    // topic security. Headline 3 (index 2): C left the frame unanswered.
    show_compared(&mut h, "Minister resigns");
    h.key_press(egui::Key::F);
    h.run();
    let mode = h.state().compare.as_ref().unwrap();
    assert_eq!(mode.field_cursor.as_deref(), Some("topics"));
    h.get_by_label_contains("Up/Down field");
    h.key_press(egui::Key::B);
    h.run();
    let mode = h.state().compare.as_ref().unwrap();
    assert_eq!(mode.comparison.field_decision(4, "topics"), Some(1));
    assert_eq!(
        mode.comparison.gold("judge").documents[4].field_values("topics"),
        ["security"]
    );
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().compare.as_ref().unwrap().field_cursor.is_none());
    // Undo takes the field decision back like any decision.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let mode = h.state().compare.as_ref().unwrap();
    assert_eq!(mode.comparison.field_decision(4, "topics"), None);
}

#[test]
fn writing_a_value_over_in_the_schema_editor_renames_it_on_the_document() {
    let (_dir, mut h) = sample_with_fields();
    h.get_by_label("political").click();
    h.run();
    h.state_mut()
        .push(Action::Run(marginalia::ui::commands::Command::ShowSchema));
    h.run();
    let values = || (egui::accesskit::Role::TextInput, "Values");
    let (role, label) = values();
    // The first field's (frame's) values, at the foot of the editor.
    h.get_all_by_role_and_label(role, label)
        .next()
        .unwrap()
        .scroll_to_me();
    h.run();
    h.get_all_by_role_and_label(role, label)
        .next()
        .unwrap()
        .click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_all_by_role_and_label(role, label)
        .next()
        .unwrap()
        .type_text("economic, politics, social");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    let p = h.state().session.project();
    assert_eq!(
        p.schema.fields[0].values,
        ["economic", "politics", "social"]
    );
    assert_eq!(
        answer(&h, "frame"),
        ["politics"],
        "the answer follows the rename"
    );
    h.state_mut().schema_editor.open = false;
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(answer(&h, "frame"), ["political"]);
}
