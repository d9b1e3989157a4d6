//! The Export… and Import… windows: pick a format and its options, then a file.

use egui::Ui;

use crate::formats::conll::{Nested, TagScheme};
use crate::formats::labelstudio::OffsetUnit;
use crate::formats::{ExportOptions, Format};
use crate::model::{LabelSchema, ReviewStatus};

/// Formats Marginalia can import labeled data from (W3C and CSV are export only).
pub const IMPORT_FORMATS: [Format; 5] = [
    Format::Brat,
    Format::Doccano,
    Format::Conll,
    Format::Spacy,
    Format::LabelStudio,
];

/// State of the two windows.
pub struct TransferPanel {
    /// The export window is open.
    pub export_open: bool,
    /// The import window is open.
    pub import_open: bool,
    /// Chosen export format.
    pub export_format: Format,
    /// Chosen export options.
    pub options: ExportOptions,
    /// Import into the open project as suggestions, not as a new project.
    pub as_suggestions: bool,
    /// Chosen import format.
    pub import_format: Format,
}

impl Default for TransferPanel {
    fn default() -> Self {
        Self {
            export_open: false,
            import_open: false,
            export_format: Format::Brat,
            options: ExportOptions::default(),
            import_format: Format::Brat,
            as_suggestions: false,
        }
    }
}

/// What the user confirmed.
pub enum TransferRequest {
    /// Export with the chosen format and options.
    Export,
    /// Import with the chosen format.
    Import,
}

fn format_help(format: Format) -> &'static str {
    match format {
        Format::Brat => {
            "A folder with DOC.txt + DOC.ann per document, annotation.conf and visual.conf."
        }
        Format::Doccano => "JSONL, one document per line: text and [start, end, label] spans.",
        Format::Conll => "One token per line with its tag; overlapping spans cannot be expressed.",
        Format::Spacy => "Training JSON: entities without overlap, every span under spans[\"sc\"].",
        Format::LabelStudio => {
            "A task list with labels regions and relations, one annotation per author."
        }
        Format::Csv => {
            "One row per annotation: document, id, label, start, end, text, note, author, status."
        }
        Format::W3c => "W3C Web Annotation JSON-LD with position and quote selectors.",
    }
}

/// The export window; returns a request when the user clicks Export.
pub fn export_window_ui(
    ctx: &egui::Context,
    panel: &mut TransferPanel,
    schema: &LabelSchema,
) -> Option<TransferRequest> {
    let mut request = None;
    let mut open = panel.export_open;
    super::small_window::small_window(ctx, "Export labeled data")
        .open(&mut open)
        .show(ctx, |ui: &mut Ui| {
            ui.horizontal_wrapped(|ui| {
                for format in Format::ALL {
                    ui.selectable_value(&mut panel.export_format, format, format.name())
                        .on_hover_text(format_help(format));
                }
            });
            ui.label(format_help(panel.export_format));
            ui.separator();
            let o = &mut panel.options;
            ui.horizontal(|ui| {
                super::widgets::labelled_combo(
                    ui,
                    "Status",
                    "export_status",
                    o.status.map_or("any".to_owned(), |s| s.as_str().to_owned()),
                    |ui| {
                        ui.selectable_value(&mut o.status, None, "any");
                        for s in ReviewStatus::ALL {
                            ui.selectable_value(&mut o.status, Some(s), s.as_str());
                        }
                    },
                );
                super::widgets::labelled_combo(
                    ui,
                    "Label",
                    "export_label",
                    o.label.clone().unwrap_or_else(|| "all".into()),
                    |ui| {
                        ui.selectable_value(&mut o.label, None, "all");
                        for l in &schema.labels {
                            ui.selectable_value(&mut o.label, Some(l.name.clone()), &l.name);
                        }
                    },
                );
            });
            match panel.export_format {
                Format::Conll => {
                    ui.horizontal(|ui| {
                        ui.label("Tags:");
                        ui.radio_value(&mut o.scheme, TagScheme::Iob2, "IOB2");
                        ui.radio_value(&mut o.scheme, TagScheme::Bioes, "BIOES");
                        ui.radio_value(&mut o.scheme, TagScheme::Bilou, "BILOU");
                    });
                    ui.horizontal(|ui| {
                        ui.label("Nested spans:");
                        ui.radio_value(&mut o.nested, Nested::Outer, "keep outermost");
                        ui.radio_value(&mut o.nested, Nested::Inner, "keep innermost");
                    });
                }
                Format::Brat => {
                    ui.checkbox(&mut o.page_notes, "Note each span's source page (p. 12)")
                        .on_hover_text(
                            "For PDF sources: writes the page into each span's AnnotatorNotes",
                        );
                }
                Format::Doccano => {
                    ui.checkbox(&mut o.relations, "Relation form (entities and relations)");
                }
                Format::LabelStudio => {
                    ui.horizontal(|ui| {
                        ui.label("Offsets:");
                        ui.radio_value(
                            &mut o.offsets,
                            OffsetUnit::Codepoint,
                            "code points (Python)",
                        );
                        ui.radio_value(&mut o.offsets, OffsetUnit::Utf16, "UTF-16 (JavaScript)");
                    });
                }
                _ => {}
            }
            if ui.button("Export…").clicked() {
                request = Some(TransferRequest::Export);
            }
        });
    panel.export_open = open && request.is_none();
    request
}

/// The import window; returns a request when the user clicks Import.
pub fn import_window_ui(ctx: &egui::Context, panel: &mut TransferPanel) -> Option<TransferRequest> {
    let mut request = None;
    let mut open = panel.import_open;
    super::small_window::small_window(ctx, "Import labeled data")
        .open(&mut open)
        .show(ctx, |ui: &mut Ui| {
            ui.horizontal_wrapped(|ui| {
                for format in IMPORT_FORMATS {
                    ui.selectable_value(&mut panel.import_format, format, format.name())
                        .on_hover_text(format_help(format));
                }
            });
            ui.label(format_help(panel.import_format));
            ui.checkbox(&mut panel.as_suggestions, "As suggestions")
                .on_hover_text("Add the labels to this project as suggestions to accept or reject (a model's or a colleague's), matched to its documents by their text");
            if panel.as_suggestions {
                ui.label("The labels become suggestions in this project, one undoable step.");
            } else {
                ui.label("The data opens as a new project; save it to keep it.");
            }
            if ui.button("Import…").clicked() {
                request = Some(TransferRequest::Import);
            }
        });
    panel.import_open = open && request.is_none();
    request
}
