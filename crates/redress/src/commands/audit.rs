//! `redress audit verify` and `redress audit checkpoint`: check the whole record (Code 5.12)
//! and say what, if anything, was altered, removed or inserted behind the application's back;
//! make a checkpoint whose value, noted elsewhere, later proves nothing was cut since.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use anyhow::{Context, anyhow};
use redress_app::{App, AppError, SystemClock};
use redress_storage::{AuditReport, Database};

use crate::config::Config;

/// Verifies the configured database, and that each of `against` is still a checkpoint of it;
/// fails (status 1) if any problem is found. Changes nothing: the schema is not migrated.
pub async fn verify(config: &Config, against: &[String]) -> anyhow::Result<()> {
    let db = Database::connect(&config.database_url).await.context("opening the database")?;
    let checked = async {
        let app = App::new(db.clone(), config.calendar(), Arc::new(SystemClock))?;
        let report = app.verify_record(against).await?;
        let names = names(&db).await?;
        Ok::<_, AppError>((report, names))
    }
    .await
    .context("checking the record");
    db.close().await;
    let (report, names) = checked?;
    print(&report, &names, &mut io::stdout().lock())?;
    if report.is_clean() { Ok(()) } else { Err(anyhow!("audit: the record has problems ({})", report.problems.len())) }
}

/// Makes a checkpoint of every organisation and prints one line each: the organisation, the
/// checkpoint's number, when, how many complaint heads moved since the last, and its value.
pub async fn checkpoint(config: &Config) -> anyhow::Result<()> {
    let db = Database::connect(&config.database_url).await.context("opening the database")?;
    let made = async {
        db.migrate().await?;
        let app = App::new(db.clone(), config.calendar(), Arc::new(SystemClock))?;
        Ok::<_, AppError>((app.checkpoint().await?, names(&db).await?))
    }
    .await
    .context("making a checkpoint");
    db.close().await;
    let (checkpoints, names) = made?;
    let mut out = io::stdout().lock();
    for checkpoint in checkpoints {
        let id = checkpoint.organisation_id.as_str();
        let name = names.get(id).map_or(id, String::as_str);
        writeln!(
            out,
            "checkpoint {} of {name} at {} ({} complaint heads recorded): {}",
            checkpoint.seq,
            checkpoint.created_at,
            checkpoint.heads,
            checkpoint.value()
        )?;
    }
    out.flush()?;
    Ok(())
}

async fn names(db: &Database) -> Result<BTreeMap<String, String>, AppError> {
    Ok(db.list_organisations().await?.into_iter().map(|o| (o.id.into(), o.name)).collect())
}

fn print(report: &AuditReport, names: &BTreeMap<String, String>, out: &mut impl Write) -> io::Result<()> {
    let name = |id: &String| names.get(id).cloned().unwrap_or_else(|| id.clone());
    writeln!(out, "organisations: {}", report.organisations)?;
    writeln!(out, "complaints: {}", report.complaints)?;
    writeln!(out, "events: {}", report.events)?;
    writeln!(out, "correspondence: {}", report.correspondence)?;
    writeln!(out, "attachments: {}", report.attachments)?;
    for head in &report.registry_heads {
        writeln!(out, "registry head of {}: {} {}", name(&head.organisation_id), head.last_seq, head.head_hash)?;
    }
    for (organisation, value) in &report.checkpoints {
        writeln!(out, "latest checkpoint of {}: {value}", name(organisation))?;
    }
    for problem in &report.problems {
        writeln!(out, "problem in {}: {problem}", name(&problem.organisation_id))?;
    }
    if report.is_clean() {
        writeln!(out, "audit: clean")?;
    }
    out.flush()
}
