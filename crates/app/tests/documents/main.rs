//! The documents the application makes from the record, end to end on a real database
//! (SQLite, and PostgreSQL when `REDRESS_TEST_DATABASE_URL` is set): the case file of a
//! complaint lived through both stages (its zip opened, its PDF read with poppler's
//! `pdftotext` when installed), and the print queue's letters to post with a day's letters
//! joined into one PDF; and the board pack's PDF, holding the dashboard's figures.
//!
//! ```text
//! cargo test -p redress-app --test documents
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo test -p redress-app --test documents
//! ```

// Test code: a failed unwrap or assert is a failed case with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod annual_report;
mod board_pack;
mod case_file;
mod poppler;
mod print;
mod world;

use std::process::ExitCode;

use redress_storage::testing::suite;
pub use redress_storage::{case, testing::suite::Case};

fn main() -> ExitCode {
    let cases = [board_pack::cases(), case_file::cases(), print::cases(), annual_report::cases()];
    suite::run("documents", suite::trials_of(cases.into_iter().flatten()))
}
