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

use anyhow::Context;
use redress_storage::Database;

use crate::config::Config;

/// Opens the configured database (creating a SQLite file if there is none) and brings its
/// schema up to date.
async fn open_migrated(config: &Config) -> anyhow::Result<Database> {
    let db = Database::connect(&config.database_url).await.context("opening the database")?;
    migrated(db).await
}

/// As [`open_migrated`], with one connection for every statement: for a command that is the
/// database's only writer ([`Database::connect_alone`]).
async fn open_migrated_alone(config: &Config) -> anyhow::Result<Database> {
    let db = Database::connect_alone(&config.database_url).await.context("opening the database")?;
    migrated(db).await
}

/// `db` with its schema brought up to date.
async fn migrated(db: Database) -> anyhow::Result<Database> {
    db.migrate().await.context("migrating the database")?;
    Ok(db)
}
