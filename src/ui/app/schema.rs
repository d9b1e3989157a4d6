//! The label schema: replace, rename, delete, and its own file.

use super::*;

impl MarginaliaApp {
    /// Carry out a change to the schema.
    pub(super) fn handle_schema(&mut self, action: SchemaAction) {
        match action {
            SchemaAction::Set(schema, description) => match check_schema(&schema) {
                Ok(()) => {
                    let result = crate::edit::change_schema(self.session.project(), schema, None)
                        .and_then(|edit| self.session.apply(edit, &description));
                    self.report(result);
                }
                Err(e) => self.notes.refused(e),
            },
            SchemaAction::RenameLabel(old, new) => {
                let result = crate::edit::rename_label(self.session.project(), &old, &new)
                    .and_then(|edit| self.session.apply(edit, &format!("rename {old} to {new}")));
                self.report(result);
            }
            SchemaAction::RenameField(old, new) => {
                let result = crate::edit::rename_field(self.session.project(), &old, &new)
                    .and_then(|edit| {
                        self.session
                            .apply(edit, &format!("rename field {old} to {new}"))
                    });
                self.report(result);
            }
            SchemaAction::SetFieldValues(field, values) => {
                let result = crate::edit::set_field_values(self.session.project(), &field, values)
                    .and_then(|edit| self.session.apply(edit, &format!("values of {field}")));
                self.report(result);
            }
            SchemaAction::RenameRelationKind(old, new) => {
                let result = crate::edit::rename_relation_kind(self.session.project(), &old, &new)
                    .and_then(|edit| {
                        self.session
                            .apply(edit, &format!("rename relation type {old} to {new}"))
                    });
                self.report(result);
            }
            SchemaAction::DeleteLabel(name, replacement) => {
                let result = crate::edit::delete_label(
                    self.session.project(),
                    &name,
                    replacement.as_deref(),
                )
                .and_then(|edit| self.session.apply(edit, &format!("delete label {name}")));
                self.report(result);
            }
            SchemaAction::Save => self
                .dialogs
                .request(Purpose::SaveSchema, Some("schema.ron".into())),
            SchemaAction::Load => self.dialogs.request(Purpose::LoadSchema, None),
        }
    }
}
