//! Statistics of the project as bar charts, and the label density along the shown document as a
//! strip that jumps to the place clicked.

use egui::Ui;
use egui_plot::{Bar, BarChart, Plot};

use crate::stats::{ProjectStats, DENSITY_BINS};

fn bar_chart(ui: &mut Ui, id: &str, title: &str, counts: &[(String, usize)]) {
    ui.strong(title);
    let bars: Vec<Bar> = counts
        .iter()
        .enumerate()
        .map(|(i, (name, n))| Bar::new(i as f64, *n as f64).name(name).width(0.7))
        .collect();
    let names: Vec<String> = counts.iter().map(|(n, _)| n.clone()).collect();
    Plot::new(id)
        .height(140.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .show_grid(false)
        .x_axis_formatter(move |mark, _range| {
            names
                .get(mark.value.round() as usize)
                .filter(|_| (mark.value - mark.value.round()).abs() < 1e-6)
                .cloned()
                .unwrap_or_default()
        })
        .show(ui, |plot| plot.bar_chart(BarChart::new(title, bars)));
}

/// The window; returns a code point to jump to when the density strip is clicked.
pub fn stats_window_ui(
    ctx: &egui::Context,
    open: &mut bool,
    stats: &ProjectStats,
    document: usize,
) -> Option<f64> {
    let mut jump = None;
    egui::Window::new("Statistics")
        .open(open)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label(format!(
                "{} documents · {} characters · {} annotations · {} relations",
                stats.documents, stats.characters, stats.annotations, stats.relations
            ));
            egui::ScrollArea::vertical()
                .max_height(560.0)
                .show(ui, |ui| {
                    let pairs = |m: &std::collections::BTreeMap<String, usize>| {
                        m.iter().map(|(k, v)| (k.clone(), *v)).collect::<Vec<_>>()
                    };
                    bar_chart(ui, "stats_label", "per label", &pairs(&stats.by_label));
                    bar_chart(ui, "stats_author", "per author", &pairs(&stats.by_author));
                    bar_chart(
                        ui,
                        "stats_status",
                        "per review status",
                        &pairs(&stats.by_status),
                    );
                    let docs: Vec<(String, usize)> = stats
                        .by_document
                        .iter()
                        .map(|d| (d.id.clone(), d.annotations))
                        .collect();
                    bar_chart(ui, "stats_document", "per document", &docs);
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
