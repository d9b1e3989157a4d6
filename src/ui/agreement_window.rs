//! The Agreement window: the same figures as `marginalia agree`, from the same code, for two or
//! more annotators, with every pair (and their mean and spread) and the label confusion as a
//! heat map.

use egui::{Color32, RichText, Ui};

use crate::agreement::{AgreementReport, Scores};

fn fmt(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |x| format!("{x:.3}"))
}

const COLUMNS: [(&str, &str); 5] = [
    (
        "exact F1",
        "Spans with the same label and the same fragments: 2·|A∩B| / (|A| + |B|)",
    ),
    (
        "overlap F1",
        "Spans with the same label that overlap, each matched once, largest overlap first",
    ),
    (
        "Cohen's κ",
        "Token-level, innermost label or O per token (the CoNLL exporter's tokens); the mean over pairs for three or more annotators",
    ),
    (
        "Krippendorff's α",
        "Token-level, nominal, over all annotators at once",
    ),
    (
        "relation F1",
        "Links with the same kind whose two ends match exactly",
    ),
];

fn header_row(ui: &mut Ui, first: &str) {
    ui.strong(first);
    for (name, help) in COLUMNS {
        ui.strong(name).on_hover_text(help);
    }
    ui.end_row();
}

fn scores_row(ui: &mut Ui, name: &str, s: &Scores) {
    ui.label(name);
    for v in [
        s.exact_f1,
        s.overlap_f1,
        s.cohen_kappa,
        s.krippendorff_alpha,
        s.relation_f1,
    ] {
        ui.label(fmt(v));
    }
    ui.end_row();
}

/// The report's figures: overall, every pair with mean ± standard deviation (three or more
/// annotators), per label and per document, then the confusion heat map.
pub fn agreement_report_ui(ui: &mut Ui, report: &AgreementReport) {
    ui.label(format!("Annotators: {}", report.annotators.join(", ")));
    egui::Grid::new("agreement_grid")
        .striped(true)
        .show(ui, |ui| {
            header_row(ui, "");
            scores_row(ui, "overall", &report.overall);
            for (label, s) in &report.by_label {
                scores_row(ui, &format!("label {label}"), s);
            }
            for (doc, s) in &report.by_document {
                scores_row(ui, &format!("document {doc}"), s);
            }
        });
    if !report.pairs.is_empty() {
        ui.separator();
        ui.strong("Every pair of annotators");
        egui::Grid::new("agreement_pairs")
            .striped(true)
            .show(ui, |ui| {
                header_row(ui, "pair");
                for pair in &report.pairs {
                    scores_row(ui, &format!("{} – {}", pair.a, pair.b), &pair.scores);
                }
                if let Some(mean) = &report.pairs_mean {
                    scores_row(ui, "mean", mean);
                }
                if let Some(std) = &report.pairs_std {
                    scores_row(ui, "standard deviation", std);
                }
            });
    }
    if !report.document_fields.is_empty() {
        ui.separator();
        ui.strong("Document fields")
            .on_hover_text("Each field is one answer per document: agreement over the documents, a multiple-choice answer counted as the set chosen, an unanswered document left out");
        egui::Grid::new("agreement_fields")
            .striped(true)
            .show(ui, |ui| {
                ui.strong("field");
                ui.strong("Cohen's κ")
                    .on_hover_text("Over the documents both answered; the mean over pairs for three or more annotators");
                ui.strong("Krippendorff's α")
                    .on_hover_text("Nominal, over all annotators at once");
                ui.strong("documents")
                    .on_hover_text("Documents at least two annotators answered");
                ui.end_row();
                for (field, f) in &report.document_fields {
                    ui.label(field);
                    ui.label(fmt(f.kappa));
                    ui.label(fmt(f.alpha));
                    ui.label(f.documents.to_string());
                    ui.end_row();
                }
            });
    }
    if !report.unmatched_documents.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Left out of every score (not in all projects): {}",
                report.unmatched_documents.join(", ")
            ),
        );
    }
    ui.separator();
    confusion_ui(ui, report);
}

fn confusion_ui(ui: &mut Ui, report: &AgreementReport) {
    let conf = &report.confusion;
    let caption = if report.annotators.len() > 2 {
        "Label confusion on spans with the same boundaries, summed over pairs (rows: first of the pair, columns: second)"
    } else {
        "Label confusion on spans with the same boundaries (rows: first annotator, columns: second)"
    };
    ui.strong(caption);
    let max = conf
        .counts
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    // Cells run from the panel's own colour (none) to a strong blue (the most), in both themes,
    // with the count written in whichever of the text colours reads best on the cell.
    let dark = ui.visuals().dark_mode;
    let empty = ui.visuals().extreme_bg_color;
    let full = if dark {
        Color32::from_rgb(0x3D, 0x8B, 0xD9)
    } else {
        Color32::from_rgb(0x0B, 0x4F, 0x9C)
    };
    let mix = |t: f32| {
        let l = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
        Color32::from_rgb(
            l(empty.r(), full.r()),
            l(empty.g(), full.g()),
            l(empty.b(), full.b()),
        )
    };
    let inks = [Color32::from_gray(0x10), Color32::from_gray(0xF2)];
    egui::Grid::new("confusion")
        .spacing([3.0, 3.0])
        .show(ui, |ui| {
            ui.label("");
            for l in &conf.labels {
                ui.label(RichText::new(l).strong());
            }
            ui.end_row();
            for (row_label, row) in conf.labels.iter().zip(&conf.counts) {
                ui.label(RichText::new(row_label).strong());
                for (col_label, &n) in conf.labels.iter().zip(row) {
                    let (rect, resp) =
                        ui.allocate_exact_size(egui::vec2(64.0, 28.0), egui::Sense::hover());
                    let fill = mix(n as f32 / max as f32);
                    let ink = inks
                        .into_iter()
                        .max_by(|a, b| {
                            super::palette::contrast(*a, fill)
                                .total_cmp(&super::palette::contrast(*b, fill))
                        })
                        .unwrap_or(Color32::BLACK);
                    ui.painter().rect_filled(rect, 3.0, fill);
                    ui.painter().text(
                        rect.center(),
                        egui::Align2::CENTER_CENTER,
                        n.to_string(),
                        egui::FontId::proportional(14.0),
                        ink,
                    );
                    resp.on_hover_text(format!("{n} spans: {row_label} / {col_label}"));
                }
                ui.end_row();
            }
        });
}

/// The Agreement window around [`agreement_report_ui`]; shows the error when there is no report.
/// With `refresh`, a button offers to measure again after more annotating; returns true when it
/// was clicked.
pub fn agreement_window_ui(
    ctx: &egui::Context,
    open: &mut bool,
    report: &Result<AgreementReport, String>,
    refresh: bool,
) -> bool {
    let mut again = false;
    super::small_window::small_window(ctx, "Agreement")
        .open(open)
        .default_size([640.0, 640.0])
        .vscroll(true)
        .show(ctx, |ui| {
            if refresh
                && ui
                    .button("Measure again")
                    .on_hover_text(
                        "Score the project as it is now against the same files, read afresh",
                    )
                    .clicked()
            {
                again = true;
            }
            match report {
                Ok(report) => agreement_report_ui(ui, report),
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
            }
        });
    again
}
