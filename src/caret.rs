//! Moving the keyboard caret along a document's text, in code points: by a character or by a
//! word (UAX #29 boundaries, whitespace skipped). Moving by a line needs the layout and is the
//! window's (`ui::paragraph_layout`).

use crate::model::Document;
use crate::span_snap::next_word_boundary;

/// Where the caret at `caret` goes one step forward or back, by a character or a word; never
/// past either end of the text.
pub fn step(doc: &Document, caret: usize, forward: bool, by_word: bool) -> usize {
    let len = doc.char_len();
    let caret = caret.min(len);
    if by_word {
        next_word_boundary(doc.text(), doc.offsets(), caret, forward).min(len)
    } else if forward {
        (caret + 1).min(len)
    } else {
        caret.saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::new("d", "d", Default::default(), text.to_owned())
    }

    #[test]
    fn characters_are_code_points_and_the_ends_hold() {
        let d = doc("a😀b");
        assert_eq!(step(&d, 0, true, false), 1);
        assert_eq!(step(&d, 1, true, false), 2, "the emoji is one step");
        assert_eq!(step(&d, 3, true, false), 3, "the end holds");
        assert_eq!(step(&d, 0, false, false), 0, "the start holds");
        assert_eq!(
            step(&d, 99, false, false),
            2,
            "a caret past the end comes back in"
        );
    }

    #[test]
    fn words_skip_spaces_and_stop_at_each_edge() {
        let d = doc("Jack Ma, chairman 马云 said");
        let mut at = 0;
        let mut stops = Vec::new();
        loop {
            let next = step(&d, at, true, true);
            if next == at {
                break;
            }
            stops.push(next);
            at = next;
        }
        // Ends and starts of "Jack", "Ma", ",", "chairman", "马", "云", "said".
        assert_eq!(stops, vec![4, 5, 7, 8, 9, 17, 18, 19, 20, 21, 25]);
        assert_eq!(step(&d, 25, false, true), 21);
        assert_eq!(step(&d, 5, false, true), 4);
    }
}
