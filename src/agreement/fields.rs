//! Agreement on document fields: each field is a nominal judgement per document, so κ and α are
//! computed over documents rather than tokens. A multiple-choice answer counts as one category
//! (the set of values chosen), and a document an annotator left unanswered is missing for them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::measures::{cohen_kappa, encode_labels, krippendorff_alpha, mean};
use super::Annotator;
use crate::model::Document;

/// Agreement on one document field.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FieldAgreement {
    /// Cohen's κ over the documents both annotators answered (with more than two, the mean over
    /// pairs); `None` when undefined.
    pub kappa: Option<f64>,
    /// Krippendorff's α (nominal) over all annotators, documents with fewer than two answers
    /// left out; `None` when undefined.
    pub alpha: Option<f64>,
    /// Documents at least two annotators answered: the units both measures can use.
    pub documents: usize,
}

/// The field names any annotator's schema or any matched document has, sorted.
fn field_names(annotators: &[Annotator<'_>], matched: &[Vec<&Document>]) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = annotators
        .iter()
        .flat_map(|a| a.project.schema.fields.iter().map(|f| f.name.clone()))
        .collect();
    for docs in matched {
        for d in docs {
            names.extend(d.fields.keys().cloned());
        }
    }
    names
}

/// κ, α and the number of usable documents for every document field.
pub(super) fn field_agreement(
    annotators: &[Annotator<'_>],
    matched: &[Vec<&Document>],
) -> BTreeMap<String, FieldAgreement> {
    let n = annotators.len();
    field_names(annotators, matched)
        .into_iter()
        .map(|name| {
            // One answer per annotator per document: the chosen values joined, or missing.
            let answers: Vec<Vec<Option<String>>> = (0..n)
                .map(|a| {
                    matched
                        .iter()
                        .map(|docs| {
                            let values = docs[a].field_values(&name);
                            (!values.is_empty()).then(|| values.join(" + "))
                        })
                        .collect()
                })
                .collect();
            let (coded, k) = encode_labels(&answers);
            let documents = (0..matched.len())
                .filter(|&u| answers.iter().filter(|a| a[u].is_some()).count() >= 2)
                .count();
            let mut kappas = Vec::new();
            for i in 0..n {
                for j in i + 1..n {
                    kappas.push(cohen_kappa(&coded[i], &coded[j], k));
                }
            }
            let refs: Vec<&[u32]> = coded.iter().map(Vec::as_slice).collect();
            let scores = FieldAgreement {
                kappa: mean(kappas.into_iter()),
                alpha: krippendorff_alpha(&refs, k),
                documents,
            };
            (name, scores)
        })
        .collect()
}
