//! [`AppState`]: what every handler may use, shared across requests.

use std::fmt;

use redress_app::App;
use redress_storage::Database;

/// The state handed to every handler. Cheap to clone (axum clones it per
/// request): the [`App`] inside is a set of handles to shared things.
#[derive(Clone)]
pub struct AppState {
    app: App,
}

impl AppState {
    /// State around the application (a connected, migrated database, the
    /// calendar and the clock).
    pub fn new(app: App) -> AppState {
        AppState { app }
    }

    /// The use cases.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// The database.
    pub fn db(&self) -> &Database {
        self.app.db()
    }
}

/// Shows the database only: the clock and calendar say nothing useful.
impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState").field("db", self.db()).finish_non_exhaustive()
    }
}
