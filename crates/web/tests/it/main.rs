//! Integration tests of the web server, in one test binary: the router
//! called directly (`routes`), the server over a real socket (`server`),
//! and our template macros against GOV.UK Frontend's fixtures (`govuk`). Each test gets its own fresh SQLite database.

// clippy.toml lets #[test] functions unwrap; this extends that to the
// helpers they call, which clippy does not count as test code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod govuk;
mod routes;
mod server;

use std::sync::Arc;

use redress_app::{App, SystemClock};
use redress_domain::calendar::WorkingCalendar;
use redress_storage::Backend;
use redress_storage::testing::TestDatabase;
use redress_web::AppState;

/// A fresh, migrated SQLite database and state around it. Keep the
/// `TestDatabase` alive for the whole test: dropping it deletes the file.
async fn app() -> (TestDatabase, AppState) {
    let db = TestDatabase::migrated(Backend::Sqlite).await.expect("a fresh SQLite database");
    let app = App::new(db.database().clone(), WorkingCalendar::england_and_wales(), Arc::new(SystemClock))
        .expect("the application starts");
    let state = AppState::new(app);
    (db, state)
}
