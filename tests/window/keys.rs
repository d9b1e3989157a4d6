//! The command table drives the keys: every shortcut it lists, in every mode, runs its command
//! (and only that), and a command that cannot run now lets its key through.

use egui_kittest::Harness;
use marginalia::ui::actions::*;
use marginalia::ui::commands::{format_shortcut, Command, Mode};
use marginalia::ui::MarginaliaApp;

use super::common;
use super::harness::*;

/// A window in `mode` where `command` can run.
fn window_for(
    mode: Mode,
    command: Command,
    dir: &tempfile::TempDir,
) -> Harness<'static, MarginaliaApp> {
    let suggesting = matches!(
        command,
        Command::NextSuggestion
            | Command::PreviousSuggestion
            | Command::AcceptSuggestion
            | Command::RejectSuggestion
    );
    // Without its quotes the sample has suggestions to step through.
    let mut app = if suggesting {
        app_on_changed_sample(dir, |p| remove_label(p, "quote"))
    } else if command == Command::EditFields {
        // The row opens only where the schema has document fields.
        app_on_changed_sample(dir, |p| {
            p.schema.fields.push(marginalia::model::FieldDef {
                name: "relevant".into(),
                description: String::new(),
                values: vec!["yes".into(), "no".into()],
                multiple: false,
            })
        })
    } else {
        app_on_copy_of_sample(dir)
    };
    if matches!(command, Command::NextDocument | Command::PreviousDocument) {
        let article = dir.path().join("second.txt");
        std::fs::write(&article, "A second article, so there is a next one.\n").unwrap();
        app.push(Action::File(FileAction::AddArticles(vec![article])));
    }
    if mode == Mode::Compare {
        let (bob, carol) = common::save_colleagues(app.session.project(), dir.path());
        app.push(Action::Comparison(ComparisonAction::CompareWith(vec![
            bob, carol,
        ])));
    }
    let mut h = harness(app);
    h.run();
    if suggesting {
        h.state_mut().suggestions.show = true;
        h.run();
        h.state_mut().suggestions.current = Some(0);
    }
    match mode {
        Mode::Compare => {
            let mode = h.state_mut().compare.as_mut().expect("comparing");
            mode.selected_case = Some(0);
            if matches!(command, Command::Undo | Command::Redo) {
                // Two decisions, one undone: both undo and redo can run.
                for _ in 0..2 {
                    h.key_press(egui::Key::D);
                    h.run();
                }
                h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
                h.run();
            }
        }
        _ => {
            if mode == Mode::Review {
                h.state_mut().push(Action::Run(Command::ToggleReview));
                h.run();
            }
            if matches!(command, Command::Undo | Command::Redo) {
                let id = h.state().session.document().unwrap().annotations[5].id;
                for label in ["claim", "quote"] {
                    h.state_mut()
                        .push(Action::Annotation(AnnotationAction::Relabel(
                            id,
                            label.into(),
                        )));
                    h.run();
                }
                h.state_mut().push(Action::Run(Command::Undo));
                h.run();
            }
            let doc = h.state().session.document().unwrap();
            if let [first, second, ..] = doc.annotations.as_slice() {
                let (first, second) = (first.id, second.id);
                h.state_mut().view.selected = Some(first);
                h.state_mut().view.linking_from = Some(second);
            }
        }
    }
    h
}

#[test]
fn every_listed_shortcut_runs_its_command_in_every_mode() {
    let mut checked = 0;
    for mode in Mode::ALL {
        for command in Command::all() {
            if !command.modes().contains(&mode) {
                continue;
            }
            for shortcut in command.shortcuts() {
                let dir = tempfile::tempdir().unwrap();
                let mut h = window_for(mode, command, &dir);
                let can_run = command.available(&h.state().availability());
                h.state_mut().take_keyed_commands();
                h.key_press_modifiers(shortcut.modifiers, shortcut.logical_key);
                h.step();
                let ran = h.state_mut().take_keyed_commands();
                let key = format_shortcut(&shortcut);
                if can_run {
                    assert_eq!(ran, vec![command], "{key} in {mode:?}");
                    checked += 1;
                } else {
                    // Only take keys beyond the comparison's three annotators cannot run here.
                    assert!(
                        matches!(command, Command::CompareTake(k) if k >= 3),
                        "{command:?} could not run in {mode:?}"
                    );
                    assert!(ran.is_empty(), "{key} in {mode:?} ran {ran:?}");
                }
            }
        }
    }
    assert!(checked > 120, "only {checked} shortcuts checked");
}

#[test]
fn a_key_whose_command_cannot_run_does_nothing() {
    let (_dir, mut h) = sample_window();
    let before = count(&h);
    // Nothing selected: Delete has nothing to delete, and is not taken.
    h.state_mut().take_keyed_commands();
    h.key_press(egui::Key::Delete);
    h.step();
    assert!(h.state_mut().take_keyed_commands().is_empty());
    assert_eq!(count(&h), before);
}

#[test]
fn ctrl_r_turns_review_mode_on_through_its_command() {
    let (_dir, mut h) = sample_window();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::R);
    h.step();
    assert_eq!(
        h.state_mut().take_keyed_commands(),
        vec![Command::ToggleReview]
    );
    assert!(h.state().review_mode);
    assert_eq!(h.state().mode(), Mode::Review);
}

#[test]
fn alt_click_in_the_comparison_selects_without_linking() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on_copy_of_sample(&dir);
    let (bob, carol) = common::save_colleagues(app.session.project(), dir.path());
    app.push(Action::Comparison(ComparisonAction::CompareWith(vec![
        bob, carol,
    ])));
    let mut h = harness(app);
    h.run();
    let relations_before = h.state().session.document().unwrap().relations.len();
    let painted = h.state().compare.as_ref().unwrap().view.painted.clone();
    let (_, r1) = painted[0];
    let at = |h: &Harness<'_, MarginaliaApp>, p: egui::Pos2| -> Vec<u64> {
        let view = &h.state().compare.as_ref().unwrap().view;
        view.painted
            .iter()
            .filter(|(_, r)| r.contains(p))
            .map(|(id, _)| *id)
            .collect()
    };
    // A span elsewhere in the text (not another annotator's copy of the first, drawn over it).
    let (_, r2) = painted
        .iter()
        .find(|(_, r)| !r.expand(20.0).intersects(r1))
        .copied()
        .unwrap();
    click_at(&mut h, r1.center());
    let selected = h.state().compare.as_ref().unwrap().view.selected.unwrap();
    assert!(at(&h, r1.center()).contains(&selected));
    h.hover_at(r2.center());
    h.run();
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::ALT));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: r2.center(),
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::ALT,
        });
        h.run();
    }
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::NONE));
    h.run_steps(3);
    // The comparison only reads: the click selected the span, and no link was made anywhere.
    let selected = h.state().compare.as_ref().unwrap().view.selected.unwrap();
    assert!(
        at(&h, r2.center()).contains(&selected),
        "the Alt+click selected the span"
    );
    assert_eq!(
        h.state().session.document().unwrap().relations.len(),
        relations_before
    );
}
