//! Storage for Redress: the only crate that knows SQL.
//!
//! One [`Database`] value stands for either backend, chosen at run time from
//! the URL scheme: SQLite (the default, one file) or PostgreSQL. Both use
//! plain, portable SQL through sqlx's concrete pools, never its `Any` driver,
//! and each has its own migration folder kept in lockstep
//! (`migrations/sqlite`, `migrations/postgres`, same file names).
//!
//! What belongs here: connecting, migrating, queries and the mapping between
//! rows and domain types. What does not: HTTP, templates, business rules
//! (those live in `redress-domain`), reading configuration.
//!
//! Every query must behave the same on both backends; the `conformance`
//! test target runs one suite against each. With the `testing` feature the
//! [`testing`] module hands other crates fresh databases for their tests.

#[macro_use]
mod dispatch;

mod backend;
mod database;
mod error;
mod migrate;
#[cfg(feature = "testing")]
pub mod testing;

pub use backend::Backend;
pub use database::Database;
pub use error::StorageError;
