//! One test harness for every suite that must run on both databases (storage conformance,
//! the API, the demo generator): each case runs on SQLite always, and on PostgreSQL when
//! [`DATABASE_URL_VAR`] is set. Otherwise its PostgreSQL half is listed as ignored and one
//! line says so, so a skipped half is never mistaken for a passing one.
//!
//! It is libtest-mimic's harness (the test target sets `harness = false`), because libtest
//! cannot decide at run time that a test is ignored.
//!
//! ```text
//! fn main() -> ExitCode {
//!     suite::run("API", cases.into_iter().flat_map(|c| suite::on_each_backend(c.name, c.run)).collect())
//! }
//! ```

use std::error::Error;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::process::ExitCode;

pub use libtest_mimic::Trial;
use libtest_mimic::{Arguments, Failed};

use super::{DATABASE_URL_VAR, is_available};
use crate::Backend;

/// What a case returns: `?` works on any error, and a failure shows the whole chain of
/// causes. Checks use `assert!`; a panic fails the case too.
pub type CaseResult = Result<(), Box<dyn Error + Send + Sync>>;

/// A running case.
pub type CaseFuture = Pin<Box<dyn Future<Output = CaseResult>>>;

/// A case written as `async fn name(backend: Backend)` that checks with `assert!` (a panic
/// fails it), named by its module and function; made with [`case!`](crate::case).
pub struct Case {
    /// The module it is in (`module_path!()`).
    pub module: &'static str,
    /// The function's name: a sentence in snake case.
    pub name: &'static str,
    /// The case itself.
    pub run: fn(Backend) -> CaseFuture,
}

/// `case!(f)`: a [`Case`] running `async fn f(Backend)` on each backend.
#[macro_export]
macro_rules! case {
    ($f:ident) => {
        $crate::testing::suite::Case {
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

/// The trials of these cases, each run on each backend as `<backend>::<module>::<name>`.
pub fn trials_of(cases: impl IntoIterator<Item = Case>) -> Vec<Trial> {
    cases
        .into_iter()
        .flat_map(|case| {
            let module = case.module.rsplit("::").next().unwrap_or(case.module);
            on_each_backend(&format!("{module}::{}", case.name), case.run)
        })
        .collect()
}

/// The two trials of a case run on each backend, named `sqlite::NAME` and
/// `postgresql::NAME`, the PostgreSQL one ignored when no server is configured.
pub fn on_each_backend(name: &str, run: fn(Backend) -> CaseFuture) -> Vec<Trial> {
    Backend::ALL
        .into_iter()
        .map(|backend| {
            Trial::test(format!("{backend}::{name}"), move || block_on(run(backend)))
                .with_ignored_flag(!is_available(backend))
        })
        .collect()
}

/// A case run once, for cases about no database or about several; ignored unless every
/// backend it `needs` is available.
pub fn once(name: &str, needs: &[Backend], run: fn() -> CaseFuture) -> Trial {
    let missing = needs.iter().any(|b| !is_available(*b));
    Trial::test(name, move || block_on(run())).with_ignored_flag(missing)
}

/// Runs the trials of the suite called `what` ("storage conformance", "API"…) with the
/// command line's arguments, first saying if its PostgreSQL cases are skipped.
pub fn run(what: &str, trials: Vec<Trial>) -> ExitCode {
    let args = Arguments::from_args();
    if !is_available(Backend::Postgres) {
        println!(
            "PostgreSQL {what} tests skipped: set {DATABASE_URL_VAR} \
             (e.g. postgres://postgres@127.0.0.1:5432/test) to run them"
        );
    }
    libtest_mimic::run(&args, trials).exit_code()
}

/// Runs a case on its own single-threaded runtime (libtest-mimic already runs trials on
/// parallel threads), turning an error or a panic into a failure with its message.
fn block_on(case: CaseFuture) -> Result<(), Failed> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start a Tokio runtime: {e}"))?;
    match std::panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(case))) {
        Ok(result) => result.map_err(|e| causes(&*e).into()),
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "the case panicked".to_owned())
            .into()),
    }
}

/// An error and its sources, one per line: the top-level message alone ("could not
/// connect …") rarely says why.
pub fn causes(error: &(dyn Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    text
}
