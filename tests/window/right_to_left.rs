//! Right-to-left text: every character is mapped to where its glyphs are drawn.

use egui_kittest::Harness;
use marginalia::ui::MarginaliaApp;

use super::common;
use super::harness::*;

use common::MIXED;

/// A window on [`MIXED`] with the given (label, text) annotations and a font with Arabic and
/// Hebrew, every paragraph laid out with it.
fn rtl_harness(spans: &[(&str, &str)]) -> Harness<'static, MarginaliaApp> {
    let mut h = harness_any_script(common::mixed_script_app(spans));
    common::install_test_fonts(&h.ctx);
    h.run();
    // Paragraphs laid out before the font arrived are laid out again with it.
    h.state_mut().view.layout = None;
    h.run();
    h.run();
    let (_, shaped) = h.state().view.drawn_paragraph(0).expect("drawn");
    let glyphs: usize = shaped.galley.rows.iter().map(|r| r.glyphs.len()).sum();
    assert!(
        glyphs > MIXED.lines().next().unwrap().chars().count(),
        "egui shapes the Arabic right to left with the test font (more glyphs than characters)"
    );
    h
}

/// The screen x-extent of the glyphs egui drew between the glyph of the `after`-th occurrence of
/// `open` and the next `close` glyph on paragraph `para` (only glyphs that advance the pen), read
/// straight from the galley: the ground truth the highlights must match.
fn drawn_between(
    h: &Harness<'_, MarginaliaApp>,
    para: usize,
    open: &str,
    close: char,
) -> (f32, f32) {
    drawn_after(h, para, open, 0, close)
}

/// The glyphs egui placed for paragraph `para`, straight from its galley, in galley order:
/// (x, advance, the character recorded, the row's middle y), with the paragraph's screen origin.
fn drawn_glyphs(
    h: &Harness<'_, MarginaliaApp>,
    para: usize,
) -> (egui::Pos2, Vec<(f32, f32, char, f32)>) {
    let (origin, shaped) = h.state().view.drawn_paragraph(para).expect("drawn");
    let glyphs = shaped
        .galley
        .rows
        .iter()
        .flat_map(|r| {
            let y = (r.min_y() + r.max_y()) / 2.0;
            r.row
                .glyphs
                .iter()
                .map(move |g| (r.pos.x + g.pos.x, g.advance_width, g.chr, y))
        })
        .collect();
    (origin, glyphs)
}

/// Like [`drawn_between`], starting after `spaces` more space glyphs past `open`.
fn drawn_after(
    h: &Harness<'_, MarginaliaApp>,
    para: usize,
    open: &str,
    spaces: usize,
    close: char,
) -> (f32, f32) {
    let (origin, glyphs) = drawn_glyphs(h, para);
    let chrs: Vec<char> = glyphs.iter().map(|g| g.2).collect();
    let open: Vec<char> = open.chars().collect();
    let at = chrs
        .windows(open.len())
        .position(|w| w == open.as_slice())
        .expect("the opening glyphs are there")
        + open.len();
    let mut at = at;
    for _ in 0..spaces {
        at += chrs[at..].iter().position(|&c| c == ' ').expect("a space") + 1;
    }
    let end = at
        + chrs[at..]
            .iter()
            .position(|&c| c == close)
            .expect("closing glyph");
    let inside: Vec<&(f32, f32, char, f32)> = glyphs[at..end]
        .iter()
        .filter(|g| g.1 > 0.0 && g.2 != ' ')
        .collect();
    let x0 = inside.iter().map(|g| g.0).fold(f32::INFINITY, f32::min);
    let x1 = inside
        .iter()
        .map(|g| g.0 + g.1)
        .fold(f32::NEG_INFINITY, f32::max);
    (origin.x + x0, origin.x + x1)
}

/// The painted x-extent of the annotation over `text`.
fn painted_extent(h: &Harness<'_, MarginaliaApp>, text: &str) -> (f32, f32, usize) {
    let doc = h.state().session.document().unwrap();
    let id = id_of(doc, |a| a.text == text);
    let rects: Vec<egui::Rect> = h
        .state()
        .view
        .painted
        .iter()
        .filter(|(i, _)| *i == id)
        .map(|(_, r)| *r)
        .collect();
    assert!(!rects.is_empty(), "{text} is painted");
    let x0 = rects.iter().map(|r| r.left()).fold(f32::INFINITY, f32::min);
    let x1 = rects
        .iter()
        .map(|r| r.right())
        .fold(f32::NEG_INFINITY, f32::max);
    (x0, x1, rects.len())
}

fn assert_covers(painted: (f32, f32, usize), drawn: (f32, f32), what: &str) {
    assert!(
        (painted.0 - drawn.0).abs() < 1.0 && (painted.1 - drawn.1).abs() < 1.0,
        "{what}: painted {:.1}..{:.1}, its glyphs are at {:.1}..{:.1}",
        painted.0,
        painted.1,
        drawn.0,
        drawn.1
    );
    assert_eq!(painted.2, 1, "{what}: one box for one word");
}

#[test]
fn highlights_cover_exactly_their_glyphs_around_right_to_left_text() {
    let h = rtl_harness(&[
        ("entity", "Amal Hassan"),
        ("quote", "مرحبا"),
        ("entity", "بالعالم"),
        ("entity", "Li Wei"),
        ("entity", "עולם"),
        ("entity", "Sudan"),
        ("claim", "state"),
        ("claim", "لا"),
        ("claim", "بَ"),
        ("claim", "cafe\u{301}"),
    ]);
    // Latin after an Arabic run, on the same line and on a line after Hebrew.
    assert_covers(
        painted_extent(&h, "Amal Hassan"),
        drawn_between(&h, 0, "Dr. ", ','),
        "Amal Hassan",
    );
    assert_covers(
        painted_extent(&h, "Li Wei"),
        drawn_between(&h, 0, "replied ", '👍'),
        "Li Wei",
    );
    assert_covers(
        painted_extent(&h, "Sudan"),
        drawn_between(&h, 1, "then ", ' '),
        "Sudan",
    );
    assert_covers(
        painted_extent(&h, "state"),
        drawn_between(&h, 1, "the ", ' '),
        "state",
    );
    // Arabic and Hebrew words cover their own glyphs, whole.
    assert_covers(
        painted_extent(&h, "مرحبا"),
        drawn_between(&h, 0, "«", ' '),
        "مرحبا",
    );
    assert_covers(
        painted_extent(&h, "بالعالم"),
        drawn_after(&h, 0, "«", 1, '»'),
        "بالعالم",
    );
    assert_covers(
        painted_extent(&h, "עולם"),
        drawn_after(&h, 1, "Hebrew: ", 1, ' '),
        "עולם",
    );
    // A lam-alef ligature (two letters, one glyph) and a letter with a combining mark.
    assert_covers(
        painted_extent(&h, "لا"),
        drawn_between(&h, 2, "Ligature: ", ' '),
        "lam-alef",
    );
    assert_covers(
        painted_extent(&h, "بَ"),
        drawn_between(&h, 2, "marks: ", ' '),
        "beh with fatha",
    );
    assert_covers(
        painted_extent(&h, "cafe\u{301}"),
        drawn_after(&h, 2, "marks: ", 2, ' '),
        "café with a combining accent",
    );
}

/// Screen points at the middle of the first and the last glyph of `text` (drawn left to right,
/// found by its characters in the galley of paragraph `para`), on the row's middle.
fn glyph_ends(h: &Harness<'_, MarginaliaApp>, para: usize, text: &str) -> (egui::Pos2, egui::Pos2) {
    let (origin, glyphs) = drawn_glyphs(h, para);
    let want: Vec<char> = text.chars().collect();
    let chrs: Vec<char> = glyphs.iter().map(|g| g.2).collect();
    let at = chrs
        .windows(want.len())
        .position(|w| w == want.as_slice())
        .expect("drawn in this order");
    let (a, b) = (glyphs[at], glyphs[at + want.len() - 1]);
    (
        origin + egui::vec2(a.0 + a.1 / 2.0, a.3),
        origin + egui::vec2(b.0 + b.1 / 2.0, b.3),
    )
}

#[test]
fn dragging_over_words_after_and_inside_right_to_left_text_selects_them() {
    let mut h = rtl_harness(&[]);
    // The reported case: "Amal Hassan" after an Arabic quotation on the same line.
    let (from, to) = glyph_ends(&h, 0, "Amal Hassan");
    drag(&mut h, from, to);
    h.key_press(egui::Key::Num1);
    h.run();
    let texts = |h: &Harness<'_, MarginaliaApp>| -> Vec<String> {
        h.state()
            .session
            .document()
            .unwrap()
            .annotations
            .iter()
            .map(|a| a.text.clone())
            .collect()
    };
    assert_eq!(texts(&h), ["Amal Hassan"]);
    // Inside the Arabic: from the word's rightmost glyph (its first letter) to its leftmost.
    let (left, right) = {
        let (origin, shaped) = h.state().view.drawn_paragraph(0).unwrap();
        let rects = shaped.range_rects(14, 21); // بالعالم
        assert_eq!(rects.len(), 1);
        let r = rects[0].translate(origin.to_vec2());
        (
            r.left_center() + egui::vec2(2.0, 0.0),
            r.right_center() - egui::vec2(2.0, 0.0),
        )
    };
    drag(&mut h, right, left);
    h.key_press(egui::Key::Num1);
    h.run();
    assert!(texts(&h).contains(&"بالعالم".to_owned()), "{:?}", texts(&h));
    // A click on the left half of the "r" of "replied" (untagged) puts the caret before it, and
    // on its right half after it.
    let (r_mid, _) = glyph_ends(&h, 0, "replied");
    let before_r = MIXED.split("replied").next().unwrap().chars().count();
    click_at(&mut h, r_mid - egui::vec2(1.5, 0.0));
    assert_eq!(h.state().view.caret, before_r);
    click_at(&mut h, r_mid + egui::vec2(1.5, 0.0));
    assert_eq!(h.state().view.caret, before_r + 1);
    // Find frames the right words too: every match box lies on the glyphs of its text.
    h.state_mut().find.open = true;
    h.state_mut().find.query = "Sudan".into();
    h.run();
    h.run();
    assert_eq!(h.state().view.find_matches.len(), 1);
    let (s0, s1) = glyph_ends(&h, 1, "Sudan");
    let (origin, shaped) = h.state().view.drawn_paragraph(1).unwrap();
    let start = MIXED
        .lines()
        .nth(1)
        .unwrap()
        .split("Sudan")
        .next()
        .unwrap()
        .chars()
        .count();
    let boxes = shaped.range_rects(start, start + 5);
    assert_eq!(boxes.len(), 1);
    let b = boxes[0].translate(origin.to_vec2());
    assert!(
        b.left() < s0.x && s1.x < b.right(),
        "{b:?} frames {s0:?}..{s1:?}"
    );
}
