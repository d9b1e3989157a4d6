//! Span-level counts: exact and overlap matches, relations, and the label confusion of
//! boundary-matched spans.

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use crate::model::{Annotation, Document, Fragment};

/// (true positives, |A|, |B|) for exact matches of (label, fragments), as multisets.
pub(super) fn exact_counts(a: &[&Annotation], b: &[&Annotation]) -> (usize, usize, usize) {
    let mut counts: HashMap<(&str, &[Fragment]), usize> = HashMap::new();
    for x in a {
        *counts
            .entry((x.label.as_str(), x.fragments.as_slice()))
            .or_insert(0) += 1;
    }
    let mut tp = 0;
    for y in b {
        if let Some(n) = counts.get_mut(&(y.label.as_str(), y.fragments.as_slice())) {
            if *n > 0 {
                *n -= 1;
                tp += 1;
            }
        }
    }
    (tp, a.len(), b.len())
}

/// (matches, |A|, |B|) for same-label overlapping spans, matched greedily by largest overlap.
pub(super) fn overlap_counts(a: &[&Annotation], b: &[&Annotation]) -> (usize, usize, usize) {
    let mut b_sorted: Vec<(usize, &Annotation)> = b.iter().copied().enumerate().collect();
    b_sorted.sort_by_key(|(_, y)| y.start());
    let mut max_len = 0;
    for y in b {
        max_len = max_len.max(y.end() - y.start());
    }
    let mut candidates = Vec::new();
    for (i, x) in a.iter().enumerate() {
        // B spans overlapping x start after x.start - max_len and before x.end.
        let lo = b_sorted.partition_point(|(_, y)| y.start() + max_len < x.start());
        for &(j, y) in &b_sorted[lo..] {
            if y.start() >= x.end() {
                break;
            }
            if y.label == x.label {
                let ov = x.overlap(y);
                if ov > 0 {
                    candidates.push((ov, i, j));
                }
            }
        }
    }
    candidates.sort_by(|p, q| q.0.cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    let mut matches = 0;
    for (_, i, j) in candidates {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            matches += 1;
        }
    }
    (matches, a.len(), b.len())
}

/// (true positives, |A|, |B|) for relations matched by kind and both ends' (label, fragments).
pub(super) fn relation_counts(a: &Document, b: &Document) -> (usize, usize, usize) {
    type End<'d> = (&'d str, &'d [Fragment]);
    fn key<'d>(
        doc: &'d Document,
        r: &'d crate::model::Relation,
    ) -> Option<(&'d str, End<'d>, End<'d>)> {
        let from = doc.annotation(r.from)?;
        let to = doc.annotation(r.to)?;
        Some((
            r.kind.as_str(),
            (from.label.as_str(), from.fragments.as_slice()),
            (to.label.as_str(), to.fragments.as_slice()),
        ))
    }
    let mut counts: HashMap<(&str, End, End), usize> = HashMap::new();
    for r in &a.relations {
        if let Some(k) = key(a, r) {
            *counts.entry(k).or_insert(0) += 1;
        }
    }
    let mut tp = 0;
    for r in &b.relations {
        if let Some(n) = key(b, r).and_then(|k| counts.get_mut(&k)) {
            if *n > 0 {
                *n -= 1;
                tp += 1;
            }
        }
    }
    (tp, a.relations.len(), b.relations.len())
}

/// Pair up boundary-identical spans of two annotators and count their label pairs.
pub(super) fn confusion_pairs<'a>(
    a: &[&'a Annotation],
    b: &[&'a Annotation],
    out: &mut BTreeMap<(String, String), usize>,
) {
    let mut by_span: HashMap<&[Fragment], Vec<&str>> = HashMap::new();
    for x in a {
        by_span
            .entry(x.fragments.as_slice())
            .or_default()
            .push(x.label.as_str());
    }
    let mut leftovers: Vec<&Annotation> = Vec::new();
    // Same label first, so a span both tagged alike is not paired with a different label.
    for y in b {
        let labels = by_span.get_mut(y.fragments.as_slice());
        match labels.and_then(|l| l.iter().position(|x| *x == y.label).map(|p| (l, p))) {
            Some((l, p)) => {
                let x = l.remove(p);
                *out.entry((x.to_owned(), y.label.clone())).or_insert(0) += 1;
            }
            None => leftovers.push(y),
        }
    }
    for y in leftovers {
        if let Some(l) = by_span.get_mut(y.fragments.as_slice()) {
            if !l.is_empty() {
                let x = l.remove(0);
                *out.entry((x.to_owned(), y.label.clone())).or_insert(0) += 1;
            }
        }
    }
}
