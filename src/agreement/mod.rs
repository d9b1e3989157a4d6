//! Inter-annotator agreement: span-level exact and overlap F1, token-level Cohen's κ and
//! Krippendorff's α, and a label confusion matrix, overall, per label and per document.
//!
//! The window's Agreement panel and `marginalia agree` both call [`compute`], so they always show
//! the same numbers. Tokens are those of the CoNLL exporter ([`crate::formats::tokens`]), cut at
//! the edges of every annotator's spans so all annotators label the same tokens; a token's label
//! is the innermost span covering it, or `O`.

mod fields;
mod matching;
mod measures;
mod spans;
mod table;
mod tokens;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

pub use fields::FieldAgreement;
pub use matching::{match_documents, DocumentMatch};
pub use measures::{cohen_kappa, encode_labels, krippendorff_alpha, MISSING};
pub use table::render_table;
pub use tokens::token_labels;

use measures::{f1, mean, std_dev};
use spans::{confusion_pairs, exact_counts, overlap_counts, relation_counts};
use tokens::{doc_tokens, DocTokens, Labels};

use crate::model::{Annotation, Document, Project};

/// The label of tokens no span covers.
pub const OUTSIDE: &str = "O";

/// One annotator's project, named.
pub struct Annotator<'p> {
    /// Shown in reports (usually the file name).
    pub name: String,
    /// Their project.
    pub project: &'p Project,
}

/// Scores for one slice of the data (everything, one label, or one document). `None` where a
/// score is undefined (nothing annotated, or no variation to agree on).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// 2·|A∩B| / (|A| + |B|), a match being the same label and fragments.
    pub exact_f1: Option<f64>,
    /// Like `exact_f1`, a match being the same label and any overlap, each span matched once.
    pub overlap_f1: Option<f64>,
    /// Token-level Cohen's κ (two annotators; the mean over pairs for more).
    pub cohen_kappa: Option<f64>,
    /// Token-level Krippendorff's α (nominal) over all annotators.
    pub krippendorff_alpha: Option<f64>,
    /// Exact-match F1 of relations: same kind, and both ends the same (label, fragments).
    /// Overall and per document; `None` per label and when nobody linked anything.
    pub relation_f1: Option<f64>,
}

/// Scores of one pair of annotators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairScores {
    /// First annotator's name.
    pub a: String,
    /// Second annotator's name.
    pub b: String,
    /// Their scores (α is for the pair).
    pub scores: Scores,
}

/// Counts of label pairs on spans both annotators marked with the same boundaries.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Confusion {
    /// Row and column labels.
    pub labels: Vec<String>,
    /// `counts[i][j]`: spans labelled `labels[i]` by the first and `labels[j]` by the second.
    pub counts: Vec<Vec<usize>>,
}

/// Everything `agree` reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AgreementReport {
    /// Annotator names, in input order.
    pub annotators: Vec<String>,
    /// Scores over all matched documents.
    pub overall: Scores,
    /// Scores per label.
    pub by_label: BTreeMap<String, Scores>,
    /// Scores per document (by the first annotator's document id).
    pub by_document: BTreeMap<String, Scores>,
    /// With three or more annotators: every pair.
    pub pairs: Vec<PairScores>,
    /// With three or more annotators: mean over pairs of each pairwise score (α here is the mean
    /// of pairwise α; `overall` holds α over all annotators at once).
    pub pairs_mean: Option<Scores>,
    /// With three or more annotators: standard deviation over pairs of each pairwise score.
    pub pairs_std: Option<Scores>,
    /// Label confusion on boundary-matched spans (summed over pairs).
    pub confusion: Confusion,
    /// Documents present in some projects but not all, which were left out of every score.
    pub unmatched_documents: Vec<String>,
    /// Agreement on each document field, over the matched documents.
    pub document_fields: BTreeMap<String, FieldAgreement>,
}

/// Why agreement could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    /// Fewer than two annotators.
    #[error("agreement needs at least two annotators")]
    TooFewAnnotators,
    /// Two projects hold a document with the same id but different text.
    #[error("document \"{first}\" of {first_annotator} and document \"{other}\" of {other_annotator} have the same id but different text")]
    SameIdOtherText {
        first: String,
        first_annotator: String,
        other: String,
        other_annotator: String,
    },
    /// No document is in every project.
    #[error("the projects share no document (compared by SHA-256 of the text, then by id): {}", .unmatched.join(", "))]
    NoSharedDocument { unmatched: Vec<String> },
}

fn select_label<'d>(d: &'d Document, label: Option<&str>) -> Vec<&'d Annotation> {
    d.annotations
        .iter()
        .filter(|a| label.is_none_or(|l| a.label == l))
        .map(|a| &**a)
        .collect()
}

/// Scores for a set of matched documents, optionally restricted to one label.
fn scores_for(
    matched: &[Vec<&Document>],
    tokens: &[&DocTokens],
    labels: &Labels,
    n: usize,
    label: Option<&str>,
) -> (Scores, Vec<Scores>) {
    let label_id = label.map(|l| labels.id(l) as usize);
    let k = if label_id.is_some() {
        2
    } else {
        labels.names.len()
    };
    // One label sequence per annotator, over all documents.
    let sequences: Vec<Vec<u32>> = (0..n)
        .map(|a| {
            let mut seq = Vec::new();
            for doc in tokens {
                match label_id {
                    None => seq.extend_from_slice(&doc.inner[a]),
                    Some(id) => seq.extend(doc.covered[id][a].iter().map(|&m| u32::from(m))),
                }
            }
            seq
        })
        .collect();
    let mut pair_scores = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let (mut etp, mut ea, mut eb) = (0, 0, 0);
            let (mut otp, mut oa, mut ob) = (0, 0, 0);
            for docs in matched {
                let (a, b) = (select_label(docs[i], label), select_label(docs[j], label));
                let (t, x, y) = exact_counts(&a, &b);
                etp += t;
                ea += x;
                eb += y;
                let (t, x, y) = overlap_counts(&a, &b);
                otp += t;
                oa += x;
                ob += y;
            }
            let (mut rtp, mut ra, mut rb) = (0, 0, 0);
            if label.is_none() {
                for docs in matched {
                    let (t, x, y) = relation_counts(docs[i], docs[j]);
                    rtp += t;
                    ra += x;
                    rb += y;
                }
            }
            pair_scores.push(Scores {
                relation_f1: f1(rtp, ra, rb),
                exact_f1: f1(etp, ea, eb),
                overlap_f1: f1(otp, oa, ob),
                cohen_kappa: cohen_kappa(&sequences[i], &sequences[j], k),
                // With two annotators the pair's α is the overall α, computed below.
                krippendorff_alpha: if n == 2 {
                    None
                } else {
                    krippendorff_alpha(&[&sequences[i], &sequences[j]], k)
                },
            });
        }
    }
    let refs: Vec<&[u32]> = sequences.iter().map(Vec::as_slice).collect();
    let alpha = krippendorff_alpha(&refs, k);
    let overall = if n == 2 {
        pair_scores[0].krippendorff_alpha = alpha;
        Scores {
            krippendorff_alpha: alpha,
            ..pair_scores[0].clone()
        }
    } else {
        Scores {
            krippendorff_alpha: alpha,
            ..summarize(&pair_scores, mean)
        }
    };
    (overall, pair_scores)
}

/// Each score summarized over pairs with `over` (mean or standard deviation).
fn summarize(pairs: &[Scores], over: fn(std::vec::IntoIter<Option<f64>>) -> Option<f64>) -> Scores {
    let column = |get: fn(&Scores) -> Option<f64>| {
        over(pairs.iter().map(get).collect::<Vec<_>>().into_iter())
    };
    Scores {
        exact_f1: column(|s| s.exact_f1),
        overlap_f1: column(|s| s.overlap_f1),
        cohen_kappa: column(|s| s.cohen_kappa),
        krippendorff_alpha: column(|s| s.krippendorff_alpha),
        relation_f1: column(|s| s.relation_f1),
    }
}

/// Annotator names from file names, so reports read "alice vs bob"; when two files share a
/// name, their whole paths tell them apart.
pub fn annotator_names(paths: &[std::path::PathBuf]) -> Vec<String> {
    let stems: Vec<String> = paths
        .iter()
        .map(|p| {
            p.file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        })
        .collect();
    stems
        .iter()
        .zip(paths)
        .map(|(stem, path)| {
            if stems.iter().filter(|s| *s == stem).count() > 1 {
                path.display().to_string()
            } else {
                stem.clone()
            }
        })
        .collect()
}

/// Each matched document as every annotator's copy (`docs[k][a]`), and the documents not in
/// every project. The same id with another text is an error: the projects are not of the same
/// articles.
fn matched_documents<'p>(
    annotators: &[Annotator<'p>],
) -> Result<(Vec<Vec<&'p Document>>, Vec<String>), AgreementError> {
    let projects: Vec<&Project> = annotators.iter().map(|a| a.project).collect();
    let names: Vec<String> = annotators.iter().map(|a| a.name.clone()).collect();
    let found = match_documents(&projects, &names);
    if let Some(&(i, k, j)) = found.clashes.first() {
        return Err(AgreementError::SameIdOtherText {
            first: projects[0].documents[i].id.clone(),
            first_annotator: names[0].clone(),
            other: projects[k].documents[j].id.clone(),
            other_annotator: names[k].clone(),
        });
    }
    let docs = found
        .rows
        .iter()
        .flatten()
        .map(|row| {
            row.iter()
                .zip(&projects)
                .map(|(&j, p)| &p.documents[j])
                .collect()
        })
        .collect();
    Ok((docs, found.unmatched))
}

/// Compute every agreement figure for two or more annotators.
pub fn compute(annotators: &[Annotator<'_>]) -> Result<AgreementReport, AgreementError> {
    if annotators.len() < 2 {
        return Err(AgreementError::TooFewAnnotators);
    }
    let (docs, unmatched) = matched_documents(annotators)?;
    if docs.is_empty() {
        return Err(AgreementError::NoSharedDocument { unmatched });
    }
    let n = annotators.len();
    let mut labels = BTreeSet::new();
    for docs in &docs {
        for d in docs {
            for a in &d.annotations {
                labels.insert(a.label.clone());
            }
        }
    }
    // Tokenize each document once; every score below reuses it.
    let ids = Labels::new(&labels);
    let tokens: Vec<DocTokens> = docs.iter().map(|docs| doc_tokens(docs, &ids)).collect();
    let all_tokens: Vec<&DocTokens> = tokens.iter().collect();
    // The overall scores and each label's are independent: one thread each.
    let (overall, pair_scores, by_label) = std::thread::scope(|scope| {
        let per_label: Vec<_> = labels
            .iter()
            .map(|l| {
                let (docs, all_tokens, ids) = (&docs, &all_tokens, &ids);
                scope.spawn(move || scores_for(docs, all_tokens, ids, n, Some(l.as_str())).0)
            })
            .collect();
        let (overall, pair_scores) = scores_for(&docs, &all_tokens, &ids, n, None);
        let by_label: BTreeMap<String, Scores> = labels
            .iter()
            .zip(per_label)
            .map(|(l, h)| (l.clone(), h.join().unwrap_or_default()))
            .collect();
        (overall, pair_scores, by_label)
    });
    let by_document = docs
        .iter()
        .zip(&tokens)
        .map(|(docs, t)| {
            let scores = if docs.len() == 1 {
                overall.clone()
            } else {
                scores_for(std::slice::from_ref(docs), &[t], &ids, n, None).0
            };
            (docs[0].id.clone(), scores)
        })
        .collect();
    let mut pairs = Vec::new();
    let mut k = 0;
    for i in 0..n {
        for j in i + 1..n {
            pairs.push(PairScores {
                a: annotators[i].name.clone(),
                b: annotators[j].name.clone(),
                scores: pair_scores[k].clone(),
            });
            k += 1;
        }
    }
    let pairs_mean = (n > 2).then(|| summarize(&pair_scores, mean));
    let pairs_std = (n > 2).then(|| summarize(&pair_scores, std_dev));
    let mut counts = BTreeMap::new();
    for docs in &docs {
        for i in 0..n {
            for j in i + 1..n {
                let a: Vec<&Annotation> = docs[i].annotations.iter().map(|x| &**x).collect();
                let b: Vec<&Annotation> = docs[j].annotations.iter().map(|x| &**x).collect();
                confusion_pairs(&a, &b, &mut counts);
            }
        }
    }
    let labels: Vec<String> = labels.into_iter().collect();
    let index: HashMap<&str, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i))
        .collect();
    let mut grid = vec![vec![0; labels.len()]; labels.len()];
    for ((x, y), c) in counts {
        if let (Some(&i), Some(&j)) = (index.get(x.as_str()), index.get(y.as_str())) {
            grid[i][j] += c;
        }
    }
    Ok(AgreementReport {
        annotators: annotators.iter().map(|a| a.name.clone()).collect(),
        overall,
        by_label,
        by_document,
        pairs: if n > 2 { pairs } else { Vec::new() },
        pairs_mean,
        pairs_std,
        confusion: Confusion {
            labels,
            counts: grid,
        },
        unmatched_documents: unmatched,
        document_fields: fields::field_agreement(annotators, &docs),
    })
}
