//! Write transactions that behave alike on both backends.
//!
//! SQLite's busy handler is not called when a deferred transaction upgrades
//! from reading to writing, so two writers can fail with "database is locked"
//! despite the busy timeout. Write transactions there start with `BEGIN
//! IMMEDIATE`, taking the write lock up front (and waiting for it). PostgreSQL
//! uses an ordinary `BEGIN`; its row locks and unique keys do the rest.
//!
//! SQLite has one writer at a time, and a writer that finds the file locked
//! waits in SQLite's busy handler, which sleeps and polls (1, 2, 5, 10 … 100
//! ms): a lock freed after a fraction of a millisecond is taken again only when
//! the sleeper wakes, so under contention writes queue behind sleeps rather
//! than behind each other. Writers of one file within this process therefore
//! queue first on an in-process gate ([`WriteGate`]), first come first served
//! and woken as soon as the writer before them finishes; the busy handler is
//! left for writers in other processes (the command line, a second server).

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex, PoisonError, Weak};
use std::time::Duration;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use tokio::sync::OwnedMutexGuard;

/// A write transaction, holding its file's [`WriteGate`] turn (SQLite) until it
/// ends (committed, or dropped and so rolled back). Dereferences to the connection, as an sqlx transaction does, so
/// queries run on `&mut *tx`.
pub(crate) struct WriteTx<DB: sqlx::Database> {
    tx: Transaction<'static, DB>,
    /// Released after the commit or rollback, when the transaction is dropped.
    _turn: Option<OwnedMutexGuard<()>>,
}

impl<DB: sqlx::Database> WriteTx<DB> {
    /// Commits, then lets the next writer in.
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl<DB: sqlx::Database> Deref for WriteTx<DB> {
    type Target = DB::Connection;

    fn deref(&self) -> &DB::Connection {
        &self.tx
    }
}

impl<DB: sqlx::Database> DerefMut for WriteTx<DB> {
    fn deref_mut(&mut self) -> &mut DB::Connection {
        &mut self.tx
    }
}

/// A pool that can begin a write transaction.
pub(crate) trait BeginWrite {
    /// The backend.
    type Db: sqlx::Database;

    /// Begins a transaction that will write.
    fn begin_write(&self) -> impl Future<Output = Result<WriteTx<Self::Db>, sqlx::Error>> + Send;
}

impl BeginWrite for SqlitePool {
    type Db = Sqlite;

    async fn begin_write(&self) -> Result<WriteTx<Sqlite>, sqlx::Error> {
        let gate = WriteGate::of(self.connect_options().get_filename().to_path_buf());
        let turn = gate.wait().await;
        let tx = self.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx { tx, _turn: turn })
    }
}

impl BeginWrite for PgPool {
    type Db = Postgres;

    async fn begin_write(&self) -> Result<WriteTx<Postgres>, sqlx::Error> {
        Ok(WriteTx { tx: self.begin().await?, _turn: None })
    }
}

/// How long a writer waits for its turn at the gate before going on to SQLite's
/// own wait (the busy timeout): a writer that never gets its turn (one task
/// beginning a second write while holding the first) ends as it did without
/// the gate, with "database is locked", not hanging.
const TURN_TIMEOUT: Duration = Duration::from_secs(5);

/// The queue of this process's writers to one SQLite file.
struct WriteGate(Arc<tokio::sync::Mutex<()>>);

/// The gate of each SQLite file written by this process, by file name; a gate
/// lives while a writer holds or waits for its turn, and is made again after.
static GATES: LazyLock<Mutex<HashMap<PathBuf, Weak<tokio::sync::Mutex<()>>>>> = LazyLock::new(Mutex::default);

impl WriteGate {
    /// The gate of the file `path`, made if none is live.
    fn of(path: PathBuf) -> WriteGate {
        // A panic elsewhere while holding the map leaves it usable: it only maps names to gates.
        let mut gates = GATES.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(gate) = gates.get(&path).and_then(Weak::upgrade) {
            return WriteGate(gate);
        }
        gates.retain(|_, gate| gate.strong_count() > 0);
        let gate = Arc::new(tokio::sync::Mutex::new(()));
        gates.insert(path, Arc::downgrade(&gate));
        WriteGate(gate)
    }

    /// Waits for this writer's turn, at most [`TURN_TIMEOUT`]; `None` when it timed out.
    async fn wait(self) -> Option<OwnedMutexGuard<()>> {
        tokio::time::timeout(TURN_TIMEOUT, self.0.lock_owned()).await.ok()
    }
}
