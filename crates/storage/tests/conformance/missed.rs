//! Cases about the "deadline missed" filter (migration 0021): complaints with a deadline
//! answered late, as counted on their row, or with one open past its due date today; and the
//! complaints stored before the count was kept, read a batch at a time and counted once.

use redress_domain::ids::OrganisationId;
use redress_storage::{Backend, ComplaintFilter, Database, NewComplaint, Triage};

use crate::fixtures::{cid, event, on, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(a_complaint_with_a_deadline_answered_late_or_overdue_is_listed_as_missed),
        on_each_backend!(complaints_without_a_count_are_read_in_batches_and_counted_once),
    ]
}

/// The ids of the complaints of `org` that `filter` lists, sorted.
async fn listed(db: &Database, org: &OrganisationId, filter: &ComplaintFilter) -> Result<Vec<String>, String> {
    let mut ids: Vec<String> = db
        .list_complaints(org, filter)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|c| String::from(c.id))
        .collect();
    ids.sort();
    Ok(ids)
}

async fn a_complaint_with_a_deadline_answered_late_or_overdue_is_listed_as_missed(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    // (id, deadlines answered late, next due): answered late and closed; met and closed; open
    // and overdue; open and on track; stored before the count was kept, overdue and not.
    for (id, late, next_due) in [
        ("late", Some(1), None),
        ("met", Some(0), None),
        ("overdue", Some(0), Some("2025-03-10")),
        ("on-track", Some(0), Some("2025-03-20")),
        ("late-and-open", Some(2), Some("2025-03-20")),
        ("uncounted-overdue", None, Some("2025-03-10")),
        ("uncounted-on-track", None, Some("2025-03-20")),
    ] {
        let mut s = summary(&w.a, "2025-03-01");
        s.deadlines_answered_late = late;
        s.next_due = next_due.map(on);
        let new = NewComplaint { id: cid(id), summary: s, triage: Triage::default(), categories: Vec::new() };
        w.db.create_complaint(&w.a.org(), &new, &[event("logged", "{}")]).await?;
    }
    let missed = ComplaintFilter { missed_on: Some(on("2025-03-11")), ..ComplaintFilter::default() };
    let expected = ["late", "late-and-open", "overdue", "uncounted-overdue"];
    assert_eq!(listed(&w.db, &w.a.id, &missed).await?, expected);
    assert_eq!(w.db.count_complaints(&w.a.id, &missed).await?, 4);
    assert_eq!(w.db.count_complaints_up_to(&w.a.id, &missed, 1001).await?, 4);
    // The count is kept as stored, and read back.
    let late = w.db.get_complaint(&w.a.org(), &cid("late")).await?.ok_or("the complaint")?;
    assert_eq!(late.summary.deadlines_answered_late, Some(1));
    // Another landlord's missed complaints are not listed.
    assert!(listed(&w.db, &w.b.id, &missed).await?.is_empty());
    Ok(())
}

async fn complaints_without_a_count_are_read_in_batches_and_counted_once(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    for (id, late) in [("c-1", None), ("c-2", Some(0)), ("c-3", None), ("c-4", None)] {
        let mut s = summary(&w.a, "2025-03-01");
        s.deadlines_answered_late = late;
        let new = NewComplaint { id: cid(id), summary: s, triage: Triage::default(), categories: Vec::new() };
        w.db.create_complaint(&w.a.org(), &new, &[event("logged", "{}")]).await?;
    }
    let first = w.db.uncounted_complaints(None, 2).await?;
    let ids = |batch: &[(OrganisationId, redress_domain::ids::ComplaintId)]| {
        batch.iter().map(|(_, id)| String::from(id.clone())).collect::<Vec<_>>()
    };
    assert_eq!(ids(&first), ["c-1", "c-3"]);
    let second = w.db.uncounted_complaints(first.last(), 2).await?;
    assert_eq!(ids(&second), ["c-4"]);
    assert!(w.db.uncounted_complaints(second.last(), 2).await?.is_empty());
    // Written where none is kept; a count kept since (by an event, or another server) stays.
    let counts: Vec<_> = first.into_iter().map(|key| (key, 1)).collect();
    assert_eq!(w.db.set_deadlines_answered_late(&counts).await?, 2);
    let again: Vec<_> = counts.iter().map(|(key, _)| (key.clone(), 5)).collect();
    assert_eq!(w.db.set_deadlines_answered_late(&again).await?, 0);
    let c1 = w.db.get_complaint(&w.a.org(), &cid("c-1")).await?.ok_or("the complaint")?;
    assert_eq!(c1.summary.deadlines_answered_late, Some(1));
    assert_eq!(ids(&w.db.uncounted_complaints(None, 10).await?), ["c-4"]);
    Ok(())
}
