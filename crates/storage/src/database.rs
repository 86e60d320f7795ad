//! The [`Database`] handle: connecting by URL, checking and closing it.
//!
//! Queries belong in their own modules, one per aggregate (`organisations`,
//! `users`, `people`, `complaints`, `events`, `correspondence`,
//! `idempotency`, `audit`), written once with `$1` placeholders and run on
//! either pool with `db_run!`.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use sqlx::Connection;
use sqlx::pool::{PoolConnectionMetadata, PoolOptions};
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqliteSynchronous};

use crate::{Backend, StorageError};

/// How long a SQLite connection waits for another writer before failing with
/// "database is locked". Writes are short, so 5 s means something is wrong.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How long to wait for a pooled connection, including the first one at
/// start-up, before giving up (sqlx's default is 30 s). A request that
/// cannot get a connection in 5 s should fail with an error page rather than
/// hang, and `/healthz` should report a database that is down promptly.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// The most rows of an index SQLite's statistics read (the value its manual recommends),
/// so that gathering them costs milliseconds however large the database.
const SQLITE_ANALYSIS_LIMIT: u32 = 400;

/// How long a pooled connection may sit idle before it is checked (pinged) on its way out of
/// the pool. sqlx pings every connection it hands out by default: one more round trip per
/// query outside a transaction, which was a third of an intake's round trips on PostgreSQL. A
/// connection in steady use is known to be alive; one idle for longer may have been dropped
/// by the server or a firewall, and is checked first.
const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

/// The page cache of a SQLite connection alone with its database, in KiB (SQLite's default
/// is 2,000 KiB a connection): enough for the indexes a demo of 20,000 homes writes to.
const ALONE_CACHE_KIB: u32 = 64 * 1024;

/// How much of a SQLite database file each connection reads through a memory map rather than
/// by a system call a page (SQLite's `mmap_size`): a list page reads hundreds of pages, and
/// read by `pread` each is copied from the kernel's cache into the connection's own, which
/// was about a tenth of the lists' time in the lists benchmark. Pages still in the
/// write-ahead log are read from it as before. 1 GiB of address space, not of memory.
const SQLITE_MMAP_BYTES: u64 = 1 << 30;

/// A connection pool to the Redress database, on either backend.
///
/// Cheap to clone: clones share one pool. The variants are public so that
/// tests in this crate can run raw SQL; other crates should use methods.
#[derive(Clone)]
pub enum Database {
    /// A SQLite file.
    Sqlite(SqlitePool),
    /// A PostgreSQL database.
    Postgres(PgPool),
}

impl Database {
    /// Connects to the database a URL names: `sqlite://PATH` (the file is
    /// created if missing) or `postgres://…` / `postgresql://…`.
    ///
    /// SQLite connections use WAL, `synchronous = NORMAL` (safe with WAL and
    /// much faster than FULL), foreign keys and a 5 s busy timeout.
    ///
    /// # Errors
    ///
    /// An unsupported or missing scheme, an unparsable URL, or a database
    /// that cannot be reached. No error contains the password.
    pub async fn connect(url: &str) -> Result<Database, StorageError> {
        match Backend::from_url(url)? {
            Backend::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(|source| StorageError::InvalidUrl { backend: Backend::Sqlite, source })?;
                Self::connect_sqlite(options).await
            }
            Backend::Postgres => Self::connect_postgres(postgres_options(url)?).await,
        }
    }

    /// As [`Database::connect`], but with one connection that every statement uses, for a
    /// writer alone with its database (the demo generator, an importer). In SQLite each
    /// connection has its own thread and its own page cache, which a write by another
    /// connection empties: with one, consecutive statements run on the same thread and read
    /// pages it already holds, in a larger cache than a pooled connection's. A web server
    /// needs [`Database::connect`]'s pool.
    ///
    /// # Errors
    ///
    /// As [`Database::connect`].
    pub async fn connect_alone(url: &str) -> Result<Database, StorageError> {
        match Backend::from_url(url)? {
            Backend::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(|source| StorageError::InvalidUrl { backend: Backend::Sqlite, source })?
                    // The one connection keeps the pages it writes in batch after batch (the
                    // indexes' most of all) instead of reading them back from the file.
                    .pragma("cache_size", format!("-{ALONE_CACHE_KIB}"));
                Self::connect_sqlite_sized(options, Some(1), ACQUIRE_TIMEOUT).await
            }
            Backend::Postgres => Self::connect_postgres_sized(postgres_options(url)?, Some(1), ACQUIRE_TIMEOUT).await,
        }
    }

    /// Opens a SQLite pool with Redress's settings on top of `options`.
    pub(crate) async fn connect_sqlite(options: SqliteConnectOptions) -> Result<Database, StorageError> {
        Self::connect_sqlite_sized(options, None, ACQUIRE_TIMEOUT).await
    }

    /// As [`Database::connect_sqlite`], with at most `max_connections` (sqlx's default if
    /// `None`) and this acquire timeout: for a writer alone ([`Database::connect_alone`]) and
    /// for tests of a saturated pool.
    pub(crate) async fn connect_sqlite_sized(
        options: SqliteConnectOptions,
        max_connections: Option<u32>,
        acquire_timeout: Duration,
    ) -> Result<Database, StorageError> {
        let options = options
            .create_if_missing(true)
            // sqlx leaves the journal mode alone; WAL lets readers carry on
            // while one writer writes.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .pragma("mmap_size", SQLITE_MMAP_BYTES.to_string())
            // The planner's statistics, without which SQLite cannot tell which of two filters'
            // indexes is the more selective (issue 8): as the SQLite manual recommends for
            // long-lived connections, gathered at open where they are missing or stale, and
            // at close, each reading at most `SQLITE_ANALYSIS_LIMIT` rows an index.
            .analysis_limit(SQLITE_ANALYSIS_LIMIT)
            .pragma("optimize", "0x10002")
            .optimize_on_close(true, SQLITE_ANALYSIS_LIMIT);
        let target = format!("sqlite://{}", options.get_filename().display());
        let mut pool_options = pool_options(acquire_timeout);
        if let Some(max) = max_connections {
            pool_options = pool_options.max_connections(max);
        }
        let pool = pool_options.connect_with(options).await.map_err(|source| StorageError::Connect {
            backend: Backend::Sqlite,
            target: target.clone(),
            source,
        })?;
        tracing::info!(backend = %Backend::Sqlite, %target, "connected to the database");
        Ok(Database::Sqlite(pool))
    }

    /// Opens a PostgreSQL pool with `options` as given.
    pub(crate) async fn connect_postgres(options: PgConnectOptions) -> Result<Database, StorageError> {
        Self::connect_postgres_sized(options, None, ACQUIRE_TIMEOUT).await
    }

    /// As [`Database::connect_postgres`], with at most `max_connections` (sqlx's default if
    /// `None`) and this acquire timeout: for a writer alone ([`Database::connect_alone`]) and
    /// for tests of a saturated pool.
    pub(crate) async fn connect_postgres_sized(
        options: PgConnectOptions,
        max_connections: Option<u32>,
        acquire_timeout: Duration,
    ) -> Result<Database, StorageError> {
        let target = postgres_target(&options);
        let mut pool_options = pool_options(acquire_timeout);
        if let Some(max) = max_connections {
            pool_options = pool_options.max_connections(max);
        }
        let pool = pool_options.connect_with(options).await.map_err(|source| StorageError::Connect {
            backend: Backend::Postgres,
            target: target.clone(),
            source,
        })?;
        tracing::info!(backend = %Backend::Postgres, %target, "connected to the database");
        Ok(Database::Postgres(pool))
    }

    /// Which engine this is.
    pub fn backend(&self) -> Backend {
        match self {
            Database::Sqlite(_) => Backend::Sqlite,
            Database::Postgres(_) => Backend::Postgres,
        }
    }

    /// Checks that the database answers a trivial query (`select 1`), for
    /// health checks.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] when no connection can be had (database down,
    /// pool closed) or the query fails.
    pub async fn ping(&self) -> Result<(), StorageError> {
        db_run!(self, pool => sqlx::query_scalar::<_, i32>("select 1").fetch_one(pool).await)?;
        Ok(())
    }

    /// Closes the pool: waits for connections in use to be returned, then
    /// closes them all. Every clone sees the pool closed; later queries fail
    /// with [`StorageError::Query`]. For shutdown, and for tests of what
    /// happens when the database is gone.
    pub async fn close(&self) {
        db_run!(self, pool => pool.close().await);
    }
}

/// Deliberately shows only the backend: the pools' own `Debug` output would
/// include their connection options.
impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Database").field(&self.backend()).finish()
    }
}

/// Pool options of either backend: this acquire timeout, and a ping only for a connection
/// that has been idle longer than [`PING_AFTER_IDLE`] (a connection that fails it is closed
/// and another taken, as sqlx does with its default check on every acquire).
fn pool_options<DB: sqlx::Database>(acquire_timeout: Duration) -> PoolOptions<DB> {
    PoolOptions::new().acquire_timeout(acquire_timeout).test_before_acquire(false).before_acquire(
        |conn: &mut DB::Connection, meta: PoolConnectionMetadata| {
            Box::pin(async move {
                if meta.idle_for > PING_AFTER_IDLE {
                    conn.ping().await?;
                }
                Ok(true)
            })
        },
    )
}

/// Parses a PostgreSQL URL, keeping the reason but not the URL on failure.
pub(crate) fn postgres_options(url: &str) -> Result<PgConnectOptions, StorageError> {
    PgConnectOptions::from_str(url).map_err(|source| StorageError::InvalidUrl { backend: Backend::Postgres, source })
}

/// Where a PostgreSQL pool connects, without user name or password, for
/// messages and logs.
fn postgres_target(options: &PgConnectOptions) -> String {
    match options.get_socket() {
        Some(socket) => format!("postgresql://{} (socket)", socket.display()),
        None => format!("postgresql://{}:{}", options.get_host(), options.get_port()),
    }
}
