//! How the window looks and behaves at rest: the welcome, small windows, small screens, statistics, idleness.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use marginalia::session::Session;
use marginalia::ui::actions::*;
use marginalia::ui::commands::Command;
use marginalia::ui::prefs::Prefs;
use marginalia::ui::MarginaliaApp;

use super::harness::*;

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
    let (_dir, mut h) = sample_window();
    h.state_mut().push(Action::Run(Command::ShowSchema));
    h.state_mut().push(Action::Run(Command::ShowStats));
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
    let mut h = window(
        window_builder().with_size(egui::vec2(800.0, 600.0)),
        app_on_copy_of_sample(&dir),
    );
    h.run();
    let doc = h.state().session.document().unwrap();
    let id = id_of(doc, |a| a.label == "quote");
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(id)));
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
fn the_statistics_window_shows_charts_and_the_density_strip() {
    let (_dir, mut h) = sample_window();
    h.state_mut().push(Action::Run(Command::ShowStats));
    h.run();
    h.get_by_role_and_label(Role::Window, "Statistics");
    h.get_by_label_contains("1 document · 3803 characters · 50 annotations · 16 relations");
    // Bars carry their counts; a chart of one document would say nothing, so there is none.
    h.get_by_label("entity: 29");
    h.get_by_label("pending: 50");
    assert!(h.query_by_label("Per document").is_none());
}

#[test]
fn an_idle_window_asks_for_no_frame_and_a_caret_stops_blinking() {
    let (_dir, mut h) = sample_window();
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
