//! Delivery end to end: correspondence recorded with its email on a real database (SQLite,
//! and PostgreSQL when `REDRESS_TEST_DATABASE_URL` is set), sent by the SMTP sender over a
//! real SMTP exchange with the loopback sink, and what arrived parsed as MIME. The clock is
//! set by each case, and the cases call the use case the server's worker calls ("deliver
//! what is due"): nothing sleeps.
//!
//! ```text
//! cargo test -p redress-mail --test delivery
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo test -p redress-mail --test delivery
//! ```

// Test code: a failed unwrap or assert is a failed case with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod email;
mod post;
mod world;

use std::process::ExitCode;

use redress_storage::testing::suite;
pub use redress_storage::{case, testing::suite::Case};

fn main() -> ExitCode {
    let cases = [email::cases(), post::cases()];
    suite::run("delivery", suite::trials_of(cases.into_iter().flatten()))
}
