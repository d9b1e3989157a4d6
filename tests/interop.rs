//! Real files from other tools (`tests/fixtures/`) import with exact offsets, and every export
//! round-trips back to the same annotations.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use marginalia::formats::{self, ExportOptions, Format};
use marginalia::model::{Fragment, Project};

/// The bundled sample project.
fn sample() -> Project {
    marginalia::project_file::load_project(Path::new("projects/acting-on-xis-vision.ron")).unwrap()
}

/// Import one file or folder of `tests/fixtures/` in `format`, with `author` for formats
/// that do not name one.
fn import_interop(format: Format, rel: &str, author: &str) -> Project {
    formats::import(format, &[interop(rel).as_path()], "interop", author)
        .unwrap()
        .0
}

fn interop(rel: &str) -> PathBuf {
    Path::new("tests/fixtures").join(rel)
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
    let a = import_interop(Format::Brat, "iaa/bratiaa-agree-2/ann1", "ann1");
    let b = import_interop(Format::Brat, "iaa/bratiaa-agree-2/ann2", "ann2");
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
        let (project, report) =
            formats::doccano::import(&[path.as_path()], "d", "imported").unwrap();
        assert_eq!(
            (report.documents, report.annotations, report.relations),
            (docs, anns, rels),
            "{file}"
        );
        assert_offsets_exact(&project);
    }
    // `user` becomes the author.
    let project = import_interop(
        Format::Doccano,
        "doccano/doccano-transformer-tests/labeling.jsonl",
        "x",
    );
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
    let err = formats::doccano::import(&[path.as_path()], "d", "imported")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("bad.jsonl:2") && err.contains("beyond the end"),
        "{err}"
    );
    std::fs::write(&path, "{\"text\": \"abc\", \"label\": {\"oops\": 1}}\n").unwrap();
    let err = formats::doccano::import(&[path.as_path()], "d", "imported")
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
    let sample = sample();
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
            let (back, _) = formats::doccano::import(&[out.as_path()], "back", "imported").unwrap();
            assert_eq!(
                spans(&back),
                want,
                "doccano round trip (relations form: {relations})"
            );
        }
    }
}

/// (label, covered text) pairs: what survives formats that rebuild the text (CoNLL).
fn labelled_texts(project: &Project) -> BTreeSet<(String, String)> {
    project
        .documents
        .iter()
        .flat_map(|d| {
            d.annotations
                .iter()
                .map(|a| (a.label.clone(), a.text.clone()))
        })
        .collect()
}

#[test]
fn spacy_and_label_studio_round_trip_in_both_offset_units() {
    let sample = sample();
    for project in [sample, stress_project()] {
        let dir = tempfile::tempdir().unwrap();
        let want = spans(&project);
        let out = dir.path().join("spacy.json");
        formats::export(&project, Format::Spacy, &out, &ExportOptions::default()).unwrap();
        let (back, _) = formats::spacy::import(&[out.as_path()], "back", "x").unwrap();
        assert_eq!(spans(&back), want, "spaCy round trip");
        for unit in [
            formats::labelstudio::OffsetUnit::Codepoint,
            formats::labelstudio::OffsetUnit::Utf16,
        ] {
            let out = dir.path().join("ls.json");
            formats::export(
                &project,
                Format::LabelStudio,
                &out,
                &ExportOptions {
                    offsets: unit,
                    ..Default::default()
                },
            )
            .unwrap();
            let (back, report) =
                formats::labelstudio::import(&[out.as_path()], "back", "x").unwrap();
            assert_eq!(spans(&back), want, "Label Studio round trip ({unit:?})");
            assert!(report.warnings.is_empty(), "{:?}", report.warnings);
            let authors: BTreeSet<&str> = back
                .documents
                .iter()
                .flat_map(|d| d.annotations.iter().map(|a| a.author.as_str()))
                .collect();
            let orig: BTreeSet<&str> = project
                .documents
                .iter()
                .flat_map(|d| d.annotations.iter().map(|a| a.author.as_str()))
                .collect();
            assert_eq!(authors, orig, "completed_by keeps the authors");
        }
    }
}

#[test]
fn label_studio_utf16_offsets_are_detected_per_region() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tasks.json");
    // "😀 Bob met Alice": Bob is [2, 5) in code points but [3, 6) in UTF-16 units.
    let task = r#"[{"data": {"text": "😀 Bob met Alice"}, "annotations": [{"completed_by": 7, "result": [
        {"id": "a", "from_name": "l", "to_name": "t", "type": "labels", "value": {"start": 3, "end": 6, "text": "Bob", "labels": ["PER"]}},
        {"id": "b", "from_name": "l", "to_name": "t", "type": "labels", "value": {"start": 11, "end": 16, "text": "Alice", "labels": ["PER"]}},
        {"id": "c", "from_name": "l", "to_name": "t", "type": "labels", "value": {"start": 0, "end": 3, "text": "nope", "labels": ["PER"]}},
        {"from_id": "a", "to_id": "b", "type": "relation", "labels": []}
    ]}], "predictions": [{"model_version": "v2", "result": [
        {"id": "p", "from_name": "l", "to_name": "t", "type": "labels", "value": {"start": 2, "end": 5, "text": "Bob", "labels": ["PER"]}}
    ]}]}]"#;
    std::fs::write(&path, task).unwrap();
    let (project, report) = formats::labelstudio::import(&[path.as_path()], "ls", "x").unwrap();
    let doc = &project.documents[0];
    let bob: Vec<_> = doc.annotations.iter().filter(|a| a.text == "Bob").collect();
    assert_eq!(
        bob.len(),
        2,
        "the UTF-16 region and the code point prediction both land on Bob"
    );
    assert!(
        bob.iter().any(|a| a.author == "user 7")
            && bob.iter().any(|a| a.author == "prediction: v2")
    );
    assert!(
        doc.annotations.iter().any(|a| a.text == "Alice"),
        "{:?}",
        doc.annotations
    );
    assert_eq!(doc.relations.len(), 1);
    assert_eq!(
        doc.relations[0].kind, "related",
        "a relation with empty labels gets a generic kind"
    );
    assert_eq!(
        report.warnings.len(),
        1,
        "the region matching neither unit is reported: {:?}",
        report.warnings
    );
    assert!(report.warnings[0].contains("nope"));
}

#[test]
fn label_studio_real_files_import() {
    for (file, anns, rels) in [
        ("labelstudio/named_entity-annotations-1.json", 1, 0),
        ("labelstudio/named_entity-tasks.json", 1, 0),
        (
            "labelstudio/legacy-rich_text_plain-completions-1.json",
            1,
            0,
        ),
        (
            "labelstudio/template-relation-extraction.example.json",
            4,
            3,
        ),
    ] {
        let (project, report) =
            formats::labelstudio::import(&[interop(file).as_path()], "ls", "x").unwrap();
        assert_eq!(
            (report.annotations, report.relations),
            (anns, rels),
            "{file}"
        );
        assert_offsets_exact(&project);
        assert!(report.warnings.is_empty(), "{file}: {:?}", report.warnings);
    }
    let p = import_interop(
        Format::LabelStudio,
        "labelstudio/named_entity-tasks.json",
        "x",
    );
    assert_eq!(p.documents[0].annotations[0].author, "prediction: model 1");
    assert_eq!(p.documents[0].annotations[0].text, "February 22");
}

#[test]
fn conll_real_files_import_with_their_text_rebuilt() {
    let p = import_interop(
        Format::Conll,
        "conll/flair-column/column_with_whitespaces-eng.train",
        "x",
    );
    let doc = &p.documents[0];
    assert!(
        doc.text().starts_with("It is a German-owned firm."),
        "{:?}",
        doc.text()
    );
    assert_eq!(doc.annotations[0].text, "German");
    assert_eq!(doc.annotations[0].label, "LOC");
    let p = import_interop(Format::Conll, "conll/flair-germeval/NER-de-test.tsv", "x");
    assert!(
        p.documents[0].text().starts_with("1951 bis 1953 wurde"),
        "the index column is not a token"
    );
    assert_eq!(p.documents[0].annotations[0].text, "Kolpingwerkes");
    let p = import_interop(
        Format::Conll,
        "conll/wnut17-excerpt/emerging.dev.excerpt.conll",
        "x",
    );
    assert_eq!(p.annotation_count(), 10);
    assert_offsets_exact(&p);
    let p = import_interop(Format::Conll, "conll/flair-column/fashion-eng.testa", "x");
    assert!(p.documents[0]
        .annotations
        .iter()
        .any(|a| a.label == "Occasion" && a.text == "wedding"));
}

#[test]
fn conll_export_tags_and_round_trips_what_it_can_express() {
    let project = stress_project();
    let dir = tempfile::tempdir().unwrap();
    let squashed = |s: &str| s.split_whitespace().collect::<String>();
    for (scheme, nested) in [
        (
            formats::conll::TagScheme::Iob2,
            formats::conll::Nested::Outer,
        ),
        (
            formats::conll::TagScheme::Bioes,
            formats::conll::Nested::Inner,
        ),
        (
            formats::conll::TagScheme::Bilou,
            formats::conll::Nested::Outer,
        ),
    ] {
        let out = dir.path().join("x.conll");
        let report = formats::export(
            &project,
            Format::Conll,
            &out,
            &ExportOptions {
                scheme,
                nested,
                ..Default::default()
            },
        )
        .unwrap();
        let lost = |what: &str| {
            report
                .lost
                .iter()
                .filter(|(k, _)| k.contains(what))
                .map(|(_, n)| *n)
                .sum::<usize>()
        };
        let conll = std::fs::read_to_string(&out).unwrap();
        assert!(conll.starts_with("-DOCSTART- -X- -X- O\n\n"));
        let (back, _) = formats::conll::import(&[out.as_path()], "back", "x").unwrap();
        let got: BTreeSet<(String, String)> = labelled_texts(&back)
            .into_iter()
            .map(|(l, t)| (l, squashed(&t)))
            .collect();
        let want: BTreeSet<(String, String)> = labelled_texts(&project)
            .into_iter()
            .map(|(l, t)| (l, squashed(&t)))
            .collect();
        match nested {
            formats::conll::Nested::Outer => {
                assert_eq!(
                    lost("dropped"),
                    1,
                    "the emoji entity inside the claim is dropped: {:?}",
                    report.lost
                );
                let expected: BTreeSet<_> = want
                    .iter()
                    .filter(|(l, t)| !(l == "entity" && t == "👩‍👩‍👧"))
                    .cloned()
                    .collect();
                assert_eq!(got, expected);
            }
            formats::conll::Nested::Inner => {
                assert_eq!(lost("broken into pieces"), 1, "{:?}", report.lost);
                let mut expected: BTreeSet<_> =
                    want.iter().filter(|(l, _)| l != "claim").cloned().collect();
                expected.insert(("claim".into(), "e\u{301}".into()));
                expected.insert(("claim".into(), "Ünïcödé".into()));
                expected.insert(("claim".into(), "met".into()));
                assert_eq!(got, expected);
            }
        }
        if scheme == formats::conll::TagScheme::Bioes {
            assert!(
                conll.contains(" S-entity\n"),
                "single-token chunks are S- in BIOES"
            );
        }
        if scheme == formats::conll::TagScheme::Bilou {
            assert!(
                conll.contains(" U-quote\n") && conll.contains(" L-claim\n"),
                "U- and L- in BILOU"
            );
        }
    }
}

#[test]
fn w3c_selectors_quote_their_context() {
    let project = stress_project();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("w3c.jsonld");
    let report = formats::export(&project, Format::W3c, &out, &ExportOptions::default()).unwrap();
    assert_eq!(report.annotations, 6);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["@context"], "http://www.w3.org/ns/anno.jsonld");
    let items = v["first"]["items"].as_array().unwrap();
    let doc = &project.documents[0];
    let chars: Vec<char> = doc.text().chars().collect();
    for item in items {
        let sel = &item["target"]["selector"];
        let (s, e) = (
            sel[0]["start"].as_u64().unwrap() as usize,
            sel[0]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            sel[1]["exact"].as_str().unwrap(),
            chars[s..e].iter().collect::<String>()
        );
        assert_eq!(
            sel[1]["prefix"].as_str().unwrap(),
            chars[s.saturating_sub(32)..s].iter().collect::<String>()
        );
        assert_eq!(
            sel[1]["suffix"].as_str().unwrap(),
            chars[e..(e + 32).min(chars.len())]
                .iter()
                .collect::<String>()
        );
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
    assert!(csv.starts_with("document,id,label,start,end,text,note,author,status,page\r\n"));
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
