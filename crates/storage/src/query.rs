//! Queries built at run time (the lists, whose filters vary): their bound values, and
//! reading their plans for the tests that check every list is served by an index.

use jiff::Timestamp;
use jiff::civil::Date;

/// A value bound to a query built at run time.
pub(crate) enum Arg {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A day.
    Date(Date),
    /// An instant.
    Instant(Timestamp),
}

/// Binds each [`Arg`] of `$args` to `$query`, in order.
macro_rules! bind_args {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                $crate::query::Arg::Text(text) => query.bind(text.as_str()),
                $crate::query::Arg::Int(n) => query.bind(*n),
                $crate::query::Arg::Date(date) => query.bind($crate::values::day(*date)),
                $crate::query::Arg::Instant(at) => query.bind($crate::values::Instant::new(*at)),
            };
        }
        query
    }};
}
pub(crate) use bind_args;

/// A query's text and its arguments, `$1` first.
pub(crate) struct Built {
    /// The SQL, with `$N` placeholders.
    pub(crate) sql: String,
    /// The values of the placeholders.
    pub(crate) args: Vec<Arg>,
}

impl Built {
    /// A query starting with `sql` and no arguments yet.
    pub(crate) fn new(sql: impl Into<String>) -> Built {
        Built { sql: sql.into(), args: Vec::new() }
    }

    /// Adds an argument; returns its placeholder.
    pub(crate) fn arg(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        format!("${}", self.args.len())
    }

    /// Adds `and {condition}$N`.
    pub(crate) fn and(&mut self, condition: &str, arg: Arg) {
        let p = self.arg(arg);
        self.sql.push_str(&format!(" and {condition}{p}"));
    }

    /// Adds text to the query.
    pub(crate) fn push(&mut self, text: &str) {
        self.sql.push_str(text);
    }
}

/// `text` with `like`'s wildcards (and the escape character) escaped by a backslash.
pub(crate) fn like_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(ch);
    }
    escaped
}

#[cfg(feature = "testing")]
mod explain {
    use sqlx::AssertSqlSafe;

    use super::Built;
    use crate::{Database, StorageError};

    impl Database {
        /// The plan the database makes for `query`, one line per step: SQLite's `EXPLAIN
        /// QUERY PLAN` details, or PostgreSQL's `EXPLAIN` lines with sequential and bitmap
        /// scans discouraged (so that the answer does not depend on how few rows a test
        /// has: what matters is whether an index can serve the query's order).
        pub(crate) async fn explain(&self, query: &Built) -> Result<Vec<String>, StorageError> {
            match self {
                Database::Sqlite(pool) => {
                    let sql = format!("explain query plan {}", query.sql);
                    let rows: Vec<(i64, i64, i64, String)> =
                        bind_args!(sqlx::query_as(AssertSqlSafe(sql)), &query.args).fetch_all(pool).await?;
                    Ok(rows.into_iter().map(|(_, _, _, detail)| detail).collect())
                }
                Database::Postgres(pool) => {
                    let mut tx = pool.begin().await?;
                    for setting in ["set local enable_seqscan = off", "set local enable_bitmapscan = off"] {
                        sqlx::query(setting).execute(&mut *tx).await?;
                    }
                    let sql = format!("explain {}", query.sql);
                    let lines: Vec<String> =
                        bind_args!(sqlx::query_scalar(AssertSqlSafe(sql)), &query.args).fetch_all(&mut *tx).await?;
                    tx.rollback().await?;
                    Ok(lines)
                }
            }
        }
    }
}
