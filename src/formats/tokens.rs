//! The tokenizer shared by the CoNLL exporter and token-level agreement, so both count the same
//! tokens.
//!
//! Rule: tokens are the non-whitespace segments of Unicode word segmentation (UAX #29) — runs of
//! letters and digits (with their combining marks, and inner apostrophes or periods such as
//! "don't" or "3.5"), each punctuation mark alone, each ideograph alone, each emoji sequence
//! whole — and a token is cut again wherever a span starts or ends inside it.

use unicode_segmentation::UnicodeSegmentation;

/// A token as a half-open code point range.
pub type Token = (usize, usize);

/// Tokens of `text`, cut at every code point offset in `cuts` (sorted or not).
pub fn tokenize(text: &str, cuts: &[usize]) -> Vec<Token> {
    let mut cuts: Vec<usize> = cuts.to_vec();
    cuts.sort_unstable();
    cuts.dedup();
    let mut tokens = Vec::new();
    let mut chars_before = 0;
    let mut last_byte = 0;
    let mut cut_i = 0;
    for (byte, word) in text.split_word_bound_indices() {
        chars_before += text[last_byte..byte].chars().count();
        last_byte = byte;
        let len = word.chars().count();
        if word.chars().all(char::is_whitespace) {
            continue;
        }
        let (start, end) = (chars_before, chars_before + len);
        while cut_i < cuts.len() && cuts[cut_i] <= start {
            cut_i += 1;
        }
        let mut piece_start = start;
        let mut k = cut_i;
        while k < cuts.len() && cuts[k] < end {
            tokens.push((piece_start, cuts[k]));
            piece_start = cuts[k];
            k += 1;
        }
        tokens.push((piece_start, end));
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, cuts: &[usize]) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        tokenize(text, cuts)
            .into_iter()
            .map(|(s, e)| chars[s..e].iter().collect())
            .collect()
    }

    #[test]
    fn words_punctuation_emoji_and_cuts() {
        assert_eq!(
            words("Jack Ma, don't 3.5!", &[]),
            ["Jack", "Ma", ",", "don't", "3.5", "!"]
        );
        assert_eq!(words("a 👩‍👩‍👧 b", &[]), ["a", "👩‍👩‍👧", "b"]);
        assert_eq!(words("中文", &[]), ["中", "文"]);
        assert_eq!(words("e\u{301}cole", &[]), ["e\u{301}cole"]);
        assert_eq!(words("Alibaba's", &[7]), ["Alibaba", "'s"]);
    }
}
