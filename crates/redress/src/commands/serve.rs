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
    // On standard error: standard output's first line (the address) is what scripts read.
    eprintln!(
        "Staff sign in at http://{address}/sign-in. To create the first administrator: \
         redress user add --org ORG --name NAME --role admin --email EMAIL --password-prompt"
    );
    let app = App::new(db.clone(), config.calendar(), Arc::new(SystemClock)).context("starting the application")?;
    // Complaints stored before their missed deadlines were counted (migration 0021) are
    // counted before the first request, so that the "deadline missed" list holds them.
    let counted = app.count_missed_deadlines().await.context("counting the missed deadlines of older complaints")?;
    if counted > 0 {
        tracing::info!(counted, "missed deadlines counted for complaints stored before they were kept");
    }
    // Plain http on a loopback address can only be this machine: there, session cookies
    // drop `Secure` (some browsers refuse Secure cookies over http even on localhost),
    // unless the public address says https (a proxy on this machine ending TLS). Anywhere
    // else Redress must be behind https, and the cookie says so.
    tokio::spawn(housekeeping(app.clone()));
    let state = AppState::new(app)
        .with_secure_cookies(!address.ip().is_loopback())
        .with_https(config.https())
        .with_trusted_proxies(config.trusted_proxies.clone());
    let served = redress_web::serve(listener, state).await.context("serving");
    // Closing the pool checkpoints SQLite's write-ahead log into the database file.
    db.close().await;
    served
}

/// How often the server makes a checkpoint and removes expired idempotency keys.
const HOUSEKEEPING_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Every [`HOUSEKEEPING_EVERY`], from start-up: [`App::housekeeping`]. A failure is logged
/// and tried again next time; it never stops the server.
async fn housekeeping(app: App) {
    let mut every = tokio::time::interval(HOUSEKEEPING_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match app.housekeeping().await {
            Ok(pruned) => tracing::info!(pruned, "checkpoint made; expired idempotency keys removed"),
            Err(error) => tracing::warn!(%error, "housekeeping failed; will try again"),
        }
    }
}
