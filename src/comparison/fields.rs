//! Document fields in a comparison: where the annotators' answers differ, the adjudicator takes
//! one annotator's answer for the gold project. Answers every annotator gave alike go to the
//! gold project without a decision.

use super::{Comparison, Step};

/// One document field whose answers differ between the annotators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDisagreement {
    /// Index of the document in the first project.
    pub document: usize,
    /// The field's name.
    pub field: String,
    /// Each annotator's values (empty: unanswered).
    pub answers: Vec<Vec<String>>,
}

impl Comparison {
    /// The field names of every annotator's schema, the first annotator's order leading.
    pub fn field_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for p in &self.projects {
            for f in &p.schema.fields {
                if !names.contains(&f.name) {
                    names.push(f.name.clone());
                }
            }
        }
        names
    }

    /// Each annotator's answer to `field` on document `document` (of the first project).
    pub fn field_answers(&self, document: usize, field: &str) -> Option<Vec<Vec<String>>> {
        let found = self.matches.get(document)?.as_ref()?;
        Some(
            found
                .iter()
                .enumerate()
                .map(|(k, &j)| self.projects[k].documents[j].field_values(field).to_vec())
                .collect(),
        )
    }

    /// The fields of document `document` the annotators answered differently.
    pub fn field_disagreements(&self, document: usize) -> Vec<FieldDisagreement> {
        self.field_names()
            .into_iter()
            .filter_map(|field| {
                let answers = self.field_answers(document, &field)?;
                let differ = answers.iter().any(|a| *a != answers[0]);
                differ.then_some(FieldDisagreement {
                    document,
                    field,
                    answers,
                })
            })
            .collect()
    }

    /// Over every compared document: how many field answers differ, and how many of those have
    /// no decision yet.
    pub fn field_disagreement_counts(&self) -> (usize, usize) {
        let (mut differ, mut undecided) = (0, 0);
        for document in 0..self.matches.len() {
            for d in self.field_disagreements(document) {
                differ += 1;
                undecided += usize::from(self.field_decision(document, &d.field).is_none());
            }
        }
        (differ, undecided)
    }

    /// Whose answer to `field` on `document` the adjudicator took.
    pub fn field_decision(&self, document: usize, field: &str) -> Option<usize> {
        self.field_decisions
            .get(&(document, field.to_owned()))
            .copied()
    }

    /// Take annotator `k`'s answer to `field` on `document` (one undo step).
    pub fn take_field(&mut self, document: usize, field: &str, k: usize) {
        if k >= self.annotators() {
            return;
        }
        let key = (document, field.to_owned());
        let before = self.field_decisions.insert(key.clone(), k);
        if before != Some(k) {
            self.undo.push(Step::Field(key, before));
            self.redo.clear();
            self.revision += 1;
        }
    }

    /// Every field decision: (document, field, annotator taken), in order.
    pub fn field_decision_list(&self) -> Vec<(usize, String, usize)> {
        self.field_decisions
            .iter()
            .map(|((d, f), k)| (*d, f.clone(), *k))
            .collect()
    }

    /// Put back field decisions saved earlier (a recovery snapshot), each its own undo step;
    /// decisions about documents or annotators this comparison lacks are skipped. Returns how
    /// many were restored.
    pub fn restore_field_decisions(&mut self, decisions: &[(usize, String, usize)]) -> usize {
        let mut n = 0;
        for (document, field, k) in decisions {
            if self.field_answers(*document, field).is_some() && *k < self.annotators() {
                self.take_field(*document, field, *k);
                n += 1;
            }
        }
        n
    }

    /// The gold answer to `field` on `document`: the taken annotator's, else the one every
    /// annotator gave alike, else none.
    pub fn gold_field(&self, document: usize, field: &str) -> Vec<String> {
        let Some(answers) = self.field_answers(document, field) else {
            return Vec::new();
        };
        match self.field_decision(document, field) {
            Some(k) => answers.get(k).cloned().unwrap_or_default(),
            None if answers.iter().all(|a| *a == answers[0]) => answers[0].clone(),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, FieldDef, Project, Source};

    fn project(frame: &str, relevant: &str) -> Project {
        let mut p = Project::new("p");
        for (name, values) in [
            ("frame", vec!["economic", "social"]),
            ("relevant", vec!["yes", "no"]),
        ] {
            p.schema.fields.push(FieldDef {
                name: name.into(),
                description: String::new(),
                values: values.into_iter().map(String::from).collect(),
                multiple: false,
            });
        }
        let mut d = Document::new("d", "d", Source::default(), "some text".into());
        d.set_field("frame", vec![frame.into()]);
        d.set_field("relevant", vec![relevant.into()]);
        p.documents.push(d);
        p
    }

    #[test]
    fn differing_answers_wait_for_a_decision_and_agreeing_ones_pass() {
        let mut c = Comparison::new(
            vec![project("economic", "yes"), project("social", "yes")],
            vec!["A".into(), "B".into()],
        )
        .unwrap();
        let differ = c.field_disagreements(0);
        assert_eq!(differ.len(), 1);
        assert_eq!(differ[0].field, "frame");
        assert!(c.gold("judge").documents[0]
            .field_values("frame")
            .is_empty());
        assert_eq!(
            c.gold("judge").documents[0].field_values("relevant"),
            ["yes"]
        );
        c.take_field(0, "frame", 1);
        let gold = c.gold("judge");
        assert_eq!(gold.documents[0].field_values("frame"), ["social"]);
        assert!(crate::validate::validate_project(&gold).is_empty());
        assert!(c.undo());
        assert_eq!(c.field_decision(0, "frame"), None);
        assert!(c.redo());
        assert_eq!(c.field_decision(0, "frame"), Some(1));
    }

    #[test]
    fn field_decisions_survive_a_recovery_snapshot_and_answers_enter_the_fingerprint() {
        let pair = || {
            Comparison::new(
                vec![project("economic", "yes"), project("social", "no")],
                vec!["A".into(), "B".into()],
            )
            .unwrap()
        };
        let mut c = pair();
        c.take_field(0, "frame", 1);
        c.take_field(0, "relevant", 0);
        let snapshot = crate::adjudication_snapshot::AdjudicationSnapshot::of(&c, &[]);
        assert_eq!(snapshot.decision_count(), 2);
        let back: crate::adjudication_snapshot::AdjudicationSnapshot =
            ron::from_str(&snapshot.to_ron()).unwrap();
        let mut fresh = pair();
        assert_eq!(fresh.fingerprint(), back.fingerprint);
        assert_eq!(fresh.restore_field_decisions(&back.field_decisions), 2);
        assert_eq!(
            fresh.gold("j").documents[0].field_values("frame"),
            ["social"]
        );
        let other = Comparison::new(
            vec![project("economic", "yes"), project("economic", "no")],
            vec!["A".into(), "B".into()],
        )
        .unwrap();
        assert_ne!(
            other.fingerprint(),
            back.fingerprint,
            "other answers, other comparison"
        );
    }
}
