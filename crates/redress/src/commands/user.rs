//! `redress user add`: a member of staff and their first API token, for scripts and first
//! set-up. The token is printed once, alone on standard output, and stored only as a hash.
//! With `--email` and `--password-prompt` they can also sign in to the web application.

use std::io::{BufRead, IsTerminal};
use std::sync::Arc;

use anyhow::Context;
use redress_app::{App, AppError, MIN_PASSWORD_CHARS, Role, SystemClock};
use redress_storage::OrganisationKind;

use crate::config::Config;
use crate::input::InputError;

/// Reads a password: from the terminal without echo, or the first line of standard input
/// when it is not a terminal (for scripts: `printf '%s\n' "$PASSWORD" | redress user add ...`).
pub fn read_password() -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Password (at least 12 characters): ").context("reading the password")?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(InputError(format!("a password needs at least {MIN_PASSWORD_CHARS} characters")).into());
    }
    Ok(password)
}

/// Adds `name` with `role` to the organisation named `org` (a new landlord if there is none)
/// and prints their token. With `sign_in` (an email and a password), they can also sign in.
pub async fn add(
    config: &Config,
    org: &str,
    name: &str,
    role: &str,
    sign_in: Option<(String, String)>,
) -> anyhow::Result<()> {
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
        let (user, token) = app.add_user(&organisation, name, role).await?;
        if let Some((email, password)) = &sign_in {
            app.set_password(&organisation.id, &user.id, email, password).await?;
            eprintln!("{} can sign in as {}", user.name, email.trim().to_lowercase());
        }
        Ok::<_, AppError>(token)
    }
    .await
    .context("adding the user");
    db.close().await;
    println!("{}", added?);
    Ok(())
}
