//! Cases about what the dashboard reads besides events: service requests recorded in a
//! period (by the instant, around the first and last midnights), the residents of a period's
//! complaints with support needs on their record, and complaints' references.

use redress_domain::ids::ResidentId;
use redress_domain::service_requests::ServiceRequestStatus;
use redress_storage::{Backend, NewComplaint, NewResident, NewServiceRequest, Triage};
use serde_json::json;

use crate::fixtures::{World, at, cid, complaint, event, id, on, resident_details, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(the_service_requests_recorded_in_a_period_are_counted_by_their_instant),
        on_each_backend!(the_residents_of_a_periods_complaints_with_vulnerabilities_or_adjustments_are_found),
        on_each_backend!(the_references_of_complaints_are_read_only_for_the_landlords_own),
    ]
}

/// 1 April 2024 begins at 23:00 UTC on 31 March (BST); so does 1 April 2025.
const FROM: &str = "2024-03-31T23:00:00Z";
const UNTIL: &str = "2025-03-31T23:00:00Z";

async fn request(w: &World, which: &str, created_at: &str, of_b: bool) -> CaseResult {
    let org = if of_b { &w.b } else { &w.a };
    let request = NewServiceRequest {
        id: id(which),
        resident_id: org.resident.clone(),
        property_id: None,
        description: "Leaking kitchen tap".into(),
        status: ServiceRequestStatus::Open,
        created_at: at(created_at),
    };
    w.db.create_service_request(&org.id, &request).await?;
    Ok(())
}

async fn the_service_requests_recorded_in_a_period_are_counted_by_their_instant(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    request(&w, "sr-before", "2024-03-31T22:59:59Z", false).await?;
    request(&w, "sr-first", "2024-03-31T23:00:00Z", false).await?;
    request(&w, "sr-last", "2025-03-31T22:59:59Z", false).await?;
    request(&w, "sr-after", "2025-03-31T23:00:00Z", false).await?;
    request(&w, "sr-of-b", "2024-06-01T12:00:00Z", true).await?;
    // The first and the last second of the year; not the seconds either side, nor B's.
    assert_eq!(w.db.service_requests_recorded(&w.a.org(), None, at(FROM), at(UNTIL)).await?, 2);
    assert_eq!(w.db.service_requests_recorded(&w.b.org(), None, at(FROM), at(UNTIL)).await?, 1);
    // An organisation that handles none of A's complaints and manages none of its homes sees none.
    let other = w.b.org();
    assert_eq!(w.db.service_requests_recorded(&w.a.org(), Some(&other), at(FROM), at(UNTIL)).await?, 0);
    Ok(())
}

/// A resident of A with `vulnerabilities` and `adjustments` (JSON lists), and a complaint of
/// theirs received on `received`.
async fn resident_with_complaint(
    w: &World,
    resident: &str,
    vulnerabilities: serde_json::Value,
    adjustments: serde_json::Value,
    complaint: &str,
    received: &str,
) -> CaseResult {
    let mut details = resident_details("Bea Resident");
    details.vulnerabilities = vulnerabilities;
    details.reasonable_adjustments = adjustments;
    let new = NewResident { id: id(resident), details, created_at: at("2024-01-02T09:00:00Z") };
    w.db.create_resident(&w.a.id, &new).await?;
    let mut summary = summary(&w.a, received);
    summary.resident_id = id(resident);
    let new = NewComplaint { id: cid(complaint), summary, triage: Triage::default(), categories: Vec::new() };
    w.db.create_complaint(&w.a.org(), &new, &[event("logged", "{}")]).await?;
    Ok(())
}

async fn the_residents_of_a_periods_complaints_with_vulnerabilities_or_adjustments_are_found(
    backend: Backend,
) -> CaseResult {
    let w = world(backend).await?;
    // A's fixture resident has a reasonable adjustment.
    complaint(&w.db, &w.a, "c-adjusted", "2024-04-01").await?;
    complaint(&w.db, &w.a, "c-adjusted-again", "2024-05-01").await?;
    resident_with_complaint(&w, "r-vulnerable", json!(["Hearing loss"]), json!([]), "c-vulnerable", "2025-03-31")
        .await?;
    resident_with_complaint(&w, "r-none", json!([]), json!([]), "c-none", "2024-06-01").await?;
    resident_with_complaint(&w, "r-later", json!(["Lives alone"]), json!([]), "c-later", "2025-04-01").await?;
    complaint(&w.db, &w.b, "c-of-b", "2024-06-01").await?;
    let year = (on("2024-04-01"), on("2025-03-31"));
    let found = w.db.residents_with_support_needs(&w.a.org(), None, year).await?;
    // Once each; not the resident with none, nor the one whose complaint came after the year.
    let expected: Vec<ResidentId> = vec![w.a.resident.clone(), id("r-vulnerable")];
    assert_eq!(found, expected);
    // Only the complaints the organisation handles: A handles its own, B none of A's.
    assert_eq!(w.db.residents_with_support_needs(&w.a.org(), Some(&w.a.org()), year).await?, expected);
    assert_eq!(w.db.residents_with_support_needs(&w.a.org(), Some(&w.b.org()), year).await?, Vec::<ResidentId>::new());
    Ok(())
}

async fn the_references_of_complaints_are_read_only_for_the_landlords_own(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let one = complaint(&w.db, &w.a, "c-1", "2024-04-01").await?;
    let two = complaint(&w.db, &w.a, "c-2", "2024-04-02").await?;
    complaint(&w.db, &w.b, "c-of-b", "2024-04-02").await?;
    let asked = [cid("c-1"), cid("c-2"), cid("c-of-b"), cid("c-none")];
    let found = w.db.complaint_references(&w.a.org(), &asked).await?;
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((&found[&cid("c-1")], &found[&cid("c-2")]), (&one.reference, &two.reference));
    assert_ne!(one.reference, two.reference);
    assert!(w.db.complaint_references(&w.a.org(), &[]).await?.is_empty());
    Ok(())
}
