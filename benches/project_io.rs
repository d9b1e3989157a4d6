//! Save and load + validate of a generated project: a 10 MB document with 100,000 annotations
//! (SPEC §4 goals: save < 200 ms, load + validate < 350 ms), and the smaller sizes beside it.
//!
//! Two reference figures are measured in the same run on the same file, so that a figure can be
//! read across machines (a slower machine slows the reference too; a regression does not):
//! `reference_read_sha256` reads the saved project file and hashes it with SHA-256, and
//! `reference_json_parse` parses the same project written as JSON with serde_json.
//!
//! The 10 MB project and a second annotator's version of it are left in `target/bench-data/` for
//! the whole-process figures of `benches/whole_process.sh`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use marginalia::model::Project;
use marginalia::project_file::{
    load_project, parse_json_reference, project_to_json_reference, project_to_ron, save_project,
};
use sha2::{Digest, Sha256};

mod corpus;

/// Where generated inputs are kept for the whole-process script.
fn bench_data() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-data")
}

fn project_io(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (name, bytes, annotations) in [
        ("10KB_100", 10_000, 100),
        ("1MB_10k", 1_000_000, 10_000),
        ("10MB_100k", 10_000_000, 100_000),
    ] {
        let project = corpus::project(bytes, annotations, 7);
        let path = dir.path().join(format!("{name}.ron"));
        let mut group = c.benchmark_group(format!("project_io/{name}"));
        group.sample_size(10);
        group.bench_function("serialize", |b| {
            b.iter(|| black_box(project_to_ron(&project)))
        });
        group.bench_function("save", |b| {
            b.iter(|| save_project(&project, &path).expect("save"))
        });
        // What autosave costs the window's thread: the shared project it hands to the writer
        // thread, and the thread's start.
        let session = marginalia::session::Session::unsaved(project.clone());
        group.bench_function("autosave_window_thread", |b| {
            b.iter(|| {
                let shared = session.shared_project();
                std::thread::spawn(move || black_box(shared.documents.len()))
            })
        });
        // An edit made while the writer still holds the project copies it once.
        group.bench_function("copy_when_edited_during_autosave", |b| {
            b.iter(|| black_box(project.clone()))
        });
        save_project(&project, &path).expect("save");
        group.bench_function("load_and_validate", |b| {
            b.iter(|| black_box(load_project(&path).expect("load")))
        });
        group.bench_function("reference_read_sha256", |b| {
            b.iter(|| {
                let bytes = std::fs::read(&path).expect("read");
                black_box(Sha256::digest(&bytes))
            })
        });
        let json = project_to_json_reference(&project);
        assert_eq!(parse_json_reference(&json), Ok(project.annotation_count()));
        group.bench_function("reference_json_parse", |b| {
            b.iter(|| black_box(parse_json_reference(&json).expect("parse JSON")))
        });
        group.finish();
        if name == "10MB_100k" {
            keep_for_whole_process(&project, &path);
        }
    }
}

/// Copy the saved 10 MB project and write a second annotator's version (a different seed over the
/// same text) for `benches/whole_process.sh`.
fn keep_for_whole_process(project: &Project, path: &std::path::Path) {
    // Same text, another annotator's spans.
    let data = bench_data();
    if std::fs::create_dir_all(&data).is_err() {
        return;
    }
    let _ = std::fs::copy(path, data.join("10MB_100k.ron"));
    let text = project.documents[0].text().to_owned();
    let other = corpus::project_over(text, 100_000, 11);
    let _ = save_project(&other, &data.join("10MB_100k_b.ron"));
}

criterion_group!(benches, project_io);
criterion_main!(benches);
