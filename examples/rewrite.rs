fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let p = marginalia::project_file::load_project(&path).unwrap();
    std::fs::write(&path, marginalia::project_file::project_to_ron(&p)).unwrap();
}
