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

/// Texts longer than this are tokenized a piece per core.
const PARALLEL_FROM_BYTES: usize = 1 << 20;

/// Tokens of `text`, cut at every code point offset in `cuts` (sorted or not). A long text is
/// cut at line ends into a piece per core: word segmentation always breaks before and after a
/// line end (UAX #29, WB3a and WB3b), so the pieces give the same tokens as the whole.
pub fn tokenize(text: &str, cuts: &[usize]) -> Vec<Token> {
    let mut cuts: Vec<usize> = cuts.to_vec();
    cuts.sort_unstable();
    cuts.dedup();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if text.len() < PARALLEL_FROM_BYTES || threads < 2 {
        return tokenize_sorted(text, &cuts, 0);
    }
    // Piece boundaries: just past a line end near each 1/threads of the text.
    let mut bounds = vec![0usize];
    for k in 1..threads {
        let target = text.len() * k / threads;
        let from = bounds[bounds.len() - 1].max(target);
        if let Some(nl) = memchr::memchr(b'\n', &text.as_bytes()[from.min(text.len())..]) {
            bounds.push(from + nl + 1);
        }
    }
    bounds.push(text.len());
    bounds.dedup();
    let mut pieces = Vec::new();
    let mut chars = 0usize;
    for w in bounds.windows(2) {
        let piece = &text[w[0]..w[1]];
        pieces.push((piece, chars));
        chars += piece.chars().count();
    }
    let results: Vec<Vec<Token>> = std::thread::scope(|scope| {
        let handles: Vec<_> = pieces
            .iter()
            .map(|&(piece, offset)| {
                let cuts = &cuts;
                scope.spawn(move || tokenize_sorted(piece, cuts, offset))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    results.concat()
}

/// Tokens of `text`, which starts `offset` code points into the document, cut at the sorted
/// document offsets `cuts`.
fn tokenize_sorted(text: &str, cuts: &[usize], offset: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars_before = offset;
    let mut last_byte = 0;
    let mut cut_i = cuts.partition_point(|&c| c < offset);
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

    #[test]
    fn a_long_text_in_pieces_gives_the_tokens_of_the_whole() {
        let mut text = String::new();
        let mut i = 0;
        while text.len() < 3 * PARALLEL_FROM_BYTES {
            text.push_str(&format!(
                "Jack Ma's 中文 e\u{301}cole 👩‍👩‍👧 3.5! line {i}\n\r\n"
            ));
            i += 1;
        }
        let len = text.chars().count();
        let cuts: Vec<usize> = (0..len).step_by(37).collect();
        let mut sorted = cuts.clone();
        sorted.sort_unstable();
        assert_eq!(tokenize(&text, &cuts), tokenize_sorted(&text, &sorted, 0));
    }
}
