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

mod cases;
mod forms;
mod sign_in;
mod site;

use std::process::ExitCode;

use redress_storage::Backend;
use redress_storage::testing::suite::{self, CaseFuture};

/// One case: its module, its name (a sentence in snake case), and the case, run on each
/// backend.
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

fn main() -> ExitCode {
    let trials = [sign_in::cases(), cases::cases(), forms::cases()]
        .into_iter()
        .flatten()
        .flat_map(|case| {
            let module = case.module.rsplit("::").next().unwrap_or(case.module);
            suite::on_each_backend(&format!("{module}::{}", case.name), case.run)
        })
        .collect();
    suite::run("pages", trials)
}
