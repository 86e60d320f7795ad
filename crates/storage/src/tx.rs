//! Write transactions that behave alike on both backends.
//!
//! SQLite's busy handler is not called when a deferred transaction upgrades
//! from reading to writing, so two writers can fail with "database is locked"
//! despite the busy timeout. Write transactions there start with `BEGIN
//! IMMEDIATE`, taking the write lock up front (and waiting for it). PostgreSQL
//! uses an ordinary `BEGIN`; its row locks and unique keys do the rest.

use std::future::Future;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

/// A pool that can begin a write transaction.
pub(crate) trait BeginWrite {
    /// The backend.
    type Db: sqlx::Database;

    /// Begins a transaction that will write.
    fn begin_write(&self) -> impl Future<Output = Result<Transaction<'static, Self::Db>, sqlx::Error>> + Send;
}

impl BeginWrite for SqlitePool {
    type Db = Sqlite;

    fn begin_write(&self) -> impl Future<Output = Result<Transaction<'static, Sqlite>, sqlx::Error>> + Send {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for PgPool {
    type Db = Postgres;

    fn begin_write(&self) -> impl Future<Output = Result<Transaction<'static, Postgres>, sqlx::Error>> + Send {
        self.begin()
    }
}
