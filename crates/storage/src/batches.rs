//! How many rows one multi-row `insert` may carry: both databases limit the values bound to
//! one statement, SQLite to 32,766 (since 3.32) and PostgreSQL to 65,535, so writers of many
//! rows send them in chunks under the lower of the two.

/// The most values bound to one statement on either database.
const MOST_BOUND_VALUES: usize = 32_766;

/// How many rows of `columns` bound values each fit in one statement (at least one).
pub(crate) fn rows_per_statement(columns: usize) -> usize {
    (MOST_BOUND_VALUES / columns.max(1)).max(1)
}
