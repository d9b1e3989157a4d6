//! Two or more annotators' spans side by side: the spans that belong together are grouped into
//! cases, each put in an agreement class, and a reviewer resolves them (take one annotator's
//! span, take all, or drop) into a gold project.

mod cases;
mod fields;
mod gold;

use std::collections::{BTreeMap, HashMap};

pub use cases::{classify, letter, AgreementClass, Case, Decision};
pub use fields::FieldDisagreement;

use crate::model::{Annotation, Document, Project};
use crate::timestamp::now_rfc3339;

/// A decision and when it was taken.
type Decided = (Decision, String);

/// One undoable step: case decisions as they were before, or a document field's decision.
#[derive(Debug, Clone)]
enum Step {
    Cases(Vec<(usize, Option<Decided>)>),
    Field((usize, String), Option<usize>),
}

/// Why a comparison could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComparisonError {
    /// Fewer than two projects, or not one name per project.
    #[error("a comparison needs two or more projects, each with a name")]
    TooFewProjects,
    /// No document is in every project.
    #[error("{} share no document: {}", .names.join(" and "), .unmatched.join(", "))]
    NoSharedDocument {
        names: Vec<String>,
        unmatched: Vec<String>,
    },
}

/// Projects being compared, and the adjudicator's decisions. The gold project is built from the
/// decisions, so undoing a decision is just restoring the previous one.
pub struct Comparison {
    /// Each annotator's project; the first one's documents and schema lead.
    pub projects: Vec<Project>,
    /// Names shown for each annotator.
    pub names: Vec<String>,
    /// For each of the first project's documents, the matching document index in every project
    /// (by SHA-256 of the text); `None` when some project lacks it.
    pub matches: Vec<Option<Vec<usize>>>,
    /// Documents not in every project, named for the user.
    pub unmatched: Vec<String>,
    /// All cases, document by document.
    pub cases: Vec<Case>,
    /// (annotator, their document index, annotation id) → position in that document's list, so
    /// finding a case's spans does not scan 100,000 annotations each time.
    positions: HashMap<(usize, usize, u64), usize>,
    decisions: BTreeMap<usize, Decided>,
    /// (document, field) → the annotator whose answer the adjudicator took.
    field_decisions: BTreeMap<(usize, String), usize>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Changes with every decision, undo and redo, so the window knows what is not yet saved.
    revision: u64,
}

impl Comparison {
    /// Compare two or more projects (one per annotator, named by `names`); documents are matched
    /// by the SHA-256 of their text, and only documents every project has are compared.
    pub fn new(projects: Vec<Project>, names: Vec<String>) -> Result<Self, ComparisonError> {
        if projects.len() < 2 || names.len() != projects.len() {
            return Err(ComparisonError::TooFewProjects);
        }
        let refs: Vec<&Project> = projects.iter().collect();
        let crate::agreement::DocumentMatch {
            rows: matches,
            unmatched,
            ..
        } = crate::agreement::match_documents(&refs, &names);
        if matches.iter().all(Option::is_none) {
            return Err(ComparisonError::NoSharedDocument { names, unmatched });
        }
        let mut cases = Vec::new();
        let mut positions = HashMap::new();
        for (i, m) in matches.iter().enumerate() {
            if let Some(found) = m {
                let docs: Vec<&Document> = found
                    .iter()
                    .enumerate()
                    .map(|(k, &j)| &projects[k].documents[j])
                    .collect();
                cases.extend(classify(i, &docs));
                for (k, (doc, &j)) in docs.iter().zip(found).enumerate() {
                    for (at, a) in doc.annotations.iter().enumerate() {
                        positions.insert((k, j, a.id), at);
                    }
                }
            }
        }
        Ok(Self {
            projects,
            names,
            matches,
            unmatched,
            cases,
            positions,
            decisions: BTreeMap::new(),
            field_decisions: BTreeMap::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
        })
    }

    /// A number that changes with every decision, undo and redo (0 before the first).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Every decision made: (case index, decision, when), in case order.
    pub fn decisions(&self) -> Vec<(usize, Decision, String)> {
        self.decisions
            .iter()
            .map(|(i, (d, t))| (*i, *d, t.clone()))
            .collect()
    }

    /// Put back decisions saved earlier (a recovery snapshot), as one undo step. Cases that do
    /// not exist, or take an annotator who did not mark the case, are skipped; returns how many
    /// were restored.
    pub fn restore_decisions(&mut self, decisions: &[(usize, Decision, String)]) -> usize {
        let mut step = Vec::new();
        for (index, decision, time) in decisions {
            let Some(case) = self.cases.get(*index) else {
                continue;
            };
            if let Decision::Take(k) = decision {
                if case.members.get(*k).copied().flatten().is_none() {
                    continue;
                }
            }
            let before = self.decisions.insert(*index, (*decision, time.clone()));
            step.push((*index, before));
        }
        let n = step.len();
        if n > 0 {
            self.undo.push(Step::Cases(step));
            self.redo.clear();
            self.revision += 1;
        }
        n
    }

    /// A short hash of the cases (document, start, class and every member id), so decisions
    /// saved for one comparison are never applied to another whose cases differ.
    pub fn fingerprint(&self) -> String {
        let mut text = String::with_capacity(self.cases.len() * 24);
        for case in &self.cases {
            text.push_str(&format!(
                "{} {} {} {:?};",
                case.document,
                case.start,
                case.class.name(),
                case.members
            ));
        }
        // The fields' answers too, so field decisions never land on answers that changed. A
        // comparison without document fields keeps the fingerprint it always had.
        for field in self.field_names() {
            for document in 0..self.matches.len() {
                if let Some(answers) = self.field_answers(document, &field) {
                    text.push_str(&format!("{document} {field} {answers:?};"));
                }
            }
        }
        crate::model::sha256_hex(&text)[..16].to_owned()
    }

    /// How many annotators are compared.
    pub fn annotators(&self) -> usize {
        self.projects.len()
    }

    /// How many cases fall in each class this comparison can produce.
    pub fn counts(&self) -> BTreeMap<AgreementClass, usize> {
        let mut counts: BTreeMap<AgreementClass, usize> =
            AgreementClass::for_annotators(self.annotators())
                .iter()
                .map(|c| (*c, 0))
                .collect();
        for case in &self.cases {
            *counts.entry(case.class).or_insert(0) += 1;
        }
        counts
    }

    /// Annotator `k`'s annotation in a case.
    pub fn annotation(&self, case: &Case, k: usize) -> Option<&Annotation> {
        let id = (*case.members.get(k)?)?;
        let j = self.matches.get(case.document)?.as_ref()?[k];
        let at = *self.positions.get(&(k, j, id))?;
        self.projects[k].documents[j]
            .annotations
            .get(at)
            .map(|a| &**a)
    }

    /// The decision for case `index`, if taken.
    pub fn decision(&self, index: usize) -> Option<Decision> {
        self.decisions.get(&index).map(|d| d.0)
    }

    /// Whether annotator `k`'s span of a case is kept by `decision`.
    pub fn keeps(decision: Decision, k: usize) -> bool {
        match decision {
            Decision::Take(j) => j == k,
            Decision::TakeAll => true,
            Decision::Drop => false,
        }
    }

    /// Cases without a decision yet.
    pub fn undecided(&self) -> usize {
        self.cases.len() - self.decisions.len()
    }

    fn record(&mut self, changes: Vec<(usize, Decision)>) {
        let now = now_rfc3339();
        let mut step = Vec::new();
        for (index, decision) in changes {
            if index >= self.cases.len() {
                continue;
            }
            let before = self.decisions.insert(index, (decision, now.clone()));
            step.push((index, before));
        }
        if !step.is_empty() {
            self.undo.push(Step::Cases(step));
            self.redo.clear();
            self.revision += 1;
        }
    }

    /// Decide case `index`, replacing an earlier decision; one undo step. Taking an annotator
    /// who did not mark the case is ignored.
    pub fn decide(&mut self, index: usize, decision: Decision) {
        if let (Decision::Take(k), Some(case)) = (decision, self.cases.get(index)) {
            if case.members.get(k).copied().flatten().is_none() {
                return;
            }
        }
        self.record(vec![(index, decision)]);
    }

    /// Take A's annotation for every undecided exact match, as one undo step.
    pub fn accept_all_exact(&mut self) -> usize {
        let changes: Vec<(usize, Decision)> = (0..self.cases.len())
            .filter(|i| {
                self.cases[*i].class == AgreementClass::Exact && !self.decisions.contains_key(i)
            })
            .map(|i| (i, Decision::Take(0)))
            .collect();
        let n = changes.len();
        self.record(changes);
        n
    }

    fn swap(&mut self, step: Step) -> Step {
        match step {
            Step::Cases(changes) => Step::Cases(
                changes
                    .into_iter()
                    .rev()
                    .map(|(index, value)| {
                        let current = match value {
                            Some(v) => self.decisions.insert(index, v),
                            None => self.decisions.remove(&index),
                        };
                        (index, current)
                    })
                    .collect(),
            ),
            Step::Field(key, value) => {
                let current = match value {
                    Some(k) => self.field_decisions.insert(key.clone(), k),
                    None => self.field_decisions.remove(&key),
                };
                Step::Field(key, current)
            }
        }
    }

    /// Whether there is a decision step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is an undone decision step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undo the last decision step; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let inverse = self.swap(step);
        self.redo.push(inverse);
        self.revision += 1;
        true
    }

    /// Redo the last undone decision step; false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(step) = self.redo.pop() else {
            return false;
        };
        let inverse = self.swap(step);
        self.undo.push(inverse);
        self.revision += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fragment, Source};

    fn project(d: Document) -> Project {
        let mut p = Project::new("p");
        p.schema.labels = ["X", "Y"]
            .iter()
            .map(|l| crate::model::LabelDef {
                name: (*l).into(),
                hotkey: None,
                color: "#123456".into(),
                description: String::new(),
                attributes: Vec::new(),
            })
            .collect();
        p.documents.push(d);
        p
    }

    #[test]
    fn decisions_build_the_gold_project_and_undo() {
        let a = doc(&[("X", 0, 3), ("X", 4, 7), ("Y", 8, 13), ("X", 14, 18)]);
        let b = doc(&[("X", 0, 3), ("Y", 4, 7), ("Y", 8, 18), ("X", 19, 23)]);
        let mut c =
            Comparison::new(vec![project(a), project(b)], vec!["A".into(), "B".into()]).unwrap();
        assert_eq!(c.accept_all_exact(), 1);
        c.decide(1, Decision::Take(1));
        c.decide(2, Decision::TakeAll);
        c.decide(3, Decision::Drop);
        let gold = c.gold("judge");
        let texts: Vec<(&str, &str)> = gold.documents[0]
            .annotations
            .iter()
            .map(|a| (a.label.as_str(), a.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("X", "one"),
                ("Y", "two"),
                ("Y", "three"),
                ("Y", "three four")
            ]
        );
        assert!(gold.documents[0]
            .annotations
            .iter()
            .all(|a| a.review.reviewer.as_deref() == Some("judge") && a.author == "x"));
        assert_eq!(
            crate::validate::validate_project(&gold),
            vec![],
            "the gold project is valid"
        );
        assert_eq!(c.undecided(), 1);
        assert!(c.undo());
        assert_eq!(c.decision(3), None);
        assert!(c.redo());
        assert_eq!(c.decision(3), Some(Decision::Drop));
        c.undo();
        c.undo();
        c.undo();
        c.undo();
        assert_eq!(c.undecided(), 5, "accept-all was one step");
    }

    fn link(d: &mut Document, id: u64, kind: &str, from: u64, to: u64) {
        d.relations.push(crate::model::Relation {
            id,
            kind: kind.into(),
            from,
            to,
        });
    }

    /// The gold project's links as (kind, from text, to text), sorted.
    fn gold_links(gold: &Project) -> Vec<(String, String, String)> {
        let d = &gold.documents[0];
        let text = |id| d.annotation(id).unwrap().text.clone();
        let mut links: Vec<_> = d
            .relations
            .iter()
            .map(|r| (r.kind.clone(), text(r.from), text(r.to)))
            .collect();
        links.sort();
        links
    }

    #[test]
    fn links_follow_the_kept_spans_into_the_gold_project() {
        let mut a = doc(&[("X", 0, 3), ("X", 4, 7), ("Y", 8, 13), ("X", 14, 18)]);
        let mut b = doc(&[("X", 0, 3), ("Y", 4, 7), ("Y", 8, 18), ("X", 19, 23)]);
        link(&mut a, 100, "speaker", 3, 1);
        link(&mut b, 100, "speaker", 3, 1);
        link(&mut b, 101, "source", 2, 1);
        link(&mut b, 102, "source", 4, 1);
        let mut c =
            Comparison::new(vec![project(a), project(b)], vec!["A".into(), "B".into()]).unwrap();
        c.accept_all_exact();
        c.decide(1, Decision::Take(0)); // A's "two" stands for B's too
        c.decide(2, Decision::Take(1)); // B's "three four" stands for A's "three"
        c.decide(3, Decision::Drop);
        c.decide(4, Decision::Drop); // B's "five": its link goes with it
        let gold = c.gold("judge");
        let s = |x: &str| x.to_owned();
        assert_eq!(
            gold_links(&gold),
            vec![
                (s("source"), s("two"), s("one")),
                (s("speaker"), s("three four"), s("one")),
            ],
            "the speaker link both made is kept once"
        );
        assert_eq!(crate::validate::validate_project(&gold), vec![]);

        // Dropping the shared target drops every link to it.
        c.decide(0, Decision::Drop);
        assert_eq!(gold_links(&c.gold("judge")), vec![]);
    }

    fn doc(spans: &[(&str, usize, usize)]) -> Document {
        let mut d = Document::new(
            "d",
            "d",
            Source::default(),
            "one two three four five six".into(),
        );
        for (i, (l, s, e)) in spans.iter().enumerate() {
            let text = d.covered_text(&[Fragment::new(*s, *e)]).unwrap();
            d.insert_sorted(Annotation {
                id: i as u64 + 1,
                label: (*l).into(),
                fragments: vec![Fragment::new(*s, *e)],
                text,
                author: "x".into(),
                created: "2026-01-01T00:00:00Z".into(),
                modified: "2026-01-01T00:00:00Z".into(),
                note: None,
                review: Default::default(),
                attributes: Default::default(),
                suggested_by: None,
            });
        }
        d
    }

    #[test]
    fn three_annotators_are_grouped_decided_and_merged() {
        let a = doc(&[("X", 0, 3), ("X", 4, 7), ("Y", 8, 13), ("X", 14, 18)]);
        let mut b = doc(&[("X", 0, 3), ("Y", 4, 7), ("Y", 8, 18), ("X", 19, 23)]);
        let mut c = doc(&[("X", 0, 3), ("X", 4, 7), ("Y", 8, 13)]);
        link(&mut b, 100, "speaker", 3, 1);
        link(&mut c, 100, "speaker", 3, 1);
        let names: Vec<String> = ["ann", "bob", "cat"].map(String::from).to_vec();
        let mut cmp = Comparison::new(vec![project(a), project(b), project(c)], names).unwrap();
        let classes: Vec<(AgreementClass, Vec<bool>)> = cmp
            .cases
            .iter()
            .map(|c| (c.class, c.members.iter().map(Option::is_some).collect()))
            .collect();
        use AgreementClass::*;
        assert_eq!(
            classes,
            vec![
                (Exact, vec![true, true, true]),
                (LabelMismatch, vec![true, true, true]),
                (BoundaryMismatch, vec![true, true, true]),
                (Partial, vec![true, false, false]),
                (Partial, vec![false, true, false]),
            ]
        );
        assert_eq!(
            cmp.counts().len(),
            4,
            "no only-in-A or only-in-B with three"
        );
        assert_eq!(cmp.accept_all_exact(), 1);
        cmp.decide(1, Decision::Take(2));
        cmp.decide(2, Decision::TakeAll);
        cmp.decide(3, Decision::Drop);
        cmp.decide(4, Decision::Take(0)); // ann did not mark it: ignored
        assert_eq!(cmp.decision(4), None);
        cmp.decide(4, Decision::Take(1));
        let gold = cmp.gold("judge");
        let kept: Vec<(&str, &str, &str)> = gold.documents[0]
            .annotations
            .iter()
            .map(|a| {
                (
                    a.label.as_str(),
                    a.text.as_str(),
                    a.attributes["adjudicated_from"].as_str(),
                )
            })
            .collect();
        assert_eq!(
            kept,
            vec![
                ("X", "one", "ann"),
                ("X", "two", "cat"),
                ("Y", "three", "ann"),
                ("Y", "three four", "bob"),
                ("X", "five", "bob"),
            ],
            "cat's \"three\" equals ann's and is kept once"
        );
        let s = |x: &str| x.to_owned();
        assert_eq!(
            gold_links(&gold),
            vec![
                (s("speaker"), s("three"), s("one")),
                (s("speaker"), s("three four"), s("one")),
            ],
            "bob's link follows his span; cat's lands on the copy drawn like hers"
        );
        assert_eq!(crate::validate::validate_project(&gold), vec![]);
    }

    #[test]
    fn every_class_is_found() {
        let a = doc(&[("X", 0, 3), ("X", 4, 7), ("Y", 8, 13), ("X", 14, 18)]);
        let b = doc(&[("X", 0, 3), ("Y", 4, 7), ("Y", 8, 18), ("X", 19, 23)]);
        let cases = classify(0, &[&a, &b]);
        let classes: Vec<AgreementClass> = cases.iter().map(|c| c.class).collect();
        assert_eq!(
            classes,
            vec![
                AgreementClass::Exact,
                AgreementClass::LabelMismatch,
                AgreementClass::BoundaryMismatch,
                AgreementClass::OnlyA,
                AgreementClass::OnlyB
            ]
        );
    }
}
