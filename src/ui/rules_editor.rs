//! The suggestion rules of the schema, in the schema editor: per rule its name, label, kind
//! (regular expression or word sequence) and pattern; add and delete. A pattern that does not
//! compile is refused with the reason and stays in its field to be corrected.

use egui::Ui;

use super::actions::{Action, SchemaAction};
use super::widgets::labelled_combo;
use crate::model::{LabelSchema, Rule, RuleKind, RULES};
use crate::suggest::rule_regex;

/// The rules section; `drafts` holds each rule's pattern as typed.
pub fn rules_ui(
    ui: &mut Ui,
    schema: &LabelSchema,
    drafts: &mut Vec<String>,
    refresh: &mut bool,
    actions: &mut Vec<Action>,
) {
    drafts.resize(schema.suggest.rules.len(), String::new());
    ui.horizontal(|ui| {
        ui.strong("Suggestion rules");
        let on = schema.suggest.enabled(RULES);
        ui.label(if on {
            "(the rules source is on)"
        } else {
            "(off until the rules source is switched on in the suggestions list, Ctrl+G)"
        });
    });
    let set = |schema: LabelSchema, what: String| Action::Schema(SchemaAction::Set(schema, what));
    let mut changed: Option<(LabelSchema, String)> = None;
    for (i, rule) in schema.suggest.rules.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.label(&rule.name);
            let mut label = rule.label.clone();
            labelled_combo(
                ui,
                "label",
                &format!("rule_label_{i}"),
                label.clone(),
                |ui| {
                    for l in &schema.labels {
                        ui.selectable_value(&mut label, l.name.clone(), &l.name);
                    }
                },
            );
            let mut kind = rule.kind;
            let kind_name = |k: RuleKind| match k {
                RuleKind::Regex => "regular expression",
                RuleKind::Words => "words",
            };
            labelled_combo(
                ui,
                "as",
                &format!("rule_kind_{i}"),
                kind_name(kind).to_owned(),
                |ui| {
                    for k in [RuleKind::Words, RuleKind::Regex] {
                        ui.selectable_value(&mut kind, k, kind_name(k));
                    }
                },
            );
            if label != rule.label || kind != rule.kind {
                let mut s = schema.clone();
                s.suggest.rules[i].label = label;
                s.suggest.rules[i].kind = kind;
                changed = Some((s, format!("rule {}", rule.name)));
            }
            if ui.small_button("Delete").clicked() {
                let mut s = schema.clone();
                s.suggest.rules.remove(i);
                changed = Some((s, format!("delete rule {}", rule.name)));
            }
        });
        let Some(draft) = drafts.get_mut(i) else {
            continue;
        };
        let edit = ui.add(
            egui::TextEdit::singleline(draft)
                .desired_width(f32::INFINITY)
                .hint_text("pattern"),
        );
        if edit.lost_focus() && *draft != rule.pattern {
            let candidate = Rule {
                pattern: draft.clone(),
                ..rule.clone()
            };
            match rule_regex(&candidate) {
                Ok(_) => {
                    let mut s = schema.clone();
                    s.suggest.rules[i] = candidate;
                    changed = Some((s, format!("pattern of {}", rule.name)));
                    *refresh = true;
                }
                Err(e) => actions.push(Action::Notify(e)),
            }
        }
    }
    if ui.button("Add rule").clicked() {
        let mut s = schema.clone();
        let name =
            crate::unique::unique_name("rule", |n| s.suggest.rules.iter().any(|r| r.name == n));
        s.suggest.rules.push(Rule {
            name,
            label: s
                .labels
                .first()
                .map_or_else(String::new, |l| l.name.clone()),
            kind: RuleKind::Words,
            pattern: "according to".into(),
        });
        changed = Some((s, "add rule".into()));
    }
    if let Some((s, what)) = changed {
        *refresh = true;
        actions.push(set(s, what));
    }
}
