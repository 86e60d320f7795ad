//! The JSON API, driven through the router with `oneshot` on a real database: every case runs
//! on SQLite, and on PostgreSQL when `REDRESS_TEST_DATABASE_URL` is set (otherwise its
//! PostgreSQL half is listed as ignored and one line says so).
//!
//! The harness is libtest-mimic's, as in the storage conformance suite, so that skipped
//! PostgreSQL cases show as ignored rather than passing silently. Cases live in the modules
//! below, one per subject, each listing its own in `cases()`; a case is named
//! `<backend>::<module>::<function>`.
//!
//! ```text
//! cargo test -p redress-web --test api
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo test -p redress-web --test api
//! ```

// Test code: a failed unwrap or assert is a failed case with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod access;
mod agents;
mod auth;
mod closure_days;
mod correspondence;
mod escalation_refusals;
mod handlers;
mod ids;
mod isolation;
mod letters;
mod lifecycle;
mod lists;
mod malformed;
mod managed_homes;
mod missed;
mod openapi;
mod people;
mod record;
mod recorded;
mod refusals;
mod resident_list;
mod retries;
mod support;
mod triage;

use std::process::ExitCode;

pub use redress_storage::case;
use redress_storage::testing::suite;
pub use redress_storage::testing::suite::Case;

fn main() -> ExitCode {
    let cases = [
        lifecycle::cases(),
        letters::cases(),
        recorded::cases(),
        refusals::cases(),
        handlers::cases(),
        escalation_refusals::cases(),
        triage::cases(),
        closure_days::cases(),
        isolation::cases(),
        auth::cases(),
        openapi::cases(),
        malformed::cases(),
        correspondence::cases(),
        lists::cases(),
        missed::cases(),
        resident_list::cases(),
        people::cases(),
        agents::cases(),
        managed_homes::cases(),
        access::cases(),
        retries::cases(),
        record::cases(),
        ids::cases(),
    ];
    suite::run("API", suite::trials_of(cases.into_iter().flatten()))
}
