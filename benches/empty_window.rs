//! The reference of the launch benchmark (`benches/launch.sh`): an eframe window built exactly
//! as Marginalia's (`marginalia::ui::native_options`), showing one line of text and closing after
//! its first frame. Not a criterion benchmark: the script times the whole process.

struct Empty;

impl eframe::App for Empty {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| ui.label("An empty window."));
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

fn main() {
    // `cargo bench` runs every bench target; this one only runs when the script asks.
    if std::env::var_os("MARGINALIA_LAUNCH_BENCH").is_none() {
        return;
    }
    let _ = eframe::run_native(
        "empty",
        marginalia::ui::native_options(),
        Box::new(|_| Ok(Box::new(Empty))),
    );
}
