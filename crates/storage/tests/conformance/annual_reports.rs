//! Cases about the annual complaints performance report: its written parts, approval and
//! publication (after which nothing changes), and the documents uploaded to it.

use redress_domain::ids::ReportDocumentId;
use redress_domain::reporting::PublicationKind;
use redress_storage::{AnnualReportText, Backend, NewReportDocument, ReportApproval, StorageError};

use crate::fixtures::{at, exec, on, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(an_annual_report_is_drafted_approved_and_published_then_frozen),
        on_each_backend!(documents_are_uploaded_to_a_report_kept_with_their_checksum_and_removed),
    ]
}

fn text(qualitative: &str) -> AnnualReportText {
    AnnualReportText {
        self_assessment_url: String::new(),
        qualitative: qualitative.into(),
        non_compliance: "None".into(),
        improvements: "Gas safety checks".into(),
    }
}

async fn an_annual_report_is_drafted_approved_and_published_then_frozen(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, user) = (&w.a.org(), &w.a.user_id());
    assert_eq!(w.db.annual_report(org, 2024).await?, None, "nothing begun");
    let approval = ReportApproval { meeting_on: on("2025-06-12"), minute: "B/25/7".into(), response: "Noted".into() };
    let refused = w.db.approve_annual_report(org, 2024, &approval, user, at("2025-06-13T09:00:00Z")).await;
    assert!(matches!(refused, Err(StorageError::NotFound { .. })), "{refused:?}");

    w.db.save_annual_report_text(org, 2024, &text("First"), user, at("2025-05-01T09:00:00Z")).await?;
    w.db.save_annual_report_text(org, 2024, &text("Second"), user, at("2025-05-02T09:00:00.123456Z")).await?;
    let early = w.db.publish_annual_report(org, 2024, "{}", b"%PDF-", user, at("2025-05-03T09:00:00Z")).await;
    assert!(matches!(early, Err(StorageError::Stale { .. })), "not approved: {early:?}");
    let draft = w.db.annual_report(org, 2024).await?.ok_or("the draft")?;
    assert_eq!(draft.text.qualitative, "Second");
    assert_eq!(draft.edited.at, at("2025-05-02T09:00:00.123456Z"));
    assert_eq!((draft.approval, draft.published), (None, None));

    w.db.approve_annual_report(org, 2024, &approval, user, at("2025-06-13T09:00:00Z")).await?;
    w.db.publish_annual_report(org, 2024, "{\"a\":1}", b"%PDF-1.7", user, at("2025-06-14T09:00:00Z")).await?;
    let published = w.db.annual_report(org, 2024).await?.ok_or("the report")?;
    let (approved, step) = published.approval.ok_or("approved")?;
    assert_eq!((approved, step.at), (approval.clone(), at("2025-06-13T09:00:00Z")));
    let kept = published.published.ok_or("published")?;
    assert_eq!(kept.snapshot, "{\"a\":1}");
    assert_eq!(kept.snapshot_sha256, redress_storage::sha256_hex(b"{\"a\":1}"));
    assert_eq!(w.db.annual_report_pdf(org, 2024).await?, Some(b"%PDF-1.7".to_vec()));

    // Nothing changes once published.
    let again = w.db.save_annual_report_text(org, 2024, &text("Third"), user, at("2025-06-15T09:00:00Z")).await;
    assert!(matches!(again, Err(StorageError::Stale { .. })), "{again:?}");
    let again = w.db.approve_annual_report(org, 2024, &approval, user, at("2025-06-15T09:00:00Z")).await;
    assert!(matches!(again, Err(StorageError::Stale { .. })), "{again:?}");
    let again = w.db.publish_annual_report(org, 2024, "{}", b"%PDF-", user, at("2025-06-15T09:00:00Z")).await;
    assert!(matches!(again, Err(StorageError::Stale { .. })), "{again:?}");
    assert_eq!(w.db.annual_report(org, 2024).await?.ok_or("the report")?.text.qualitative, "Second");

    // Another organisation sees none of it; a changed snapshot is found out.
    assert_eq!(w.db.annual_reports(&w.b.org()).await?, vec![]);
    assert_eq!(w.db.annual_report_pdf(&w.b.org(), 2024).await?, None);
    assert_eq!(w.db.annual_reports(org).await?.len(), 1);
    exec(w.db.database(), "update annual_reports set snapshot = '{}' where organisation_id = $1", &[org.as_str()])
        .await?;
    assert!(matches!(w.db.annual_report(org, 2024).await, Err(StorageError::Integrity { .. })));
    Ok(())
}

async fn documents_are_uploaded_to_a_report_kept_with_their_checksum_and_removed(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (org, user) = (&w.a.org(), &w.a.user_id());
    let id: ReportDocumentId = "doc-1".parse()?;
    let document = NewReportDocument {
        id: id.clone(),
        kind: PublicationKind::OmbudsmanAnnualReport,
        title: "Landlord performance report 2024-25".into(),
        file_name: "report.pdf".into(),
        content: b"%PDF-1.7 report".to_vec(),
    };
    // Uploading begins the report.
    w.db.add_annual_report_document(org, 2024, &document, user, at("2025-05-01T09:00:00Z")).await?;
    assert!(w.db.annual_report(org, 2024).await?.is_some());
    let listed = w.db.annual_report_documents(org, 2024).await?;
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].kind, listed[0].size_bytes), (PublicationKind::OmbudsmanAnnualReport, 15));
    assert_eq!(listed[0].sha256, redress_storage::sha256_hex(b"%PDF-1.7 report"));
    let (info, bytes) = w.db.annual_report_document(org, &id).await?.ok_or("the document")?;
    assert_eq!((info.file_name.as_str(), bytes.as_slice()), ("report.pdf", b"%PDF-1.7 report".as_slice()));
    assert_eq!(w.db.annual_report_document(&w.b.org(), &id).await?, None, "another organisation's is not found");
    assert!(w.db.annual_report_documents(org, 2023).await?.is_empty());

    exec(w.db.database(), "update annual_report_documents set sha256 = 'x' where id = $1", &[id.as_str()]).await?;
    assert!(matches!(w.db.annual_report_document(org, &id).await, Err(StorageError::Integrity { .. })));
    assert!(!w.db.remove_annual_report_document(&w.b.org(), 2024, &id).await?, "not another's to remove");
    assert!(w.db.remove_annual_report_document(org, 2024, &id).await?);
    assert!(w.db.annual_report_documents(org, 2024).await?.is_empty());

    // Published, a report takes no more documents and loses none.
    let approval = ReportApproval { meeting_on: on("2025-06-12"), minute: "M1".into(), response: String::new() };
    w.db.add_annual_report_document(
        org,
        2024,
        &NewReportDocument { id: "doc-2".parse()?, ..document.clone() },
        user,
        at("2025-05-02T09:00:00Z"),
    )
    .await?;
    w.db.approve_annual_report(org, 2024, &approval, user, at("2025-06-13T09:00:00Z")).await?;
    w.db.publish_annual_report(org, 2024, "{}", b"%PDF-", user, at("2025-06-14T09:00:00Z")).await?;
    let late =
        w.db.add_annual_report_document(
            org,
            2024,
            &NewReportDocument { id: "doc-3".parse()?, ..document },
            user,
            at("2025-06-15T09:00:00Z"),
        )
        .await;
    assert!(matches!(late, Err(StorageError::Stale { .. })), "{late:?}");
    let removed = w.db.remove_annual_report_document(org, 2024, &"doc-2".parse()?).await;
    assert!(matches!(removed, Err(StorageError::Stale { .. })), "{removed:?}");
    assert_eq!(w.db.annual_report_documents(org, 2024).await?.len(), 1);
    Ok(())
}
