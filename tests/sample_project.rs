//! The sample project is what a new user sees first: it must be valid and complete.

use std::path::Path;

use marginalia::project_file::load_project;

#[test]
fn sample_is_valid_and_tags_entities_claims_and_quotes() {
    let project = load_project(Path::new("projects/acting-on-xis-vision.ron")).unwrap();
    let doc = &project.documents[0];
    let count = |label: &str| doc.annotations.iter().filter(|a| a.label == label).count();
    assert!(count("entity") >= 25);
    assert!(count("quote") >= 6);
    assert!(count("claim") >= 5);
    for ann in &doc.annotations {
        if ann.label == "quote" {
            assert!(
                ann.text.starts_with('“'),
                "quotes keep their marks: {}",
                ann.text
            );
        }
        assert_eq!(
            ann.text.trim(),
            ann.text,
            "no span starts or ends with whitespace"
        );
    }
    // Every person named in the article is tagged.
    for name in [
        "Xi Jinping",
        "Jack Ma",
        "Long Baozheng",
        "Eric Jing",
        "Zhong Yongjian",
        "Wang Xiaofeng",
    ] {
        assert!(
            doc.annotations
                .iter()
                .any(|a| a.label == "entity" && a.text == name),
            "{name}"
        );
    }
    // Every curly-quoted passage is tagged as a quote.
    let text: Vec<char> = doc.text().chars().collect();
    let opens: Vec<usize> = text
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '“')
        .map(|(i, _)| i)
        .collect();
    for start in opens {
        assert!(
            doc.annotations
                .iter()
                .any(|a| a.label == "quote" && a.start() == start),
            "quote at {start}"
        );
    }
}
