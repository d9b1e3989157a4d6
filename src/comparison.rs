//! Two or more annotators' spans side by side: the spans that belong together are grouped into
//! cases, each put in an agreement class, and a reviewer resolves them (take one annotator's
//! span, take all, or drop) into a gold project.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{Annotation, Document, Project, ReviewStatus};
use crate::timestamp::now_rfc3339;

/// How the spans of a case relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgreementClass {
    /// Everyone marked it, with the same label and boundaries.
    Exact,
    /// Everyone marked the same boundaries, with different labels.
    LabelMismatch,
    /// Everyone marked it, overlapping but with different boundaries.
    BoundaryMismatch,
    /// Only the first of two annotators marked it.
    OnlyA,
    /// Only the second of two annotators marked it.
    OnlyB,
    /// Some of three or more annotators did not mark it.
    Partial,
}

impl AgreementClass {
    /// Every class, in display order.
    pub const ALL: [AgreementClass; 6] = [
        AgreementClass::Exact,
        AgreementClass::LabelMismatch,
        AgreementClass::BoundaryMismatch,
        AgreementClass::OnlyA,
        AgreementClass::OnlyB,
        AgreementClass::Partial,
    ];

    /// The classes a comparison of `annotators` people can produce.
    pub fn for_annotators(annotators: usize) -> &'static [AgreementClass] {
        if annotators > 2 {
            &[
                AgreementClass::Exact,
                AgreementClass::LabelMismatch,
                AgreementClass::BoundaryMismatch,
                AgreementClass::Partial,
            ]
        } else {
            &Self::ALL[..5]
        }
    }

    /// A short name for legends and counts.
    pub fn name(self) -> &'static str {
        match self {
            AgreementClass::Exact => "exact match",
            AgreementClass::LabelMismatch => "label mismatch",
            AgreementClass::BoundaryMismatch => "boundary mismatch",
            AgreementClass::OnlyA => "only in A",
            AgreementClass::OnlyB => "only in B",
            AgreementClass::Partial => "not marked by all",
        }
    }
}

/// The letter an annotator goes by in the comparison: A, B, C…
pub fn letter(annotator: usize) -> char {
    u8::try_from(annotator)
        .ok()
        .filter(|k| *k < 26)
        .map_or('?', |k| char::from(b'A' + k))
}

/// The spans of several annotators that belong together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Index of the document in the first annotator's project.
    pub document: usize,
    /// Each annotator's annotation id, in annotator order (`None`: they did not mark it).
    pub members: Vec<Option<u64>>,
    /// How they relate.
    pub class: AgreementClass,
    /// Where the case starts, for ordering and scrolling.
    pub start: usize,
}

impl Case {
    /// The first annotator's annotation, if any.
    pub fn a(&self) -> Option<u64> {
        self.members.first().copied().flatten()
    }

    /// The second annotator's annotation, if any.
    pub fn b(&self) -> Option<u64> {
        self.members.get(1).copied().flatten()
    }
}

/// What the adjudicator decided for a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Decision {
    /// Keep this annotator's annotation (0 is A).
    Take(usize),
    /// Keep everyone's (one copy when they agree exactly).
    TakeAll,
    /// Keep none.
    Drop,
}

/// Sort the spans of several copies of one document (one per annotator) into cases.
///
/// The first annotator's spans seed the cases. Each next annotator's spans join a case whose
/// first span has the same fragments and label, else the same fragments, else the same label and
/// the largest overlap (greedily); what is left seeds new cases for the annotators after them.
pub fn classify(document: usize, docs: &[&Document]) -> Vec<Case> {
    let n = docs.len();
    // Each cluster: one annotation index (into docs[k].annotations) per annotator.
    let mut clusters: Vec<Vec<Option<usize>>> = Vec::new();
    for k in 0..n {
        let anns = &docs[k].annotations;
        let mut used = vec![false; anns.len()];
        // The first span of each cluster that k may still join.
        let open: Vec<(usize, &Annotation)> = clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| c[k].is_none())
            .filter_map(|(ci, c)| {
                let (seed_k, seed_i) = c.iter().enumerate().find_map(|(j, m)| Some((j, (*m)?)))?;
                Some((ci, &*docs[seed_k].annotations[seed_i]))
            })
            .collect();
        let mut by_frag: HashMap<&[crate::model::Fragment], Vec<usize>> = HashMap::new();
        for (j, y) in anns.iter().enumerate() {
            by_frag.entry(y.fragments.as_slice()).or_default().push(j);
        }
        // Same fragments: first with the same label, then with any label.
        let mut waiting: Vec<(usize, &Annotation)> = open;
        for same_label in [true, false] {
            let mut still = Vec::new();
            for (ci, seed) in waiting {
                let partner = by_frag.get(seed.fragments.as_slice()).and_then(|js| {
                    js.iter()
                        .copied()
                        .find(|&j| !used[j] && (!same_label || anns[j].label == seed.label))
                });
                match partner {
                    Some(j) => {
                        used[j] = true;
                        clusters[ci][k] = Some(j);
                    }
                    None => still.push((ci, seed)),
                }
            }
            waiting = still;
        }
        // Same label and overlapping, largest overlap first. Annotations are sorted by start, so
        // only those starting within the longest span's length before the seed can reach it.
        let longest = anns.iter().map(|a| a.end() - a.start()).max().unwrap_or(0);
        let mut candidates = Vec::new();
        for (order, (ci, seed)) in waiting.iter().enumerate() {
            let from = anns.partition_point(|a| a.start() + longest <= seed.start());
            let to = anns.partition_point(|a| a.start() < seed.end());
            for (j, y) in anns.iter().enumerate().take(to).skip(from) {
                if !used[j]
                    && y.label == seed.label
                    && y.start() < seed.end()
                    && seed.start() < y.end()
                {
                    let ov = seed.overlap(y);
                    if ov > 0 {
                        candidates.push((ov, order, j, *ci));
                    }
                }
            }
        }
        candidates.sort_by(|p, q| q.0.cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
        for (_, _, j, ci) in candidates {
            if !used[j] && clusters[ci][k].is_none() {
                used[j] = true;
                clusters[ci][k] = Some(j);
            }
        }
        // What is left starts cases of its own.
        for (j, taken) in used.iter().enumerate() {
            if !taken {
                let mut cluster = vec![None; n];
                cluster[k] = Some(j);
                clusters.push(cluster);
            }
        }
    }
    let mut cases: Vec<Case> = clusters
        .iter()
        .map(|cluster| {
            let anns: Vec<Option<&Annotation>> = cluster
                .iter()
                .enumerate()
                .map(|(k, m)| m.map(|i| &*docs[k].annotations[i]))
                .collect();
            let present: Vec<&Annotation> = anns.iter().flatten().copied().collect();
            let first = present[0];
            let class = if present.len() < n {
                match (n, anns[0].is_some()) {
                    (2, true) => AgreementClass::OnlyA,
                    (2, false) => AgreementClass::OnlyB,
                    _ => AgreementClass::Partial,
                }
            } else if present.iter().all(|a| a.fragments == first.fragments) {
                if present.iter().all(|a| a.label == first.label) {
                    AgreementClass::Exact
                } else {
                    AgreementClass::LabelMismatch
                }
            } else {
                AgreementClass::BoundaryMismatch
            };
            Case {
                document,
                members: anns.iter().map(|a| a.map(|a| a.id)).collect(),
                class,
                start: present.iter().map(|a| a.start()).min().unwrap_or(0),
            }
        })
        .collect();
    cases.sort_by(|x, y| (x.start, x.class, &x.members).cmp(&(y.start, y.class, &y.members)));
    cases
}

/// A decision and when it was taken.
type Decided = (Decision, String);

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
    undo: Vec<Vec<(usize, Option<Decided>)>>,
    redo: Vec<Vec<(usize, Option<Decided>)>>,
    /// Changes with every decision, undo and redo, so the window knows what is not yet saved.
    revision: u64,
}

impl Comparison {
    /// Compare two or more projects (one per annotator, named by `names`); documents are matched
    /// by the SHA-256 of their text, and only documents every project has are compared.
    pub fn new(projects: Vec<Project>, names: Vec<String>) -> Result<Self, String> {
        if projects.len() < 2 || names.len() != projects.len() {
            return Err("a comparison needs two or more projects, each with a name".into());
        }
        let first = &projects[0];
        let mut matches = Vec::new();
        let mut unmatched = Vec::new();
        for doc in &first.documents {
            let mut found = Vec::new();
            let mut lacking = Vec::new();
            for (k, project) in projects.iter().enumerate() {
                match project
                    .documents
                    .iter()
                    .position(|d| d.sha256() == doc.sha256())
                {
                    Some(i) => found.push(i),
                    None if project.documents.iter().any(|d| d.id == doc.id) => {
                        lacking.push(format!("its text differs in {}", names[k]));
                    }
                    None => lacking.push(format!("not in {}", names[k])),
                }
            }
            if lacking.is_empty() {
                matches.push(Some(found));
            } else {
                unmatched.push(format!("\"{}\" ({})", doc.id, lacking.join(", ")));
                matches.push(None);
            }
        }
        for (k, project) in projects.iter().enumerate().skip(1) {
            for doc in &project.documents {
                if !first
                    .documents
                    .iter()
                    .any(|d| d.sha256() == doc.sha256() || d.id == doc.id)
                {
                    unmatched.push(format!(
                        "\"{}\" (only in {}, not in {})",
                        doc.id, names[k], names[0]
                    ));
                }
            }
        }
        if matches.iter().all(Option::is_none) {
            return Err(format!(
                "{} share no document: {}",
                names.join(" and "),
                unmatched.join(", ")
            ));
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
            self.undo.push(step);
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
            self.undo.push(step);
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

    /// The adjudicated project: the first project's documents and schema (plus the others' extra
    /// labels and relation types), holding the annotations the decisions kept. Authors are
    /// preserved; each kept annotation is accepted with the adjudicator as reviewer and records
    /// which annotator it came from. Links (a quote's speaker) come along wherever both of their
    /// ends were kept.
    pub fn gold(&self, adjudicator: &str) -> Project {
        let first = &self.projects[0];
        let mut gold = Project {
            name: format!("{} (adjudicated)", first.name),
            schema: first.schema.clone(),
            documents: Vec::new(),
        };
        for other in &self.projects[1..] {
            for label in &other.schema.labels {
                if gold.schema.label(&label.name).is_none() {
                    gold.schema.labels.push(label.clone());
                }
            }
            for kind in &other.schema.relations {
                if !gold.schema.relations.iter().any(|k| k.name == kind.name) {
                    gold.schema.relations.push(kind.clone());
                }
            }
        }
        for doc in &first.documents {
            gold.documents.push(Document::new(
                doc.id.clone(),
                doc.title.clone(),
                doc.source.clone(),
                doc.text().to_owned(),
            ));
        }
        // (annotator, document, annotation id) -> id of its copy in the gold project.
        let mut kept: HashMap<(usize, usize, u64), u64> = HashMap::new();
        for (index, (decision, time)) in &self.decisions {
            let case = &self.cases[*index];
            // Spans several annotators drew identically are kept once.
            let mut seen: Vec<(&str, &[crate::model::Fragment])> = Vec::new();
            for k in (0..self.annotators()).filter(|&k| Self::keeps(*decision, k)) {
                let Some(source) = self.annotation(case, k) else {
                    continue;
                };
                let shape = (source.label.as_str(), source.fragments.as_slice());
                if seen.contains(&shape) {
                    continue;
                }
                seen.push(shape);
                let doc = &mut gold.documents[case.document];
                let mut copy = source.clone();
                copy.id = doc.allocate_id();
                copy.review.status = ReviewStatus::Accepted;
                copy.review.reviewer = Some(adjudicator.to_owned());
                copy.review.time = Some(time.clone());
                copy.attributes
                    .insert("adjudicated_from".into(), self.names[k].clone());
                kept.insert((k, case.document, source.id), copy.id);
                doc.annotations.push(Box::new(copy));
            }
        }
        // A span of a case that was not kept is stood in for by a kept copy drawn the same way,
        // else by the first kept copy, so links to it are not lost.
        for index in self.decisions.keys() {
            let case = &self.cases[*index];
            let members: Vec<(usize, &Annotation)> = (0..self.annotators())
                .filter_map(|k| Some((k, self.annotation(case, k)?)))
                .collect();
            let copies: Vec<(&Annotation, u64)> = members
                .iter()
                .filter_map(|&(k, a)| Some((a, *kept.get(&(k, case.document, a.id))?)))
                .collect();
            let Some(&(_, first_copy)) = copies.first() else {
                continue;
            };
            for (k, a) in members {
                let same = copies
                    .iter()
                    .find(|(c, _)| c.label == a.label && c.fragments == a.fragments);
                let copy = same.map_or(first_copy, |(_, id)| *id);
                kept.entry((k, case.document, a.id)).or_insert(copy);
            }
        }
        for (index, doc) in gold.documents.iter_mut().enumerate() {
            doc.sort_annotations();
            let Some(found) = &self.matches[index] else {
                continue;
            };
            let mut known: HashSet<(String, u64, u64)> = HashSet::new();
            for (k, &j) in found.iter().enumerate() {
                for r in &self.projects[k].documents[j].relations {
                    let ends = (kept.get(&(k, index, r.from)), kept.get(&(k, index, r.to)));
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
