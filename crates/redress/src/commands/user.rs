//! `redress user add`: a member of staff and their first API token, for scripts and first
//! set-up. The token is printed once, alone on standard output, and stored only as a hash.

use std::sync::Arc;

use anyhow::Context;
use redress_app::{App, AppError, Role, SystemClock};
use redress_storage::OrganisationKind;

use crate::config::Config;
use crate::input::InputError;

/// Adds `name` with `role` to the organisation named `org` (a new landlord if there is none)
/// and prints their token.
pub async fn add(config: &Config, org: &str, name: &str, role: &str) -> anyhow::Result<()> {
    // Checked before the database is touched, so that a typo changes nothing.
    let role: Role = role.parse().map_err(|e: AppError| InputError(e.to_string()))?;
    let (org, name) = (org.trim(), name.trim());
    if org.is_empty() || name.is_empty() {
        return Err(InputError("--org and --name must not be blank".into()).into());
    }
    let db = super::open_migrated(config).await?;
    let added = async {
        let app = App::new(db.clone(), config.calendar(), Arc::new(SystemClock))?;
        let organisation = match db.get_organisation_by_name(org).await? {
            Some(found) => found,
            None => {
                let created = app.create_organisation(org, OrganisationKind::Landlord, None).await?;
                eprintln!("created the organisation \"{}\" as a landlord", created.name);
                created
            }
        };
        let (_, token) = app.add_user(&organisation, name, role).await?;
        Ok::<_, AppError>(token)
    }
    .await
    .context("adding the user");
    db.close().await;
    println!("{}", added?);
    Ok(())
}
