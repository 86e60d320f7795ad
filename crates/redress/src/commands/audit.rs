//! `redress audit verify`: checks the whole record (Code 5.12) and says what, if anything, was
//! altered, removed or inserted behind the application's back.

use std::collections::BTreeMap;
use std::io::{self, Write};

use anyhow::{Context, anyhow};
use redress_storage::{AuditReport, Database};

use crate::config::Config;

/// Verifies the configured database; fails (status 1) if any problem is found. Changes
/// nothing: the schema is not migrated.
pub async fn verify(config: &Config) -> anyhow::Result<()> {
    let db = Database::connect(&config.database_url).await.context("opening the database")?;
    let checked = async {
        let report = db.verify_audit().await?;
        let names: BTreeMap<String, String> =
            db.list_organisations().await?.into_iter().map(|o| (o.id, o.name)).collect();
        Ok::<_, redress_storage::StorageError>((report, names))
    }
    .await
    .context("checking the record");
    db.close().await;
    let (report, names) = checked?;
    print(&report, &names, &mut io::stdout().lock())?;
    if report.is_clean() { Ok(()) } else { Err(anyhow!("audit: the record has problems ({})", report.problems.len())) }
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
    for problem in &report.problems {
        writeln!(out, "problem in {}: {problem}", name(&problem.organisation_id))?;
    }
    if report.is_clean() {
        writeln!(out, "audit: clean")?;
    }
    out.flush()
}
