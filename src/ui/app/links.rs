//! Links between annotations: add, remove, change their kind.

use super::*;

impl MarginaliaApp {
    /// Carry out a change to links.
    pub(super) fn handle_link(&mut self, action: LinkAction) {
        let doc_index = self.session.document;
        match action {
            LinkAction::Add(from, to) => {
                let Some(doc) = self.session.document() else {
                    return;
                };
                let (Some(a), Some(b)) = (doc.annotation(from), doc.annotation(to)) else {
                    return;
                };
                let kind = self
                    .session
                    .project()
                    .schema
                    .relation_kind_for(&a.label, &b.label);
                let description = format!("link {kind}");
                let result = crate::edit::draft_relation(&kind, from, to).and_then(|relation| {
                    self.session.apply(
                        Edit::AddRelation {
                            document: doc_index,
                            relation,
                        },
                        &description,
                    )
                });
                self.view.linking_from = None;
                self.view.selected = Some(from);
                match result {
                    Ok(()) => self.notes.info(format!(
                        "Linked as {kind}. Change the kind or remove the link in the inspector."
                    )),
                    Err(err) => self.notes.error(err.to_string()),
                }
            }
            LinkAction::Remove(id) => {
                let result = self.session.apply(
                    Edit::RemoveRelation {
                        document: doc_index,
                        id,
                    },
                    "remove link",
                );
                self.report(result);
            }
            LinkAction::SetKind(id, kind) => {
                let Some(rel) = self
                    .session
                    .document()
                    .and_then(|d| d.relations.iter().find(|r| r.id == id))
                    .cloned()
                else {
                    return;
                };
                let mut changed = rel.clone();
                changed.kind = kind;
                let edit = Edit::Batch(vec![
                    Edit::RemoveRelation {
                        document: doc_index,
                        id,
                    },
                    Edit::AddRelation {
                        document: doc_index,
                        relation: changed,
                    },
                ]);
                let result = self.session.apply(edit, "change link kind");
                self.report(result);
            }
        }
    }
}
