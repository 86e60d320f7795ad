//! The audit's reads, every one through one read transaction, so that the whole record it
//! checks is the record as of one moment.
//!
//! Read piece by piece outside a transaction, the record would move under the audit: an
//! event appended between reading a complaint's head and its events looks inserted beyond
//! the head, a complaint created between reading the complaints and the registry looks
//! deleted, correspondence recorded between reading the events and the correspondence looks
//! added without an event; and a complaint rewritten after the audit read its chain but
//! before it read the checkpoints could pass unseen. One snapshot makes each of those
//! impossible, for every organisation at once (so that a value given to check against, which
//! may be any organisation's, and the events without a complaint are judged as of the same
//! moment too):
//!
//! - PostgreSQL: `REPEATABLE READ, READ ONLY`. Every statement sees the snapshot taken at the
//!   first one; the transaction takes no locks that writers wait for, and cannot write.
//! - SQLite: a deferred transaction. In WAL mode (which Redress always uses) the first read
//!   starts a read transaction that sees the database as of that moment until it ends, while
//!   writers carry on appending to the log. The log cannot be checkpointed past the snapshot
//!   meanwhile, so it grows for as long as the audit runs: an audit is run by hand, not by the
//!   server, and ends in seconds to minutes.

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, Postgres, Sqlite, Transaction};

use super::{AttachmentBytes, AuditedFile, ComplaintHead, RegistryEntry};
use crate::checkpoints::{CheckpointRow, RecordedHead};
use crate::correspondence::{CorrespondenceRow, select_correspondence};
use crate::events::EventRow;
use crate::query::{Arg, bind_args};
use crate::{Database, StorageError};

/// How the PostgreSQL snapshot begins.
const BEGIN_POSTGRES: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

/// One read transaction on either backend (see the module's header).
pub(crate) enum Snapshot {
    /// A deferred SQLite transaction: its snapshot starts with its first read.
    Sqlite(Transaction<'static, Sqlite>),
    /// A PostgreSQL `REPEATABLE READ, READ ONLY` transaction.
    Postgres(Transaction<'static, Postgres>),
}

/// Runs the same expression on the connection of whichever transaction `$snapshot` holds,
/// as `db_run!` does on a pool.
macro_rules! snapshot_run {
    ($snapshot:expr, $conn:ident => $body:expr) => {
        match $snapshot {
            Snapshot::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            Snapshot::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

impl Snapshot {
    /// Begins the transaction. Nothing is read yet: the snapshot is of the moment of the first
    /// read on both backends.
    pub(crate) async fn begin(db: &Database) -> Result<Snapshot, StorageError> {
        Ok(match db {
            Database::Sqlite(pool) => Snapshot::Sqlite(pool.begin().await?),
            Database::Postgres(pool) => Snapshot::Postgres(pool.begin_with(BEGIN_POSTGRES).await?),
        })
    }

    /// Ends the transaction. It wrote nothing, so it is rolled back rather than committed.
    pub(crate) async fn end(self) -> Result<(), StorageError> {
        match self {
            Snapshot::Sqlite(tx) => tx.rollback().await?,
            Snapshot::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }

    /// Every row `sql` returns with `args` bound, as of the snapshot.
    async fn all<T>(&mut self, sql: &'static str, args: &[Arg]) -> Result<Vec<T>, StorageError>
    where
        T: Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>,
    {
        Ok(snapshot_run!(self, conn => bind_args!(sqlx::query_as(sql), args).fetch_all(conn).await)?)
    }

    /// The id of every organisation, in order.
    pub(crate) async fn organisations(&mut self) -> Result<Vec<String>, StorageError> {
        let rows: Vec<(String,)> = self.all("select id from organisations order by id", &[]).await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// The checkpoints of organisation `org`, oldest first.
    pub(crate) async fn checkpoint_rows(&mut self, org: &str) -> Result<Vec<CheckpointRow>, StorageError> {
        let sql = "select seq, created_at, registry_seq, registry_head, prev_digest, digest
                   from audit_checkpoints where organisation_id = $1 order by seq";
        self.all(sql, &[text(org)]).await
    }

    /// Every head the checkpoints of organisation `org` recorded, by checkpoint then
    /// complaint id.
    pub(crate) async fn recorded_heads(&mut self, org: &str) -> Result<Vec<RecordedHead>, StorageError> {
        let sql = "select checkpoint_seq, complaint_id, last_seq, head_hash from audit_checkpoint_heads
                   where organisation_id = $1 order by checkpoint_seq, complaint_id";
        self.all(sql, &[text(org)]).await
    }

    /// The complaints of organisation `org` with their heads, by reference.
    pub(crate) async fn complaint_heads(&mut self, org: &str) -> Result<Vec<ComplaintHead>, StorageError> {
        let sql = "select id, reference, status, stage, last_seq, head_hash from complaints
                   where organisation_id = $1 order by reference";
        self.all(sql, &[text(org)]).await
    }

    /// Complaint `id` of organisation `org` with its head, if it has one.
    pub(crate) async fn complaint_head(&mut self, org: &str, id: &str) -> Result<Option<ComplaintHead>, StorageError> {
        let sql = "select id, reference, status, stage, last_seq, head_hash from complaints
                   where organisation_id = $1 and id = $2";
        Ok(self.all(sql, &[text(org), text(id)]).await?.into_iter().next())
    }

    /// The correspondence rows of complaint `complaint_id` of organisation `org`, by id.
    pub(crate) async fn complaint_correspondence(
        &mut self,
        org: &str,
        complaint_id: &str,
    ) -> Result<Vec<CorrespondenceRow>, StorageError> {
        let sql = select_correspondence!("where organisation_id = $1 and complaint_id = $2 order by id");
        self.all(sql, &[text(org), text(complaint_id)]).await
    }

    /// The events stored for complaint `complaint_id`, whatever organisation they name, in
    /// seq order.
    pub(crate) async fn events(&mut self, complaint_id: &str) -> Result<Vec<EventRow>, StorageError> {
        let sql = select_events!("where complaint_id = $1 order by seq");
        self.all(sql, &[text(complaint_id)]).await
    }

    /// The correspondence of a complaint of organisation `org`: (id, stored hash).
    pub(crate) async fn correspondence_hashes(
        &mut self,
        org: &str,
        complaint_id: &str,
    ) -> Result<Vec<(String, String)>, StorageError> {
        let sql = "select id, hash from correspondence where organisation_id = $1 and complaint_id = $2";
        self.all(sql, &[text(org), text(complaint_id)]).await
    }

    /// The files attached to the correspondence of a complaint of organisation `org`.
    pub(crate) async fn files(&mut self, org: &str, complaint_id: &str) -> Result<Vec<AuditedFile>, StorageError> {
        let sql = "select a.id, a.correspondence_id, a.size_bytes, a.sha256
                   from attachments a join correspondence c on c.id = a.correspondence_id
                   where c.organisation_id = $1 and c.complaint_id = $2";
        self.all(sql, &[text(org), text(complaint_id)]).await
    }

    /// The entries of organisation `org`'s registry chain, in order.
    pub(crate) async fn registry_entries(&mut self, org: &str) -> Result<Vec<RegistryEntry>, StorageError> {
        let sql = "select seq, complaint_id, reference, first_event_hash, prev_hash, hash
                   from complaint_registry where organisation_id = $1 order by seq";
        self.all(sql, &[text(org)]).await
    }

    /// The head of organisation `org`'s registry chain (last seq, hash), if it has one.
    pub(crate) async fn registry_head(&mut self, org: &str) -> Result<Option<(i64, String)>, StorageError> {
        let sql = "select last_seq, head_hash from complaint_registry_heads where organisation_id = $1";
        Ok(self.all(sql, &[text(org)]).await?.into_iter().next())
    }

    /// Up to `limit` correspondence rows of organisation `org` with ids after `after`, by id.
    pub(crate) async fn correspondence_page(
        &mut self,
        org: &str,
        after: &str,
        limit: i64,
    ) -> Result<Vec<CorrespondenceRow>, StorageError> {
        let sql = select_correspondence!("where organisation_id = $1 and id > $2 order by id limit $3");
        self.all(sql, &[text(org), text(after), Arg::Int(limit)]).await
    }

    /// Up to `limit` attachments of organisation `org`, with their bytes, with ids after
    /// `after`, by id.
    pub(crate) async fn attachment_page(
        &mut self,
        org: &str,
        after: &str,
        limit: i64,
    ) -> Result<Vec<AttachmentBytes>, StorageError> {
        let sql = "select a.id, c.complaint_id, a.size_bytes, a.sha256, a.content
                   from attachments a join correspondence c on c.id = a.correspondence_id
                   where a.organisation_id = $1 and a.id > $2 order by a.id limit $3";
        self.all(sql, &[text(org), text(after), Arg::Int(limit)]).await
    }

    /// Events whose complaint row is gone: (organisation, complaint, how many).
    pub(crate) async fn orphan_events(&mut self) -> Result<Vec<(String, String, i64)>, StorageError> {
        let sql = "select e.organisation_id, e.complaint_id, count(*)
                   from complaint_events e left join complaints c on c.id = e.complaint_id
                   where c.id is null group by e.organisation_id, e.complaint_id";
        self.all(sql, &[]).await
    }
}

/// A text argument.
fn text(value: &str) -> Arg {
    Arg::Text(value.to_owned())
}
