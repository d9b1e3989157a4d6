//! Shortcuts as the user reads and presses them: their text, which commands the keys pressed
//! this frame run, the one-line hints of review and comparison, and the mouse gestures listed
//! beside them.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::commands::{Availability, Command, Mode, MAX_TAKE};

/// Annotator `k`'s letter in the comparison: A, B, C …
pub fn annotator_letter(k: u8) -> char {
    char::from(b'A' + k.min(25))
}

/// The keys that take annotator `k`'s span in the comparison: its letter for the first three
/// (A, B, C), and its number (1–9).
pub fn take_keys(k: u8) -> Vec<Key> {
    const LETTERS: [Key; 3] = [Key::A, Key::B, Key::C];
    const NUMBERS: [Key; MAX_TAKE as usize] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    let k = k as usize;
    LETTERS
        .get(k)
        .into_iter()
        .chain(NUMBERS.get(k))
        .copied()
        .collect()
}

/// A shortcut as the user reads it: `Ctrl+Shift+S`, `Alt+[`, `←`.
pub fn format_shortcut(s: &KeyboardShortcut) -> String {
    let mut text = String::new();
    if s.modifiers.command || s.modifiers.ctrl || s.modifiers.mac_cmd {
        text.push_str("Ctrl+");
    }
    if s.modifiers.alt {
        text.push_str("Alt+");
    }
    if s.modifiers.shift {
        text.push_str("Shift+");
    }
    text.push_str(match s.logical_key {
        Key::ArrowLeft => "←",
        Key::ArrowRight => "→",
        Key::ArrowUp => "↑",
        Key::ArrowDown => "↓",
        Key::PageDown => "PgDn",
        Key::PageUp => "PgUp",
        Key::Minus => "−",
        Key::Plus => "+",
        Key::Equals => "=",
        Key::OpenBracket => "[",
        Key::CloseBracket => "]",
        Key::Comma => ",",
        Key::Period => ".",
        Key::Escape => "Esc",
        other => other.name(),
    });
    text
}

/// The commands of `mode` whose shortcut was pressed this frame and that can run, taking
/// their keys. Shortcuts with more modifiers are tried first, because egui's matching lets
/// Shift and Alt through when a shortcut does not name them (`Tab` would take `Shift+Tab`).
pub fn pressed(
    input: &mut egui::InputState,
    mode: Mode,
    now: &Availability,
    in_text_field: bool,
) -> Vec<Command> {
    let mut bound: Vec<(KeyboardShortcut, Command)> = Command::all()
        .into_iter()
        .filter(|c| c.modes().contains(&mode))
        .filter(|c| !in_text_field || c.works_in_text_fields())
        .filter(|c| c.available(now))
        .flat_map(|c| c.shortcuts().into_iter().map(move |s| (s, c)))
        .collect();
    bound.sort_by_key(|(s, _)| std::cmp::Reverse(modifier_count(s.modifiers)));
    let mut run = Vec::new();
    for (shortcut, command) in bound {
        if input.consume_shortcut(&shortcut) && !run.contains(&command) {
            run.push(command);
        }
    }
    run
}

pub(crate) fn is_arrow(key: Key) -> bool {
    matches!(
        key,
        Key::ArrowLeft | Key::ArrowRight | Key::ArrowUp | Key::ArrowDown
    )
}

fn modifier_count(m: Modifiers) -> usize {
    [m.alt, m.shift, m.command || m.ctrl || m.mac_cmd]
        .into_iter()
        .filter(|b| *b)
        .count()
}

/// The one-line key hint of review mode or of a comparison of `annotators`.
pub fn hint(mode: Mode, annotators: usize) -> String {
    let commands: Vec<Command> = match mode {
        Mode::Review => vec![
            Command::ReviewAccept,
            Command::ReviewReject,
            Command::ReviewUndecide,
            Command::ReviewComment,
            Command::ReviewNext,
            Command::ReviewPrevious,
            Command::ToggleReview,
        ],
        Mode::Compare => {
            let mut c: Vec<Command> = (0..annotators.min(MAX_TAKE as usize) as u8)
                .map(Command::CompareTake)
                .collect();
            c.extend([
                Command::CompareTakeAll,
                Command::CompareDrop,
                Command::CompareNextCase,
                Command::ComparePreviousCase,
            ]);
            c
        }
        Mode::Annotate => vec![Command::ToggleReview, Command::Find],
    };
    let mut parts: Vec<String> = commands
        .into_iter()
        .map(|c| {
            let first = c
                .shortcuts()
                .first()
                .map(format_shortcut)
                .unwrap_or_default();
            let what = match c {
                Command::ToggleReview if mode == Mode::Review => "leave review".to_owned(),
                Command::CompareTakeAll if annotators == 2 => "take both".to_owned(),
                other => {
                    let text = other.text();
                    let mut chars = text.chars();
                    chars
                        .next()
                        .map_or(String::new(), |c| c.to_lowercase().chain(chars).collect())
                }
            };
            format!("{first} {what}")
        })
        .collect();
    if mode == Mode::Review {
        parts.insert(6, "1-9 relabel".to_owned());
    }
    parts.join(" · ")
}

/// Mouse gestures, listed in Help beside the commands.
pub const GESTURES: &[(&str, &str)] = &[
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
    (
        "Alt + click",
        "Link the selected annotation to the clicked one",
    ),
    (
        "Right-click a label",
        "Sticky mode: tag each selection as soon as you release it",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut_in_one_mode() {
        for mode in Mode::ALL {
            let mut seen: Vec<(KeyboardShortcut, Command)> = Vec::new();
            for command in Command::all()
                .into_iter()
                .filter(|c| c.modes().contains(&mode))
            {
                for s in command.shortcuts() {
                    if let Some((_, other)) = seen.iter().find(|(t, _)| *t == s) {
                        panic!(
                            "{} is both {other:?} and {command:?} in {mode:?}",
                            format_shortcut(&s)
                        );
                    }
                    seen.push((s, command));
                }
            }
        }
    }

    #[test]
    fn the_review_and_compare_hints_come_from_the_table() {
        assert_eq!(
            hint(Mode::Review, 0),
            "A accept · R reject · U undecide · C comment · N next · P previous · 1-9 relabel · Ctrl+R leave review"
        );
        assert!(hint(Mode::Compare, 2).starts_with("A take A · B take B · T take both · D drop"));
        assert!(hint(Mode::Compare, 3).contains("C take C"));
    }

    #[test]
    fn only_modified_and_function_keys_work_in_text_fields() {
        assert!(Command::Save.works_in_text_fields());
        assert!(Command::FindNext.works_in_text_fields());
        assert!(!Command::DeleteAnnotation.works_in_text_fields());
        assert!(!Command::CaretWordLeft.works_in_text_fields());
        assert!(!Command::AddArticles.works_in_text_fields());
    }
}
