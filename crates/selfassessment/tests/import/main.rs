//! The importer's tests: the published seeds read right, the same content in layouts the
//! importer has never seen read the same, and a fuzz of bytes and mutated documents.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
mod compare;
mod fuzz;
mod layouts;
mod seeds;
