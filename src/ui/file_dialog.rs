//! Native file dialogs run on a worker thread, so a dialog never freezes a frame; where no dialog
//! backend exists (no desktop portal, no zenity) the window asks for a path itself.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};

use crate::formats::Format;

/// Why a file is being chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Open a project or an article.
    Open,
    /// Choose where to save the project.
    SaveAs,
    /// Choose where an export goes (a folder for brat).
    Export(Format),
    /// Choose labeled data to import (a folder for brat).
    ImportLabeled(Format),
    /// Choose other annotators' projects (one or more) to compare with.
    Compare,
    /// Choose where the adjudicated project goes.
    SaveGold,
    /// Choose other annotators' projects (one or more) to measure agreement with.
    Agreement,
    /// Choose articles to add to the project (several at once).
    AddArticles,
    /// Choose a folder whose articles are added to the project.
    AddFolder,
    /// Choose where to save the schema.
    SaveSchema,
    /// Choose a schema file to load.
    LoadSchema,
    /// Choose a gazetteer (text<TAB>label lines) to load.
    LoadGazetteer,
    /// Choose where to save the learned gazetteer.
    SaveGazetteer,
}

impl Purpose {
    /// True when several files can be chosen at once.
    fn takes_many(self) -> bool {
        matches!(
            self,
            Purpose::AddArticles | Purpose::Agreement | Purpose::Compare
        )
    }

    fn title(self) -> &'static str {
        match self {
            Purpose::Open => "Open a project or an article",
            Purpose::SaveAs => "Save project as",
            Purpose::Export(_) => "Export to",
            Purpose::ImportLabeled(_) => "Import labeled data from",
            Purpose::Compare => "Compare with other annotators' projects",
            Purpose::SaveGold => "Save the adjudicated project as",
            Purpose::Agreement => "Measure agreement with other annotators' projects",
            Purpose::AddArticles => "Add articles to the project",
            Purpose::AddFolder => "Add a folder of articles to the project",
            Purpose::SaveSchema => "Save the label schema as",
            Purpose::LoadSchema => "Load a label schema",
            Purpose::LoadGazetteer => "Load a gazetteer of names",
            Purpose::SaveGazetteer => "Save the names tagged as a gazetteer",
        }
    }
}

/// The dialog in progress, if any.
#[derive(Default)]
pub struct FileDialogs {
    pending: Option<(Purpose, Receiver<Option<Vec<PathBuf>>>)>,
    /// The in-window path prompt used when no native dialog is available.
    pub prompt: Option<(Purpose, String)>,
}

/// True when a native dialog can be shown: a display, and a portal or zenity to show it.
fn native_dialogs_available() -> bool {
    let display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let portal = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join("zenity").is_file()));
    display && (portal || zenity)
}

impl FileDialogs {
    /// Ask for a file; `suggested` names the file to save.
    pub fn request(&mut self, purpose: Purpose, suggested: Option<String>) {
        if self.pending.is_some() || self.prompt.is_some() {
            return;
        }
        if !native_dialogs_available() {
            self.prompt = Some((purpose, suggested.unwrap_or_default()));
            return;
        }
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new().set_title(purpose.title());
            let picked = match purpose {
                Purpose::AddArticles => {
                    let _ = tx.send(
                        dialog
                            .add_filter("Articles", crate::import::ArticleFormat::EXTENSIONS)
                            .add_filter("All files", &["*"])
                            .pick_files(),
                    );
                    return;
                }
                Purpose::Agreement | Purpose::Compare => {
                    let _ = tx.send(
                        dialog
                            .add_filter("Marginalia project", &["ron"])
                            .pick_files(),
                    );
                    return;
                }
                Purpose::AddFolder => dialog.pick_folder(),
                Purpose::SaveSchema => dialog
                    .add_filter("Marginalia schema", &["ron"])
                    .set_file_name(suggested.unwrap_or_else(|| "schema.ron".into()))
                    .save_file(),
                Purpose::LoadSchema => dialog.add_filter("Marginalia schema", &["ron"]).pick_file(),
                Purpose::LoadGazetteer => dialog
                    .add_filter("Gazetteer", &["tsv", "txt"])
                    .add_filter("All files", &["*"])
                    .pick_file(),
                Purpose::SaveGazetteer => dialog
                    .add_filter("Gazetteer", &["tsv", "txt"])
                    .set_file_name(suggested.unwrap_or_else(|| "gazetteer.tsv".into()))
                    .save_file(),
                Purpose::Open => dialog
                    .add_filter("Projects", &["ron"])
                    .add_filter("Articles", crate::import::ArticleFormat::EXTENSIONS)
                    .add_filter("All files", &["*"])
                    .pick_file(),
                Purpose::SaveGold => dialog
                    .add_filter("Marginalia project", &["ron"])
                    .set_file_name(suggested.unwrap_or_else(|| "gold.ron".into()))
                    .save_file(),
                Purpose::SaveAs => dialog
                    .add_filter("Marginalia project", &["ron"])
                    .set_file_name(suggested.unwrap_or_else(|| "project.ron".into()))
                    .save_file(),
                Purpose::Export(format) | Purpose::ImportLabeled(format)
                    if format.writes_folder() =>
                {
                    dialog.pick_folder()
                }
                Purpose::Export(format) => dialog
                    .add_filter(format.name(), &[format.extension()])
                    .set_file_name(
                        suggested.unwrap_or_else(|| format!("export.{}", format.extension())),
                    )
                    .save_file(),
                Purpose::ImportLabeled(format) => dialog
                    .add_filter(
                        format.name(),
                        &[format.extension(), "json", "jsonl", "conll", "txt", "tsv"],
                    )
                    .add_filter("All files", &["*"])
                    .pick_file(),
            };
            let _ = tx.send(picked.map(|p| vec![p]));
        });
        self.pending = Some((purpose, rx));
    }

    /// True while a native dialog is open.
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// The chosen file, once the dialog has closed with one.
    pub fn poll(&mut self) -> Option<(Purpose, Vec<PathBuf>)> {
        let (purpose, rx) = self.pending.as_ref()?;
        match rx.try_recv() {
            Ok(picked) => {
                let purpose = *purpose;
                self.pending = None;
                picked.map(|p| (purpose, p))
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.pending = None;
                None
            }
        }
    }

    /// Show the path prompt when it is active; returns the path once the user confirms.
    pub fn prompt_ui(&mut self, ctx: &egui::Context) -> Option<(Purpose, Vec<PathBuf>)> {
        let (purpose, text) = self.prompt.as_mut()?;
        let purpose = *purpose;
        let mut result = None;
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
            ui.heading(purpose.title());
            ui.label(if purpose.takes_many() {
                "No file dialog is available on this system. Type one or more paths, separated by ;"
            } else {
                "No file dialog is available on this system. Type a path:"
            });
            let edit = ui.add(
                egui::TextEdit::singleline(text)
                    .desired_width(420.0)
                    .hint_text(if purpose.takes_many() {
                        "/path/to/one; /path/to/another"
                    } else {
                        "/path/to/file"
                    }),
            );
            // Enter takes the focus away from the field; read that before taking it back, or the
            // field never reports having lost it.
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if !enter {
                edit.request_focus();
            }
            ui.horizontal(|ui| {
                if (ui.button("OK").clicked() || enter) && !text.trim().is_empty() {
                    result = Some((
                        purpose,
                        text.split(';')
                            .map(|p| PathBuf::from(p.trim()))
                            .filter(|p| !p.as_os_str().is_empty())
                            .collect(),
                    ));
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    cancel = true;
                }
            });
        });
        if result.is_some() || cancel {
            self.prompt = None;
        }
        result
    }
}
