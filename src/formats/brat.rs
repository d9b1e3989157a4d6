//! brat standoff: a folder with `DOC.txt` + `DOC.ann` per document, plus `annotation.conf` and
//! `visual.conf` generated from the label schema.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::builder::{ImportReport, ProjectBuilder};
use super::safe_name::StemAllocator;
use super::{write_file, ExportOptions, ExportReport, FormatError};
use crate::import::{article_from_bytes, ArticleFormat};
use crate::model::{Document, Fragment, Project};

/// brat type names cannot contain white space.
fn brat_type(name: &str, report: &mut ExportReport) -> String {
    if name.chars().any(char::is_whitespace) {
        report.lose("label or relation names with spaces written with underscores");
        name.split_whitespace().collect::<Vec<_>>().join("_")
    } else {
        name.to_owned()
    }
}

/// Split fragments at line breaks: brat's text field is one line, so a fragment may not span one.
fn split_at_newlines(doc: &Document, fragments: &[Fragment]) -> Vec<Fragment> {
    let mut out = Vec::new();
    for f in fragments {
        let text = doc.fragment_text(*f).unwrap_or_default();
        let mut start = f.start;
        for (pos, ch) in (f.start..).zip(text.chars()) {
            if ch == '\n' {
                if pos > start {
                    out.push(Fragment::new(start, pos));
                }
                start = pos + 1;
            }
        }
        if f.end > start {
            out.push(Fragment::new(start, f.end));
        }
    }
    out
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r', '\t'], " ")
}

/// Write the folder `out` (created if needed).
pub fn export(
    project: &Project,
    out: &Path,
    options: &ExportOptions,
) -> Result<ExportReport, FormatError> {
    std::fs::create_dir_all(out)
        .map_err(|e| FormatError::new(out, format!("could not create the folder: {e}")))?;
    let mut report = ExportReport::default();
    let mut stems = StemAllocator::default();
    let mut relation_kinds: Vec<String> = Vec::new();
    for doc in &project.documents {
        for _ in doc.fields.values().flatten() {
            report.lose("document field answers (brat has no document-level annotation)");
        }
        let stem = stems.stem(&doc.id);
        let ann = document_ann(doc, options, &mut report, &mut relation_kinds);
        write_file(
            &out.join(format!("{stem}.txt")),
            doc.text().as_bytes(),
            &mut report,
        )?;
        write_file(
            &out.join(format!("{stem}.ann")),
            ann.as_bytes(),
            &mut report,
        )?;
    }
    write_conf(project, out, &relation_kinds, &mut report)?;
    Ok(report)
}

/// The `.ann` file of one document; the relation kinds it uses are added to `relation_kinds`.
fn document_ann(
    doc: &crate::model::Document,
    options: &ExportOptions,
    report: &mut ExportReport,
    relation_kinds: &mut Vec<String>,
) -> String {
    let mut ann = String::new();
    let mut t_of: HashMap<u64, usize> = HashMap::new();
    let mut next_t = 1;
    let mut next_note = 1;
    let mut next_attr = 1;
    let selected = options.selected(doc);
    for a in &selected {
        let fragments = split_at_newlines(doc, &a.fragments);
        if fragments.len() != a.fragments.len() {
            report.lose("fragments split at line breaks (brat spans cannot cross one)");
        }
        if fragments.is_empty() {
            report.lose("annotations covering only line breaks");
            continue;
        }
        let t = next_t;
        next_t += 1;
        t_of.insert(a.id, t);
        let offsets: Vec<String> = fragments
            .iter()
            .map(|f| format!("{} {}", f.start, f.end))
            .collect();
        let text: Vec<&str> = fragments
            .iter()
            .map(|f| doc.fragment_text(*f).unwrap_or_default())
            .collect();
        ann.push_str(&format!(
            "T{t}\t{} {}\t{}\n",
            brat_type(&a.label, report),
            offsets.join(";"),
            text.join(" ")
        ));
        let page = options
            .page_notes
            .then(|| doc.source.structure.page_at(a.start()))
            .flatten();
        let note = match (&a.note, page) {
            (Some(note), Some(page)) => Some(format!("{} (p. {page})", one_line(note))),
            (Some(note), None) => Some(one_line(note)),
            (None, Some(page)) => Some(format!("p. {page}")),
            (None, None) => None,
        };
        if let Some(note) = note {
            ann.push_str(&format!("#{next_note}\tAnnotatorNotes T{t}\t{note}\n"));
            next_note += 1;
        }
        for (name, value) in &a.attributes {
            let name = brat_type(name, report);
            if value == "true" {
                ann.push_str(&format!("A{next_attr}\t{name} T{t}\n"));
            } else {
                ann.push_str(&format!(
                    "A{next_attr}\t{name} T{t} {}\n",
                    brat_type(value, report)
                ));
            }
            next_attr += 1;
        }
        if a.author != "imported" || a.review.status != crate::model::ReviewStatus::Pending {
            report.lose("authors and review status (brat has no field for them)");
        }
        report.annotations += 1;
    }
    let mut next_r = 1;
    for rel in &doc.relations {
        match (t_of.get(&rel.from), t_of.get(&rel.to)) {
            (Some(from), Some(to)) => {
                let kind = brat_type(&rel.kind, report);
                if !relation_kinds.contains(&kind) {
                    relation_kinds.push(kind.clone());
                }
                ann.push_str(&format!("R{next_r}\t{kind} Arg1:T{from} Arg2:T{to}\t\n"));
                next_r += 1;
            }
            _ => report.lose("relations whose ends were filtered out"),
        }
    }
    ann
}

/// `annotation.conf` and `visual.conf`: the labels, relation kinds and attributes, and colours.
fn write_conf(
    project: &Project,
    out: &Path,
    relation_kinds: &[String],
    report: &mut ExportReport,
) -> Result<(), FormatError> {
    let mut conf = String::from("[entities]\n");
    let mut visual = String::from("[labels]\n");
    let mut drawing = String::from("[drawing]\n");
    for label in &project.schema.labels {
        let name = brat_type(&label.name, report);
        conf.push_str(&format!("{name}\n"));
        visual.push_str(&format!("{name} | {}\n", label.name));
        drawing.push_str(&format!("{name}\tbgColor:{}\n", label.color));
    }
    conf.push_str("\n[relations]\n");
    for kind in relation_kinds {
        conf.push_str(&format!("{kind}\tArg1:<ENTITY>, Arg2:<ENTITY>\n"));
    }
    conf.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    conf.push_str("\n[events]\n\n[attributes]\n");
    let mut attrs: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for doc in &project.documents {
        for a in &doc.annotations {
            for (k, v) in &a.attributes {
                attrs.entry(k.clone()).or_default().insert(v.clone());
            }
        }
    }
    for (name, values) in attrs {
        let values: Vec<String> = values.into_iter().filter(|v| v != "true").collect();
        if values.is_empty() {
            conf.push_str(&format!("{name}\tArg:<ENTITY>\n"));
        } else {
            conf.push_str(&format!(
                "{name}\tArg:<ENTITY>, Value:{}\n",
                values.join("|")
            ));
        }
    }
    visual.push('\n');
    visual.push_str(&drawing);
    write_file(&out.join("annotation.conf"), conf.as_bytes(), report)?;
    write_file(&out.join("visual.conf"), visual.as_bytes(), report)?;
    Ok(())
}

/// The `.ann` files to read for `inputs`: folders are searched (not recursively) for `.ann`
/// files; `.ann` and `.txt` paths name their pair.
fn ann_files(inputs: &[&Path]) -> Result<Vec<PathBuf>, FormatError> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let entries =
                std::fs::read_dir(input).map_err(|e| FormatError::new(input, e.to_string()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ann"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(FormatError::new(input, "no .ann files in this folder"));
            }
            files.extend(found);
        } else {
            files.push(input.with_extension("ann"));
        }
    }
    Ok(files)
}

/// Read brat standoff into a project: T (with `;` fragments), R, E, A/M, `#` notes, N and `*`.
/// What Marginalia has no model for (events, normalizations, equivalences, attributes and notes on
/// relations or events) is kept as attributes of the annotations involved and reported.
pub fn import(
    inputs: &[&Path],
    name: &str,
    author: &str,
) -> Result<(Project, ImportReport), FormatError> {
    let mut builder = ProjectBuilder::new(name);
    for ann_path in ann_files(inputs)? {
        let txt_path = ann_path.with_extension("txt");
        let bytes = std::fs::read(&txt_path).map_err(|e| {
            FormatError::new(
                &txt_path,
                format!("the text for {}: {e}", ann_path.display()),
            )
        })?;
        let article = article_from_bytes(&bytes, &txt_path, ArticleFormat::Text)
            .map_err(|e| FormatError::new(&txt_path, e.to_string()))?;
        let ann = super::read_input(&ann_path)?;
        let document = article.document;
        let mut source = document.source.clone();
        source.format = "brat".into();
        let doc = builder.add_document(
            &document.id,
            &document.title,
            source,
            document.text().to_owned(),
        );
        import_ann(&mut builder, doc, &ann, &ann_path, author)?;
    }
    Ok(builder.finish())
}

fn import_ann(
    builder: &mut ProjectBuilder,
    doc: usize,
    ann: &str,
    path: &Path,
    author: &str,
) -> Result<(), FormatError> {
    let lines: Vec<(usize, Vec<&str>)> = ann
        .lines()
        .enumerate()
        .map(|(i, l)| {
            (
                i + 1,
                l.trim_end_matches(['\r', '\t'])
                    .split('\t')
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, f)| !f.is_empty() && !f[0].trim().is_empty())
        .collect();
    let mut reader = AnnReader {
        builder,
        doc,
        path,
        author,
        ids: HashMap::new(),
    };
    // Pass 1: text-bound annotations, in any order.
    for (line, fields) in &lines {
        if fields[0].starts_with('T') {
            reader.text_bound(*line, fields)?;
        }
    }
    // Pass 2: everything that refers to them.
    for (line, fields) in &lines {
        reader.reference(*line, fields)?;
    }
    Ok(())
}

/// Reads the lines of one `.ann` file into a document, remembering brat ids.
struct AnnReader<'a> {
    builder: &'a mut ProjectBuilder,
    doc: usize,
    path: &'a Path,
    author: &'a str,
    /// brat id → annotation id (relations as `u64::MAX - id`).
    ids: HashMap<String, u64>,
}

impl AnnReader<'_> {
    fn place(&self, line: usize) -> String {
        format!("{}:{line}", self.path.display())
    }

    fn err(&self, line: usize, msg: String) -> FormatError {
        FormatError::at(self.path, line.to_string(), msg)
    }

    fn resolve(&self, id: &str) -> Option<u64> {
        self.ids.get(id).copied()
    }

    fn warn(&mut self, line: usize, msg: String) {
        let place = self.place(line);
        self.builder.report.warnings.push(format!("{place}: {msg}"));
    }

    /// `T1 ⇥ TYPE START END[;START END] ⇥ text`
    fn text_bound(&mut self, line: usize, fields: &[&str]) -> Result<(), FormatError> {
        let id = fields[0];
        let spec = fields
            .get(1)
            .ok_or_else(|| self.err(line, format!("{id} has no type and offsets")))?;
        let (label, offsets) = spec
            .split_once(' ')
            .ok_or_else(|| self.err(line, format!("{id}: expected \"TYPE START END\"")))?;
        let mut fragments = Vec::new();
        for part in offsets.split(';') {
            let mut nums = part.split_whitespace().map(str::parse::<usize>);
            match (nums.next(), nums.next(), nums.next()) {
                (Some(Ok(s)), Some(Ok(e)), None) => fragments.push(Fragment::new(s, e)),
                _ => {
                    return Err(self.err(
                        line,
                        format!("{id}: bad offsets {part:?}, expected \"START END\""),
                    ))
                }
            }
        }
        let recorded = fields.get(2).copied();
        let source = format!("{} {id}", self.place(line));
        let new_id = self
            .builder
            .add_annotation(
                self.doc,
                label,
                fragments,
                recorded,
                self.author,
                None,
                BTreeMap::new(),
                &source,
            )
            .map_err(|m| self.err(line, m))?;
        self.ids.insert(id.to_owned(), new_id);
        Ok(())
    }

    /// Any line but a text-bound annotation: relations, events, attributes, notes,
    /// normalizations, equivalences.
    fn reference(&mut self, line: usize, fields: &[&str]) -> Result<(), FormatError> {
        let id = fields[0];
        let spec = fields.get(1).copied().unwrap_or_default();
        let words: Vec<&str> = spec.split_whitespace().collect();
        match id.chars().next() {
            Some('T') => Ok(()),
            Some('R') => self.relation(line, id, &words),
            Some('E') => self.event(line, id, &words),
            Some('A') | Some('M') => self.attribute(line, id, &words),
            Some('#') => self.note(line, id, &words, fields),
            Some('N') => self.normalization(line, id, &words, fields),
            Some('*') => {
                self.equivalence(line, &words);
                Ok(())
            }
            _ => {
                self.warn(line, format!("line of unknown kind {id:?} skipped"));
                Ok(())
            }
        }
    }

    /// `R1 ⇥ KIND Arg1:T1 Arg2:T2`
    fn relation(&mut self, line: usize, id: &str, words: &[&str]) -> Result<(), FormatError> {
        let kind = words.first().copied().unwrap_or("related");
        let arg = |name: &str| {
            words
                .iter()
                .find_map(|w| w.strip_prefix(name))
                .and_then(|r| r.strip_prefix(':'))
                .and_then(|r| self.resolve(r))
        };
        let (Some(from), Some(to)) = (arg("Arg1"), arg("Arg2")) else {
            return Err(self.err(
                line,
                format!("{id}: relation needs Arg1 and Arg2 naming text-bound annotations"),
            ));
        };
        let rid = self.builder.add_relation(self.doc, kind, from, to);
        self.ids.insert(id.to_owned(), u64::MAX - rid);
        Ok(())
    }

    /// `E1 ⇥ Type:T3 Role:T1`, kept as attributes of the trigger.
    fn event(&mut self, line: usize, id: &str, words: &[&str]) -> Result<(), FormatError> {
        let Some((etype, trigger)) = words.first().and_then(|w| w.split_once(':')) else {
            return Err(self.err(line, format!("{id}: event needs TYPE:TRIGGER")));
        };
        let Some(trigger_id) = self.resolve(trigger) else {
            return Err(self.err(
                line,
                format!("{id}: trigger {trigger} is not a text-bound annotation"),
            ));
        };
        let doc = self.doc;
        self.builder
            .set_attribute(doc, trigger_id, "brat_event", format!("{id} {etype}"));
        for arg in &words[1..] {
            if let Some((role, target)) = arg.split_once(':') {
                self.builder.set_attribute(
                    doc,
                    trigger_id,
                    &format!("brat_event_{role}"),
                    target.to_owned(),
                );
            }
        }
        self.ids.insert(id.to_owned(), trigger_id);
        self.warn(
            line,
            format!("event {id} kept as attributes of its trigger {trigger}"),
        );
        Ok(())
    }

    /// `A1 ⇥ NAME TARGET [VALUE]` (and `M`, brat's older spelling).
    fn attribute(&mut self, line: usize, id: &str, words: &[&str]) -> Result<(), FormatError> {
        let (Some(name), Some(target)) = (words.first(), words.get(1)) else {
            return Err(self.err(line, format!("{id}: attribute needs NAME TARGET [VALUE]")));
        };
        let value = words.get(2).map_or("true".to_owned(), |v| (*v).to_owned());
        match self.resolve(target) {
            Some(t) if t < u64::MAX / 2 => self.builder.set_attribute(self.doc, t, name, value),
            Some(_) => self.warn(line, format!("attribute {id} on relation {target} cannot be represented and was not imported ({name}={value})")),
            None => return Err(self.err(line, format!("{id}: target {target} does not exist"))),
        }
        Ok(())
    }

    /// `#1 ⇥ AnnotatorNotes TARGET ⇥ note`
    fn note(
        &mut self,
        line: usize,
        id: &str,
        words: &[&str],
        fields: &[&str],
    ) -> Result<(), FormatError> {
        let target = words.get(1).copied().unwrap_or_default();
        let note = fields.get(2).copied().unwrap_or_default().to_owned();
        match self.resolve(target) {
            Some(t) if t < u64::MAX / 2 => self.builder.set_note(self.doc, t, note),
            Some(_) => self.warn(line, format!("note {id} on relation {target} cannot be represented and was not imported: {note:?}")),
            None => return Err(self.err(line, format!("{id}: note target {target} does not exist"))),
        }
        Ok(())
    }

    /// `N1 ⇥ Reference T1 Wikipedia:534366 ⇥ Barack Obama`
    fn normalization(
        &mut self,
        line: usize,
        id: &str,
        words: &[&str],
        fields: &[&str],
    ) -> Result<(), FormatError> {
        let (Some(target), Some(reference)) = (words.get(1), words.get(2)) else {
            return Err(self.err(line, format!("{id}: normalization needs TYPE TARGET REF")));
        };
        let Some(t) = self.resolve(target) else {
            return Err(self.err(
                line,
                format!("{id}: normalization target {target} does not exist"),
            ));
        };
        let text = fields.get(2).copied().unwrap_or_default();
        self.builder.set_attribute(
            self.doc,
            t,
            "brat_normalization",
            format!("{reference} {text}").trim().to_owned(),
        );
        Ok(())
    }

    /// `* ⇥ Equiv T1 T2 T3`, kept as attributes of each member.
    fn equivalence(&mut self, line: usize, words: &[&str]) {
        let kind = words.first().copied().unwrap_or("Equiv");
        let members: Vec<&str> = words.iter().skip(1).copied().collect();
        for m in &members {
            if let Some(t) = self.resolve(m) {
                self.builder.set_attribute(
                    self.doc,
                    t,
                    &format!("brat_{}", kind.to_lowercase()),
                    members.join(" "),
                );
            }
        }
        self.warn(
            line,
            format!(
                "equivalence {kind} {} kept as attributes",
                members.join(" ")
            ),
        );
    }
}
