//! Suggestions on a whole book: a 10 MB document with a 10,000-name gazetteer and every source
//! on (quotations, speakers, names, rules). Goal (issue 15): under a second. The reference is
//! SHA-256 of the same text, measured in the same run.

use criterion::{criterion_group, criterion_main, Criterion};
use marginalia::model::RULES;
use marginalia::suggest::{parse_gazetteer, suggest, SuggestOptions};

#[path = "corpus.rs"]
mod corpus;

fn book() -> (marginalia::model::Project, SuggestOptions) {
    // Quotations every few paragraphs, so the quote and speaker sources have work.
    let text = corpus::article(10_000_000, 11)
        .split("\n\n")
        .enumerate()
        .map(|(i, p)| {
            if i % 5 == 0 {
                format!("“{p},” he said.")
            } else {
                p.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    // 10,000 names: pairs of words of the text.
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().all(char::is_alphabetic))
        .take(20_000)
        .collect();
    let mut lines = String::new();
    for pair in words.chunks(2).take(10_000) {
        lines.push_str(&format!("{}\tentity\n", pair.join(" ")));
    }
    let gazetteer = parse_gazetteer(&lines).expect("gazetteer");
    let mut project = corpus::project_over(text, 1_000, 11);
    project.schema.suggest.set_enabled(RULES, true);
    (
        project,
        SuggestOptions {
            only: None,
            gazetteer,
        },
    )
}

fn suggestions(c: &mut Criterion) {
    let (project, options) = book();
    let mut group = c.benchmark_group("suggest/10MB");
    group.sample_size(10);
    group.bench_function("reference_sha256_of_the_text", |b| {
        b.iter(|| marginalia::model::sha256_hex(project.documents[0].text()))
    });
    group.bench_function("all_sources_10k_names", |b| {
        b.iter(|| suggest(&project, &options).len())
    });
    group.finish();
}

criterion_group!(benches, suggestions);
criterion_main!(benches);
