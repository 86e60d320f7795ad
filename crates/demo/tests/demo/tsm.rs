//! The differential test of the Tenant Satisfaction Measures: the use case behind `redress
//! report tsm`, which reads only the complaints touching a year and only the kinds of event
//! the rules need, gives exactly what the pure computation gives over every complaint of the
//! demo, each loaded whole, one by one.

use redress_domain::code::CodeBook;
use redress_domain::complaint::Event;
use redress_domain::reporting::{ReportingYear, TsmFigures, TsmRecord, tsm_figures};
use redress_storage::{Backend, Database, Organisation};

use crate::fixtures::{demo, landlords_complaints, reader};
use crate::{Case, CaseResult, case};

/// Every case.
pub fn all() -> Vec<Case> {
    vec![case!(the_tsm_figures_of_the_report_equal_the_pure_computation_over_every_complaint_loaded_one_by_one)]
}

/// The figures computed the slow, obvious way: every complaint of the landlord (those
/// `handled_by` handles, when given), its whole record loaded on its own.
async fn one_by_one(
    db: &Database,
    landlord: &Organisation,
    handled_by: Option<&Organisation>,
    year: ReportingYear,
    homes: Option<u64>,
    calendar: &redress_domain::calendar::WorkingCalendar,
) -> TsmFigures {
    let mut records = Vec::new();
    for complaint in landlords_complaints(db, landlord).await {
        if handled_by.is_some_and(|agent| complaint.summary.organisation_handling != agent.id) {
            continue;
        }
        let events: Vec<Event> = db
            .load_events(&landlord.id, &complaint.id)
            .await
            .unwrap()
            .iter()
            .map(|stored| serde_json::from_str(&stored.payload).unwrap())
            .collect();
        records.push(TsmRecord::from_events(&events).unwrap());
    }
    tsm_figures(&records, &year.period(), homes, CodeBook::embedded().unwrap(), calendar).unwrap()
}

async fn the_tsm_figures_of_the_report_equal_the_pure_computation_over_every_complaint_loaded_one_by_one(
    backend: Backend,
) -> CaseResult {
    // Three whole years before 2026/27 and that year up to 22 November 2026: from April 2023,
    // so the first year's complaints follow the 2022 Code.
    let (db, summary) = demo(backend, 500, 3, 7).await?;
    let (app, _) = reader(&db, &summary).await;
    let calendar = app.calendar_for(&summary.landlord.id).await?;
    let mut responses = 0;
    for start in 2023..=2026 {
        let year = ReportingYear::starting(start)?;
        app.record_homes_owned(&summary.landlord.id, year, 500).await?;
        app.record_homes_owned(&summary.agent.id, year, 100).await?;
        let landlord = app.tsm_report(&summary.landlord, year).await?;
        let expected = one_by_one(&db, &summary.landlord, None, year, Some(500), &calendar).await;
        assert_eq!(landlord.figures, expected, "the landlord's figures for {year}");
        let agent = app.tsm_report(&summary.agent, year).await?;
        let expected = one_by_one(&db, &summary.landlord, Some(&summary.agent), year, Some(100), &calendar).await;
        assert_eq!(agent.figures, expected, "the managing agent's figures for {year}");
        assert!(agent.figures.ch01_stage1.numerator <= landlord.figures.ch01_stage1.numerator);
        responses += landlord.figures.ch02_stage1.denominator;
        // The figures are not all trivial: some responses on time and some not.
        if start < 2026 {
            let ch02 = landlord.figures.ch02_stage1;
            assert!(ch02.numerator > 0 && ch02.numerator < ch02.denominator, "{year}: {ch02:?}");
            assert!(landlord.figures.ch01_stage2.numerator > 0, "{year}: no escalations");
        }
    }
    assert!(responses > 50, "only {responses} stage 1 responses in four years");
    Ok(())
}
