//! `redress org add` and `redress org homes`: organisations and the homes they own, for first
//! set-up and for the TSM CH01 (complaints per 1,000 homes owned at the year's end).

use std::sync::Arc;

use anyhow::Context;
use redress_app::{App, AppError, SystemClock};
use redress_domain::calendar::{FIRST_YEAR, LAST_YEAR};
use redress_domain::reporting::ReportingYear;
use redress_storage::{Database, Organisation, OrganisationKind, StorageError};

use crate::config::Config;
use crate::input::InputError;

/// Adds a landlord named `name`, or with `parent` a managing agent acting for that landlord,
/// and says so on standard output.
pub async fn add(config: &Config, name: &str, parent: Option<&str>) -> anyhow::Result<()> {
    let name = name.trim();
    if name.is_empty() {
        return Err(InputError("--name must not be blank".into()).into());
    }
    let db = super::open_migrated(config).await?;
    let added = async {
        let app = App::new(db.clone(), config.calendar(), Arc::new(SystemClock))?;
        let (kind, parent_id) = match parent {
            None => (OrganisationKind::Landlord, None),
            Some(parent) => {
                let landlord = named(&db, parent).await?;
                if landlord.kind != OrganisationKind::Landlord {
                    return Err(InputError(format!("\"{}\" is not a landlord", landlord.name)).into());
                }
                (OrganisationKind::ManagingAgent, Some(landlord.id))
            }
        };
        match app.create_organisation(name, kind, parent_id).await {
            Err(AppError::Storage(StorageError::Duplicate { .. })) => {
                Err(InputError(format!("there is already an organisation named \"{name}\"")).into())
            }
            other => Ok::<_, anyhow::Error>(other?),
        }
    }
    .await;
    db.close().await;
    let created = added.context("adding the organisation")?;
    match parent {
        None => println!("added the landlord \"{}\"", created.name),
        Some(parent) => println!("added \"{}\", a managing agent of \"{}\"", created.name, parent.trim()),
    }
    Ok(())
}

/// Records that the organisation named `org` owned `count` homes in reporting year `year`.
pub async fn homes(config: &Config, org: &str, year: i16, count: u32) -> anyhow::Result<()> {
    let year = reporting_year(year)?;
    let db = super::open_migrated(config).await?;
    let recorded = async {
        let app = App::new(db.clone(), config.calendar(), Arc::new(SystemClock))?;
        let organisation = named(&db, org).await?;
        app.record_homes_owned(&organisation.id, year, count).await?;
        Ok::<_, anyhow::Error>(organisation)
    }
    .await;
    db.close().await;
    let organisation = recorded.context("recording the homes owned")?;
    println!("{} owned {count} homes in {year} ({})", organisation.name, year.period());
    Ok(())
}

/// The organisation named `name` (as written, trimmed), or an input error.
pub async fn named(db: &Database, name: &str) -> anyhow::Result<Organisation> {
    let name = name.trim();
    db.get_organisation_by_name(name)
        .await?
        .ok_or_else(|| InputError(format!("there is no organisation named \"{name}\"")).into())
}

/// A reporting year the working-day calendar can count in: 1995/96 to 2099/2100 (its last
/// day must be within the calendar's years).
pub fn reporting_year(year: i16) -> Result<ReportingYear, InputError> {
    if !(FIRST_YEAR..LAST_YEAR).contains(&year) {
        return Err(InputError(format!("the reporting year {year} is outside {FIRST_YEAR} to {}", LAST_YEAR - 1)));
    }
    ReportingYear::starting(year).map_err(|e| InputError(e.to_string()))
}
