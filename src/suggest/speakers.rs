//! Speakers: for each quotation, the entity that said it, found by a reporting verb next to the
//! quote ("…,” said Jack Ma", "Ma said: “…”", "according to Ma, “…”"), a pronoun ("he said")
//! standing for the nearest person named before the quote.

/// A span in character offsets.
pub type Span = (usize, usize);

/// How far after a quote a reporting verb may stand, in characters.
const REACH: usize = 60;
/// How far before a quote its speaker and verb may start ("Jack Ma, chairman of Alibaba Group,
/// said …").
const REACH_BEFORE: usize = 90;

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "He", "She", "They", "他", "她", "他们", "il", "elle", "er", "sie",
];

/// For each quote, the entity that said it, if the text says: (quote, entity) pairs.
/// `chars` is the document as characters; `entities` are sorted by start; `person` says whether
/// an entity is known to be a person (pronouns prefer those).
pub fn speakers(
    chars: &[char],
    quotes: &[Span],
    entities: &[Span],
    person: &dyn Fn(Span) -> bool,
    verbs: &[String],
) -> Vec<(Span, Span)> {
    let verbs: Vec<Vec<char>> = verbs
        .iter()
        .map(|v| v.to_lowercase().chars().collect())
        .filter(|v: &Vec<char>| !v.is_empty())
        .collect();
    let mut out = Vec::new();
    for &(qs, qe) in quotes {
        let paragraph_end = chars[qe.min(chars.len())..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(chars.len(), |p| qe + p);
        let paragraph_start = chars[..qs.min(chars.len())]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |p| p + 1);
        let after = (qe, (qe + REACH).min(paragraph_end));
        let before = (qs.saturating_sub(REACH_BEFORE).max(paragraph_start), qs);
        let speaker = verb_in(chars, after, &verbs)
            .and_then(|v| speaker_after_quote(chars, (qs, qe), v, after.1, entities, person))
            .or_else(|| {
                verb_in(chars, before, &verbs)
                    .and_then(|v| speaker_before_quote(v, before.0, qs, entities))
            });
        if let Some(entity) = speaker {
            out.push(((qs, qe), entity));
        }
    }
    out
}

/// The first reporting verb (lower case), as a whole word in any case, inside `[from, to)`.
fn verb_in(chars: &[char], (from, to): Span, verbs: &[Vec<char>]) -> Option<Span> {
    let word = |i: usize| {
        chars
            .get(i)
            .is_some_and(|c| c.is_alphanumeric() && !is_cjk(*c))
    };
    (from..to).find_map(|i| {
        verbs.iter().find_map(|v| {
            let end = i + v.len();
            let same = end <= chars.len()
                && chars[i..end]
                    .iter()
                    .zip(v)
                    .all(|(c, w)| c.to_lowercase().eq(std::iter::once(*w)));
            let whole = same
                && (i == 0 || !word(i - 1) || is_cjk(v[0]))
                && (!word(end) || is_cjk(v[v.len() - 1]));
            whole.then_some((i, end))
        })
    })
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// "…,” said X" / "…,” X said" / "…,” he said".
fn speaker_after_quote(
    chars: &[char],
    (qs, qe): Span,
    (vs, ve): Span,
    limit: usize,
    entities: &[Span],
    person: &dyn Fn(Span) -> bool,
) -> Option<Span> {
    // Named between the quote and the verb (entities are sorted by start).
    let from_quote = entities.partition_point(|&(s, _)| s < qe);
    if let Some(&e) = entities[from_quote..]
        .iter()
        .take_while(|&&(s, _)| s < vs)
        .find(|&&(_, e)| e <= vs)
    {
        return Some(e);
    }
    // Named right after the verb.
    let from_verb = entities.partition_point(|&(s, _)| s < ve);
    if let Some(&e) = entities[from_verb..]
        .first()
        .filter(|&&(s, _)| s <= (ve + 3).min(limit))
    {
        return Some(e);
    }
    // A pronoun before the verb: the nearest person named before the quote.
    let between: String = chars[qe..vs].iter().collect();
    let pronoun = between
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| PRONOUNS.contains(&w));
    if pronoun {
        // The nearest person among the last names before the quote.
        const LOOK_BACK: usize = 40;
        let before = entities.partition_point(|&(s, _)| s < qs);
        let earlier = entities[..before]
            .iter()
            .rev()
            .filter(|&&(_, e)| e <= qs)
            .take(LOOK_BACK);
        let mut fallback = None;
        for &e in earlier {
            if person(e) {
                return Some(e);
            }
            fallback = fallback.or(Some(e));
        }
        return fallback;
    }
    None
}

/// "X said: “…”" / "according to X, “…”".
fn speaker_before_quote((vs, ve): Span, from: usize, qs: usize, entities: &[Span]) -> Option<Span> {
    entities
        .iter()
        .find(|&&(s, e)| s >= ve && e <= qs)
        // "Jack Ma, chairman of Alibaba Group, said": the subject comes first.
        .or_else(|| entities.iter().find(|&&(s, e)| s >= from && e <= vs))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, quote: &str, names: &[&str]) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        let find = |needle: &str| {
            let b = text.find(needle).unwrap();
            let s = text[..b].chars().count();
            (s, s + needle.chars().count())
        };
        let mut entities: Vec<Span> = names.iter().map(|n| find(n)).collect();
        entities.sort();
        let verbs: Vec<String> = ["said", "according to", "表示"].map(String::from).to_vec();
        let found = speakers(&chars, &[find(quote)], &entities, &|_| true, &verbs);
        found
            .first()
            .map(|(_, (s, e))| chars[*s..*e].iter().collect())
    }

    #[test]
    fn the_speaker_is_named_next_to_the_verb() {
        assert_eq!(
            run("“We grow,” said Jack Ma.", "“We grow,”", &["Jack Ma"]).as_deref(),
            Some("Jack Ma")
        );
        assert_eq!(
            run("“We grow,” Ma said.", "“We grow,”", &["Ma"]).as_deref(),
            Some("Ma")
        );
        assert_eq!(
            run("According to Ma, “we grow”.", "“we grow”", &["Ma"]).as_deref(),
            Some("Ma")
        );
        assert_eq!(
            run("马云表示：「我们会成长」。", "「我们会成长」", &["马云"]).as_deref(),
            Some("马云")
        );
    }

    #[test]
    fn a_pronoun_is_the_nearest_person_before_and_no_verb_means_no_speaker() {
        let text = "Jack Ma and Xi met. Xi smiled.\n“To us, this spells it,” he said.";
        assert_eq!(
            run(text, "“To us, this spells it,”", &["Jack Ma", "Xi"]).as_deref(),
            Some("Xi")
        );
        assert_eq!(run("Ma wrote “nothing” here.", "“nothing”", &["Ma"]), None);
    }
}
