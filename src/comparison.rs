//! Two annotators' spans side by side: every span put in an agreement class, and disagreements
//! grouped into cases a reviewer can resolve (take A, take B, take both, or drop) into a gold
//! project.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Annotation, Document, Project, ReviewStatus};
use crate::timestamp::now_rfc3339;

/// How two annotators' spans relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgreementClass {
    /// Same label and boundaries.
    Exact,
    /// Same boundaries, different label.
    LabelMismatch,
    /// Same label, overlapping but different boundaries.
    BoundaryMismatch,
    /// Only the first annotator marked it.
    OnlyA,
    /// Only the second annotator marked it.
    OnlyB,
}

impl AgreementClass {
    /// Every class, in display order.
    pub const ALL: [AgreementClass; 5] = [
        AgreementClass::Exact,
        AgreementClass::LabelMismatch,
        AgreementClass::BoundaryMismatch,
        AgreementClass::OnlyA,
        AgreementClass::OnlyB,
    ];

    /// A short name for legends and counts.
    pub fn name(self) -> &'static str {
        match self {
            AgreementClass::Exact => "exact match",
            AgreementClass::LabelMismatch => "label mismatch",
            AgreementClass::BoundaryMismatch => "boundary mismatch",
            AgreementClass::OnlyA => "only in A",
            AgreementClass::OnlyB => "only in B",
        }
    }
}

/// One span of A and/or one span of B that belong together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Index of the document in A's project.
    pub document: usize,
    /// A's annotation, if any.
    pub a: Option<u64>,
    /// B's annotation, if any.
    pub b: Option<u64>,
    /// How they relate.
    pub class: AgreementClass,
    /// Where the case starts, for ordering and scrolling.
    pub start: usize,
}

/// What the adjudicator decided for a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Keep A's annotation.
    TakeA,
    /// Keep B's annotation.
    TakeB,
    /// Keep both.
    TakeBoth,
    /// Keep neither.
    Drop,
}

fn overlap(x: &Annotation, y: &Annotation) -> usize {
    x.fragments
        .iter()
        .flat_map(|f| {
            y.fragments
                .iter()
                .map(move |g| f.end.min(g.end).saturating_sub(f.start.max(g.start)))
        })
        .sum()
}

/// Sort the spans of two copies of one document into cases.
pub fn classify(document: usize, a: &Document, b: &Document) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut used_b = vec![false; b.annotations.len()];
    // Exact and label mismatches: same fragments.
    let mut by_frag: HashMap<&[crate::model::Fragment], Vec<usize>> = HashMap::new();
    for (j, y) in b.annotations.iter().enumerate() {
        by_frag.entry(y.fragments.as_slice()).or_default().push(j);
    }
    // Two passes over A: first spans B has with the same fragments and label (exact), then
    // with the same fragments and another label; what is left goes on to the overlap pass.
    let mut open_a: Vec<usize> = (0..a.annotations.len()).collect();
    for (class, same_label) in [
        (AgreementClass::Exact, true),
        (AgreementClass::LabelMismatch, false),
    ] {
        let mut still_open = Vec::new();
        for i in open_a {
            let x = &a.annotations[i];
            let partner = by_frag.get(x.fragments.as_slice()).and_then(|js| {
                js.iter()
                    .copied()
                    .find(|&j| !used_b[j] && (!same_label || b.annotations[j].label == x.label))
            });
            match partner {
                Some(j) => {
                    used_b[j] = true;
                    cases.push(Case {
                        document,
                        a: Some(x.id),
                        b: Some(b.annotations[j].id),
                        class,
                        start: x.start(),
                    });
                }
                None => still_open.push(i),
            }
        }
        open_a = still_open;
    }
    // Boundary mismatches: same label, overlapping, greedily by largest overlap.
    let mut candidates = Vec::new();
    for &i in &open_a {
        let x = &a.annotations[i];
        for (j, y) in b.annotations.iter().enumerate() {
            if !used_b[j] && y.label == x.label && y.start() < x.end() && x.start() < y.end() {
                let ov = overlap(x, y);
                if ov > 0 {
                    candidates.push((ov, i, j));
                }
            }
        }
    }
    candidates.sort_by(|p, q| q.0.cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    let mut used_a: Vec<bool> = vec![false; a.annotations.len()];
    for (_, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            let x = &a.annotations[i];
            cases.push(Case {
                document,
                a: Some(x.id),
                b: Some(b.annotations[j].id),
                class: AgreementClass::BoundaryMismatch,
                start: x.start().min(b.annotations[j].start()),
            });
        }
    }
    for &i in &open_a {
        if !used_a[i] {
            let x = &a.annotations[i];
            cases.push(Case {
                document,
                a: Some(x.id),
                b: None,
                class: AgreementClass::OnlyA,
                start: x.start(),
            });
        }
    }
    for (j, y) in b.annotations.iter().enumerate() {
        if !used_b[j] {
            cases.push(Case {
                document,
                a: None,
                b: Some(y.id),
                class: AgreementClass::OnlyB,
                start: y.start(),
            });
        }
    }
    cases.sort_by_key(|c| (c.start, c.class, c.a, c.b));
    cases
}

/// A decision and when it was taken.
type Decided = (Decision, String);

/// Two projects being compared, and the adjudicator's decisions. The gold project is built from
/// the decisions, so undoing a decision is just restoring the previous one.
pub struct Comparison {
    /// The first annotator's project.
    pub a: Project,
    /// The second annotator's project.
    pub b: Project,
    /// Names shown for A and B.
    pub names: (String, String),
    /// For each of A's documents, the matching document index in B (by SHA-256).
    pub matches: Vec<Option<usize>>,
    /// Documents of A that B lacks or has with other text, named for the user.
    pub unmatched: Vec<String>,
    /// All cases, document by document.
    pub cases: Vec<Case>,
    decisions: BTreeMap<usize, Decided>,
    undo: Vec<Vec<(usize, Option<Decided>)>>,
    redo: Vec<Vec<(usize, Option<Decided>)>>,
}

impl Comparison {
    /// Compare `a` with `b`; documents are matched by the SHA-256 of their text.
    pub fn new(a: Project, b: Project, names: (String, String)) -> Result<Self, String> {
        let mut matches = Vec::new();
        let mut unmatched = Vec::new();
        for doc in &a.documents {
            let found = b.documents.iter().position(|d| d.sha256() == doc.sha256());
            if found.is_none() {
                let same_id = b.documents.iter().any(|d| d.id == doc.id);
                unmatched.push(if same_id {
                    format!("\"{}\" (its text differs in {})", doc.id, names.1)
                } else {
                    format!("\"{}\" (not in {})", doc.id, names.1)
                });
            }
            matches.push(found);
        }
        for doc in &b.documents {
            if !a
                .documents
                .iter()
                .any(|d| d.sha256() == doc.sha256() || d.id == doc.id)
            {
                unmatched.push(format!("\"{}\" (not in {})", doc.id, names.0));
            }
        }
        if matches.iter().all(Option::is_none) {
            return Err(format!(
                "{} and {} share no document: {}",
                names.0,
                names.1,
                unmatched.join(", ")
            ));
        }
        let mut cases = Vec::new();
        for (i, m) in matches.iter().enumerate() {
            if let Some(j) = m {
                cases.extend(classify(i, &a.documents[i], &b.documents[*j]));
            }
        }
        Ok(Self {
            a,
            b,
            names,
            matches,
            unmatched,
            cases,
            decisions: BTreeMap::new(),
            undo: Vec::new(),
            redo: Vec::new(),
        })
    }

    /// How many cases fall in each class.
    pub fn counts(&self) -> BTreeMap<AgreementClass, usize> {
        let mut counts: BTreeMap<AgreementClass, usize> =
            AgreementClass::ALL.iter().map(|c| (*c, 0)).collect();
        for case in &self.cases {
            *counts.entry(case.class).or_insert(0) += 1;
        }
        counts
    }

    /// A's or B's annotation of a case.
    pub fn annotation(&self, case: &Case, from_b: bool) -> Option<&Annotation> {
        if from_b {
            let j = self.matches[case.document]?;
            self.b.documents[j].annotation(case.b?)
        } else {
            self.a.documents[case.document].annotation(case.a?)
        }
    }

    /// The decision for case `index`, if taken.
    pub fn decision(&self, index: usize) -> Option<Decision> {
        self.decisions.get(&index).map(|d| d.0)
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
            self.undo.push(step);
            self.redo.clear();
        }
    }

    /// Decide case `index`, replacing an earlier decision; one undo step.
    pub fn decide(&mut self, index: usize, decision: Decision) {
        self.record(vec![(index, decision)]);
    }

    /// Take A's annotation for every undecided exact match, as one undo step.
    pub fn accept_all_exact(&mut self) -> usize {
        let changes: Vec<(usize, Decision)> = (0..self.cases.len())
            .filter(|i| {
                self.cases[*i].class == AgreementClass::Exact && !self.decisions.contains_key(i)
            })
            .map(|i| (i, Decision::TakeA))
            .collect();
        let n = changes.len();
        self.record(changes);
        n
    }

    fn swap(&mut self, step: Vec<(usize, Option<Decided>)>) -> Vec<(usize, Option<Decided>)> {
        step.into_iter()
            .rev()
            .map(|(index, value)| {
                let current = match value {
                    Some(v) => self.decisions.insert(index, v),
                    None => self.decisions.remove(&index),
                };
                (index, current)
            })
            .collect()
    }

    /// Undo the last decision step; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let inverse = self.swap(step);
        self.redo.push(inverse);
        true
    }

    /// Redo the last undone decision step; false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(step) = self.redo.pop() else {
            return false;
        };
        let inverse = self.swap(step);
        self.undo.push(inverse);
        true
    }

    /// The adjudicated project: A's documents and schema (plus B's extra labels and relation
    /// types), holding the annotations the decisions kept. Authors are preserved; each kept
    /// annotation is accepted with the adjudicator as reviewer and records which annotator it came
    /// from. Links (a quote's speaker) come along wherever both of their ends were kept.
    pub fn gold(&self, adjudicator: &str) -> Project {
        let mut gold = Project {
            name: format!("{} (adjudicated)", self.a.name),
            schema: self.a.schema.clone(),
            documents: Vec::new(),
        };
        for label in &self.b.schema.labels {
            if gold.schema.label(&label.name).is_none() {
                gold.schema.labels.push(label.clone());
            }
        }
        for kind in &self.b.schema.relations {
            if !gold.schema.relations.iter().any(|k| k.name == kind.name) {
                gold.schema.relations.push(kind.clone());
            }
        }
        // (from B?, document, annotation id in A or B) -> id of its copy in the gold project.
        let mut kept: HashMap<(bool, usize, u64), u64> = HashMap::new();
        for doc in &self.a.documents {
            gold.documents.push(Document::new(
                doc.id.clone(),
                doc.title.clone(),
                doc.source.clone(),
                doc.text().to_owned(),
            ));
        }
        for (index, (decision, time)) in &self.decisions {
            let case = &self.cases[*index];
            let sides: &[bool] = match decision {
                Decision::TakeA => &[false],
                Decision::TakeB => &[true],
                Decision::TakeBoth if case.class == AgreementClass::Exact => &[false],
                Decision::TakeBoth => &[false, true],
                Decision::Drop => &[],
            };
            for &from_b in sides {
                let Some(source) = self.annotation(case, from_b) else {
                    continue;
                };
                let doc = &mut gold.documents[case.document];
                let mut copy = source.clone();
                copy.id = doc.allocate_id();
                copy.review.status = ReviewStatus::Accepted;
                copy.review.reviewer = Some(adjudicator.to_owned());
                copy.review.time = Some(time.clone());
                let from = if from_b { &self.names.1 } else { &self.names.0 };
                copy.attributes
                    .insert("adjudicated_from".into(), from.clone());
                kept.insert((from_b, case.document, source.id), copy.id);
                doc.annotations.push(Box::new(copy));
            }
        }
        // Where a case kept one side only, that copy also stands for the other side's span, so
        // the other annotator's links to it are not lost.
        for index in self.decisions.keys() {
            let case = &self.cases[*index];
            let (Some(a), Some(b)) = (case.a, case.b) else {
                continue;
            };
            let (ka, kb) = ((false, case.document, a), (true, case.document, b));
            match (kept.get(&ka).copied(), kept.get(&kb).copied()) {
                (Some(copy), None) => {
                    kept.insert(kb, copy);
                }
                (None, Some(copy)) => {
                    kept.insert(ka, copy);
                }
                _ => {}
            }
        }
        for (index, doc) in gold.documents.iter_mut().enumerate() {
            doc.sort_annotations();
            let sides = [
                (false, Some(&self.a.documents[index])),
                (true, self.matches[index].map(|j| &self.b.documents[j])),
            ];
            for (from_b, source) in sides {
                let Some(source) = source else { continue };
                let mut known: std::collections::HashSet<(String, u64, u64)> = doc
                    .relations
                    .iter()
                    .map(|g| (g.kind.clone(), g.from, g.to))
                    .collect();
                for r in &source.relations {
                    let ends = (
                        kept.get(&(from_b, index, r.from)),
                        kept.get(&(from_b, index, r.to)),
                    );
                    let (Some(&from), Some(&to)) = ends else {
                        continue;
                    };
                    if from != to && known.insert((r.kind.clone(), from, to)) {
                        let id = doc.allocate_id();
                        doc.relations.push(crate::model::Relation {
                            id,
                            kind: r.kind.clone(),
                            from,
                            to,
                        });
                    }
                }
            }
        }
        gold
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
        let mut c = Comparison::new(project(a), project(b), ("A".into(), "B".into())).unwrap();
        assert_eq!(c.accept_all_exact(), 1);
        c.decide(1, Decision::TakeB);
        c.decide(2, Decision::TakeBoth);
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
        let mut c = Comparison::new(project(a), project(b), ("A".into(), "B".into())).unwrap();
        c.accept_all_exact();
        c.decide(1, Decision::TakeA); // A's "two" stands for B's too
        c.decide(2, Decision::TakeB); // B's "three four" stands for A's "three"
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
            });
        }
        d
    }

    #[test]
    fn every_class_is_found() {
        let a = doc(&[("X", 0, 3), ("X", 4, 7), ("Y", 8, 13), ("X", 14, 18)]);
        let b = doc(&[("X", 0, 3), ("Y", 4, 7), ("Y", 8, 18), ("X", 19, 23)]);
        let cases = classify(0, &a, &b);
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
