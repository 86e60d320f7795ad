//! Cases about what the reports read: homes owned per organisation and reporting year, the
//! complaints touching a period, and only the events of the kinds a report needs.

use redress_domain::reporting::TsmRecord;
use redress_storage::{Backend, NewOrganisation, OrganisationKind, StorageError};

use crate::fixtures::{at, cid, complaint, event_at, on, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(homes_owned_are_kept_per_organisation_and_reporting_year_and_replaced_when_recorded_again),
        on_each_backend!(homes_owned_need_an_organisation),
        on_each_backend!(the_complaints_touching_a_period_are_those_received_responded_or_escalated_in_it),
        on_each_backend!(the_complaints_touching_a_period_can_be_those_one_organisation_handles),
        on_each_backend!(only_the_events_of_the_kinds_asked_for_are_loaded_in_order),
        on_each_backend!(residents_with_an_adjustment_review_before_a_day_are_found),
    ]
}

async fn homes_owned_are_kept_per_organisation_and_reporting_year_and_replaced_when_recorded_again(
    backend: Backend,
) -> CaseResult {
    let w = world(backend).await?;
    assert_eq!(w.db.homes_owned(&w.a.org(), 2024).await?, None);
    w.db.record_homes_owned(&w.a.org(), 2024, 1200, at("2025-04-02T09:00:00Z")).await?;
    w.db.record_homes_owned(&w.a.org(), 2023, 1150, at("2025-04-02T09:00:00Z")).await?;
    w.db.record_homes_owned(&w.b.org(), 2024, 60, at("2025-04-02T09:00:00Z")).await?;
    assert_eq!(w.db.homes_owned(&w.a.org(), 2024).await?, Some(1200));
    assert_eq!(w.db.homes_owned(&w.a.org(), 2023).await?, Some(1150));
    assert_eq!(w.db.homes_owned(&w.b.org(), 2024).await?, Some(60));
    assert_eq!(w.db.homes_owned(&w.b.org(), 2023).await?, None);
    // Recorded again: replaced, not added.
    w.db.record_homes_owned(&w.a.org(), 2024, 1210, at("2025-04-03T09:00:00Z")).await?;
    assert_eq!(w.db.homes_owned(&w.a.org(), 2024).await?, Some(1210));
    w.db.record_homes_owned(&w.a.org(), 2024, 0, at("2025-04-03T09:00:00Z")).await?;
    assert_eq!(w.db.homes_owned(&w.a.org(), 2024).await?, Some(0));
    Ok(())
}

async fn homes_owned_need_an_organisation(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let missing = w.db.record_homes_owned(&"org-none".parse()?, 2024, 10, at("2025-04-02T09:00:00Z")).await;
    assert!(matches!(missing, Err(StorageError::MissingReference { .. })), "{missing:?}");
    let too_many = w.db.record_homes_owned(&w.a.org(), 2024, u32::MAX, at("2025-04-02T09:00:00Z")).await;
    assert!(matches!(too_many, Err(StorageError::InvalidInput(_))), "{too_many:?}");
    Ok(())
}

/// Appends an event of `kind` recorded at `recorded_at` to complaint `id` of A, whose last
/// seq is `last_seq`, received on `received`.
async fn step(
    w: &crate::fixtures::World,
    id: &str,
    received: &str,
    last_seq: i64,
    kind: &str,
    recorded_at: &str,
) -> CaseResult {
    let event = event_at(kind, r#"{"type":"step"}"#, recorded_at);
    w.db.append_events(&w.a.org(), &cid(id), last_seq, &[event], &summary(&w.a, received)).await?;
    Ok(())
}

async fn the_complaints_touching_a_period_are_those_received_responded_or_escalated_in_it(
    backend: Backend,
) -> CaseResult {
    let w = world(backend).await?;
    let year = (on("2024-04-01"), on("2025-03-31"));
    // 1 April 2024 began at 23:00 UTC on 31 March (BST).
    let starts_at = at("2024-03-31T23:00:00Z");
    // Received in the year.
    complaint(&w.db, &w.a, "c-in", "2024-04-01").await?;
    complaint(&w.db, &w.a, "c-last", "2025-03-31").await?;
    // Received before it, answered in it.
    complaint(&w.db, &w.a, "c-answered", "2024-03-20").await?;
    step(&w, "c-answered", "2024-03-20", 1, "responded", "2024-04-03T10:00:00Z").await?;
    // Received before it, escalated in it.
    complaint(&w.db, &w.a, "c-escalated", "2024-02-01").await?;
    step(&w, "c-escalated", "2024-02-01", 1, "escalation_requested", "2024-03-31T23:00:00Z").await?;
    // Received before it, acknowledged in it but nothing more: not touching it.
    complaint(&w.db, &w.a, "c-acknowledged", "2024-03-28").await?;
    step(&w, "c-acknowledged", "2024-03-28", 1, "acknowledged", "2024-04-02T10:00:00Z").await?;
    // Received and answered before it.
    complaint(&w.db, &w.a, "c-before", "2024-02-01").await?;
    step(&w, "c-before", "2024-02-01", 1, "responded", "2024-03-31T22:59:59Z").await?;
    // Received after it.
    complaint(&w.db, &w.a, "c-after", "2025-04-01").await?;
    step(&w, "c-after", "2025-04-01", 1, "responded", "2025-04-03T10:00:00Z").await?;
    // Another landlord's.
    complaint(&w.db, &w.b, "c-other", "2024-06-03").await?;

    let touching = w.db.complaints_touching(&w.a.org(), None, year, starts_at, &TsmRecord::STEPS_IN_PERIOD).await?;
    assert_eq!(touching, [cid("c-answered"), cid("c-escalated"), cid("c-in"), cid("c-last")]);
    Ok(())
}

async fn the_complaints_touching_a_period_can_be_those_one_organisation_handles(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let agent =
        w.db.create_organisation(&NewOrganisation {
            id: "org-agent".parse()?,
            name: "Agents Ltd".into(),
            kind: OrganisationKind::ManagingAgent,
            parent_id: Some(w.a.org()),
            created_at: at("2025-01-03T09:00:00Z"),
        })
        .await?;
    complaint(&w.db, &w.a, "c-landlord", "2024-06-03").await?;
    complaint(&w.db, &w.a, "c-agent", "2024-06-03").await?;
    let handled =
        redress_storage::ComplaintSummary { organisation_handling: agent.id.clone(), ..summary(&w.a, "2024-06-03") };
    let event = event_at("responded", r#"{"type":"step"}"#, "2024-07-01T10:00:00Z");
    w.db.append_events(&w.a.org(), &cid("c-agent"), 1, &[event], &handled).await?;
    let year = (on("2024-04-01"), on("2025-03-31"));
    let starts_at = at("2024-03-31T23:00:00Z");
    let agents =
        w.db.complaints_touching(&w.a.org(), Some(&agent.id), year, starts_at, &TsmRecord::STEPS_IN_PERIOD).await?;
    assert_eq!(agents, [cid("c-agent")]);
    let all = w.db.complaints_touching(&w.a.org(), None, year, starts_at, &TsmRecord::STEPS_IN_PERIOD).await?;
    assert_eq!(all, [cid("c-agent"), cid("c-landlord")]);
    Ok(())
}

async fn only_the_events_of_the_kinds_asked_for_are_loaded_in_order(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2024-06-03").await?;
    step(&w, "c-1", "2024-06-03", 1, "acknowledged", "2024-06-05T10:00:00Z").await?;
    step(&w, "c-1", "2024-06-03", 2, "points_added", "2024-06-06T10:00:00Z").await?;
    step(&w, "c-1", "2024-06-03", 3, "responded", "2024-06-19T10:00:00Z").await?;
    complaint(&w.db, &w.a, "c-2", "2024-06-04").await?;
    complaint(&w.db, &w.a, "c-3", "2024-06-04").await?;
    let events = w.db.load_events_of_kinds(&w.a.org(), &[cid("c-2"), cid("c-1")], &["logged", "responded"]).await?;
    let read: Vec<(String, i64, String)> =
        events.iter().map(|e| (e.complaint_id.to_string(), e.seq, e.kind.clone())).collect();
    assert_eq!(
        read,
        [
            ("c-1".to_owned(), 1, "logged".to_owned()),
            ("c-1".to_owned(), 4, "responded".to_owned()),
            ("c-2".to_owned(), 1, "logged".to_owned()),
        ]
    );
    // Another landlord's complaints are not read through A.
    assert!(w.db.load_events_of_kinds(&w.b.org(), &[cid("c-1")], &["logged"]).await?.is_empty());
    Ok(())
}

async fn residents_with_an_adjustment_review_before_a_day_are_found(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    // A's and B's residents' adjustments are due for review on 31 January 2026.
    assert!(w.db.residents_with_review_before(&w.a.org(), on("2026-01-31")).await?.is_empty(), "due that day");
    let overdue = w.db.residents_with_review_before(&w.a.org(), on("2026-02-01")).await?;
    assert_eq!(overdue, vec![w.a.resident.clone()], "only A's own");
    Ok(())
}
