//! Comparing annotators in the window: every annotator's spans on one text, coloured by agreement
//! class in underline lanes (A above B above C…), with every disagreement resolvable into a gold
//! project.
//!
//! Lanes on one text were chosen over side-by-side panes: the eye compares spans on the same
//! words directly, nested and overlapping spans keep their place, and there is only one scroll
//! position to keep in step (with three annotators, three panes would leave little room each).

use std::collections::HashMap;

use egui::Ui;

use super::text_view::{SpanStyle, TextViewState};
use crate::agreement::{self, AgreementReport, Annotator};
use crate::comparison::{letter, AgreementClass, Comparison, Decision};
use crate::model::{Annotation, Document, LabelDef, LabelSchema, Project};
use crate::session::Session;

/// Colour of each agreement class (Okabe–Ito, distinguishable with colour blindness).
pub fn class_color(class: AgreementClass) -> &'static str {
    match class {
        AgreementClass::Exact => "#009E73",
        AgreementClass::LabelMismatch => "#D55E00",
        AgreementClass::BoundaryMismatch => "#E69F00",
        AgreementClass::OnlyA => "#0072B2",
        AgreementClass::OnlyB => "#CC79A7",
        AgreementClass::Partial => "#56B4E9",
    }
}

/// A request from the comparison panel.
#[derive(Debug, Clone, PartialEq)]
pub enum CompareAction {
    /// Decide one case.
    Decide(usize, Decision),
    /// Take the first annotator's span for every undecided exact match.
    AcceptAllExact,
    /// Select a case and scroll to it.
    Select(usize),
    /// Ask where to save the gold project.
    SaveGold,
    /// Leave comparison mode.
    Close,
    /// Show the agreement window.
    ShowAgreement,
    /// Take annotator `k`'s answer to a document field: (document, field, k).
    TakeField(usize, String, usize),
    /// Show document `index` (of the first project).
    ShowDocument(usize),
}

/// Comparison mode: the comparison, the read-only view of every annotator's spans, and the
/// agreement figures.
pub struct CompareMode {
    /// Cases and decisions.
    pub comparison: Comparison,
    /// What the text view shows: one span per annotator of each case, labelled by its class.
    pub view_session: Session,
    /// The text view's own state.
    pub view: TextViewState,
    /// View annotation id → (case index, annotator).
    pub span_case: HashMap<u64, (usize, usize)>,
    /// Case index → its view annotation ids with their annotators, to restyle one case in place.
    case_spans: Vec<Vec<(u64, usize)>>,
    /// Agreement between the annotators, from the same code as `marginalia agree`.
    pub report: Result<AgreementReport, String>,
    /// The selected case.
    pub selected_case: Option<usize>,
    /// List only undecided cases.
    pub only_undecided: bool,
    /// The document field the keyboard is on (F), whose answer the take keys decide.
    pub field_cursor: Option<String>,
    /// (comparison revision, differing field answers, undecided ones), counted once a revision.
    field_counts: Option<(u64, usize, usize)>,
    /// The project files compared, first annotator first (for the recovery snapshot).
    pub files: Vec<std::path::PathBuf>,
    /// The comparison's revision when its decisions were last saved in a gold project or
    /// discarded; any other revision holds decisions the user could lose.
    pub saved_revision: u64,
    /// The revision the last recovery snapshot was written for.
    pub snapshot_revision: u64,
}

impl CompareMode {
    /// Start comparing two or more projects, one per annotator.
    pub fn new(projects: Vec<Project>, names: Vec<String>) -> Result<Self, String> {
        let annotators: Vec<Annotator<'_>> = projects
            .iter()
            .zip(&names)
            .map(|(project, name)| Annotator {
                name: name.clone(),
                project,
            })
            .collect();
        let report = agreement::compute(&annotators).map_err(|e| e.to_string());
        let comparison = Comparison::new(projects, names).map_err(|e| e.to_string())?;
        let mut mode = Self {
            comparison,
            view_session: Session::unsaved(Project::default()),
            view: TextViewState {
                read_only: true,
                ..TextViewState::default()
            },
            span_case: HashMap::new(),
            case_spans: Vec::new(),
            report,
            selected_case: None,
            only_undecided: false,
            field_cursor: None,
            field_counts: None,
            files: Vec::new(),
            saved_revision: 0,
            snapshot_revision: 0,
        };
        mode.rebuild_view(0);
        Ok(mode)
    }

    /// Decisions exist that no gold project holds and the user has not discarded.
    pub fn has_unsaved_decisions(&self) -> bool {
        self.comparison.revision() != self.saved_revision
            && self.comparison.undecided() < self.comparison.cases.len()
    }

    /// Where this comparison's recovery snapshot goes.
    pub fn snapshot_path(&self) -> Option<std::path::PathBuf> {
        crate::adjudication_snapshot::AdjudicationSnapshot::path_for(&self.files)
    }

    /// The decisions are in a gold project now, or the user let them go: nothing is left to
    /// recover, so the snapshot goes too.
    pub fn decisions_settled(&mut self) {
        self.saved_revision = self.comparison.revision();
        self.snapshot_revision = self.saved_revision;
        if let Some(path) = self.snapshot_path() {
            let _ = std::fs::remove_file(path);
        }
    }

    /// The user chose to drop the decisions not in a gold project.
    pub fn discard_decisions(&mut self) {
        self.decisions_settled();
    }

    /// Rebuild the read-only view project: every annotator's spans in their labels' colours,
    /// each underlined in its agreement class's colour, decided cases settled (kept outlined,
    /// dropped faint).
    pub fn rebuild_view(&mut self, document: usize) {
        let c = &self.comparison;
        // The annotators' labels, the first annotator's colours leading.
        let mut schema = LabelSchema {
            labels: Vec::new(),
            relations: Vec::new(),
            fields: Vec::new(),
            suggest: Default::default(),
        };
        for p in &c.projects {
            for l in &p.schema.labels {
                if schema.label(&l.name).is_none() {
                    schema.labels.push(LabelDef {
                        hotkey: None,
                        ..l.clone()
                    });
                }
            }
        }
        let mut project = Project {
            name: c.names.join(" vs "),
            schema,
            documents: Vec::new(),
        };
        self.span_case.clear();
        self.view.span_styles.clear();
        self.case_spans = vec![Vec::new(); c.cases.len()];
        for doc in &c.projects[0].documents {
            project.documents.push(Document::new(
                doc.id.clone(),
                doc.title.clone(),
                doc.source.clone(),
                doc.text().to_owned(),
            ));
        }
        let everyone = match c.names.len() {
            2 => format!("{} and {}", c.names[0], c.names[1]),
            _ => "everyone".to_owned(),
        };
        for (index, case) in c.cases.iter().enumerate() {
            let decision = c.decision(index);
            for k in 0..c.annotators() {
                let Some(source) = c.annotation(case, k) else {
                    continue;
                };
                let doc = &mut project.documents[case.document];
                let id = doc.allocate_id();
                let who = if case.class == AgreementClass::Exact {
                    &everyone
                } else {
                    &c.names[k]
                };
                doc.annotations.push(Box::new(Annotation {
                    id,
                    label: source.label.clone(),
                    fragments: source.fragments.clone(),
                    text: source.text.clone(),
                    author: who.clone(),
                    created: source.created.clone(),
                    modified: source.modified.clone(),
                    note: Some(format!("{who}: {} · {}", source.label, case.class.name())),
                    review: Default::default(),
                    attributes: Default::default(),
                    suggested_by: None,
                }));
                self.view
                    .span_styles
                    .insert(id, span_style(case.class, decision, k));
                self.span_case.insert(id, (index, k));
                self.case_spans[index].push((id, k));
            }
        }
        for doc in &mut project.documents {
            doc.sort_annotations();
        }
        self.view_session = Session::unsaved(project);
        self.view_session.document = document.min(
            self.view_session
                .project()
                .documents
                .len()
                .saturating_sub(1),
        );
    }

    /// Show case `index`'s new decision: its spans are restyled in place (taken solid, the rest
    /// dimmed), which stays instant on a book, where rebuilding the whole view would not.
    pub fn refresh_case(&mut self, index: usize) {
        let (Some(case), Some(spans)) =
            (self.comparison.cases.get(index), self.case_spans.get(index))
        else {
            return;
        };
        let decision = self.comparison.decision(index);
        for &(id, k) in spans {
            self.view
                .span_styles
                .insert(id, span_style(case.class, decision, k));
        }
    }

    /// The case of the span selected in the text view, if any.
    /// The case N (`forward`) or P moves to from `from`, in case order across documents,
    /// skipping cases the list hides ("Only undecided" hides decided ones; `deciding` is about to
    /// be decided, so it counts as decided). `None` when no case is shown.
    pub fn step_case(
        &self,
        from: Option<usize>,
        forward: bool,
        deciding: Option<usize>,
    ) -> Option<usize> {
        let n = self.comparison.cases.len();
        let shown = |i: usize| {
            !self.only_undecided || (Some(i) != deciding && self.comparison.decision(i).is_none())
        };
        let start = match (from, forward) {
            (Some(c), _) => c,
            (None, true) => n.checked_sub(1)?,
            (None, false) => 0,
        };
        (1..=n)
            .map(|k| {
                if forward {
                    (start + k) % n
                } else {
                    (start + n * k - k) % n
                }
            })
            .find(|&i| shown(i))
    }

    pub fn case_of_view_selection(&self) -> Option<usize> {
        self.view
            .selected
            .and_then(|id| self.span_case.get(&id))
            .map(|(c, _)| *c)
    }
}

/// How annotator `k`'s span of a case is drawn: undecided, kept (solid) or not kept (dimmed).
/// [`class_color`] as a colour.
pub fn class_color32(class: AgreementClass) -> egui::Color32 {
    let [r, g, b] = crate::model::parse_hex_color(class_color(class)).unwrap_or([128, 128, 128]);
    egui::Color32::from_rgb(r, g, b)
}

/// How annotator `k`'s span of a case of `class` is drawn after `decision`.
fn span_style(class: AgreementClass, decision: Option<Decision>, k: usize) -> SpanStyle {
    SpanStyle {
        lane: class_color32(class),
        settled: decision.map(|d| Comparison::keeps(d, k)),
    }
}

fn decision_name(d: Option<Decision>, annotators: usize) -> String {
    match d {
        None => "undecided".into(),
        Some(Decision::Take(k)) => format!("took {}", letter(k)),
        Some(Decision::TakeAll) if annotators == 2 => "took both".into(),
        Some(Decision::TakeAll) => "took all".into(),
        Some(Decision::Drop) => "dropped".into(),
    }
}

/// Counts of each class, always shown while comparing.
pub fn class_counts_ui(ui: &mut Ui, mode: &CompareMode) {
    ui.horizontal_wrapped(|ui| {
        for (class, n) in mode.comparison.counts() {
            // The class's colour is its underline's in the text: a line, like the lanes.
            let (r, _) = ui.allocate_exact_size(egui::vec2(14.0, 10.0), egui::Sense::hover());
            ui.painter().line_segment(
                [
                    r.left_bottom() - egui::vec2(0.0, 2.0),
                    r.right_bottom() - egui::vec2(0.0, 2.0),
                ],
                egui::Stroke::new(3.0, class_color32(class)),
            );
            ui.label(format!("{}: {n}", class.name()));
        }
        ui.separator();
        ui.label(format!("{} undecided", mode.comparison.undecided()));
    });
}

/// The side panel while comparing: actions and the list of cases with their decisions.
pub fn compare_panel_ui(ui: &mut Ui, mode: &mut CompareMode, actions: &mut Vec<CompareAction>) {
    compare_header_ui(ui, mode, actions);
    let c = &mode.comparison;
    let doc_index = mode.view_session.document;
    let shown: Vec<usize> = (0..c.cases.len())
        .filter(|&i| {
            c.cases[i].document == doc_index && (!mode.only_undecided || c.decision(i).is_none())
        })
        .collect();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 12.0;
    egui::ScrollArea::vertical()
        .id_salt("cases")
        .auto_shrink(false)
        .show_rows(ui, row_height, shown.len(), |ui, rows| {
            for &i in &shown[rows] {
                case_row_ui(ui, mode, i, actions);
            }
        });
}

/// Who is compared, the bulk actions, the keys, the filter, and a word when all is decided.
fn compare_header_ui(ui: &mut Ui, mode: &mut CompareMode, actions: &mut Vec<CompareAction>) {
    let c = &mode.comparison;
    let n = c.annotators();
    let who: Vec<String> = c
        .names
        .iter()
        .enumerate()
        .map(|(k, name)| format!("{}: {name}", letter(k)))
        .collect();
    ui.heading(who.join("  ·  "));
    document_picker_ui(ui, mode, actions);
    if !c.unmatched.is_empty() {
        ui.label(
            egui::RichText::new(format!("Not compared: {}", c.unmatched.join(", "))).italics(),
        );
    }
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Accept all exact matches")
            .on_hover_text("Take A's span for every undecided exact match (one undo step)")
            .clicked()
        {
            actions.push(CompareAction::AcceptAllExact);
        }
        if ui
            .button("Save gold project…")
            .on_hover_text("Save the decided annotations as a new, adjudicated project")
            .clicked()
        {
            actions.push(CompareAction::SaveGold);
        }
        if ui.button("Agreement").clicked() {
            actions.push(CompareAction::ShowAgreement);
        }
        if ui.button("Close comparison").clicked() {
            actions.push(CompareAction::Close);
        }
    });
    ui.label(format!(
        "Keys: {}",
        crate::ui::commands::hint(crate::ui::commands::Mode::Compare, n)
    ));
    ui.checkbox(&mut mode.only_undecided, "Only undecided");
    ui.separator();
    let revision = mode.comparison.revision();
    if mode.field_counts.is_none_or(|(r, _, _)| r != revision) {
        let (differ, undecided) = mode.comparison.field_disagreement_counts();
        mode.field_counts = Some((revision, differ, undecided));
    }
    document_fields_ui(ui, mode, actions);
    if mode.comparison.undecided() == 0 && !mode.comparison.cases.is_empty() {
        // The work is done: say so, and what is left to do.
        egui::Frame::group(ui.style())
            .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.35))
            .show(ui, |ui| {
                ui.strong(format!(
                    "All {} cases are decided.",
                    mode.comparison.cases.len()
                ));
                if mode.has_unsaved_decisions() {
                    ui.label("Save the gold project to keep the adjudicated annotations.");
                    if ui.button("Save gold project…").clicked() {
                        actions.push(CompareAction::SaveGold);
                    }
                } else {
                    ui.label("The gold project holds every decision.");
                }
            });
        ui.add_space(4.0);
    }
}

impl CompareMode {
    /// The fields of the shown document whose answers differ.
    fn differing_fields(&self) -> Vec<String> {
        self.comparison
            .field_disagreements(self.view_session.document)
            .into_iter()
            .map(|d| d.field)
            .collect()
    }

    /// Give the differing fields the keyboard (F), at the first undecided one, or take it back;
    /// false when no field differs here.
    pub fn toggle_field_cursor(&mut self) -> bool {
        if self.field_cursor.take().is_some() {
            return true;
        }
        let doc = self.view_session.document;
        let differ = self.differing_fields();
        let first = differ
            .iter()
            .find(|f| self.comparison.field_decision(doc, f).is_none())
            .or(differ.first());
        self.field_cursor = first.cloned();
        self.field_cursor.is_some()
    }

    /// Move the field cursor to the next (`true`) or previous differing field.
    pub fn step_field_cursor(&mut self, forward: bool) {
        let differ = self.differing_fields();
        let Some(current) = &self.field_cursor else {
            return;
        };
        let n = differ.len();
        if n == 0 {
            self.field_cursor = None;
            return;
        }
        let at = differ.iter().position(|f| f == current).unwrap_or(0);
        let next = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
        self.field_cursor = Some(differ[next].clone());
    }

    /// Take annotator `k`'s answer for the field under the cursor, then move on to the next
    /// undecided differing field (staying when none is left).
    pub fn take_at_field_cursor(&mut self, k: usize) {
        let Some(field) = self.field_cursor.clone() else {
            return;
        };
        let doc = self.view_session.document;
        self.comparison.take_field(doc, &field, k);
        let differ = self.differing_fields();
        let at = differ.iter().position(|f| *f == field).unwrap_or(0);
        let next = (1..differ.len())
            .map(|i| &differ[(at + i) % differ.len()])
            .find(|f| self.comparison.field_decision(doc, f).is_none());
        if let Some(next) = next {
            self.field_cursor = Some(next.clone());
        }
    }
}

/// A choice of the compared documents, each with its cases and the fields that differ, when
/// there is more than one.
fn document_picker_ui(ui: &mut Ui, mode: &CompareMode, actions: &mut Vec<CompareAction>) {
    let c = &mode.comparison;
    let compared: Vec<usize> = (0..c.matches.len())
        .filter(|&i| c.matches[i].is_some())
        .collect();
    if compared.len() < 2 {
        return;
    }
    let docs = &c.projects[0].documents;
    let current = mode.view_session.document;
    let describe = |i: usize| {
        let cases = c.cases.iter().filter(|k| k.document == i).count();
        let differ = c.field_disagreements(i).len();
        let mut text = format!("{} ({cases} cases", docs[i].title);
        match differ {
            0 => {}
            1 => text.push_str(", 1 field differs"),
            n => text.push_str(&format!(", {n} fields differ")),
        }
        text.push(')');
        text
    };
    super::widgets::labelled_combo(
        ui,
        "Document",
        "compare_document",
        describe(current),
        |ui| {
            for &i in &compared {
                if ui.selectable_label(i == current, describe(i)).clicked() && i != current {
                    actions.push(CompareAction::ShowDocument(i));
                }
            }
        },
    );
}

/// The shown document's fields: those answered alike in one line, each that differs with every
/// annotator's answer and a button to take it.
fn document_fields_ui(ui: &mut Ui, mode: &CompareMode, actions: &mut Vec<CompareAction>) {
    let c = &mode.comparison;
    let doc = mode.view_session.document;
    let names = c.field_names();
    if names.is_empty() {
        return;
    }
    let differ = c.field_disagreements(doc);
    let agreed: Vec<String> = names
        .iter()
        .filter(|f| !differ.iter().any(|d| &d.field == *f))
        .filter_map(|f| {
            let values = c.gold_field(doc, f);
            (!values.is_empty()).then(|| format!("{f}: {}", values.join(", ")))
        })
        .collect();
    let heading = match mode.field_counts {
        Some((_, differ, undecided)) if differ > 0 => {
            format!("Document fields ({differ} answers differ in all, {undecided} undecided)")
        }
        _ => "Document fields".to_owned(),
    };
    ui.strong(heading);
    if !agreed.is_empty() {
        ui.label(format!("Alike: {}", agreed.join(" · ")))
            .on_hover_text("Every annotator gave these answers; the gold project takes them");
    }
    if mode.field_cursor.is_some() {
        ui.weak(format!(
            "Keys: {} take that answer · Up/Down field · Esc close",
            (0..c.annotators().min(3))
                .map(|k| letter(k).to_string())
                .collect::<Vec<_>>()
                .join(" / ")
        ));
    } else if !differ.is_empty() {
        ui.weak("F: decide them with the keyboard");
    }
    for d in &differ {
        ui.horizontal_wrapped(|ui| {
            let focused = mode.field_cursor.as_deref() == Some(d.field.as_str());
            let name = egui::RichText::new(&d.field).strong();
            ui.label(if focused { name.underline() } else { name });
            let taken = c.field_decision(doc, &d.field);
            for (k, answer) in d.answers.iter().enumerate() {
                let shown = if answer.is_empty() {
                    "unanswered".to_owned()
                } else {
                    answer.join(", ")
                };
                let button = egui::Button::new(format!("{}: {shown}", letter(k)))
                    .small()
                    .selected(taken == Some(k));
                if ui
                    .add(button)
                    .on_hover_text(format!("Take {}'s answer for the gold project", c.names[k]))
                    .clicked()
                {
                    actions.push(CompareAction::TakeField(doc, d.field.clone(), k));
                }
            }
            if taken.is_none() {
                ui.weak("undecided");
            }
        });
    }
    ui.separator();
}

/// One case: its class colour, text and labels, and a button per decision.
fn case_row_ui(ui: &mut Ui, mode: &CompareMode, i: usize, actions: &mut Vec<CompareAction>) {
    let c = &mode.comparison;
    let n = c.annotators();
    let case = &c.cases[i];
    let spans: Vec<Option<&crate::model::Annotation>> =
        (0..n).map(|k| c.annotation(case, k)).collect();
    // As much as the panel's width holds, so a narrow panel keeps its rows in view.
    let fits = ((ui.available_width() - 40.0) / 7.0).clamp(8.0, 40.0) as usize;
    let text = spans
        .iter()
        .flatten()
        .next()
        .map(|x| x.text.chars().take(fits).collect::<String>())
        .unwrap_or_default();
    let selected = mode.selected_case == Some(i);
    ui.horizontal(|ui| {
        let color = class_color32(case.class);
        let (r, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter().rect_filled(r, 2.0, color);
        let mut labels = case.class.name().to_owned();
        for (k, span) in spans.iter().enumerate() {
            let label = span.map_or("—", |x| x.label.as_str());
            labels.push_str(&format!(" · {}: {label}", letter(k)));
        }
        labels.push_str(&format!(" · {}", decision_name(c.decision(i), n)));
        let full = labels.clone();
        if labels.chars().count() > fits + 12 {
            labels = labels.chars().take(fits + 11).collect::<String>() + "…";
        }
        if ui
            .selectable_label(selected, format!("{text}\n{labels}"))
            .on_hover_text(full)
            .clicked()
        {
            actions.push(CompareAction::Select(i));
        }
    });
    ui.horizontal(|ui| {
        ui.add_space(16.0);
        let mut choices: Vec<(String, Decision, bool)> = (0..n)
            .map(|k| {
                (
                    format!("Take {}", letter(k)),
                    Decision::Take(k),
                    spans[k].is_some(),
                )
            })
            .collect();
        let present = spans.iter().flatten().count();
        let all = if n == 2 { "Both" } else { "All" };
        choices.push((all.into(), Decision::TakeAll, present > 1));
        choices.push(("Drop".into(), Decision::Drop, true));
        for (label, d, enabled) in choices {
            if ui
                .add_enabled(
                    enabled,
                    egui::Button::new(label)
                        .small()
                        .selected(c.decision(i) == Some(d)),
                )
                .clicked()
            {
                actions.push(CompareAction::Decide(i, d));
            }
        }
    });
}
