//! Selecting and tagging text: drags, clicks, keys, sticky labels, fragments, find and tag all.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use marginalia::ui::actions::*;
use marginalia::ui::MarginaliaApp;

use super::harness::*;

#[test]
fn drag_select_tag_undo_redo_relabel_delete() {
    let (_dir, mut h) = sample_window();
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
    let row = painted_rect(&h, claim).unwrap();
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

    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(id)));
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
    let (_dir, mut h) = sample_window();
    // "Party" (entity) sits inside the Long Baozheng quote: click it twice.
    let doc = h.state().session.document().unwrap();
    let party = doc
        .annotations
        .iter()
        .find(|a| a.label == "entity" && a.text == "Party")
        .unwrap()
        .id;
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(party)));
    h.run();
    h.run();
    let rect = painted_rect(&h, party).expect("Party is painted");
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
fn find_and_tag_all_is_one_undo_step() {
    let (_dir, mut h) = sample_window();
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
fn keyboard_only_selection_then_tag() {
    let (_dir, mut h) = sample_window();
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
    let (_dir, mut h) = sample_window();
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
fn drag_across_paragraphs() {
    let (_dir, mut h) = sample_window();
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
    let (_dir, mut h) = sample_window();
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

#[test]
fn double_click_selects_a_word_and_triple_click_a_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    // Multi-clicks need a real frame rate: egui counts clicks within 0.3 s as one double click,
    // and the harness's default step is a quarter second.
    let mut h = window(
        window_builder().with_step_dt(1.0 / 60.0),
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
fn a_drag_that_arrives_within_one_frame_still_selects() {
    // xdotool's `mousedown … mousemove … mouseup` can land in a single frame, where egui reports
    // neither a drag nor a click.
    let (_dir, mut h) = sample_window();
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
