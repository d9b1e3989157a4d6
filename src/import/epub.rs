//! EPUB: its chapters in spine order, each a chapter start in the structure, titled by its first
//! heading (or the table of contents' name for it).

use std::collections::HashMap;

use super::archive::Archive;
use super::blocks::TextBuilder;
use super::html_text::html_to_text;
use super::xml_events::{walk_xml, XmlEvent};
use super::Extracted;

/// Most chapters an EPUB may have.
pub const MOST_CHAPTERS: usize = 5_000;

/// The text of an EPUB book.
pub fn read_epub(bytes: &[u8]) -> Result<Extracted, String> {
    let mut zip = Archive::open(bytes)?;
    let container = zip
        .text("META-INF/container.xml")?
        .ok_or("not an EPUB: it has no META-INF/container.xml")?;
    let mut opf_path = None;
    walk_xml(&container, "META-INF/container.xml", |e| {
        if let XmlEvent::Open { name, attrs } = e {
            if name == "rootfile" && opf_path.is_none() {
                opf_path = XmlEvent::attr(&attrs, "full-path");
            }
        }
    })?;
    let opf_path = opf_path.ok_or("not an EPUB: its container names no package file")?;
    let opf = zip
        .text(&opf_path)?
        .ok_or_else(|| format!("the package file {opf_path} is missing"))?;
    let package = Package::read(&opf, &opf_path)?;
    let base = opf_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut out = TextBuilder::new();
    let mut chapters = 0usize;
    for idref in &package.spine {
        let Some((href, media)) = package.manifest.get(idref) else {
            continue;
        };
        if !media.contains("html") {
            continue;
        }
        chapters += 1;
        if chapters > MOST_CHAPTERS {
            return Err(format!("the book has more than {MOST_CHAPTERS} chapters"));
        }
        let path = join_path(base, href);
        let Some(bytes) = zip.bytes(&path)? else {
            continue;
        };
        let xhtml = String::from_utf8_lossy(&bytes);
        let chapter = html_to_text(&xhtml);
        if chapter.text.trim().is_empty() {
            continue;
        }
        let first_heading = chapter.headings.first().map(|h| {
            chapter
                .text
                .chars()
                .skip(h.start)
                .take(h.end - h.start)
                .collect::<String>()
        });
        let title = first_heading
            .or_else(|| chapter.title.clone())
            .unwrap_or_else(|| format!("Chapter {chapters}"));
        out.chapter(title.split_whitespace().collect::<Vec<_>>().join(" "));
        super::add_html_blocks(&mut out, &chapter.text, &chapter.headings);
    }
    let mut extracted = Extracted::from_builder(out);
    extracted.title = package.title;
    extracted.byline = package.creator;
    extracted.published = package.date;
    Ok(extracted)
}

/// What the package file says: manifest, spine order and the book's metadata.
#[derive(Default)]
struct Package {
    manifest: HashMap<String, (String, String)>,
    spine: Vec<String>,
    title: Option<String>,
    creator: Option<String>,
    date: Option<String>,
}

impl Package {
    fn read(opf: &str, part: &str) -> Result<Self, String> {
        let mut p = Package::default();
        let mut field: Option<String> = None;
        let mut value = String::new();
        walk_xml(opf, part, |e| match e {
            XmlEvent::Open { name, attrs } => match name.as_str() {
                "item" => {
                    if let (Some(id), Some(href)) =
                        (XmlEvent::attr(&attrs, "id"), XmlEvent::attr(&attrs, "href"))
                    {
                        let media = XmlEvent::attr(&attrs, "media-type").unwrap_or_default();
                        // The table of contents (EPUB 3's navigation document) is not text
                        // of the book, even when the spine lists it.
                        let nav = XmlEvent::attr(&attrs, "properties")
                            .is_some_and(|p| p.split_whitespace().any(|w| w == "nav"));
                        if !nav {
                            p.manifest.insert(id, (href, media));
                        }
                    }
                }
                "itemref" => {
                    let linear = XmlEvent::attr(&attrs, "linear").unwrap_or_default();
                    if let Some(id) = XmlEvent::attr(&attrs, "idref").filter(|_| linear != "no") {
                        p.spine.push(id);
                    }
                }
                "title" | "creator" | "date" => {
                    field = Some(name);
                    value.clear();
                }
                _ => {}
            },
            XmlEvent::Text(text) if field.is_some() => value.push_str(&text),
            XmlEvent::Close(name) if field.as_deref() == Some(name.as_str()) => {
                let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
                let slot = match name.as_str() {
                    "title" => &mut p.title,
                    "creator" => &mut p.creator,
                    _ => &mut p.date,
                };
                if slot.is_none() && !v.is_empty() {
                    *slot = Some(v);
                }
                field = None;
            }
            _ => {}
        })?;
        if p.spine.is_empty() {
            return Err(format!("{part}: the book's spine lists no chapters"));
        }
        Ok(p)
    }
}

/// `href` (percent-encoded, relative to the package file's folder) as a path in the archive.
fn join_path(base: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default();
    let mut parts: Vec<String> = base
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    for piece in percent_encoding::percent_decode_str(href)
        .decode_utf8_lossy()
        .split('/')
    {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p.to_owned()),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_against_the_package_folder() {
        assert_eq!(
            join_path("OEBPS", "text/ch%201.xhtml#x"),
            "OEBPS/text/ch 1.xhtml"
        );
        assert_eq!(join_path("OEBPS/pkg", "../ch.xhtml"), "OEBPS/ch.xhtml");
        assert_eq!(join_path("", "ch.xhtml"), "ch.xhtml");
        assert_eq!(join_path("", "a%2"), "a%2");
    }
}
