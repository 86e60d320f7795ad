//! The staff pages, driven through the router with `oneshot` on a real database: every case
//! runs on SQLite, and on PostgreSQL when `REDRESS_TEST_DATABASE_URL` is set (otherwise its
//! PostgreSQL half is listed as ignored). Browser tests (Playwright, axe) are separate.
//!
//! ```text
//! cargo test -p redress-web --test pages
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo test -p redress-web --test pages
//! ```

// Test code: a failed unwrap or assert is a failed case with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod access;
mod annual_report;
mod board_pack;
mod cases;
mod categories;
mod closure_days;
mod export;
mod file;
mod find_resident;
mod forms;
mod handlers;
mod ids;
mod insight;
mod letter_templates;
mod letters;
mod managed_homes;
mod print;
mod reports;
mod residents;
mod self_assessment;
mod service_requests;
mod settings;
mod sign_in;
mod site;
mod triage;

use std::process::ExitCode;

pub use redress_storage::case;
use redress_storage::testing::suite;
pub use redress_storage::testing::suite::Case;

fn main() -> ExitCode {
    let cases = [
        sign_in::cases(),
        cases::cases(),
        export::cases(),
        forms::cases(),
        find_resident::cases(),
        handlers::cases(),
        managed_homes::cases(),
        reports::cases(),
        board_pack::cases(),
        insight::cases(),
        annual_report::cases(),
        residents::cases(),
        service_requests::cases(),
        settings::cases(),
        self_assessment::cases(),
        letter_templates::cases(),
        categories::cases(),
        closure_days::cases(),
        triage::cases(),
        file::cases(),
        letters::cases(),
        print::cases(),
        access::cases(),
        ids::cases(),
    ];
    suite::run("pages", suite::trials_of(cases.into_iter().flatten()))
}
