//! [`StorageError`]: everything that can go wrong in this crate.
//!
//! Messages never contain a database URL beyond its scheme and host (or
//! SQLite file path): URLs may carry passwords, and these messages end up in
//! logs.

use crate::Backend;

/// An error from the storage layer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// The database URL does not start with a scheme such as `sqlite://`.
    #[error("the database URL has no scheme: start it with sqlite:// or postgres://")]
    MissingScheme,

    /// The database URL names an engine Redress does not support.
    #[error("unsupported database URL scheme `{scheme}`: use sqlite:// or postgres://")]
    UnsupportedScheme {
        /// The scheme as written, without the rest of the URL.
        scheme: String,
    },

    /// The URL has a supported scheme but sqlx could not parse the rest.
    #[error("the {backend} database URL is invalid")]
    InvalidUrl {
        /// The backend the scheme named.
        backend: Backend,
        /// sqlx's reason (its messages do not repeat the URL).
        #[source]
        source: sqlx::Error,
    },

    /// The database could not be opened or reached.
    #[error("could not connect to the {backend} database at {target}")]
    Connect {
        /// The backend the URL named.
        backend: Backend,
        /// Where we tried to connect: scheme and host, or the SQLite file.
        target: String,
        /// The driver's reason.
        #[source]
        source: sqlx::Error,
    },

    /// Applying the embedded migrations failed.
    #[error("could not migrate the {backend} database")]
    Migrate {
        /// The backend being migrated.
        backend: Backend,
        /// sqlx's reason, naming the migration where it knows it.
        #[source]
        source: sqlx::migrate::MigrateError,
    },

    /// A query failed (including "the pool is closed").
    #[error("database query failed")]
    Query(#[source] sqlx::Error),

    /// A write ended without telling whether it was stored: the task writing it stopped
    /// (a panic). Retried with the same idempotency key, the request gets the first answer.
    #[error("the write stopped before it answered; try again")]
    Unanswered,

    /// Every connection of the pool stayed in use for the whole acquire timeout: the
    /// database is saturated, not broken. Nothing was done; the caller may try again
    /// shortly (the web server answers 503 with `Retry-After`).
    #[error("no database connection became free in time; try again shortly")]
    Saturated,

    /// The record to change does not exist in the caller's organisation
    /// (whether it exists in another one is never revealed). Lookups return
    /// `None` instead.
    #[error("{what} not found")]
    NotFound {
        /// What was looked for, such as "complaint".
        what: &'static str,
    },

    /// Someone else appended to the complaint since the caller read it: the
    /// caller should reload it, decide again and retry. Nothing was written.
    #[error("complaint {complaint_id} has changed since event {expected_last_seq} was read")]
    Conflict {
        /// The complaint appended to.
        complaint_id: String,
        /// The last event the caller had seen.
        expected_last_seq: i64,
    },

    /// A record changed since the caller read it, and what the caller meant to do depended on
    /// it (a response draft saved again while its response was being recorded). Nothing was
    /// written.
    #[error("the {what} has changed since it was read")]
    Stale {
        /// What changed, such as "response draft".
        what: &'static str,
    },

    /// An idempotency key is already held by a request stored within its
    /// lifetime: nothing was written; look the key up and answer as it did.
    #[error("idempotency key {key} is already taken")]
    KeyTaken {
        /// The key.
        key: String,
    },

    /// A record with the same id or other unique key already exists.
    #[error("{what} already exists")]
    Duplicate {
        /// What was being created, such as "organisation".
        what: &'static str,
    },

    /// The record refers to another (a resident, a property, a user, a
    /// correspondence item…) that does not exist in the same organisation.
    #[error("{what} refers to a record that does not exist in this organisation")]
    MissingReference {
        /// What was being written.
        what: &'static str,
    },

    /// The caller passed something storage refuses (no events, a payload
    /// that is not JSON, a stage other than 1 or 2, a wrong checksum…).
    #[error("invalid input: {0}")]
    InvalidInput(String),

    /// Stored data failed an integrity check: an attachment whose bytes no
    /// longer match their SHA-256, or a value that cannot be read back.
    #[error("integrity check failed for {what} {id}: {reason}")]
    Integrity {
        /// What kind of record, such as "attachment".
        what: &'static str,
        /// Its id.
        id: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl From<sqlx::Error> for StorageError {
    /// [`StorageError::Saturated`] for a pool that had no connection free in time, else
    /// [`StorageError::Query`].
    fn from(error: sqlx::Error) -> StorageError {
        match error {
            sqlx::Error::PoolTimedOut => StorageError::Saturated,
            other => StorageError::Query(other),
        }
    }
}

impl StorageError {
    /// Maps a failed write: constraint violations become
    /// [`StorageError::Duplicate`], [`StorageError::MissingReference`] or
    /// [`StorageError::InvalidInput`], so callers never see SQL errors for
    /// their own mistakes.
    pub(crate) fn on_write(what: &'static str) -> impl FnOnce(sqlx::Error) -> StorageError {
        move |error| match &error {
            sqlx::Error::Database(db) if db.is_unique_violation() => StorageError::Duplicate { what },
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => StorageError::MissingReference { what },
            sqlx::Error::Database(db) if db.is_check_violation() => {
                StorageError::InvalidInput(format!("{what} breaks a rule of the schema: {}", db.message()))
            }
            _ => StorageError::from(error),
        }
    }

    /// Whether this is a unique-key violation from the database.
    pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
        matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
    }
}
