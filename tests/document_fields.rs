//! Document fields and active time through every format that can hold them: exported from the
//! three-annotator fixture, read back, the same answers (and, where the format has it, the same
//! time); edits of them undo; merges keep them.

use std::collections::BTreeMap;
use std::path::Path;

use marginalia::edit::Edit;
use marginalia::formats::csv_table::Table;
use marginalia::formats::{self, ExportOptions, Format};
use marginalia::model::Project;

fn coder(name: &str) -> Project {
    let path = format!("tests/fixtures/fields/{name}.ron");
    marginalia::project_file::load_project(Path::new(&path)).unwrap()
}

/// Each document's answers, in document order.
fn answers(project: &Project) -> Vec<BTreeMap<String, Vec<String>>> {
    project.documents.iter().map(|d| d.fields.clone()).collect()
}

fn export_and_read(project: &Project, format: Format, options: &ExportOptions) -> Project {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(format!("out.{}", format.extension()));
    formats::export(project, format, &out, options).unwrap();
    formats::import(format, &[out.as_path()], "back", "reader")
        .unwrap()
        .0
}

fn json_of(project: &Project, format: Format, options: &ExportOptions) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    formats::export(project, format, &out, options).unwrap();
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn spacy_cats_carry_every_answer_and_read_back() {
    let a = coder("coder-a");
    let text = json_of(&a, Format::Spacy, &ExportOptions::default());
    let items: serde_json::Value = serde_json::from_str(&text).unwrap();
    // spaCy's training form: [text, {"entities", "spans", "cats"}], every value of an answered
    // field scored, unanswered fields left out.
    let cats = &items[0][1]["cats"];
    assert_eq!(cats["frame:economic"], 1.0);
    assert_eq!(cats["frame:political"], 0.0);
    assert_eq!(cats["topics:trade"], 1.0);
    assert_eq!(cats["topics:security"], 0.0);
    assert!(
        items[1][1]["cats"].get("topics:trade").is_none(),
        "unanswered"
    );
    let back = export_and_read(&a, Format::Spacy, &ExportOptions::default());
    assert_eq!(answers(&back), answers(&a));
    let topics = back.schema.field("topics").unwrap();
    assert!(
        topics.multiple,
        "a document with two topics makes it multiple choice"
    );
    assert_eq!(topics.values, ["trade", "technology", "security"]);
}

#[test]
fn doccano_cats_and_classification_labels_read_back() {
    let a = coder("coder-a");
    let text = json_of(&a, Format::Doccano, &ExportOptions::default());
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(
        last["cats"],
        serde_json::json!([
            "frame:economic",
            "relevant:yes",
            "topics:trade",
            "topics:technology"
        ])
    );
    assert_eq!(
        answers(&export_and_read(
            &a,
            Format::Doccano,
            &ExportOptions::default()
        )),
        answers(&a)
    );
    let classification = ExportOptions {
        classification: true,
        ..Default::default()
    };
    let text = json_of(&a, Format::Doccano, &classification);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(
        first["label"],
        serde_json::json!(["frame:economic", "relevant:yes", "topics:trade"])
    );
    assert!(first.get("cats").is_none());
    assert_eq!(
        answers(&export_and_read(&a, Format::Doccano, &classification)),
        answers(&a)
    );
}

#[test]
fn doccano_plain_classification_labels_become_field_label() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("classes.jsonl");
    std::fs::write(
        &path,
        "{\"text\": \"Great film\", \"label\": [\"positive\"]}\n{\"text\": \"Dull\", \"label\": \"negative\"}\n",
    )
    .unwrap();
    let (p, _) = formats::import(Format::Doccano, &[path.as_path()], "c", "me").unwrap();
    assert_eq!(p.documents[0].field_values("label"), ["positive"]);
    assert_eq!(p.documents[1].field_values("label"), ["negative"]);
    assert_eq!(
        p.schema.field("label").unwrap().values,
        ["positive", "negative"]
    );
    assert!(marginalia::validate::validate_project(&p).is_empty());
}

#[test]
fn label_studio_choices_and_lead_time_read_back() {
    let a = coder("coder-a");
    let text = json_of(&a, Format::LabelStudio, &ExportOptions::default());
    let tasks: serde_json::Value = serde_json::from_str(&text).unwrap();
    let annotation = &tasks[11]["annotations"][0];
    assert_eq!(annotation["completed_by"], "coder-a");
    assert_eq!(annotation["lead_time"], 95.0 + 7.0 * 11.0);
    let topics = annotation["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["from_name"] == "topics")
        .unwrap();
    assert_eq!(topics["type"], "choices");
    assert_eq!(topics["to_name"], "text");
    assert_eq!(
        topics["value"]["choices"],
        serde_json::json!(["trade", "technology"])
    );
    let back = export_and_read(&a, Format::LabelStudio, &ExportOptions::default());
    assert_eq!(answers(&back), answers(&a));
    let times: Vec<_> = back
        .documents
        .iter()
        .map(|d| d.time_seconds.clone())
        .collect();
    let want: Vec<_> = a.documents.iter().map(|d| d.time_seconds.clone()).collect();
    assert_eq!(times, want);
}

#[test]
fn conll_writes_fields_after_docstart_and_reads_them_back() {
    let mut a = coder("coder-a");
    // CoNLL needs tokens with tags; one entity per document is enough.
    for d in &mut a.documents {
        let first = d.text().split(' ').next().unwrap().to_owned();
        let n = first.chars().count();
        d.insert_sorted(marginalia::model::Annotation {
            id: 1,
            label: "entity".into(),
            fragments: vec![marginalia::model::Fragment::new(0, n)],
            text: first,
            author: "coder-a".into(),
            created: "2026-12-01T00:00:00Z".into(),
            modified: "2026-12-01T00:00:00Z".into(),
            note: None,
            review: Default::default(),
            attributes: Default::default(),
            suggested_by: None,
        });
    }
    let text = json_of(&a, Format::Conll, &ExportOptions::default());
    assert!(
        text.starts_with("-DOCSTART- -X- -X- O\n# frame = economic\n# relevant = yes\n# topics = trade\n\nTariffs"),
        "{}",
        &text[..120]
    );
    let back = export_and_read(&a, Format::Conll, &ExportOptions::default());
    assert_eq!(answers(&back), answers(&a));
}

#[test]
fn csv_documents_table_has_a_column_per_field_and_the_time() {
    let a = coder("coder-b");
    let options = ExportOptions {
        table: Table::Documents,
        ..Default::default()
    };
    let text = json_of(&a, Format::Csv, &options);
    // No field of this project holds a comma or a quote, so a row splits at its commas.
    assert!(!text.contains('"'));
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        header,
        [
            "document",
            "title",
            "characters",
            "annotations",
            "status",
            "seconds",
            "frame",
            "relevant",
            "topics"
        ]
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[3][8], "trade; technology");
    assert_eq!(rows[6][6], "", "coder-b left headline 7's frame unanswered");
    assert_eq!(rows[0][5], "140");
}

#[test]
fn w3c_field_annotations_target_the_whole_source() {
    let a = coder("coder-a");
    let text = json_of(&a, Format::W3c, &ExportOptions::default());
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let items = json["first"]["items"].as_array().unwrap();
    let frame = items
        .iter()
        .find(|i| i["id"] == "urn:marginalia:headline-01:field:frame")
        .unwrap();
    assert_eq!(frame["motivation"], "classifying");
    assert_eq!(
        frame["target"],
        format!("urn:marginalia:document:{}", a.documents[0].sha256())
    );
    assert_eq!(frame["body"][0]["value"], "frame=economic");
}

#[test]
fn setting_a_field_is_checked_kept_in_order_and_undone() {
    let mut p = coder("coder-a");
    let set = |values: &[&str]| Edit::SetDocumentField {
        document: 1,
        field: "topics".into(),
        values: values.iter().map(|v| v.to_string()).collect(),
    };
    let undo = set(&["security", "trade"]).apply(&mut p).unwrap();
    assert_eq!(p.documents[1].field_values("topics"), ["trade", "security"]);
    undo.apply(&mut p).unwrap();
    assert!(p.documents[1].field_values("topics").is_empty());
    assert!(
        set(&["sports"]).apply(&mut p).is_err(),
        "not an allowed value"
    );
    let unknown = Edit::SetDocumentField {
        document: 1,
        field: "tone".into(),
        values: vec!["calm".into()],
    };
    let err = unknown.apply(&mut p).unwrap_err().to_string();
    assert!(err.contains("headline-02") && err.contains("tone"), "{err}");
}

#[test]
fn merges_keep_one_sides_field_change_and_add_up_time() {
    let base = coder("coder-a");
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.documents[0].add_time("coder-a", 30);
    theirs.documents[0].add_time("coder-a", 12);
    theirs.documents[0].add_time("dana", 40);
    theirs.documents[1].set_field("frame", vec!["social".into()]);
    ours.documents[2].set_field("frame", vec!["economic".into()]);
    theirs.documents[2].set_field("frame", vec!["political".into()]);
    let result = marginalia::merge::merge(&base, &ours, &theirs).unwrap();
    let d = &result.project.documents;
    assert_eq!(d[0].time_seconds["coder-a"], 95 + 30 + 12);
    assert_eq!(d[0].time_seconds["dana"], 40);
    assert_eq!(d[1].field_values("frame"), ["social"]);
    assert_eq!(d[2].field_values("frame"), ["economic"], "ours kept");
    assert_eq!(result.field_conflicts.len(), 1);
    assert!(result.field_conflicts[0].contains("headline-03"));
}

#[test]
fn a_value_the_schema_does_not_allow_is_a_load_problem() {
    let text = std::fs::read_to_string("tests/fixtures/fields/coder-a.ron")
        .unwrap()
        .replacen("\"frame\": [\"economic\"]", "\"frame\": [\"sporting\"]", 1);
    let err = marginalia::project_file::project_from_ron(&text, Path::new("x.ron")).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("headline-01") && message.contains("sporting"),
        "{message}"
    );
}

#[test]
fn project_files_keep_fields_and_time_byte_for_byte() {
    let a = coder("coder-c");
    let text = marginalia::project_file::project_to_ron(&a);
    let back = marginalia::project_file::project_from_ron(&text, Path::new("c.ron")).unwrap();
    assert_eq!(back, a);
    assert_eq!(marginalia::project_file::project_to_ron(&back), text);
    assert!(text.contains("multiple: true"));
}

#[test]
fn formats_without_room_for_fields_say_what_they_left_out() {
    let a = coder("coder-a");
    let dir = tempfile::tempdir().unwrap();
    let answers: usize = a
        .documents
        .iter()
        .map(|d| d.fields.values().flatten().count())
        .sum();
    for (format, out) in [(Format::Brat, "brat"), (Format::Csv, "spans.csv")] {
        let report =
            formats::export(&a, format, &dir.path().join(out), &ExportOptions::default()).unwrap();
        let lost: usize = report
            .lost
            .iter()
            .filter(|(what, _)| what.contains("document field"))
            .map(|(_, n)| n)
            .sum();
        assert_eq!(lost, answers, "{format:?}");
    }
}

#[test]
fn schema_files_carry_the_fields_to_another_project() {
    let a = coder("coder-a");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.ron");
    marginalia::schema_file::save_schema(&a.schema, &path).unwrap();
    let loaded = marginalia::schema_file::load_schema(&path).unwrap();
    assert_eq!(loaded.fields, a.schema.fields);
    assert!(loaded.field("topics").unwrap().multiple);
}

#[test]
fn a_changed_answer_counts_as_a_difference_for_recovery_and_reloads() {
    let a = coder("coder-a");
    let mut b = a.clone();
    b.documents[0].set_field("frame", vec!["social".into()]);
    b.documents[1].set_field("topics", vec!["trade".into()]);
    assert_eq!(marginalia::merge::count_differences(&a, &b), 2);
    assert_eq!(marginalia::merge::count_differences(&b, &a), 2);
}

#[test]
fn label_studios_own_text_classification_example_imports_as_a_field() {
    let path = Path::new("tests/fixtures/labelstudio/sdk-text-classification-task.json");
    let (p, _) = formats::import(Format::LabelStudio, &[path], "ls", "me").unwrap();
    let doc = &p.documents[0];
    assert_eq!(doc.text(), "Opossums are great");
    assert_eq!(
        doc.field_values("sentiment_class"),
        ["Positive"],
        "the prediction is no answer"
    );
    assert!(marginalia::validate::validate_project(&p).is_empty());
}
