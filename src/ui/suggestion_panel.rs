//! Suggestions in the window: what is shown (presentation state), the side list by source with
//! each source's record, the current suggestion's card, and the popup a click opens. Views push
//! [`SuggestionAction`]s; `app/suggestions.rs` carries them out as edits.

use std::collections::BTreeMap;

use egui::Ui;

use super::actions::{Action, SuggestionAction};
use crate::background::Task;
use crate::model::{LabelSchema, Project, NAMES, QUOTES, RULES, SPEAKERS};
use crate::suggest::{records, Gazetteer, SourceRecord, Suggestion};

/// The window's suggestions.
#[derive(Default)]
pub struct Suggestions {
    /// Shown (View → Suggestions, Ctrl+G).
    pub show: bool,
    /// The suggestions, sorted by document and position.
    pub list: Vec<Suggestion>,
    /// The session revision `list` was computed for.
    pub computed: Option<u64>,
    /// The one the keyboard is on.
    pub current: Option<usize>,
    /// After an accept or reject: go on from here, (document, code point), once recomputed.
    pub resume_at: Option<(usize, usize)>,
    /// The popup a click opened: (suggestion, where).
    pub popup: Option<(usize, egui::Pos2)>,
    /// Computing on a worker thread, for the revision given.
    pub task: Option<(u64, Task<Computed>)>,
    /// Names loaded from a gazetteer file.
    pub gazetteer: Gazetteer,
    /// The marks of each document, made with the list (on the worker thread when it is
    /// large); the shown document's are lent to the text view.
    pub marks: Vec<Marks>,
    /// The document whose marks the text view holds, and the current suggestion they show.
    pub marked: Option<(usize, Option<usize>)>,
    /// Which suggestion each mark of the shown document is.
    pub mark_of: Vec<usize>,
    /// How many suggestions each source has in `list`.
    pub counts: BTreeMap<String, usize>,
    /// Each source's record (accepted, rejected) when `list` was made.
    pub records: BTreeMap<String, SourceRecord>,
}

/// One document's marks, and which suggestion each is.
#[derive(Default)]
pub struct Marks {
    pub marks: Vec<super::text_view::SuggestionMark>,
    pub of: Vec<usize>,
    /// The longest reach of a mark, for painting.
    pub reach: usize,
}

/// Suggestions with their marks, document by document.
pub struct Computed {
    pub list: Vec<Suggestion>,
    pub marks: Vec<Marks>,
    pub counts: BTreeMap<String, usize>,
    pub records: BTreeMap<String, SourceRecord>,
}

impl Computed {
    /// The list with its marks and counts, made off the window's thread when large.
    pub fn new(list: Vec<Suggestion>, project: &Project) -> Self {
        let marks = marks_of(&list, project.documents.len());
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for s in &list {
            match counts.get_mut(&s.source) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(s.source.clone(), 1);
                }
            }
        }
        Self {
            list,
            marks,
            counts,
            records: records(project),
        }
    }
}

/// Compute the marks of `list` for a project of `documents` documents.
pub fn marks_of(list: &[Suggestion], documents: usize) -> Vec<Marks> {
    let mut out: Vec<Marks> = (0..documents).map(|_| Marks::default()).collect();
    for (i, s) in list.iter().enumerate() {
        let Some(m) = out.get_mut(s.document) else {
            continue;
        };
        let far = s.link.as_ref().map_or(s.end, |l| l.to.end.max(s.end));
        let near = s.link.as_ref().map_or(s.start, |l| l.to.start.min(s.start));
        m.reach = m.reach.max(far - near);
        m.of.push(i);
        m.marks.push(super::text_view::SuggestionMark {
            start: s.start,
            end: s.end,
            label: s.label.clone(),
            to: s.link.as_ref().map(|l| (l.to.start, l.to.end)),
            current: false,
        });
    }
    out
}

impl Suggestions {
    /// The current suggestion, if it still exists.
    pub fn current(&self) -> Option<&Suggestion> {
        self.current.and_then(|i| self.list.get(i))
    }
}

/// The sources to list: built-in ones, and any that suggested or was decided.
fn sources(
    project: &Project,
    counts: &BTreeMap<String, usize>,
    decided: &BTreeMap<String, SourceRecord>,
) -> Vec<String> {
    let mut names: Vec<String> = [QUOTES, SPEAKERS, NAMES, RULES].map(String::from).to_vec();
    for source in counts.keys() {
        if !names.contains(source) {
            names.push(source.clone());
        }
    }
    for doc in &project.documents {
        for p in &doc.predictions {
            if !names.contains(&p.source) {
                names.push(p.source.clone());
            }
        }
    }
    for source in decided.keys() {
        if !names.contains(source) {
            names.push(source.clone());
        }
    }
    names
}

/// The side list: each source with its switch, how many it suggests now, how it has done
/// (accepted, rejected, precision) and its floor; then the current suggestion.
pub fn suggestion_list_ui(
    ui: &mut Ui,
    project: &Project,
    state: &Suggestions,
    actions: &mut Vec<Action>,
) {
    let settings = &project.schema.suggest;
    let record = &state.records;
    let counts = &state.counts;
    let mut push = |a: SuggestionAction| actions.push(a.into());
    egui::Grid::new("suggestion_sources")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for source in sources(project, counts, record) {
                let mut on = settings.enabled(&source);
                if ui
                    .checkbox(&mut on, &source)
                    .on_hover_text("Switch this source on or off (kept in the project)")
                    .changed()
                {
                    push(SuggestionAction::SetEnabled(source.clone(), on));
                }
                let n = counts.get(&source).copied().unwrap_or(0);
                ui.label(format!("{n}"));
                let r = record.get(&source).copied().unwrap_or_default();
                let precision = r
                    .precision()
                    .map_or_else(|| "—".to_owned(), |p| format!("{:.0} %", p * 100.0));
                ui.label(format!("+{} −{} {precision}", r.accepted, r.rejected))
                    .on_hover_text("Accepted, rejected, and precision (accepted of decided)");
                ui.horizontal(|ui| {
                    let mut floor = settings.min_precision(&source);
                    if ui
                        .add(egui::DragValue::new(&mut floor).range(0..=100).suffix(" %"))
                        .on_hover_text("Below this precision (after five decisions) the source stops suggesting; 0 never")
                        .changed()
                    {
                        push(SuggestionAction::SetFloor(source.clone(), floor));
                    }
                    if ui
                        .add_enabled(n > 0, egui::Button::new("Accept all").small())
                        .on_hover_text("Accept every suggestion of this source (one undo step)")
                        .clicked()
                    {
                        push(SuggestionAction::AcceptAllFrom(source.clone()));
                    }
                });
                ui.end_row();
            }
        });
    ui.horizontal(|ui| {
        if ui
            .small_button("Load gazetteer…")
            .on_hover_text("Names to find: text<TAB>label lines")
            .clicked()
        {
            push(SuggestionAction::LoadGazetteer);
        }
        if ui
            .small_button("Save gazetteer…")
            .on_hover_text("The names this project has tagged, as text<TAB>label lines")
            .clicked()
        {
            push(SuggestionAction::SaveGazetteer);
        }
    });
    if let (Some(i), Some(s)) = (state.current, state.current()) {
        ui.separator();
        suggestion_card_ui(ui, &project.schema, i, s, actions);
    }
}

/// One suggestion: what and where from, with accept, relabel and reject.
pub fn suggestion_card_ui(
    ui: &mut Ui,
    schema: &LabelSchema,
    index: usize,
    s: &Suggestion,
    actions: &mut Vec<Action>,
) {
    let what = match &s.link {
        Some(link) => format!("{} link to “{}…”", link.kind, link.to.label),
        None => s.label.clone(),
    };
    ui.strong(format!("Suggested: {what}"));
    let preview: String = s.text.chars().take(80).collect();
    ui.add(egui::Label::new(preview).wrap());
    ui.label(format!("from {} · score {:.2}", s.source, s.score));
    ui.horizontal_wrapped(|ui| {
        if ui.button("Accept").on_hover_text("Y").clicked() {
            actions.push(SuggestionAction::Accept(index, None).into());
        }
        if s.link.is_none() {
            for label in schema.labels.iter().filter(|l| l.name != s.label) {
                if ui
                    .small_button(format!("as {}", label.name))
                    .on_hover_text("Accept with this label (or press its key)")
                    .clicked()
                {
                    actions.push(SuggestionAction::Accept(index, Some(label.name.clone())).into());
                }
            }
        }
        if ui.button("Reject").on_hover_text("X").clicked() {
            actions.push(SuggestionAction::Reject(index).into());
        }
        if s.link.is_none()
            && ui
                .small_button("Accept all identical")
                .on_hover_text(
                    "Accept every suggestion of this text with this label (one undo step)",
                )
                .clicked()
        {
            actions.push(SuggestionAction::AcceptAllIdentical(index).into());
        }
    });
}

/// The small popup a click on a suggestion opens; false once it should close.
pub fn suggestion_popup_ui(
    ctx: &egui::Context,
    schema: &LabelSchema,
    index: usize,
    at: egui::Pos2,
    s: &Suggestion,
    actions: &mut Vec<Action>,
) -> bool {
    let before = actions.len();
    let area = egui::Area::new(egui::Id::unique("suggestion_popup"))
        .order(egui::Order::Foreground)
        .fixed_pos(at + egui::vec2(0.0, 14.0))
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_max_width(320.0);
                suggestion_card_ui(ui, schema, index, s, actions);
            });
        });
    let clicked_elsewhere =
        ctx.input(|i| i.pointer.any_pressed()) && !area.response.contains_pointer();
    let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
    actions.len() == before && !clicked_elsewhere && !escape
}
