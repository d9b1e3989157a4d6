//! Save and load + validate of a generated project: a 10 MB document with 100,000 annotations
//! (SPEC §4 goals: save < 300 ms, load + validate < 500 ms), and the smaller sizes beside it.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use marginalia::project_file::{load_project, project_to_ron, save_project};

mod corpus;

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
        save_project(&project, &path).expect("save");
        group.bench_function("load_and_validate", |b| {
            b.iter(|| black_box(load_project(&path).expect("load")))
        });
        group.finish();
    }
}

criterion_group!(benches, project_io);
criterion_main!(benches);
