//! `redress report tsm`: the Regulator's Tenant Satisfaction Measures CH01 and CH02 of an
//! organisation for a reporting year, as JSON, as a table for people, or with the counts
//! behind them as CSV or XLSX (`redress_reports`, as the reports page downloads them).

use std::io::Write;
use std::sync::Arc;

use anyhow::Context;
use redress_app::{App, SystemClock, TsmReport};
use redress_domain::reporting::{Figure, RecordedAfterDue};
use redress_reports::{TsmExport, TsmSheet, Whose};
use redress_storage::OrganisationKind;

use crate::cli::ReportFormat;
use crate::config::Config;

/// Prints `org`'s CH01 and CH02 for the reporting year starting in `year`.
pub async fn tsm(config: &Config, org: &str, year: i16, format: ReportFormat) -> anyhow::Result<()> {
    let year = super::org::reporting_year(year)?;
    let db = super::open_migrated(config).await?;
    let report = async {
        let app = App::new(db.clone(), config.calendar(), Arc::new(SystemClock))?;
        let organisation = super::org::named(&db, org).await?;
        Ok::<_, anyhow::Error>((app.tsm_report(&organisation, year).await?, app.now()))
    }
    .await;
    db.close().await;
    let (report, computed_at) = report.context("computing the Tenant Satisfaction Measures")?;
    let mut out = std::io::stdout().lock();
    match format {
        ReportFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report.figures)?)?,
        ReportFormat::Text => table(&report, &mut out)?,
        ReportFormat::Csv => out.write_all(&redress_reports::tsm_csv(&export(&report, computed_at))?)?,
        ReportFormat::Xlsx => out.write_all(&redress_reports::tsm_xlsx(&export(&report, computed_at))?)?,
    }
    Ok(())
}

/// The report as the exports take it.
fn export(report: &TsmReport, computed_at: jiff::Timestamp) -> TsmExport {
    let whose = match report.organisation.kind {
        OrganisationKind::Landlord => Whose::Consolidated,
        OrganisationKind::ManagingAgent | OrganisationKind::Contractor => Whose::Agent,
    };
    TsmExport {
        year: report.year,
        sheets: vec![TsmSheet {
            organisation: report.organisation.name.clone(),
            whose,
            homes: report.homes,
            figures: report.figures,
        }],
        computed_at,
    }
}

/// The figures as a table: each measure's value, numerator and denominator, then the steps
/// behind CH02 recorded after their due date.
fn table(report: &TsmReport, out: &mut impl Write) -> std::io::Result<()> {
    let f = &report.figures;
    writeln!(
        out,
        "Tenant Satisfaction Measures: {}, {} ({})",
        report.organisation.name,
        report.year,
        report.year.period()
    )?;
    match report.homes {
        Some(homes) => writeln!(out, "Homes owned: {homes}")?,
        None => writeln!(out, "Homes owned: not recorded (redress org homes), so CH01 has no value")?,
    }
    writeln!(out)?;
    writeln!(out, "{:<62} {:>7} {:>9} {:>11}", "Measure", "Value", "Numerator", "Denominator")?;
    let rows: [(&str, Figure); 6] = [
        ("CH01 stage 1: complaints received per 1,000 homes", f.ch01_stage1),
        ("CH01 stage 2: complaints received per 1,000 homes", f.ch01_stage2),
        ("CH02 stage 1: responses within the Code's timescales (%)", f.ch02_stage1),
        ("CH02 stage 2: responses within the Code's timescales (%)", f.ch02_stage2),
        ("CH02 stage 1 without extensions (%)", f.ch02_stage1_without_extensions),
        ("CH02 stage 2 without extensions (%)", f.ch02_stage2_without_extensions),
    ];
    for (name, figure) in rows {
        let value = figure.value.map_or_else(|| "none".to_owned(), |v| v.to_string());
        writeln!(out, "{name:<62} {value:>7} {:>9} {:>11}", figure.numerator, figure.denominator)?;
    }
    writeln!(out)?;
    writeln!(out, "Of the responses CH02 counts, steps recorded after their due date (Code 5.12):")?;
    writeln!(out, "{:<62} {:>7} {:>9}", "", "Stage 1", "Stage 2")?;
    let (one, two): (&RecordedAfterDue, &RecordedAfterDue) =
        (&f.ch02_stage1_recorded_after_due, &f.ch02_stage2_recorded_after_due);
    let late = [
        ("Responses", one.responses, two.responses),
        ("Acknowledgements", one.acknowledgements, two.acknowledgements),
        ("Extensions", one.extensions, two.extensions),
        (
            "Within the timescales with one of these",
            one.within_timescales_with_late_records,
            two.within_timescales_with_late_records,
        ),
    ];
    for (name, first, second) in late {
        writeln!(out, "{name:<62} {first:>7} {second:>9}")?;
    }
    Ok(())
}
