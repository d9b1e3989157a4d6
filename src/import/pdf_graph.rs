//! Checks of a PDF's object graph before its pages are drawn: a page tree whose parents loop,
//! or drawings (form XObjects) that draw themselves, would send the text extractor into endless
//! recursion. Both are refused with a message instead.

use std::collections::{HashMap, HashSet};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Deepest chain of drawings inside drawings accepted.
pub const DEEPEST_DRAWINGS: usize = 64;

/// Deepest page tree accepted.
pub const DEEPEST_PAGE_TREE: usize = 64;

/// Refuse a PDF whose page tree or drawings loop, or nest beyond the limits.
pub fn check_graph(doc: &Document) -> Result<(), String> {
    let pages: Vec<ObjectId> = doc.page_iter().collect();
    let mut page_resources = Vec::new();
    for &page in &pages {
        page_resources.extend(inherited_resources(doc, page)?);
    }
    let forms = forms_of(doc);
    let mut all_resources: Vec<&Dictionary> = page_resources.iter().collect();
    all_resources.extend(forms.values().filter_map(|f| f.resources.as_ref()));
    let edges = drawing_edges(doc, &forms, &all_resources);
    deepest_path(&edges)
}

/// The Resources a page inherits from itself or its ancestors; a loop or an endless chain of
/// parents is an error.
fn inherited_resources(doc: &Document, page: ObjectId) -> Result<Option<Dictionary>, String> {
    let mut seen = HashSet::new();
    let mut at = page;
    for _ in 0..DEEPEST_PAGE_TREE {
        if !seen.insert(at) {
            return Err("its page tree loops back on itself (a damaged file?)".into());
        }
        let Ok(dict) = doc.get_dictionary(at) else {
            return Ok(None);
        };
        if let Ok(resources) = dict.get(b"Resources") {
            return Ok(as_dict(doc, resources).cloned());
        }
        match dict.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) => at = parent,
            Err(_) => return Ok(None),
        }
    }
    Err(format!(
        "its page tree is more than {DEEPEST_PAGE_TREE} levels deep"
    ))
}

fn as_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(object).ok()?.1.as_dict().ok()
}

struct Form {
    resources: Option<Dictionary>,
    invoked: Vec<Vec<u8>>,
}

/// Every form XObject with its own Resources (if any) and the names its content draws.
fn forms_of(doc: &Document) -> HashMap<ObjectId, Form> {
    let mut forms = HashMap::new();
    for (&id, object) in &doc.objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Form");
        if !is_form {
            continue;
        }
        let resources = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| as_dict(doc, r))
            .cloned();
        let content = stream.get_plain_content().unwrap_or_default();
        let invoked = Content::decode(&content)
            .map(|c| {
                c.operations
                    .iter()
                    .filter(|op| op.operator == "Do")
                    .filter_map(|op| op.operands.first()?.as_name().ok().map(<[u8]>::to_vec))
                    .collect()
            })
            .unwrap_or_default();
        forms.insert(id, Form { resources, invoked });
    }
    forms
}

fn xobject_named(doc: &Document, resources: &Dictionary, name: &[u8]) -> Option<ObjectId> {
    let xobjects = as_dict(doc, resources.get(b"XObject").ok()?)?;
    xobjects.get(name).ok()?.as_reference().ok()
}

fn lists_xobject(doc: &Document, resources: &Dictionary, id: ObjectId) -> bool {
    resources
        .get(b"XObject")
        .ok()
        .and_then(|x| as_dict(doc, x))
        .is_some_and(|x| x.iter().any(|(_, v)| v.as_reference().ok() == Some(id)))
}

/// Which form draws which: by its own Resources, or, without any, by those of whatever lists it
/// (a form without Resources draws with its caller's).
fn drawing_edges(
    doc: &Document,
    forms: &HashMap<ObjectId, Form>,
    all_resources: &[&Dictionary],
) -> HashMap<ObjectId, Vec<ObjectId>> {
    let mut edges: HashMap<ObjectId, Vec<ObjectId>> = HashMap::new();
    for (&id, form) in forms {
        let callers: Vec<&Dictionary> = match &form.resources {
            Some(own) => vec![own],
            None => all_resources
                .iter()
                .copied()
                .filter(|r| lists_xobject(doc, r, id))
                .collect(),
        };
        let targets = edges.entry(id).or_default();
        for name in &form.invoked {
            for resources in &callers {
                if let Some(target) = xobject_named(doc, resources, name) {
                    if forms.contains_key(&target) && !targets.contains(&target) {
                        targets.push(target);
                    }
                }
            }
        }
    }
    edges
}

/// An error when the drawings loop or nest too deep; an iterative depth-first walk.
fn deepest_path(edges: &HashMap<ObjectId, Vec<ObjectId>>) -> Result<(), String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: HashMap<ObjectId, Mark> = HashMap::new();
    let mut starts: Vec<&ObjectId> = edges.keys().collect();
    starts.sort();
    for &start in starts {
        if marks.contains_key(&start) {
            continue;
        }
        let mut stack: Vec<(ObjectId, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let targets = edges.get(&node).map_or(&[][..], Vec::as_slice);
            if let Some(&target) = targets.get(*next) {
                *next += 1;
                match marks.get(&target) {
                    Some(Mark::Open) => {
                        return Err(
                            "its drawings draw themselves in a loop (a damaged or hostile file)"
                                .into(),
                        )
                    }
                    Some(Mark::Done) => {}
                    None => {
                        if stack.len() >= DEEPEST_DRAWINGS {
                            return Err(format!(
                                "its drawings nest more than {DEEPEST_DRAWINGS} deep"
                            ));
                        }
                        marks.insert(target, Mark::Open);
                        stack.push((target, 0));
                    }
                }
            } else {
                marks.insert(node, Mark::Done);
                stack.pop();
            }
        }
    }
    Ok(())
}
