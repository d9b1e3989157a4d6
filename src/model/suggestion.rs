//! What the project keeps about suggestions: which sources are on and how good they must stay
//! (in the schema), rule patterns per label, reporting verbs, and per document the predictions
//! imported from elsewhere and the suggestions the user rejected.

use serde::{Deserialize, Serialize};

use super::annotation::Fragment;

/// The names of the built-in sources.
pub const QUOTES: &str = "quotes";
pub const SPEAKERS: &str = "speakers";
pub const NAMES: &str = "names";
pub const RULES: &str = "rules";

/// Suggestion settings, stored in the schema (and so shared through schema files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestSettings {
    /// Sources switched on or off, and their precision floor; a source not listed has its
    /// default (quotes, speakers and names on; rules and imported predictions as below).
    #[serde(default)]
    pub sources: Vec<SourceSetting>,
    /// Patterns per label.
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Words that introduce what someone said ("said", "according to", "表示"…).
    #[serde(default = "default_reporting_verbs")]
    pub reporting_verbs: Vec<String>,
    /// Match tagged names regardless of case (ASCII letters).
    #[serde(default)]
    pub names_ignore_case: bool,
}

/// One source's switch and floor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSetting {
    /// `quotes`, `speakers`, `names`, `rules`, or an imported source's name.
    pub name: String,
    /// Whether it suggests.
    pub enabled: bool,
    /// Below this precision (percent of decided suggestions accepted, once five are decided)
    /// the source stops suggesting; 0 never stops it.
    #[serde(default)]
    pub min_precision: u32,
}

/// How a rule's pattern is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// A regular expression (the `regex` crate's syntax).
    Regex,
    /// Words that must follow one another, whole words, any spacing.
    Words,
}

/// A named pattern that suggests spans of a label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    pub label: String,
    pub kind: RuleKind,
    pub pattern: String,
}

/// A span another tool or a model labelled, kept as a suggestion until accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prediction {
    pub fragments: Vec<Fragment>,
    pub label: String,
    /// Which tool, model or person (Label Studio's `model_version`, `--source`).
    pub source: String,
    /// Its confidence, 0 to 1, when it gave one.
    #[serde(default)]
    pub score: Option<f64>,
}

/// A suggestion the user rejected; the same one never comes back.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    pub fragments: Vec<Fragment>,
    pub label: String,
    pub source: String,
}

fn default_reporting_verbs() -> Vec<String> {
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "added",
        "adds",
        "stated",
        "states",
        "noted",
        "explained",
        "argued",
        "insisted",
        "asked",
        "replied",
        "announced",
        "declared",
        "wrote",
        "according to",
        "说",
        "表示",
        "称",
        "指出",
        "сказал",
        "сказала",
        "заявил",
        "заявила",
        "dijo",
        "a déclaré",
        "sagte",
        "قال",
        "قالت",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

/// The starter rules for claims: off until the rules source is switched on.
pub fn starter_rules() -> Vec<Rule> {
    let rule = |name: &str, kind, pattern: &str| Rule {
        name: name.into(),
        label: "claim".into(),
        kind,
        pattern: pattern.into(),
    };
    vec![
        rule(
            "number with a unit",
            RuleKind::Regex,
            r"(?-u:\b)\d[\d,.]*\s*(?:%|percent(?-u:\b)|per cent(?-u:\b)|million(?-u:\b)|billion(?-u:\b)|trillion(?-u:\b)|thousand(?-u:\b))(?:\s+(?:of\s+)?(?:the\s+)?[\p{L}’'-]+){0,3}",
        ),
        rule("estimate", RuleKind::Words, "is estimated to"),
        rule("estimates", RuleKind::Words, "are estimated to"),
        rule("report", RuleKind::Words, "according to a report"),
    ]
}

impl Default for SuggestSettings {
    fn default() -> Self {
        Self {
            sources: Vec::new(),
            rules: starter_rules(),
            reporting_verbs: default_reporting_verbs(),
            names_ignore_case: false,
        }
    }
}

impl SuggestSettings {
    /// True when nothing differs from the defaults (files then leave the settings out).
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }

    /// Whether `source` suggests: its setting, else on for quotes, speakers, names and imported
    /// predictions, off for rules.
    pub fn enabled(&self, source: &str) -> bool {
        self.setting(source).map_or(source != RULES, |s| s.enabled)
    }

    /// The precision floor of `source`, percent (0: none).
    pub fn min_precision(&self, source: &str) -> u32 {
        self.setting(source).map_or(0, |s| s.min_precision)
    }

    fn setting(&self, source: &str) -> Option<&SourceSetting> {
        self.sources.iter().find(|s| s.name == source)
    }

    /// Switch `source` on or off, keeping its floor.
    pub fn set_enabled(&mut self, source: &str, enabled: bool) {
        let floor = self.min_precision(source);
        self.put(source, enabled, floor);
    }

    /// Set the precision floor of `source`.
    pub fn set_min_precision(&mut self, source: &str, percent: u32) {
        let enabled = self.enabled(source);
        self.put(source, enabled, percent.min(100));
    }

    fn put(&mut self, source: &str, enabled: bool, min_precision: u32) {
        self.sources.retain(|s| s.name != source);
        self.sources.push(SourceSetting {
            name: source.to_owned(),
            enabled,
            min_precision,
        });
        self.sources.sort_by(|a, b| a.name.cmp(&b.name));
    }
}
