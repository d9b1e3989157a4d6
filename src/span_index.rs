//! Which annotations touch a range of text, answered without scanning every annotation.
//!
//! The view asks this for every visible paragraph each frame, and hit-testing asks it for every
//! click, so on a book with 100,000 annotations a scan would be too slow.

use crate::model::Annotation;

/// Fragments sorted by start, with a running maximum of their ends so a query can stop early.
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    /// (start, end, position of the annotation in the document's list)
    entries: Vec<(usize, usize, usize)>,
    /// `max_end[i]` is the largest end among `entries[..=i]`.
    max_end: Vec<usize>,
}

impl SpanIndex {
    /// Index the fragments of `annotations`.
    pub fn new<A: std::borrow::Borrow<Annotation>>(annotations: &[A]) -> Self {
        let mut entries: Vec<(usize, usize, usize)> = annotations
            .iter()
            .enumerate()
            .flat_map(|(i, a)| {
                a.borrow()
                    .fragments
                    .iter()
                    .map(move |f| (f.start, f.end, i))
            })
            .collect();
        entries.sort_unstable();
        let mut max_end = Vec::with_capacity(entries.len());
        let mut running = 0;
        for &(_, end, _) in &entries {
            running = running.max(end);
            max_end.push(running);
        }
        Self { entries, max_end }
    }

    /// Positions of annotations with a fragment overlapping `[start, end)`, each once, in
    /// ascending order. An empty probe (`start == end`) finds fragments containing that point.
    pub fn query(&self, start: usize, end: usize) -> Vec<usize> {
        let end = end.max(start + 1);
        let hi = self.entries.partition_point(|e| e.0 < end);
        let mut found = Vec::new();
        let mut i = hi;
        while i > 0 {
            i -= 1;
            if self.max_end[i] <= start {
                break;
            }
            let (_, e_end, ann) = self.entries[i];
            if e_end > start {
                found.push(ann);
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Number of indexed fragments.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Fragment;

    fn ann(id: u64, frags: &[(usize, usize)]) -> Annotation {
        Annotation {
            id,
            label: "entity".into(),
            fragments: frags.iter().map(|&(s, e)| Fragment::new(s, e)).collect(),
            text: String::new(),
            author: String::new(),
            created: String::new(),
            modified: String::new(),
            note: None,
            review: Default::default(),
            attributes: Default::default(),
            suggested_by: None,
        }
    }

    #[test]
    fn matches_a_scan() {
        let anns = vec![
            ann(1, &[(0, 100)]),
            ann(2, &[(5, 7), (50, 60)]),
            ann(3, &[(10, 12)]),
            ann(4, &[(70, 71)]),
        ];
        let index = SpanIndex::new(&anns);
        for s in 0..110 {
            for e in s..110 {
                let expected: Vec<usize> = anns
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.intersects(s, e.max(s + 1)))
                    .map(|(i, _)| i)
                    .collect();
                assert_eq!(index.query(s, e), expected, "query [{s}, {e})");
            }
        }
    }
}
