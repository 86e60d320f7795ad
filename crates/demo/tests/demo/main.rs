//! The demo generator on each database: SQLite always, PostgreSQL when
//! `REDRESS_TEST_DATABASE_URL` is set (otherwise its cases are listed as ignored and one line
//! says so). Each case gets fresh databases.
//!
//! ```text
//! cargo test -p redress-demo --test demo
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo test -p redress-demo --test demo
//! ```

// Test helpers may unwrap: a failure there is a failed test with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cases;
mod evidence;
mod fixtures;
mod pending;
mod tsm;

use std::process::ExitCode;

use redress_storage::Backend;
use redress_storage::testing::suite::{self, CaseFuture};

pub use redress_storage::testing::suite::CaseResult;

/// A case, run once per backend as `sqlite::NAME` and `postgresql::NAME`.
pub struct Case {
    /// The test's name: a sentence in snake case.
    pub name: &'static str,
    /// The case, given the backend.
    pub run: fn(Backend) -> CaseFuture,
}

/// `case!(f)`: the case running `async fn f(Backend) -> CaseResult`.
#[macro_export]
macro_rules! case {
    ($f:ident) => {
        $crate::Case { name: stringify!($f), run: |backend| Box::pin($f(backend)) }
    };
}

fn main() -> ExitCode {
    suite::run(
        "demo",
        cases::all()
            .into_iter()
            .chain(pending::all())
            .chain(tsm::all())
            .chain(evidence::all())
            .flat_map(|case| suite::on_each_backend(case.name, case.run))
            .collect(),
    )
}
