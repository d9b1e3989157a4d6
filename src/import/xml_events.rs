//! XML as a flat stream of opening tags, closing tags and text, by `quick-xml`, with entities
//! resolved and names without their namespace prefix: what the Word, OpenDocument and EPUB
//! readers walk.

use quick_xml::events::Event;
use quick_xml::Reader;
use quick_xml::XmlVersion;

/// One step through an XML part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlEvent {
    /// An opening tag (an empty element gives `Open` then `Close`).
    Open {
        /// The local name (`p` for `w:p`).
        name: String,
        /// Attributes by local name, in order.
        attrs: Vec<(String, String)>,
    },
    /// A closing tag, by local name.
    Close(String),
    /// Text, entities resolved.
    Text(String),
}

impl XmlEvent {
    /// An attribute of an opening tag, by local name.
    pub fn attr(attrs: &[(String, String)], name: &str) -> Option<String> {
        attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

fn local(name: &[u8]) -> String {
    let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
    String::from_utf8_lossy(local).into_owned()
}

/// Call `on` for every event of `xml`; a syntax error is reported with its byte position.
pub fn walk_xml(xml: &str, part: &str, mut on: impl FnMut(XmlEvent)) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{part}: XML error at byte {}: {e}", reader.error_position()))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(tag) | Event::Empty(tag) => {
                let name = local(tag.name().as_ref());
                let attrs = tag
                    .attributes()
                    .flatten()
                    .map(|a| {
                        let value = a
                            .normalized_value(XmlVersion::Implicit1_0)
                            .map(|v| v.into_owned())
                            .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
                        (local(a.key.as_ref()), value)
                    })
                    .collect();
                on(XmlEvent::Open {
                    name: name.clone(),
                    attrs,
                });
                if empty {
                    on(XmlEvent::Close(name));
                }
            }
            Event::End(tag) => on(XmlEvent::Close(local(tag.name().as_ref()))),
            Event::Text(text) => {
                if let Ok(text) = text.decode() {
                    on(XmlEvent::Text(text.into_owned()));
                }
            }
            Event::CData(data) => {
                on(XmlEvent::Text(String::from_utf8_lossy(&data).into_owned()));
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(ch)) => Some(ch.to_string()),
                    _ => match reference.decode().as_deref() {
                        Ok("amp") => Some("&".into()),
                        Ok("lt") => Some("<".into()),
                        Ok("gt") => Some(">".into()),
                        Ok("quot") => Some("\"".into()),
                        Ok("apos") => Some("'".into()),
                        Ok("nbsp") => Some("\u{a0}".into()),
                        _ => None,
                    },
                };
                if let Some(text) = resolved {
                    on(XmlEvent::Text(text));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_prefix_and_entities_resolve() {
        let mut seen = Vec::new();
        walk_xml(
            "<w:p a:x=\"1 &amp; 2\"><w:t>A &lt;b&gt; &#233;</w:t><w:br/></w:p>",
            "t",
            |e| seen.push(e),
        )
        .unwrap();
        let text: String = seen
            .iter()
            .filter_map(|e| match e {
                XmlEvent::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(text, "A <b> é");
        assert_eq!(
            seen[0],
            XmlEvent::Open {
                name: "p".into(),
                attrs: vec![("x".into(), "1 & 2".into())]
            }
        );
        assert!(seen.contains(&XmlEvent::Close("br".into())));
        assert!(walk_xml("<a><b></a", "t", |_| {}).is_err());
    }
}
