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
    // Inside deleted text, the fallback copy of a drawing's text (Word writes text boxes twice),
    // or a table of contents: nothing is read.
    let mut skip = 0usize;
    let mut sdt_is_contents: Vec<bool> = Vec::new();
    walk_xml(&body, "word/document.xml", |event| {
        let skipped = |name: &str, contents: &[bool]| {
            matches!(name, "del" | "Fallback")
                || (name == "sdtContent" && contents.last() == Some(&true))
        };
        match &event {
            XmlEvent::Open { name, attrs } => {
                if name == "sdt" {
                    sdt_is_contents.push(false);
                }
                let gallery = XmlEvent::attr(attrs, "val").unwrap_or_default();
                if name == "docPartGallery" && gallery.contains("Contents") {
                    if let Some(contents) = sdt_is_contents.last_mut() {
                        *contents = true;
                    }
                }
                if skipped(name, &sdt_is_contents) {
                    skip += 1;
                }
                if skip > 0 {
                    return;
                }
            }
            XmlEvent::Close(name) => {
                let was_skipped = skipped(name, &sdt_is_contents);
                if name == "sdt" {
                    sdt_is_contents.pop();
                }
                if was_skipped {
                    skip = skip.saturating_sub(1);
                    return;
                }
                if skip > 0 {
                    return;
                }
            }
            XmlEvent::Text(_) if skip > 0 => return,
            XmlEvent::Text(_) => {}
        }
        read_word_event(&mut c, &mut in_text, &styles, &mut notes, event);
    })?;
    let mut out = TextBuilder::new();
    let notes = c.finish(&mut out);
    Ok(Extracted::from_builder(out).with_count(notes, "footnotes moved to the end"))
}

/// One event of a Word document's body, outside anything skipped.
fn read_word_event(
    c: &mut Collector,
    in_text: &mut bool,
    styles: &HashMap<String, u8>,
    notes: &mut HashMap<String, Vec<String>>,
    event: XmlEvent,
) {
    match event {
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
            "t" => *in_text = true,
            "tab" => c.text("\t"),
            "br" | "cr" => c.text("\u{2028}"),
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
            "t" => *in_text = false,
            "tr" => c.end_row(),
            _ => {}
        },
        XmlEvent::Text(text) if *in_text => c.text(&text),
        XmlEvent::Text(_) => {}
    }
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
            "annotation" | "tracked-changes" | "deletion" | "table-of-content"
            | "alphabetical-index" | "illustration-index" => skip += 1,
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
            "annotation" | "tracked-changes" | "deletion" | "table-of-content"
            | "alphabetical-index" | "illustration-index" => skip = skip.saturating_sub(1),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn container(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn word_leaves_out_deletions_fallback_copies_and_the_table_of_contents() {
        let body = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
            <w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>
              <w:sdtContent><w:p><w:r><w:t>Contents 1</w:t></w:r></w:p></w:sdtContent></w:sdt>
            <w:p><w:r><w:t>Kept </w:t></w:r><w:del><w:r><w:delText>gone</w:delText><w:t>gone</w:t></w:r></w:del><w:ins><w:r><w:t>added</w:t></w:r></w:ins></w:p>
            <w:p><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></mc:Choice>
              <mc:Fallback><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>After</w:t></w:r></w:p>
            </w:body></w:document>"#;
        let docx = container(&[("word/document.xml", body)]);
        let text = read_docx(&docx).unwrap().text;
        assert_eq!(text, "Kept added\nBox\nAfter");
    }

    #[test]
    fn opendocument_leaves_out_its_table_of_contents() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
            <text:table-of-content><text:index-body><text:p>Contents 1</text:p></text:index-body></text:table-of-content>
            <text:h text:outline-level="2">Heading</text:h><text:p>Body<text:s text:c="2"/>text</text:p>
            </office:text></office:body></office:document-content>"#;
        let odt = container(&[("content.xml", content)]);
        let out = read_odt(&odt).unwrap();
        assert_eq!(out.text, "Heading\nBody text");
        assert_eq!(out.structure.headings[0].level, 2);
    }
}
