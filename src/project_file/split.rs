//! Reading a project file on every core: the annotation lists, which are nearly all of a big
//! file, are cut out by a scan that knows RON's strings and comments, their items parsed in
//! parallel, and the rest of the file parsed at the same time. Any surprise (a shape this scan
//! does not expect, an item that does not parse) gives `None`, and the caller parses the whole
//! file the ordinary way, which also gives the exact error with its line and column.

use std::ops::Range;

use crate::model::Annotation;

/// Where the annotation lists of a project file are.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Lists {
    /// The contents of each document's `annotations: [...]`, in document order.
    pub lists: Vec<Range<usize>>,
    /// Each list's items, in order.
    pub items: Vec<Vec<Range<usize>>>,
}

/// Skip a string, raw string, char or comment starting at `i`; the index just past it, or `None`
/// when it does not start one.
fn skip_literal(b: &[u8], i: usize) -> Option<usize> {
    match b[i] {
        b'"' => {
            let mut j = i + 1;
            while let Some(k) = memchr::memchr2(b'"', b'\\', &b[j.min(b.len())..]) {
                if b[j + k] == b'"' {
                    return Some(j + k + 1);
                }
                j += k + 2;
            }
            Some(b.len())
        }
        b'r' if i == 0 || !is_ident(b[i - 1]) => {
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                return None;
            }
            let mut j = i + 2 + hashes;
            while let Some(k) = memchr::memchr(b'"', &b[j.min(b.len())..]) {
                let end = j + k + 1;
                if b[end..]
                    .iter()
                    .take(hashes)
                    .take_while(|&&c| c == b'#')
                    .count()
                    == hashes
                {
                    return Some(end + hashes);
                }
                j = end;
            }
            Some(b.len())
        }
        b'\'' => {
            let mut j = i + 1;
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 2,
                    b'\'' => return Some(j + 1),
                    _ => j += 1,
                }
            }
            Some(b.len())
        }
        b'/' if b.get(i + 1) == Some(&b'/') => Some(
            b[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |p| i + p + 1),
        ),
        b'/' if b.get(i + 1) == Some(&b'*') => {
            let mut depth = 0usize;
            let mut j = i;
            while j + 1 < b.len() {
                if b[j] == b'/' && b[j + 1] == b'*' {
                    depth += 1;
                    j += 2;
                } else if b[j] == b'*' && b[j + 1] == b'/' {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        return Some(j);
                    }
                } else {
                    j += 1;
                }
            }
            Some(b.len())
        }
        _ => None,
    }
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Find every document's annotation list and its items. `None` when the file does not have
/// the shape a project file has (then the ordinary parser says what is wrong).
pub(super) fn find_lists(text: &str) -> Option<Lists> {
    let b = text.as_bytes();
    let mut out = Lists::default();
    let mut depth = 0usize;
    let mut top_field: &[u8] = b"";
    let mut i = 0;
    // Inside an annotation list: its depth, where it starts, and where the current item starts.
    let mut list: Option<(usize, usize, usize)> = None;
    let mut items: Vec<Range<usize>> = Vec::new();
    while i < b.len() {
        if let Some(next) = skip_literal(b, i) {
            i = next;
            continue;
        }
        let c = b[i];
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                if let Some((list_depth, start, item)) = list {
                    if depth == list_depth {
                        push_item(text, item, i, &mut items);
                        out.lists.push(start..i);
                        out.items.push(std::mem::take(&mut items));
                        list = None;
                    }
                }
                depth = depth.checked_sub(1)?;
            }
            b',' => {
                if let Some((list_depth, start, item)) = list {
                    if depth == list_depth {
                        push_item(text, item, i, &mut items);
                        list = Some((list_depth, start, i + 1));
                    }
                }
            }
            c if is_ident(c) && (i == 0 || !is_ident(b[i - 1])) => {
                let end = i + b[i..].iter().take_while(|&&c| is_ident(c)).count();
                let word = &b[i..end];
                if depth == 1 {
                    top_field = word;
                } else if depth == 3
                    && top_field == b"documents"
                    && word == b"annotations"
                    && list.is_none()
                {
                    let mut j = end;
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if b.get(j) != Some(&b':') {
                        return None;
                    }
                    j += 1;
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if b.get(j) != Some(&b'[') {
                        return None;
                    }
                    depth += 1;
                    list = Some((depth, j + 1, j + 1));
                    i = j + 1;
                    continue;
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    (depth == 0 && list.is_none()).then_some(out)
}

fn push_item(text: &str, from: usize, to: usize, items: &mut Vec<Range<usize>>) {
    let slice = &text[from..to];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        items.push(from + lead..to - trail);
    }
}

/// The file with every annotation list emptied, for the ordinary parser.
pub(super) fn without_lists(text: &str, lists: &Lists) -> String {
    let mut out = String::with_capacity(text.len() / 4);
    let mut at = 0;
    for list in &lists.lists {
        out.push_str(&text[at..list.start]);
        at = list.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Parse every item of every list, on all cores; `None` if any item does not parse.
pub(super) fn parse_items(text: &str, lists: &Lists) -> Option<Vec<Vec<Annotation>>> {
    let all: Vec<(usize, Range<usize>)> = lists
        .items
        .iter()
        .enumerate()
        .flat_map(|(doc, items)| items.iter().map(move |r| (doc, r.clone())))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = all.len().div_ceil(threads).max(1);
    let parsed: Vec<Option<Vec<Annotation>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = all
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(_, r)| parse_one(&text[r.clone()]))
                        .collect::<Option<Vec<Annotation>>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    let mut flat = Vec::with_capacity(all.len());
    for part in parsed {
        flat.extend(part?);
    }
    let mut out: Vec<Vec<Annotation>> = lists
        .items
        .iter()
        .map(|i| Vec::with_capacity(i.len()))
        .collect();
    for ((doc, _), annotation) in all.iter().zip(flat) {
        out[*doc].push(annotation);
    }
    Some(out)
}

fn parse_one(item: &str) -> Option<Annotation> {
    if let Some(annotation) = super::canonical::parse_annotation(item) {
        return Some(annotation);
    }
    ron::Options::default()
        // Items sit four levels into the file, whose limit is 64.
        .with_recursion_limit(60)
        .from_str(item)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_found_past_strings_comments_and_raw_strings() {
        let text = r####"(format: "x", documents: [(id: "a", title: "annotations: [", annotations: [(id: 1, note: Some(r#"a ") [ "#)), /* ] */ (id: 2, note: Some("]\"")),], text: "annotations: [1]"), (id: "b", annotations: [], text: r"x")])"####;
        let lists = find_lists(text).unwrap();
        assert_eq!(lists.items.len(), 2);
        let items: Vec<&str> = lists.items[0].iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            items,
            vec![
                r##"(id: 1, note: Some(r#"a ") [ "#))"##,
                r#"/* ] */ (id: 2, note: Some("]\""))"#
            ]
        );
        assert!(lists.items[1].is_empty());
        let outer = without_lists(text, &lists);
        assert!(
            outer.contains("annotations: [], text: \"annotations: [1]\""),
            "{outer}"
        );
        assert!(find_lists("(documents: [(annotations: [(1)]").is_none());
    }
}
