//! Suggestions on a whole book: a 10 MB document with a 10,000-name gazetteer and every source
//! on (quotations, speakers, names, rules). Goal (issue 15): under a second. The reference is
//! SHA-256 of the same text, measured in the same run.

use criterion::{criterion_group, criterion_main, Criterion};
use marginalia::model::RULES;
use marginalia::suggest::{parse_gazetteer, suggest, SuggestOptions};

#[path = "corpus.rs"]
mod corpus;
mod headless;

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

/// The window while suggestions are computed on its worker thread: every frame's time, from
/// Ctrl+G to the frame that shows them. Written to stderr and `target/suggestion_frames.txt`.
fn frames_while_suggesting(_c: &mut Criterion) {
    let (project, _) = book();
    let mut app = headless::app_on(marginalia::session::Session::unsaved(project));
    let ctx = egui::Context::default();
    let mut time = 0.0;
    let frame = |app: &mut marginalia::ui::MarginaliaApp, time: f64| {
        let started = std::time::Instant::now();
        let mut out = ctx.run_ui(headless::window_input(Some(time)), |ui| app.show(ui));
        let shapes = std::mem::take(&mut out.shapes);
        std::hint::black_box(ctx.tessellate(shapes, out.pixels_per_point));
        started.elapsed()
    };
    for _ in 0..3 {
        time += 0.016;
        frame(&mut app, time);
    }
    app.push(marginalia::ui::actions::Action::Run(
        marginalia::ui::commands::Command::ToggleSuggestions,
    ));
    let started = std::time::Instant::now();
    let mut times = Vec::new();
    while app.suggestions.list.is_empty() && started.elapsed().as_secs() < 30 {
        time += 0.016;
        times.push(frame(&mut app, time));
        std::thread::sleep(std::time::Duration::from_millis(4));
    }
    let total = started.elapsed();
    let first = times.first().copied().unwrap_or_default();
    let last = times.last().copied().unwrap_or_default();
    eprintln!(
        "first frame {:.2} ms, last frame {:.2} ms",
        first.as_secs_f64() * 1e3,
        last.as_secs_f64() * 1e3
    );
    times.sort();
    let worst = times.last().copied().unwrap_or_default();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let line = format!(
        "suggest/10MB/frames_while_suggesting: {} frames in {:.0} ms until shown, median {:.2} ms, worst {:.2} ms, {} suggestions",
        times.len(),
        total.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3,
        app.suggestions.list.len()
    );
    eprintln!("{line}");
    let _ = std::fs::write("target/suggestion_frames.txt", line + "\n");
}

criterion_group!(benches, suggestions, frames_while_suggesting);
criterion_main!(benches);
