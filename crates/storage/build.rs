//! Rebuilds the crate when a migration file changes.
//!
//! `sqlx::migrate!` embeds the SQL files at compile time, but stable Rust
//! cannot tell Cargo to watch them from inside the macro, so a new or edited
//! migration would otherwise be missed until something else changed.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
