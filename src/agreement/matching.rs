//! Which documents of several annotators' projects are the same article: matched by the
//! SHA-256 of their text. Agreement and comparison both use this one matching.

/// The documents matched across projects.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentMatch {
    /// For each of the first project's documents, its index in every project (the first
    /// included), or `None` when some project lacks it.
    pub rows: Vec<Option<Vec<usize>>>,
    /// Documents not in every project, named for the user.
    pub unmatched: Vec<String>,
    /// Documents with the same id as one of the first project's but another text:
    /// (first project's document index, project, that project's document index).
    pub clashes: Vec<(usize, usize, usize)>,
}

/// Match the documents of `projects` (named by `names`) to the first project's.
pub fn match_documents(projects: &[&crate::model::Project], names: &[String]) -> DocumentMatch {
    let mut found = DocumentMatch::default();
    let Some(first) = projects.first() else {
        return found;
    };
    for (i, doc) in first.documents.iter().enumerate() {
        let mut row = Vec::with_capacity(projects.len());
        let mut lacking = Vec::new();
        for (k, project) in projects.iter().enumerate() {
            let hash = doc.sha256();
            match project.documents.iter().position(|d| d.sha256() == hash) {
                Some(j) => row.push(j),
                None => match project.documents.iter().position(|d| d.id == doc.id) {
                    Some(j) => {
                        found.clashes.push((i, k, j));
                        lacking.push(format!("its text differs in {}", names[k]));
                    }
                    None => lacking.push(format!("not in {}", names[k])),
                },
            }
        }
        if lacking.is_empty() {
            found.rows.push(Some(row));
        } else {
            found
                .unmatched
                .push(format!("\"{}\" ({})", doc.id, lacking.join(", ")));
            found.rows.push(None);
        }
    }
    for (k, project) in projects.iter().enumerate().skip(1) {
        for doc in &project.documents {
            let known = first
                .documents
                .iter()
                .any(|d| d.sha256() == doc.sha256() || d.id == doc.id);
            if !known {
                found
                    .unmatched
                    .push(format!("\"{}\" (only in {})", doc.id, names[k]));
            }
        }
    }
    found
}
