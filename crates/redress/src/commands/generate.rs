//! `redress generate history`: a national-scale complaint history in the import's CSV format
//! (`redress_history::generate`), written as a stream, and its landlords added to the database
//! with the homes each owns in every reporting year of the period (the CH01's denominator), so
//! that `redress import complaints FILE` can follow at once.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use redress_app::{App, SystemClock};
use redress_domain::reporting::ReportingYear;
use redress_history::generate::{self, Options};

use crate::config::Config;
use crate::input::{InputError, parse_date};

/// The options from the command line.
pub fn options(complaints: u64, seed: u64, landlords: u32, from: &str, to: &str) -> Result<Options, InputError> {
    let (from, to) = (parse_date(from)?, parse_date(to)?);
    if from < jiff::civil::date(2022, 4, 1) {
        return Err(InputError("--from must be no earlier than 2022-04-01: Redress knows no Code before".into()));
    }
    if to < from {
        return Err(InputError("--to must not be before --from".into()));
    }
    if landlords == 0 {
        return Err(InputError("--landlords must be at least 1".into()));
    }
    Ok(Options { complaints, seed, landlords, from, to })
}

/// Writes the history to `out` and adds its landlords and their homes to the database.
pub async fn history(config: &Config, out: &Path, options: &Options) -> anyhow::Result<()> {
    let started = Instant::now();
    let landlords = generate::landlords(options);
    let file = File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let rows = generate::write(options, &landlords, BufWriter::with_capacity(1 << 20, file))?;
    let homes: u64 = landlords.iter().map(|l| u64::from(l.homes)).sum();
    println!(
        "wrote {rows} complaints of {} landlords ({homes} homes) to {} in {:.1} s",
        landlords.len(),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    let years = ReportingYear::of(options.from).starts_in()..=ReportingYear::of(options.to).starts_in();
    let db = super::open_migrated_alone(config).await?;
    let added = async {
        let app = App::new(db.clone(), config.calendar(), Arc::new(SystemClock))?;
        for landlord in &landlords {
            let organisation = app.organisation_named(&landlord.name).await?;
            for year in years.clone() {
                app.record_homes_owned(&organisation.id, ReportingYear::starting(year)?, landlord.homes).await?;
            }
        }
        Ok::<_, anyhow::Error>(())
    }
    .await;
    db.close().await;
    added.context("adding the landlords")?;
    println!(
        "added the {} landlords to the database, with their homes in {} to {}",
        landlords.len(),
        years.start(),
        years.end()
    );
    Ok(())
}
