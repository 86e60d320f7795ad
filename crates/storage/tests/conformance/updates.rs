//! Cases about the next update due to the resident (Code 5.9): stored with the summary,
//! rewritten with every append, and listed and counted as due today or overdue.

use redress_domain::ids::OrganisationId;
use redress_storage::{Backend, ComplaintFilter, Database, NewComplaint, StorageError, Triage};

use crate::fixtures::{cid, event, on, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(code_5_9_the_next_update_due_is_stored_and_rewritten_with_each_change),
        on_each_backend!(code_5_9_complaints_are_listed_and_counted_as_update_due_or_overdue),
    ]
}

async fn ids(db: &Database, org: &OrganisationId, filter: &ComplaintFilter) -> Result<Vec<String>, StorageError> {
    let mut ids: Vec<String> = db.list_complaints(org, filter).await?.into_iter().map(|c| String::from(c.id)).collect();
    ids.sort();
    Ok(ids)
}

async fn code_5_9_the_next_update_due_is_stored_and_rewritten_with_each_change(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let mut s = summary(&w.a, "2025-03-01");
    s.next_update_due = Some(on("2025-03-10"));
    let created =
        w.db.create_complaint(
            &w.a.org(),
            &NewComplaint { id: cid("c-1"), summary: s.clone(), triage: Triage::default(), categories: Vec::new() },
            &[event("logged", "{}")],
        )
        .await?;
    assert_eq!(created.summary.next_update_due, Some(on("2025-03-10")));
    let found = w.db.get_complaint(&w.a.org(), &cid("c-1")).await?.ok_or("not found")?;
    assert_eq!(found.summary.next_update_due, Some(on("2025-03-10")));
    // A response issued: no update is due any more.
    s.next_update_due = None;
    w.db.append_events(&w.a.org(), &cid("c-1"), 1, &[event("responded", "{}")], &s).await?;
    let found = w.db.get_complaint(&w.a.org(), &cid("c-1")).await?.ok_or("not found")?;
    assert_eq!(found.summary.next_update_due, None);
    Ok(())
}

async fn code_5_9_complaints_are_listed_and_counted_as_update_due_or_overdue(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    for (id, next_update_due) in
        [("c-1", Some("2025-03-10")), ("c-2", Some("2025-03-11")), ("c-3", Some("2025-03-12")), ("c-4", None)]
    {
        let mut s = summary(&w.a, "2025-03-01");
        s.next_update_due = next_update_due.map(on);
        w.db.create_complaint(
            &w.a.org(),
            &NewComplaint { id: cid(id), summary: s, triage: Triage::default(), categories: Vec::new() },
            &[event("logged", "{}")],
        )
        .await?;
    }
    let today = on("2025-03-11");
    let overdue = ComplaintFilter { update_overdue_on: Some(today), ..ComplaintFilter::default() };
    let due = ComplaintFilter { update_due_on: Some(today), ..ComplaintFilter::default() };
    assert_eq!(ids(&w.db, &w.a.id, &overdue).await?, ["c-1"]);
    assert_eq!(ids(&w.db, &w.a.id, &due).await?, ["c-2"]);
    assert_eq!(w.db.count_complaints(&w.a.id, &overdue).await?, 1);
    assert_eq!(w.db.count_complaints_up_to(&w.a.id, &due, 1001).await?, 1);
    // Another organisation's complaints are not counted.
    assert_eq!(w.db.count_complaints(&w.b.id, &overdue).await?, 0);
    Ok(())
}
