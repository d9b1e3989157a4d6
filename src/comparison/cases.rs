//! The cases of a comparison: the spans that belong together, their agreement class, and the
//! decisions a reviewer can take on them.

use std::collections::HashMap;

use crate::model::{Annotation, Document};

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
