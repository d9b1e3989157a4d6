//! Rendered snapshots of the main window, light and dark. Needs a Vulkan rasterizer (lavapipe
//! from `mesa-vulkan-drivers`), so it runs with `--features snapshots`; `.ci/run` installs it.
//! Regenerate with `UPDATE_SNAPSHOTS=1 cargo test --features snapshots --test snapshots`.

#![cfg(feature = "snapshots")]

use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use marginalia::session::Session;
use marginalia::ui::actions::{Action, ComparisonAction, NavigationAction};
use marginalia::ui::commands::Command;
use marginalia::ui::prefs::Theme;
use marginalia::ui::MarginaliaApp;

mod common;
use common::harness::{app_on, window, window_builder};

fn main_window(theme: Theme, name: &str) {
    let mut app = sample_app(theme);
    // Select the Long Baozheng quote so the inspector and the selection outline show.
    let doc = app.session.document().unwrap();
    let quote = doc
        .annotations
        .iter()
        .find(|a| a.label == "quote" && a.text.starts_with("“Under"))
        .unwrap()
        .id;
    app.push(Action::Navigation(NavigationAction::Select(quote)));
    let egui_theme = if theme == Theme::Dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    };
    let mut h = window(
        window_builder()
            .with_size(egui::vec2(1280.0, 820.0))
            .with_theme(egui_theme)
            .wgpu(),
        app,
    );
    h.run();
    h.run();
    h.snapshot(name);
}

#[test]
fn main_window_light() {
    main_window(Theme::Light, "main_window_light");
}

#[test]
fn main_window_dark() {
    main_window(Theme::Dark, "main_window_dark");
}

/// The sample in a window of `theme`, for views opened by an action pushed onto `app`.
fn sample_app(theme: Theme) -> MarginaliaApp {
    let mut app = app_on(Session::sample(), "snapshot");
    app.prefs.theme = theme;
    app
}

/// Run `app`'s pending actions, then clear the notifications they raised, so the snapshot shows
/// the view itself.
fn settled_window(app: MarginaliaApp, theme: Theme) -> Harness<'static, MarginaliaApp> {
    let egui_theme = if theme == Theme::Dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    };
    let mut h = window(
        window_builder()
            .with_size(egui::vec2(1280.0, 820.0))
            .with_theme(egui_theme)
            .wgpu(),
        app,
    );
    h.run();
    h.state_mut().notes.items.clear();
    h.run();
    h
}

/// `name` in the light theme and `name_dark` in the dark one, of the view `open` sets up.
fn both_themes(name: &str, open: impl Fn(&mut MarginaliaApp, &std::path::Path)) {
    both_themes_then(name, open, |_| {});
}

/// [`both_themes`], with `then` run on the settled window before the snapshot.
fn both_themes_then(
    name: &str,
    open: impl Fn(&mut MarginaliaApp, &std::path::Path),
    then: impl Fn(&mut Harness<'static, MarginaliaApp>),
) {
    let mut results = egui_kittest::SnapshotResults::new();
    for theme in [Theme::Light, Theme::Dark] {
        let mut app = sample_app(theme);
        let dir = tempfile::tempdir().unwrap();
        open(&mut app, dir.path());
        let mut h = settled_window(app, theme);
        then(&mut h);
        h.run();
        let file = if theme == Theme::Dark {
            format!("{name}_dark")
        } else {
            name.to_owned()
        };
        h.snapshot(&file);
        results.extend_harness(&mut h);
    }
    results.unwrap();
}

fn compare_with_bob(app: &mut MarginaliaApp, dir: &std::path::Path) {
    let mut b = app.session.project().clone();
    let doc = &mut b.documents[0];
    doc.annotations[0].label = "claim".into();
    doc.annotations.remove(2);
    doc.annotations[5].fragments[0].end += 4;
    let a5 = doc.annotations[5].clone();
    doc.annotations[5].text = doc.covered_text(&a5.fragments).unwrap();
    for a in &mut doc.annotations {
        a.author = "bob".into();
    }
    let path = dir.join("bob.ron");
    marginalia::project_file::save_project(&b, &path).unwrap();
    app.push(Action::Comparison(ComparisonAction::CompareWith(vec![
        path,
    ])));
}

#[test]
fn comparison_view() {
    both_themes("comparison_view", compare_with_bob);
}

#[test]
fn comparison_with_exact_matches_accepted() {
    both_themes_then("comparison_decided", compare_with_bob, |h| {
        let mode = h.state_mut().compare.as_mut().unwrap();
        mode.comparison.accept_all_exact();
        mode.rebuild_view(0);
    });
}

#[test]
fn agreement_window_with_three_annotators() {
    both_themes("agreement_window", |app, dir| {
        let (bob, carol) = common::save_colleagues(app.session.project(), dir);
        app.push(Action::Comparison(ComparisonAction::AgreementWith(vec![
            bob, carol,
        ])));
    });
}

#[test]
fn comparison_of_three_annotators() {
    both_themes("comparison_three_annotators", |app, dir| {
        let (bob, carol) = common::save_colleagues(app.session.project(), dir);
        app.push(Action::Comparison(ComparisonAction::CompareWith(vec![
            bob, carol,
        ])));
    });
}

#[test]
fn statistics_window() {
    both_themes("statistics_window", |app, _| {
        app.push(Action::Run(Command::ShowStats));
    });
}

#[test]
fn label_schema_editor() {
    both_themes("schema_editor", |app, _| {
        app.push(Action::Run(Command::ShowSchema));
    });
}

#[test]
fn keyboard_shortcuts() {
    // Every row comes from the command table.
    both_themes("keyboard_shortcuts", |app, _| {
        app.push(Action::Run(Command::ShowHelp));
    });
}

#[test]
fn suggestions() {
    // The sample without its quotes: the quotation source suggests them again, dashed, and
    // their speakers as dashed lines; the side list by source; the keyboard on the first.
    both_themes("suggestions", |app, _| {
        let mut project = app.session.project().clone();
        common::app::remove_label(&mut project, "quote");
        app.session = Session::unsaved(project);
        app.push(Action::Run(Command::ToggleSuggestions));
        app.push(Action::Run(Command::NextSuggestion));
    });
}

#[test]
fn review_mode() {
    both_themes("review_mode", |app, _| {
        let mut project = app.session.project().clone();
        for (i, a) in project.documents[0]
            .annotations
            .iter_mut()
            .take(6)
            .enumerate()
        {
            a.review.status = if i % 3 == 2 {
                marginalia::model::ReviewStatus::Rejected
            } else {
                marginalia::model::ReviewStatus::Accepted
            };
        }
        app.session = Session::unsaved(project);
        app.push(Action::Run(Command::ToggleReview));
        app.push(Action::Navigation(NavigationAction::Step(true)));
    });
}

#[test]
fn right_to_left_text() {
    // Latin after an Arabic quotation, Hebrew, a lam-alef ligature and combining marks, each
    // highlight on its own glyphs.
    let mut app = common::mixed_script_app(&[
        ("quote", "«مرحبا بالعالم»"),
        ("entity", "Amal Hassan"),
        ("entity", "Li Wei"),
        ("entity", "עולם"),
        ("entity", "Sudan"),
        ("claim", "state"),
        ("claim", "لا"),
        ("claim", "بَ"),
    ]);
    app.prefs.theme = Theme::Light;
    let mut h = window(
        window_builder()
            .with_size(egui::vec2(1000.0, 360.0))
            .with_theme(egui::Theme::Light)
            .allow_missing_glyphs() // the test fonts have no Chinese; it shows as boxes
            .wgpu(),
        app,
    );
    common::install_test_fonts(&h.ctx);
    h.run();
    h.state_mut().view.layout = None;
    h.run();
    h.run();
    h.snapshot("right_to_left_text");
}

#[test]
fn pdf_pages() {
    // A PDF with its page boundaries: a tick and "p. 2" where page 2 starts inside a paragraph,
    // a rule with "p. 3" above the paragraph page 3 starts with, the caret's page in the status bar.
    both_themes("pdf_pages", |app, _| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/documents/reportlab.pdf");
        let doc = marginalia::import::import_article(&path).unwrap().document;
        let mut project = marginalia::model::Project::new("report");
        project.documents.push(doc);
        app.session = Session::unsaved(project);
    });
}

#[test]
fn document_fields() {
    // The row of document fields above the text, open for the keyboard (F), and the document
    // list with each document's answers and active time.
    both_themes_then(
        "document_fields",
        |app, _| {
            let fields = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/fields/coder-a.ron");
            let headlines = marginalia::project_file::load_project(&fields).unwrap();
            let mut project = app.session.project().clone();
            project.schema.fields = headlines.schema.fields.clone();
            let doc = &mut project.documents[0];
            doc.set_field("frame", vec!["political".into()]);
            doc.set_field("relevant", vec!["yes".into()]);
            doc.set_field("topics", vec!["trade".into(), "technology".into()]);
            doc.add_time("snapshot", 754);
            project
                .documents
                .extend(headlines.documents.into_iter().take(3));
            app.session = Session::unsaved(project);
        },
        |h| {
            h.key_press(egui::Key::F);
            h.run();
            h.key_press(egui::Key::ArrowRight);
            h.run();
        },
    );
}

#[test]
fn comparison_of_document_fields() {
    // Two coders' answers side by side: the fields answered alike in one line, each that differs
    // with a button per coder, the keyboard on one of them (F).
    both_themes_then(
        "comparison_of_document_fields",
        |app, _| {
            let dir =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fields");
            let a = marginalia::project_file::load_project(&dir.join("coder-a.ron")).unwrap();
            app.session = Session::unsaved(a);
            app.push(Action::Comparison(ComparisonAction::CompareWith(vec![
                dir.join("coder-b.ron")
            ])));
        },
        |h| {
            h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Document")
                .click();
            h.run();
            h.get_by_label_contains("Chip makers").click();
            h.run();
            h.key_press(egui::Key::F);
            h.run();
            h.state_mut().notes.items.clear();
        },
    );
}
