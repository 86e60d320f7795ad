//! Cases about connecting: which URLs are accepted, what the connection is
//! set up with, `ping`, `close`, and keeping passwords out of errors.

use redress_storage::testing::TestDatabase;
use redress_storage::{Backend, Database, StorageError};

use redress_storage::testing::suite::causes;

use crate::{Case, CaseResult, on_each_backend, once};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(ping_answers_on_a_fresh_database),
        on_each_backend!(ping_fails_once_the_database_is_closed),
        once!(an_unsupported_or_missing_url_scheme_is_an_error, needs: []),
        once!(connection_errors_do_not_reveal_the_password, needs: []),
        once!(
            a_sqlite_url_creates_the_file_with_wal_and_foreign_keys,
            needs: [Backend::Sqlite]
        ),
        once!(an_in_memory_sqlite_url_connects_and_migrates, needs: [Backend::Sqlite]),
        once!(a_sqlite_database_opened_alone_has_one_connection, needs: [Backend::Sqlite]),
        once!(a_postgresql_database_opened_alone_has_one_connection, needs: [Backend::Postgres]),
    ]
}

async fn ping_answers_on_a_fresh_database(backend: Backend) -> CaseResult {
    let db = TestDatabase::migrated(backend).await?;
    db.ping().await?;
    assert_eq!(db.backend(), backend);
    Ok(())
}

async fn ping_fails_once_the_database_is_closed(backend: Backend) -> CaseResult {
    let db = TestDatabase::migrated(backend).await?;
    // A clone shares the pool, as the web server's state does.
    let shared = db.database().clone();
    db.close().await;
    assert!(matches!(shared.ping().await, Err(StorageError::Query(_))));
    Ok(())
}

async fn an_unsupported_or_missing_url_scheme_is_an_error() -> CaseResult {
    match Database::connect("mysql://root:hunter2@localhost/redress").await {
        Err(StorageError::UnsupportedScheme { scheme }) => assert_eq!(scheme, "mysql"),
        other => return Err(format!("expected UnsupportedScheme, got {other:?}").into()),
    }
    match Database::connect("redress.db").await {
        Err(StorageError::MissingScheme) => {}
        other => return Err(format!("expected MissingScheme, got {other:?}").into()),
    }
    Ok(())
}

async fn connection_errors_do_not_reveal_the_password() -> CaseResult {
    // Port 1 on loopback: refused whether or not a server runs here. The pool
    // retries refused connections until its acquire timeout (5 s), so this
    // case is the slowest of the suite.
    let url = "postgres://redress:hunter2@127.0.0.1:1/redress";
    let err = match Database::connect(url).await {
        Err(err @ StorageError::Connect { .. }) => err,
        other => return Err(format!("expected a connection error, got {other:?}").into()),
    };
    let everything = format!("{}\n{err:?}", causes(&err));
    assert!(!everything.contains("hunter2"), "{everything}");
    assert!(everything.contains("127.0.0.1"), "says where: {everything}");
    Ok(())
}

async fn a_sqlite_url_creates_the_file_with_wal_and_foreign_keys() -> CaseResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("new.db");
    assert!(!path.exists());

    let db = Database::connect(&format!("sqlite://{}", path.display())).await?;
    assert!(path.exists(), "the file is created");
    let Database::Sqlite(pool) = &db else {
        return Err("a sqlite:// URL gave a PostgreSQL pool".into());
    };
    let journal: String = sqlx::query_scalar("pragma journal_mode").fetch_one(pool).await?;
    let synchronous: i64 = sqlx::query_scalar("pragma synchronous").fetch_one(pool).await?;
    let foreign_keys: i64 = sqlx::query_scalar("pragma foreign_keys").fetch_one(pool).await?;
    let busy_ms: i64 = sqlx::query_scalar("pragma busy_timeout").fetch_one(pool).await?;
    assert_eq!(journal, "wal");
    assert_eq!(synchronous, 1, "NORMAL");
    assert_eq!(foreign_keys, 1);
    assert_eq!(busy_ms, 5000);
    db.close().await;
    Ok(())
}

async fn an_in_memory_sqlite_url_connects_and_migrates() -> CaseResult {
    // Handy for quick experiments; every pooled connection must see the same
    // database, or the migrated tables would vanish on the next connection.
    let db = Database::connect("sqlite::memory:").await?;
    db.migrate().await?;
    let Database::Sqlite(pool) = &db else {
        return Err("a sqlite: URL gave a PostgreSQL pool".into());
    };
    let mut first = pool.acquire().await?;
    let mut second = pool.acquire().await?;
    for conn in [&mut *first, &mut *second] {
        let count: i64 = sqlx::query_scalar("select count(*) from organisations").fetch_one(conn).await?;
        assert_eq!(count, 0);
    }
    Ok(())
}

async fn a_sqlite_database_opened_alone_has_one_connection() -> CaseResult {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("alone.db").display());
    assert_only_one_connection(Database::connect_alone(&url).await?).await
}

async fn a_postgresql_database_opened_alone_has_one_connection() -> CaseResult {
    let url = redress_storage::testing::postgres_url().ok_or("REDRESS_TEST_DATABASE_URL")?;
    assert_only_one_connection(Database::connect_alone(&url).await?).await
}

/// Asserts that `db` answers, and that while its connection is held no other statement runs
/// (it waits, then fails when the wait for a connection runs out).
async fn assert_only_one_connection(db: Database) -> CaseResult {
    db.ping().await?;
    let held = TestDatabase::hold_connection(&db).await?;
    assert!(db.ping().await.is_err(), "a second connection was opened");
    drop(held);
    db.ping().await?;
    db.close().await;
    Ok(())
}
