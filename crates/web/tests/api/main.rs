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

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::process::ExitCode;

use libtest_mimic::{Arguments, Failed, Trial};
use redress_storage::Backend;
use redress_storage::testing::{self, DATABASE_URL_VAR};

/// A running case. Checks inside use `assert!`; a panic fails the case.
pub type CaseFuture = Pin<Box<dyn Future<Output = ()>>>;

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
        $crate::Case { module: module_path!(), name: stringify!($f), run: |backend| Box::pin($f(backend)) }
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
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    if !testing::is_available(Backend::Postgres) {
        println!(
            "PostgreSQL API tests skipped: set {DATABASE_URL_VAR} \
             (e.g. postgres://postgres@127.0.0.1:5432/test) to run them"
        );
    }
    let trials = all_cases()
        .into_iter()
        .flat_map(|case| {
            Backend::ALL.into_iter().map(move |backend| {
                let module = case.module.rsplit("::").next().unwrap_or(case.module);
                let run = case.run;
                Trial::test(format!("{backend}::{module}::{}", case.name), move || block_on(run(backend)))
                    .with_ignored_flag(!testing::is_available(backend))
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

/// Runs a case on its own single-threaded runtime (libtest-mimic runs trials on parallel
/// threads), turning a panic into a failure with its message.
fn block_on(case: CaseFuture) -> Result<(), Failed> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start a Tokio runtime: {e}"))?;
    match std::panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(case))) {
        Ok(()) => Ok(()),
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "the case panicked".to_owned());
            Err(message.into())
        }
    }
}
