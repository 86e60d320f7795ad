//! Letters issued from real cases (issue 11), on each database backend (SQLite, and
//! PostgreSQL when `REDRESS_TEST_DATABASE_URL` is set): every kind complete from a case lived
//! through the use cases, an edited template that drops a required element refused naming the
//! provision and the element, a retry answered once, the delivery preselected from the
//! resident's record, and a stage 1 response sent over SMTP to the loopback sink with its PDF.
//!
//! ```text
//! cargo test -p redress-app --test letters
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo test -p redress-app --test letters
//! ```

// Test code: a failed unwrap or assert is a failed case with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod email;
mod issue;
mod world;

use std::process::ExitCode;

use redress_storage::testing::suite;
pub use redress_storage::{case, testing::suite::Case};

fn main() -> ExitCode {
    let cases = [issue::cases(), email::cases()];
    suite::run("letters", suite::trials_of(cases.into_iter().flatten()))
}
