//! File names from document ids that can never escape the output folder or be illegal on Windows.

use std::collections::HashSet;

const WINDOWS_RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A file stem for `id`: letters, digits, `-`, `_` and inner dots only; no leading dot, no path
/// separators, no Windows device names, at most 100 characters.
pub fn safe_stem(id: &str) -> String {
    let mut stem: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    stem = stem
        .trim_start_matches('.')
        .trim_end_matches('.')
        .to_owned();
    stem = stem.chars().take(100).collect();
    if stem.trim_matches('_').is_empty() {
        stem = "document".to_owned();
    }
    let base = stem
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if WINDOWS_RESERVED.contains(&base.as_str()) {
        stem.insert(0, '_');
    }
    stem
}

/// Hands out distinct safe stems, adding `-2`, `-3`… when two ids sanitize to the same name.
#[derive(Default)]
pub struct StemAllocator {
    used: HashSet<String>,
}

impl StemAllocator {
    /// A stem for `id` not handed out before (compared case-insensitively, for Windows and macOS).
    pub fn stem(&mut self, id: &str) -> String {
        let used = &self.used;
        let stem = crate::unique::unique_name(&safe_stem(id), |s| used.contains(&s.to_lowercase()));
        self.used.insert(stem.to_lowercase());
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_ids_stay_inside() {
        assert_eq!(safe_stem("../../x"), "_.._x");
        assert_eq!(safe_stem("/etc/passwd"), "_etc_passwd");
        assert_eq!(safe_stem("C:\\x"), "C__x");
        assert_eq!(safe_stem(".."), "document");
        assert_eq!(safe_stem("CON"), "_CON");
        assert_eq!(safe_stem("nul.txt"), "_nul.txt");
        assert_eq!(safe_stem("a:b*c?d"), "a_b_c_d");
        let mut alloc = StemAllocator::default();
        assert_eq!(alloc.stem("doc"), "doc");
        assert_eq!(alloc.stem("DOC"), "DOC-2");
    }
}
