//! [`AppState`]: what every handler may use, shared across requests.

use redress_storage::Database;

/// The state handed to every handler. Cheap to clone (axum clones it per
/// request): each field is a handle to something shared.
#[derive(Clone, Debug)]
pub struct AppState {
    db: Database,
}

impl AppState {
    /// State around a connected, migrated database.
    pub fn new(db: Database) -> AppState {
        AppState { db }
    }

    /// The database.
    pub fn db(&self) -> &Database {
        &self.db
    }
}
