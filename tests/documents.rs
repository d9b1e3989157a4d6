//! Articles as researchers have them: saved web pages, PDF, Word, OpenDocument and EPUB, read
//! from files other writers made (`tests/fixtures/documents/`, made by `make.py` there), with
//! the source's pages, chapters and headings kept as offsets.

use std::path::{Path, PathBuf};

use marginalia::import::{import_article, import_article_with, ImportError, ImportOptions};
use marginalia::model::{Document, Fragment};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/documents")
        .join(name)
}

fn open(name: &str) -> (Document, Vec<String>) {
    let imported = import_article(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    (imported.document, imported.notes)
}

fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.text().split('\n').collect()
}

/// The text at a range of code points, as Python's `text[start:end]`.
fn at(doc: &Document, start: usize, end: usize) -> &str {
    doc.fragment_text(Fragment::new(start, end)).unwrap()
}

fn headings(doc: &Document) -> Vec<(u8, &str)> {
    doc.source
        .structure
        .headings
        .iter()
        .map(|h| (h.level, at(doc, h.start, h.end)))
        .collect()
}

fn page_of<'d>(doc: &'d Document, needle: &str) -> &'d str {
    let byte = doc
        .text()
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let offset = doc.text()[..byte].chars().count();
    doc.source.structure.page_at(offset).unwrap()
}

#[test]
fn a_saved_news_page_gives_its_article_and_nothing_else() {
    let (doc, notes) = open("news-page.html");
    let p = paragraphs(&doc);
    assert_eq!(p[0], "Harbour town votes to keep its ferry");
    assert_eq!(p[1], "Maria Okafor");
    assert_eq!(p[2], "2024-03-05T09:30:00+00:00");
    assert!(p[3].starts_with("Residents of Port Allen voted"));
    assert!(p[4].starts_with("Turnout in the local referendum"));
    assert_eq!(
        p[5],
        "The ferry leaving Port Allen at dawn. Photograph: Sam Reid"
    );
    assert_eq!(p[7], "What happens next");
    assert_eq!(
        p[9],
        "Repairs to both landing stages are estimated at £2.3m."
    );
    assert!(p[11].starts_with("We asked the town"));
    assert!(p.last().unwrap().starts_with("Campaigners said"));
    for boilerplate in [
        "cookies",
        "Subscribe",
        "Share on",
        "Related stories",
        "Most read",
        "Comments",
        "harbourwatcher",
        "All rights reserved",
        "Sign up",
        "gtag",
        "Breadcrumb",
        "Home",
    ] {
        assert!(!doc.text().contains(boilerplate), "{boilerplate:?} kept");
    }
    assert_eq!(doc.title, "Harbour town votes to keep its ferry");
    assert_eq!(doc.source.format, "web-article");
    assert_eq!(
        doc.source.url.as_deref(),
        Some("https://www.coastal-courier.example/news/2024/03/05/harbour-town-ferry-vote")
    );
    assert_eq!(doc.source.byline.as_deref(), Some("Maria Okafor"));
    assert_eq!(
        doc.source.published.as_deref(),
        Some("2024-03-05T09:30:00+00:00")
    );
    assert_eq!(
        headings(&doc),
        vec![
            (1, "Harbour town votes to keep its ferry"),
            (2, "What happens next")
        ]
    );
    assert!(notes[0].contains("kept the article"), "{notes:?}");
}

#[test]
fn the_whole_page_is_one_option_away() {
    let options = ImportOptions { whole_page: true };
    let doc = import_article_with(&fixture("news-page.html"), options)
        .unwrap()
        .document;
    assert_eq!(doc.source.format, "html");
    for kept in [
        "Accept all cookies",
        "Related stories",
        "All rights reserved",
        "Residents of",
    ] {
        assert!(doc.text().contains(kept), "{kept:?} missing");
    }
    assert_eq!(doc.source.byline.as_deref(), Some("Maria Okafor"));
}

#[test]
fn a_page_without_an_article_falls_back_to_its_visible_text_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("menu.html");
    std::fs::write(
        &path,
        "<nav><a href=/>Home</a> <a href=/x>News</a></nav><p>Short.</p>",
    )
    .unwrap();
    let imported = import_article(&path).unwrap();
    assert_eq!(imported.document.text(), "Home News\nShort.");
    assert_eq!(imported.document.source.format, "html");
    assert!(imported
        .notes
        .iter()
        .any(|n| n.contains("found no article")));
}

#[test]
fn a_saved_mhtml_page_is_read_like_html() {
    let html = std::fs::read_to_string(fixture("news-page.html")).unwrap();
    let mut qp = String::new();
    for line in html.lines() {
        // Quoted-printable as browsers write it: `=` escaped, long lines folded with a soft break.
        let escaped = line.replace('=', "=3D");
        for chunk in escaped.as_bytes().chunks(70) {
            qp.push_str(&String::from_utf8_lossy(chunk));
            qp.push_str("=\r\n");
        }
        qp.push_str("\r\n");
    }
    let mhtml = format!(
        "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc\"\r\n\r\n------MultipartBoundary--abc\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: https://www.coastal-courier.example/news\r\n\r\n{qp}\r\n------MultipartBoundary--abc--\r\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ferry.mhtml");
    std::fs::write(&path, mhtml).unwrap();
    let doc = import_article(&path).unwrap().document;
    let (page, _) = open("news-page.html");
    assert_eq!(doc.text(), page.text());
    assert_eq!(doc.source.format, "web-article");
}

#[test]
fn a_reportlab_pdf_joins_lines_and_hyphens_and_drops_running_lines() {
    let (doc, notes) = open("reportlab.pdf");
    assert_eq!(
        paragraphs(&doc),
        vec![
            "1. Port traffic in 2024",
            "Container volumes at the three largest ports rose by nine per cent, the strongest year since the pandemic. Analysts and economists expect the growth to slow.",
            "Shipping lines added capacity on the Asia to Europe routes while freight rates fell for the second year. The largest carriers kept their schedules despite congestion in the northern ports and the rerouting of vessels around the Cape.",
            "2. Outlook",
            "The port authority forecasts steady volumes and plans a new terminal for the autumn.",
            "Appendix tables follow in the full report.",
        ]
    );
    assert!(!doc.text().contains("Harbour Statistics Office"));
    assert!(!doc.text().contains("Page "));
    assert_eq!(page_of(&doc, "Container volumes"), "1");
    // The paragraph crossing the page break: page 2 starts inside it, at "their schedules".
    assert_eq!(page_of(&doc, "Shipping lines"), "1");
    assert_eq!(page_of(&doc, "their schedules"), "2");
    let page2 = doc.source.structure.pages[1].at;
    assert_eq!(at(&doc, page2, page2 + 15), "their schedules");
    assert_eq!(page_of(&doc, "Appendix"), "3");
    assert_eq!(
        headings(&doc),
        vec![(1, "1. Port traffic in 2024"), (1, "2. Outlook")]
    );
    assert_eq!(
        notes,
        vec![
            "2 words hyphenated across a line end joined",
            "3 running headers and footers dropped",
            "3 page numbers dropped",
        ]
    );
    assert_eq!(doc.source.format, "pdf");
}

#[test]
fn a_libreoffice_pdf_keeps_every_paragraph_in_order_with_its_page() {
    let (doc, _) = open("minutes.pdf");
    let p = paragraphs(&doc);
    assert_eq!(p.len(), 41, "{p:#?}");
    assert_eq!(p[0], "Minutes of the harbour board");
    for (i, para) in p[1..].iter().enumerate() {
        let n = i + 1;
        assert_eq!(
            *para,
            format!("Item {n}. The board discussed berth {n} at length and agreed to review the fees charged for mooring, pilotage and waste collection before the next meeting of the committee.")
        );
    }
    let pages = &doc.source.structure.pages;
    assert!(pages.len() >= 2, "{pages:?}");
    let names: Vec<String> = (1..=pages.len()).map(|n| n.to_string()).collect();
    assert_eq!(
        pages.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
        names
    );
    assert!(pages.windows(2).all(|w| w[0].at < w[1].at));
    assert_eq!(page_of(&doc, "Item 1."), "1");
    assert_eq!(page_of(&doc, "Item 40."), pages.len().to_string());
}

#[test]
fn a_scanned_pdf_and_an_encrypted_pdf_are_refused_with_a_reason() {
    let scanned = import_article(&fixture("scanned.pdf")).unwrap_err();
    assert!(
        matches!(scanned, ImportError::NoTextLayer { pages: 1, .. }),
        "{scanned}"
    );
    assert!(scanned.to_string().contains("OCR"));
    let locked = import_article(&fixture("encrypted.pdf")).unwrap_err();
    assert!(matches!(locked, ImportError::Encrypted { .. }), "{locked}");
    assert!(locked.to_string().contains("password"));
}

#[test]
fn python_docx_headings_lists_tables_and_line_breaks() {
    let (doc, _) = open("python-docx.docx");
    assert_eq!(
        paragraphs(&doc),
        vec![
            "Interview with a harbour pilot",
            "Recorded on the quay at dawn.",
            "Early years",
            "I started on the tugs.",
            "Then came the big ships.",
            "Radar",
            "Tide tables",
            "Year\tShips\tPilots",
            "2023\t4,100\t38",
            "The end of the interview.",
        ]
    );
    assert_eq!(
        headings(&doc),
        vec![(1, "Interview with a harbour pilot"), (2, "Early years")]
    );
    assert_eq!(doc.source.format, "docx");
}

const BOOK: [&str; 12] = [
    "The lighthouse keepers",
    "A. Writer",
    "2024-05-01",
    "The first night",
    "The keeper climbed the stairs at dusk.[1] The lamp was lit by hand.",
    "oil",
    "wick",
    "Hour\tTask",
    "18:00\tlight",
    "The storm",
    "Waves broke over the gallery. Nobody slept.",
    "[1] There were 114 steps.",
];

#[test]
fn pandoc_word_and_opendocument_put_footnotes_at_the_end() {
    for name in ["pandoc.docx", "pandoc.odt"] {
        let (doc, notes) = open(name);
        assert_eq!(paragraphs(&doc), BOOK, "{name}");
        assert_eq!(notes, vec!["1 footnotes moved to the end"], "{name}");
        let levels: Vec<_> = headings(&doc)
            .into_iter()
            .filter(|(_, t)| t.starts_with("The "))
            .collect();
        assert!(
            levels.contains(&(1, "The first night")),
            "{name}: {levels:?}"
        );
        assert!(levels.contains(&(1, "The storm")), "{name}: {levels:?}");
    }
}

#[test]
fn libreoffice_word_and_opendocument_keep_every_paragraph() {
    for name in ["minutes.docx", "minutes.odt"] {
        let (doc, _) = open(name);
        let p = paragraphs(&doc);
        assert_eq!(p.len(), 41, "{name}");
        assert_eq!(p[0], "Minutes of the harbour board");
        assert!(p[40].starts_with("Item 40. The board discussed berth 40"));
        assert_eq!(headings(&doc), vec![(1, "Minutes of the harbour board")]);
    }
}

#[test]
fn an_epub_gives_its_chapters_in_spine_order() {
    let (doc, _) = open("pandoc.epub");
    let chapters: Vec<(&str, &str)> = doc
        .source
        .structure
        .chapters
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                at(&doc, c.at, c.at + c.name.chars().count()),
            )
        })
        .collect();
    assert_eq!(
        chapters,
        vec![
            ("The lighthouse keepers", "The lighthouse keepers"),
            ("The first night", "The first night"),
            ("The storm", "The storm"),
        ]
    );
    let p = paragraphs(&doc);
    assert!(p.contains(&"The keeper climbed the stairs at dusk.1 The lamp was lit by hand."));
    assert!(p.contains(&"Hour\tTask"));
    assert!(
        p.contains(&"There were 114 steps."),
        "the footnote without its back link: {p:?}"
    );
    assert!(
        p.iter().position(|l| *l == "The storm")
            > p.iter().position(|l| l.starts_with("The keeper"))
    );
    assert_eq!(doc.source.byline.as_deref(), Some("A. Writer"));
    assert_eq!(doc.title, "The lighthouse keepers");
    let offset = doc.text().find("Waves broke").unwrap();
    let offset = doc.text()[..offset].chars().count();
    assert_eq!(doc.source.structure.chapter_at(offset), Some("The storm"));
}

#[test]
fn imported_structure_survives_saving_and_validates() {
    let (doc, _) = open("reportlab.pdf");
    let mut project = marginalia::model::Project::new("p");
    project.documents.push(doc);
    let ron = marginalia::project_file::project_to_ron(&project);
    let back = marginalia::project_file::project_from_ron(&ron, Path::new("p.ron")).unwrap();
    assert_eq!(back, project);
    assert!(marginalia::validate::validate_project(&back).is_empty());
    let broken = ron.replacen("(at: 0, name: \"1\")", "(at: 99999, name: \"1\")", 1);
    let refused = marginalia::project_file::project_from_ron(&broken, Path::new("p.ron"))
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("document \"reportlab\": source structure: page \"1\" starts at 99999"),
        "{refused}"
    );
}

/// The reportlab PDF in a project with a claim on page 1 and a quote starting on page 2.
fn pdf_project() -> marginalia::model::Project {
    let (doc, _) = open("reportlab.pdf");
    let find = |needle: &str| {
        let byte = doc.text().find(needle).unwrap();
        let start = doc.text()[..byte].chars().count();
        Fragment::new(start, start + needle.chars().count())
    };
    let on_page_1 = find("Container volumes");
    let on_page_2 = find("their schedules");
    let mut project = marginalia::model::Project::new("pdf");
    project.documents.push(doc);
    for (label, fragment) in [("claim", on_page_1), ("quote", on_page_2)] {
        let annotation =
            marginalia::edit::new_annotation(&mut project, 0, label, &[fragment], "ana").unwrap();
        project.documents[0].insert_sorted(annotation);
    }
    project
}

fn export(
    project: &marginalia::model::Project,
    format: marginalia::formats::Format,
    options: &marginalia::formats::ExportOptions,
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    marginalia::formats::export(project, format, &out, options).unwrap();
    (dir, out)
}

#[test]
fn exports_carry_the_page_where_the_format_has_room() {
    use marginalia::formats::{ExportOptions, Format};
    let project = pdf_project();
    let (_dir, csv) = export(&project, Format::Csv, &ExportOptions::default());
    let csv = std::fs::read_to_string(csv).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].ends_with(",status,page"));
    assert!(
        rows[1].contains(",claim,") && rows[1].ends_with(",pending,1"),
        "{csv}"
    );
    assert!(
        rows[2].contains(",quote,") && rows[2].ends_with(",pending,2"),
        "{csv}"
    );

    let (_dir, w3c) = export(&project, Format::W3c, &ExportOptions::default());
    let w3c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w3c).unwrap()).unwrap();
    let pages: Vec<String> = w3c["first"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let selectors = item["target"]["selector"].as_array().unwrap();
            assert_eq!(selectors[0]["type"], "TextPositionSelector");
            let fragment = selectors
                .iter()
                .find(|s| s["type"] == "FragmentSelector")
                .unwrap();
            assert_eq!(fragment["conformsTo"], "http://tools.ietf.org/rfc/rfc3778");
            fragment["value"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(pages, vec!["page=1", "page=2"]);

    let (_dir, brat) = export(&project, Format::Brat, &ExportOptions::default());
    let ann = std::fs::read_to_string(brat.join("reportlab.ann")).unwrap();
    assert!(
        !ann.contains("AnnotatorNotes"),
        "no page notes unless asked: {ann}"
    );
    let asked = ExportOptions {
        page_notes: true,
        ..ExportOptions::default()
    };
    let (_dir, brat) = export(&project, Format::Brat, &asked);
    let ann = std::fs::read_to_string(brat.join("reportlab.ann")).unwrap();
    assert!(ann.contains("AnnotatorNotes T1\tp. 1\n"), "{ann}");
    assert!(ann.contains("AnnotatorNotes T2\tp. 2\n"), "{ann}");
}

#[test]
fn the_cli_imports_every_format_and_reports_what_extraction_decided() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.ron");
    let names = [
        "news-page.html",
        "reportlab.pdf",
        "python-docx.docx",
        "pandoc.odt",
        "pandoc.epub",
    ];
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .arg("import")
        .args(names.iter().map(|n| fixture(n)))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("reportlab: 2 words hyphenated across a line end joined"),
        "{stderr}"
    );
    assert!(stderr.contains("news-page: kept the article"), "{stderr}");
    let project = marginalia::project_file::load_project(&out).unwrap();
    let formats: Vec<&str> = project
        .documents
        .iter()
        .map(|d| d.source.format.as_str())
        .collect();
    assert_eq!(formats, vec!["web-article", "pdf", "docx", "odt", "epub"]);

    let whole = dir.path().join("whole.ron");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["import", "--whole-page"])
        .arg(fixture("news-page.html"))
        .arg("-o")
        .arg(&whole)
        .output()
        .unwrap();
    assert!(run.status.success());
    let project = marginalia::project_file::load_project(&whole).unwrap();
    assert!(project.documents[0].text().contains("Accept all cookies"));

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .arg("import")
        .arg(fixture("scanned.pdf"))
        .arg("-o")
        .arg(dir.path().join("scan.ron"))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("no text layer"), "{stderr}");
}

const COUNCIL_ITEM: &str = "The council heard a report on the ferry landing stages and resolved to seek a grant from the regional transport fund to cover half of the repair costs, estimated by the engineers at two million pounds.";

#[test]
fn a_libreoffice_pdf_with_header_footer_and_footnote() {
    let (doc, notes) = open("council.pdf");
    let p = paragraphs(&doc);
    assert_eq!(p.len(), 32, "{p:#?}");
    assert_eq!(p[0], "Minutes of the council");
    let items: Vec<&str> = p
        .iter()
        .copied()
        .filter(|l| l.starts_with("Item "))
        .collect();
    assert_eq!(items.len(), 30);
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        // The footnote mark stays where it was set, after the full stop.
        let mark = if n == 3 { "1" } else { "" };
        assert_eq!(*item, format!("Item {n}. {COUNCIL_ITEM}{mark}"));
    }
    // The footnote comes after the paragraph page 1 ends with, which goes on over the page break.
    let note = p
        .iter()
        .position(|l| *l == "1 The estimate dates from January.")
        .unwrap();
    let before = p[note - 1];
    assert!(before.starts_with("Item "), "{before}");
    let start = doc.text()[..doc.text().find(before).unwrap()]
        .chars()
        .count();
    let page2 = doc.source.structure.pages[1].at;
    assert!(
        start < page2 && page2 < start + before.chars().count(),
        "the paragraph before the footnote crosses into page 2"
    );
    assert!(
        !doc.text().contains("Port Allen Council"),
        "running header kept"
    );
    assert!(!doc.text().contains("Page "), "page numbers kept");
    assert!(
        notes.iter().any(|n| n.contains("running headers")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("footnotes placed")),
        "{notes:?}"
    );
}

#[test]
fn a_reportlab_platypus_pdf_of_justified_paragraphs() {
    let (doc, _) = open("platypus.pdf");
    let p = paragraphs(&doc);
    assert_eq!(p.len(), 28, "{p:#?}");
    assert_eq!(p[0], "Harbour finance in review");
    let expected = "The harbour authority reported that revenue from berth fees, pilotage and cargo handling rose steadily through the quarter, while maintenance costs for the breakwater and the dredging of the main channel were contained within the budget approved by the board in the spring. Internationalisation of the customer base continued.";
    let mut seen = 0;
    for s in 1..=3 {
        for k in 0..6 {
            let para = format!("Paragraph {s}.{k}. {expected}");
            assert!(p.contains(&para.as_str()), "missing {para}");
            seen += 1;
        }
    }
    assert_eq!(seen, 18);
    assert!(p.contains(&"• Dredging on schedule."));
    assert!(
        !doc.text().contains("Quarterly Review"),
        "running header kept"
    );
    let headings = headings(&doc);
    assert!(
        headings.contains(&(1, "Section 2: revenue and costs")),
        "{headings:?}"
    );
}

#[test]
fn an_odfpy_file_leaves_out_header_and_footer_and_moves_its_footnote() {
    let (doc, _) = open("council.odt");
    let p = paragraphs(&doc);
    assert_eq!(p.len(), 32);
    assert_eq!(p[3], format!("Item 3. {COUNCIL_ITEM}[1]"));
    assert_eq!(p[31], "[1] The estimate dates from January.");
    assert!(!doc.text().contains("Port Allen Council"));
}

#[test]
fn an_ebooklib_epub_leaves_out_its_table_of_contents() {
    let (doc, _) = open("ebooklib.epub");
    assert_eq!(
        paragraphs(&doc),
        vec![
            "The Estuary",
            "The river meets the sea here.",
            "Boats wait for the tide.",
            "The Ferry",
            "Crossing",
            "The ferry crosses twice an hour.",
            "Morning",
            "Evening",
        ]
    );
    let chapters: Vec<(usize, &str)> = doc
        .source
        .structure
        .chapters
        .iter()
        .map(|c| (c.at, c.name.as_str()))
        .collect();
    assert_eq!(chapters, vec![(0, "The Estuary"), (67, "The Ferry")]);
    assert_eq!(
        headings(&doc),
        vec![(1, "The Estuary"), (1, "The Ferry"), (2, "Crossing")]
    );
    assert_eq!(doc.title, "Tides and Harbours");
    assert_eq!(doc.source.byline.as_deref(), Some("Ina Marlow"));
}
