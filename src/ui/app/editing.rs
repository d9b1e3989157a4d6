//! Changes to annotations: each annotation action carried out, and the changes the window
//! composes from several steps (edges, bulk tagging, purging rejected ones).

use super::*;

impl MarginaliaApp {
    /// Delete every rejected annotation of the document, as one undo step.
    pub(super) fn purge_rejected(&mut self) {
        let doc_index = self.session.document;
        let Some(doc) = self.session.document() else {
            return;
        };
        let edits: Vec<Edit> = doc
            .annotations
            .iter()
            .filter(|a| a.review.status == ReviewStatus::Rejected)
            .map(|a| Edit::Remove {
                document: doc_index,
                id: a.id,
            })
            .collect();
        let n = edits.len();
        if n == 0 {
            self.notes.info("No rejected annotations to purge.");
            return;
        }
        match self
            .session
            .apply(Edit::Batch(edits), &format!("purge {n} rejected"))
        {
            Ok(()) => self.notes.info(format!(
                "Purged {n} rejected annotations (Ctrl+Z brings them back)."
            )),
            Err(err) => self.notes.error(err.to_string()),
        }
    }

    /// Carry out a change to annotations.
    pub(super) fn handle_annotation(&mut self, action: AnnotationAction) {
        let doc_index = self.session.document;
        match action {
            AnnotationAction::TagSelection(label) => self.tag_selection(&label),
            AnnotationAction::Relabel(id, label) => {
                self.update_annotation(id, &format!("relabel as {label}"), |a| {
                    a.label = label.clone()
                })
            }
            AnnotationAction::Delete(id) => {
                let result = self.session.apply(
                    Edit::Remove {
                        document: doc_index,
                        id,
                    },
                    "delete",
                );
                if result.is_ok() && self.view.selected == Some(id) {
                    self.view.selected = None;
                }
                self.report(result);
            }
            AnnotationAction::AddFragment(id, fragment) => {
                let Some(mut fragments) = self
                    .session
                    .document()
                    .and_then(|d| d.annotation(id))
                    .map(|a| a.fragments.clone())
                else {
                    return;
                };
                fragments.push(fragment);
                self.set_fragments(id, &fragments, "add fragment");
            }
            AnnotationAction::SetFragments(id, fragments) => {
                self.set_fragments(id, &fragments, "adjust boundaries")
            }
            AnnotationAction::AdjustEdge {
                start,
                delta,
                by_word,
            } => self.adjust_edge(start, delta, by_word),
            AnnotationAction::SetNote(id, note) => {
                self.update_annotation(id, "edit note", |a| a.note = note.clone())
            }
            AnnotationAction::SetStatus(id, status) => {
                let reviewer = self.author();
                self.update_annotation(id, &format!("mark {}", status.as_str()), |a| {
                    a.review.status = status;
                    if status == ReviewStatus::Pending {
                        a.review.reviewer = None;
                        a.review.time = None;
                    } else {
                        a.review.reviewer = Some(reviewer.clone());
                        a.review.time = Some(now_rfc3339());
                    }
                });
            }
            AnnotationAction::SetReviewComment(id, comment) => {
                let reviewer = self.author();
                self.update_annotation(id, "comment", |a| {
                    a.review.comment = comment.clone();
                    a.review.reviewer = Some(reviewer.clone());
                    a.review.time = Some(now_rfc3339());
                });
            }
            AnnotationAction::TagAllMatches(label) => self.tag_all_matches(&label),
            AnnotationAction::SetAttribute(id, name, value) => {
                self.update_annotation(id, &format!("set {name}"), |a| match &value {
                    Some(v) => {
                        a.attributes.insert(name.clone(), v.clone());
                    }
                    None => {
                        a.attributes.remove(&name);
                    }
                })
            }
            AnnotationAction::SetDocStatus(index, status) => {
                self.session.set_doc_status(index, status)
            }
            AnnotationAction::SetDocField(index, field, values) => {
                let result = self.session.set_doc_field(index, &field, values);
                self.report(result);
            }
        }
    }

    /// Turn the text selection into an annotation with `label`, and select it.
    fn tag_selection(&mut self, label: &str) {
        let doc_index = self.session.document;
        let Some((s, e)) = self.view.selection else {
            self.notes
                .info("Select some text first, then press a label key.");
            return;
        };
        let author = self.author();
        let result = crate::edit::draft_annotation(
            self.session.project(),
            doc_index,
            label,
            &[Fragment::new(s, e)],
            &author,
        )
        .and_then(|ann| {
            self.session.apply(
                Edit::Add {
                    document: doc_index,
                    annotation: ann,
                },
                &format!("tag as {label}"),
            )
        });
        match result {
            Ok(()) => {
                self.view.selection = None;
                self.view.selected = self.session.history.last_added().map(|(_, id)| id);
            }
            Err(err) => self.notes.error(err.to_string()),
        }
    }

    /// Give annotation `id` new fragments (covered text and modified time follow), as one step.
    pub(super) fn set_fragments(&mut self, id: u64, fragments: &[Fragment], description: &str) {
        let doc_index = self.session.document;
        let Some(ann) = self
            .session
            .document()
            .and_then(|d| d.annotation(id))
            .cloned()
        else {
            return;
        };
        let result = with_fragments(self.session.project(), doc_index, &ann, fragments).and_then(
            |changed| {
                self.session.apply(
                    Edit::Update {
                        document: doc_index,
                        annotation: changed,
                    },
                    description,
                )
            },
        );
        self.report(result);
    }

    pub(super) fn update_annotation(
        &mut self,
        id: u64,
        description: &str,
        change: impl FnOnce(&mut crate::model::Annotation),
    ) {
        let doc_index = self.session.document;
        let Some(mut ann) = self
            .session
            .document()
            .and_then(|d| d.annotation(id))
            .cloned()
        else {
            return;
        };
        let before = ann.clone();
        change(&mut ann);
        if ann == before {
            return;
        }
        ann.modified = now_rfc3339();
        let result = self.session.apply(
            Edit::Update {
                document: doc_index,
                annotation: ann,
            },
            description,
        );
        self.report(result);
    }

    /// Move one edge of the selected annotation by a character or a word. Growing skips over
    /// whitespace so an edge never lands on it; no move ever cuts a grapheme cluster.
    pub(super) fn adjust_edge(&mut self, start: bool, delta: i32, by_word: bool) {
        let Some(id) = self.view.selected else { return };
        let Some(doc) = self.session.document() else {
            return;
        };
        let Some(ann) = doc.annotation(id) else {
            return;
        };
        let mut fragments = ann.fragments.clone();
        let (Some(first), Some(last)) = (fragments.first().copied(), fragments.last().copied())
        else {
            return;
        };
        let (text, offsets, len) = (doc.text(), doc.offsets(), doc.char_len());
        let (lo, hi) = (first.start, last.end);
        let forward = delta > 0;
        let growing = start != forward;
        let span = if by_word {
            let Some(edge) =
                next_word_edge(text, offsets, if start { lo } else { hi }, forward, start)
            else {
                return;
            };
            if start {
                (edge, hi)
            } else {
                (lo, edge)
            }
        } else {
            let mut found = None;
            for step in 1..=64 {
                let (a, b) = if start {
                    (
                        if forward {
                            lo + step
                        } else {
                            lo.saturating_sub(step)
                        },
                        hi,
                    )
                } else {
                    (
                        lo,
                        if forward {
                            (hi + step).min(len)
                        } else {
                            hi.saturating_sub(step)
                        },
                    )
                };
                if a >= b {
                    break;
                }
                let Some((a2, b2)) = snap_span(text, offsets, a, b, Snap::Character) else {
                    break;
                };
                let changed = if growing {
                    a2 < lo || b2 > hi
                } else {
                    a2 > lo || b2 < hi
                };
                if changed {
                    found = Some((a2, b2));
                    break;
                }
                if !growing {
                    break;
                }
            }
            let Some(span) = found else { return };
            span
        };
        if span.0 >= span.1 {
            return;
        }
        fragments[0].start = span.0;
        let n = fragments.len() - 1;
        fragments[n].end = span.1;
        if fragments.iter().any(|f| f.start >= f.end) {
            return;
        }
        self.actions
            .push(Action::Annotation(AnnotationAction::SetFragments(
                id, fragments,
            )));
    }

    pub(super) fn step_annotation(&mut self, forward: bool) {
        let Some(doc) = self.session.document() else {
            return;
        };
        let current = self.view.selected.and_then(|id| doc.annotation_index(id));
        let n = doc.annotations.len();
        // In review mode the whole corpus is one sequence: past the last annotation of a
        // document comes the first of the next one that has any.
        let docs = self.session.project().documents.len();
        let at_edge = n == 0 || current.is_some_and(|i| if forward { i + 1 == n } else { i == 0 });
        if self.review_mode && docs > 1 && at_edge {
            let here = self.session.document;
            let candidates: Vec<usize> = if forward {
                (1..docs).map(|k| (here + k) % docs).collect()
            } else {
                (1..docs).map(|k| (here + docs - k) % docs).collect()
            };
            if let Some(&target) = candidates
                .iter()
                .find(|&&d| !self.session.project().documents[d].annotations.is_empty())
            {
                self.actions
                    .push(Action::Navigation(NavigationAction::ShowDocument(target)));
                self.actions
                    .push(Action::Navigation(NavigationAction::SelectEdge(forward)));
                return;
            }
        }
        if n == 0 {
            return;
        }
        // Review starts where the work is: the first annotation nobody has decided yet.
        if self.review_mode && forward && current.is_none() {
            if let Some(a) = doc
                .annotations
                .iter()
                .find(|a| a.review.status == ReviewStatus::Pending)
            {
                let id = a.id;
                self.view.select_annotation(doc, id);
                return;
            }
        }
        let next = match current {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None if forward => doc
                .annotations
                .partition_point(|a| a.start() < self.view.caret)
                .min(n - 1),
            None => doc
                .annotations
                .partition_point(|a| a.start() < self.view.caret)
                .saturating_sub(1),
        };
        let id = doc.annotations[next].id;
        self.view.select_annotation(doc, id);
    }

    pub(super) fn tag_all_matches(&mut self, label: &str) {
        let doc_index = self.session.document;
        let author = self.author();
        let Some(doc) = self.session.document() else {
            return;
        };
        let covered = covered_by_label(doc, label);
        let matches: Vec<(usize, usize)> = self
            .view
            .find_matches
            .iter()
            .copied()
            .filter(|&(s, e)| !covered(s, e))
            .collect();
        let skipped = self.view.find_matches.len() - matches.len();
        if matches.is_empty() {
            // Nothing changes, so nothing is recorded for undo.
            self.notes.info(format!(
                "Tagged 0 matches: all {skipped} are already tagged as {label}"
            ));
            return;
        }
        let mut edits = Vec::new();
        for (s, e) in &matches {
            match crate::edit::draft_annotation(
                self.session.project(),
                doc_index,
                label,
                &[Fragment::new(*s, *e)],
                &author,
            ) {
                Ok(annotation) => edits.push(Edit::Add {
                    document: doc_index,
                    annotation,
                }),
                Err(err) => {
                    self.notes.error(err.to_string());
                    return;
                }
            }
        }
        let count = edits.len();
        match self.session.apply(
            Edit::Batch(edits),
            &format!("tag {count} matches as {label}"),
        ) {
            Ok(()) => self.notes.info(format!(
                "Tagged {count} matches as {label}{}",
                if skipped > 0 {
                    format!("; {skipped} were already tagged as {label}")
                } else {
                    String::new()
                }
            )),
            Err(err) => self.notes.error(err.to_string()),
        }
    }
}

/// A test of whether `[start, end)` already lies inside one fragment of an annotation labelled
/// `label` (tagging it again would nest a duplicate). Sorted fragments with a running maximum of
/// their ends answer each query by binary search, so tagging every match of a book stays fast.
fn covered_by_label(doc: &crate::model::Document, label: &str) -> impl Fn(usize, usize) -> bool {
    let mut fragments: Vec<(usize, usize)> = doc
        .annotations
        .iter()
        .filter(|a| a.label == label)
        .flat_map(|a| a.fragments.iter().map(|f| (f.start, f.end)))
        .collect();
    fragments.sort_unstable();
    let mut reach = Vec::with_capacity(fragments.len());
    let mut max_end = 0;
    for &(_, end) in &fragments {
        max_end = max_end.max(end);
        reach.push(max_end);
    }
    move |start, end| {
        let n = fragments.partition_point(|&(s, _)| s <= start);
        n > 0 && reach[n - 1] >= end
    }
}
