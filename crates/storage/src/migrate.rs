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

    /// Applies the embedded migrations up to and including `version` only: for the tests of
    /// a migration that changes data, which store data as it was before it.
    ///
    /// # Errors
    ///
    /// As [`Database::migrate`].
    #[cfg(feature = "testing")]
    pub async fn migrate_to(&self, version: i64) -> Result<(), StorageError> {
        let result = match self {
            Database::Sqlite(pool) => SQLITE.run_to(version, pool).await,
            Database::Postgres(pool) => POSTGRES.run_to(version, pool).await,
        };
        result.map_err(|source| StorageError::Migrate { backend: self.backend(), source })
    }
}
