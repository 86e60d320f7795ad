//! `db_run!`: one query text, run on whichever pool a [`Database`] holds.
//!
//! Declared with `#[macro_use]` first in `lib.rs` so that every module of the
//! crate can use it.
//!
//! [`Database`]: crate::Database

/// Runs the same expression against whichever pool `$db` holds.
///
/// The body is written once but compiled twice, once per pool type, so both
/// arms must produce the same type: map backend-specific results (such as
/// `SqliteQueryResult`) to something common before the end.
///
/// ```text
/// db_run!(self, pool => sqlx::query_scalar::<_, i64>("select 1").fetch_one(pool).await)
/// ```
macro_rules! db_run {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Database::Sqlite($pool) => $body,
            $crate::Database::Postgres($pool) => $body,
        }
    };
}
