//! The command line as a user runs it: exit codes, one-line errors, JSON output.

use std::path::Path;
use std::process::Command;

mod common;

fn marginalia(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .expect("run marginalia");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SAMPLE: &str = "projects/acting-on-xis-vision.ron";

#[test]
fn validate_exit_codes() {
    let (code, stdout, _) = marginalia(&["validate", SAMPLE]);
    assert_eq!(code, 0);
    assert!(stdout.contains("valid"));

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    let text = std::fs::read_to_string(SAMPLE)
        .unwrap()
        .replace("text: \"HE WEI\"", "text: \"HE WAI\"");
    std::fs::write(&bad, &text).unwrap();
    let (code, _, stderr) = marginalia(&["validate", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("annotation 2") && stderr.contains("HE WAI"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        text,
        "validate never writes"
    );

    let truncated = dir.path().join("trunc.ron");
    std::fs::write(&truncated, &text[..500]).unwrap();
    let (code, _, stderr) = marginalia(&["validate", truncated.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("trunc.ron:"), "{stderr}");

    let (code, _, stderr) = marginalia(&["validate", "/nonexistent.ron"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent.ron"));
    assert!(!stderr.contains("panicked"));
}

#[test]
fn stats_json_counts_the_sample() {
    let (code, stdout, _) = marginalia(&["stats", SAMPLE, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(v["documents"], 1);
    assert!(v["by_label"]["entity"].as_u64().unwrap() >= 25);
    assert!(v["by_label"]["quote"].as_u64().unwrap() >= 6);
    assert!(v["by_label"]["claim"].as_u64().unwrap() >= 5);
    let total: u64 = v["by_label"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_u64().unwrap())
        .sum();
    assert_eq!(v["annotations"].as_u64().unwrap(), total);
    assert_eq!(v["by_status"]["pending"].as_u64().unwrap(), total);
    assert_eq!(v["characters"], 3803);
    assert!(v["by_author"].is_object());
    let density = v["by_document"][0]["density"].as_array().unwrap();
    assert_eq!(density.len(), 100);
    assert_eq!(
        density.iter().map(|x| x.as_u64().unwrap()).sum::<u64>(),
        total
    );
}

#[test]
fn import_builds_a_valid_project_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.html");
    std::fs::write(&a, "Line one\r\nLine 😀 two\r\n").unwrap();
    std::fs::write(&b, "<title>B</title><p>Body</p>").unwrap();
    let out = dir.path().join("out.ron");
    let (code, _, stderr) = marginalia(&[
        "import",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--name",
        "Two",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("UTF-8"));
    let project = marginalia::project_file::load_project(&out).unwrap();
    assert_eq!(project.name, "Two");
    assert_eq!(project.documents.len(), 2);
    assert_eq!(project.documents[0].text(), "Line one\nLine 😀 two\n");
    assert_eq!(project.documents[1].title, "B");
    let before = std::fs::read(&out).unwrap();
    let (code, _, stderr) =
        marginalia(&["import", a.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("already exists"));
    assert_eq!(std::fs::read(&out).unwrap(), before);
}

#[test]
fn importing_a_binary_file_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("x.txt");
    std::fs::write(&bin, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let out = dir.path().join("o.ron");
    let (code, _, stderr) =
        marginalia(&["import", bin.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("marginalia: ") && stderr.contains("binary"),
        "{stderr}"
    );
    assert!(!Path::new(&out).exists(), "no partial project");
}

#[test]
fn agree_three_annotators_as_json_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    let own = marginalia::project_file::load_project(Path::new(SAMPLE)).unwrap();
    let (bob_path, carol_path) = common::save_colleagues(&own, dir.path());
    let args = [
        "agree",
        SAMPLE,
        bob_path.to_str().unwrap(),
        carol_path.to_str().unwrap(),
    ];

    let mut with_json = args.to_vec();
    with_json.push("--json");
    let (code, stdout, stderr) = marginalia(&with_json);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json["annotators"],
        serde_json::json!(["acting-on-xis-vision", "bob", "carol"])
    );
    for key in [
        "exact_f1",
        "overlap_f1",
        "cohen_kappa",
        "krippendorff_alpha",
    ] {
        assert!(json["overall"][key].is_number(), "overall.{key}");
        assert!(
            json["by_label"]["entity"][key].is_number(),
            "by_label.{key}"
        );
    }
    assert!(json["by_document"].as_object().unwrap().len() == 1);
    assert_eq!(json["pairs"].as_array().unwrap().len(), 3);
    // The open project and Bob differ in one label of 50 spans.
    let first = &json["pairs"][0];
    assert_eq!(first["b"], "bob");
    assert!((first["scores"]["exact_f1"].as_f64().unwrap() - 0.98).abs() < 1e-12);
    let mean_exact = json["pairs_mean"]["exact_f1"].as_f64().unwrap();
    let pair_exact: Vec<f64> = json["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["scores"]["exact_f1"].as_f64().unwrap())
        .collect();
    assert!((mean_exact - pair_exact.iter().sum::<f64>() / 3.0).abs() < 1e-12);
    assert!(json["pairs_std"]["exact_f1"].as_f64().unwrap() > 0.0);

    let (code, stdout, _) = marginalia(&args);
    assert_eq!(code, 0);
    for row in ["overall", "by label", "pairs", "mean", "standard deviation"] {
        assert!(stdout.contains(row), "{row} in\n{stdout}");
    }

    // Projects of different articles: one line naming the documents, exit 2.
    let other_path = common::save_unrelated_project(dir.path());
    let (code, _, stderr) = marginalia(&["agree", SAMPLE, other_path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("elsewhere"), "{stderr}");
}

/// Authors of every annotation in a project file.
fn authors(path: &Path) -> Vec<String> {
    let project = marginalia::project_file::load_project(path).unwrap();
    project
        .documents
        .iter()
        .flat_map(|d| d.annotations.iter().map(|a| a.author.clone()))
        .collect()
}

#[test]
fn every_importer_records_the_annotator_flag_where_the_file_names_no_author() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new("tests/fixtures");
    let inputs = [
        ("brat", fixtures.join("brat/pie-datasets-fixture")),
        (
            "doccano",
            fixtures.join("doccano/doccano-repo/export_sequence_labeling_example.jsonl"),
        ),
        (
            "conll",
            fixtures.join("conll/flair-germeval/NER-de-test.tsv"),
        ),
        (
            "labelstudio",
            fixtures.join("labelstudio/named_entity-annotations-1.json"),
        ),
    ];
    let spacy = dir.path().join("in.json");
    std::fs::write(
        &spacy,
        r#"[["Ana met Bo.", {"entities": [[0, 3, "PER"], [8, 10, "PER"]]}]]"#,
    )
    .unwrap();
    let mut all: Vec<(&str, std::path::PathBuf)> = inputs.to_vec();
    all.push(("spacy", spacy));
    for (format, input) in all {
        let out = dir.path().join(format!("{format}.ron"));
        let (code, _, stderr) = marginalia(&[
            "import",
            "--from",
            format,
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--annotator",
            "B",
        ]);
        assert_eq!(code, 0, "{format}: {stderr}");
        let found = authors(&out);
        assert!(!found.is_empty(), "{format}: no annotations imported");
        assert!(
            found.iter().all(|a| a == "B"),
            "{format}: authors {found:?}, expected B"
        );
    }
}

#[test]
fn a_file_that_names_its_author_keeps_it_over_the_annotator_flag() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("two.jsonl");
    std::fs::write(
        &input,
        "{\"text\": \"Ana met Bo.\", \"user\": \"ana@example.org\", \"label\": [[0, 3, \"PER\"]]}\n\
         {\"text\": \"Bo met Ana.\", \"label\": [[0, 2, \"PER\"]]}\n",
    )
    .unwrap();
    let out = dir.path().join("two.ron");
    let (code, _, stderr) = marginalia(&[
        "import",
        "--from",
        "doccano",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--annotator",
        "B",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(authors(&out), ["ana@example.org", "B"]);
}

/// The sample without its quote annotations (and their links), saved in `dir`.
fn sample_without_quotes(dir: &Path) -> std::path::PathBuf {
    let mut p = marginalia::project_file::load_project(Path::new(SAMPLE)).unwrap();
    common::app::remove_label(&mut p, "quote");
    let path = dir.join("noquotes.ron");
    marginalia::project_file::save_project(&p, &path).unwrap();
    path
}

#[test]
fn suggest_prints_json_and_accepts_a_source_into_a_new_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_without_quotes(dir.path());
    let p = path.to_str().unwrap();
    let (code, stdout, stderr) =
        marginalia(&["suggest", p, "--source", "quotes,speakers", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let list = v["suggestions"].as_array().unwrap();
    let quotes: Vec<&serde_json::Value> = list.iter().filter(|s| s["source"] == "quotes").collect();
    assert_eq!(quotes.len(), 10);
    assert_eq!(quotes[0]["document"], "acting-on-xis-vision");
    assert_eq!(
        (quotes[0]["start"].as_u64(), quotes[0]["end"].as_u64()),
        (Some(495), Some(542))
    );
    assert_eq!(quotes[0]["label"], "quote");
    let link = list
        .iter()
        .find(|s| s["source"] == "speakers")
        .expect("a speaker link");
    assert_eq!(link["kind"], "speaker");
    assert!(link["from"]["start"].is_u64() && link["to"]["label"] == "entity");
    assert!(
        list.iter().all(|s| s["source"] != "names"),
        "--source leaves the others out"
    );

    let out = dir.path().join("accepted.ron");
    let (code, _, stderr) = marginalia(&[
        "suggest",
        p,
        "--accept",
        "quotes",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let accepted = marginalia::project_file::load_project(&out).unwrap();
    let from_quotes = accepted.documents[0]
        .annotations
        .iter()
        .filter(|a| a.suggested_by.as_deref() == Some("quotes"))
        .count();
    assert_eq!(from_quotes, 10);
    // Nothing is suggested twice: accepted quotes are tagged now.
    let (_, stdout, _) = marginalia(&[
        "suggest",
        out.to_str().unwrap(),
        "--source",
        "quotes",
        "--json",
    ]);
    assert_eq!(stdout.trim(), r#"{"suggestions":[]}"#);
}

#[test]
fn label_studio_predictions_import_as_scored_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    std::fs::copy(SAMPLE, &path).unwrap();
    let text = marginalia::project_file::load_project(Path::new(SAMPLE))
        .unwrap()
        .documents[0]
        .text()
        .to_owned();
    let at = text.chars().collect::<Vec<_>>();
    let find = |needle: &str| {
        let b = text.find(needle).unwrap();
        text[..b].chars().count()
    };
    let s = find("innovation");
    let n = "innovation".chars().count();
    let task = serde_json::json!([{
        "data": {"text": text},
        "predictions": [{
            "model_version": "ner-v2",
            "score": 0.87,
            "result": [{"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": s, "end": s + n, "text": at[s..s + n].iter().collect::<String>(), "labels": ["entity"]}}]
        }]
    }]);
    let ls = dir.path().join("ls.json");
    std::fs::write(&ls, task.to_string()).unwrap();
    let (code, _, stderr) = marginalia(&[
        "import",
        "--from",
        "labelstudio",
        ls.to_str().unwrap(),
        "--into",
        path.to_str().unwrap(),
        "--as-suggestions",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("imported 1 suggestions"), "{stderr}");
    let (_, stdout, _) = marginalia(&[
        "suggest",
        path.to_str().unwrap(),
        "--source",
        "ner-v2",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let list = v["suggestions"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["score"], 0.87);
    assert_eq!(list[0]["text"], "innovation");
    let loaded = marginalia::project_file::load_project(&path).unwrap();
    let p = &loaded.documents[0].predictions[0];
    assert_eq!((p.source.as_str(), p.score), ("ner-v2", Some(0.87)));
    // Without --into it is refused with one line.
    let (code, _, stderr) = marginalia(&[
        "import",
        "--from",
        "labelstudio",
        ls.to_str().unwrap(),
        "--as-suggestions",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--into"), "{stderr}");
}

#[test]
fn agree_reports_document_fields_in_json_and_table() {
    let (a, b) = (
        "tests/fixtures/fields/coder-a.ron",
        "tests/fixtures/fields/coder-b.ron",
    );
    let (code, stdout, stderr) = marginalia(&["agree", "--json", a, b]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let frame = &json["document_fields"]["frame"];
    assert!((frame["kappa"].as_f64().unwrap() - 0.7283950617283951).abs() < 1e-9);
    assert!((frame["alpha"].as_f64().unwrap() - 0.7391304347826086).abs() < 1e-9);
    assert_eq!(frame["documents"], 11);
    let (code, table, _) = marginalia(&["agree", a, b]);
    assert_eq!(code, 0);
    let row = table
        .lines()
        .find(|l| l.starts_with("topics"))
        .expect("a row per field");
    assert!(row.contains("0.7222") && row.contains("0.7429"), "{row}");
}

#[test]
fn stats_report_active_time_by_document_and_author() {
    let path = "tests/fixtures/fields/coder-b.ron";
    let (code, stdout, stderr) = marginalia(&["stats", "--json", path]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let time = &json["time_seconds"];
    // make.py gives document i (from 0) 140 + 7·i seconds.
    assert_eq!(time["by_document"]["headline-01"], 140);
    assert_eq!(time["by_document"]["headline-12"], 140 + 7 * 11);
    assert_eq!(
        time["by_author"]["coder-b"],
        (0..12).map(|i| 140 + 7 * i).sum::<u64>()
    );
    let (_, table, _) = marginalia(&["stats", path]);
    assert!(table.contains("active time: 35 min 42 s in all"), "{table}");
    assert!(table.contains("frame: political"), "{table}");
}

#[test]
fn export_says_how_many_field_values_it_wrote_or_could_not() {
    let dir = tempfile::tempdir().unwrap();
    let project = "tests/fixtures/fields/coder-a.ron";
    let out = dir.path().join("a.conll");
    let (code, _, stderr) = marginalia(&[
        "export",
        project,
        "--to",
        "conll",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("and 30 document field values"), "{stderr}");
    let brat = dir.path().join("brat");
    let (_, _, stderr) = marginalia(&[
        "export",
        project,
        "--to",
        "brat",
        "-o",
        brat.to_str().unwrap(),
    ]);
    assert!(stderr.contains("30 × document field answers"), "{stderr}");
    let csv = dir.path().join("docs.csv");
    let (code, _, stderr) = marginalia(&[
        "export",
        project,
        "--to",
        "csv",
        "--table",
        "documents",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let table = std::fs::read_to_string(csv).unwrap();
    assert!(table.starts_with(
        "document,title,characters,annotations,status,seconds,frame,relevant,topics\r\n"
    ));
    let doccano = dir.path().join("classes.jsonl");
    let (code, _, _) = marginalia(&[
        "export",
        project,
        "--to",
        "doccano",
        "--classification",
        "-o",
        doccano.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let first = std::fs::read_to_string(doccano).unwrap();
    assert!(
        first
            .lines()
            .next()
            .unwrap()
            .contains("\"label\":[\"frame:economic\""),
        "{first}"
    );
}
