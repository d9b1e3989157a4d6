//! Tokens every annotator labels alike: the CoNLL exporter's tokens, cut at the edges of every
//! annotator's spans; a token's label is the innermost span covering it, or `O`.

use std::collections::BTreeSet;

use foldhash::HashMap;

use super::OUTSIDE;
use crate::formats::tokens::tokenize;
use crate::model::Document;

/// Tokens of one matched document and every annotator's labels on them, as small integers
/// (0 is `O`), computed once and shared by the overall and per-label scores.
pub(super) struct DocTokens {
    /// Innermost covering label per annotator per token.
    pub(super) inner: Vec<Vec<u32>>,
    /// Per label id (index 1..), per annotator: is the token inside a span of that label.
    pub(super) covered: Vec<Vec<Vec<bool>>>,
}

/// Label names and their ids; id 0 is `O`.
pub(super) struct Labels {
    pub(super) names: Vec<String>,
    pub(super) ids: HashMap<String, u32>,
}

impl Labels {
    pub(super) fn new(names: &BTreeSet<String>) -> Self {
        let mut all = vec![OUTSIDE.to_owned()];
        all.extend(names.iter().cloned());
        let ids = all
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        Self { names: all, ids }
    }
    pub(super) fn id(&self, name: &str) -> u32 {
        self.ids.get(name).copied().unwrap_or(0)
    }
}

pub(super) fn doc_tokens(docs: &[&Document], labels: &Labels) -> DocTokens {
    let mut cuts = Vec::new();
    for d in docs {
        for a in &d.annotations {
            for f in &a.fragments {
                cuts.push(f.start);
                cuts.push(f.end);
            }
        }
    }
    let tokens = tokenize(docs[0].text(), &cuts);
    let starts: Vec<usize> = tokens.iter().map(|t| t.0).collect();
    let n_labels = labels.names.len();
    let mut inner = Vec::with_capacity(docs.len());
    let mut covered = vec![Vec::with_capacity(docs.len()); n_labels];
    for d in docs {
        // Innermost span per token: sweep spans sorted by start with an active set.
        let mut spans: Vec<(usize, usize, u32)> = d
            .annotations
            .iter()
            .flat_map(|a| {
                let id = labels.id(&a.label);
                a.fragments.iter().map(move |f| (f.start, f.end, id))
            })
            .collect();
        spans.sort_unstable();
        let mut next = 0;
        let mut active: Vec<(usize, usize, u32)> = Vec::new();
        let ids: Vec<u32> = tokens
            .iter()
            .map(|&(s, e)| {
                while next < spans.len() && spans[next].0 <= s {
                    active.push(spans[next]);
                    next += 1;
                }
                active.retain(|sp| sp.1 > s);
                active
                    .iter()
                    .filter(|sp| sp.0 <= s && e <= sp.1)
                    .min_by_key(|sp| (sp.1 - sp.0, sp.0))
                    .map_or(0, |sp| sp.2)
            })
            .collect();
        inner.push(ids);
        // Per label: a difference array over token indices, from each span's first to last token.
        let mut diff = vec![vec![0i32; tokens.len() + 1]; n_labels];
        for &(s, e, id) in &spans {
            let first = starts.partition_point(|&t| t < s);
            let last = starts.partition_point(|&t| t < e);
            if first < last {
                diff[id as usize][first] += 1;
                diff[id as usize][last] -= 1;
            }
        }
        for (label, d) in diff.into_iter().enumerate() {
            let mut running = 0;
            let marks: Vec<bool> = d[..tokens.len()]
                .iter()
                .map(|x| {
                    running += x;
                    running > 0
                })
                .collect();
            covered[label].push(marks);
        }
    }
    DocTokens { inner, covered }
}

/// Token labels of one matched document for each annotator: the innermost covering span's
/// label, or `O`; with `only`, that label or `O`. For inspection and tests.
pub fn token_labels(docs: &[&Document], only: Option<&str>) -> Vec<Vec<String>> {
    let mut names = BTreeSet::new();
    for d in docs {
        for a in &d.annotations {
            names.insert(a.label.clone());
        }
    }
    let labels = Labels::new(&names);
    let tokens = doc_tokens(docs, &labels);
    match only {
        None => tokens
            .inner
            .iter()
            .map(|ids| {
                ids.iter()
                    .map(|&i| labels.names[i as usize].clone())
                    .collect()
            })
            .collect(),
        Some(l) => {
            let id = labels.id(l) as usize;
            tokens.covered[id]
                .iter()
                .map(|marks| {
                    marks
                        .iter()
                        .map(|&m| if m { l.to_owned() } else { OUTSIDE.to_owned() })
                        .collect()
                })
                .collect()
        }
    }
}
