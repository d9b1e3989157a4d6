use std::time::Instant;
fn main() {
    let a = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let p = marginalia::project_file::load_project(&a).unwrap();
    for _ in 0..3 {
        let t = Instant::now();
        let c = p.clone();
        eprintln!("clone {:?}", t.elapsed());
        let t = Instant::now();
        let s = marginalia::project_file::project_to_ron(&c);
        eprintln!("serialize {:?} {}", t.elapsed(), s.len());
    }
}
