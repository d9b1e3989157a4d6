//! Quotations: paired quotation marks in the styles articles use, the marks included in the span
//! (as the `quote` guideline says). Apostrophes (don't, the company’s) are never taken for
//! quotes; a quotation over several paragraphs (its opening mark repeated at each, the closing
//! mark only at the end) is one span; an unpaired mark produces nothing.

/// The marks that may close a quotation opened by `open`.
fn closers(open: char) -> &'static [char] {
    match open {
        '“' => &['”'],
        '‘' => &['’'],
        '"' => &['"'],
        '\'' => &['\''],
        '«' => &['»'],
        '‹' => &['›'],
        '„' => &['“', '”'],
        '‚' => &['‘', '’'],
        '»' => &['«'],
        '›' => &['‹'],
        '「' => &['」'],
        '『' => &['』'],
        _ => &[],
    }
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// Could `c`, between `before` and `after`, open a quotation? Marks that are also apostrophes or
/// closers elsewhere open only at the start of a word.
fn opens(c: char, before: Option<char>, after: Option<char>) -> bool {
    if closers(c).is_empty() {
        return false;
    }
    match c {
        '「' | '『' | '“' | '„' => !is_space(after),
        // French sets its guillemets apart with spaces: « oui ».
        '«' | '‹' => true,
        // Also apostrophes, or closers in other styles: only where a word starts.
        _ => !is_word(before) && !is_space(after),
    }
}

/// Does `c` close a quotation opened by `open`, between `before` and `after`?
fn closes(open: char, c: char, before: Option<char>, after: Option<char>) -> bool {
    if !closers(open).contains(&c) {
        return false;
    }
    match c {
        // An apostrophe inside a word (don't, company’s) is not the end.
        '’' | '\'' => !(is_word(before) && is_word(after)),
        // A straight quote closes after the quoted words, not before them.
        '"' => !is_space(before),
        _ => true,
    }
}

/// Byte ranges `[start, end)` of the quotations in `text`, marks included, in order.
pub fn quotations(text: &str) -> Vec<(usize, usize)> {
    const MAX_PARAGRAPHS: usize = 30;
    let mut found = Vec::new();
    // The open quotation: its mark, where it started, how many paragraphs it has run over.
    let mut open: Option<(char, usize, usize)> = None;
    let mut before: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    // At a paragraph's start, an open quotation continues only if the paragraph opens with its
    // mark again.
    let mut paragraph_start = true;
    while let Some((i, c)) = chars.next() {
        let after = chars.peek().map(|&(_, c)| c);
        if c == '\n' {
            paragraph_start = true;
            before = Some(c);
            continue;
        }
        if paragraph_start && !c.is_whitespace() {
            paragraph_start = false;
            if let Some((mark, start, paragraphs)) = open {
                if c == mark && paragraphs < MAX_PARAGRAPHS {
                    open = Some((mark, start, paragraphs + 1));
                    before = Some(c);
                    continue;
                }
                // Not continued: the quotation was never closed.
                open = None;
            }
        }
        match open {
            Some((mark, start, _)) if closes(mark, c, before, after) => {
                found.push((start, i + c.len_utf8()));
                open = None;
            }
            Some(_) => {}
            None if opens(c, before, after) => open = Some((c, i, 0)),
            None => {}
        }
        before = Some(c);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        quotations(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn each_style_pairs_and_keeps_its_marks() {
        assert_eq!(quoted("He said “yes” and ‘no’."), ["“yes”", "‘no’"]);
        assert_eq!(
            quoted("Il a dit « oui » puis ‹ non ›."),
            ["« oui »", "‹ non ›"]
        );
        assert_eq!(quoted("Er sagte „ja“ und ‚nein‘."), ["„ja“", "‚nein‘"]);
        assert_eq!(quoted("Han sagde »ja« i går."), ["»ja«"]);
        assert_eq!(quoted("他说「好的」和『可以』。"), ["「好的」", "『可以』"]);
        assert_eq!(quoted(r#"She said "fine" twice."#), [r#""fine""#]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert_eq!(
            quoted("The company’s plan didn’t work, the ‘pivotal’ one’s did."),
            ["‘pivotal’"]
        );
        assert!(quoted("don't, can't, the students' books").is_empty());
    }

    #[test]
    fn a_quotation_over_paragraphs_is_one_span() {
        let text = "“First part.\n“Second part.\n“Last part,” he said.\nAfter.";
        assert_eq!(quoted(text), ["“First part.\n“Second part.\n“Last part,”"]);
    }

    #[test]
    fn an_unpaired_mark_swallows_nothing() {
        let text = "An “unclosed start.\nNext paragraph has “a real one” here.";
        assert_eq!(quoted(text), ["“a real one”"]);
        assert!(quoted("Only a closer” here.").is_empty());
        // Nested marks: the outer quotation is the span.
        assert_eq!(
            quoted("“He called it ‘vital’ today,” she said."),
            ["“He called it ‘vital’ today,”"]
        );
    }
}
