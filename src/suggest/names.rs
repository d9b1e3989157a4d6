//! Names already tagged, found again: every other occurrence of a tagged text, whole words
//! only (UAX #29), the longest where names overlap, scored by how often the text got each label.
//! A gazetteer (`text<TAB>label` lines, `#` comments: INCEpTION's and Stanford RegexNER's
//! format) adds to what the project taught.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use unicode_segmentation::UnicodeSegmentation;

use crate::model::Project;

/// How often each text got each label: text → label → count.
pub type Gazetteer = BTreeMap<String, BTreeMap<String, usize>>;

/// The longest text, in words, taken for a name: longer spans (a claim, a quote) are not names
/// and would hide the names inside them from the longest-match search.
const MAX_NAME_WORDS: usize = 6;

/// What the project's annotations teach: each annotated text (of one fragment, name-sized) and
/// its labels.
pub fn learned(project: &Project) -> Gazetteer {
    let mut g = Gazetteer::new();
    for doc in &project.documents {
        for a in &doc.annotations {
            let text = a.text.trim();
            let name_sized = text.chars().count() >= 2
                && text.unicode_words().count() <= MAX_NAME_WORDS
                && !text.contains('\n');
            if a.fragments.len() == 1 && name_sized {
                *g.entry(text.to_owned())
                    .or_default()
                    .entry(a.label.clone())
                    .or_insert(0) += 1;
            }
        }
    }
    g
}

/// Read a gazetteer: `text<TAB>label` lines; blank lines and `#` comments are skipped. A line
/// without a tab is an error naming its number.
pub fn parse_gazetteer(text: &str) -> Result<Gazetteer, String> {
    let mut g = Gazetteer::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((name, label)) = line.split_once('\t') else {
            return Err(format!("line {}: expected TEXT<TAB>LABEL", n + 1));
        };
        // RegexNER allows more columns (overwritable types, priority): the first label counts.
        let label = label.split('\t').next().unwrap_or_default().trim();
        if name.trim().is_empty() || label.is_empty() {
            return Err(format!("line {}: expected TEXT<TAB>LABEL", n + 1));
        }
        *g.entry(name.trim().to_owned())
            .or_default()
            .entry(label.to_owned())
            .or_insert(0) += 1;
    }
    Ok(g)
}

/// Write a gazetteer, sorted, each text with its most frequent label.
pub fn gazetteer_text(g: &Gazetteer) -> String {
    let mut out = String::from("# Marginalia gazetteer: text<TAB>label\n");
    for (text, labels) in g {
        if let Some((label, _)) = labels
            .iter()
            .max_by_key(|(l, n)| (**n, std::cmp::Reverse(*l)))
        {
            out.push_str(&format!("{text}\t{label}\n"));
        }
    }
    out
}

/// Add `more` into `into`.
pub fn merge_into(into: &mut Gazetteer, more: &Gazetteer) {
    for (text, labels) in more {
        let entry = into.entry(text.clone()).or_default();
        for (label, n) in labels {
            *entry.entry(label.clone()).or_insert(0) += n;
        }
    }
}

/// A text's labels with their scores.
pub type Scored = [(String, f64)];

/// A matcher over a gazetteer's texts.
pub struct NameMatcher {
    automaton: Option<AhoCorasick>,
    /// Per pattern: its labels with their scores (count / total for that text).
    labels: Vec<Vec<(String, f64)>>,
}

impl NameMatcher {
    /// Build the matcher (`ignore_case`: ASCII letters match in either case).
    pub fn new(g: &Gazetteer, ignore_case: bool) -> Self {
        let patterns: Vec<&String> = g.keys().collect();
        let labels = g
            .values()
            .map(|labels| {
                let total: usize = labels.values().sum();
                labels
                    .iter()
                    .map(|(l, n)| (l.clone(), *n as f64 / total.max(1) as f64))
                    .collect()
            })
            .collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(ignore_case)
            .build(&patterns)
            .ok()
            .filter(|_| !patterns.is_empty());
        Self { automaton, labels }
    }

    /// Whole-word occurrences in `text`: (byte start, byte end, labels with scores).
    pub fn find<'m>(&'m self, text: &str) -> Vec<(usize, usize, &'m Scored)> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        // Word boundaries are checked where a match is, not computed for the whole text.
        let on_bound = |b: usize| is_word_bound(text, b);
        // A name may end before a possessive ("Mobike’s"), which UAX #29 keeps in its word.
        let possessive = |e: usize| {
            let rest = &text[e..];
            (rest.starts_with("’s") || rest.starts_with("'s"))
                && on_bound(e + rest.find('s').unwrap_or(0) + 1)
        };
        ac.find_iter(text)
            .filter(|m| on_bound(m.start()) && (on_bound(m.end()) || possessive(m.end())))
            .map(|m| {
                (
                    m.start(),
                    m.end(),
                    self.labels[m.pattern().as_usize()].as_slice(),
                )
            })
            .collect()
    }
}

/// Whether byte `at` of `text` is a word boundary as UAX #29 puts them for names: not between two
/// letters or digits (nor across an apostrophe or period inside a word, "don't", "3.5"), but
/// between ideographs, each of which is a word. Judged from the characters around it, so a
/// match costs the same however long the text.
fn is_word_bound(text: &str, at: usize) -> bool {
    if at == 0 || at >= text.len() {
        return true;
    }
    let mut before = text[..at].chars().rev();
    let mut after = text[at..].chars();
    let (Some(p), Some(n)) = (before.next(), after.next()) else {
        return true;
    };
    let word = |c: char| c.is_alphanumeric() || is_mark(c);
    if is_ideograph(p) || is_ideograph(n) {
        return true;
    }
    if word(p) && word(n) {
        return false;
    }
    // "don't", "Alibaba’s", "3.5": the mark joins the word when a letter or digit follows it.
    let joiner = |c: char| matches!(c, '\'' | '’' | '.' | '·');
    if word(p) && joiner(n) {
        return !after.next().is_some_and(word);
    }
    if joiner(p) && word(n) {
        return !before.next().is_some_and(word);
    }
    true
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{200D}')
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer(lines: &str) -> Gazetteer {
        parse_gazetteer(lines).unwrap()
    }

    #[test]
    fn whole_words_longest_first() {
        let g = gazetteer("Alibaba\tentity\nAlibaba Group\tentity\n马云\tentity\n");
        let m = NameMatcher::new(&g, false);
        let text = "Alibaba Group and Alibabas and Alibaba, and 马云说 😀 Alibaba’s";
        let found: Vec<&str> = m.find(text).iter().map(|(s, e, _)| &text[*s..*e]).collect();
        assert_eq!(found, ["Alibaba Group", "Alibaba", "马云", "Alibaba"]);
    }

    #[test]
    fn scores_are_shares_of_the_labels_a_text_got() {
        let mut g = gazetteer("Xi\tentity\nXi\tentity\n# a comment\n\nXi\tclaim\n");
        merge_into(&mut g, &gazetteer("Ma\tentity\n"));
        let m = NameMatcher::new(&g, false);
        let found = m.find("Xi met Ma");
        let xi = found[0].2;
        assert_eq!(xi[0].0, "claim");
        assert!((xi[0].1 - 1.0 / 3.0).abs() < 1e-9);
        assert!((xi[1].1 - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(found.len(), 2);
        assert_eq!(
            gazetteer_text(&g),
            "# Marginalia gazetteer: text<TAB>label\nMa\tentity\nXi\tentity\n"
        );
        assert!(parse_gazetteer("no tab here")
            .unwrap_err()
            .contains("line 1"));
    }

    #[test]
    fn boundaries_agree_with_uax_29_around_names() {
        let text = "Xi’s plan, don't, 3.5 km, 马云说, naïve Ma.";
        let uax: Vec<usize> = text.split_word_bound_indices().map(|(i, _)| i).collect();
        for (i, _) in text.char_indices().skip(1) {
            // A possessive is judged by the name matcher itself.
            let quick = is_word_bound(text, i);
            assert_eq!(quick, uax.contains(&i), "at byte {i} ({:?})", &text[i..]);
        }
    }

    #[test]
    fn case_is_kept_unless_asked() {
        let g = gazetteer("Alibaba\tentity\n");
        assert!(NameMatcher::new(&g, false).find("ALIBABA").is_empty());
        assert_eq!(NameMatcher::new(&g, true).find("ALIBABA").len(), 1);
    }
}
