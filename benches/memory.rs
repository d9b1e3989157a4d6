//! Peak memory of opening a project and showing its first frame, measured with a counting global
//! allocator, against the goal of SPEC §4: under 10 × the text size + 500 bytes per annotation.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use marginalia::session::Session;

mod corpus;
mod headless;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grow(size: usize) {
    let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grow(new_size - layout.size());
        } else {
            CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let dir = tempfile::tempdir().expect("temporary folder");
    println!("| input | text bytes | annotations | peak heap while opening + first frame | goal | ratio to goal |");
    println!("|---|---|---|---|---|---|");
    for (name, bytes, n) in [
        ("10KB", 10_000, 100),
        ("1MB", 1_000_000, 10_000),
        ("10MB", 10_000_000, 100_000),
    ] {
        let path = dir.path().join(format!("{name}.ron"));
        let text_len;
        {
            let project = corpus::project(bytes, n, 7);
            text_len = project.documents[0].text().len();
            marginalia::project_file::save_project(&project, &path).expect("save");
        }
        let baseline = CURRENT.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        {
            let ctx = egui::Context::default();
            let (session, _) = Session::open(&path).expect("open");
            let mut app = headless::app_on(session);
            let mut out = ctx.run_ui(headless::window_input(None), |ui| app.show(ui));
            out.textures_delta.clear();
        }
        let peak = PEAK.load(Ordering::Relaxed) - baseline;
        let goal = 10 * text_len + 500 * n;
        println!(
            "| {name} | {text_len} | {n} | {:.1} MB | {:.1} MB | {:.2} |",
            peak as f64 / 1e6,
            goal as f64 / 1e6,
            peak as f64 / goal as f64
        );
    }
}
