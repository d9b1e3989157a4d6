//! Articles from PDF, Word and saved web pages in the window: what extraction decided is told,
//! the page of the caret is in the status bar, and File → Keep whole web pages is one tick.

use egui_kittest::kittest::Queryable as _;
use marginalia::ui::actions::*;

use super::common;
use super::harness::*;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name)
}

#[test]
fn a_pdf_added_to_the_project_tells_what_was_joined_and_shows_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(common::app::app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut()
        .push(Action::File(FileAction::AddArticles(vec![
            fixture("reportlab.pdf"),
            fixture("scanned.pdf"),
        ])));
    h.run();
    assert_eq!(h.state().session.project().documents.len(), 2);
    h.get_by_label_contains("2 words hyphenated across a line end joined");
    h.get_by_label_contains("no text layer");
    let doc = h.state().session.document().unwrap();
    assert_eq!(doc.source.format, "pdf");
    let page2 = doc.source.structure.pages[1].at;
    h.state_mut().view.caret = page2 + 3;
    h.run();
    h.get_by_label("p. 2");
    h.state_mut().view.caret = 2;
    h.run();
    h.get_by_label("p. 1");
    assert!(h.query_by_label("p. 2").is_none());
}

#[test]
fn keep_whole_web_pages_is_a_tick_in_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(common::app::app_on_copy_of_sample(&dir));
    h.run();
    h.state_mut()
        .push(Action::File(FileAction::AddArticles(vec![fixture(
            "news-page.html",
        )])));
    h.run();
    let article = h.state().session.document().unwrap().text().to_owned();
    assert!(!article.contains("Accept all cookies"));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Keep whole web pages").click();
    h.run();
    assert!(h.state().prefs.whole_web_pages);
    h.state_mut()
        .push(Action::File(FileAction::AddArticles(vec![fixture(
            "news-page.html",
        )])));
    h.run();
    let whole = h.state().session.document().unwrap();
    assert_eq!(whole.source.format, "html");
    assert!(whole.text().contains("Accept all cookies"));
}
