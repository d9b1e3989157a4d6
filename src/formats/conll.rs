//! CoNLL: one token per line with its tag (IOB2 by default, or BIOES / BILOU), `-DOCSTART-` per
//! document, a blank line between sentences. Overlapping spans cannot be expressed: each token
//! takes the outermost (default) or innermost span covering it, and the rest are reported.
//! Document fields follow `-DOCSTART-` as `# field = value` lines, one per value, and are read
//! back from the comments at the head of each document (CoNLL-U keys such as `text` excepted).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::builder::{ImportReport, ProjectBuilder};
use super::tokens::tokenize;
use super::{write_file, ExportOptions, ExportReport, FormatError};
use crate::model::{Annotation, Document, Fragment, Project};

/// How chunk positions are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TagScheme {
    /// B- begins, I- continues.
    #[default]
    Iob2,
    /// B- begins, I- inside, E- ends, S- single.
    Bioes,
    /// B- begins, I- inside, L- last, U- unit.
    Bilou,
}

/// Which span a token takes when several cover it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Nested {
    /// The longest covering span.
    #[default]
    Outer,
    /// The shortest covering span.
    Inner,
}

/// One token with the span (index into the fragment list) it was given.
pub struct TaggedToken {
    /// Code point range.
    pub range: (usize, usize),
    /// Index into the spans passed to [`label_tokens`], if any covers the token.
    pub span: Option<usize>,
}

/// Tokenize `doc` cut at the spans' edges, and give each token its outermost or innermost span.
/// `spans` are (start, end) pairs.
pub fn label_tokens(doc: &Document, spans: &[(usize, usize)], nested: Nested) -> Vec<TaggedToken> {
    let cuts: Vec<usize> = spans.iter().flat_map(|&(s, e)| [s, e]).collect();
    let tokens = tokenize(doc.text(), &cuts);
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| spans[i].0);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(tokens.len());
    for (s, e) in tokens {
        while next < order.len() && spans[order[next]].0 <= s {
            active.push(order[next]);
            next += 1;
        }
        active.retain(|&i| spans[i].1 > s);
        let mut best: Option<usize> = None;
        for &i in &active {
            let (a, b) = spans[i];
            if !(a <= s && e <= b) {
                continue;
            }
            let better = match best {
                None => true,
                Some(j) => {
                    let (len_i, len_j) = (b - a, spans[j].1 - spans[j].0);
                    match nested {
                        Nested::Outer => len_i > len_j || (len_i == len_j && i < j),
                        Nested::Inner => len_i < len_j || (len_i == len_j && i < j),
                    }
                }
            };
            if better {
                best = Some(i);
            }
        }
        out.push(TaggedToken {
            range: (s, e),
            span: best,
        });
    }
    out
}

/// The tag of each token: prefix by scheme, then `-LABEL`, or `O`.
pub fn tags(tokens: &[TaggedToken], labels: &[&str], scheme: TagScheme) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        let Some(span) = t.span else {
            out.push("O".to_owned());
            continue;
        };
        let starts = i == 0 || tokens[i - 1].span != Some(span);
        let ends = i + 1 == tokens.len() || tokens[i + 1].span != Some(span);
        let prefix = match (scheme, starts, ends) {
            (TagScheme::Iob2, true, _) => "B",
            (TagScheme::Iob2, false, _) => "I",
            (TagScheme::Bioes, true, true) => "S",
            (TagScheme::Bilou, true, true) => "U",
            (_, true, false) => "B",
            (TagScheme::Bioes, false, true) => "E",
            (TagScheme::Bilou, false, true) => "L",
            (_, false, false) => "I",
        };
        out.push(format!("{prefix}-{}", labels[span]));
    }
    out
}

fn flat_spans<'a>(
    anns: &[&'a Annotation],
    report: &mut ExportReport,
) -> (Vec<(usize, usize)>, Vec<&'a str>) {
    let mut spans = Vec::new();
    let mut labels = Vec::new();
    for a in anns {
        if a.fragments.len() > 1 {
            report.lose("discontinuous spans tagged as separate chunks");
        }
        for f in &a.fragments {
            spans.push((f.start, f.end));
            labels.push(a.label.as_str());
        }
    }
    (spans, labels)
}

/// One line of a CoNLL file: its line number and its columns.
type Row = (usize, Vec<String>);
/// The rows of one sentence.
type Sentence = Vec<Row>;

const SENTENCE_END: &[&str] = &[".", "!", "?", "。", "！", "？", "…"];

/// Write CoNLL with `-DOCSTART-` per document. A sentence ends at a line break or after
/// `.`, `!`, `?` (and their CJK forms), but never inside a span.
pub fn export(
    project: &Project,
    out: &Path,
    options: &ExportOptions,
    scheme: TagScheme,
    nested: Nested,
) -> Result<ExportReport, FormatError> {
    let mut report = ExportReport::default();
    let mut conll = String::new();
    for doc in &project.documents {
        let anns = options.selected(doc);
        let (spans, labels) = flat_spans(&anns, &mut report);
        let tokens = label_tokens(doc, &spans, nested);
        let used: HashSet<usize> = tokens.iter().filter_map(|t| t.span).collect();
        let mut chunks = vec![0usize; spans.len()];
        for (k, t) in tokens.iter().enumerate() {
            if let Some(span) = t.span {
                if k == 0 || tokens[k - 1].span != Some(span) {
                    chunks[span] += 1;
                }
            }
        }
        for n in chunks {
            if n > 1 {
                report.lose("spans broken into pieces around a nested span (--nested inner)");
            }
        }
        for i in 0..spans.len() {
            if !used.contains(&i) {
                report.lose(match nested {
                    Nested::Outer => {
                        "nested or overlapping spans dropped (--nested outer kept the outermost)"
                    }
                    Nested::Inner => {
                        "enclosing or overlapping spans dropped (--nested inner kept the innermost)"
                    }
                });
            }
        }
        report.annotations += anns.len();
        if anns.iter().any(|a| a.note.is_some()) {
            report.lose("documents whose notes CoNLL cannot hold");
        }
        let tag_list = tags(&tokens, &labels, scheme);
        conll.push_str("-DOCSTART- -X- -X- O\n");
        for (field, values) in super::doc_fields::answered_fields(project, doc) {
            for value in values {
                conll.push_str(&format!("# {field} = {value}\n"));
                report.field_answers += 1;
            }
        }
        conll.push('\n');
        let chars: Vec<char> = doc.text().chars().collect();
        let mut in_sentence = false;
        for (k, t) in tokens.iter().enumerate() {
            let word: String = chars[t.range.0..t.range.1].iter().collect();
            if in_sentence && k > 0 {
                let prev = &tokens[k - 1];
                let gap: String = chars[prev.range.1..t.range.0].iter().collect();
                let prev_word: String = chars[prev.range.0..prev.range.1].iter().collect();
                let inside_span = prev.span.is_some() && prev.span == t.span;
                if !inside_span
                    && (gap.contains('\n') || SENTENCE_END.contains(&prev_word.as_str()))
                {
                    conll.push('\n');
                }
            }
            conll.push_str(&format!("{word} -X- _ {}\n", tag_list[k]));
            in_sentence = true;
        }
        conll.push('\n');
    }
    write_file(out, conll.as_bytes(), &mut report)?;
    Ok(report)
}

fn is_tag(value: &str) -> bool {
    value == "O"
        || (value.len() > 2
            && matches!(
                value.get(..2),
                Some("B-" | "I-" | "E-" | "S-" | "L-" | "U-")
            ))
}

/// Read CoNLL files: 2–4 columns separated by tabs or spaces; `#` comment lines; `-DOCSTART-`
/// starts a document; the token is the first column (the second when the first is a running
/// index); every column after it that holds tags becomes a layer of annotations; a column of
/// `+`/`-` says whether a space follows the token. The text is rebuilt with single spaces (and
/// one line per sentence), and each token's offsets are recorded as it is placed.
pub fn import(
    paths: &[&Path],
    name: &str,
    author: &str,
) -> Result<(Project, ImportReport), FormatError> {
    let mut builder = ProjectBuilder::new(name);
    for path in paths {
        let content = super::read_input(path)?;
        let stem = crate::import::document_id_from_path(path);
        let mut docs: Vec<Vec<Sentence>> = vec![Vec::new()];
        // `# field = value` lines at the head of each document.
        let mut heads: Vec<Vec<(String, String)>> = vec![Vec::new()];
        let mut sentence: Sentence = Vec::new();
        for (n, raw) in content.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if let Some(comment) = line.trim_start().strip_prefix('#') {
                let at_head = sentence.is_empty() && docs.last().is_some_and(Vec::is_empty);
                if let (true, Some(pair)) = (at_head, field_comment(comment)) {
                    if let Some(h) = heads.last_mut() {
                        h.push(pair);
                    }
                }
                continue;
            }
            if line.trim().is_empty() {
                if !sentence.is_empty() {
                    if let Some(d) = docs.last_mut() {
                        d.push(std::mem::take(&mut sentence));
                    }
                }
                continue;
            }
            let cols: Vec<String> = if line.contains('\t') {
                line.split('\t').map(str::to_owned).collect()
            } else {
                line.split_whitespace().map(str::to_owned).collect()
            };
            if cols.first().is_some_and(|c| c == "-DOCSTART-") {
                if !sentence.is_empty() {
                    if let Some(d) = docs.last_mut() {
                        d.push(std::mem::take(&mut sentence));
                    }
                }
                if docs.last().is_some_and(|d| !d.is_empty()) {
                    docs.push(Vec::new());
                    heads.push(Vec::new());
                }
                continue;
            }
            if cols.len() < 2 {
                return Err(FormatError::at(
                    path,
                    (n + 1).to_string(),
                    format!("expected a token and a tag, found {line:?}"),
                ));
            }
            sentence.push((n + 1, cols));
        }
        if !sentence.is_empty() {
            if let Some(d) = docs.last_mut() {
                d.push(sentence);
            }
        }
        let count = docs.iter().filter(|d| !d.is_empty()).count();
        let with_heads = docs.into_iter().zip(heads).filter(|(d, _)| !d.is_empty());
        for (k, (doc_sentences, head)) in with_heads.enumerate() {
            let id = if count == 1 {
                stem.clone()
            } else {
                format!("{stem}-{}", k + 1)
            };
            let doc = import_document(&mut builder, path, &id, &doc_sentences, author)?;
            for (field, value) in head {
                builder.add_field_value(doc, &field, &value);
            }
        }
    }
    Ok(builder.finish())
}

/// The CoNLL-U comments that are about sentences or layout, not document fields.
const CONLLU_KEYS: [&str; 6] = [
    "text",
    "sent_id",
    "newdoc",
    "newdoc id",
    "newpar",
    "newpar id",
];

/// `field = value` from a comment at a document's head, unless it is a CoNLL-U key.
fn field_comment(comment: &str) -> Option<(String, String)> {
    let (key, value) = comment.split_once('=')?;
    let (key, value) = (key.trim(), value.trim());
    let usable = !key.is_empty()
        && !value.is_empty()
        && !CONLLU_KEYS.contains(&key)
        && !key.starts_with("global.");
    usable.then(|| (key.to_owned(), value.to_owned()))
}

/// Build one document from its sentences; returns its index in the builder.
fn import_document(
    builder: &mut ProjectBuilder,
    path: &Path,
    id: &str,
    sentences: &[Sentence],
    author: &str,
) -> Result<usize, FormatError> {
    // Decide the token column and the tag columns from the first row.
    let first = &sentences[0][0].1;
    let token_col = if first.len() >= 3 && first[0].chars().all(|c| c.is_ascii_digit()) {
        1
    } else {
        0
    };
    let width = first.len();
    let all_rows = || sentences.iter().flatten();
    let tag_cols: Vec<usize> = (token_col + 1..width)
        .filter(|&c| all_rows().all(|(_, r)| r.get(c).is_some_and(|v| is_tag(v))))
        .collect();
    let space_col = (token_col + 1..width)
        .find(|&c| all_rows().all(|(_, r)| r.get(c).is_some_and(|v| v == "+" || v == "-")));
    if tag_cols.is_empty() {
        return Err(FormatError::at(
            path,
            sentences[0][0].0.to_string(),
            "no column of tags (O, B-X, I-X, E-X, S-X, L-X, U-X) found",
        ));
    }
    let mut text = String::new();
    let mut token_ranges = Vec::new();
    let mut chars = 0;
    for (si, sentence) in sentences.iter().enumerate() {
        if si > 0 {
            text.push('\n');
            chars += 1;
        }
        for (ti, (_, row)) in sentence.iter().enumerate() {
            let token = &row[token_col];
            let start = chars;
            text.push_str(token);
            chars += token.chars().count();
            token_ranges.push((start, chars));
            let space = match space_col {
                Some(c) => row[c] == "+",
                None => true,
            };
            if space && ti + 1 < sentence.len() {
                text.push(' ');
                chars += 1;
            }
        }
    }
    let doc = builder.add_text_document(id, path, "conll", text);
    let rows: Vec<&Row> = all_rows().collect();
    let sentence_of: Vec<usize> = sentences
        .iter()
        .enumerate()
        .flat_map(|(i, s)| std::iter::repeat_n(i, s.len()))
        .collect();
    for (layer, &col) in tag_cols.iter().enumerate() {
        let mut open: Option<(usize, usize, String)> = None; // (start, end, label)
        let mut spans = Vec::new();
        for (i, (_, row)) in rows.iter().enumerate() {
            let tag = &row[col];
            let (prefix, label) = if tag == "O" {
                ("O", "")
            } else {
                (&tag[..1], &tag[2..])
            };
            let continues = matches!(prefix, "I" | "E" | "L")
                && open.as_ref().is_some_and(|o| o.2 == label)
                && (i == 0 || sentence_of[i] == sentence_of[i - 1]);
            if !continues {
                if let Some(o) = open.take() {
                    spans.push(o);
                }
                if prefix != "O" {
                    open = Some((token_ranges[i].0, token_ranges[i].1, label.to_owned()));
                }
            } else if let Some(o) = open.as_mut() {
                o.1 = token_ranges[i].1;
            }
            if matches!(prefix, "E" | "L" | "S" | "U") {
                if let Some(o) = open.take() {
                    spans.push(o);
                }
            }
        }
        if let Some(o) = open.take() {
            spans.push(o);
        }
        for (s, e, label) in spans {
            let mut attributes = BTreeMap::new();
            if tag_cols.len() > 1 {
                attributes.insert("conll_layer".to_owned(), (layer + 1).to_string());
            }
            builder
                .add_annotation(
                    doc,
                    &label,
                    vec![Fragment::new(s, e)],
                    None,
                    author,
                    None,
                    attributes,
                    &path.display().to_string(),
                )
                .map_err(|m| FormatError::new(path, m))?;
        }
    }
    Ok(doc)
}
