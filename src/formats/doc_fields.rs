//! Document field answers in formats that only have a flat list of document categories (spaCy's
//! `cats`, doccano's `cats` and classification `label`): each answer is written `FIELD:VALUE`, so
//! `frame:economic` and `relevant:yes` can share one list, and read back the same way. A category
//! with no colon, as other tools write them, becomes a value of the field the importer names.

use crate::model::{Document, Project};

/// The separator between field and value in a category name.
pub const SEPARATOR: char = ':';

/// `field:value` for one answer.
pub fn category(field: &str, value: &str) -> String {
    format!("{field}{SEPARATOR}{value}")
}

/// A category name as (field, value); one without a colon is a value of `default_field`.
pub fn split_category<'a>(name: &'a str, default_field: &'a str) -> (&'a str, &'a str) {
    match name.split_once(SEPARATOR) {
        Some((field, value)) if !field.is_empty() && !value.is_empty() => (field, value),
        _ => (default_field, name),
    }
}

/// Every answer of `doc` as a category name, in the schema's field order (fields the schema
/// lacks last, by name).
pub fn chosen_categories(project: &Project, doc: &Document) -> Vec<String> {
    answered_fields(project, doc)
        .flat_map(|(field, values)| values.iter().map(move |v| category(field, v)))
        .collect()
}

/// The document's answered fields with their values, in the schema's order.
pub fn answered_fields<'d>(
    project: &'d Project,
    doc: &'d Document,
) -> impl Iterator<Item = (&'d str, &'d [String])> {
    let in_schema = project
        .schema
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .filter(|name| !doc.field_values(name).is_empty());
    let others = doc
        .fields
        .keys()
        .map(String::as_str)
        .filter(|name| project.schema.field(name).is_none());
    in_schema
        .chain(others)
        .map(|name| (name, doc.field_values(name)))
}

/// How many field values `doc` has (each value of a multiple-choice answer counts).
pub fn answer_count(doc: &Document) -> usize {
    doc.fields.values().map(Vec::len).sum()
}

/// spaCy's `cats` for `doc`: for every answered field, each of its allowed values scored 1.0 when
/// chosen and 0.0 when not; unanswered fields are left out, so training does not read them as
/// "none of these".
pub fn spacy_cats(project: &Project, doc: &Document) -> serde_json::Map<String, serde_json::Value> {
    let mut cats = serde_json::Map::new();
    for (field, chosen) in answered_fields(project, doc) {
        let allowed = project
            .schema
            .field(field)
            .map_or_else(|| chosen.to_vec(), |f| f.values.clone());
        for value in allowed {
            let score = if chosen.contains(&value) { 1.0 } else { 0.0 };
            cats.insert(category(field, &value), serde_json::json!(score));
        }
    }
    cats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_split_at_the_first_colon_or_fall_back_to_the_default_field() {
        assert_eq!(
            split_category("frame:economic", "cats"),
            ("frame", "economic")
        );
        assert_eq!(split_category("time:10:30", "cats"), ("time", "10:30"));
        assert_eq!(split_category("positive", "label"), ("label", "positive"));
        assert_eq!(split_category(":odd", "label"), ("label", ":odd"));
    }
}
