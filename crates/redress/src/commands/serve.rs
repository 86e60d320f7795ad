//! `redress serve`: open (and on first start create and migrate) the database, then serve the
//! web application until interrupted; meanwhile, with `[smtp]` configured, deliver the
//! outbox's emails ([`deliver`]).

use std::sync::Arc;

use anyhow::Context;
use redress_app::{App, DeliveryOptions, SystemClock};
use redress_mail::SmtpSender;
use redress_storage::Database;
use redress_web::AppState;
use tokio::net::TcpListener;

use crate::config::Config;

/// Runs the web server with the configured database and address.
pub async fn run(config: &Config) -> anyhow::Result<()> {
    let db = Database::connect(&config.database_url).await.context("opening the database")?;
    db.migrate().await.context("migrating the database")?;
    super::judge_older_complaints(&db, config).await?;
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
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let delivery = match &config.smtp {
        Some(settings) => {
            let sender = SmtpSender::new(settings).context("setting up email")?;
            tracing::info!(host = %settings.host, port = settings.port, "sending email");
            Some(tokio::spawn(deliver(app.clone(), sender, DeliveryOptions::for_instance(instance()), stopping)))
        }
        None => {
            tracing::warn!("email is not configured ([smtp] in redress.toml): emails wait in the outbox");
            None
        }
    };
    let state = AppState::new(app)
        .with_secure_cookies(!address.ip().is_loopback())
        .with_https(config.https())
        .with_trusted_proxies(config.trusted_proxies.clone());
    let served = redress_web::serve(listener, state).await.context("serving");
    // The round under way finishes (its attempts recorded) before the database closes.
    let _ = stop.send(true);
    if let Some(delivery) = delivery
        && let Err(error) = delivery.await
    {
        tracing::error!(%error, "the email worker stopped abnormally");
    }
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

/// How often the email worker looks for emails due (an email queued by this instance wakes it
/// at once; one queued by another instance, or due again after a failure, waits for this).
const DELIVER_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

/// The email worker: every [`DELIVER_EVERY`], and whenever this instance queues an email,
/// sends what is due ([`App::deliver_due`]), round after round while rounds come back full.
/// Several instances on one database each run one; their claims never overlap. Stops between
/// rounds once `stopping` turns true. A failure is logged and tried again next time.
async fn deliver(
    app: App,
    sender: SmtpSender,
    options: DeliveryOptions,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) {
    let mut every = tokio::time::interval(DELIVER_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let full = usize::try_from(options.batch).unwrap_or(usize::MAX);
    loop {
        tokio::select! {
            _ = every.tick() => {}
            () = app.email_queued() => {}
            _ = stopping.changed() => return,
        }
        while !*stopping.borrow() {
            match app.deliver_due(&sender, &options).await {
                Ok(round) if round.tried() > 0 => {
                    tracing::info!(
                        accepted = round.accepted,
                        deferred = round.deferred,
                        failed = round.failed,
                        "emails sent"
                    );
                    if round.tried() < full {
                        break;
                    }
                }
                Ok(_) => break,
                Err(error) => {
                    tracing::warn!(%error, "sending email failed; will try again");
                    break;
                }
            }
        }
    }
}

/// This instance's name in the record of each attempt: its host and process.
fn instance() -> String {
    let host = std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_owned()).unwrap_or_default();
    let host = if host.is_empty() { "redress".to_owned() } else { host };
    format!("{host}:{}", std::process::id())
}
