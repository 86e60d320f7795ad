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
mod fixtures;

use std::error::Error;
use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;

use libtest_mimic::{Arguments, Failed, Trial};
use redress_storage::Backend;
use redress_storage::testing::{self, DATABASE_URL_VAR};

/// What a case returns; checks use `assert!`.
pub type CaseResult = Result<(), Box<dyn Error + Send + Sync>>;

/// A running case.
pub type CaseFuture = Pin<Box<dyn Future<Output = CaseResult>>>;

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
    let args = Arguments::from_args();
    if !testing::is_available(Backend::Postgres) {
        println!(
            "PostgreSQL demo tests skipped: set {DATABASE_URL_VAR} \
             (e.g. postgres://postgres@127.0.0.1:5432/test) to run them"
        );
    }
    let trials = cases::all()
        .into_iter()
        .flat_map(|case| {
            Backend::ALL.into_iter().map(move |backend| {
                Trial::test(format!("{backend}::{}", case.name), move || block_on((case.run)(backend)))
                    .with_ignored_flag(!testing::is_available(backend))
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

/// Runs a case on its own runtime (libtest-mimic runs trials on parallel threads).
fn block_on(case: CaseFuture) -> Result<(), Failed> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start a Tokio runtime: {e}"))?;
    runtime.block_on(case).map_err(|e| causes(&*e).into())
}

/// An error and its sources, one per line.
fn causes(error: &(dyn Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    text
}
