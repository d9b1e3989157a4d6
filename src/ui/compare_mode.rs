//! Comparing two annotators in the window: both sets of spans on one text, coloured by agreement
//! class in two underline lanes (A above B), with every disagreement resolvable into a gold
//! project.
//!
//! Lanes on one text were chosen over side-by-side panes: the eye compares two spans on the same
//! words directly, nested and overlapping spans keep their place, and there is only one scroll
//! position to keep in step.

use std::collections::HashMap;

use egui::Ui;

use super::session::Session;
use super::text_view::TextViewState;
use crate::agreement::{self, AgreementReport, Annotator};
use crate::comparison::{AgreementClass, Comparison, Decision};
use crate::model::{Annotation, Document, LabelDef, LabelSchema, Project, ReviewStatus};

/// Colour of each agreement class (Okabe–Ito, distinguishable with colour blindness).
pub fn class_color(class: AgreementClass) -> &'static str {
    match class {
        AgreementClass::Exact => "#009E73",
        AgreementClass::LabelMismatch => "#D55E00",
        AgreementClass::BoundaryMismatch => "#E69F00",
        AgreementClass::OnlyA => "#0072B2",
        AgreementClass::OnlyB => "#CC79A7",
    }
}

/// A request from the comparison panel.
#[derive(Debug, Clone, PartialEq)]
pub enum CompareAction {
    /// Decide one case.
    Decide(usize, Decision),
    /// Take A for every undecided exact match.
    AcceptAllExact,
    /// Select a case and scroll to it.
    Select(usize),
    /// Ask where to save the gold project.
    SaveGold,
    /// Leave comparison mode.
    Close,
    /// Show the agreement window.
    ShowAgreement,
}

/// Comparison mode: the comparison, the read-only view of both annotators' spans, and the
/// agreement figures for the pair.
pub struct CompareMode {
    /// Cases and decisions.
    pub comparison: Comparison,
    /// What the text view shows: one span per side of each case, labelled by its class.
    pub view_session: Session,
    /// The text view's own state.
    pub view: TextViewState,
    /// View annotation id → (case index, from B).
    pub span_case: HashMap<u64, (usize, bool)>,
    /// Agreement between A and B, from the same code as `marginalia agree`.
    pub report: Result<AgreementReport, String>,
    /// The selected case.
    pub selected_case: Option<usize>,
    /// List only undecided cases.
    pub only_undecided: bool,
}

impl CompareMode {
    /// Start comparing `a` with `b`.
    pub fn new(a: Project, b: Project, names: (String, String)) -> Result<Self, String> {
        let report = agreement::compute(&[
            Annotator {
                name: names.0.clone(),
                project: &a,
            },
            Annotator {
                name: names.1.clone(),
                project: &b,
            },
        ])
        .map_err(|e| e.to_string());
        let comparison = Comparison::new(a, b, names)?;
        let mut mode = Self {
            comparison,
            view_session: Session::unsaved(Project::default()),
            view: TextViewState::default(),
            span_case: HashMap::new(),
            report,
            selected_case: None,
            only_undecided: false,
        };
        mode.rebuild_view(0);
        Ok(mode)
    }

    /// Rebuild the read-only view project after a decision (taken sides solid, others dimmed).
    pub fn rebuild_view(&mut self, document: usize) {
        let c = &self.comparison;
        let schema = LabelSchema {
            labels: AgreementClass::ALL
                .iter()
                .map(|class| LabelDef {
                    name: class.name().into(),
                    hotkey: None,
                    color: class_color(*class).into(),
                    description: String::new(),
                    attributes: Vec::new(),
                })
                .collect(),
            relations: Vec::new(),
        };
        let mut project = Project {
            name: format!("{} vs {}", c.names.0, c.names.1),
            schema,
            documents: Vec::new(),
        };
        self.span_case.clear();
        for doc in &c.a.documents {
            project.documents.push(Document::new(
                doc.id.clone(),
                doc.title.clone(),
                doc.source.clone(),
                doc.text().to_owned(),
            ));
        }
        let both = format!("{} and {}", c.names.0, c.names.1);
        for (index, case) in c.cases.iter().enumerate() {
            let decision = c.decision(index);
            for from_b in [false, true] {
                let Some(source) = c.annotation(case, from_b) else {
                    continue;
                };
                let doc = &mut project.documents[case.document];
                let id = doc.allocate_id();
                let who = if case.class == AgreementClass::Exact {
                    &both
                } else if from_b {
                    &c.names.1
                } else {
                    &c.names.0
                };
                let taken = match decision {
                    None => None,
                    Some(Decision::TakeA) => Some(!from_b),
                    Some(Decision::TakeB) => Some(from_b),
                    Some(Decision::TakeBoth) => Some(true),
                    Some(Decision::Drop) => Some(false),
                };
                let review = crate::model::Review {
                    status: match taken {
                        None => ReviewStatus::Pending,
                        Some(true) => ReviewStatus::Accepted,
                        Some(false) => ReviewStatus::Rejected,
                    },
                    ..Default::default()
                };
                doc.annotations.push(Box::new(Annotation {
                    id,
                    label: case.class.name().into(),
                    fragments: source.fragments.clone(),
                    text: source.text.clone(),
                    author: who.clone(),
                    created: source.created.clone(),
                    modified: source.modified.clone(),
                    note: Some(format!("{who}: {}", source.label)),
                    review,
                    attributes: Default::default(),
                }));
                self.span_case.insert(id, (index, from_b));
            }
        }
        for doc in &mut project.documents {
            doc.sort_annotations();
        }
        self.view_session = Session::unsaved(project);
        self.view_session.document =
            document.min(self.view_session.project.documents.len().saturating_sub(1));
    }

    /// The case of the span selected in the text view, if any.
    pub fn case_of_view_selection(&self) -> Option<usize> {
        self.view
            .selected
            .and_then(|id| self.span_case.get(&id))
            .map(|(c, _)| *c)
    }
}

fn decision_name(d: Option<Decision>) -> &'static str {
    match d {
        None => "undecided",
        Some(Decision::TakeA) => "took A",
        Some(Decision::TakeB) => "took B",
        Some(Decision::TakeBoth) => "took both",
        Some(Decision::Drop) => "dropped",
    }
}

/// Counts of each class, always shown while comparing.
pub fn class_counts_ui(ui: &mut Ui, mode: &CompareMode) {
    ui.horizontal_wrapped(|ui| {
        for (class, n) in mode.comparison.counts() {
            let color =
                super::text_view::label_color(&mode.view_session.project.schema, class.name());
            let (r, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(r, 2.0, color);
            ui.label(format!("{}: {n}", class.name()));
        }
        ui.separator();
        ui.label(format!("{} undecided", mode.comparison.undecided()));
    });
}

/// The side panel while comparing: actions and the list of cases with their decisions.
pub fn compare_panel_ui(ui: &mut Ui, mode: &mut CompareMode, actions: &mut Vec<CompareAction>) {
    let c = &mode.comparison;
    ui.heading(format!("A: {}  ·  B: {}", c.names.0, c.names.1));
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
    ui.label("Keys: A take A · B take B · T take both · D drop · N / P next / previous case");
    ui.checkbox(&mut mode.only_undecided, "Only undecided");
    ui.separator();
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
                let case = &c.cases[i];
                let a = c.annotation(case, false);
                let b = c.annotation(case, true);
                let text = a
                    .or(b)
                    .map(|x| x.text.chars().take(40).collect::<String>())
                    .unwrap_or_default();
                let selected = mode.selected_case == Some(i);
                ui.horizontal(|ui| {
                    let color = super::text_view::label_color(
                        &mode.view_session.project.schema,
                        case.class.name(),
                    );
                    let (r, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    ui.painter().rect_filled(r, 2.0, color);
                    let labels = format!(
                        "{} · A: {} · B: {} · {}",
                        case.class.name(),
                        a.map_or("—", |x| x.label.as_str()),
                        b.map_or("—", |x| x.label.as_str()),
                        decision_name(c.decision(i))
                    );
                    if ui
                        .selectable_label(selected, format!("{text}\n{labels}"))
                        .clicked()
                    {
                        actions.push(CompareAction::Select(i));
                    }
                });
                ui.horizontal(|ui| {
                    ui.add_space(16.0);
                    for (label, d, enabled) in [
                        ("Take A", Decision::TakeA, a.is_some()),
                        ("Take B", Decision::TakeB, b.is_some()),
                        ("Both", Decision::TakeBoth, a.is_some() && b.is_some()),
                        ("Drop", Decision::Drop, true),
                    ] {
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
        });
}
