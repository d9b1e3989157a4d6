//! A saved web page: its article, not its menus, in the manner of Mozilla's Readability (by the
//! `dom_smoothie` crate), with title, byline, date and the page's own address as metadata.

use dom_smoothie::{Config, Readability};

use super::blocks::TextBuilder;
use super::html_text::{html_to_text, HtmlText};
use super::Extracted;

/// Pages whose elements nest deeper than this are not given to the article extractor (its
/// scoring walks the tree); their visible text is imported instead.
pub const DEEPEST_ARTICLE_PAGE: usize = 1_000;

/// Pages with more elements than this are imported as visible text.
pub const MOST_ARTICLE_ELEMENTS: usize = 300_000;

/// An article found shorter than this (code points) is taken as "no article".
const SHORTEST_ARTICLE: usize = 140;

/// Read a saved page: the article (format `web-article`), unless `whole_page` asks for all of
/// its visible text (format `html`) or no article is found (then a note says so).
pub fn read_web_page(html: &str, whole_page: bool) -> Extracted {
    let visible = html_to_text(html);
    let deep = visible.max_depth > DEEPEST_ARTICLE_PAGE;
    let mut page = Extracted {
        format: Some("html"),
        ..Extracted::default()
    };
    if !deep {
        if let Ok(reader) = Readability::new(html, None, None) {
            let meta = reader.get_article_metadata(reader.parse_json_ld());
            page.byline = non_empty(meta.byline);
            page.published = non_empty(meta.published_time);
            page.title = non_empty(Some(meta.title));
            page.url = page_address(html).or(non_empty(meta.url));
        }
    }
    if page.title.is_none() {
        page.title = visible.title.clone();
    }
    let visible_chars = visible.text.chars().count();
    if !whole_page {
        if deep {
            page.notes.push(format!(
                "the page nests elements {} deep, too deep to look for its article; imported all of its visible text",
                visible.max_depth
            ));
        } else {
            match extract_article(html) {
                Ok(body) if body.text.chars().count() >= SHORTEST_ARTICLE => {
                    let kept = body.text.chars().count();
                    build_article(&mut page, &body);
                    page.format = Some("web-article");
                    page.notes.push(format!(
                        "kept the article ({kept} of the page's {visible_chars} visible characters); menus, links and footers left out"
                    ));
                    return page;
                }
                Ok(_) | Err(_) => page.notes.push(
                    "found no article on the page; imported all of its visible text".to_owned(),
                ),
            }
        }
    }
    page.text = visible.text;
    page.structure.headings = visible.headings;
    page
}

fn extract_article(html: &str) -> Result<HtmlText, dom_smoothie::ReadabilityError> {
    let config = Config {
        max_elements_to_parse: MOST_ARTICLE_ELEMENTS,
        ..Config::default()
    };
    let mut reader = Readability::new(html, None, Some(config))?;
    let article = reader.parse()?;
    Ok(html_to_text(&article.content))
}

/// Title, byline and date as the first paragraphs, then the article's blocks.
fn build_article(page: &mut Extracted, body: &HtmlText) {
    let mut out = TextBuilder::new();
    let title = page.title.clone().unwrap_or_default();
    out.heading(&title, 1);
    for line in [&page.byline, &page.published].into_iter().flatten() {
        let already = body.text.lines().take(4).any(|l| l.trim() == line.trim());
        if !already {
            out.paragraph(line);
        }
    }
    let (text, headings) = match body.text.split_once('\n') {
        Some((first, rest)) if same_words(first, &title) => {
            let skip = first.chars().count() + 1;
            let shifted: Vec<_> = body
                .headings
                .iter()
                .filter(|h| h.start >= skip)
                .map(|h| crate::model::Heading {
                    start: h.start - skip,
                    end: h.end - skip,
                    level: h.level.max(2),
                })
                .collect();
            (rest, shifted)
        }
        _ => (
            body.text.as_str(),
            body.headings
                .iter()
                .map(|h| crate::model::Heading {
                    level: h.level.max(2),
                    ..*h
                })
                .collect(),
        ),
    };
    super::add_html_blocks(&mut out, text, &headings);
    let (text, structure) = out.finish();
    page.text = text;
    page.structure = structure;
}

fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|v| !v.is_empty())
}

/// `<link rel="canonical">`, else `<meta property="og:url">`.
fn page_address(html: &str) -> Option<String> {
    let doc = dom_query::Document::from(html);
    let canonical = doc.select("link[rel~=canonical]").attr("href");
    let og = || doc.select("meta[property='og:url']").attr("content");
    non_empty(canonical.or_else(og).map(|v| v.to_string()))
}

/// The HTML of a `.mhtml` (MIME) archive: its first `text/html` part, decoded, with the
/// charset it declares.
pub fn mhtml_html(bytes: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    let text = String::from_utf8_lossy(bytes);
    let boundary = header_param(&text, "boundary")?;
    let marker = format!("--{boundary}");
    for part in text.split(marker.as_str()).skip(1) {
        let part = part.trim_start_matches(['\r', '\n']);
        let (head, body) = part
            .split_once("\r\n\r\n")
            .or_else(|| part.split_once("\n\n"))?;
        let head_lower = head.to_ascii_lowercase();
        if !head_lower.contains("content-type: text/html") {
            continue;
        }
        let charset = header_param(head, "charset");
        let body = if head_lower.contains("quoted-printable") {
            decode_quoted_printable(body)
        } else if head_lower.contains("base64") {
            decode_base64(body)
        } else {
            body.as_bytes().to_vec()
        };
        return Some((body, charset));
    }
    None
}

fn header_param(text: &str, name: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = text[at..].trim_start_matches('"');
    let value: String = rest
        .chars()
        .take_while(|c| !matches!(c, '"' | ';' | '\r' | '\n') && !c.is_whitespace())
        .collect();
    (!value.is_empty()).then_some(value)
}

fn decode_quoted_printable(body: &str) -> Vec<u8> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            let hex = |b: u8| (b as char).to_digit(16);
            match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'\n'), _) => i += 2,
                (Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                    out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

fn decode_base64(body: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in body.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mhtml_part_is_decoded() {
        let mhtml = "MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----B\"\r\n\r\n------B\r\nContent-Type: text/css\r\n\r\np{}\r\n------B\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>Caf=C3=A9 =\r\nsoft</p>\r\n------B--\r\n";
        let (html, charset) = mhtml_html(mhtml.as_bytes()).unwrap();
        assert_eq!(String::from_utf8(html).unwrap(), "<p>Café soft</p>\r\n");
        assert_eq!(charset.as_deref(), Some("utf-8"));
        assert_eq!(decode_base64("SGVsbG8s\r\nIHdvcmxk"), b"Hello, world");
    }

    #[test]
    fn a_short_page_has_no_article_and_says_so() {
        let page = read_web_page("<title>T</title><p>Just a line.</p>", false);
        assert_eq!(page.format, Some("html"));
        assert_eq!(page.text, "Just a line.");
        assert!(page.notes[0].contains("no article"), "{:?}", page.notes);
        let whole = read_web_page("<p>Just a line.</p>", true);
        assert!(whole.notes.is_empty());
    }
}
