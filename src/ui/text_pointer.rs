//! The pointer over the text: drags select (snapped to words unless Alt), Ctrl+drag adds a
//! fragment, clicks select highlights (cycling through stacked ones) or move the caret, Alt+click
//! and linking mode link, double and triple clicks select a word and a paragraph, hovering tells
//! what is under the pointer.

use egui::{Pos2, Ui};

use super::actions::*;
use super::text_view::TextViewState;
use crate::model::{Document, Fragment, ReviewStatus};
use crate::span_snap::{paragraph_at, snap_span, word_at, Snap};

pub(super) fn handle_pointer(
    ui: &mut Ui,
    doc: &Document,
    state: &mut TextViewState,
    response: &egui::Response,
    snap_words: bool,
    actions: &mut Vec<Action>,
) {
    let modifiers = ui.input(|i| i.modifiers);
    drag(ui, doc, state, response, snap_words, actions);
    quick_drag(ui, doc, state, response, snap_words, actions);
    clicks(doc, state, response, modifiers, actions);
    hover_tooltip(doc, state, response);
}

/// The code point under `pos`, and whether the pointer is over a character rather than past a
/// line end.
fn to_char(state: &TextViewState, pos: Pos2) -> Option<(usize, bool)> {
    // (code point, whether the pointer is over a character rather than past a line end)
    let layout = &state.layout.as_ref()?.1;
    let placed = &state.place_cache;
    let first = placed.first()?;
    let mut chosen = first;
    for p in placed {
        if p.1.y <= pos.y {
            chosen = p;
        }
    }
    let (i, origin, galley) = chosen;
    let range = layout.paragraphs.chars[*i].clone();
    let local = pos - *origin;
    let cursor = galley.cursor_at(local).min(range.len());
    let inside = local.y >= 0.0 && local.y <= galley.size().y && local.x <= galley.size().x;
    Some((range.start + cursor, inside))
}

/// A drag selects (scrolling at the edges); its release snaps and tags or adds a fragment.
fn drag(
    ui: &mut Ui,
    doc: &Document,
    state: &mut TextViewState,
    response: &egui::Response,
    snap_words: bool,
    actions: &mut Vec<Action>,
) {
    let modifiers = ui.input(|i| i.modifiers);
    if response.drag_started() {
        if let Some(origin) = ui.input(|i| i.pointer.press_origin()) {
            state.drag_anchor = to_char(state, origin).map(|c| c.0);
        }
    }
    if response.dragged() {
        if let (Some(anchor), Some(pos)) = (state.drag_anchor, response.interact_pointer_pos()) {
            if let Some((head, _)) = to_char(state, pos) {
                state.selection = Some((anchor.min(head), anchor.max(head)));
            }
            // Scroll when dragging at the top or bottom edge, where there is more to show.
            let vp = state.viewport;
            let edge = 10.0;
            if pos.y > vp.bottom() - edge && state.scroll.1 < state.scroll.2 - 0.5 {
                ui.scroll_with_delta(egui::vec2(0.0, -12.0));
            } else if pos.y < vp.top() + edge && state.scroll.0 > 0.5 {
                ui.scroll_with_delta(egui::vec2(0.0, 12.0));
            }
        }
    }
    if response.drag_stopped() {
        if let Some((s, e)) = state.selection.take() {
            finish_drag(doc, state, s, e, modifiers, snap_words, actions);
        }
        state.drag_anchor = None;
    }
}

/// A drag whose press and release came within one frame: egui saw neither a drag nor a
/// click, so select from the press to the release here.
fn quick_drag(
    ui: &mut Ui,
    doc: &Document,
    state: &mut TextViewState,
    response: &egui::Response,
    snap_words: bool,
    actions: &mut Vec<Action>,
) {
    let modifiers = ui.input(|i| i.modifiers);
    let click_dist = ui.ctx().options(|o| o.input_options.max_click_dist);
    let quick_drag = ui.input(|i| {
        let mut quick = None;
        for event in &i.raw.events {
            if let egui::Event::PointerButton {
                pos,
                button: egui::PointerButton::Primary,
                pressed,
                ..
            } = event
            {
                if *pressed {
                    state.raw_press = response.rect.contains(*pos).then_some(*pos);
                } else if let Some(start) = state.raw_press.take() {
                    let moved = (*pos - start).length() > click_dist;
                    if moved && state.drag_anchor.is_none() && !response.drag_stopped() {
                        quick = Some((start, *pos));
                    }
                }
            }
        }
        quick
    });
    if let Some((from, to)) = quick_drag {
        if let (Some((a, _)), Some((b, _))) = (to_char(state, from), to_char(state, to)) {
            finish_drag(
                doc,
                state,
                a.min(b),
                a.max(b),
                modifiers,
                snap_words,
                actions,
            );
        }
    }
}

/// Double and triple clicks select a word and a paragraph; a click selects the highlight under
/// it (or, linking or with Alt, links to it), or moves the caret.
fn clicks(
    doc: &Document,
    state: &mut TextViewState,
    response: &egui::Response,
    modifiers: egui::Modifiers,
    actions: &mut Vec<Action>,
) {
    if response.triple_clicked() {
        if let Some((at, _)) = response
            .interact_pointer_pos()
            .and_then(|p| to_char(state, p))
        {
            state.selection = paragraph_at(doc.text(), doc.offsets(), at);
            state.selected = None;
        }
    } else if response.double_clicked() {
        if let Some((at, _)) = response
            .interact_pointer_pos()
            .and_then(|p| to_char(state, p))
        {
            state.selection = word_at(doc.text(), doc.offsets(), at);
            state.selected = None;
        }
    } else if response.clicked() {
        if let Some(pos) = response.interact_pointer_pos() {
            // A suggestion under the pointer opens its popup (accept, reject, relabel).
            let suggestion = state
                .painted_suggestions
                .iter()
                .find(|(i, r)| r.contains(pos) && state.suggestion_marks[*i].to.is_none())
                .map(|(i, _)| *i);
            if let Some(i) = suggestion.filter(|_| !state.read_only) {
                state.clicked_suggestion = Some((i, pos));
                return;
            }
            let hit = hit_annotation(state, doc, pos);
            match hit {
                // Linking mode, or Alt+click from the selected annotation: link to this one.
                Some(id)
                    if !state.read_only
                        && (state.linking_from.is_some_and(|from| from != id)
                            || (modifiers.alt && state.selected.is_some_and(|s| s != id))) =>
                {
                    let from = state.linking_from.or(state.selected).unwrap_or(id);
                    actions.push(Action::Link(LinkAction::Add(from, id)));
                    state.linking_from = None;
                    state.selected = Some(from);
                }
                Some(id) => {
                    state.selected = Some(id);
                    state.selection = None;
                }
                None => {
                    state.selected = None;
                    state.selection = None;
                    if let Some((at, _)) = to_char(state, pos) {
                        state.caret = at;
                        state.key_anchor = None;
                    }
                }
            }
        }
    }
}

/// Label, note and author of what is under the pointer.
fn hover_tooltip(doc: &Document, state: &TextViewState, response: &egui::Response) {
    if let Some(pos) = response.hover_pos() {
        let under: Vec<u64> = state
            .painted
            .iter()
            .filter(|(_, r)| r.contains(pos))
            .map(|(id, _)| *id)
            .collect();
        if !under.is_empty() {
            let mut lines = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for id in under {
                if !seen.insert(id) {
                    continue;
                }
                if let Some(ann) = doc.annotation(id) {
                    let mut line = format!("{} — by {}", ann.label, ann.author);
                    if ann.review.status != ReviewStatus::Pending {
                        line.push_str(&format!(" [{}]", ann.review.status.as_str()));
                    }
                    if let Some(note) = &ann.note {
                        line.push_str(&format!("\n    {note}"));
                    }
                    lines.push(line);
                }
            }
            response.clone().on_hover_text_at_pointer(lines.join("\n"));
        }
    }
}

/// A drag selected `[s, e)`: snap it to words (unless Alt), then make it the selection (tagging
/// it at once in sticky-label mode), or with Ctrl add it as a fragment of the selected annotation.
fn finish_drag(
    doc: &Document,
    state: &mut TextViewState,
    s: usize,
    e: usize,
    modifiers: egui::Modifiers,
    snap_words: bool,
    actions: &mut Vec<Action>,
) {
    let mode = if snap_words && !modifiers.alt {
        Snap::Word
    } else {
        Snap::Character
    };
    let Some((a, b)) = snap_span(doc.text(), doc.offsets(), s, e, mode) else {
        return;
    };
    if modifiers.command && !state.read_only {
        if let Some(id) = state.selected {
            actions.push(Action::Annotation(AnnotationAction::AddFragment(
                id,
                Fragment::new(a, b),
            )));
        }
    } else {
        state.selection = Some((a, b));
        state.selected = None;
        state.caret = b;
        if let Some(label) = state.sticky_label.clone().filter(|_| !state.read_only) {
            actions.push(Action::Annotation(AnnotationAction::TagSelection(label)));
        }
    }
}

/// The annotation under `pos`; a repeated click on stacked spans cycles through them,
/// starting with the innermost.
fn hit_annotation(state: &TextViewState, doc: &Document, pos: Pos2) -> Option<u64> {
    let layout = &state.layout.as_ref()?.1;
    let index = &state.index.as_ref()?.1;
    let (i, origin, galley) = state.place_cache.iter().rev().find(|p| p.1.y <= pos.y)?;
    let local = pos - *origin;
    if local.y > galley.size().y || local.x > galley.size().x {
        return None;
    }
    let range = layout.paragraphs.chars[*i].clone();
    let at = range.start + galley.char_under(local).min(range.len());
    let mut hits: Vec<&crate::model::Annotation> = index
        .query(at, at + 1)
        .into_iter()
        .map(|ai| &*doc.annotations[ai])
        .filter(|a| a.fragments.iter().any(|f| f.start <= at && at < f.end))
        .collect();
    if hits.is_empty() {
        return None;
    }
    hits.sort_by_key(|a| (a.end() - a.start(), a.id));
    let next = match state
        .selected
        .and_then(|sel| hits.iter().position(|a| a.id == sel))
    {
        Some(k) => (k + 1) % hits.len(),
        None => 0,
    };
    Some(hits[next].id)
}
