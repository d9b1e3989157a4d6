//! The gold project: what the decisions kept, with its reviewer and its origin, and the document
//! fields' answers taken or agreed on.

use std::collections::{HashMap, HashSet};

use super::Comparison;
use crate::model::{Annotation, Document, Project, ReviewStatus};

impl Comparison {
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
            for field in &other.schema.fields {
                if gold.schema.field(&field.name).is_none() {
                    gold.schema.fields.push(field.clone());
                }
            }
        }
        let fields = self.field_names();
        for (index, doc) in first.documents.iter().enumerate() {
            let mut copy = Document::new(
                doc.id.clone(),
                doc.title.clone(),
                doc.source.clone(),
                doc.text().to_owned(),
            );
            for field in &fields {
                let values = self.gold_field(index, field);
                let values = gold
                    .schema
                    .field(field)
                    .map_or(values.clone(), |def| def.normalize(&values));
                copy.set_field(field, values);
            }
            gold.documents.push(copy);
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
