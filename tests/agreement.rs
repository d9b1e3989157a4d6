//! Agreement figures against known answers: bratiaa's published exact F1 on its own test data,
//! and scikit-learn's `cohen_kappa_score` and the `krippendorff` package on the same token labels
//! (values computed with those libraries and written here).

use std::path::Path;

use marginalia::agreement::{compute, Annotator};
use marginalia::formats;
use marginalia::model::{Document, Fragment, Project, Source};

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

/// Agreement between two named projects.
fn agree2(
    a: (&str, &Project),
    b: (&str, &Project),
) -> Result<marginalia::agreement::AgreementReport, marginalia::agreement::AgreementError> {
    compute(&[
        Annotator {
            name: a.0.into(),
            project: a.1,
        },
        Annotator {
            name: b.0.into(),
            project: b.1,
        },
    ])
}

fn bratiaa() -> (Project, Project) {
    let dir = Path::new("tests/fixtures/iaa/bratiaa-agree-2");
    let (a, _) = formats::brat::import(&[dir.join("ann1").as_path()], "ann1", "ann1").unwrap();
    let (b, _) = formats::brat::import(&[dir.join("ann2").as_path()], "ann2", "ann2").unwrap();
    (a, b)
}

#[test]
fn bratiaa_exact_f1_is_26_over_33() {
    let (a, b) = bratiaa();
    let r = agree2(("ann1", &a), ("ann2", &b)).unwrap();
    assert!(close(r.overall.exact_f1, 26.0 / 33.0), "{:?}", r.overall);
    assert_eq!(r.by_document.len(), 2);
    assert!(r.unmatched_documents.is_empty());
}

#[test]
fn bratiaa_token_scores_match_sklearn_and_krippendorff() {
    let (a, b) = bratiaa();
    let r = agree2(("ann1", &a), ("ann2", &b)).unwrap();
    // sklearn.metrics.cohen_kappa_score and krippendorff.alpha(level_of_measurement="nominal")
    // on the 2,008 token labels of both documents.
    assert!(
        close(r.overall.cohen_kappa, 0.7978981271020826),
        "{:?}",
        r.overall
    );
    assert!(
        close(r.overall.krippendorff_alpha, 0.7979170948380359),
        "{:?}",
        r.overall
    );
    let expected = [
        ("LOC", 0.5706955530216647, 0.5707871574671275),
        ("MISC", 1.0, 1.0),
        ("ORG", 0.4269406392694063, 0.42671521382166056),
        ("PER", 0.9711775851179881, 0.9711845552086698),
    ];
    for (label, kappa, alpha) in expected {
        let s = &r.by_label[label];
        assert!(close(s.cohen_kappa, kappa), "{label}: {s:?}");
        assert!(close(s.krippendorff_alpha, alpha), "{label}: {s:?}");
    }
    // Boundary-matched pairs all agree on their label in this data.
    let total: usize = r.confusion.counts.iter().flatten().sum();
    let diagonal: usize = (0..r.confusion.labels.len())
        .map(|i| r.confusion.counts[i][i])
        .sum();
    assert_eq!(total, 13);
    assert_eq!(diagonal, 13);
}

fn tiny(spans: &[(&str, usize, usize)]) -> Project {
    let mut p = Project::new("tiny");
    p.schema.labels.retain(|_| false);
    for l in ["X", "Y"] {
        p.schema.labels.push(marginalia::model::LabelDef {
            name: l.into(),
            hotkey: None,
            color: "#000000".into(),
            description: String::new(),
            attributes: Vec::new(),
        });
    }
    p.documents.push(Document::new(
        "t",
        "t",
        Source::default(),
        "a b c d e f".into(),
    ));
    for (label, s, e) in spans {
        let a = marginalia::edit::new_annotation(&mut p, 0, label, &[Fragment::new(*s, *e)], "x")
            .unwrap();
        marginalia::edit::Edit::Add {
            document: 0,
            annotation: a,
        }
        .apply(&mut p)
        .unwrap();
    }
    p
}

#[test]
fn three_annotators_pairs_mean_and_std() {
    // Token labels: A = X X O Y O O, B = X O O Y Y O, C = X X O X O O.
    let a = tiny(&[("X", 0, 3), ("Y", 6, 7)]);
    let b = tiny(&[("X", 0, 1), ("Y", 6, 9)]);
    let c = tiny(&[("X", 0, 3), ("X", 6, 7)]);
    let r = compute(&[
        Annotator {
            name: "A".into(),
            project: &a,
        },
        Annotator {
            name: "B".into(),
            project: &b,
        },
        Annotator {
            name: "C".into(),
            project: &c,
        },
    ])
    .unwrap();
    assert_eq!(r.pairs.len(), 3);
    let pair = |x: &str, y: &str| {
        r.pairs
            .iter()
            .find(|p| p.a == x && p.b == y)
            .unwrap()
            .scores
            .clone()
    };
    assert!(close(pair("A", "B").exact_f1, 0.0));
    assert!(close(pair("A", "C").exact_f1, 0.5));
    assert!(close(pair("A", "B").overlap_f1, 1.0));
    assert!(close(pair("B", "C").overlap_f1, 0.5));
    // sklearn kappas 0.4782608695652174, 0.7142857142857143, 0.25: mean and population std.
    assert!(close(pair("A", "B").cohen_kappa, 0.4782608695652174));
    assert!(
        close(r.overall.cohen_kappa, 0.4808488612836439),
        "{:?}",
        r.overall
    );
    assert!(close(
        r.pairs_std.as_ref().unwrap().cohen_kappa,
        0.1895526829112863
    ));
    let mean = r.pairs_mean.as_ref().unwrap();
    assert!(close(mean.cohen_kappa, 0.4808488612836439));
    assert!(close(
        mean.exact_f1,
        (0.0 + 0.5 + pair("B", "C").exact_f1.unwrap()) / 3.0
    ));
    // krippendorff.alpha over the three coders.
    assert!(
        close(r.overall.krippendorff_alpha, 0.48484848484848486),
        "{:?}",
        r.overall
    );
    assert!(close(
        r.by_label["X"].krippendorff_alpha,
        0.5277777777777778
    ));
    assert!(close(
        r.by_label["Y"].krippendorff_alpha,
        0.24444444444444446
    ));
    // Label confusion: C's X on "d" has A's Y on the same boundaries.
    let li = |l: &str| r.confusion.labels.iter().position(|x| x == l).unwrap();
    assert_eq!(r.confusion.counts[li("Y")][li("X")], 1);
}

#[test]
fn documents_that_differ_are_named() {
    let a = tiny(&[("X", 0, 3)]);
    let mut b = Project::new("other");
    b.documents.push(Document::new(
        "t",
        "t",
        Source::default(),
        "different text".into(),
    ));
    let err = agree2(("A", &a), ("B", &b)).unwrap_err();
    assert!(
        err.to_string().contains("\"t\"") && err.to_string().contains("different text"),
        "{err}"
    );
    let mut c = tiny(&[("X", 0, 3)]);
    c.documents.push(Document::new(
        "extra",
        "extra",
        Source::default(),
        "only here".into(),
    ));
    let r = agree2(("A", &a), ("C", &c)).unwrap();
    assert_eq!(
        r.unmatched_documents,
        vec!["\"extra\" (only in C)".to_owned()]
    );
}

#[test]
fn cli_agree_json_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = bratiaa();
    let (pa, pb) = (dir.path().join("ann1.ron"), dir.path().join("ann2.ron"));
    marginalia::project_file::save_project(&a, &pa).unwrap();
    marginalia::project_file::save_project(&b, &pb).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args([
            "agree",
            pa.to_str().unwrap(),
            pb.to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["annotators"], serde_json::json!(["ann1", "ann2"]));
    for key in [
        "exact_f1",
        "overlap_f1",
        "cohen_kappa",
        "krippendorff_alpha",
    ] {
        assert!(v["overall"][key].is_number(), "{key}");
        assert!(v["by_label"]["PER"][key].is_number(), "{key}");
        assert!(
            v["by_document"]["esp-train-doc-29"][key].is_number(),
            "{key}"
        );
    }
    assert!((v["overall"]["exact_f1"].as_f64().unwrap() - 26.0 / 33.0).abs() < 1e-12);
}

#[test]
fn relation_f1_matches_kind_and_both_ends() {
    let sample =
        marginalia::project_file::load_project(Path::new("projects/acting-on-xis-vision.ron"))
            .unwrap();
    let mut other = sample.clone();
    // The other annotator links one quote to the wrong speaker and misses one link.
    let doc = &mut other.documents[0];
    let wrong = doc
        .annotations
        .iter()
        .find(|a| a.text == "HE WEI")
        .unwrap()
        .id;
    doc.relations[0].to = wrong;
    doc.relations.pop();
    let total = sample.documents[0].relations.len();
    let r = agree2(("a", &sample), ("b", &other)).unwrap();
    let expected = 2.0 * (total - 2) as f64 / (total + total - 1) as f64;
    assert!(
        close(r.overall.relation_f1, expected),
        "{:?} vs {expected}",
        r.overall.relation_f1
    );
    assert_eq!(r.by_label["quote"].relation_f1, None);
    assert!(close(r.overall.exact_f1, 1.0));
}

fn coders(names: &[&str]) -> Vec<(String, Project)> {
    let dir = Path::new("tests/fixtures/fields");
    names
        .iter()
        .map(|n| {
            let path = dir.join(format!("{n}.ron"));
            (
                n.to_string(),
                marginalia::project_file::load_project(&path).unwrap(),
            )
        })
        .collect()
}

fn annotators_of(loaded: &[(String, Project)]) -> Vec<Annotator<'_>> {
    loaded
        .iter()
        .map(|(name, project)| Annotator {
            name: name.clone(),
            project,
        })
        .collect()
}

/// Per field κ, α and document count against what `make.py` got from scikit-learn and the
/// `krippendorff` package.
fn fields_match_reference(names: &[&str], key: &str) {
    let report = compute(&annotators_of(&coders(names))).unwrap();
    let text = std::fs::read_to_string("tests/fixtures/fields/reference.json").unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let expected = reference[key].as_object().unwrap();
    assert_eq!(report.document_fields.len(), expected.len());
    for (field, want) in expected {
        let got = &report.document_fields[field];
        assert!(
            close(got.kappa, want["kappa"].as_f64().unwrap()),
            "{field}: {got:?}"
        );
        assert!(
            close(got.alpha, want["alpha"].as_f64().unwrap()),
            "{field}: {got:?}"
        );
        assert_eq!(
            got.documents as u64,
            want["documents"].as_u64().unwrap(),
            "{field}"
        );
    }
}

#[test]
fn document_fields_of_two_annotators_match_sklearn_and_krippendorff() {
    fields_match_reference(&["coder-a", "coder-b"], "coder-a vs coder-b");
}

#[test]
fn document_fields_of_three_annotators_match_sklearn_and_krippendorff() {
    fields_match_reference(&["coder-a", "coder-b", "coder-c"], "all three");
}

#[test]
fn a_field_nobody_varies_on_has_no_kappa_but_counts_its_documents() {
    let mut loaded = coders(&["coder-a", "coder-a"]);
    for (_, p) in &mut loaded {
        for d in &mut p.documents {
            d.set_field("relevant", vec!["yes".into()]);
        }
    }
    let report = compute(&annotators_of(&loaded)).unwrap();
    let relevant = &report.document_fields["relevant"];
    assert_eq!(relevant.kappa, None);
    assert_eq!(relevant.documents, 12);
    // The same answers everywhere else: perfect agreement.
    assert!(close(report.document_fields["frame"].alpha, 1.0));
}
