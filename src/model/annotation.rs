//! One tagged span of a document, with who made it, when, and what a reviewer decided.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of code points into the document's normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fragment {
    /// First code point covered.
    pub start: usize,
    /// One past the last code point covered.
    pub end: usize,
}

impl Fragment {
    /// A fragment from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Number of code points covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the fragment covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when the two ranges share at least one code point.
    pub fn overlaps(&self, other: &Fragment) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Where an annotation stands in review.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    /// Not reviewed yet.
    #[default]
    Pending,
    /// A reviewer confirmed it.
    Accepted,
    /// A reviewer rejected it; it stays in the file until purged.
    Rejected,
}

impl ReviewStatus {
    /// The lowercase name used in files, exports and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "pending",
            ReviewStatus::Accepted => "accepted",
            ReviewStatus::Rejected => "rejected",
        }
    }

    /// Every status, in display order.
    pub const ALL: [ReviewStatus; 3] = [
        ReviewStatus::Pending,
        ReviewStatus::Accepted,
        ReviewStatus::Rejected,
    ];
}

/// A reviewer's decision on an annotation, kept so a team can audit who accepted what.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The decision.
    pub status: ReviewStatus,
    /// Who decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewer: Option<String>,
    /// When, as RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Why, in the reviewer's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl Review {
    /// True for a pending review with nothing recorded, which files leave out.
    pub fn is_untouched(&self) -> bool {
        *self == Review::default()
    }
}

/// A labelled span of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    /// Unique within its document and never reused, so exports and merges can refer to it.
    pub id: u64,
    /// The label's name from the project schema.
    pub label: String,
    /// One or more ranges; several make a discontinuous span, like brat's `;`.
    pub fragments: Vec<Fragment>,
    /// The covered text (fragments joined by one space), stored so a reader of the file can check
    /// the offsets without a program, and so loading can detect a shifted text.
    pub text: String,
    /// Who made the annotation.
    pub author: String,
    /// When it was made, RFC 3339.
    pub created: String,
    /// When it last changed, RFC 3339.
    pub modified: String,
    /// A free-text note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Review status and decision.
    #[serde(default, skip_serializing_if = "Review::is_untouched")]
    pub review: Review,
    /// Attribute values by attribute name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// The suggestion source it was accepted from, if it was a suggestion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested_by: Option<String>,
}

impl Annotation {
    /// How many code points this annotation and `other` cover in common, fragment by fragment.
    /// Agreement (overlap F1) and comparison (boundary mismatches) both measure with it.
    pub fn overlap(&self, other: &Annotation) -> usize {
        self.fragments
            .iter()
            .flat_map(|f| {
                other
                    .fragments
                    .iter()
                    .map(move |g| f.end.min(g.end).saturating_sub(f.start.max(g.start)))
            })
            .sum()
    }

    /// The first code point covered.
    pub fn start(&self) -> usize {
        self.fragments.iter().map(|f| f.start).min().unwrap_or(0)
    }

    /// One past the last code point covered.
    pub fn end(&self) -> usize {
        self.fragments.iter().map(|f| f.end).max().unwrap_or(0)
    }

    /// The key annotations are sorted by in files and lists: (first start, last end, label, id).
    pub fn sort_key(&self) -> (usize, usize, &str, u64) {
        (self.start(), self.end(), self.label.as_str(), self.id)
    }

    /// True when any fragment overlaps `[start, end)`.
    pub fn intersects(&self, start: usize, end: usize) -> bool {
        let probe = Fragment::new(start, end);
        self.fragments.iter().any(|f| f.overlaps(&probe))
    }
}

/// A directed, typed link between two annotations of one document, such as a quote to its speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// Unique within the document, drawn from the same counter as annotation ids.
    pub id: u64,
    /// The relation type, such as `speaker` or `source`.
    pub kind: String,
    /// The annotation the link starts from.
    pub from: u64,
    /// The annotation the link points to.
    pub to: u64,
}
