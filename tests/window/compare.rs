//! Comparing annotators and adjudicating into a gold project; agreement.

use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use marginalia::ui::actions::*;
use marginalia::ui::MarginaliaApp;

use super::common;
use super::harness::*;

#[test]
fn compare_adjudicate_and_save_a_gold_project() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on_copy_of_sample(&dir);
    // Annotator B: relabels one span, drops one, shifts one, adds one.
    let mut b = app.session.project().clone();
    {
        let doc = &mut b.documents[0];
        doc.annotations[0].label = "claim".into();
        doc.annotations.remove(1);
        for a in &mut doc.annotations {
            a.author = "bob".into();
        }
    }
    let b_path = dir.path().join("bob.ron");
    marginalia::project_file::save_project(&b, &b_path).unwrap();
    app.push(Action::Comparison(ComparisonAction::CompareWith(vec![
        b_path,
    ])));
    let mut h = harness(app);
    h.run();
    let mode = h.state().compare.as_ref().expect("comparison is active");
    let counts = mode.comparison.counts();
    assert_eq!(counts[&marginalia::comparison::AgreementClass::Exact], 48);
    assert_eq!(
        counts[&marginalia::comparison::AgreementClass::LabelMismatch],
        1
    );
    assert_eq!(counts[&marginalia::comparison::AgreementClass::OnlyA], 1);
    h.get_by_label_contains("exact match: 48");
    h.get_by_label("Accept all exact matches").click();
    h.run();
    assert_eq!(
        h.state().compare.as_ref().unwrap().comparison.undecided(),
        2
    );
    // Undo the bulk action as one step, then redo it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().compare.as_ref().unwrap().comparison.undecided(),
        50
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run();
    // Decide the rest with the keyboard: select each undecided case and press B (take B) or D.
    let undecided: Vec<usize> = {
        let c = &h.state().compare.as_ref().unwrap().comparison;
        (0..c.cases.len())
            .filter(|i| c.decision(*i).is_none())
            .collect()
    };
    for (k, case) in undecided.iter().enumerate() {
        h.state_mut().compare.as_mut().unwrap().selected_case = Some(*case);
        h.key_press(if k == 0 { egui::Key::B } else { egui::Key::D });
        h.run();
    }
    assert_eq!(
        h.state().compare.as_ref().unwrap().comparison.undecided(),
        0
    );
    let out = dir.path().join("gold.ron");
    h.state_mut().save_gold(&out);
    let gold = marginalia::project_file::load_project(&out).unwrap();
    assert_eq!(
        gold.annotation_count(),
        49,
        "48 exact + B's label + nothing for the dropped one"
    );
    let doc = &gold.documents[0];
    assert!(
        doc.annotations
            .iter()
            .all(|a| a.review.reviewer.as_deref() == Some("kittest")),
        "adjudicator recorded"
    );
    assert!(
        doc.annotations.iter().any(|a| a.author == "bob"),
        "B's span keeps its author"
    );
    assert!(
        doc.annotations
            .iter()
            .any(|a| a.author == "sample-annotator"),
        "A's spans keep theirs"
    );
    // The links come along wherever both ends were kept, each once.
    let sample = h.state().compare.as_ref().unwrap().comparison.projects[0].clone();
    let kept_text = |d: &marginalia::model::Document, id: u64| {
        let a = d.annotation(id).unwrap();
        (a.fragments.clone(), a.text.clone())
    };
    let expected: std::collections::BTreeSet<_> = sample.documents[0]
        .relations
        .iter()
        .map(|r| {
            let d = &sample.documents[0];
            (r.kind.clone(), kept_text(d, r.from), kept_text(d, r.to))
        })
        .filter(|(_, from, to)| {
            [from, to]
                .iter()
                .all(|end| doc.annotations.iter().any(|a| a.fragments == end.0))
        })
        .collect();
    let got: std::collections::BTreeSet<_> = doc
        .relations
        .iter()
        .map(|r| (r.kind.clone(), kept_text(doc, r.from), kept_text(doc, r.to)))
        .collect();
    assert!(
        expected.len() >= 14,
        "most of the sample's 16 links survive"
    );
    assert_eq!(got, expected);
    assert_eq!(doc.relations.len(), expected.len(), "no link twice");
    // The agreement window shows the pair's figures.
    h.get_by_label("Agreement").click();
    h.run();
    h.get_by_label("overall");
    let report = h
        .state()
        .compare
        .as_ref()
        .unwrap()
        .report
        .as_ref()
        .unwrap()
        .clone();
    assert!((report.overall.exact_f1.unwrap() - 2.0 * 48.0 / 99.0).abs() < 1e-12);
}

#[test]
fn compare_three_annotators_and_adjudicate() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on_copy_of_sample(&dir);
    let (bob, carol) = common::save_colleagues(app.session.project(), dir.path());
    app.push(Action::Comparison(ComparisonAction::CompareWith(vec![
        bob, carol,
    ])));
    let mut h = harness(app);
    h.run();
    h.get_by_label_contains("C: carol");
    h.get_by_label("exact match: 47");
    h.get_by_label("label mismatch: 1");
    h.get_by_label("not marked by all: 2");
    assert!(h.query_by_label_contains("only in A").is_none());
    h.get_by_label("Accept all exact matches").click();
    h.run();
    let undecided: Vec<(usize, marginalia::comparison::AgreementClass)> = {
        let c = &h.state().compare.as_ref().unwrap().comparison;
        (0..c.cases.len())
            .filter(|i| c.decision(*i).is_none())
            .map(|i| (i, c.cases[i].class))
            .collect()
    };
    assert_eq!(undecided.len(), 3);
    // Keys: C (or 3) takes Carol's span, A takes the open project's, T takes all.
    for (case, class) in &undecided {
        h.state_mut().compare.as_mut().unwrap().selected_case = Some(*case);
        let key = match class {
            marginalia::comparison::AgreementClass::LabelMismatch => egui::Key::Num3,
            _ => egui::Key::A,
        };
        h.key_press(key);
        h.run();
    }
    let c = &h.state().compare.as_ref().unwrap().comparison;
    assert_eq!(c.undecided(), 0);
    let mismatch = undecided
        .iter()
        .find(|(_, class)| *class == marginalia::comparison::AgreementClass::LabelMismatch)
        .unwrap()
        .0;
    assert_eq!(
        c.decision(mismatch),
        Some(marginalia::comparison::Decision::Take(2))
    );
    // The lanes show it: Carol's span settled as kept, the others as dropped; every span keeps
    // its label's colour, and the lane its agreement class's.
    let mode = h.state().compare.as_ref().unwrap();
    let view_doc = mode.view_session.document().unwrap();
    let mut shown: Vec<(usize, Option<bool>)> = mode
        .span_case
        .iter()
        .filter(|(_, (case, _))| *case == mismatch)
        .map(|(id, (_, k))| (*k, mode.view.span_styles[id].settled))
        .collect();
    shown.sort_by_key(|(k, _)| *k);
    assert_eq!(
        shown,
        vec![(0, Some(false)), (1, Some(false)), (2, Some(true))]
    );
    for (id, (case, k)) in &mode.span_case {
        let c = &mode.comparison.cases[*case];
        let source = mode.comparison.annotation(c, *k).unwrap();
        assert_eq!(view_doc.annotation(*id).unwrap().label, source.label);
    }
    let out = dir.path().join("gold.ron");
    h.state_mut().save_gold(&out);
    let gold = marginalia::project_file::load_project(&out).unwrap();
    assert_eq!(
        gold.annotation_count(),
        50,
        "47 agreed + 1 from Carol + 2 from A"
    );
    let first = &gold.documents[0].annotations[0];
    assert_eq!(first.label, "entity", "Carol's label for the disputed span");
    assert_eq!(first.attributes["adjudicated_from"], "carol");
    assert_eq!(
        gold.documents[0].relations.len(),
        16,
        "the open project's links all survive"
    );
}

#[test]
fn comparing_large_projects_runs_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on_copy_of_sample(&dir);
    let (bob, carol) = common::save_colleagues(app.session.project(), dir.path());
    // Every file counts as large here.
    app.background_bytes = 0;
    app.push(Action::Comparison(ComparisonAction::CompareWith(vec![
        bob, carol,
    ])));
    let mut h = harness(app);
    h.run_steps(2);
    let start = std::time::Instant::now();
    while h.state().is_busy() && start.elapsed() < std::time::Duration::from_secs(300) {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    h.run();
    let mode = h.state().compare.as_ref().expect("comparison is active");
    assert_eq!(mode.comparison.names, ["sample", "bob", "carol"]);
    h.get_by_label("exact match: 47");
    h.get_by_label_contains("Comparing with bob, carol: 50 cases");
}

#[test]
fn only_undecided_steps_skip_decided_cases() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on_copy_of_sample(&dir);
    let mut b = app.session.project().clone();
    for a in b.documents[0].annotations.iter_mut().take(4) {
        a.label = "quote".into();
    }
    let b_path = dir.path().join("bob.ron");
    marginalia::project_file::save_project(&b, &b_path).unwrap();
    app.push(Action::Comparison(ComparisonAction::CompareWith(vec![
        b_path,
    ])));
    let mut h = harness(app);
    h.run();
    h.get_by_label("Accept all exact matches").click();
    h.run();
    h.get_by_label("Only undecided").click();
    h.run();
    let undecided: Vec<usize> = {
        let c = &h.state().compare.as_ref().unwrap().comparison;
        (0..c.cases.len())
            .filter(|i| c.decision(*i).is_none())
            .collect()
    };
    assert_eq!(undecided.len(), 4);
    let selected =
        |h: &Harness<'_, MarginaliaApp>| h.state().compare.as_ref().unwrap().selected_case;
    h.key_press(egui::Key::N);
    h.run();
    assert_eq!(
        selected(&h),
        Some(undecided[0]),
        "N lands on an undecided case"
    );
    h.key_press(egui::Key::N);
    h.run();
    assert_eq!(selected(&h), Some(undecided[1]));
    h.key_press(egui::Key::P);
    h.run();
    assert_eq!(
        selected(&h),
        Some(undecided[0]),
        "P skips decided cases too"
    );
    // Deciding moves to the next undecided case, not to the decided one after it.
    h.key_press(egui::Key::A);
    h.run();
    assert_eq!(selected(&h), Some(undecided[1]));
}

#[test]
fn agreement_with_two_more_annotators_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_on_copy_of_sample(&dir);
    let (bob_path, carol_path) = common::save_colleagues(app.session.project(), dir.path());

    let mut h = harness(app);
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Agreement with…");
    h.get_by_label("File").click();
    h.run();
    assert!(
        h.query_by_label("Agreement with…").is_none(),
        "the menu closed"
    );
    h.state_mut()
        .push(Action::Comparison(ComparisonAction::AgreementWith(vec![
            bob_path.clone(),
            carol_path.clone(),
        ])));
    h.run();
    h.get_by_label("Agreement");
    h.get_by_label_contains("Annotators: sample, bob, carol");
    h.get_by_label("Every pair of annotators");
    h.get_by_label("sample – carol");
    h.get_by_label("mean");
    h.get_by_label("standard deviation");

    // The window shows what `marginalia agree` computes from the same files.
    let saved = dir.path().join("sample.ron");
    let projects: Vec<marginalia::model::Project> = [&saved, &bob_path, &carol_path]
        .iter()
        .map(|p| marginalia::project_file::load_project(p).unwrap())
        .collect();
    let names = ["sample", "bob", "carol"];
    let annotators: Vec<marginalia::agreement::Annotator<'_>> = projects
        .iter()
        .zip(names)
        .map(|(project, name)| marginalia::agreement::Annotator {
            name: name.into(),
            project,
        })
        .collect();
    let expected = marginalia::agreement::compute(&annotators).unwrap();
    let shown = h.state().agreement.clone().unwrap().unwrap();
    assert_eq!(shown, expected);
    assert_eq!(shown.pairs.len(), 3);
    // Bob and the open project differ only in one label: exact F1 = 49/50.
    let bob_pair = &shown.pairs[0];
    assert_eq!(
        (bob_pair.a.as_str(), bob_pair.b.as_str()),
        ("sample", "bob")
    );
    assert!((bob_pair.scores.exact_f1.unwrap() - 49.0 / 50.0).abs() < 1e-12);
    let shown_exact = format!("{:.3}", bob_pair.scores.exact_f1.unwrap());
    assert!(h.query_all_by_label(&shown_exact).count() >= 1);

    // Relabel the span back to what Bob has, then measure again: the pair now agrees fully.
    let first = h.state().session.document().unwrap().annotations[0].id;
    h.state_mut()
        .push(Action::Navigation(NavigationAction::Select(first)));
    h.run();
    h.key_press(egui::Key::Num2);
    h.run();
    h.get_by_label("Measure again").click();
    h.run();
    let again = h.state().agreement.clone().unwrap().unwrap();
    assert_eq!(again.pairs[0].scores.exact_f1, Some(1.0));

    // A project of another article is refused with the documents named.
    let other = common::save_unrelated_project(dir.path());
    h.state_mut()
        .push(Action::Comparison(ComparisonAction::AgreementWith(vec![
            other,
        ])));
    h.run();
    let err = h.state().agreement.clone().unwrap().unwrap_err();
    assert!(err.contains("elsewhere"), "{err}");
    assert_eq!(
        h.query_all_by_label_contains("share no document").count(),
        2,
        "in the Agreement window and as a notification"
    );
}
