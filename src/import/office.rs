//! Word (`.docx`) and OpenDocument (`.odt`) files: paragraphs, headings, list items, table rows
//! (a paragraph each, cells apart by a tab) and footnotes at the end, marked `[n]` where cited.

use std::collections::HashMap;

use super::archive::Archive;
use super::blocks::TextBuilder;
use super::xml_events::{walk_xml, XmlEvent};
use super::Extracted;

/// The paragraph being read and what kind of block it is.
#[derive(Default)]
struct Paragraph {
    text: String,
    level: Option<u8>,
}

/// Blocks in the order they close, with table rows collected cell by cell and notes kept apart.
#[derive(Default)]
struct Collector {
    blocks: Vec<(String, Option<u8>)>,
    notes: Vec<(String, Vec<String>)>,
    /// Open paragraphs, innermost last (a note's paragraph sits inside the citing one).
    open: Vec<Paragraph>,
    /// Cells of the open table rows, innermost last.
    rows: Vec<Vec<String>>,
    /// The open note's citation and paragraphs.
    note: Option<(String, Vec<String>)>,
}

impl Collector {
    fn start_paragraph(&mut self, level: Option<u8>) {
        self.open.push(Paragraph {
            text: String::new(),
            level,
        });
    }

    fn text(&mut self, text: &str) {
        if let Some(p) = self.open.last_mut() {
            p.text.push_str(text);
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.open.pop() else {
            return;
        };
        if let Some((_, paragraphs)) = &mut self.note {
            paragraphs.push(p.text);
        } else if let Some(row) = self.rows.last_mut() {
            match row.last_mut() {
                Some(cell) if !cell.is_empty() => {
                    cell.push(' ');
                    cell.push_str(&p.text);
                }
                Some(cell) => cell.push_str(&p.text),
                None => row.push(p.text),
            }
        } else {
            self.blocks.push((p.text, p.level));
        }
    }

    fn start_cell(&mut self) {
        if let Some(row) = self.rows.last_mut() {
            row.push(String::new());
        }
    }

    fn end_row(&mut self) {
        if let Some(row) = self.rows.pop() {
            let cells: Vec<&str> = row.iter().map(|c| c.trim()).collect();
            let line = cells.join("\t");
            if let Some(row) = self.rows.last_mut() {
                row.push(line);
            } else if self.note.is_none() {
                self.blocks.push((line, None));
            }
        }
    }

    fn finish(self, out: &mut TextBuilder) -> usize {
        for (text, level) in &self.blocks {
            match level {
                Some(level) => out.heading(text, *level),
                None => out.paragraph(text),
            };
        }
        let notes = self.notes.len();
        for (citation, paragraphs) in &self.notes {
            let body = paragraphs.join(" ");
            out.paragraph(&format!("[{citation}] {}", body.trim()));
        }
        notes
    }
}

/// Heading levels of a Word file's paragraph styles, by style id (`Heading1`, `Title`, or any
/// style with an outline level).
fn word_heading_styles(styles: &str) -> HashMap<String, u8> {
    let mut levels = HashMap::new();
    let mut current: Option<String> = None;
    let _ = walk_xml(styles, "word/styles.xml", |event| match event {
        XmlEvent::Open { name, attrs } => match name.as_str() {
            "style" => current = XmlEvent::attr(&attrs, "styleId"),
            "name" | "outlineLvl" => {
                let (Some(id), Some(val)) = (&current, XmlEvent::attr(&attrs, "val")) else {
                    return;
                };
                let lower = val.to_lowercase();
                let level = if name == "outlineLvl" {
                    val.parse::<u8>().ok().filter(|l| *l < 9).map(|l| l + 1)
                } else if lower == "title" {
                    Some(1)
                } else {
                    lower
                        .strip_prefix("heading ")
                        .and_then(|n| n.parse::<u8>().ok())
                };
                if let Some(level) = level {
                    levels.insert(id.clone(), level.min(6));
                }
            }
            _ => {}
        },
        XmlEvent::Close(name) if name == "style" => current = None,
        _ => {}
    });
    levels
}

/// The text of a Word document.
pub fn read_docx(bytes: &[u8]) -> Result<Extracted, String> {
    let mut zip = Archive::open(bytes)?;
    let body = zip
        .text("word/document.xml")?
        .ok_or("not a Word document: it has no word/document.xml")?;
    let styles = word_heading_styles(&zip.text("word/styles.xml")?.unwrap_or_default());
    let mut notes: HashMap<String, Vec<String>> = HashMap::new();
    for (part, tag) in [
        ("word/footnotes.xml", "footnote"),
        ("word/endnotes.xml", "endnote"),
    ] {
        if let Some(xml) = zip.text(part)? {
            read_word_notes(&xml, part, tag, &mut notes)?;
        }
    }
    let mut c = Collector::default();
    let mut in_text = false;
    let mut in_deleted = 0usize;
    walk_xml(&body, "word/document.xml", |event| match event {
        XmlEvent::Open { name, attrs } => match name.as_str() {
            "p" => c.start_paragraph(None),
            "pStyle" => {
                let level = XmlEvent::attr(&attrs, "val").and_then(|s| styles.get(&s).copied());
                if let (Some(p), Some(level)) = (c.open.last_mut(), level) {
                    p.level = Some(level);
                }
            }
            "outlineLvl" => {
                let level = XmlEvent::attr(&attrs, "val").and_then(|v| v.parse::<u8>().ok());
                if let (Some(p), Some(level)) = (c.open.last_mut(), level.filter(|l| *l < 9)) {
                    p.level = Some((level + 1).min(6));
                }
            }
            "t" => in_text = true,
            "del" => in_deleted += 1,
            "tab" if in_deleted == 0 => c.text("\t"),
            "br" | "cr" if in_deleted == 0 => c.text("\u{2028}"),
            "tr" => c.rows.push(Vec::new()),
            "tc" => c.start_cell(),
            "footnoteReference" | "endnoteReference" => {
                if let Some(id) = XmlEvent::attr(&attrs, "id") {
                    let kind = if name == "footnoteReference" {
                        "footnote"
                    } else {
                        "endnote"
                    };
                    let key = format!("{kind}:{id}");
                    if let Some(paragraphs) = notes.remove(&key) {
                        let citation = (c.notes.len() + 1).to_string();
                        c.text(&format!("[{citation}]"));
                        c.notes.push((citation, paragraphs));
                    }
                }
            }
            _ => {}
        },
        XmlEvent::Close(name) => match name.as_str() {
            "p" => c.end_paragraph(),
            "t" => in_text = false,
            "del" => in_deleted = in_deleted.saturating_sub(1),
            "tr" => c.end_row(),
            _ => {}
        },
        XmlEvent::Text(text) if in_text && in_deleted == 0 => c.text(&text),
        XmlEvent::Text(_) => {}
    })?;
    let mut out = TextBuilder::new();
    let notes = c.finish(&mut out);
    Ok(Extracted::from_builder(out).with_count(notes, "footnotes moved to the end"))
}

/// Footnotes or endnotes by `KIND:id`, each a list of paragraphs; separators left out.
fn read_word_notes(
    xml: &str,
    part: &str,
    tag: &str,
    notes: &mut HashMap<String, Vec<String>>,
) -> Result<(), String> {
    let mut current: Option<(String, Vec<String>)> = None;
    let mut paragraph: Option<String> = None;
    let mut in_text = false;
    walk_xml(xml, part, |event| match event {
        XmlEvent::Open { name, attrs } if name == tag => {
            let kind = XmlEvent::attr(&attrs, "type").unwrap_or_default();
            current = XmlEvent::attr(&attrs, "id")
                .filter(|_| kind.is_empty() || kind == "normal")
                .map(|id| (format!("{tag}:{id}"), Vec::new()));
        }
        XmlEvent::Open { name, .. } => match name.as_str() {
            "p" => paragraph = Some(String::new()),
            "t" => in_text = true,
            "tab" => paragraph.get_or_insert_default().push('\t'),
            _ => {}
        },
        XmlEvent::Close(name) if name == tag => {
            if let Some((key, paragraphs)) = current.take() {
                notes.insert(key, paragraphs);
            }
        }
        XmlEvent::Close(name) => match name.as_str() {
            "p" => {
                if let (Some((_, paragraphs)), Some(p)) = (&mut current, paragraph.take()) {
                    paragraphs.push(p);
                }
            }
            "t" => in_text = false,
            _ => {}
        },
        XmlEvent::Text(text) if in_text => {
            paragraph.get_or_insert_default().push_str(&text);
        }
        XmlEvent::Text(_) => {}
    })
}

/// The text of an OpenDocument text file.
pub fn read_odt(bytes: &[u8]) -> Result<Extracted, String> {
    let mut zip = Archive::open(bytes)?;
    let body = zip
        .text("content.xml")?
        .ok_or("not an OpenDocument file: it has no content.xml")?;
    let mut c = Collector::default();
    let mut skip = 0usize;
    let mut in_citation = false;
    let mut citation = String::new();
    walk_xml(&body, "content.xml", |event| match event {
        XmlEvent::Open { name, attrs } => match name.as_str() {
            "annotation" | "tracked-changes" | "deletion" => skip += 1,
            _ if skip > 0 => {}
            "p" => c.start_paragraph(None),
            "h" => {
                let level = XmlEvent::attr(&attrs, "outline-level")
                    .and_then(|l| l.parse::<u8>().ok())
                    .unwrap_or(1);
                c.start_paragraph(Some(level.clamp(1, 6)));
            }
            "s" => {
                let n = XmlEvent::attr(&attrs, "c")
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(1);
                c.text(&" ".repeat(n.min(100)));
            }
            "tab" => c.text("\t"),
            "line-break" => c.text("\u{2028}"),
            "table-row" => c.rows.push(Vec::new()),
            "table-cell" => c.start_cell(),
            "note-citation" => {
                in_citation = true;
                citation.clear();
            }
            "note-body" => c.note = Some((String::new(), Vec::new())),
            _ => {}
        },
        XmlEvent::Close(name) => match name.as_str() {
            "annotation" | "tracked-changes" | "deletion" => skip = skip.saturating_sub(1),
            _ if skip > 0 => {}
            "p" | "h" => c.end_paragraph(),
            "table-row" => c.end_row(),
            "note-citation" => {
                in_citation = false;
                let mark = format!("[{}]", citation.trim());
                c.text(&mark);
            }
            "note-body" => {
                if let Some((_, paragraphs)) = c.note.take() {
                    c.notes.push((citation.trim().to_owned(), paragraphs));
                }
            }
            _ => {}
        },
        XmlEvent::Text(_) if skip > 0 => {}
        XmlEvent::Text(text) if in_citation => citation.push_str(&text),
        XmlEvent::Text(text) => c.text(&text),
    })?;
    let mut out = TextBuilder::new();
    let notes = c.finish(&mut out);
    Ok(Extracted::from_builder(out).with_count(notes, "footnotes moved to the end"))
}
