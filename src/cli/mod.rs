//! Commands of the command line that have grown past a few lines, one file each (the rest are
//! in `main.rs`).

pub mod import;
pub mod project;
pub mod suggest;
