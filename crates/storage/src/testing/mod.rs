//! Fresh, throw-away databases for tests, made the same way in every crate.
//!
//! Enabled by the `testing` feature; only ever a dev-dependency. Each
//! [`TestDatabase`] is private to one test, so tests run in parallel:
//!
//! - SQLite (always available): a new file in a new temporary directory,
//!   deleted on drop.
//! - PostgreSQL (only when [`DATABASE_URL_VAR`] is set): a new schema with a
//!   random name in that database, made the connections' `search_path`, and
//!   dropped (with everything in it) on drop.
//!
//! ```text
//! let db = TestDatabase::migrated(Backend::Sqlite).await?;
//! db.ping().await?; // derefs to Database
//! ```

pub mod bulk;
pub mod bulk_residents;
pub mod suite;

use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{AssertSqlSafe, ConnectOptions, Connection, Executor};
use tempfile::TempDir;

use crate::database::postgres_options;
use crate::{Backend, Database, StorageError};

/// The environment variable naming a PostgreSQL database for tests, such as
/// `postgres://postgres@127.0.0.1:5432/test`. Its user must be allowed to
/// create schemas there.
pub const DATABASE_URL_VAR: &str = "REDRESS_TEST_DATABASE_URL";

/// The PostgreSQL test URL, if [`DATABASE_URL_VAR`] is set and not blank.
pub fn postgres_url() -> Option<String> {
    std::env::var(DATABASE_URL_VAR).ok().filter(|url| !url.trim().is_empty())
}

/// Whether a fresh database of this backend can be had here: SQLite always,
/// PostgreSQL when [`DATABASE_URL_VAR`] is set.
pub fn is_available(backend: Backend) -> bool {
    match backend {
        Backend::Sqlite => true,
        Backend::Postgres => postgres_url().is_some(),
    }
}

/// Why a test database could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TestDatabaseError {
    /// A PostgreSQL database was asked for but [`DATABASE_URL_VAR`] is unset.
    #[error("no PostgreSQL database for tests: set {DATABASE_URL_VAR}")]
    PostgresNotConfigured,

    /// [`DATABASE_URL_VAR`] is set to something other than a PostgreSQL URL.
    #[error("{DATABASE_URL_VAR} must be a postgres:// URL, not {0}")]
    NotPostgres(Backend),

    /// The temporary directory for a SQLite file could not be made.
    #[error("could not create a temporary directory for a SQLite test database")]
    TempDir(#[source] std::io::Error),

    /// The per-test PostgreSQL schema could not be created.
    #[error("could not create a PostgreSQL test schema")]
    CreateSchema(#[source] sqlx::Error),

    /// Connecting or migrating failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// A database that exists for one test and is removed when dropped.
///
/// Derefs to [`Database`]; clone that (`db.database().clone()`) to hand it
/// to code under test, but keep this value alive until the test ends.
pub struct TestDatabase {
    // Field order matters: the pool is dropped before the files or schema
    // it uses are removed.
    db: Database,
    again: Reconnect,
    _cleanup: Cleanup,
}

/// How to open another pool on the same database.
enum Reconnect {
    Sqlite(SqliteConnectOptions),
    Postgres(PgConnectOptions),
}

/// What to remove when a [`TestDatabase`] is dropped.
enum Cleanup {
    /// Dropping the directory deletes the database file and its WAL files.
    Sqlite { _dir: TempDir },
    /// Drops the schema on drop.
    Postgres { _schema: Box<DropSchema> },
}

impl TestDatabase {
    /// A fresh database with no tables at all, not even sqlx's bookkeeping:
    /// for testing migrations themselves.
    ///
    /// # Errors
    ///
    /// [`TestDatabaseError::PostgresNotConfigured`] for PostgreSQL without
    /// [`DATABASE_URL_VAR`]; otherwise whatever stopped the set-up.
    pub async fn empty(backend: Backend) -> Result<TestDatabase, TestDatabaseError> {
        match backend {
            Backend::Sqlite => Self::empty_sqlite().await,
            Backend::Postgres => {
                let url = postgres_url().ok_or(TestDatabaseError::PostgresNotConfigured)?;
                Self::empty_postgres(&url).await
            }
        }
    }

    /// A fresh database with every migration applied: what most tests want.
    ///
    /// # Errors
    ///
    /// As [`TestDatabase::empty`], or a failed migration.
    pub async fn migrated(backend: Backend) -> Result<TestDatabase, TestDatabaseError> {
        let test_db = Self::empty(backend).await?;
        test_db.db.migrate().await?;
        Ok(test_db)
    }

    /// The database under test.
    pub fn database(&self) -> &Database {
        &self.db
    }

    /// A second, independent pool on the same database (the same SQLite
    /// file, or the same PostgreSQL schema), as a second Redress process
    /// would have: for tests of concurrent writers. Close it, or drop it,
    /// before this value is dropped.
    ///
    /// # Errors
    ///
    /// [`TestDatabaseError::Storage`] if connecting fails.
    pub async fn connect_again(&self) -> Result<Database, TestDatabaseError> {
        Ok(match &self.again {
            Reconnect::Sqlite(options) => Database::connect_sqlite(options.clone()).await?,
            Reconnect::Postgres(options) => Database::connect_postgres(options.clone()).await?,
        })
    }

    /// Another pool on the same database, of at most `max_connections`, that waits at most
    /// `acquire_timeout` for one: for tests of what happens when every connection is busy.
    /// Close it when done.
    ///
    /// # Errors
    ///
    /// [`TestDatabaseError::Storage`] if connecting fails.
    pub async fn connect_small(
        &self,
        max_connections: u32,
        acquire_timeout: std::time::Duration,
    ) -> Result<Database, TestDatabaseError> {
        Ok(match &self.again {
            Reconnect::Sqlite(options) => {
                Database::connect_sqlite_sized(options.clone(), Some(max_connections), acquire_timeout).await?
            }
            Reconnect::Postgres(options) => {
                Database::connect_postgres_sized(options.clone(), Some(max_connections), acquire_timeout).await?
            }
        })
    }

    /// Takes one connection of `db`'s pool and keeps it until the returned guard is
    /// dropped: with [`TestDatabase::connect_small`], a saturated pool.
    ///
    /// # Errors
    ///
    /// [`TestDatabaseError::Storage`] if no connection can be had.
    pub async fn hold_connection(db: &Database) -> Result<Box<dyn std::any::Any + Send>, TestDatabaseError> {
        Ok(match db {
            Database::Sqlite(pool) => Box::new(pool.acquire().await.map_err(StorageError::from)?),
            Database::Postgres(pool) => Box::new(pool.acquire().await.map_err(StorageError::from)?),
        })
    }

    async fn empty_sqlite() -> Result<TestDatabase, TestDatabaseError> {
        let dir = tempfile::Builder::new().prefix("redress-test-").tempdir().map_err(TestDatabaseError::TempDir)?;
        // Options rather than a URL: a temporary path could contain
        // characters that a URL would need escaped.
        let options = SqliteConnectOptions::new().filename(dir.path().join("redress.db"));
        let db = Database::connect_sqlite(options.clone()).await?;
        Ok(TestDatabase { db, again: Reconnect::Sqlite(options), _cleanup: Cleanup::Sqlite { _dir: dir } })
    }

    async fn empty_postgres(url: &str) -> Result<TestDatabase, TestDatabaseError> {
        let backend = Backend::from_url(url)?;
        if backend != Backend::Postgres {
            return Err(TestDatabaseError::NotPostgres(backend));
        }
        // Test runs are noisy enough without a line per statement.
        let admin = postgres_options(url)?.disable_statement_logging();
        let schema = random_schema_name();

        let mut conn = PgConnection::connect_with(&admin).await.map_err(TestDatabaseError::CreateSchema)?;
        // The name is ours (see `random_schema_name`), not user input.
        conn.execute(AssertSqlSafe(format!("create schema {schema}")))
            .await
            .map_err(TestDatabaseError::CreateSchema)?;
        // Failing to close politely is harmless: the server ends the session.
        let _ = conn.close().await;
        // From here on the guard drops the schema even if connecting fails.
        let cleanup = DropSchema { admin: admin.clone(), schema: schema.clone() };

        // Unqualified names, including sqlx's `_sqlx_migrations`, then
        // resolve to (and are created in) the test's own schema.
        let options = admin.options([("search_path", schema.as_str())]);
        let db = Database::connect_postgres(options.clone()).await?;
        Ok(TestDatabase {
            db,
            again: Reconnect::Postgres(options),
            _cleanup: Cleanup::Postgres { _schema: Box::new(cleanup) },
        })
    }
}

/// Shows only the database: the clean-up data holds the test URL, which may
/// carry a password.
impl fmt::Debug for TestDatabase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestDatabase").field("db", &self.db).finish_non_exhaustive()
    }
}

impl Deref for TestDatabase {
    type Target = Database;

    fn deref(&self) -> &Database {
        &self.db
    }
}

/// A unique schema name such as `redress_test_3f9c0a1b2c3d4e5f`: safe to
/// put in SQL unquoted (lowercase letters, digits and `_` only).
fn random_schema_name() -> String {
    // std's RandomState is randomly keyed per process and per call; the
    // counter keeps names apart even if two calls were keyed alike.
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let hash = RandomState::new().hash_one((std::process::id(), n));
    format!("redress_test_{hash:016x}")
}

/// Drops a test schema when dropped.
struct DropSchema {
    admin: PgConnectOptions,
    schema: String,
}

impl Drop for DropSchema {
    fn drop(&mut self) {
        // If a test failed inside a transaction, that transaction may still
        // hold locks in the schema (its rollback needs the test's runtime,
        // which we block below): give up after a while instead of hanging.
        let admin = self.admin.clone().options([("lock_timeout", "5s")]);
        let sql = format!("drop schema if exists {} cascade", self.schema);
        // Drop cannot await, and the calling thread may be inside the test's
        // runtime (where `block_on` would panic) or have none at all, so the
        // schema is dropped on a thread with its own runtime, waited for.
        let outcome = std::thread::spawn(move || -> Result<(), String> {
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
            runtime
                .block_on(async {
                    let mut conn = PgConnection::connect_with(&admin).await?;
                    conn.execute(AssertSqlSafe(sql)).await?;
                    conn.close().await
                })
                .map_err(|e| e.to_string())
        })
        .join();
        let problem = match outcome {
            Ok(Ok(())) => return,
            Ok(Err(e)) => e,
            Err(_) => "the clean-up thread panicked".to_owned(),
        };
        // A leftover schema is worth a warning, not a failed test.
        eprintln!("could not drop test schema {}: {problem}", self.schema);
    }
}
