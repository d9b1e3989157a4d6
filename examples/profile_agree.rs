use std::time::Instant;
fn main() {
    let a = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let b = std::path::PathBuf::from(std::env::args().nth(2).unwrap());
    let t = Instant::now();
    let pa = marginalia::project_file::load_project(&a).unwrap();
    let pb = marginalia::project_file::load_project(&b).unwrap();
    eprintln!("load both {:?}", t.elapsed());
    let ann = vec![
        marginalia::agreement::Annotator {
            name: "a".into(),
            project: &pa,
        },
        marginalia::agreement::Annotator {
            name: "b".into(),
            project: &pb,
        },
    ];
    let t = Instant::now();
    let r = marginalia::agreement::compute(&ann).unwrap();
    eprintln!("compute {:?}", t.elapsed());
    let t = Instant::now();
    let s = serde_json::to_string(&r).unwrap();
    eprintln!("json {:?} {}", t.elapsed(), s.len());
    let t = Instant::now();
    let tokens = marginalia::formats::tokens::tokenize(pa.documents[0].text(), &[]);
    eprintln!("tokenize {:?} {}", t.elapsed(), tokens.len());
    let t = Instant::now();
    drop(pa);
    drop(pb);
    eprintln!("drop {:?}", t.elapsed());
}
