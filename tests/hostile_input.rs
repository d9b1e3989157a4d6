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
