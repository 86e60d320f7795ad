//! One module per subcommand; each takes parsed arguments and the configuration.

pub mod audit;
pub mod calendar;
pub mod code;
pub mod demo;
pub mod generate;
pub mod import;
pub mod org;
pub mod report;
pub mod self_assessment;
pub mod serve;
pub mod user;

use std::sync::Arc;

use anyhow::Context;
use redress_app::{App, SystemClock};
use redress_storage::Database;

use crate::config::Config;

/// Opens the configured database (creating a SQLite file if there is none) and brings its
/// schema up to date.
async fn open_migrated(config: &Config) -> anyhow::Result<Database> {
    let db = Database::connect(&config.database_url).await.context("opening the database")?;
    migrated(db, config).await
}

/// As [`open_migrated`], with one connection for every statement: for a command that is the
/// database's only writer ([`Database::connect_alone`]).
async fn open_migrated_alone(config: &Config) -> anyhow::Result<Database> {
    let db = Database::connect_alone(&config.database_url).await.context("opening the database")?;
    migrated(db, config).await
}

/// `db` with its schema brought up to date, and the TSM stages of complaints written before
/// they were kept (migration 0035) judged and recorded.
async fn migrated(db: Database, config: &Config) -> anyhow::Result<Database> {
    db.migrate().await.context("migrating the database")?;
    judge_older_complaints(&db, config).await?;
    Ok(db)
}

/// Judges and records the TSM stages of the complaints stored before they were kept
/// (migration 0035), so that the figures, which count them, count every complaint.
pub(crate) async fn judge_older_complaints(db: &Database, config: &Config) -> anyhow::Result<()> {
    let app = App::new(db.clone(), config.calendar(), Arc::new(SystemClock)).context("starting the application")?;
    let judged = app.fill_tsm_stages().await.context("judging the TSM stages of older complaints")?;
    if judged > 0 {
        tracing::info!(judged, "TSM stages judged for complaints stored before they were kept");
    }
    Ok(())
}
