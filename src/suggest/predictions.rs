//! Labeled data from elsewhere (another tool, a model, a colleague) taken in as suggestions:
//! each imported annotation becomes a prediction of the document with the same text.

use crate::agreement::match_documents;
use crate::edit::Edit;
use crate::formats::labelstudio::PREDICTION_SCORE;
use crate::model::{Prediction, Project};

/// What an import as suggestions did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PredictionReport {
    /// Predictions added.
    pub predictions: usize,
    /// Imported documents no document of the project has the text of.
    pub unmatched: Vec<String>,
}

/// The edit that adds `imported`'s annotations to `project` as predictions of the documents with
/// the same text. The source is `source` when given, else each annotation's own: a Label Studio
/// prediction's model, or its author.
pub fn predictions_edit(
    project: &Project,
    imported: &Project,
    source: Option<&str>,
) -> (Edit, PredictionReport) {
    let names = ["project".to_owned(), "import".to_owned()];
    let matched = match_documents(&[imported, project], &names);
    let mut report = PredictionReport::default();
    let mut edits = Vec::new();
    for (i, row) in matched.rows.iter().enumerate() {
        let from = &imported.documents[i];
        let Some(row) = row else {
            report.unmatched.push(from.id.clone());
            continue;
        };
        let target = row[1];
        let mut predictions = project.documents[target].predictions.clone();
        for a in &from.annotations {
            let own = a
                .author
                .strip_prefix("prediction: ")
                .unwrap_or(&a.author)
                .to_owned();
            predictions.push(Prediction {
                fragments: a.fragments.clone(),
                label: a.label.clone(),
                source: source.map_or(own, str::to_owned),
                score: a
                    .attributes
                    .get(PREDICTION_SCORE)
                    .and_then(|s| s.parse().ok()),
            });
            report.predictions += 1;
        }
        predictions.sort_by(|a, b| {
            (&a.fragments, &a.label, &a.source).cmp(&(&b.fragments, &b.label, &b.source))
        });
        predictions.dedup_by(|a, b| {
            a.fragments == b.fragments && a.label == b.label && a.source == b.source
        });
        edits.push(Edit::SetPredictions {
            document: target,
            predictions,
        });
    }
    (Edit::Batch(edits), report)
}
