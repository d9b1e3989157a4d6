//! A fast reader for annotation lines in exactly the form Marginalia writes them, which is what
//! nearly every line of a project file is. Anything else (another field order, escapes, comments,
//! extra spaces, a field written at its default) gives `None` and the line goes to the RON parser,
//! so this reader decides speed only, never meaning. A property test holds it to the RON parser.

use std::collections::BTreeMap;

use crate::model::{Annotation, Fragment, Review, ReviewStatus};

struct Cursor<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn eat(&mut self, token: &str) -> Option<()> {
        self.s[self.at..]
            .starts_with(token)
            .then(|| self.at += token.len())
    }

    fn eat_if(&mut self, token: &str) -> bool {
        self.eat(token).is_some()
    }

    fn number(&mut self) -> Option<u64> {
        let digits = self.s.as_bytes()[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        // A leading zero is not how numbers are written; leave such a line to RON.
        if digits == 0 || digits > 20 || (digits > 1 && self.s.as_bytes()[self.at] == b'0') {
            return None;
        }
        let n = self.s[self.at..self.at + digits].parse().ok()?;
        self.at += digits;
        Some(n)
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.number()?).ok()
    }

    /// `"…"` without escapes, or a raw string `r#"…"#`.
    fn string(&mut self) -> Option<String> {
        let rest = &self.s[self.at..];
        if let Some(body) = rest.strip_prefix('"') {
            let end = body.find(['"', '\\'])?;
            if body.as_bytes()[end] != b'"' {
                return None;
            }
            self.at += end + 2;
            return Some(body[..end].to_owned());
        }
        let hashes = rest
            .strip_prefix('r')?
            .bytes()
            .take_while(|&b| b == b'#')
            .count();
        let open = 1 + hashes;
        if rest.as_bytes().get(open) != Some(&b'"') {
            return None;
        }
        let close = format!("\"{}", "#".repeat(hashes));
        let body = &rest[open + 1..];
        let end = body.find(&close)?;
        self.at += open + 1 + end + close.len();
        Some(body[..end].to_owned())
    }

    fn some_string(&mut self) -> Option<String> {
        self.eat("Some(")?;
        let s = self.string()?;
        self.eat(")")?;
        Some(s)
    }
}

/// One annotation line (without its trailing comma), if it is in the written form.
pub fn parse_annotation(line: &str) -> Option<Annotation> {
    let mut c = Cursor { s: line, at: 0 };
    c.eat("(id: ")?;
    let id = c.number()?;
    c.eat(", label: ")?;
    let label = c.string()?;
    c.eat(", fragments: [")?;
    let mut fragments = Vec::new();
    loop {
        c.eat("(start: ")?;
        let start = c.usize()?;
        c.eat(", end: ")?;
        let end = c.usize()?;
        c.eat(")")?;
        fragments.push(Fragment::new(start, end));
        if !c.eat_if(", ") {
            break;
        }
    }
    c.eat("], text: ")?;
    let text = c.string()?;
    c.eat(", author: ")?;
    let author = c.string()?;
    c.eat(", created: ")?;
    let created = c.string()?;
    c.eat(", modified: ")?;
    let modified = c.string()?;
    let note = if c.eat_if(", note: ") {
        Some(c.some_string()?)
    } else {
        None
    };
    let review = if c.eat_if(", review: (status: ") {
        let status = if c.eat_if("pending") {
            ReviewStatus::Pending
        } else if c.eat_if("accepted") {
            ReviewStatus::Accepted
        } else {
            c.eat("rejected")?;
            ReviewStatus::Rejected
        };
        let mut review = Review {
            status,
            ..Review::default()
        };
        if c.eat_if(", reviewer: ") {
            review.reviewer = Some(c.some_string()?);
        }
        if c.eat_if(", time: ") {
            review.time = Some(c.some_string()?);
        }
        if c.eat_if(", comment: ") {
            review.comment = Some(c.some_string()?);
        }
        c.eat(")")?;
        // The written form leaves an untouched review out.
        if review.is_untouched() {
            return None;
        }
        review
    } else {
        Review::default()
    };
    let mut attributes = BTreeMap::new();
    if c.eat_if(", attributes: {") {
        loop {
            let key = c.string()?;
            c.eat(": ")?;
            let value = c.string()?;
            // Written sorted and once each; anything else is for RON to judge.
            if attributes.last_key_value().is_some_and(|(k, _)| *k >= key) {
                return None;
            }
            attributes.insert(key, value);
            if !c.eat_if(", ") {
                break;
            }
        }
        c.eat("}")?;
    }
    let suggested_by = if c.eat_if(", suggested_by: ") {
        Some(c.some_string()?)
    } else {
        None
    };
    c.eat(")")?;
    (c.at == line.len()).then_some(Annotation {
        id,
        label,
        fragments,
        text,
        author,
        created,
        modified,
        note,
        review,
        attributes,
        suggested_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ron_of(a: &Annotation) -> String {
        ron::ser::to_string_pretty(
            a,
            ron::ser::PrettyConfig::new()
                .depth_limit(0)
                .escape_strings(false),
        )
        .unwrap()
    }

    #[test]
    fn the_written_form_reads_back_and_anything_else_is_left_to_ron() {
        let mut a = Annotation {
            id: 7,
            label: "quote".into(),
            fragments: vec![Fragment::new(3, 9), Fragment::new(12, 20)],
            text: "a \"b\" c".into(),
            author: "ana".into(),
            created: "2026-01-01T00:00:00Z".into(),
            modified: "2026-01-02T00:00:00Z".into(),
            note: Some("line\nbreak \\ here".into()),
            review: Review {
                status: ReviewStatus::Accepted,
                reviewer: Some("bo".into()),
                time: None,
                comment: Some("ok".into()),
            },
            attributes: [
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), "x y".to_owned()),
            ]
            .into_iter()
            .collect(),
            suggested_by: Some("quotes".into()),
        };
        let line = ron_of(&a);
        assert_eq!(parse_annotation(&line), Some(a.clone()), "{line}");
        a.note = None;
        a.review = Review::default();
        a.attributes.clear();
        a.suggested_by = None;
        let line = ron_of(&a);
        assert_eq!(parse_annotation(&line), Some(a.clone()), "{line}");
        for other in [
            "(id: 1, label: \"x\")",
            "(id:1, label: \"x\", fragments: [(start: 0, end: 1)], text: \"a\", author: \"b\", created: \"c\", modified: \"d\")",
            "(id: 01, label: \"x\", fragments: [(start: 0, end: 1)], text: \"a\", author: \"b\", created: \"c\", modified: \"d\")",
            "(id: 1, label: \"x\\n\", fragments: [(start: 0, end: 1)], text: \"a\", author: \"b\", created: \"c\", modified: \"d\")",
            "(id: 1, label: \"x\", fragments: [(start: 0, end: 1)], text: \"a\", author: \"b\", created: \"c\", modified: \"d\", review: (status: pending))",
            "(id: 1, label: \"x\", fragments: [(start: 0, end: 1)], text: \"a\", author: \"b\", created: \"c\", modified: \"d\") // x",
        ] {
            assert_eq!(parse_annotation(other), None, "{other}");
        }
    }

    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z ]{0,12}",
            "[ -~]{0,12}",
            any::<String>(),
            Just("a \"quoted\" \\ back".to_owned()),
            Just("line\nbreak".to_owned()),
        ]
    }

    fn annotation() -> impl Strategy<Value = Annotation> {
        (
            (
                any::<u64>(),
                text(),
                prop::collection::vec((0usize..1000, 0usize..1000), 0..3),
                text(),
                text(),
            ),
            (
                prop::option::of(text()),
                0u8..3,
                prop::option::of(text()),
                prop::option::of(text()),
                prop::option::of(text()),
            ),
            (
                prop::collection::btree_map(text(), text(), 0..3),
                prop::option::of(text()),
            ),
        )
            .prop_map(
                |(
                    (id, label, frags, covered, author),
                    (note, status, reviewer, time, comment),
                    (attributes, suggested_by),
                )| Annotation {
                    id,
                    label,
                    fragments: frags
                        .into_iter()
                        .map(|(s, e)| Fragment::new(s, e))
                        .collect(),
                    text: covered,
                    author,
                    created: "2026-01-01T00:00:00Z".into(),
                    modified: "2026-01-01T00:00:00Z".into(),
                    note,
                    review: Review {
                        status: [
                            ReviewStatus::Pending,
                            ReviewStatus::Accepted,
                            ReviewStatus::Rejected,
                        ][status as usize],
                        reviewer,
                        time,
                        comment,
                    },
                    attributes,
                    suggested_by,
                },
            )
    }

    proptest! {
        #[test]
        fn the_fast_reader_agrees_with_ron(a in annotation(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
            let line = ron_of(&a);
            let by_ron: Annotation = ron::from_str(&line).unwrap();
            prop_assert_eq!(&by_ron, &a);
            if let Some(fast) = parse_annotation(&line) {
                prop_assert_eq!(fast, a);
            }
            // A damaged line: the fast reader either declines it or reads what RON reads.
            let mut bytes = line.clone().into_bytes();
            let at = cut.index(bytes.len().max(1)).min(bytes.len().saturating_sub(1));
            if !bytes.is_empty() {
                bytes[at] = byte;
            }
            if let Ok(damaged) = String::from_utf8(bytes) {
                if let Some(fast) = parse_annotation(&damaged) {
                    let by_ron: Result<Annotation, _> = ron::from_str(&damaged);
                    prop_assert_eq!(Some(fast), by_ron.ok());
                }
            }
        }

        #[test]
        fn lines_in_the_written_form_take_the_fast_path(
            mut a in annotation(),
            label in "[ -~]{0,12}",
            covered in "[ -~]{0,12}",
            author in "[ -~]{0,12}",
            first in (0usize..1000, 0usize..1000),
        ) {
            // Every written line reads fast, whatever its strings hold (raw strings included).
            a.label = label;
            a.text = covered;
            a.author = author;
            a.fragments.insert(0, Fragment::new(first.0, first.1));
            let line = ron_of(&a);
            prop_assert_eq!(parse_annotation(&line), Some(a), "{}", line);
        }
    }
}
