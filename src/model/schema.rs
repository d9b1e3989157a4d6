//! The label schema: which tags a project offers, their hotkeys, colours and guidelines.
//!
//! Labels are data, not an enum (SPEC §2), so a team can add its own categories without a new
//! release of the program.

use serde::{Deserialize, Serialize};

use super::suggestion::SuggestSettings;

/// One tag an annotator can apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelDef {
    /// The name written into every annotation and every export.
    pub name: String,
    /// The key that applies this label in the window, such as `"1"`.
    #[serde(default)]
    pub hotkey: Option<String>,
    /// Highlight colour as `#RRGGBB`.
    pub color: String,
    /// The annotation guideline, shown as a tooltip so annotators apply the label consistently.
    #[serde(default)]
    pub description: String,
    /// Attributes an annotation with this label can carry, each with its allowed values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeDef>,
}

/// An attribute of a label, such as an entity's type, with the values it may take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
    /// The attribute's name, such as `type`.
    pub name: String,
    /// The allowed values, such as `person`, `organization`, `place`, `other`.
    pub values: Vec<String>,
}

/// A type of link between annotations, such as a quote's speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationKind {
    /// The name written into relations and exports, such as `speaker`.
    pub name: String,
    /// Label of the annotation the link starts from (empty: any).
    #[serde(default)]
    pub from: String,
    /// Label of the annotation the link points to (empty: any).
    #[serde(default)]
    pub to: String,
    /// What the link means, shown as a tooltip.
    #[serde(default)]
    pub description: String,
}

/// A question answered once per document rather than per span, such as its frame or whether it
/// is relevant at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// The name written into the project file and every export, such as `frame`.
    pub name: String,
    /// The guideline for answering it, shown as a tooltip.
    #[serde(default)]
    pub description: String,
    /// The allowed answers, in the order the window offers them.
    pub values: Vec<String>,
    /// True when a document can take several values at once (multiple choice).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub multiple: bool,
}

impl FieldDef {
    /// `values` as this field keeps them: only allowed ones, in the schema's order, each once;
    /// at most one unless the field is multiple choice (the last given wins).
    pub fn normalize(&self, values: &[String]) -> Vec<String> {
        // Sets, so a hostile file with long lists costs linear time, not quadratic.
        let given: std::collections::HashSet<&str> = values.iter().map(String::as_str).collect();
        if !self.multiple {
            let allowed: std::collections::HashSet<&str> =
                self.values.iter().map(String::as_str).collect();
            let last = values.iter().rev().find(|v| allowed.contains(v.as_str()));
            return last.cloned().into_iter().collect();
        }
        self.values
            .iter()
            .filter(|v| given.contains(v.as_str()))
            .cloned()
            .collect()
    }
}

/// The set of labels a project uses, in the order the label bar shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelSchema {
    /// The labels in display order.
    pub labels: Vec<LabelDef>,
    /// The relation types offered when linking annotations.
    #[serde(default)]
    pub relations: Vec<RelationKind>,
    /// Questions answered once per document (its frame, its relevance), in display order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDef>,
    /// Which suggestion sources are on, their rules and floors.
    #[serde(default, skip_serializing_if = "SuggestSettings::is_default")]
    pub suggest: SuggestSettings,
}

impl Default for LabelSchema {
    /// entity / claim / quote on keys 1 / 2 / 3, in Okabe–Ito colours that readers with colour
    /// blindness can tell apart.
    fn default() -> Self {
        let label = |name: &str, key: &str, color: &str, description: &str| LabelDef {
            name: name.to_owned(),
            hotkey: Some(key.to_owned()),
            color: color.to_owned(),
            description: description.to_owned(),
            attributes: Vec::new(),
        };
        Self {
            labels: vec![
                label(
                    "entity",
                    "1",
                    "#0072B2",
                    "A named person, organization, place, event or publication.",
                ),
                label(
                    "claim",
                    "2",
                    "#E69F00",
                    "An assertion of fact, estimate or intent that could be checked or disputed.",
                ),
                label(
                    "quote",
                    "3",
                    "#CC79A7",
                    "Quoted speech or writing, including its quotation marks.",
                ),
            ],
            relations: vec![
                RelationKind {
                    name: "speaker".into(),
                    from: "quote".into(),
                    to: "entity".into(),
                    description: "Who said the quote.".into(),
                },
                RelationKind {
                    name: "source".into(),
                    from: "claim".into(),
                    to: "entity".into(),
                    description: "Who makes or backs the claim.".into(),
                },
            ],
            fields: Vec::new(),
            suggest: Default::default(),
        }
    }
}

impl LabelSchema {
    /// The definition of `name`, if the schema has it.
    pub fn label(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// The relation kind that fits a link from a `from` annotation to a `to` annotation: one
    /// whose labels match, else one that accepts any, else `related`.
    pub fn relation_kind_for(&self, from: &str, to: &str) -> String {
        let fits = |k: &&RelationKind| {
            (k.from.is_empty() || k.from == from) && (k.to.is_empty() || k.to == to)
        };
        self.relations
            .iter()
            .find(fits)
            .map_or_else(|| "related".to_owned(), |k| k.name.clone())
    }

    /// The document field named `name`, if the schema has it.
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The label whose hotkey is `key`.
    pub fn label_for_hotkey(&self, key: &str) -> Option<&LabelDef> {
        self.labels
            .iter()
            .find(|l| l.hotkey.as_deref() == Some(key))
    }
}

/// Colours new labels take, in order: the Okabe–Ito set (distinguishable with colour blindness),
/// then a few more. entity, claim and quote have the first three.
pub const PALETTE: &[&str] = &[
    "#0072B2", "#E69F00", "#CC79A7", "#009E73", "#D55E00", "#56B4E9", "#F0E442", "#999999",
    "#882255", "#44AA99",
];

impl LabelSchema {
    /// A definition for a new label `name` in this schema. A label the default schema knows
    /// (entity, claim, quote) keeps its colour, guideline and hotkey wherever it is imported, so
    /// "quote" looks the same in every project; any other label takes the first palette colour no
    /// label uses yet, and the first free digit as its hotkey.
    pub fn new_label(&self, name: &str) -> LabelDef {
        let used_key = |k: &str| self.labels.iter().any(|l| l.hotkey.as_deref() == Some(k));
        let used_color = |c: &str| self.labels.iter().any(|l| l.color.eq_ignore_ascii_case(c));
        let known = LabelSchema::default()
            .labels
            .into_iter()
            .find(|l| l.name == name);
        let free_key = || (1..=9).map(|d| d.to_string()).find(|k| !used_key(k));
        match known {
            Some(mut def) => {
                if def.hotkey.as_deref().is_some_and(used_key) {
                    def.hotkey = free_key();
                }
                def
            }
            None => {
                // Colours of the known labels stay free for them, unless every other is taken.
                let reserved = |c: &str| {
                    LabelSchema::default()
                        .labels
                        .iter()
                        .any(|l| l.color == c && self.label(&l.name).is_none())
                };
                let color = PALETTE
                    .iter()
                    .find(|c| !used_color(c) && !reserved(c))
                    .or_else(|| PALETTE.iter().find(|c| !used_color(c)))
                    .unwrap_or(&PALETTE[self.labels.len() % PALETTE.len()]);
                // Keys 1–3 stay with entity, claim and quote while the schema lacks them.
                let key = (1..=9)
                    .map(|d| d.to_string())
                    .find(|k| {
                        !used_key(k)
                            && !LabelSchema::default().labels.iter().any(|l| {
                                l.hotkey.as_deref() == Some(k.as_str())
                                    && self.label(&l.name).is_none()
                            })
                    })
                    .or_else(free_key);
                LabelDef {
                    name: name.to_owned(),
                    hotkey: key,
                    color: (*color).to_owned(),
                    description: String::new(),
                    attributes: Vec::new(),
                }
            }
        }
    }
}

/// Parse `#RRGGBB` into its three channels; `None` if malformed.
pub fn parse_hex_color(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> LabelSchema {
        LabelSchema {
            labels: Vec::new(),
            relations: Vec::new(),
            fields: Vec::new(),
            suggest: Default::default(),
        }
    }

    #[test]
    fn field_values_keep_schema_order_and_single_choice_keeps_the_last() {
        let mut field = FieldDef {
            name: "frame".into(),
            description: String::new(),
            values: vec!["economic".into(), "political".into(), "social".into()],
            multiple: true,
        };
        let given = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            field.normalize(&given(&["social", "bogus", "economic", "social"])),
            given(&["economic", "social"])
        );
        field.multiple = false;
        assert_eq!(
            field.normalize(&given(&["economic", "social"])),
            given(&["social"])
        );
        assert!(field.normalize(&given(&["bogus"])).is_empty());
    }

    #[test]
    fn known_labels_keep_their_colours_and_keys_in_any_order() {
        let mut s = empty();
        for name in ["quote", "PER", "entity", "ORG"] {
            let def = s.new_label(name);
            s.labels.push(def);
        }
        let get = |n: &str| s.label(n).unwrap().clone();
        assert_eq!(get("quote").color, "#CC79A7");
        assert_eq!(get("quote").hotkey.as_deref(), Some("3"));
        assert_eq!(get("entity").color, "#0072B2");
        assert_eq!(get("entity").hotkey.as_deref(), Some("1"));
        assert!(
            !get("quote").description.is_empty(),
            "its guideline comes too"
        );
        // Others take unused colours, never a known label's, and free keys past 1–3.
        assert_eq!(get("PER").color, "#009E73");
        assert_eq!(get("ORG").color, "#D55E00");
        assert_eq!(get("PER").hotkey.as_deref(), Some("4"));
        assert_eq!(get("ORG").hotkey.as_deref(), Some("5"));
    }

    #[test]
    fn a_new_label_in_the_default_schema_gets_the_next_unused_colour() {
        let s = LabelSchema::default();
        let def = s.new_label("label4");
        assert_eq!(def.color, "#009E73");
        assert_eq!(def.hotkey.as_deref(), Some("4"));
    }
}
