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
    Query(#[from] sqlx::Error),
}
