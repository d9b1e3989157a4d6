//! Statistics of the project as bar charts, and the label density along the shown document as a
//! strip that jumps to the place clicked.

use egui::{Color32, Ui};

use crate::model::LabelSchema;
use crate::stats::{ProjectStats, DENSITY_BINS};

/// Horizontal bars, one per (name, count, colour), each with its count written beside it: the
/// names stay readable however many there are, and no axis has to be read.
fn bars(ui: &mut Ui, title: &str, rows: &[(String, usize, Color32)]) {
    ui.strong(title);
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let name_width = 140.0;
    let text = ui.visuals().text_color();
    for (name, n, color) in rows {
        let (rect, response) = ui.allocate_exact_size(
            egui::vec2(ui.available_width(), row_height),
            egui::Sense::hover(),
        );
        let painter = ui.painter_at(rect);
        let name_rect = egui::Rect::from_min_size(rect.min, egui::vec2(name_width, row_height));
        painter.text(
            name_rect.left_center(),
            egui::Align2::LEFT_CENTER,
            name,
            egui::FontId::proportional(13.0),
            text,
        );
        let room = (rect.width() - name_width - 60.0).max(20.0);
        let w = room * *n as f32 / max as f32;
        let bar = egui::Rect::from_min_size(
            egui::pos2(rect.left() + name_width, rect.top() + 3.0),
            egui::vec2(w.max(1.0), row_height - 6.0),
        );
        painter.rect_filled(bar, 2.0, *color);
        painter.text(
            egui::pos2(bar.right() + 6.0, rect.center().y),
            egui::Align2::LEFT_CENTER,
            n.to_string(),
            egui::FontId::proportional(13.0),
            text,
        );
        let said = format!("{name}: {n}");
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &said));
    }
    ui.add_space(6.0);
}

/// Active time per annotator (with annotations per hour) and per document, as a table.
fn active_time(ui: &mut Ui, stats: &ProjectStats) {
    use crate::stats::format_duration;
    let time = &stats.time_seconds;
    if time.by_author.is_empty() {
        ui.weak("No active time counted yet: it counts while you work on a document (View menu: Count active time).");
        ui.add_space(6.0);
        return;
    }
    ui.strong(format!(
        "Active time: {} in all",
        format_duration(stats.total_seconds())
    ))
    .on_hover_text(
        "Counted while the window had focus and the annotator pressed a key, clicked or \
         scrolled at least once a minute",
    );
    egui::Grid::new("time_by_author")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            ui.label("annotator");
            ui.label("time");
            ui.label("annotations per hour");
            ui.end_row();
            for (who, secs) in &time.by_author {
                ui.label(who);
                ui.label(format_duration(*secs));
                ui.label(
                    stats
                        .annotations_per_hour(who)
                        .map_or_else(|| "—".to_owned(), |r| format!("{r:.1}")),
                );
                ui.end_row();
            }
        });
    if stats.by_document.len() > 1 {
        ui.add_space(4.0);
        egui::Grid::new("time_by_document")
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                ui.label("document");
                ui.label("time");
                ui.label("annotations");
                ui.end_row();
                for d in stats.by_document.iter().filter(|d| d.seconds > 0) {
                    ui.label(d.title.chars().take(40).collect::<String>());
                    ui.label(format_duration(d.seconds));
                    ui.label(d.annotations.to_string());
                    ui.end_row();
                }
            });
    }
    ui.add_space(6.0);
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The window; returns a code point to jump to when the density strip is clicked.
pub fn stats_window_ui(
    ctx: &egui::Context,
    open: &mut bool,
    stats: &ProjectStats,
    schema: &LabelSchema,
    document: usize,
) -> Option<f64> {
    let mut jump = None;
    super::small_window::small_window(ctx, "Statistics")
        .open(open)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "{} · {} · {} · {}",
                plural(stats.documents, "document", "documents"),
                plural(stats.characters, "character", "characters"),
                plural(stats.annotations, "annotation", "annotations"),
                plural(stats.relations, "relation", "relations"),
            ));
            egui::ScrollArea::vertical()
                .max_height(560.0)
                .show(ui, |ui| {
                    let accent = ui.visuals().selection.bg_fill;
                    let labels: Vec<(String, usize, Color32)> = stats
                        .by_label
                        .iter()
                        .map(|(k, v)| (k.clone(), *v, super::text_view::label_color(schema, k)))
                        .collect();
                    bars(ui, "Per label", &labels);
                    let authors: Vec<(String, usize, Color32)> = stats
                        .by_author
                        .iter()
                        .map(|(k, v)| (k.clone(), *v, accent))
                        .collect();
                    if authors.len() > 1 {
                        bars(ui, "Per author", &authors);
                    } else if let Some((name, n, _)) = authors.first() {
                        ui.label(format!("All {n} by {name}."));
                    }
                    active_time(ui, stats);
                    let status_color = |s: &str| match s {
                        "accepted" => Color32::from_rgb(0x00, 0x9E, 0x73),
                        "rejected" => Color32::from_rgb(0xD5, 0x5E, 0x00),
                        _ => Color32::from_gray(140),
                    };
                    let statuses: Vec<(String, usize, Color32)> = stats
                        .by_status
                        .iter()
                        .map(|(k, v)| (k.clone(), *v, status_color(k)))
                        .collect();
                    bars(ui, "Per review status", &statuses);
                    // A chart of one document says nothing the header does not.
                    if stats.by_document.len() > 1 {
                        let docs: Vec<(String, usize, Color32)> = stats
                            .by_document
                            .iter()
                            .map(|d| (d.title.clone(), d.annotations, accent))
                            .collect();
                        bars(ui, "Per document", &docs);
                    }
                    if let Some(doc) = stats.by_document.get(document) {
                        ui.strong(format!(
                            "Where the annotations are in “{}” (click to go there)",
                            doc.title
                        ));
                        let max = doc.density.iter().copied().max().unwrap_or(0).max(1);
                        let (rect, response) = ui.allocate_exact_size(
                            egui::vec2(ui.available_width(), 28.0),
                            egui::Sense::click(),
                        );
                        let w = rect.width() / DENSITY_BINS as f32;
                        for (i, &n) in doc.density.iter().enumerate() {
                            let t = n as f32 / max as f32;
                            let r = egui::Rect::from_min_size(
                                rect.min + egui::vec2(i as f32 * w, 0.0),
                                egui::vec2(w.max(1.0), rect.height()),
                            );
                            let fill = egui::Color32::from_rgb(
                                255 - (t * 255.0) as u8,
                                255 - (t * 140.0) as u8,
                                255 - (t * 40.0) as u8,
                            );
                            ui.painter().rect_filled(r, 0.0, fill);
                        }
                        ui.painter().rect_stroke(
                            rect,
                            2.0,
                            egui::Stroke::new(1.0, ui.visuals().text_color()),
                            egui::StrokeKind::Inside,
                        );
                        if response.clicked() {
                            if let Some(p) = response.interact_pointer_pos() {
                                jump = Some(
                                    ((p.x - rect.left()) / rect.width()).clamp(0.0, 1.0) as f64
                                );
                            }
                        }
                        response.on_hover_text("Darker: more annotations start there");
                    }
                });
        });
    jump
}
