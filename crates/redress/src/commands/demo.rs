//! `redress demo` and `redress serve --demo`: fill the configured database with the demo
//! landlord, then print what was made and the demo staff's API tokens. Progress goes to
//! standard error, the summary and the tokens to standard output; tokens are never logged.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use anyhow::Context;
use jiff::Timestamp;
use redress_app::Role;
use redress_demo::{
    DEMO_PASSWORD, DemoError, DemoOptions, DemoSummary, LANDLORD, MANAGING_AGENT, Progress, demo_email,
};
use redress_domain::calendar::london;
use redress_domain::ids::OrganisationId;
use redress_storage::Database;

use crate::cli::DemoArgs;
use crate::config::Config;
use crate::input::{InputError, parse_date};

/// `redress demo`: refuses (status 2) if the database already has the demo.
pub async fn run(config: &Config, args: &DemoArgs) -> anyhow::Result<()> {
    let end = match &args.end {
        Some(text) => parse_date(text)?,
        None => london::local_date(Timestamp::now())?,
    };
    let options = DemoOptions { homes: args.homes, years: args.years, seed: args.seed, end };
    // The demo is the database's only writer while it is made.
    let db = super::open_migrated_alone(config).await?;
    let made = make(&db, config, &options).await;
    db.close().await;
    print_summary(&made?, &mut io::stdout().lock())?;
    Ok(())
}

/// `redress serve --demo`: makes the demo with the defaults unless the database has it, and
/// prints the tokens (or, when it was there already, who its staff are).
pub async fn ensure(config: &Config) -> anyhow::Result<()> {
    let db = super::open_migrated(config).await?;
    let outcome = async {
        if let Some(landlord) = redress_demo::find_demo(&db).await? {
            print_existing(&db, &landlord.id).await?;
            return Ok(());
        }
        let end = london::local_date(Timestamp::now())?;
        let options = DemoOptions {
            homes: redress_demo::DEFAULT_HOMES,
            years: redress_demo::DEFAULT_YEARS,
            seed: redress_demo::DEFAULT_SEED,
            end,
        };
        let summary = make(&db, config, &options).await?;
        print_summary(&summary, &mut io::stdout().lock())?;
        Ok::<_, anyhow::Error>(())
    }
    .await;
    db.close().await;
    outcome
}

/// Generates the demo, reporting progress on standard error about every tenth of the way,
/// and at the end how long the homes and the complaints took and how many complaints a second
/// were made (the figure the README's demo section quotes).
async fn make(db: &Database, config: &Config, options: &DemoOptions) -> anyhow::Result<DemoSummary> {
    let started = Instant::now();
    let mut homes_made = None;
    let mut reported = 0;
    let mut progress = |step: Progress| match step {
        Progress::Homes { done, total } if done == total => {
            homes_made = Some(Instant::now());
            eprintln!("demo: {total} homes and their residents");
        }
        Progress::Complaints { done, total } => {
            let tenths = done * 10 / total.max(1);
            if tenths > reported {
                reported = tenths;
                eprintln!("demo: {done} of {total} complaints");
            }
        }
        Progress::Homes { .. } => {}
    };
    let summary = match redress_demo::generate(db, config.calendar(), options, &mut progress).await {
        Ok(summary) => summary,
        Err(error @ (DemoError::AlreadyExists(_) | DemoError::Invalid(_))) => {
            return Err(InputError(error.to_string()).into());
        }
        Err(error) => return Err(anyhow::Error::new(error).context("generating the demo")),
    };
    let homes_made = homes_made.unwrap_or(started);
    eprintln!("demo: {}", timing(summary.homes, homes_made - started, summary.complaints, homes_made.elapsed()));
    Ok(summary)
}

/// How long the homes and the complaints took, and the complaints' rate.
fn timing(homes: u64, homes_took: Duration, complaints: u64, complaints_took: Duration) -> String {
    let rate = complaints as f64 / complaints_took.as_secs_f64().max(f64::EPSILON);
    format!(
        "{homes} homes in {:.1} s; {complaints} complaints in {:.1} s, {rate:.0} complaints a second",
        homes_took.as_secs_f64(),
        complaints_took.as_secs_f64()
    )
}

fn print_summary(summary: &DemoSummary, out: &mut impl Write) -> io::Result<()> {
    let period = summary.period;
    writeln!(
        out,
        "Demo landlord \"{}\": {} homes ({} residents with a representative), with \"{}\" acting for it \
         and managing {} of the homes.",
        summary.landlord.name, summary.homes, summary.representatives, summary.agent.name, summary.managed_by_agent
    )?;
    writeln!(
        out,
        "{} complaints received from {} to {}, seen as of {}:",
        summary.complaints,
        period.from,
        period.end.yesterday().unwrap_or(period.end),
        period.end
    )?;
    for (status, count) in &summary.by_status {
        writeln!(out, "  {status:<26}{count:>7}")?;
    }
    writeln!(
        out,
        "  escalated to stage 2 {}, escalation refused {}, referred to the Ombudsman {}; {} pieces of correspondence",
        summary.escalated, summary.escalation_refused, summary.referred_to_ombudsman, summary.correspondence
    )?;
    writeln!(out, "Deadlines as of {}:", period.end)?;
    for (status, count) in &summary.deadlines {
        writeln!(out, "  {status:<26}{count:>7}")?;
    }
    writeln!(
        out,
        "Demo staff: sign in at /sign-in with the email and the password \"{DEMO_PASSWORD}\"; API tokens are \
         shown only now (send one as \"Authorization: Bearer TOKEN\"):"
    )?;
    for account in &summary.accounts {
        writeln!(
            out,
            "  {:<20}{:<22}{:<36}{:<40} {}",
            account.role.as_str(),
            account.name,
            account.organisation,
            account.email,
            account.token
        )?;
    }
    out.flush()
}

/// For a demo made earlier: its staff, without tokens (only their hashes are stored).
async fn print_existing(db: &Database, landlord_id: &OrganisationId) -> anyhow::Result<()> {
    let mut staff: Vec<_> =
        db.list_users(landlord_id).await.context("listing the demo staff")?.into_iter().map(|u| (u, false)).collect();
    if let Some(agent) = db.get_organisation_by_name(MANAGING_AGENT).await? {
        let agents = db.list_users(&agent.id).await.context("listing the demo staff")?;
        staff.extend(agents.into_iter().map(|u| (u, true)));
    }
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "The demo landlord \"{LANDLORD}\" is already in the database. Its staff sign in at /sign-in with \
         the password \"{DEMO_PASSWORD}\":"
    )?;
    for (user, of_agent) in staff {
        let email = user.role.parse::<Role>().map(|role| demo_email(role, of_agent)).unwrap_or_default();
        writeln!(out, "  {:<20}{:<22}{}", user.role, user.name, email)?;
    }
    writeln!(
        out,
        "Their tokens were shown when the demo was made. For a new account with a token: \
         redress user add --org \"{LANDLORD}\" --name NAME --role ROLE"
    )?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timing_line_gives_each_phase_in_seconds_and_the_complaints_a_second() {
        let line = timing(20_000, Duration::from_millis(12_340), 3_748, Duration::from_millis(2_500));
        assert_eq!(line, "20000 homes in 12.3 s; 3748 complaints in 2.5 s, 1499 complaints a second");
    }
}
