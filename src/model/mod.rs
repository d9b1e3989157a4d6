//! The annotation model: projects, documents, annotations and the label schema.

mod annotation;
mod document;
mod project;
mod schema;
mod structure;
mod suggestion;

pub use annotation::{Annotation, Fragment, Relation, Review, ReviewStatus};
pub use document::{sha256_hex, DocStatus, Document, Source};
pub use project::Project;
pub use schema::{
    parse_hex_color, AttributeDef, FieldDef, LabelDef, LabelSchema, RelationKind, PALETTE,
};
pub use structure::{Heading, SectionStart, Structure};
pub use suggestion::{
    starter_rules, Prediction, Rejection, Rule, RuleKind, SourceSetting, SuggestSettings, NAMES,
    QUOTES, RULES, SPEAKERS,
};
