//! The speed goals of SPEC §4 on generated articles of 10 KB, 1 MB and 10 MB with 100, 10,000 and
//! 100,000 annotations: open to first frame and scrolling through the real UI code run headless,
//! edits, find, exports and agreement.
//!
//! Frame percentiles are printed to stderr and written to `target/frame_times.txt`, since
//! criterion reports means.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use marginalia::agreement::{compute, Annotator};
use marginalia::comparison::Comparison;
use marginalia::edit::{new_annotation, Edit};
use marginalia::formats::{self, ExportOptions, Format};
use marginalia::model::{Fragment, Project};
use marginalia::session::Session;
use marginalia::ui::MarginaliaApp;

mod corpus;
mod headless;

const SIZES: [(&str, usize, usize); 3] = [
    ("10KB", 10_000, 100),
    ("1MB", 1_000_000, 10_000),
    ("10MB", 10_000_000, 100_000),
];

/// One headless frame of the real window: UI pass plus tessellation, as a native frame does.
fn frame(ctx: &egui::Context, app: &mut MarginaliaApp, time: f64) {
    let mut out = ctx.run_ui(headless::window_input(Some(time)), |ui| app.show(ui));
    let shapes = std::mem::take(&mut out.shapes);
    black_box(ctx.tessellate(shapes, out.pixels_per_point));
    out.textures_delta.clear();
}

fn app_for(project: Project) -> MarginaliaApp {
    headless::app_on(Session::unsaved(project))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn open_and_scroll(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut lines = Vec::new();
    for (name, bytes, n) in SIZES {
        let project = corpus::project(bytes, n, 7);
        let path = dir.path().join(format!("{name}.ron"));
        marginalia::project_file::save_project(&project, &path).expect("save");
        let mut group = c.benchmark_group(format!("ui/{name}"));
        group.sample_size(10);
        group.bench_function("open_to_first_frame", |b| {
            b.iter(|| {
                let ctx = egui::Context::default();
                let (session, _) = Session::open(&path).expect("open");
                let mut app = headless::app_on(session);
                frame(&ctx, &mut app, 0.0);
                black_box(app.view.painted.len())
            })
        });
        // Scroll from top to bottom in 200 jumps of a screen or more: every frame lays out new
        // paragraphs, the worst case for the per-paragraph cache.
        let ctx = egui::Context::default();
        let mut app = app_for(project.clone());
        frame(&ctx, &mut app, 0.0);
        let len = project.documents[0].char_len();
        let mut times = Vec::new();
        group.bench_function("scroll_frame", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for k in 0..iters {
                    let step = (k % 200) as usize;
                    app.view.scroll_to = Some(len * step / 200);
                    let start = Instant::now();
                    frame(&ctx, &mut app, 1.0 + k as f64 * 0.016);
                    frame(&ctx, &mut app, 1.0 + k as f64 * 0.016 + 0.008);
                    let t = start.elapsed() / 2;
                    times.push(t);
                    total += t;
                }
                total
            })
        });
        // Reading: the same screen, frame after frame (what the window does while you read).
        let mut steady = Vec::new();
        group.bench_function("steady_frame", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for k in 0..iters {
                    let start = Instant::now();
                    frame(&ctx, &mut app, 100.0 + k as f64 * 0.016);
                    let t = start.elapsed();
                    steady.push(t);
                    total += t;
                }
                total
            })
        });
        // Wheel scrolling: a few lines (300 characters) further every frame.
        let mut wheel = Vec::new();
        let mut at = 0usize;
        group.bench_function("wheel_scroll_frame", |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for k in 0..iters {
                    at = (at + 300) % len.max(1);
                    app.view.scroll_to = Some(at);
                    let start = Instant::now();
                    frame(&ctx, &mut app, 200.0 + k as f64 * 0.016);
                    let t = start.elapsed();
                    wheel.push(t);
                    total += t;
                }
                total
            })
        });
        for (kind, samples) in [("steady", &mut steady), ("wheel scroll", &mut wheel)] {
            samples.sort();
            if !samples.is_empty() {
                let line = format!(
                    "{name}: {kind} frame p50 {:.3} ms, p95 {:.3} ms over {} frames",
                    percentile(samples, 0.5).as_secs_f64() * 1e3,
                    percentile(samples, 0.95).as_secs_f64() * 1e3,
                    samples.len()
                );
                eprintln!("{line}");
                lines.push(line);
            }
        }
        times.sort();
        if !times.is_empty() {
            let line = format!(
                "{name}: jump scroll frame p50 {:.3} ms, p95 {:.3} ms over {} frames",
                percentile(&times, 0.5).as_secs_f64() * 1e3,
                percentile(&times, 0.95).as_secs_f64() * 1e3,
                times.len()
            );
            eprintln!("{line}");
            lines.push(line);
        }
        group.finish();
    }
    let _ = std::fs::create_dir_all("target");
    let _ = std::fs::write("target/frame_times.txt", lines.join("\n") + "\n");
}

fn edits_find_export_agree(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (name, bytes, n) in SIZES {
        let project = corpus::project(bytes, n, 7);
        let mut group = c.benchmark_group(format!("ops/{name}"));
        group.sample_size(10);
        let len = project.documents[0].char_len();
        let mut p = project.clone();
        group.bench_function("add_relabel_delete", |b| {
            b.iter(|| {
                let a = new_annotation(
                    &mut p,
                    0,
                    "entity",
                    &[Fragment::new(len / 2, len / 2 + 5)],
                    "bench",
                )
                .expect("new");
                let id = a.id;
                Edit::Add {
                    document: 0,
                    annotation: a,
                }
                .apply(&mut p)
                .expect("add");
                let mut changed = p.documents[0].annotation(id).expect("added").clone();
                changed.label = "claim".into();
                Edit::Update {
                    document: 0,
                    annotation: changed,
                }
                .apply(&mut p)
                .expect("relabel");
                Edit::Remove { document: 0, id }
                    .apply(&mut p)
                    .expect("delete");
            })
        });
        group.bench_function("span_index_rebuild", |b| {
            b.iter(|| {
                black_box(marginalia::span_index::SpanIndex::new(
                    &project.documents[0].annotations,
                ))
            })
        });
        group.bench_function("find", |b| {
            b.iter(|| {
                black_box(marginalia::find::find_all(
                    project.documents[0].text(),
                    "kalo",
                    false,
                ))
            })
        });
        for format in Format::ALL {
            let out = if format.writes_folder() {
                dir.path().join(format!("{name}-brat"))
            } else {
                dir.path().join(format!("{name}.{}", format.extension()))
            };
            group.bench_function(format!("export_{}", format.name()), |b| {
                b.iter(|| {
                    formats::export(&project, format, &out, &ExportOptions::default())
                        .expect("export")
                })
            });
        }
        let other = corpus::project_over(project.documents[0].text().to_owned(), n, 11);
        group.bench_function("agreement", |b| {
            b.iter(|| {
                black_box(
                    compute(&[
                        Annotator {
                            name: "a".into(),
                            project: &project,
                        },
                        Annotator {
                            name: "b".into(),
                            project: &other,
                        },
                    ])
                    .expect("agreement"),
                )
            })
        });
        group.bench_function("comparison_cases", |b| {
            b.iter_batched(
                || vec![project.clone(), other.clone()],
                |projects| {
                    black_box(
                        Comparison::new(projects, vec!["a".into(), "b".into()])
                            .expect("comparison"),
                    )
                },
                BatchSize::LargeInput,
            )
        });
        let mut decided = Comparison::new(
            vec![project.clone(), other.clone()],
            vec!["a".into(), "b".into()],
        )
        .expect("comparison");
        decided.accept_all_exact();
        for i in 0..decided.cases.len() {
            decided.decide(i, marginalia::comparison::Decision::TakeAll);
        }
        group.bench_function("comparison_gold", |b| {
            b.iter(|| black_box(decided.gold("bench")))
        });
        group.finish();
    }
}

criterion_group!(benches, open_and_scroll, edits_find_export_agree);
criterion_main!(benches);
