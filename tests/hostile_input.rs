//! Hostile input: random and mutated project files and interchange files never panic, hang or
//! allocate without bound, and oversized or binary files are refused up front.
//!
//! These property tests are the fuzz targets (cargo-fuzz needs a nightly toolchain this project
//! does not assume). `.ci/run` runs them longer with `PROPTEST_CASES`.

use std::path::Path;

use marginalia::formats;
use marginalia::import::{article_from_bytes, ArticleFormat};
use marginalia::project_file::project_from_ron;
use proptest::prelude::*;

/// Apply byte-level mutations to a valid file: deletions, insertions and duplications.
fn mutate(base: &[u8], ops: &[(usize, usize, u8)]) -> Vec<u8> {
    let mut data = base.to_vec();
    for &(pos, len, op) in ops {
        if data.is_empty() {
            break;
        }
        let at = pos % data.len();
        let end = (at + len % 64).min(data.len());
        match op % 4 {
            0 => {
                data.drain(at..end);
            }
            1 => {
                let chunk = data[at..end].to_vec();
                data.splice(at..at, chunk);
            }
            2 => data.insert(at, op),
            _ => {
                if let Some(b) = data.get_mut(at) {
                    *b ^= op | 1;
                }
            }
        }
    }
    data
}

fn ops() -> impl Strategy<Value = Vec<(usize, usize, u8)>> {
    prop::collection::vec((any::<usize>(), any::<usize>(), any::<u8>()), 1..8)
}

fn with_file<T>(name: &str, bytes: &[u8], f: impl FnOnce(&Path) -> T) -> T {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    f(&path)
}

const SAMPLE: &str = include_str!("../projects/acting-on-xis-vision.ron");
const DOCCANO: &str =
    include_str!("fixtures/doccano/doccano-repo/import_relation_extraction_example.jsonl");
const ANN: &str = include_str!("fixtures/brat/nlplab-tutorial-news/000-introduction.ann");
const TXT: &str = include_str!("fixtures/brat/nlplab-tutorial-news/000-introduction.txt");
const CONLL: &str = include_str!("fixtures/conll/flair-germeval/NER-de-test.tsv");
const LS: &str = include_str!("fixtures/labelstudio/template-relation-extraction.example.json");

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn project_loader_survives_mutations(ops in ops()) {
        let data = mutate(SAMPLE.as_bytes(), &ops);
        let text = String::from_utf8_lossy(&data);
        let _ = project_from_ron(&text, Path::new("fuzz.ron"));
    }

    #[test]
    fn project_loader_survives_random_text(text in ".{0,400}") {
        let _ = project_from_ron(&text, Path::new("fuzz.ron"));
    }

    #[test]
    fn doccano_survives_mutations(ops in ops()) {
        let data = mutate(DOCCANO.as_bytes(), &ops);
        let _ = with_file("f.jsonl", &data, |p| formats::doccano::import(&[p], "f", "imported"));
    }

    #[test]
    fn brat_survives_mutations(ops in ops(), text_ops in ops()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("d.ann"), mutate(ANN.as_bytes(), &ops)).unwrap();
        std::fs::write(dir.path().join("d.txt"), mutate(TXT.as_bytes(), &text_ops)).unwrap();
        let _ = formats::brat::import(&[dir.path()], "f", "x");
    }

    #[test]
    fn conll_survives_mutations(ops in ops()) {
        let data = mutate(CONLL.as_bytes(), &ops);
        let _ = with_file("f.conll", &data, |p| formats::conll::import(&[p], "f", "x"));
    }

    #[test]
    fn label_studio_and_spacy_survive_mutations(ops in ops()) {
        let data = mutate(LS.as_bytes(), &ops);
        let _ = with_file("f.json", &data, |p| formats::labelstudio::import(&[p], "f", "x"));
        let _ = with_file("f.json", &data, |p| formats::spacy::import(&[p], "f", "x"));
    }

    #[test]
    fn article_import_survives_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000), html in any::<bool>()) {
        let format = if html { ArticleFormat::Html } else { ArticleFormat::Text };
        let _ = article_from_bytes(&bytes, Path::new("f"), format);
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep_ron = format!("{}{}", "(".repeat(200_000), ")".repeat(200_000));
    assert!(project_from_ron(&deep_ron, Path::new("deep.ron")).is_err());
    let deep_json = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    assert!(with_file("deep.json", deep_json.as_bytes(), |p| {
        formats::labelstudio::import(&[p], "d", "x")
    })
    .is_err());
    assert!(with_file("deep.json", deep_json.as_bytes(), |p| {
        formats::spacy::import(&[p], "d", "x")
    })
    .is_err());
    let deep_line = format!(
        "{{\"text\": \"a\", \"label\": {}{}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(with_file("deep.jsonl", deep_line.as_bytes(), |p| {
        formats::doccano::import(&[p], "d", "imported")
    })
    .is_err());
    let deep_html = "<div>".repeat(100_000) + "text";
    let out = article_from_bytes(
        deep_html.as_bytes(),
        Path::new("deep.html"),
        ArticleFormat::Html,
    )
    .unwrap();
    assert_eq!(out.document.text(), "text");
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("huge.ron");
    // A sparse file: 300 MB on paper, nothing on disk.
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(300 * 1024 * 1024).unwrap();
    let err = marginalia::project_file::load_project(&big)
        .unwrap_err()
        .to_string();
    assert!(err.contains("256 MB limit"), "{err}");
    let txt = dir.path().join("huge.txt");
    std::fs::rename(&big, &txt).unwrap();
    let err = marginalia::import::import_article(&txt)
        .unwrap_err()
        .to_string();
    assert!(err.contains("256 MB limit"), "{err}");
    let err = formats::doccano::import(&[txt.as_path()], "x", "imported")
        .unwrap_err()
        .to_string();
    assert!(err.contains("256 MB limit"), "{err}");
}

#[test]
fn a_project_cannot_make_an_export_escape_its_folder() {
    let mut project =
        marginalia::project_file::load_project(Path::new("projects/acting-on-xis-vision.ron"))
            .unwrap();
    project.documents[0].id = "../../../../tmp/escaped".into();
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    for format in formats::Format::ALL {
        let target = if format.writes_folder() {
            out.clone()
        } else {
            out.join(format!("x.{}", format.extension()))
        };
        std::fs::create_dir_all(&out).unwrap();
        let report = formats::export(&project, format, &target, &Default::default()).unwrap();
        for file in report.files {
            assert!(file.starts_with(&out), "{format:?} wrote {file:?}");
        }
    }
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
}

// ---- Articles in containers and page descriptions (Word, OpenDocument, EPUB, PDF).

/// A minimal PDF of `objects` (numbered from 1), with object 1 as its catalogue.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(object);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, content: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", content.len()).into_bytes();
    s.extend(content);
    s.extend(b"\nendstream");
    s
}

const HELLO: &[u8] = b"BT /F1 12 Tf 72 700 Td (Hello there) Tj ET";
const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

fn one_page_pdf(catalog: &str, pages: &str, page: &str, contents: Vec<u8>) -> Vec<u8> {
    pdf_of(&[
        catalog.as_bytes().to_vec(),
        pages.as_bytes().to_vec(),
        page.as_bytes().to_vec(),
        contents,
        FONT.as_bytes().to_vec(),
    ])
}

const PAGE: &str = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>";

fn import_pdf(bytes: &[u8]) -> Result<String, String> {
    article_from_bytes(bytes, Path::new("hostile.pdf"), ArticleFormat::Pdf)
        .map(|a| a.document.text().to_owned())
        .map_err(|e| e.to_string())
}

#[test]
fn a_well_formed_minimal_pdf_is_read() {
    let pdf = one_page_pdf(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        stream("", HELLO),
    );
    assert_eq!(import_pdf(&pdf).unwrap(), "Hello there");
}

#[test]
fn looping_and_deep_pdf_object_graphs_are_refused_not_a_crash() {
    let cases = [
        (
            "a page tree that lists itself",
            one_page_pdf(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                PAGE,
                stream("", HELLO),
            ),
        ),
        (
            "parents in a loop",
            one_page_pdf(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                stream("", HELLO),
            ),
        ),
        (
            "nesting 100,000 deep",
            one_page_pdf(
                &format!(
                    "<< /Type /Catalog /Pages 2 0 R /Deep {}{} >>",
                    "[".repeat(100_000),
                    "]".repeat(100_000)
                ),
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                PAGE,
                stream("", HELLO),
            ),
        ),
    ];
    for (what, pdf) in cases {
        let refused = import_pdf(&pdf).unwrap_err();
        assert!(
            refused.contains("cannot read this PDF file"),
            "{what}: {refused}"
        );
    }
    // A drawing that draws itself, through the resources it shares with its page.
    let selfdrawing = pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources 6 0 R >>"
            .to_vec(),
        stream("", b"/X1 Do"),
        FONT.as_bytes().to_vec(),
        b"<< /Font << /F1 5 0 R >> /XObject << /X1 7 0 R >> >>".to_vec(),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources 6 0 R",
            b"/X1 Do",
        ),
    ]);
    let refused = import_pdf(&selfdrawing).unwrap_err();
    assert!(refused.contains("draw themselves in a loop"), "{refused}");
}

fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(data).unwrap();
    z.finish().unwrap()
}

#[test]
fn a_pdf_compression_bomb_is_refused() {
    let mut content = HELLO.to_vec();
    content.resize(40 * 1024 * 1024, b' ');
    let packed = deflate(&content);
    let pdf = one_page_pdf(
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        stream("/Filter /FlateDecode", &packed),
    );
    let refused = import_pdf(&pdf).unwrap_err();
    assert!(refused.contains("compression bomb"), "{refused}");
}

/// A zip of `(name, content)` parts, deflated.
fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(content).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const DOCX_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>"#;

#[test]
fn a_zip_bomb_in_a_word_file_is_refused() {
    let mut body = DOCX_BODY.as_bytes().to_vec();
    body.extend(std::iter::repeat_n(b' ', 8 * 1024 * 1024));
    let docx = zip_of(&[("word/document.xml", body)]);
    let refused = article_from_bytes(&docx, Path::new("bomb.docx"), ArticleFormat::Docx)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("zip bomb"), "{refused}");
    let fine = zip_of(&[("word/document.xml", DOCX_BODY.as_bytes().to_vec())]);
    let doc = article_from_bytes(&fine, Path::new("fine.docx"), ArticleFormat::Docx).unwrap();
    assert_eq!(doc.document.text(), "Hello");
}

#[test]
fn containers_without_their_parts_say_what_is_missing() {
    let empty = zip_of(&[("other.txt", b"x".to_vec())]);
    for (format, expected) in [
        (ArticleFormat::Docx, "word/document.xml"),
        (ArticleFormat::Odt, "content.xml"),
        (ArticleFormat::Epub, "container.xml"),
    ] {
        let refused = article_from_bytes(&empty, Path::new("x"), format)
            .unwrap_err()
            .to_string();
        assert!(refused.contains(expected), "{refused}");
    }
    let not_zip = article_from_bytes(b"plain text", Path::new("x.docx"), ArticleFormat::Docx)
        .unwrap_err()
        .to_string();
    assert!(
        not_zip.contains("not a readable zip container"),
        "{not_zip}"
    );
}

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(Path::new("tests/fixtures/documents").join(name)).unwrap()
}

/// The XML parts of a fixture container, to mutate and pack again.
fn parts_of(name: &str) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let bytes = fixture_bytes(name);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (
                file.name().map(|n| n.into_owned()).unwrap_or_default(),
                data,
            )
        })
        .collect()
}

proptest! {
    // Each case reads several files; a tenth of the CI's long run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse::<u32>().ok()).map_or(48, |n| (n / 10).max(48)),
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_pdfs_never_panic_or_hang(ops in ops()) {
        for name in ["reportlab.pdf", "minutes.pdf"] {
            let data = mutate(&fixture_bytes(name), &ops);
            let _ = article_from_bytes(&data, Path::new(name), ArticleFormat::Pdf);
        }
    }

    #[test]
    fn mutated_containers_never_panic(ops in ops(), part in 0usize..64) {
        for (name, format) in [
            ("pandoc.docx", ArticleFormat::Docx),
            ("pandoc.odt", ArticleFormat::Odt),
            ("pandoc.epub", ArticleFormat::Epub),
        ] {
            // The container itself mutated, and one XML part mutated inside a sound container.
            let _ = article_from_bytes(&mutate(&fixture_bytes(name), &ops), Path::new(name), format);
            let mut parts = parts_of(name);
            let at = part % parts.len();
            parts[at].1 = mutate(&parts[at].1, &ops);
            let parts: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
            let _ = article_from_bytes(&zip_of(&parts), Path::new(name), format);
        }
    }

    #[test]
    fn random_bytes_as_any_article_format_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000), which in 0usize..5) {
        let format = [ArticleFormat::Pdf, ArticleFormat::Docx, ArticleFormat::Odt, ArticleFormat::Epub, ArticleFormat::Mhtml][which];
        let _ = article_from_bytes(&bytes, Path::new("f"), format);
    }
}

#[test]
fn a_field_with_a_huge_list_of_values_is_checked_in_linear_time() {
    // 100,000 allowed values and a document answering all of them: checked with sets, this loads
    // at once; compared list against list it would take 10^10 string comparisons and hang.
    let mut p = marginalia::model::Project::new("wide");
    let values: Vec<String> = (0..100_000).map(|i| format!("v{i}")).collect();
    p.schema.fields.push(marginalia::model::FieldDef {
        name: "tags".into(),
        description: String::new(),
        values: values.clone(),
        multiple: true,
    });
    let mut doc = marginalia::model::Document::new(
        "d",
        "d",
        marginalia::model::Source::default(),
        "text".into(),
    );
    doc.set_field("tags", values.iter().rev().cloned().collect());
    p.documents.push(doc);
    let text = marginalia::project_file::project_to_ron(&p);
    let err = project_from_ron(&text, Path::new("wide.ron")).unwrap_err();
    assert!(
        err.to_string().contains("out of the schema's order"),
        "{err}"
    );
    let def = p.schema.fields[0].clone();
    assert_eq!(def.normalize(p.documents[0].field_values("tags")), values);
}

#[test]
fn an_import_with_a_long_list_of_categories_is_read_in_linear_time() {
    // 100,000 categories on one doccano line: each added once through a set; compared list
    // against list, the import would take 10^10 string comparisons.
    let cats: Vec<String> = (0..100_000).map(|i| format!("\"topic:t{i}\"")).collect();
    let line = format!("{{\"text\": \"a text\", \"cats\": [{}]}}\n", cats.join(","));
    with_file("many.jsonl", line.as_bytes(), |path| {
        let (p, _) = formats::import(formats::Format::Doccano, &[path], "m", "me").unwrap();
        assert_eq!(p.documents[0].field_values("topic").len(), 100_000);
        let topic = p.schema.field("topic").unwrap();
        assert!(topic.multiple);
        assert_eq!(topic.values[99_999], "t99999");
    });
}
