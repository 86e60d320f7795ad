//! The cross-backend schema check: after migrating, SQLite and PostgreSQL
//! have the same tables with the same columns and the same nullability.
//!
//! It reads the live schemas rather than a list kept here, so every table a
//! later migration adds is checked without touching this file.

use redress_storage::Backend;
use redress_storage::testing::TestDatabase;

use crate::introspect;
use crate::{Case, CaseResult, once};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![once!(
        both_backends_have_the_same_tables_and_columns,
        needs: [Backend::Sqlite, Backend::Postgres]
    )]
}

async fn both_backends_have_the_same_tables_and_columns() -> CaseResult {
    let sqlite = TestDatabase::migrated(Backend::Sqlite).await?;
    let postgres = TestDatabase::migrated(Backend::Postgres).await?;
    let sqlite = introspect::columns(&sqlite).await?;
    let postgres = introspect::columns(&postgres).await?;

    assert!(!sqlite.is_empty(), "no tables after migrating");
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "schemas differ\n  only in sqlite: {only_sqlite:#?}\n  only in postgresql: {only_postgres:#?}"
    );
    Ok(())
}
