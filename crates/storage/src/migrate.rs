//! The embedded migrations and [`Database::migrate`].
//!
//! Each backend has its own folder under `migrations/`, with the same file
//! names, forward-only. The SQL is compiled into the binary, so a deployed
//! Redress needs no files beside it.

use sqlx::migrate::Migrator;

use crate::{Database, StorageError};

/// `migrations/sqlite`, embedded at compile time.
static SQLITE: Migrator = sqlx::migrate!("./migrations/sqlite");

/// `migrations/postgres`, embedded at compile time.
static POSTGRES: Migrator = sqlx::migrate!("./migrations/postgres");

impl Database {
    /// Applies every embedded migration not yet applied, then writes the search terms of any
    /// resident without them (see `resident_search.rs`). Running it again is a no-op, so it
    /// is safe on every start-up.
    ///
    /// # Errors
    ///
    /// [`StorageError::Migrate`] if a migration fails, or if one already
    /// applied has since been edited (its checksum changed); [`StorageError::Query`] if
    /// the search terms cannot be written.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        let result = match self {
            Database::Sqlite(pool) => SQLITE.run(pool).await,
            Database::Postgres(pool) => POSTGRES.run(pool).await,
        };
        result.map_err(|source| StorageError::Migrate { backend: self.backend(), source })?;
        // Residents recorded before their search terms were kept (migration 0019) get them.
        self.index_unsearched_residents().await?;
        Ok(())
    }
}
