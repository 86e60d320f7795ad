//! Issue 12's differential test: the TSM figures the database counts from each stage's facts,
//! judged when the complaint was written (`App::tsm_report`, migration 0035's `tsm_stages`),
//! equal the domain's computation from the complaints' events read afresh
//! (`App::tsm_report_from_events`, `tsm_figures`), for every organisation (a landlord's
//! consolidated figures and its managing agent's) and every reporting year touched, on the
//! demo data (`redress demo`) and on a generated history (`redress generate history` and
//! `redress import complaints`), on SQLite and (when `REDRESS_TEST_DATABASE_URL` is set)
//! PostgreSQL. Then again with the facts deleted and judged afresh (`App::fill_tsm_stages`,
//! what opening a database written before migration 0035 does).

// Test helpers may unwrap: a failure there is a failed test with a clear message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)]
mod support;

use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use redress_app::{App, SystemClock};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::reporting::ReportingYear;
use redress_storage::Database;
use support::{FreshDatabase, POSTGRES_VAR};

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_redress"))
}

fn run(db: &FreshDatabase, args: &[&str]) -> String {
    let output: Output = support::redress(binary(), &db.url).args(args).output().unwrap();
    assert!(output.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn postgres() -> Option<FreshDatabase> {
    match std::env::var(POSTGRES_VAR).ok().filter(|u| !u.trim().is_empty()) {
        Some(admin) => Some(FreshDatabase::postgres(&admin)),
        None => {
            eprintln!("skipped: {POSTGRES_VAR} is not set");
            None
        }
    }
}

/// Compares both computations for every organisation and each year from 2022 to 2026;
/// returns how many figures' numerators were compared and were not all zero, so that a test
/// can tell it compared something.
async fn compare(app: &App, db: &Database) -> u64 {
    let mut compared = 0;
    for organisation in db.list_organisations().await.unwrap() {
        for year in 2022..=2026 {
            let year = ReportingYear::starting(year).unwrap();
            let counted = app.tsm_report(&organisation, year).await.unwrap();
            let computed = app.tsm_report_from_events(&organisation, year).await.unwrap();
            assert_eq!(
                counted.figures, computed.figures,
                "{} in {year:?}: counted from the stored facts, computed from the events",
                organisation.name
            );
            let f = &computed.figures;
            compared += f.ch01_stage1.numerator
                + f.ch01_stage2.numerator
                + f.ch02_stage1.denominator
                + f.ch02_stage2.denominator;
        }
    }
    compared
}

/// Compares, then deletes every stage's facts, judges them afresh and compares again.
fn agree(db: &FreshDatabase) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let database = Database::connect(&db.url).await.unwrap();
        let app = App::new(database.clone(), WorkingCalendar::england_and_wales(), Arc::new(SystemClock)).unwrap();
        let compared = compare(&app, &database).await;
        assert!(compared > 100, "only {compared} complaints and responses compared");
        let stages: i64 = count_stages(&database).await;
        delete_stages(&database).await;
        assert_eq!(count_stages(&database).await, 0);
        let judged = app.fill_tsm_stages().await.unwrap();
        assert!(judged > 0);
        assert_eq!(count_stages(&database).await, stages, "judged afresh, the same stages");
        assert_eq!(compare(&app, &database).await, compared);
        database.close().await;
    });
}

async fn count_stages(db: &Database) -> i64 {
    let sql = "select count(*) from tsm_stages";
    match db {
        Database::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        Database::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    }
}

async fn delete_stages(db: &Database) {
    let sql = "delete from tsm_stages";
    match db {
        Database::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()).unwrap(),
        Database::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()).unwrap(),
    }
}

fn demo(db: &FreshDatabase) {
    run(db, &["demo", "--homes", "400", "--years", "3", "--end", "2026-02-27"]);
    agree(db);
}

fn generated(db: &FreshDatabase) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("history.csv");
    let file = file.to_str().unwrap();
    run(db, &["generate", "history", "--complaints", "3000", "--landlords", "4", "--seed", "7", "--out", file]);
    run(db, &["import", "complaints", file]);
    agree(db);
}

#[test]
fn tsm_sqlite_figures_counted_from_stored_facts_equal_the_domains_on_the_demo_data() {
    demo(&FreshDatabase::sqlite());
}

#[test]
fn tsm_postgres_figures_counted_from_stored_facts_equal_the_domains_on_the_demo_data() {
    if let Some(db) = postgres() {
        demo(&db);
    }
}

#[test]
fn tsm_sqlite_figures_counted_from_stored_facts_equal_the_domains_on_a_generated_history() {
    generated(&FreshDatabase::sqlite());
}

#[test]
fn tsm_postgres_figures_counted_from_stored_facts_equal_the_domains_on_a_generated_history() {
    if let Some(db) = postgres() {
        generated(&db);
    }
}
