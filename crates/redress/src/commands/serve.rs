//! `redress serve`: open (and on first start create and migrate) the database, then serve the
//! web application until interrupted.

use std::sync::Arc;

use anyhow::Context;
use redress_app::{App, SystemClock};
use redress_storage::Database;
use redress_web::AppState;
use tokio::net::TcpListener;

use crate::config::Config;

/// Runs the web server with the configured database and address.
pub async fn run(config: &Config) -> anyhow::Result<()> {
    let db = Database::connect(&config.database_url).await.context("opening the database")?;
    db.migrate().await.context("migrating the database")?;
    tracing::info!(backend = %db.backend(), "database ready");
    let listener = TcpListener::bind(&config.bind).await.with_context(|| format!("listening on {}", config.bind))?;
    let address = listener.local_addr().context("reading the listening address")?;
    println!("Redress is running at http://{address}/ (press Ctrl-C to stop)");
    let app = App::new(db.clone(), config.calendar(), Arc::new(SystemClock)).context("starting the application")?;
    let served = redress_web::serve(listener, AppState::new(app)).await.context("serving");
    // Closing the pool checkpoints SQLite's write-ahead log into the database file.
    db.close().await;
    served
}
