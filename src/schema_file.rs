//! A label schema as its own RON file, so a team shares one scheme across projects.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::LabelSchema;

/// The `format` value of schema files.
pub const SCHEMA_FORMAT: &str = "marginalia-schema";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemaFile {
    format: String,
    version: u32,
    schema: LabelSchema,
}

/// The schema as the bytes of its file.
pub fn schema_to_ron(schema: &LabelSchema) -> String {
    let file = SchemaFile {
        format: SCHEMA_FORMAT.into(),
        version: 1,
        schema: schema.clone(),
    };
    let config = ron::ser::PrettyConfig::new().indentor("  ").depth_limit(4);
    ron::ser::to_string_pretty(&file, config)
        .map(|s| s + "\n")
        .unwrap_or_default()
}

/// Read a schema file; the error names the file and the position.
pub fn load_schema(path: &Path) -> Result<LabelSchema, String> {
    let text = crate::project_file::read_text_limited(path).map_err(|e| e.to_string())?;
    let file: SchemaFile = ron::Options::default()
        .with_recursion_limit(32)
        .from_str(&text)
        .map_err(|e| {
            format!(
                "{}:{}:{}: {}",
                path.display(),
                e.span.start.line,
                e.span.start.col,
                e.code
            )
        })?;
    if file.format != SCHEMA_FORMAT || file.version != 1 {
        return Err(format!(
            "{}: not a Marginalia schema (version 1)",
            path.display()
        ));
    }
    Ok(file.schema)
}

/// Write a schema file atomically.
pub fn save_schema(schema: &LabelSchema, path: &Path) -> Result<(), String> {
    crate::atomic_save::write_atomic(path, schema_to_ron(schema).as_bytes())
        .map_err(|e| format!("{}: could not save: {e}", path.display()))
}
