use std::time::Instant;
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let t = Instant::now();
    let text = marginalia::project_file::read_text_limited(&path).unwrap();
    eprintln!("read {:?}", t.elapsed());
    let t = Instant::now();
    let p = marginalia::project_file::project_from_ron(&text, &path).unwrap();
    eprintln!("parse+validate {:?}", t.elapsed());
    let t = Instant::now();
    let problems = marginalia::validate::validate_project(&p);
    eprintln!("validate again {:?} {}", t.elapsed(), problems.len());
    let t = Instant::now();
    let s = marginalia::model::sha256_hex(p.documents[0].text());
    eprintln!("sha {:?} {}", t.elapsed(), s.len());
    let t = Instant::now();
    let v: ron::Value = ron::from_str(&text).unwrap();
    eprintln!(
        "ron value parse {:?} {}",
        t.elapsed(),
        matches!(v, ron::Value::Unit)
    );
}
