//! Reading a database's own description of its schema, for comparing the
//! two backends. Test-only SQL: the application never introspects.

use std::collections::BTreeSet;

use redress_storage::Database;

/// sqlx's bookkeeping table: its layout is sqlx's business, not ours.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// One column of one table, as both backends can describe it. Types are
/// left out on purpose: they are spelt differently (`text` vs `timestamptz`)
/// by design.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Column {
    /// The table's name.
    pub table: String,
    /// The column's name.
    pub name: String,
    /// Whether the column refuses NULL.
    pub not_null: bool,
}

/// Every column of every table of ours in the database (in PostgreSQL, in
/// the current schema only, which for tests is the test's own), but for each
/// backend's full-text index, the one place the schemas differ by design
/// (0017): SQLite's `complaint_search` FTS5 table, its shadow tables and
/// `complaint_search_rows`, named one by one so that no other table escapes; PostgreSQL's
/// `complaints.search_vector`.
pub async fn columns(db: &Database) -> Result<BTreeSet<Column>, sqlx::Error> {
    let rows: Vec<(String, String, bool)> = match db {
        Database::Sqlite(pool) => {
            sqlx::query_as(
                "select m.name, p.name, p.\"notnull\" <> 0
                 from sqlite_schema as m join pragma_table_info(m.name) as p
                 where m.type = 'table'
                   and substr(m.name, 1, 7) <> 'sqlite_'
                   and m.name not in ('complaint_search', 'complaint_search_data', 'complaint_search_idx',
                                      'complaint_search_content', 'complaint_search_docsize',
                                      'complaint_search_config', 'complaint_search_rows')
                   and m.name <> $1",
            )
            .bind(MIGRATIONS_TABLE)
            .fetch_all(pool)
            .await?
        }
        Database::Postgres(pool) => {
            // information_schema uses its own domain types; cast to plain
            // text and bool so they decode as String and bool.
            sqlx::query_as(
                "select table_name::text, column_name::text, is_nullable = 'NO'
                 from information_schema.columns
                 where table_schema = current_schema()
                   and not (table_name = 'complaints' and column_name = 'search_vector')
                   and table_name <> $1",
            )
            .bind(MIGRATIONS_TABLE)
            .fetch_all(pool)
            .await?
        }
    };
    Ok(rows.into_iter().map(|(table, name, not_null)| Column { table, name, not_null }).collect())
}

/// The names of our tables in the database.
pub async fn tables(db: &Database) -> Result<BTreeSet<String>, sqlx::Error> {
    Ok(columns(db).await?.into_iter().map(|c| c.table).collect())
}

/// What sqlx recorded as applied: (version, checksum) per migration.
pub async fn applied_migrations(db: &Database) -> Result<Vec<(i64, Vec<u8>)>, sqlx::Error> {
    let sql = "select version, checksum from _sqlx_migrations where success order by version";
    match db {
        Database::Sqlite(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        Database::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
    }
}
