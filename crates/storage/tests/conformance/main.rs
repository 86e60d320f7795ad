//! The storage conformance suite: every case runs on SQLite and on
//! PostgreSQL, so the two backends cannot drift apart.
//!
//! SQLite cases always run, each on a fresh temporary file. PostgreSQL cases
//! run when `REDRESS_TEST_DATABASE_URL` is set, each in a fresh schema of
//! that database; otherwise they are listed as ignored and one line says so.
//!
//! This file is only the harness (libtest-mimic, so that PostgreSQL cases
//! can be reported as ignored at run time). Cases live in the modules below,
//! one per subject; a new module adds its `cases()` to [`all_cases`].
//!
//! ```text
//! cargo test -p redress-storage --test conformance
//! REDRESS_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//!     cargo test -p redress-storage --test conformance
//! ```

mod annual_reports;
mod audit;
mod categories;
mod checkpoints;
mod complaints;
mod connection;
mod correspondence;
mod dashboard_reads;
mod drafts;
mod events;
mod fixtures;
mod homes;
mod idempotency;
mod introspect;
mod letter_templates;
mod migrations;
mod missed;
mod organisations;
mod outbox;
mod people;
mod plans;
mod register_keys;
mod reporting;
mod resident_search;
mod schema;
mod self_assessments;
mod sessions;
mod settings;
mod snapshot;
mod together;
mod triage;
mod tsm_stages;
mod updates;
mod work;

use std::process::ExitCode;

use redress_storage::Backend;
use redress_storage::testing::suite::{self, Trial};

pub use redress_storage::testing::suite::{CaseFuture, CaseResult};

/// How a case is run.
pub enum Run {
    /// Once per backend, as `sqlite::NAME` and `postgresql::NAME`, given the
    /// backend to test.
    OnEach(fn(Backend) -> CaseFuture),
    /// Once, as `NAME`, for cases about no database or about several.
    Once(fn() -> CaseFuture),
}

/// One conformance case.
pub struct Case {
    /// The test's name: a sentence in snake case.
    pub name: &'static str,
    /// Backends a [`Run::Once`] case needs; it is ignored if one is missing.
    pub needs: &'static [Backend],
    /// The case itself.
    pub run: Run,
}

/// `on_each_backend!(f)`: a case running `async fn f(Backend) -> CaseResult`
/// on each backend.
#[macro_export]
macro_rules! on_each_backend {
    ($f:ident) => {
        $crate::Case { name: stringify!($f), needs: &[], run: $crate::Run::OnEach(|backend| Box::pin($f(backend))) }
    };
}

/// `once!(f, needs: [Backend::…])`: a case running `async fn f() ->
/// CaseResult` once, ignored unless the backends it needs are available.
#[macro_export]
macro_rules! once {
    ($f:ident, needs: [$($backend:expr),* $(,)?]) => {
        $crate::Case {
            name: stringify!($f),
            needs: &[$($backend),*],
            run: $crate::Run::Once(|| Box::pin($f())),
        }
    };
}

/// Every case of the suite.
fn all_cases() -> Vec<Case> {
    [
        connection::cases(),
        migrations::cases(),
        schema::cases(),
        organisations::cases(),
        people::cases(),
        together::cases(),
        homes::cases(),
        resident_search::cases(),
        complaints::cases(),
        missed::cases(),
        categories::cases(),
        plans::cases(),
        events::cases(),
        correspondence::cases(),
        drafts::cases(),
        outbox::cases(),
        idempotency::cases(),
        register_keys::cases(),
        reporting::cases(),
        dashboard_reads::cases(),
        audit::cases(),
        checkpoints::cases(),
        snapshot::cases(),
        sessions::cases(),
        settings::cases(),
        letter_templates::cases(),
        annual_reports::cases(),
        self_assessments::cases(),
        updates::cases(),
        triage::cases(),
        tsm_stages::cases(),
        work::cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn main() -> ExitCode {
    suite::run("conformance", all_cases().into_iter().flat_map(trials).collect())
}

/// The libtest trials for one case.
fn trials(case: Case) -> Vec<Trial> {
    match case.run {
        Run::OnEach(run) => suite::on_each_backend(case.name, run),
        Run::Once(run) => vec![suite::once(case.name, case.needs, run)],
    }
}
