//! Rules: per label, named patterns stored in the schema, as regular expressions or as word
//! sequences (whole words, any spacing, any case).

use regex::Regex;

use crate::model::{Rule, RuleKind};

/// A rule ready to run.
pub struct CompiledRule {
    pub name: String,
    pub label: String,
    regex: Regex,
}

/// The regular expression a rule stands for.
pub fn rule_regex(rule: &Rule) -> Result<Regex, String> {
    let pattern = match rule.kind {
        RuleKind::Regex => rule.pattern.clone(),
        RuleKind::Words => {
            let words: Vec<String> = rule.pattern.split_whitespace().map(regex::escape).collect();
            if words.is_empty() {
                return Err(format!("rule “{}” has no words", rule.name));
            }
            // ASCII words take ASCII word boundaries, which the fast engines run; others the
            // Unicode ones.
            let b = if rule.pattern.is_ascii() {
                r"(?-u:\b)"
            } else {
                r"\b"
            };
            format!(r"(?i){b}{}{b}", words.join(r"\s+"))
        }
    };
    regex::RegexBuilder::new(&pattern)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| format!("rule “{}”: {e}", rule.name))
}

/// Compile the rules; a rule that does not compile is reported and left out.
pub fn compile(rules: &[Rule]) -> (Vec<CompiledRule>, Vec<String>) {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for rule in rules {
        match rule_regex(rule) {
            Ok(regex) => ok.push(CompiledRule {
                name: rule.name.clone(),
                label: rule.label.clone(),
                regex,
            }),
            Err(e) => errors.push(e),
        }
    }
    (ok, errors)
}

impl CompiledRule {
    /// Byte ranges of its non-empty matches in `text`.
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        self.regex
            .find_iter(text)
            .filter(|m| !m.as_str().trim().is_empty())
            .map(|m| {
                // A match never ends on whitespace (SPEC: spans are trimmed).
                let trimmed = m.as_str().trim_end();
                (m.start(), m.start() + trimmed.len())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::starter_rules;

    #[test]
    fn the_starter_rules_find_numbers_with_units_and_estimates() {
        let (rules, errors) = compile(&starter_rules());
        assert!(errors.is_empty(), "{errors:?}");
        let text = "It makes up 12 percent of the country’s GDP, serves 200 million users, and is estimated to grow.";
        let found: Vec<&str> = rules
            .iter()
            .flat_map(|r| r.find(text))
            .map(|(s, e)| &text[s..e])
            .collect();
        assert!(
            found.contains(&"12 percent of the country’s GDP"),
            "{found:?}"
        );
        assert!(found.contains(&"200 million users"), "{found:?}");
        assert!(found.contains(&"is estimated to"), "{found:?}");
    }

    #[test]
    fn word_rules_match_whole_words_in_any_case_and_bad_rules_are_reported() {
        let rule = Rule {
            name: "r".into(),
            label: "claim".into(),
            kind: RuleKind::Words,
            pattern: "according to".into(),
        };
        let (rules, _) = compile(&[rule]);
        assert_eq!(
            rules[0].find("According  to him; accordingly to"),
            vec![(0, 13)]
        );
        let bad = Rule {
            name: "bad".into(),
            label: "claim".into(),
            kind: RuleKind::Regex,
            pattern: "(".into(),
        };
        let (_, errors) = compile(&[bad]);
        assert!(errors[0].starts_with("rule “bad”"));
    }
}
