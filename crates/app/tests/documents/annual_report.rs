//! The annual complaints performance and service improvement report (Code 8.1, 8.2): drafted,
//! approved and published; refused before approval and after publishing; its figures those of
//! the dashboard for the year, read back from its PDF; frozen when published.

use redress_app::{Actor, AppError, ComplaintIntake, ReportDocumentInput, ResidentInput, Role};
use redress_domain::reporting::{PublicationKind, ReportingYear};
use redress_storage::{AnnualReportText, Backend, ReportApproval};
use serde_json::json;

use crate::poppler;
use crate::world::{World, world};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![case!(code_8_1_the_annual_report_is_drafted_approved_published_and_then_frozen)]
}

async fn admin(w: &World) -> Actor {
    let organisation = w.app.organisation_named("Alpha Homes").await.unwrap();
    let (_, token) = w.app.add_user(&organisation, "Ada Admin", Role::Admin).await.unwrap();
    w.app.authenticate(&token).await.unwrap().unwrap()
}

/// Logs another complaint of the landlord, received in the year.
async fn another_complaint(w: &World) {
    let resident = ResidentInput { name: "Ben Resident".into(), ..ResidentInput::default() };
    let resident = w.app.create_resident(&w.handler, resident).await.unwrap();
    let intake: ComplaintIntake = serde_json::from_value(json!({
        "received_at": "2025-02-10T09:00:00Z",
        "channel": "phone",
        "issue_occurred_on": "2025-02-01",
        "complexity": "straightforward",
        "risks": [],
        "description": "The gate is broken.",
        "resident_id": resident.id,
    }))
    .unwrap();
    w.app.log_complaint(&w.handler, intake, None).await.unwrap();
}

fn pdf() -> Vec<u8> {
    redress_pdf::render(&redress_documents::Document {
        title: "Landlord performance report".into(),
        language: "en-GB".into(),
        letterhead: None,
        addressing: None,
        large_print: false,
        blocks: vec![redress_documents::Block::Heading { level: 1, text: "Landlord performance report".into() }],
    })
    .unwrap()
}

fn invalid<T: std::fmt::Debug>(result: Result<T, AppError>, says: &str) {
    match result {
        Err(AppError::Invalid(message)) => assert!(message.contains(says), "{message}"),
        other => panic!("expected a refusal saying {says:?}, got {other:?}"),
    }
}

async fn code_8_1_the_annual_report_is_drafted_approved_published_and_then_frozen(backend: Backend) {
    let w = world(backend).await;
    let admin = admin(&w).await;
    let year = ReportingYear::starting(2024).unwrap();
    w.app.record_homes_owned(&admin.organisation_id, year, 400).await.unwrap();
    let text = AnnualReportText {
        self_assessment_url: "https://alpha.example/self-assessment".into(),
        qualitative: "Damp and mould lead the year's complaints.".into(),
        non_compliance: String::new(),
        improvements: "We now inspect every mould report within 5 days.".into(),
    };
    // Who may do what: the auditor reads only; the senior lead drafts but does not approve.
    assert!(matches!(w.app.save_annual_report(&w.auditor, year, text.clone()).await, Err(AppError::Forbidden(_))));
    let bad = AnnualReportText { self_assessment_url: "javascript:alert(1)".into(), ..text.clone() };
    invalid(w.app.save_annual_report(&w.senior, year, bad).await, "https://");
    w.app.save_annual_report(&w.senior, year, text.clone()).await.unwrap();
    let approval = ReportApproval {
        // The meeting is on record only once it has happened: today, by the test's clock.
        meeting_on: w.app.today().unwrap(),
        minute: "B/25/7".into(),
        response: "The board welcomes the report and asks for quarterly updates on damp.".into(),
    };
    assert!(matches!(
        w.app.approve_annual_report(&w.senior, year, approval.clone()).await,
        Err(AppError::Forbidden(_))
    ));
    invalid(w.app.publish_annual_report(&admin, year).await, "approve");

    // Documents: PDFs only, by their bytes.
    let upload = |content: Vec<u8>, media_type: &str| ReportDocumentInput {
        kind: PublicationKind::OmbudsmanAnnualReport,
        title: "Landlord performance report 2024-25".into(),
        file_name: "performance.pdf".into(),
        media_type: media_type.into(),
        content,
    };
    invalid(
        w.app.upload_annual_report_document(&w.senior, year, upload(b"GIF89a".to_vec(), "application/pdf")).await,
        "PDF",
    );
    let bytes = pdf();
    let id =
        w.app.upload_annual_report_document(&w.senior, year, upload(bytes.clone(), "application/pdf")).await.unwrap();
    let (info, back) = w.app.annual_report_document(&w.auditor, &id).await.unwrap();
    assert_eq!((back, info.sha256), (bytes.clone(), redress_storage::sha256_hex(&bytes)));
    assert!(matches!(
        w.app.annual_report_document(&w.stranger, &id).await,
        Err(AppError::Forbidden(_) | AppError::NotFound(_))
    ));

    w.app.approve_annual_report(&admin, year, approval).await.unwrap();
    w.app.publish_annual_report(&admin, year).await.unwrap();

    // The published figures are the dashboard's for the year.
    let dashboard = w.app.dashboard(&admin, None, year.period()).await.unwrap();
    let received = dashboard.metrics.volumes.stage1_received;
    assert_eq!(received, 1, "the world's one complaint");
    let published = w.app.published_annual_report(&admin.organisation_id, year).await.unwrap();
    assert_eq!(published.figures, redress_reports::annual_report::figure_tables(&dashboard.metrics));
    assert_eq!(published.figures[0].rows[0], ["Complaints received at stage 1", "1"]);
    // 1 complaint of 400 homes is 2.5 per 1,000.
    assert_eq!(published.figures[0].rows[2][1], "2.5 (1 of 400 homes)");
    let pdf = w.app.published_annual_report_pdf(&admin.organisation_id, year).await.unwrap();
    if let Some(text) = poppler::text(&pdf) {
        let squeezed = poppler::squeezed(&text);
        assert!(squeezed.contains(&format!("Complaintsreceivedatstage1{received}")), "{text}");
        assert!(squeezed.contains("Stage1complaintsper1,000homes2.5(1of400homes)"), "{text}");
        assert!(squeezed.contains("Email1"), "{text}");
        assert!(text.contains("Damp and mould lead the year's complaints."), "{text}");
        assert!(text.contains("The board welcomes the report"), "{text}");
        assert!(squeezed.contains("Landlordperformancereport2024-25"), "{text}");
        assert!(squeezed.contains("https://alpha.example/self-assessment"), "{text}");
    }

    // Frozen: a complaint received in the year afterwards changes the dashboard, not the report.
    another_complaint(&w).await;
    let now = w.app.dashboard(&admin, None, year.period()).await.unwrap();
    assert_eq!(now.metrics.volumes.stage1_received, 2);
    let again = w.app.published_annual_report(&admin.organisation_id, year).await.unwrap();
    assert_eq!(again, published);
    assert_eq!(w.app.published_annual_report_pdf(&admin.organisation_id, year).await.unwrap(), pdf);
    let view = w.app.annual_report(&w.auditor, year).await.unwrap();
    assert_eq!(view.report.figures[0].rows[0], ["Complaints received at stage 1", "1"]);
    invalid(w.app.save_annual_report(&admin, year, text).await, "published");
    invalid(w.app.publish_annual_report(&admin, year).await, "already published");
    invalid(w.app.remove_annual_report_document(&admin, year, &id).await, "published");
    // Another year is not published, for anyone.
    let next = ReportingYear::starting(2025).unwrap();
    assert!(matches!(w.app.published_annual_report(&admin.organisation_id, next).await, Err(AppError::NotFound(_))));
}
