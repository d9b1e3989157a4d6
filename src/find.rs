//! Find in a document: every occurrence of a query, as code point ranges ready to highlight or tag.

/// Most matches one search reports, so a one-letter query on a book stays responsive.
pub const MAX_MATCHES: usize = 100_000;

/// All non-overlapping occurrences of `query` in `text`, as `[start, end)` code point ranges.
/// Case-insensitive unless `match_case`; comparison folds each character to its first lowercase form.
pub fn find_all(text: &str, query: &str, match_case: bool) -> Vec<(usize, usize)> {
    let needle: Vec<char> = query.chars().map(|c| fold(c, match_case)).collect();
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let n = needle.len();
    if match_case {
        // Fast path: byte search, converting positions incrementally.
        let mut chars_before = 0;
        let mut last_byte = 0;
        for (byte, _) in text.match_indices(query) {
            chars_before += text[last_byte..byte].chars().count();
            last_byte = byte;
            out.push((chars_before, chars_before + n));
            if out.len() >= MAX_MATCHES {
                break;
            }
        }
        return out;
    }
    // Walk the text once; at each character that matches the needle's first, compare the rest
    // in place. Folding is a table lookup, and ASCII takes a faster path.
    let first = needle[0];
    let mut skip_until_byte = 0;
    for (at, (byte, c)) in text.char_indices().enumerate() {
        if byte < skip_until_byte || fold(c, false) != first {
            continue;
        }
        let mut rest = text[byte + c.len_utf8()..].chars();
        let mut end_byte = byte + c.len_utf8();
        let mut matched = true;
        for &want in &needle[1..] {
            match rest.next() {
                Some(d) if fold(d, false) == want => end_byte += d.len_utf8(),
                _ => {
                    matched = false;
                    break;
                }
            }
        }
        if matched {
            out.push((at, at + n));
            skip_until_byte = end_byte;
            if out.len() >= MAX_MATCHES {
                break;
            }
        }
    }
    out
}

fn fold(c: char, match_case: bool) -> char {
    if match_case {
        c
    } else if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_in_code_points() {
        let text = "😀 Party, party, PARTY";
        assert_eq!(
            find_all(text, "party", false),
            vec![(2, 7), (9, 14), (16, 21)]
        );
        assert_eq!(find_all(text, "party", true), vec![(9, 14)]);
        assert_eq!(find_all("aaaa", "aa", true), vec![(0, 2), (2, 4)]);
        assert_eq!(find_all("aaaa", "aa", false), vec![(0, 2), (2, 4)]);
        assert!(find_all(text, "", false).is_empty());
    }
}
