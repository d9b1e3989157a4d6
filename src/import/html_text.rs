//! The visible text of an HTML article, as a reader would see it in a browser.
//!
//! A small, forgiving scanner rather than a full HTML5 parser: articles saved from the web are
//! often malformed, and all we need is the text, its paragraph breaks and a title.

/// Text and title extracted from an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlText {
    /// Visible text; paragraphs, headings, list items and `<br>` end lines.
    pub text: String,
    /// The `<title>`, else the first `<h1>`.
    pub title: Option<String>,
    /// `<h1>`…`<h6>` as ranges of `text` (code points), in order.
    pub headings: Vec<crate::model::Heading>,
    /// How deep elements nest at most, counting every opening tag that is not void.
    pub max_depth: usize,
}

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "ul",
];

/// Elements whose content is never shown.
const HIDDEN_TAGS: &[&str] = &[
    "script", "style", "template", "noscript", "title", "textarea",
];

struct Extractor {
    out: String,
    pending_space: bool,
    pre_depth: usize,
    h1: Option<String>,
    in_first_h1: bool,
    /// Byte ranges of `out` with their level; an open heading has `usize::MAX` as its end.
    headings: Vec<(usize, usize, u8)>,
}

impl Extractor {
    fn line_break(&mut self, always: bool) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        if always || (!self.out.is_empty() && !self.out.ends_with('\n')) {
            self.out.push('\n');
        }
        self.pending_space = false;
    }

    fn text(&mut self, raw: &str) {
        let decoded = html_escape::decode_html_entities(raw);
        if self.in_first_h1 {
            if let Some(h1) = &mut self.h1 {
                h1.push_str(&decoded);
            }
        }
        if self.pre_depth > 0 {
            self.out.push_str(&decoded);
            return;
        }
        for ch in decoded.chars() {
            if matches!(ch, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.out.is_empty() && !self.out.ends_with(['\n', '\t']) {
                    self.out.push(' ');
                }
                self.pending_space = false;
                self.out.push(ch);
            }
        }
    }
}

/// Find the byte index of `</name` (ASCII case-insensitive) at or after `from`.
fn find_closing(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let needle_len = name.len() + 2;
    let mut i = from;
    while i + needle_len <= bytes.len() {
        if bytes[i] == b'<'
            && bytes[i + 1] == b'/'
            && bytes[i + 2..i + needle_len].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Index just past the `>` that ends a tag starting at `from`, honouring quoted attributes.
fn tag_end(html: &str, from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (i, &b) in html.as_bytes()[from..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return from + i + 1,
            None => {}
        }
    }
    html.len()
}

/// Extract the visible text and a title from an HTML document.
pub fn html_to_text(html: &str) -> HtmlText {
    let mut ex = Extractor {
        out: String::new(),
        pending_space: false,
        pre_depth: 0,
        h1: None,
        in_first_h1: false,
        headings: Vec::new(),
    };
    let mut depth = 0usize;
    let mut max_depth = 0usize;
    let mut title = None;
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        let next = rest.as_bytes().get(1).copied().unwrap_or(b' ');
        let is_tag = next.is_ascii_alphabetic()
            || (next == b'/' && rest.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic))
            || next == b'!'
            || next == b'?';
        if !is_tag {
            i += 1;
            continue;
        }
        ex.text(&html[text_start..i]);
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(html.len(), |e| i + 4 + e + 3);
            text_start = i;
            continue;
        }
        let end = tag_end(html, i);
        // An unterminated tag runs to the end of the text; `>` is one byte, so `end - 1` is a
        // character boundary only when the tag was closed.
        let inner = if end > i + 1 && html.as_bytes()[end - 1] == b'>' {
            &html[i + 1..end - 1]
        } else {
            &html[i + 1..]
        };
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        i = end;
        text_start = end;
        if name.is_empty() {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !VOID_TAGS.contains(&name.as_str()) && !inner.ends_with('/') {
            depth += 1;
            max_depth = max_depth.max(depth);
        }
        if let Some(level) = heading_level(&name) {
            if closing {
                while ex.out.ends_with(' ') {
                    ex.out.pop();
                }
                if let Some(open) = ex.headings.last_mut().filter(|h| h.1 == usize::MAX) {
                    open.1 = ex.out.len();
                }
            }
            ex.line_break(false);
            if closing {
            } else if ex.headings.last().is_none_or(|h| h.1 != usize::MAX) {
                ex.headings.push((ex.out.len(), usize::MAX, level));
            }
        }
        if !closing && HIDDEN_TAGS.contains(&name.as_str()) {
            let close = find_closing(html, end, &name).unwrap_or(html.len());
            if name == "title" && title.is_none() {
                let raw = html_escape::decode_html_entities(&html[end..close]).into_owned();
                let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
                if !collapsed.is_empty() {
                    title = Some(collapsed);
                }
            }
            i = if close < html.len() {
                tag_end(html, close)
            } else {
                close
            };
            text_start = i;
            continue;
        }
        match name.as_str() {
            "br" => ex.line_break(true),
            "pre" => {
                ex.line_break(false);
                if closing {
                    ex.pre_depth = ex.pre_depth.saturating_sub(1);
                } else {
                    ex.pre_depth += 1;
                }
            }
            "h1" if !closing && ex.h1.is_none() => {
                ex.line_break(false);
                ex.h1 = Some(String::new());
                ex.in_first_h1 = true;
            }
            "h1" if closing => {
                ex.line_break(false);
                ex.in_first_h1 = false;
            }
            "td" | "th" if !closing => {
                while ex.out.ends_with(' ') {
                    ex.out.pop();
                }
                if !ex.out.is_empty() && !ex.out.ends_with('\n') {
                    ex.out.push('\t');
                }
                ex.pending_space = false;
            }
            _ if BLOCK_TAGS.contains(&name.as_str()) => ex.line_break(false),
            _ => {}
        }
    }
    ex.text(&html[text_start.min(html.len())..]);
    let trimmed = ex.out.trim_end();
    let text = trimmed.trim_start_matches('\n').to_owned();
    let lead = trimmed.len() - text.len();
    let headings = heading_ranges(&ex.headings, &text, lead);
    let h1 = ex
        .h1
        .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|h| !h.is_empty());
    HtmlText {
        text,
        title: title.or(h1),
        headings,
        max_depth,
    }
}

/// Elements that never have content or a closing tag.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "!doctype",
];

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// Byte ranges into the untrimmed output turned into code-point ranges of `text`, which starts
/// `lead` bytes into it; empty headings are left out.
fn heading_ranges(
    raw: &[(usize, usize, u8)],
    text: &str,
    lead: usize,
) -> Vec<crate::model::Heading> {
    let to_char = |byte: usize| {
        let byte = byte.saturating_sub(lead).min(text.len());
        let mut b = byte;
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        text[..b].chars().count()
    };
    raw.iter()
        .map(|&(start, end, level)| {
            let end = if end == usize::MAX {
                text.len() + lead
            } else {
                end
            };
            crate::model::Heading {
                start: to_char(start),
                end: to_char(end),
                level,
            }
        })
        .filter(|h| h.start < h.end)
        .collect()
}

/// The charset an HTML file declares in its first kilobyte (`<meta charset=...>`).
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let value: String = lower[at..]
        .iter()
        .map(|&b| b as char)
        .skip_while(|c| *c == '"' || *c == '\'')
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_entities_and_hidden_content() {
        let html = "<html><head><title>The &amp; Title</title><style>p{}</style></head><body>\
            <h1>Head  line</h1><p>One &ldquo;two&rdquo;\n  three</p><script>var x='<p>';</script>\
            <ul><li>a</li><li>b<br>c</li></ul><!-- hidden --><p>x &lt; y</p></body></html>";
        let out = html_to_text(html);
        assert_eq!(
            out.text,
            "Head line\nOne \u{201c}two\u{201d} three\na\nb\nc\nx < y"
        );
        assert_eq!(out.title.as_deref(), Some("The & Title"));
        assert_eq!(
            out.headings,
            vec![crate::model::Heading {
                start: 0,
                end: 9,
                level: 1
            }]
        );
    }

    #[test]
    fn heading_levels_and_depth() {
        let out =
            html_to_text("<div><div><h2>Über</h2><p>x</p><h3>Zwei</h3></div></div><br><img src=x>");
        assert_eq!(out.text, "Über\nx\nZwei");
        let levels: Vec<_> = out
            .headings
            .iter()
            .map(|h| (h.start, h.end, h.level))
            .collect();
        assert_eq!(levels, vec![(0, 4, 2), (7, 11, 3)]);
        assert_eq!(out.max_depth, 3);
    }

    #[test]
    fn h1_is_the_title_without_title_tag() {
        let out = html_to_text("<h1>Big <b>news</b></h1><p>body</p>");
        assert_eq!(out.title.as_deref(), Some("Big news"));
        assert_eq!(out.text, "Big news\nbody");
    }

    #[test]
    fn unclosed_and_stray_brackets_do_not_panic() {
        let out = html_to_text("a < b <p>c <script>never closed");
        assert_eq!(out.text, "a < b\nc");
        assert_eq!(html_to_text("<").text, "<");
        assert_eq!(html_to_text("<p").text, "");
    }

    #[test]
    fn charset_is_found() {
        assert_eq!(
            declared_charset(b"<meta charset=\"GB2312\">").as_deref(),
            Some("gb2312")
        );
    }
}
