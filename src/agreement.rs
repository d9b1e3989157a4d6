//! Inter-annotator agreement: span-level exact and overlap F1, token-level Cohen's κ and
//! Krippendorff's α, and a label confusion matrix, overall, per label and per document.
//!
//! The window's Agreement panel and `marginalia agree` both call [`compute`], so they always show
//! the same numbers. Tokens are those of the CoNLL exporter ([`crate::formats::tokens`]), cut at
//! the edges of every annotator's spans so all annotators label the same tokens; a token's label
//! is the innermost span covering it, or `O`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::Serialize;

use crate::formats::tokens::tokenize;
use crate::model::{Annotation, Document, Fragment, Project};

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
}

/// Why agreement could not be computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementError(pub String);

impl fmt::Display for AgreementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AgreementError {}

/// Documents matched across annotators: `docs[k][a]` is annotator `a`'s copy of document `k`.
struct Matched<'p> {
    docs: Vec<Vec<&'p Document>>,
    unmatched: Vec<String>,
}

/// Match documents by SHA-256, then by id. The same id with different text is an error.
fn match_documents<'p>(annotators: &[Annotator<'p>]) -> Result<Matched<'p>, AgreementError> {
    let first = annotators[0].project;
    let mut docs = Vec::new();
    let mut unmatched = BTreeSet::new();
    for doc in &first.documents {
        let mut row = vec![doc];
        for other in &annotators[1..] {
            let by_hash = other
                .project
                .documents
                .iter()
                .find(|d| d.sha256() == doc.sha256());
            let found = match by_hash {
                Some(d) => Some(d),
                None => match other.project.documents.iter().find(|d| d.id == doc.id) {
                    Some(d) => {
                        return Err(AgreementError(format!(
                            "document \"{}\" of {} and document \"{}\" of {} have the same id but different text",
                            doc.id, annotators[0].name, d.id, other.name
                        )))
                    }
                    None => None,
                },
            };
            match found {
                Some(d) => row.push(d),
                None => {
                    unmatched.insert(format!("\"{}\" (only in {})", doc.id, annotators[0].name));
                    break;
                }
            }
        }
        if row.len() == annotators.len() {
            docs.push(row);
        }
    }
    for other in &annotators[1..] {
        for d in &other.project.documents {
            if !first
                .documents
                .iter()
                .any(|f| f.sha256() == d.sha256() || f.id == d.id)
            {
                unmatched.insert(format!("\"{}\" (only in {})", d.id, other.name));
            }
        }
    }
    Ok(Matched {
        docs,
        unmatched: unmatched.into_iter().collect(),
    })
}

fn f1(tp: usize, a: usize, b: usize) -> Option<f64> {
    (a + b > 0).then(|| 2.0 * tp as f64 / (a + b) as f64)
}

/// (true positives, |A|, |B|) for exact matches of (label, fragments), as multisets.
fn exact_counts(a: &[&Annotation], b: &[&Annotation]) -> (usize, usize, usize) {
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
fn overlap_counts(a: &[&Annotation], b: &[&Annotation]) -> (usize, usize, usize) {
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

/// Tokens of one matched document and every annotator's labels on them, as small integers
/// (0 is `O`), computed once and shared by the overall and per-label scores.
struct DocTokens {
    /// Innermost covering label per annotator per token.
    inner: Vec<Vec<u32>>,
    /// Per label id (index 1..), per annotator: is the token inside a span of that label.
    covered: Vec<Vec<Vec<bool>>>,
}

/// Label names and their ids; id 0 is `O`.
struct Labels {
    names: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Labels {
    fn new(names: &BTreeSet<String>) -> Self {
        let mut all = vec![OUTSIDE.to_owned()];
        all.extend(names.iter().cloned());
        let ids = all
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        Self { names: all, ids }
    }
    fn id(&self, name: &str) -> u32 {
        self.ids.get(name).copied().unwrap_or(0)
    }
}

fn doc_tokens(docs: &[&Document], labels: &Labels) -> DocTokens {
    let mut cuts = Vec::new();
    for d in docs {
        for a in &d.annotations {
            for f in &a.fragments {
                cuts.push(f.start);
                cuts.push(f.end);
            }
        }
    }
    let tokens = tokenize(docs[0].text(), &cuts);
    let starts: Vec<usize> = tokens.iter().map(|t| t.0).collect();
    let n_labels = labels.names.len();
    let mut inner = Vec::with_capacity(docs.len());
    let mut covered = vec![Vec::with_capacity(docs.len()); n_labels];
    for d in docs {
        // Innermost span per token: sweep spans sorted by start with an active set.
        let mut spans: Vec<(usize, usize, u32)> = d
            .annotations
            .iter()
            .flat_map(|a| {
                let id = labels.id(&a.label);
                a.fragments.iter().map(move |f| (f.start, f.end, id))
            })
            .collect();
        spans.sort_unstable();
        let mut next = 0;
        let mut active: Vec<(usize, usize, u32)> = Vec::new();
        let ids: Vec<u32> = tokens
            .iter()
            .map(|&(s, e)| {
                while next < spans.len() && spans[next].0 <= s {
                    active.push(spans[next]);
                    next += 1;
                }
                active.retain(|sp| sp.1 > s);
                active
                    .iter()
                    .filter(|sp| sp.0 <= s && e <= sp.1)
                    .min_by_key(|sp| (sp.1 - sp.0, sp.0))
                    .map_or(0, |sp| sp.2)
            })
            .collect();
        inner.push(ids);
        // Per label: a difference array over token indices, from each span's first to last token.
        let mut diff = vec![vec![0i32; tokens.len() + 1]; n_labels];
        for &(s, e, id) in &spans {
            let first = starts.partition_point(|&t| t < s);
            let last = starts.partition_point(|&t| t < e);
            if first < last {
                diff[id as usize][first] += 1;
                diff[id as usize][last] -= 1;
            }
        }
        for (label, d) in diff.into_iter().enumerate() {
            let mut running = 0;
            let marks: Vec<bool> = d[..tokens.len()]
                .iter()
                .map(|x| {
                    running += x;
                    running > 0
                })
                .collect();
            covered[label].push(marks);
        }
    }
    DocTokens { inner, covered }
}

/// Token labels of one matched document for each annotator: the innermost covering span's
/// label, or `O`; with `only`, that label or `O`. For inspection and tests.
pub fn token_labels(docs: &[&Document], only: Option<&str>) -> Vec<Vec<String>> {
    let mut names = BTreeSet::new();
    for d in docs {
        for a in &d.annotations {
            names.insert(a.label.clone());
        }
    }
    let labels = Labels::new(&names);
    let tokens = doc_tokens(docs, &labels);
    match only {
        None => tokens
            .inner
            .iter()
            .map(|ids| {
                ids.iter()
                    .map(|&i| labels.names[i as usize].clone())
                    .collect()
            })
            .collect(),
        Some(l) => {
            let id = labels.id(l) as usize;
            tokens.covered[id]
                .iter()
                .map(|marks| {
                    marks
                        .iter()
                        .map(|&m| if m { l.to_owned() } else { OUTSIDE.to_owned() })
                        .collect()
                })
                .collect()
        }
    }
}

/// Cohen's κ between two label sequences of equal length.
pub fn cohen_kappa<T: Eq + std::hash::Hash>(a: &[T], b: &[T]) -> Option<f64> {
    let n = a.len();
    if n == 0 || n != b.len() {
        return None;
    }
    let mut agree = 0usize;
    let mut ca: HashMap<&T, usize> = HashMap::new();
    let mut cb: HashMap<&T, usize> = HashMap::new();
    for (x, y) in a.iter().zip(b) {
        if x == y {
            agree += 1;
        }
        *ca.entry(x).or_insert(0) += 1;
        *cb.entry(y).or_insert(0) += 1;
    }
    let n = n as f64;
    let po = agree as f64 / n;
    let pe: f64 = ca
        .iter()
        .map(|(k, &c)| c as f64 * *cb.get(k).unwrap_or(&0) as f64)
        .sum::<f64>()
        / (n * n);
    if (1.0 - pe).abs() < 1e-12 {
        return None;
    }
    Some((po - pe) / (1.0 - pe))
}

/// Krippendorff's α (nominal) for complete data: `units[u][c]` is coder `c`'s value for unit `u`.
pub fn krippendorff_alpha<T: Eq + std::hash::Hash + Clone>(units: &[Vec<T>]) -> Option<f64> {
    let mut o: HashMap<(T, T), f64> = HashMap::new();
    let mut counts: HashMap<&T, usize> = HashMap::new();
    for unit in units {
        let m = unit.len();
        if m < 2 {
            continue;
        }
        counts.clear();
        for v in unit {
            *counts.entry(v).or_insert(0) += 1;
        }
        let w = 1.0 / (m as f64 - 1.0);
        for (&c, &nc) in &counts {
            for (&k, &nk) in &counts {
                let pairs = if c == k { nc * (nc - 1) } else { nc * nk };
                if pairs > 0 {
                    *o.entry((c.clone(), k.clone())).or_insert(0.0) += pairs as f64 * w;
                }
            }
        }
    }
    alpha_from_coincidences(o.into_iter())
}

/// α from the coincidence matrix entries ((value, value), weight).
fn alpha_from_coincidences<T: Eq + std::hash::Hash + Clone>(
    o: impl Iterator<Item = ((T, T), f64)>,
) -> Option<f64> {
    let o: Vec<((T, T), f64)> = o.collect();
    let mut n_c: HashMap<T, f64> = HashMap::new();
    for ((c, _), v) in &o {
        *n_c.entry(c.clone()).or_insert(0.0) += v;
    }
    let n: f64 = n_c.values().sum();
    if n <= 1.0 {
        return None;
    }
    let d_o: f64 = o
        .iter()
        .filter(|((c, k), _)| c != k)
        .map(|(_, v)| v)
        .sum::<f64>()
        / n;
    let total: f64 = n_c.values().sum();
    let squares: f64 = n_c.values().map(|v| v * v).sum();
    let d_e = (total * total - squares) / (n * (n - 1.0));
    if d_e <= 0.0 {
        return None;
    }
    Some(1.0 - d_o / d_e)
}

/// Cohen's κ over label ids below `k`, with dense counts (the hot path: millions of tokens).
fn kappa_ids(a: &[u32], b: &[u32], k: usize) -> Option<f64> {
    let n = a.len();
    if n == 0 || n != b.len() {
        return None;
    }
    let mut ca = vec![0u64; k];
    let mut cb = vec![0u64; k];
    let mut agree = 0u64;
    for (&x, &y) in a.iter().zip(b) {
        ca[x as usize] += 1;
        cb[y as usize] += 1;
        agree += u64::from(x == y);
    }
    let n = n as f64;
    let po = agree as f64 / n;
    let pe: f64 = ca
        .iter()
        .zip(&cb)
        .map(|(&x, &y)| x as f64 * y as f64)
        .sum::<f64>()
        / (n * n);
    if (1.0 - pe).abs() < 1e-12 {
        return None;
    }
    Some((po - pe) / (1.0 - pe))
}

/// Krippendorff's α (nominal) over token units given as one sequence of label ids below `k` per
/// coder, with a dense coincidence matrix.
fn alpha_ids(coders: &[&[u32]], k: usize) -> Option<f64> {
    let m = coders.len();
    if m < 2 {
        return None;
    }
    let len = coders[0].len();
    let w = 1.0 / (m as f64 - 1.0);
    let mut o = vec![0f64; k * k];
    for t in 0..len {
        for x in 0..m {
            let a = coders[x][t] as usize;
            for (y, coder) in coders.iter().enumerate() {
                if x != y {
                    o[a * k + coder[t] as usize] += w;
                }
            }
        }
    }
    let n_c: Vec<f64> = (0..k).map(|c| o[c * k..(c + 1) * k].iter().sum()).collect();
    let n: f64 = n_c.iter().sum();
    if n <= 1.0 {
        return None;
    }
    let disagree: f64 = (0..k)
        .flat_map(|c| (0..k).filter(move |&x| x != c).map(move |x| (c, x)))
        .map(|(c, x)| o[c * k + x])
        .sum();
    let d_o = disagree / n;
    let squares: f64 = n_c.iter().map(|v| v * v).sum();
    let d_e = (n * n - squares) / (n * (n - 1.0));
    if d_e <= 0.0 {
        return None;
    }
    Some(1.0 - d_o / d_e)
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
                cohen_kappa: kappa_ids(&sequences[i], &sequences[j], k),
                krippendorff_alpha: alpha_ids(&[&sequences[i], &sequences[j]], k),
            });
        }
    }
    let refs: Vec<&[u32]> = sequences.iter().map(Vec::as_slice).collect();
    let alpha = alpha_ids(&refs, k);
    let overall = if n == 2 {
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

/// (true positives, |A|, |B|) for relations matched by kind and both ends' (label, fragments).
fn relation_counts(a: &Document, b: &Document) -> (usize, usize, usize) {
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

fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
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

fn std_dev(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().collect();
    let m = mean(v.iter().map(|x| Some(*x)))?;
    Some((v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt())
}

/// Pair up boundary-identical spans of two annotators and count their label pairs.
fn confusion_pairs<'a>(
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

/// Compute every agreement figure for two or more annotators.
pub fn compute(annotators: &[Annotator<'_>]) -> Result<AgreementReport, AgreementError> {
    if annotators.len() < 2 {
        return Err(AgreementError(
            "agreement needs at least two annotators".into(),
        ));
    }
    let matched = match_documents(annotators)?;
    if matched.docs.is_empty() {
        return Err(AgreementError(format!(
            "the projects share no document (compared by SHA-256 of the text, then by id): {}",
            matched.unmatched.join(", ")
        )));
    }
    let n = annotators.len();
    let mut labels = BTreeSet::new();
    for docs in &matched.docs {
        for d in docs {
            for a in &d.annotations {
                labels.insert(a.label.clone());
            }
        }
    }
    // Tokenize each document once; every score below reuses it.
    let ids = Labels::new(&labels);
    let tokens: Vec<DocTokens> = matched
        .docs
        .iter()
        .map(|docs| doc_tokens(docs, &ids))
        .collect();
    let all_tokens: Vec<&DocTokens> = tokens.iter().collect();
    let (overall, pair_scores) = scores_for(&matched.docs, &all_tokens, &ids, n, None);
    let by_label = labels
        .iter()
        .map(|l| {
            (
                l.clone(),
                scores_for(&matched.docs, &all_tokens, &ids, n, Some(l.as_str())).0,
            )
        })
        .collect();
    let by_document = matched
        .docs
        .iter()
        .zip(&tokens)
        .map(|(docs, t)| {
            let scores = if matched.docs.len() == 1 {
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
    for docs in &matched.docs {
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
        unmatched_documents: matched.unmatched,
    })
}

fn cell(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |x| format!("{x:.4}"))
}

/// The report as plain-text tables, as `marginalia agree` prints it.
pub fn render_table(report: &AgreementReport) -> String {
    let mut out = format!("annotators: {}\n\n", report.annotators.join(", "));
    let header = format!(
        "{:<28} {:>9} {:>11} {:>9} {:>9} {:>12}\n",
        "", "exact F1", "overlap F1", "Cohen κ", "Kripp. α", "relation F1"
    );
    let row = |name: &str, s: &Scores| {
        format!(
            "{:<28} {:>9} {:>11} {:>9} {:>9} {:>12}\n",
            name.chars().take(28).collect::<String>(),
            cell(s.exact_f1),
            cell(s.overlap_f1),
            cell(s.cohen_kappa),
            cell(s.krippendorff_alpha),
            cell(s.relation_f1)
        )
    };
    out.push_str(&header);
    out.push_str(&row("overall", &report.overall));
    out.push_str("\nby label\n");
    for (label, s) in &report.by_label {
        out.push_str(&row(label, s));
    }
    out.push_str("\nby document\n");
    for (doc, s) in &report.by_document {
        out.push_str(&row(doc, s));
    }
    if !report.pairs.is_empty() {
        out.push_str("\npairs\n");
        for p in &report.pairs {
            out.push_str(&row(&format!("{} / {}", p.a, p.b), &p.scores));
        }
        if let Some(mean) = &report.pairs_mean {
            out.push_str(&row("mean", mean));
        }
        if let Some(std) = &report.pairs_std {
            out.push_str(&row("standard deviation", std));
        }
    }
    if !report.confusion.labels.is_empty() {
        out.push_str("\nconfusion on boundary-matched spans (rows: first annotator)\n");
        out.push_str(&format!("{:<16}", ""));
        for l in &report.confusion.labels {
            out.push_str(&format!("{:>12}", l.chars().take(11).collect::<String>()));
        }
        out.push('\n');
        for (l, row) in report.confusion.labels.iter().zip(&report.confusion.counts) {
            out.push_str(&format!("{:<16}", l.chars().take(15).collect::<String>()));
            for c in row {
                out.push_str(&format!("{c:>12}"));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_and_alpha_known_values() {
        // sklearn: cohen_kappa_score(["a","a","b","b"], ["a","b","b","b"]) == 0.5
        let k = cohen_kappa(&["a", "a", "b", "b"], &["a", "b", "b", "b"]).unwrap();
        assert!((k - 0.5).abs() < 1e-12, "{k}");
        // krippendorff.alpha(reliability_data=[[1,1,2,2],[1,2,2,2]], level_of_measurement="nominal")
        let units = vec![
            vec!["a", "a"],
            vec!["a", "b"],
            vec!["b", "b"],
            vec!["b", "b"],
        ];
        let a = krippendorff_alpha(&units).unwrap();
        assert!((a - 0.5333333333333333).abs() < 1e-9, "{a}");
        assert_eq!(
            cohen_kappa(&["a", "a"], &["a", "a"]),
            None,
            "no variation: undefined"
        );
    }
}
