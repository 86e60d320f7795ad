//! The board pack (Code 9.6, 9.7 a-c): its PDF, read back with lopdf and poppler's
//! `pdftotext`, holds the dashboard's own figures for the world's complaint lived through both
//! stages (and figures worked out by hand), and the landlord's audit checkpoint, which the
//! audit then verifies; only those who may read reports get it.

use redress_app::AppError;
use redress_domain::reporting::{Figure, ReportingYear};
use redress_storage::Backend;

use crate::case_file::lived;
use crate::poppler;
use crate::world::world;
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(code_9_6_the_board_pack_pdf_holds_the_dashboards_figures_and_a_checkpoint_the_audit_verifies),
        case!(the_board_pack_is_for_those_who_may_read_reports),
    ]
}

/// "66.7% (2 of 3)", as the pack writes a percentage.
fn percent(figure: Figure) -> String {
    format!("{}% ({} of {})", figure.value.unwrap(), figure.numerator, figure.denominator)
}

async fn code_9_6_the_board_pack_pdf_holds_the_dashboards_figures_and_a_checkpoint_the_audit_verifies(
    backend: Backend,
) {
    let w = world(backend).await;
    lived(&w).await;
    let year = ReportingYear::starting(2024).unwrap();
    w.app.record_homes_owned(&w.handler.organisation_id, year, 160).await.unwrap();
    let dashboard = w.app.dashboard(&w.senior, None, year.period()).await.unwrap();
    let (pack, pdf) = w.app.board_pack_pdf(&w.senior, None, year.period()).await.unwrap();
    assert_eq!(pack.dashboard.metrics, dashboard.metrics, "the pack is made from the dashboard's figures");
    let m = &dashboard.metrics;

    // By hand: one complaint received on 6 January 2025 over 160 homes is 6.25 per 1,000,
    // published half-up as 6.3. Acknowledged on 8 January, its stage 1 response was due 10
    // working days later (22 January), extended by 5 working days to 29 January on 15 January,
    // and sent on 27 January: within the timescales with the extension (1 of 1), not without
    // (0 of 1). Its stage 2 remedy was £250.00. It is closed, so nothing is overdue now.
    assert_eq!(m.volumes.stage1_per_thousand_homes.value.unwrap().to_string(), "6.3");
    assert_eq!(percent(m.timeliness.responded_within[0]), "100.0% (1 of 1)");
    assert_eq!(percent(m.timeliness.responded_within_without_extensions[0]), "0.0% (0 of 1)");
    assert_eq!(m.outcomes.financial_pence, 25_000);
    assert_eq!(pack.open_past_due, 0);

    let read = lopdf::Document::load_mem(&pdf).unwrap();
    assert!(read.get_pages().len() >= 3, "the summary page, then the sections");
    let first_page = read.extract_text(&[1]).unwrap();
    let squeeze = |text: &str| poppler::squeezed(text);
    assert!(
        squeeze(&first_page).contains(&squeeze("Complaints board pack: Alpha Homes (consolidated)")),
        "{first_page}"
    );
    assert!(squeeze(&first_page).contains("Summary"), "the summary is on the first page: {first_page}");
    assert!(!squeeze(&first_page).contains("Volumesandchannels"), "and only the summary: {first_page}");

    let Some(text) = poppler::text(&pdf) else { return };
    let text = squeeze(&text);
    let t = &m.timeliness;
    for expected in [
        format!("Complaints received {}", m.volumes.stage1_received),
        format!("Escalation requests received (stage 2) {}", m.volumes.stage2_received),
        "Stage 1 complaints per 1,000 homes (CH01) 6.3 (1 per 160 homes)".to_owned(),
        format!("Stage 1 responses within the Code's timescales (CH02) {}", percent(t.responded_within[0])),
        format!("Stage 2 responses within the Code's timescales (CH02) {}", percent(t.responded_within[1])),
        format!("Escalation rate (escalations per stage 1 response) {}", percent(m.outcomes.escalation_rate)),
        "Open complaints past a due date now 0".to_owned(),
        "Financial remedies in all £250.00".to_owned(),
        format!(
            "Responses within the timescales, counting no extension {} {}",
            percent(t.responded_within_without_extensions[0]),
            percent(t.responded_within_without_extensions[1])
        ),
        format!(
            "Average working days to respond {} {}",
            t.days_to_respond[0].average().unwrap(),
            t.days_to_respond[1].average().unwrap()
        ),
        format!("Extensions notified {} {}", t.extensions[0].0, t.extensions[1].0),
        format!("January 2025 {} {}", m.months[9].received[0], m.months[9].received[1]),
        format!("Audit checkpoint {}", pack.checkpoint.value()),
    ] {
        assert!(text.contains(&squeeze(&expected)), "{expected:?} not in the PDF: {text}");
    }

    // The checkpoint noted from the pack is what the audit verifies against; asked again with
    // nothing changed, the pack gives the same one.
    let report = w.app.verify_record(&[pack.checkpoint.value()]).await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let again = w.app.board_pack(&w.senior, None, year.period()).await.unwrap();
    assert_eq!(again.checkpoint.value(), pack.checkpoint.value());
}

async fn the_board_pack_is_for_those_who_may_read_reports(backend: Backend) {
    let w = world(backend).await;
    let period = ReportingYear::starting(2024).unwrap().period();
    assert!(matches!(w.app.board_pack(&w.handler, None, period).await, Err(AppError::Forbidden(_))));
    assert!(w.app.board_pack(&w.auditor, None, period).await.is_ok());
    // Another landlord's organisation is not found.
    let other = w.stranger.organisation_id.clone();
    assert!(matches!(w.app.board_pack_pdf(&w.senior, Some(&other), period).await, Err(AppError::NotFound(_))));
}
