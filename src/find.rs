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
    let mut window: std::collections::VecDeque<char> = std::collections::VecDeque::with_capacity(n);
    let mut skip_until = 0;
    for (i, c) in text.chars().enumerate() {
        window.push_back(fold(c, false));
        if window.len() > n {
            window.pop_front();
        }
        let start = (i + 1).saturating_sub(n);
        if window.len() == n && start >= skip_until && window.iter().eq(needle.iter()) {
            out.push((start, i + 1));
            skip_until = i + 1;
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
