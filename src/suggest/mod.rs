//! Suggestions to accept or reject, all computed here, offline: quotations, their speakers,
//! names already tagged, rules, and predictions imported from other tools or models.
//!
//! A suggestion is never an annotation: accepting one makes an ordinary annotation that records
//! its source; rejecting one is remembered in the document so it never comes back. Suggestions
//! already tagged (an annotation with the same fragments), rejected, or from a source switched
//! off or below its precision floor are not offered.

mod names;
mod predictions;
mod quotes;
mod rules;
mod speakers;

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

pub use names::{gazetteer_text, learned, merge_into, parse_gazetteer, Gazetteer, NameMatcher};
pub use predictions::{predictions_edit, PredictionReport};
pub use quotes::quotations;
pub use rules::{compile as compile_rules, rule_regex};

use crate::edit::{Edit, EditError};
use crate::model::{
    Annotation, Document, Fragment, Project, Rejection, Relation, NAMES, QUOTES, RULES, SPEAKERS,
};

/// One end of a suggested link: an annotation, or a span suggested alongside.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkEnd {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The annotation it is, when it is one already.
    #[serde(skip)]
    pub annotation: Option<u64>,
}

/// A suggested link (a quote's speaker).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestedLink {
    pub kind: String,
    pub from: LinkEnd,
    pub to: LinkEnd,
}

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// Index of the document in the project.
    pub document: usize,
    /// Code points, like every offset.
    pub start: usize,
    pub end: usize,
    /// The label (for a link, its kind).
    pub label: String,
    pub text: String,
    pub source: String,
    pub score: f64,
    /// For a speaker link: its kind and both ends.
    #[serde(skip_serializing_if = "Option::is_none", flatten)]
    pub link: Option<SuggestedLink>,
}

impl Suggestion {
    /// Its fragments (one: suggestions are continuous).
    pub fn fragments(&self) -> Vec<Fragment> {
        vec![Fragment::new(self.start, self.end)]
    }

    /// What rejecting it records. A link is recorded by both ends' spans.
    pub fn rejection(&self) -> Rejection {
        let fragments = match &self.link {
            Some(l) => vec![
                Fragment::new(l.from.start, l.from.end),
                Fragment::new(l.to.start, l.to.end),
            ],
            None => self.fragments(),
        };
        Rejection {
            fragments,
            label: self.label.clone(),
            source: self.source.clone(),
        }
    }
}

/// What to compute.
#[derive(Debug, Clone, Default)]
pub struct SuggestOptions {
    /// Only these sources (all that are switched on when `None`).
    pub only: Option<Vec<String>>,
    /// Names from a gazetteer file, besides those the project teaches.
    pub gazetteer: Gazetteer,
}

/// How a source has done: suggestions accepted (annotations that record it) and rejected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SourceRecord {
    pub accepted: usize,
    pub rejected: usize,
}

impl SourceRecord {
    /// Accepted of decided, once anything was decided.
    pub fn precision(&self) -> Option<f64> {
        let decided = self.accepted + self.rejected;
        (decided > 0).then(|| self.accepted as f64 / decided as f64)
    }
}

/// Decisions this few are not enough to stop a source.
const FLOOR_AFTER: usize = 5;

/// Each source's record in the project.
pub fn records(project: &Project) -> BTreeMap<String, SourceRecord> {
    let mut out: BTreeMap<String, SourceRecord> = BTreeMap::new();
    for doc in &project.documents {
        for a in &doc.annotations {
            if let Some(s) = &a.suggested_by {
                out.entry(s.clone()).or_default().accepted += 1;
            }
        }
        for r in &doc.rejections {
            out.entry(r.source.clone()).or_default().rejected += 1;
        }
    }
    out
}

/// Whether `source` suggests now: switched on, asked for, and not below its floor (judged by
/// `records`, the project's [`records`]).
pub fn source_active(
    project: &Project,
    records: &BTreeMap<String, SourceRecord>,
    options: &SuggestOptions,
    source: &str,
) -> bool {
    let settings = &project.schema.suggest;
    if let Some(only) = &options.only {
        if !only.iter().any(|s| s == source) {
            return false;
        }
    } else if !settings.enabled(source) {
        return false;
    }
    let floor = settings.min_precision(source);
    let record = records.get(source).copied().unwrap_or_default();
    let decided = record.accepted + record.rejected;
    floor == 0
        || decided < FLOOR_AFTER
        || record.precision().unwrap_or(1.0) * 100.0 >= f64::from(floor)
}

/// Every suggestion for the project, sorted by document and position.
pub fn suggest(project: &Project, options: &SuggestOptions) -> Vec<Suggestion> {
    let record = records(project);
    let known = std::cell::RefCell::new(BTreeMap::<String, bool>::new());
    let active = |s: &str| {
        *known
            .borrow_mut()
            .entry(s.to_owned())
            .or_insert_with(|| source_active(project, &record, options, s))
    };
    let mut gazetteer = learned(project);
    merge_into(&mut gazetteer, &options.gazetteer);
    let names = active(NAMES)
        .then(|| NameMatcher::new(&gazetteer, project.schema.suggest.names_ignore_case));
    let (rules, _) = if active(RULES) {
        compile_rules(&project.schema.suggest.rules)
    } else {
        (Vec::new(), Vec::new())
    };
    let mut out = Vec::new();
    for (index, doc) in project.documents.iter().enumerate() {
        let mut found = Vec::new();
        if active(QUOTES) && project.schema.label("quote").is_some() {
            for (s, e) in quotations(doc.text()) {
                found.push(span(doc, index, s, e, "quote", QUOTES, 1.0));
            }
        }
        if let Some(names) = &names {
            for (s, e, labels) in names.find(doc.text()) {
                for (label, score) in labels {
                    found.push(span(doc, index, s, e, label, NAMES, *score));
                }
            }
        }
        for rule in &rules {
            for (s, e) in rule.find(doc.text()) {
                found.push(span(doc, index, s, e, &rule.label, RULES, 0.5));
            }
        }
        for p in &doc.predictions {
            if active(&p.source) {
                if let (Some(first), Some(last)) = (p.fragments.first(), p.fragments.last()) {
                    let (start, end) = (first.start, last.end);
                    found.push(Suggestion {
                        document: index,
                        start,
                        end,
                        label: p.label.clone(),
                        text: doc
                            .offsets()
                            .slice(doc.text(), start, end)
                            .unwrap_or_default()
                            .to_owned(),
                        source: p.source.clone(),
                        score: p.score.unwrap_or(1.0),
                        link: None,
                    });
                }
            }
        }
        let mut found = keep_new(doc, found);
        if active(SPEAKERS) {
            let links = speaker_links(project, doc, index, &found);
            found.extend(keep_new(doc, links));
        }
        out.extend(found);
    }
    out.sort_by(|a, b| {
        (a.document, a.start, a.end, &a.label, &a.source)
            .cmp(&(b.document, b.start, b.end, &b.label, &b.source))
    });
    out.dedup_by(|a, b| {
        a.document == b.document
            && a.start == b.start
            && a.end == b.end
            && a.label == b.label
            && a.link == b.link
    });
    out
}

/// A span suggestion from byte offsets.
fn span(
    doc: &Document,
    index: usize,
    s: usize,
    e: usize,
    label: &str,
    source: &str,
    score: f64,
) -> Suggestion {
    let start = doc.offsets().byte_to_char(doc.text(), s).unwrap_or(0);
    let end = doc.offsets().byte_to_char(doc.text(), e).unwrap_or(start);
    Suggestion {
        document: index,
        start,
        end,
        label: label.to_owned(),
        text: doc.text()[s..e].to_owned(),
        source: source.to_owned(),
        score,
        link: None,
    }
}

/// Leave out what is tagged already (an annotation with the same fragments, or one of the same
/// label overlapping), linked already, or rejected.
fn keep_new(doc: &Document, found: Vec<Suggestion>) -> Vec<Suggestion> {
    let rejected: HashSet<&Rejection> = doc.rejections.iter().collect();
    let exact: HashSet<(usize, usize)> = doc
        .annotations
        .iter()
        .map(|a| (a.start(), a.end()))
        .collect();
    // Annotations are sorted by start: those that can overlap a span start within the longest
    // annotation's length before it.
    let longest = doc
        .annotations
        .iter()
        .map(|a| a.end() - a.start())
        .max()
        .unwrap_or(0);
    let same_label_overlap = |s: &Suggestion| {
        let from = doc
            .annotations
            .partition_point(|a| a.start() + longest < s.start);
        doc.annotations[from..]
            .iter()
            .take_while(|a| a.start() < s.end)
            .any(|a| a.label == s.label && a.intersects(s.start, s.end))
    };
    found
        .into_iter()
        .filter(|s| s.start < s.end)
        .filter(|s| !rejected.contains(&s.rejection()))
        .filter(|s| match &s.link {
            Some(link) => !already_linked(doc, link),
            None => !exact.contains(&(s.start, s.end)) && !same_label_overlap(s),
        })
        .collect()
}

fn already_linked(doc: &Document, link: &SuggestedLink) -> bool {
    let Some(from) = link.from.annotation else {
        return false;
    };
    doc.relations
        .iter()
        .any(|r| r.from == from && r.kind == link.kind)
}

/// Speaker links for the document's quotes (annotated or suggested) to its entities (annotated
/// or suggested).
fn speaker_links(
    project: &Project,
    doc: &Document,
    index: usize,
    found: &[Suggestion],
) -> Vec<Suggestion> {
    let kind = project.schema.relation_kind_for("quote", "entity");
    let mut quotes: Vec<LinkEnd> = doc
        .annotations
        .iter()
        .filter(|a| a.label == "quote")
        .map(|a| end_of(a))
        .collect();
    let mut entities: Vec<LinkEnd> = doc
        .annotations
        .iter()
        .filter(|a| a.label == "entity")
        .map(|a| end_of(a))
        .collect();
    for s in found.iter().filter(|s| s.link.is_none()) {
        let end = LinkEnd {
            start: s.start,
            end: s.end,
            label: s.label.clone(),
            annotation: None,
        };
        match s.label.as_str() {
            "quote" => quotes.push(end),
            "entity" => entities.push(end),
            _ => {}
        }
    }
    quotes.sort_by_key(|q| (q.start, q.end));
    entities.sort_by_key(|e| (e.start, e.end));
    entities.dedup_by_key(|e| (e.start, e.end));
    let chars: Vec<char> = doc.text().chars().collect();
    let quote_spans: Vec<(usize, usize)> = quotes.iter().map(|q| (q.start, q.end)).collect();
    let entity_spans: Vec<(usize, usize)> = entities.iter().map(|e| (e.start, e.end)).collect();
    // A person: an entity typed so, or one that said something already.
    let speakers_known: HashSet<u64> = doc
        .relations
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.to)
        .collect();
    let persons: HashSet<(usize, usize)> = doc
        .annotations
        .iter()
        .filter(|a| {
            a.attributes.get("type").is_some_and(|t| t == "person")
                || speakers_known.contains(&a.id)
        })
        .map(|a| (a.start(), a.end()))
        .collect();
    let person = |span: (usize, usize)| persons.contains(&span);
    let pairs = speakers::speakers(
        &chars,
        &quote_spans,
        &entity_spans,
        &person,
        &project.schema.suggest.reporting_verbs,
    );
    let quote_at: BTreeMap<(usize, usize), &LinkEnd> =
        quotes.iter().map(|q| ((q.start, q.end), q)).collect();
    let entity_at: BTreeMap<(usize, usize), &LinkEnd> =
        entities.iter().map(|e| ((e.start, e.end), e)).collect();
    pairs
        .into_iter()
        .filter_map(|(q, e)| {
            let from = (*quote_at.get(&q)?).clone();
            let to = (*entity_at.get(&e)?).clone();
            let text: String = chars[q.0..q.1].iter().collect();
            Some(Suggestion {
                document: index,
                start: q.0,
                end: q.1,
                label: kind.clone(),
                text,
                source: SPEAKERS.to_owned(),
                score: 0.8,
                link: Some(SuggestedLink {
                    kind: kind.clone(),
                    from,
                    to,
                }),
            })
        })
        .collect()
}

fn end_of(a: &Annotation) -> LinkEnd {
    LinkEnd {
        start: a.start(),
        end: a.end(),
        label: a.label.clone(),
        annotation: Some(a.id),
    }
}

/// The edit that accepts `suggestion` (with `label` instead of its own, when given): an ordinary
/// annotation by `author` that records its source; for a link, the link, and either end that
/// is not an annotation yet.
pub fn accept_edit(
    project: &Project,
    suggestion: &Suggestion,
    label: Option<&str>,
    author: &str,
) -> Result<Edit, EditError> {
    accept_all_edit(project, std::slice::from_ref(suggestion), label, author)
}

/// One edit accepting all of `suggestions` (one undo step).
pub fn accept_all_edit(
    project: &Project,
    suggestions: &[Suggestion],
    label: Option<&str>,
    author: &str,
) -> Result<Edit, EditError> {
    let mut acceptor = Acceptor {
        project,
        author,
        next: BTreeMap::new(),
        added: BTreeMap::new(),
        edits: Vec::new(),
    };
    for s in suggestions {
        match &s.link {
            None => {
                acceptor.add(
                    s.document,
                    s.start,
                    s.end,
                    label.unwrap_or(&s.label),
                    &s.source,
                )?;
            }
            Some(link) => {
                let end = |e: &LinkEnd, acceptor: &mut Acceptor| match e.annotation {
                    Some(id) => Ok(id),
                    None => acceptor.add(s.document, e.start, e.end, &e.label, &s.source),
                };
                let from = end(&link.from, &mut acceptor)?;
                let to = end(&link.to, &mut acceptor)?;
                let mut relation: Relation = crate::edit::draft_relation(&link.kind, from, to)?;
                relation.id = acceptor.id(s.document)?;
                acceptor.edits.push(Edit::AddRelation {
                    document: s.document,
                    relation,
                });
            }
        }
    }
    Ok(Edit::Batch(acceptor.edits))
}

/// Builds the edits of an acceptance, giving ids in order so a link can name the annotations
/// added with it.
struct Acceptor<'p> {
    project: &'p Project,
    author: &'p str,
    next: BTreeMap<usize, u64>,
    added: BTreeMap<(usize, usize, usize, String), u64>,
    edits: Vec<Edit>,
}

impl Acceptor<'_> {
    fn id(&mut self, doc: usize) -> Result<u64, EditError> {
        let document = self
            .project
            .documents
            .get(doc)
            .ok_or(EditError::NoDocument(doc))?;
        let id = self.next.entry(doc).or_insert(document.next_id);
        let given = *id;
        *id += 1;
        Ok(given)
    }

    fn add(
        &mut self,
        doc: usize,
        start: usize,
        end: usize,
        label: &str,
        source: &str,
    ) -> Result<u64, EditError> {
        let key = (doc, start, end, label.to_owned());
        if let Some(id) = self.added.get(&key) {
            return Ok(*id);
        }
        let mut ann = crate::edit::draft_annotation(
            self.project,
            doc,
            label,
            &[Fragment::new(start, end)],
            self.author,
        )?;
        ann.id = self.id(doc)?;
        ann.suggested_by = Some(source.to_owned());
        let id = ann.id;
        self.edits.push(Edit::Add {
            document: doc,
            annotation: ann,
        });
        self.added.insert(key, id);
        Ok(id)
    }
}

/// The edit that rejects `suggestions`, so they never come back.
pub fn reject_edit(suggestions: &[Suggestion]) -> Edit {
    Edit::Batch(
        suggestions
            .iter()
            .map(|s| Edit::SetRejected {
                document: s.document,
                rejection: s.rejection(),
                rejected: true,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_is_accepted_of_decided() {
        let r = SourceRecord {
            accepted: 3,
            rejected: 1,
        };
        assert_eq!(r.precision(), Some(0.75));
        assert_eq!(SourceRecord::default().precision(), None);
    }
}
