//! Real files from other tools (`../shared/interop/`) import with exact offsets, and every export
//! round-trips back to the same annotations.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use marginalia::formats::{self, ExportOptions, Format};
use marginalia::model::{Fragment, Project};

fn interop(rel: &str) -> PathBuf {
    Path::new("../shared/interop").join(rel)
}

/// Every annotation's recorded text equals the text at its offsets (Python slicing).
fn assert_offsets_exact(project: &Project) {
    for doc in &project.documents {
        let chars: Vec<char> = doc.text().chars().collect();
        for a in &doc.annotations {
            let pieces: Vec<String> = a
                .fragments
                .iter()
                .map(|f| chars[f.start..f.end].iter().collect())
                .collect();
            assert_eq!(
                pieces.join(" "),
                a.text,
                "document {} annotation {}",
                doc.id,
                a.id
            );
        }
    }
}

/// (document text hash, label, fragments) for every annotation: what a round trip must keep.
fn spans(project: &Project) -> BTreeSet<(String, String, Vec<Fragment>)> {
    project
        .documents
        .iter()
        .flat_map(|d| {
            d.annotations
                .iter()
                .map(move |a| (d.sha256().to_owned(), a.label.clone(), a.fragments.clone()))
        })
        .collect()
}

#[test]
fn brat_tutorial_news_imports_every_line_kind() {
    let dir = interop("brat/nlplab-tutorial-news");
    let (project, report) = formats::brat::import(&[dir.as_path()], "news", "tester").unwrap();
    assert_eq!(project.documents.len(), 4);
    assert_offsets_exact(&project);
    let all: Vec<_> = project
        .documents
        .iter()
        .flat_map(|d| d.annotations.iter())
        .collect();
    // Notes on text-bound annotations become notes; events, normalizations are kept as attributes.
    assert!(all.iter().any(|a| a.note.is_some()));
    assert!(all.iter().any(|a| a.attributes.contains_key("brat_event")));
    assert!(all
        .iter()
        .any(|a| a.attributes.contains_key("brat_normalization")));
    assert!(all
        .iter()
        .any(|a| a.attributes.keys().any(|k| k == "brat_alias")));
    assert!(report.relations >= 4);
    // Whatever could not be held is reported, not dropped silently.
    assert!(report
        .warnings
        .iter()
        .any(|w| w.contains("cannot be represented")));
}

#[test]
fn brat_discontinuous_span_across_a_newline() {
    let dir = interop("brat/dkpro-discontinuous");
    let (project, _) = formats::brat::import(&[dir.as_path()], "d", "tester").unwrap();
    let doc = &project.documents[0];
    let t2 = doc
        .annotations
        .iter()
        .find(|a| a.fragments == vec![Fragment::new(5, 7), Fragment::new(9, 10)])
        .unwrap();
    assert_eq!(t2.text, "is n");
}

#[test]
fn bratiaa_annotators_have_16_and_17_annotations() {
    let (a, _) = formats::brat::import(
        &[interop("iaa/bratiaa-agree-2/ann1").as_path()],
        "a",
        "ann1",
    )
    .unwrap();
    let (b, _) = formats::brat::import(
        &[interop("iaa/bratiaa-agree-2/ann2").as_path()],
        "b",
        "ann2",
    )
    .unwrap();
    assert_eq!(a.annotation_count(), 16);
    assert_eq!(b.annotation_count(), 17);
    assert_offsets_exact(&a);
    assert_offsets_exact(&b);
}

#[test]
fn every_doccano_shape_imports() {
    for (file, docs, anns, rels) in [
        (
            "doccano/doccano-repo/export_sequence_labeling_example.jsonl",
            3,
            4,
            0,
        ),
        (
            "doccano/doccano-repo/api_test_sequence_labeling_overlapping.jsonl",
            1,
            2,
            0,
        ),
        (
            "doccano/doccano-repo/import_relation_extraction_example.jsonl",
            1,
            4,
            3,
        ),
        ("doccano/doccano-transformer-tests/labeling.jsonl", 2, 16, 0),
        ("doccano/flair-jsonl/train.jsonl", 5, 7, 0),
    ] {
        let path = interop(file);
        let (project, report) = formats::doccano::import(&[path.as_path()], "d").unwrap();
        assert_eq!(
            (report.documents, report.annotations, report.relations),
            (docs, anns, rels),
            "{file}"
        );
        assert_offsets_exact(&project);
    }
    // `user` becomes the author.
    let (project, _) = formats::doccano::import(
        &[interop("doccano/doccano-transformer-tests/labeling.jsonl").as_path()],
        "d",
    )
    .unwrap();
    let authors: BTreeSet<&str> = project
        .documents
        .iter()
        .flat_map(|d| d.annotations.iter().map(|a| a.author.as_str()))
        .collect();
    assert!(authors.len() >= 2, "{authors:?}");
}

#[test]
fn malformed_doccano_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    std::fs::write(&path, "{\"text\": \"abc\", \"label\": [[0, 2, \"X\"]]}\n{\"text\": \"abc\", \"label\": [[0, 9, \"X\"]]}\n").unwrap();
    let err = formats::doccano::import(&[path.as_path()], "d")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad.jsonl:2") && err.contains("beyond the end"),
        "{err}"
    );
    std::fs::write(&path, "{\"text\": \"abc\", \"label\": {\"oops\": 1}}\n").unwrap();
    let err = formats::doccano::import(&[path.as_path()], "d")
        .unwrap_err()
        .to_string();
    assert!(err.contains("$.label"), "{err}");
}

fn stress_project() -> Project {
    let text = "\u{feff}Ünïcödé 👩‍👩‍👧 met 中文 and مرحبا,\r\ne\u{301} \"quoted\" 👍🏽 end.\r\n";
    let article = marginalia::import::article_from_bytes(
        text.as_bytes(),
        Path::new("stress.txt"),
        marginalia::import::ArticleFormat::Text,
    )
    .unwrap();
    let mut project = Project::new("stress");
    project.documents.push(article.document);
    let doc_text = project.documents[0].text().to_owned();
    let find = |needle: &str| {
        let b = doc_text.find(needle).unwrap();
        let s = doc_text[..b].chars().count();
        Fragment::new(s, s + needle.chars().count())
    };
    let add = |project: &mut Project, label: &str, frags: Vec<Fragment>| {
        let a = marginalia::edit::new_annotation(project, 0, label, &frags, "tester").unwrap();
        marginalia::edit::Edit::Add {
            document: 0,
            annotation: a,
        }
        .apply(project)
        .unwrap();
    };
    add(&mut project, "entity", vec![find("👩‍👩‍👧")]);
    add(&mut project, "entity", vec![find("中文")]);
    add(&mut project, "quote", vec![find("مرحبا")]);
    add(&mut project, "claim", vec![find("e\u{301}")]);
    add(&mut project, "quote", vec![find("\"quoted\" 👍🏽")]);
    add(&mut project, "claim", vec![find("Ünïcödé 👩‍👩‍👧 met")]);
    project
}

#[test]
fn exports_round_trip_on_the_sample_and_a_unicode_stress_project() {
    let sample =
        marginalia::project_file::load_project(Path::new("projects/acting-on-xis-vision.ron"))
            .unwrap();
    for project in [sample, stress_project()] {
        let dir = tempfile::tempdir().unwrap();
        let want = spans(&project);
        // brat
        let out = dir.path().join("brat");
        let report =
            formats::export(&project, Format::Brat, &out, &ExportOptions::default()).unwrap();
        assert_eq!(report.annotations, project.annotation_count());
        let (back, _) = formats::brat::import(&[out.as_path()], "back", "x").unwrap();
        assert_eq!(spans(&back), want, "brat round trip");
        // doccano, both forms
        for relations in [false, true] {
            let out = dir.path().join(format!("d{relations}.jsonl"));
            formats::export(
                &project,
                Format::Doccano,
                &out,
                &ExportOptions {
                    relations,
                    ..Default::default()
                },
            )
            .unwrap();
            let (back, _) = formats::doccano::import(&[out.as_path()], "back").unwrap();
            assert_eq!(
                spans(&back),
                want,
                "doccano round trip (relations form: {relations})"
            );
        }
    }
}

#[test]
fn exported_offsets_are_python_code_points() {
    let project = stress_project();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.jsonl");
    formats::export(&project, Format::Doccano, &out, &ExportOptions::default()).unwrap();
    let line = std::fs::read_to_string(&out).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.lines().next().unwrap()).unwrap();
    let text: Vec<char> = v["text"].as_str().unwrap().chars().collect();
    let doc = &project.documents[0];
    for span in v["label"].as_array().unwrap() {
        let (s, e) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        let slice: String = text[s..e].iter().collect();
        assert!(doc.annotations.iter().any(|a| a.text == slice), "{slice:?}");
    }
}

#[test]
fn export_filters_by_status_and_label_and_csv_quotes() {
    let mut project = stress_project();
    project.documents[0].annotations[0].review.status = marginalia::model::ReviewStatus::Accepted;
    project.documents[0].annotations[1].note = Some("a \"note\", with comma\nand line".into());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.csv");
    let options = ExportOptions {
        status: Some(marginalia::model::ReviewStatus::Accepted),
        ..Default::default()
    };
    let report = formats::export(&project, Format::Csv, &out, &options).unwrap();
    assert_eq!(report.annotations, 1);
    let out2 = dir.path().join("b.csv");
    let report = formats::export(&project, Format::Csv, &out2, &ExportOptions::default()).unwrap();
    assert_eq!(report.annotations, 6);
    let csv = std::fs::read_to_string(&out2).unwrap();
    assert!(csv.starts_with("document,id,label,start,end,text,note,author,status\r\n"));
    assert!(
        csv.contains("\"a \"\"note\"\", with comma\nand line\""),
        "{csv}"
    );
    let options = ExportOptions {
        label: Some("quote".into()),
        ..Default::default()
    };
    let report = formats::export(&project, Format::Csv, &out2, &options).unwrap();
    assert_eq!(report.annotations, 2);
}

#[test]
fn hostile_document_ids_stay_inside_the_output_folder() {
    let mut project = stress_project();
    let doc = project.documents[0].clone();
    for id in ["../../escape", "/etc/passwd", "C:\\x", "CON", "..", "a/b"] {
        let mut d = doc.clone();
        d.id = id.to_owned();
        project.documents.push(d);
    }
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("inner").join("brat");
    let report = formats::export(&project, Format::Brat, &out, &ExportOptions::default()).unwrap();
    for file in &report.files {
        assert_eq!(file.parent().unwrap(), out, "{file:?} escaped");
    }
    let written: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
    assert_eq!(
        written.len(),
        2 * 7 + 2,
        "every document got its own pair of files"
    );
    assert_eq!(
        std::fs::read_dir(root.path()).unwrap().count(),
        1,
        "nothing written beside the output folder"
    );
}
