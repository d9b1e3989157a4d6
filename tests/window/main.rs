//! The annotation window driven headless with egui_kittest on the real app state: one test binary,
//! one module per feature, one shared harness.

#[path = "../common/mod.rs"]
mod common;
use common::harness;

mod compare;
mod corpus;
mod fields;
mod files;
mod inspector;
mod keys;
mod links;
mod look;
mod review;
mod right_to_left;
mod schema;
mod sources;
mod suggestions;
mod tagging;
