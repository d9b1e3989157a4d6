//! Schema changes that touch document fields: renaming a field, dropping or renaming its values,
//! switching it to single choice, deleting it. Each is one edit that also updates every
//! document's answers so the project stays valid, and undoes as one step.

use super::{Edit, EditError};
use crate::model::{LabelSchema, Project};

/// Replace the schema with `schema`, where field `renamed.0` (if given) is now called
/// `renamed.1`: every answer follows its field's new name, keeps only values the field still
/// allows, and keeps one value when the field became single choice; answers of a field that is
/// gone are cleared. The answers change around the schema so that, applied and undone, each
/// step is checked against the schema it belongs to.
pub fn change_schema(
    project: &Project,
    schema: LabelSchema,
    renamed: Option<(&str, &str)>,
) -> Result<Edit, EditError> {
    if let Some((old, new)) = renamed {
        let new = new.trim();
        if new.is_empty() {
            return Err(EditError::Refused("a document field needs a name".into()));
        }
        if old != new && project.schema.field(new).is_some() {
            return Err(EditError::Refused(format!(
                "there is already a document field \"{new}\""
            )));
        }
    }
    Ok(carry_answers(project, schema, renamed, &|_, v| {
        v.to_owned()
    }))
}

/// The edit that replaces the schema with `schema` and moves every answer along: its field
/// renamed by `renamed`, each value through `value` (field, value → new value), then kept as
/// the new schema allows.
fn carry_answers(
    project: &Project,
    schema: LabelSchema,
    renamed: Option<(&str, &str)>,
    value: &dyn Fn(&str, &str) -> String,
) -> Edit {
    let mut before = Vec::new();
    let mut after = Vec::new();
    for (document, doc) in project.documents.iter().enumerate() {
        for (field, values) in &doc.fields {
            let name = match renamed {
                Some((old, new)) if old == field => new.trim(),
                _ => field.as_str(),
            };
            let moved: Vec<String> = values.iter().map(|v| value(field, v)).collect();
            let kept = schema
                .field(name)
                .map(|def| def.normalize(&moved))
                .unwrap_or_default();
            if name == field && kept == *values {
                continue;
            }
            before.push(Edit::SetDocumentField {
                document,
                field: field.clone(),
                values: Vec::new(),
            });
            if !kept.is_empty() {
                after.push(Edit::SetDocumentField {
                    document,
                    field: name.to_owned(),
                    values: kept,
                });
            }
        }
    }
    before.push(Edit::SetSchema { schema });
    before.extend(after);
    Edit::Batch(before)
}

/// Give field `field` the allowed values `values`. A value that was replaced at the same place
/// by one that is new (the list as long as before) is a rename: the documents that had it get
/// the new one. Values taken out are taken off the documents.
pub fn set_field_values(
    project: &Project,
    field: &str,
    values: Vec<String>,
) -> Result<Edit, EditError> {
    let def = project
        .schema
        .field(field)
        .ok_or_else(|| EditError::Refused(format!("no document field \"{field}\"")))?;
    if values.is_empty() {
        return Err(EditError::Refused(format!(
            "the document field \"{field}\" needs at least one value"
        )));
    }
    let renames: Vec<(String, String)> = if def.values.len() == values.len() {
        def.values
            .iter()
            .zip(&values)
            .filter(|(old, new)| old != new && !def.values.contains(new) && !values.contains(old))
            .map(|(old, new)| (old.clone(), new.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let mut schema = project.schema.clone();
    if let Some(f) = schema.fields.iter_mut().find(|f| f.name == field) {
        f.values = values;
    }
    let value = |f: &str, v: &str| {
        let renamed = (f == field)
            .then(|| renames.iter().find(|(old, _)| old == v))
            .flatten();
        renamed.map_or_else(|| v.to_owned(), |(_, new)| new.clone())
    };
    Ok(carry_answers(project, schema, None, &value))
}

/// Rename field `old` to `new` in the schema and in every document's answers.
pub fn rename_field(project: &Project, old: &str, new: &str) -> Result<Edit, EditError> {
    let mut schema = project.schema.clone();
    let def = schema
        .fields
        .iter_mut()
        .find(|f| f.name == old)
        .ok_or_else(|| EditError::Refused(format!("no document field \"{old}\"")))?;
    def.name = new.trim().to_owned();
    change_schema(project, schema, Some((old, new)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, FieldDef, Source};

    fn project() -> Project {
        let mut p = Project::new("p");
        p.schema.fields.push(FieldDef {
            name: "topics".into(),
            description: String::new(),
            values: vec!["trade".into(), "tech".into(), "war".into()],
            multiple: true,
        });
        for id in ["a", "b"] {
            p.documents
                .push(Document::new(id, id, Source::default(), "text".into()));
        }
        p.documents[0].set_field("topics", vec!["trade".into(), "war".into()]);
        p.documents[1].set_field("topics", vec!["tech".into()]);
        p
    }

    #[test]
    fn renaming_a_field_moves_every_answer_and_undoes() {
        let mut p = project();
        let original = p.clone();
        let undo = rename_field(&p, "topics", "subjects")
            .unwrap()
            .apply(&mut p)
            .unwrap();
        assert_eq!(p.documents[0].field_values("subjects"), ["trade", "war"]);
        assert!(p.documents[0].field_values("topics").is_empty());
        assert!(crate::validate::validate_project(&p).is_empty());
        undo.apply(&mut p).unwrap();
        assert_eq!(p, original);
    }

    #[test]
    fn dropping_a_value_and_going_single_choice_trims_answers() {
        let mut p = project();
        let original = p.clone();
        let mut schema = p.schema.clone();
        schema.fields[0].values.retain(|v| v != "tech");
        schema.fields[0].multiple = false;
        let undo = change_schema(&p, schema, None)
            .unwrap()
            .apply(&mut p)
            .unwrap();
        assert_eq!(p.documents[0].field_values("topics"), ["war"]);
        assert!(p.documents[1].field_values("topics").is_empty());
        assert!(crate::validate::validate_project(&p).is_empty());
        undo.apply(&mut p).unwrap();
        assert_eq!(p, original);
    }

    #[test]
    fn deleting_a_field_clears_its_answers() {
        let mut p = project();
        let mut schema = p.schema.clone();
        schema.fields.clear();
        change_schema(&p, schema, None)
            .unwrap()
            .apply(&mut p)
            .unwrap();
        assert!(p.documents.iter().all(|d| d.fields.is_empty()));
        assert!(crate::validate::validate_project(&p).is_empty());
    }

    #[test]
    fn a_value_replaced_in_place_is_renamed_on_every_document() {
        let mut p = project();
        let original = p.clone();
        let values = vec!["trade".into(), "technology".into(), "war".into()];
        let undo = set_field_values(&p, "topics", values)
            .unwrap()
            .apply(&mut p)
            .unwrap();
        assert_eq!(p.documents[1].field_values("topics"), ["technology"]);
        assert_eq!(p.documents[0].field_values("topics"), ["trade", "war"]);
        assert!(crate::validate::validate_project(&p).is_empty());
        undo.apply(&mut p).unwrap();
        assert_eq!(p, original);
        // A shorter list is no rename: the value taken out leaves the documents.
        set_field_values(&p, "topics", vec!["trade".into(), "war".into()])
            .unwrap()
            .apply(&mut p)
            .unwrap();
        assert!(p.documents[1].field_values("topics").is_empty());
    }
}
