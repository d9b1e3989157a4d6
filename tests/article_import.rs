//! Article import: encodings, line ends, HTML, and offsets that match Python's `text[start:end]`.

use std::path::Path;

use marginalia::import::{article_from_bytes, import_article, ArticleFormat, ImportError};

fn import(bytes: &[u8], name: &str) -> marginalia::import::ImportedArticle {
    article_from_bytes(
        bytes,
        Path::new(name),
        ArticleFormat::from_path(Path::new(name)),
    )
    .unwrap()
}

/// Python's `text[start:end]` over code points.
fn py_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn crlf_bom_and_emoji_keep_offsets_exact() {
    let raw = "\u{feff}Title line\r\nHello 👩‍👩‍👧 and 中文\r\nمرحبا بالعالم\re\u{301}nd";
    let article = import(raw.as_bytes(), "mixed.txt");
    let doc = &article.document;
    assert_eq!(
        doc.text(),
        "Title line\nHello 👩‍👩‍👧 and 中文\nمرحبا بالعالم\ne\u{301}nd"
    );
    assert_eq!(doc.title, "Title line");
    assert_eq!(doc.source.encoding, "UTF-8");
    let text = doc.text();
    for word in ["👩‍👩‍👧", "中文", "مرحبا", "e\u{301}nd"] {
        let byte = text.find(word).unwrap();
        let start = text[..byte].chars().count();
        let end = start + word.chars().count();
        assert_eq!(
            doc.fragment_text(marginalia::model::Fragment::new(start, end)),
            Some(word)
        );
        assert_eq!(py_slice(text, start, end), word);
    }
}

#[test]
fn utf16_with_bom_is_decoded() {
    let text = "Zitat: „Hallo“ 👍\r\n";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
        be.extend_from_slice(&unit.to_be_bytes());
    }
    assert_eq!(import(&le, "a.txt").document.text(), "Zitat: „Hallo“ 👍\n");
    assert_eq!(import(&le, "a.txt").document.source.encoding, "UTF-16LE");
    assert_eq!(import(&be, "a.txt").document.source.encoding, "UTF-16BE");
}

#[test]
fn legacy_encodings_are_detected_and_named() {
    let cases: [(&str, &'static encoding_rs::Encoding, &str); 3] = [
        (
            "Le café de la gare était fermé, et la société a dû payer les dégâts. Où est la bibliothèque? Très bien, merci — à bientôt.",
            encoding_rs::WINDOWS_1252,
            "windows-1252",
        ),
        (
            "中华人民共和国国务院新闻办公室今天举行新闻发布会，介绍经济运行情况。记者问：今年的增长目标是什么？发言人表示，经济稳中向好。",
            encoding_rs::GB18030,
            "gb18030",
        ),
        (
            "日本語のテキストです。東京は日本の首都であり、多くの人々が住んでいます。今日はとても良い天気ですね。",
            encoding_rs::SHIFT_JIS,
            "Shift_JIS",
        ),
    ];
    for (text, encoding, name) in cases {
        let (bytes, _, had_errors) = encoding.encode(text);
        assert!(!had_errors);
        let article = import(&bytes, "legacy.txt");
        assert_eq!(article.document.source.encoding, name, "for {name}");
        assert_eq!(article.document.text(), text, "for {name}");
        assert!(article.encoding_guessed);
    }
}

#[test]
fn html_gives_visible_text_and_title() {
    let html =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Acting &amp; vision</title>\
        <script>alert('x')</script><style>p { color: red }</style></head><body>\
        <h1>Headline</h1><p>First  paragraph with &ldquo;quote&rdquo;.</p><p>Second<br>line</p>\
        <ul><li>one</li><li>two &#x1F600;</li></ul></body></html>";
    let article = import(html.as_bytes(), "page.html");
    assert_eq!(article.document.title, "Acting & vision");
    assert_eq!(
        article.document.text(),
        "Headline\nFirst paragraph with \u{201c}quote\u{201d}.\nSecond\nline\none\ntwo 😀"
    );
    assert_eq!(article.document.source.format, "html");
}

#[test]
fn html_in_a_declared_legacy_charset() {
    let body =
        "<html><head><meta charset=\"windows-1252\"></head><body><p>Ça coûte 5 €</p></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(body);
    let article = import(&bytes, "old.htm");
    assert_eq!(article.document.text(), "Ça coûte 5 €");
    assert_eq!(article.document.source.encoding, "windows-1252");
}

#[test]
fn markdown_is_kept_raw_with_a_heading_title() {
    let article = import(b"# My *notes*\n\nSome **bold** text.\n", "notes.md");
    assert_eq!(
        article.document.text(),
        "# My *notes*\n\nSome **bold** text.\n"
    );
    assert_eq!(article.document.title, "My *notes*");
    assert_eq!(article.document.source.format, "markdown");
    assert_eq!(article.document.id, "notes");
}

#[test]
fn binary_and_empty_files_are_refused_with_clear_messages() {
    let err = article_from_bytes(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        Path::new("pic.txt"),
        ArticleFormat::Text,
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Binary { .. }));
    assert!(
        err.to_string().contains("pic.txt") && err.to_string().contains("binary"),
        "{err}"
    );
    let err =
        article_from_bytes(b"  \n\n ", Path::new("blank.txt"), ArticleFormat::Text).unwrap_err();
    assert!(matches!(err, ImportError::Empty { .. }));
    let err = import_article(Path::new("/nonexistent/article.txt")).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/article.txt"));
}

#[test]
fn document_ids_are_safe_file_names() {
    assert_eq!(
        marginalia::import::document_id_from_path(Path::new("../x/My Article (v2).txt")),
        "my-article-v2"
    );
    assert_eq!(
        marginalia::import::document_id_from_path(Path::new("..txt")),
        "document"
    );
}

#[test]
fn the_shipped_article_imports_as_the_sample_text() {
    let article = import_article(Path::new("assets/articles/acting-on-xis-vision.txt")).unwrap();
    let sample =
        marginalia::project_file::load_project(Path::new("projects/acting-on-xis-vision.ron"))
            .unwrap();
    assert_eq!(article.document.text(), sample.documents[0].text());
    assert_eq!(article.document.sha256(), sample.documents[0].sha256());
    assert_eq!(article.document.title, "Acting on Xi’s vision");
}
