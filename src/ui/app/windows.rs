//! The small windows: which are open, drawing them, and closing the frontmost with Esc.

use super::*;

/// Which small windows are open (the schema editor and the import/export windows keep their
/// own flag with the rest of their state).
#[derive(Default)]
pub(super) struct SmallWindows {
    /// Help → Keyboard shortcuts.
    pub help: bool,
    /// Statistics, and the statistics computed for a session revision.
    pub stats: bool,
    pub stats_cache: Option<(u64, crate::stats::ProjectStats)>,
    /// The agreement report.
    pub agreement: bool,
}

impl MarginaliaApp {
    /// Close the frontmost small window (in a fixed order: help, statistics, agreement,
    /// export, import, schema); false when none is open.
    pub(super) fn close_a_small_window(&mut self) -> bool {
        let open = [
            &mut self.windows.help,
            &mut self.windows.stats,
            &mut self.windows.agreement,
            &mut self.transfer.export_open,
            &mut self.transfer.import_open,
            &mut self.schema_editor.open,
        ];
        match open.into_iter().find(|f| **f) {
            Some(flag) => {
                *flag = false;
                true
            }
            None => false,
        }
    }

    /// Help, the schema editor, statistics, and the import and export windows.
    pub(super) fn small_windows_ui(&mut self, ctx: &egui::Context) {
        let availability = self.availability();
        help_window_ui(
            ctx,
            &mut self.windows.help,
            &self.session.project().schema,
            &availability,
        );
        let docs = &self.session.project().documents;
        let usage = |label: &str| {
            docs.iter()
                .map(|d| d.annotations.iter().filter(|a| a.label == label).count())
                .sum()
        };
        let answered = |field: &str| {
            docs.iter()
                .filter(|d| !d.field_values(field).is_empty())
                .count()
        };
        schema_editor_ui(
            ctx,
            &mut self.schema_editor,
            &self.session.project().schema,
            &usage,
            &answered,
            &mut self.actions,
        );
        if self.windows.stats {
            self.stats_ui(ctx);
        }
        if let Some(TransferRequest::Export) =
            export_window_ui(ctx, &mut self.transfer, &self.session.project().schema)
        {
            let format = self.transfer.export_format;
            let suggested = format!(
                "{}.{}",
                self.suggested_file_name().trim_end_matches(".ron"),
                format.extension()
            );
            self.dialogs
                .request(Purpose::Export(format), Some(suggested));
        }
        if let Some(TransferRequest::Import) = import_window_ui(ctx, &mut self.transfer) {
            self.dialogs
                .request(Purpose::ImportLabeled(self.transfer.import_format), None);
        }
    }

    /// The statistics window, computed again only when the project changed.
    fn stats_ui(&mut self, ctx: &egui::Context) {
        let revision = self.session.revision;
        if self
            .windows
            .stats_cache
            .as_ref()
            .is_none_or(|(rev, _)| *rev != revision)
        {
            let stats = crate::stats::project_stats(self.session.project());
            self.windows.stats_cache = Some((revision, stats));
        }
        let Some((_, stats)) = self.windows.stats_cache.as_ref() else {
            return;
        };
        if let Some(fraction) = stats_window_ui(
            ctx,
            &mut self.windows.stats,
            stats,
            &self.session.project().schema,
            self.session.document,
        ) {
            let len = self.session.document().map_or(0, |d| d.char_len());
            self.view.scroll_to = Some((fraction * len as f64) as usize);
        }
    }
}
