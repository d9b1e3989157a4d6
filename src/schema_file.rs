//! A label schema as its own RON file, so a team shares one scheme across projects.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::file_error::FileError;
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
pub fn load_schema(path: &Path) -> Result<LabelSchema, FileError> {
    let text = crate::project_file::read_text_limited(path)?;
    let file: SchemaFile = ron::Options::default()
        .with_recursion_limit(32)
        .from_str(&text)
        .map_err(|e| FileError::Syntax {
            path: path.to_owned(),
            line: e.span.start.line,
            column: e.span.start.col,
            message: e.code.to_string(),
        })?;
    if file.format != SCHEMA_FORMAT || file.version != 1 {
        return Err(FileError::Invalid {
            path: path.to_owned(),
            message: "not a Marginalia schema (version 1)".into(),
        });
    }
    Ok(file.schema)
}

/// Write a schema file atomically.
pub fn save_schema(schema: &LabelSchema, path: &Path) -> Result<(), FileError> {
    crate::atomic_save::write_atomic(path, schema_to_ron(schema).as_bytes()).map_err(|source| {
        FileError::Save {
            path: path.to_owned(),
            source,
        }
    })
}
