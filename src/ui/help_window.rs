//! Help → Keyboard shortcuts: every key, in every mode.

/// Keyboard shortcuts, as listed in Help.
pub const SHORTCUTS: &[(&str, &str)] = &[
    (
        "1 / 2 / 3 …",
        "Tag the selection with that label, or relabel the selected annotation",
    ),
    (
        "Drag",
        "Select text (snaps to words; hold Alt for single characters)",
    ),
    ("Double / triple click", "Select a word / a paragraph"),
    (
        "Ctrl + drag",
        "Add a fragment to the selected annotation (discontinuous span)",
    ),
    (
        "Click a highlight",
        "Select it; click again to cycle through stacked highlights",
    ),
    ("← → / Ctrl+← →", "Move the caret by a character / a word"),
    ("↑ ↓", "Move the caret by a line"),
    ("Shift + arrows", "Select with the keyboard"),
    ("Tab / Shift+Tab", "Next / previous annotation"),
    (
        "[ / ]",
        "Move the start of the selected annotation left / right by a character (an edge never rests on a space: it moves past it to the next character)",
    ),
    ("Alt+[ / Alt+]", "Move the start by a word"),
    (
        ", / .",
        "Move the end of the selected annotation left / right by a character (past a space to the next character, so an annotation never ends on whitespace)",
    ),
    ("Alt+, / Alt+.", "Move the end by a word"),
    ("Delete / Backspace", "Delete the selected annotation"),
    (
        "L, then click (or Tab + Enter)",
        "Link the selected annotation to another (a quote to its speaker, a claim to its source)",
    ),
    (
        "Alt + click",
        "Link the selected annotation to the clicked one",
    ),
    ("Esc", "Clear the selection"),
    ("Ctrl+F, F3 / Shift+F3", "Find, next / previous match"),
    ("Ctrl+B", "Show or hide the side panel"),
    ("Ctrl++ / Ctrl+− / Ctrl+0", "Larger / smaller / default text"),
    ("Esc (a small window open)", "Close it"),
    ("Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y", "Undo / redo"),
    ("Ctrl+O / Ctrl+S / Ctrl+Shift+S", "Open / save / save as"),
    (
        "Right-click a label",
        "Sticky mode: tag each selection as soon as you release it",
    ),
    (
        "Ctrl+R",
        "Review mode: A accept, R reject, U undecide, C comment, N/J next, P/K previous",
    ),
    (
        "Comparing",
        "A, B, C (or 1–9) take that annotator's span, T take both / all, D drop, N/P next/previous case",
    ),
    ("Ctrl+PgDn / Ctrl+PgUp", "Next / previous document"),
    ("Ctrl+Q", "Quit"),
];

/// The keyboard shortcut list.
pub fn help_window_ui(ctx: &egui::Context, open: &mut bool) {
    super::small_window::small_window(ctx, "Keyboard shortcuts")
        .open(open)
        .default_height(520.0)
        .vscroll(true)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                for (keys, what) in SHORTCUTS {
                    ui.strong(*keys);
                    ui.label(*what);
                    ui.end_row();
                }
            });
        });
}
