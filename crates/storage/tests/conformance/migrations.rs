//! Cases about the embedded migrations: they apply to an empty database,
//! applying them again changes nothing, and the two folders stay in
//! lockstep.

use std::collections::BTreeSet;
use std::path::PathBuf;

use redress_storage::Backend;
use redress_storage::testing::TestDatabase;

use crate::introspect;
use crate::{Case, CaseResult, on_each_backend, once};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(a_fresh_database_migrates_to_every_migration_file),
        on_each_backend!(migrating_twice_is_a_no_op),
        once!(both_migration_folders_have_the_same_file_names, needs: []),
    ]
}

async fn a_fresh_database_migrates_to_every_migration_file(backend: Backend) -> CaseResult {
    let db = TestDatabase::empty(backend).await?;
    assert!(introspect::tables(&db).await?.is_empty(), "not empty to begin with");

    db.migrate().await?;

    let applied: Vec<i64> =
        introspect::applied_migrations(&db).await?.into_iter().map(|(version, _)| version).collect();
    let files: Vec<i64> = migration_files(backend)?.iter().map(|name| version_of(name)).collect::<Result<_, _>>()?;
    assert_eq!(applied, files, "applied versions vs files in the folder");
    assert!(introspect::tables(&db).await?.contains("organisations"));
    Ok(())
}

async fn migrating_twice_is_a_no_op(backend: Backend) -> CaseResult {
    let db = TestDatabase::migrated(backend).await?;
    let migrations_before = introspect::applied_migrations(&db).await?;
    let columns_before = introspect::columns(&db).await?;

    db.migrate().await?;

    assert_eq!(introspect::applied_migrations(&db).await?, migrations_before);
    assert_eq!(introspect::columns(&db).await?, columns_before);
    Ok(())
}

async fn both_migration_folders_have_the_same_file_names() -> CaseResult {
    let sqlite = migration_files(Backend::Sqlite)?;
    let postgres = migration_files(Backend::Postgres)?;
    assert!(!sqlite.is_empty(), "no migrations found");
    assert_eq!(sqlite, postgres, "every migration needs a file of the same name in both folders");
    Ok(())
}

/// The `.sql` file names in a backend's migration folder, sorted.
fn migration_files(backend: Backend) -> std::io::Result<BTreeSet<String>> {
    let folder = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("migrations").join(folder);
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".sql") {
            names.insert(name);
        }
    }
    Ok(names)
}

/// The version sqlx reads from a file name: the number before the first `_`.
fn version_of(file_name: &str) -> Result<i64, String> {
    file_name
        .split_once('_')
        .and_then(|(number, _)| number.parse().ok())
        .ok_or_else(|| format!("migration file {file_name} does not start with NUMBER_"))
}
