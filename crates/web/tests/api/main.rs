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

mod agents;
mod auth;
mod correspondence;
mod isolation;
mod lifecycle;
mod lists;
mod malformed;
mod openapi;
mod people;
mod refusals;
mod support;

use std::process::ExitCode;

use redress_storage::Backend;
use redress_storage::testing::suite::{self, CaseFuture};

/// One case: its module, its name (a sentence in snake case), and the case, run on each
/// backend. Checks inside use `assert!`; a panic fails the case.
pub struct Case {
    /// The module it is in.
    pub module: &'static str,
    /// The function's name.
    pub name: &'static str,
    /// The case itself.
    pub run: fn(Backend) -> CaseFuture,
}

/// `case!(f)`: a case running `async fn f(Backend)` on each backend.
#[macro_export]
macro_rules! case {
    ($f:ident) => {
        $crate::Case {
            module: module_path!(),
            name: stringify!($f),
            run: |backend| {
                Box::pin(async move {
                    $f(backend).await;
                    Ok(())
                })
            },
        }
    };
}

fn all_cases() -> Vec<Case> {
    [
        lifecycle::cases(),
        refusals::cases(),
        isolation::cases(),
        auth::cases(),
        openapi::cases(),
        malformed::cases(),
        correspondence::cases(),
        lists::cases(),
        people::cases(),
        agents::cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn main() -> ExitCode {
    let trials = all_cases()
        .into_iter()
        .flat_map(|case| {
            let module = case.module.rsplit("::").next().unwrap_or(case.module);
            suite::on_each_backend(&format!("{module}::{}", case.name), case.run)
        })
        .collect();
    suite::run("API", trials)
}
