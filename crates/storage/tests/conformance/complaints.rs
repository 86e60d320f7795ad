//! Cases about creating, reading and listing complaints.

use std::collections::BTreeSet;

use redress_storage::{
    Backend, ComplaintFilter, Creation, ListedComplaint, NewComplaint, NewEvent, NewRequestKey, NewResident, Page,
    Paged, StorageError, Triage, request_fingerprint,
};
use tokio::task::JoinSet;

use redress_domain::complaint::Status;
use redress_domain::ids::{ComplaintId, OrganisationId};

use crate::fixtures::{assert_audit_clean, at, cid, complaint, event, id, on, resident_details, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(references_are_sequential_per_organisation_and_per_year_received),
        on_each_backend!(references_stay_unique_when_two_processes_create_complaints_at_once),
        on_each_backend!(complaints_created_together_are_stored_as_if_one_at_a_time_or_not_at_all),
        on_each_backend!(a_complaint_is_found_by_id_and_by_reference_only_in_its_organisation),
        on_each_backend!(a_complaint_needs_events_and_a_resident_of_its_own_organisation),
        on_each_backend!(a_stage_other_than_one_or_two_is_refused),
        on_each_backend!(complaints_are_listed_by_stage_status_handler_and_handling_organisation),
        on_each_backend!(complaints_are_listed_as_overdue_or_due_soon_from_their_next_due_date),
        on_each_backend!(the_overdue_list_is_soonest_due_first_a_page_at_a_time),
        on_each_backend!(complaints_are_listed_by_date_received_newest_first_a_page_at_a_time),
        on_each_backend!(complaints_are_searched_by_reference_resident_name_and_address_ignoring_case),
    ]
}

async fn references_are_sequential_per_organisation_and_per_year_received(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let mut refs = Vec::new();
    for (i, (org, received)) in
        [(&w.a, "2025-03-01"), (&w.a, "2025-03-02"), (&w.b, "2025-03-02"), (&w.a, "2026-01-05"), (&w.a, "2025-12-31")]
            .into_iter()
            .enumerate()
    {
        refs.push(complaint(&w.db, org, &format!("c-{i}"), received).await?.reference);
    }
    assert_eq!(refs, ["CMP-2025-000001", "CMP-2025-000002", "CMP-2025-000001", "CMP-2026-000001", "CMP-2025-000003"]);
    Ok(())
}

async fn references_stay_unique_when_two_processes_create_complaints_at_once(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let second = w.db.connect_again().await?;
    let mut tasks = JoinSet::new();
    for i in 0..16 {
        let db = if i % 2 == 0 { w.db.database().clone() } else { second.clone() };
        let org = w.a.org();
        let new = NewComplaint {
            id: ComplaintId::trusted(format!("c-{i}")),
            summary: summary(&w.a, "2025-04-01"),
            triage: Triage::default(),
            categories: Vec::new(),
        };
        tasks.spawn(async move { db.create_complaint(&org, &new, &[event("logged", "{}")]).await });
    }
    let mut refs = BTreeSet::new();
    while let Some(done) = tasks.join_next().await {
        refs.insert(done??.reference);
    }
    let expected: BTreeSet<String> = (1..=16).map(|n| format!("CMP-2025-{n:06}")).collect();
    assert_eq!(refs, expected, "16 distinct references with no gap");
    second.close().await;
    assert_audit_clean(&w.db).await
}

/// Creations written in one transaction (as concurrent intakes are, `app/src/grouped.rs`):
/// each takes its organisation's next reference for its year and next registry entry in the
/// order given, across organisations; a live key among them leaves nothing of any of them.
async fn complaints_created_together_are_stored_as_if_one_at_a_time_or_not_at_all(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let (a, b) = (w.a.org(), w.b.org());
    let key = |key: &str| NewRequestKey {
        organisation_id: w.a.id.clone(),
        key: key.into(),
        fingerprint: request_fingerprint("POST", "/api/v1/complaints", key.as_bytes()),
        response_status: 201,
        created_at: at("2025-03-04T10:00:00Z"),
    };
    let new = |id: &str, org: &crate::fixtures::Org, received: &str| NewComplaint {
        id: cid(id),
        summary: summary(org, received),
        triage: Triage::default(),
        categories: Vec::new(),
    };
    let events: Vec<NewEvent> = vec![event("logged", "{}")];
    let complaints = [
        (&a, new("c-1", &w.a, "2025-03-01"), Some(key("k-1"))),
        (&b, new("c-2", &w.b, "2025-03-01"), None),
        (&a, new("c-3", &w.a, "2025-03-02"), Some(key("k-3"))),
        (&a, new("c-4", &w.a, "2026-01-05"), None),
    ];
    let creations: Vec<Creation<'_>> = complaints
        .iter()
        .map(|(org, complaint, key)| Creation {
            organisation: org,
            complaint,
            events: &events,
            request_key: key.as_ref(),
            tsm: &[],
        })
        .collect();
    let created = w.db.create_complaints(&creations).await?;
    let references: Vec<&str> = created.iter().map(|(c, _)| c.reference.as_str()).collect();
    assert_eq!(references, ["CMP-2025-000001", "CMP-2025-000001", "CMP-2025-000002", "CMP-2026-000001"]);
    for ((complaint, stored), (_, new, _)) in created.iter().zip(&complaints) {
        assert_eq!(complaint.id, new.id);
        assert_eq!(stored.len(), 1);
        assert_eq!(w.db.get_complaint(&complaint.organisation_id, &complaint.id).await?.as_ref(), Some(complaint));
    }
    let now = at("2025-03-04T10:00:00Z");
    assert!(w.db.request_key(&w.a.id, "k-3", now).await?.is_some(), "each key is stored with its complaint");

    // Again, with k-3 among them: still live, so none of the three is stored.
    let again = [
        (&a, new("c-5", &w.a, "2025-03-03"), None),
        (&b, new("c-6", &w.b, "2025-03-03"), None),
        (&a, new("c-7", &w.a, "2025-03-03"), Some(key("k-3"))),
    ];
    let creations: Vec<Creation<'_>> = again
        .iter()
        .map(|(org, complaint, key)| Creation {
            organisation: org,
            complaint,
            events: &events,
            request_key: key.as_ref(),
            tsm: &[],
        })
        .collect();
    let refused = w.db.create_complaints(&creations).await;
    assert!(matches!(refused, Err(StorageError::KeyTaken { .. })), "{refused:?}");
    assert_eq!(w.db.get_complaint(&a, &cid("c-5")).await?, None);
    assert_eq!(w.db.get_complaint(&b, &cid("c-6")).await?, None);
    assert_eq!(complaint(&w.db, &w.a, "c-8", "2025-03-03").await?.reference, "CMP-2025-000003", "no number taken");
    assert_audit_clean(&w.db).await
}

async fn a_complaint_is_found_by_id_and_by_reference_only_in_its_organisation(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let created = complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    assert_eq!(created.last_seq, 1);
    assert_eq!(created.created_at, at("2025-03-04T10:15:30.123456Z"));
    assert_eq!(created.summary, summary(&w.a, "2025-03-01"));

    assert_eq!(w.db.get_complaint(&w.a.org(), &cid("c-1")).await?, Some(created.clone()));
    assert_eq!(w.db.get_complaint_by_reference(&w.a.org(), &created.reference).await?, Some(created.clone()));
    assert_eq!(w.db.get_complaint(&w.b.org(), &cid("c-1")).await?, None);
    assert_eq!(w.db.get_complaint_by_reference(&w.b.org(), &created.reference).await?, None);
    assert!(w.db.list_complaints(&w.b.id, &ComplaintFilter::default()).await?.is_empty());
    assert!(matches!(w.db.load_events(&w.b.org(), &cid("c-1")).await, Err(StorageError::NotFound { .. })));
    Ok(())
}

async fn a_complaint_needs_events_and_a_resident_of_its_own_organisation(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let new = NewComplaint {
        id: cid("c-1"),
        summary: summary(&w.a, "2025-03-01"),
        triage: Triage::default(),
        categories: Vec::new(),
    };
    assert!(matches!(w.db.create_complaint(&w.a.org(), &new, &[]).await, Err(StorageError::InvalidInput(_))));
    let bad = [event("logged", "{not json")];
    assert!(matches!(w.db.create_complaint(&w.a.org(), &new, &bad).await, Err(StorageError::InvalidInput(_))));
    // B files a complaint naming A's resident: refused, and nothing is left.
    let foreign = NewComplaint {
        id: cid("c-2"),
        summary: summary(&w.a, "2025-03-01"),
        triage: Triage::default(),
        categories: Vec::new(),
    };
    let result = w.db.create_complaint(&w.b.org(), &foreign, &[event("logged", "{}")]).await;
    assert!(matches!(result, Err(StorageError::MissingReference { .. })), "{result:?}");
    // Nothing was half-written: the next reference is still the first.
    let first = complaint(&w.db, &w.b, "c-3", "2025-03-01").await?;
    assert_eq!(first.reference, "CMP-2025-000001");
    let again =
        w.db.create_complaint(
            &w.b.org(),
            &NewComplaint {
                id: cid("c-3"),
                summary: summary(&w.b, "2025-03-01"),
                triage: Triage::default(),
                categories: Vec::new(),
            },
            &[event("logged", "{}")],
        )
        .await;
    assert!(matches!(again, Err(StorageError::Duplicate { .. })), "{again:?}");
    assert_audit_clean(&w.db).await
}

async fn a_stage_other_than_one_or_two_is_refused(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    for stage in [0, 3] {
        let mut s = summary(&w.a, "2025-03-01");
        s.stage = Some(stage);
        let new = NewComplaint {
            id: ComplaintId::trusted(format!("c-{stage}")),
            summary: s,
            triage: Triage::default(),
            categories: Vec::new(),
        };
        let result = w.db.create_complaint(&w.a.org(), &new, &[event("logged", "{}")]).await;
        assert!(matches!(result, Err(StorageError::InvalidInput(_))), "stage {stage}: {result:?}");
    }
    Ok(())
}

/// The references listed by `filter` in organisation A.
async fn listed(
    db: &redress_storage::Database,
    org: &OrganisationId,
    filter: ComplaintFilter,
) -> Result<Vec<String>, StorageError> {
    Ok(db.list_complaints(org, &filter).await?.into_iter().map(|c| String::from(c.id)).collect())
}

async fn complaints_are_listed_by_stage_status_handler_and_handling_organisation(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let db = &w.db;
    let agent = crate::fixtures::organisation(db, "agent", "Agents Ltd").await?;
    for (id, stage, status, handler, handling) in [
        ("c-1", Some(1), Status::Investigating, Some(&w.a.user), &w.a.id),
        ("c-2", Some(2), Status::AwaitingAcknowledgement, Some(&agent.user), &agent.id),
        ("c-3", None, Status::NotAccepted, None, &w.a.id),
        ("c-4", Some(1), Status::Responded, Some(&agent.user), &w.a.id),
    ] {
        let mut s = summary(&w.a, "2025-03-01");
        s.stage = stage;
        s.status = status;
        s.handler = handler.cloned();
        s.organisation_handling = handling.clone();
        db.create_complaint(
            &w.a.org(),
            &NewComplaint { id: cid(id), summary: s, triage: Triage::default(), categories: Vec::new() },
            &[event("logged", "{}")],
        )
        .await?;
    }
    let by = |f: fn(&mut ComplaintFilter)| {
        let mut filter = ComplaintFilter::default();
        f(&mut filter);
        filter
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(listed(db, &w.a.id, by(|f| f.stage = Some(1))).await?), ["c-1", "c-4"]);
    assert_eq!(listed(db, &w.a.id, by(|f| f.stage = Some(2))).await?, ["c-2"]);
    assert_eq!(listed(db, &w.a.id, by(|f| f.status = Some(Status::NotAccepted))).await?, ["c-3"]);
    assert_eq!(sorted(listed(db, &w.a.id, by(|f| f.handler = Some(id("agent-user")))).await?), ["c-2", "c-4"]);
    assert_eq!(listed(db, &w.a.id, by(|f| f.organisation_handling = Some(id("org-agent")))).await?, ["c-2"]);
    let both = by(|f| {
        f.stage = Some(1);
        f.handler = Some(id("agent-user"));
    });
    assert_eq!(listed(db, &w.a.id, both.clone()).await?, ["c-4"]);
    assert_eq!(db.count_complaints(&w.a.id, &both).await?, 1);
    assert_eq!(db.count_complaints(&w.a.id, &ComplaintFilter::default()).await?, 4);
    // The agent's own organisation owns no complaints: it sees them only
    // through the landlord's, by `organisation_handling`.
    assert!(listed(db, &agent.id, ComplaintFilter::default()).await?.is_empty());
    Ok(())
}

async fn complaints_are_listed_as_overdue_or_due_soon_from_their_next_due_date(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    for (id, next_due) in [
        ("c-1", Some("2025-03-10")),
        ("c-2", Some("2025-03-11")),
        ("c-3", Some("2025-03-13")),
        ("c-4", Some("2025-03-20")),
        ("c-5", None),
    ] {
        let mut s = summary(&w.a, "2025-03-01");
        s.next_due = next_due.map(on);
        w.db.create_complaint(
            &w.a.org(),
            &NewComplaint { id: cid(id), summary: s, triage: Triage::default(), categories: Vec::new() },
            &[event("logged", "{}")],
        )
        .await?;
    }
    let today = on("2025-03-11");
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let overdue = ComplaintFilter { overdue_on: Some(today), ..ComplaintFilter::default() };
    assert_eq!(listed(&w.db, &w.a.id, overdue).await?, ["c-1"]);
    let due_soon = ComplaintFilter { due_between: Some((today, on("2025-03-13"))), ..ComplaintFilter::default() };
    assert_eq!(sorted(listed(&w.db, &w.a.id, due_soon).await?), ["c-2", "c-3"]);
    Ok(())
}

/// The deadline lists are in order of due date, the most overdue first, then by reference,
/// whatever the order of receipt; and they page by that order (issue 8).
async fn the_overdue_list_is_soonest_due_first_a_page_at_a_time(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    // Made in this order, so their references are too.
    for (id, received, next_due) in [
        ("c-1", "2025-03-05", "2025-03-06"),
        ("c-2", "2025-03-01", "2025-03-08"),
        ("c-3", "2025-02-20", "2025-03-06"),
        ("c-4", "2025-02-25", "2025-03-02"),
        ("c-5", "2025-03-09", "2025-03-12"),
    ] {
        let mut s = summary(&w.a, received);
        s.next_due = Some(on(next_due));
        w.db.create_complaint(
            &w.a.org(),
            &NewComplaint { id: cid(id), summary: s, triage: Triage::default(), categories: Vec::new() },
            &[event("logged", "{}")],
        )
        .await?;
    }
    let overdue = ComplaintFilter { overdue_on: Some(on("2025-03-10")), limit: 2, ..ComplaintFilter::default() };
    let ids = |paged: Paged<ListedComplaint>| -> (Vec<String>, bool) {
        (paged.items.into_iter().map(|l| String::from(l.complaint.id)).collect(), paged.more)
    };
    let first = w.db.page_complaints(&w.a.id, &overdue).await?;
    let after = overdue.cursor_of(&first.items[1].complaint);
    assert_eq!(ids(first), (vec!["c-4".to_owned(), "c-1".to_owned()], true), "most overdue first");
    let next = w.db.page_complaints(&w.a.id, &ComplaintFilter { page: Page::After(after), ..overdue.clone() }).await?;
    let before = overdue.cursor_of(&next.items[0].complaint);
    assert_eq!(ids(next), (vec!["c-3".to_owned(), "c-2".to_owned()], false), "the same day by reference, then later");
    let back =
        w.db.page_complaints(&w.a.id, &ComplaintFilter { page: Page::Before(before), ..overdue.clone() }).await?;
    assert_eq!(ids(back), (vec!["c-4".to_owned(), "c-1".to_owned()], false), "the page before");
    assert_eq!(w.db.count_complaints_up_to(&w.a.id, &overdue, 3).await?, 3, "a capped count");
    assert_eq!(w.db.count_complaints_up_to(&w.a.id, &overdue, 1001).await?, 4);
    Ok(())
}

async fn complaints_are_listed_by_date_received_newest_first_a_page_at_a_time(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    for (id, received) in [
        ("c-1", "2025-01-10"),
        ("c-2", "2025-02-10"),
        ("c-3", "2025-02-10"),
        ("c-4", "2025-03-10"),
        ("c-5", "2024-12-10"),
    ] {
        complaint(&w.db, &w.a, id, received).await?;
    }
    // By date received, newest first, then by reference, descending (c-3 was created, and
    // so numbered, after c-2).
    assert_eq!(listed(&w.db, &w.a.id, ComplaintFilter::default()).await?, ["c-4", "c-3", "c-2", "c-1", "c-5"]);
    let page = |offset| ComplaintFilter { limit: 2, offset, ..ComplaintFilter::default() };
    assert_eq!(listed(&w.db, &w.a.id, page(0)).await?, ["c-4", "c-3"]);
    assert_eq!(listed(&w.db, &w.a.id, page(2)).await?, ["c-2", "c-1"]);
    assert_eq!(listed(&w.db, &w.a.id, page(4)).await?, ["c-5"]);
    assert!(listed(&w.db, &w.a.id, page(6)).await?.is_empty());
    // By keyset: after the last of a page, before the first of one, saying whether there
    // are more that way.
    let ids = |paged: Paged<ListedComplaint>| -> (Vec<String>, bool) {
        (paged.items.into_iter().map(|l| String::from(l.complaint.id)).collect(), paged.more)
    };
    let all = ComplaintFilter::default();
    let c3 = all.cursor_of(&w.db.get_complaint(&w.a.org(), &cid("c-3")).await?.ok_or("c-3")?);
    let c1 = all.cursor_of(&w.db.get_complaint(&w.a.org(), &cid("c-1")).await?.ok_or("c-1")?);
    let at = |page| ComplaintFilter { limit: 2, page, ..ComplaintFilter::default() };
    let first = w.db.page_complaints(&w.a.id, &at(Page::First)).await?;
    assert_eq!(ids(first), (vec!["c-4".to_owned(), "c-3".to_owned()], true));
    let next = w.db.page_complaints(&w.a.id, &at(Page::After(c3.clone()))).await?;
    assert_eq!(ids(next), (vec!["c-2".to_owned(), "c-1".to_owned()], true));
    let last = w.db.page_complaints(&w.a.id, &at(Page::After(c1.clone()))).await?;
    assert_eq!(ids(last), (vec!["c-5".to_owned()], false));
    let previous = w.db.page_complaints(&w.a.id, &at(Page::Before(c1))).await?;
    assert_eq!(ids(previous), (vec!["c-3".to_owned(), "c-2".to_owned()], true));
    let start = w.db.page_complaints(&w.a.id, &at(Page::Before(c3))).await?;
    assert_eq!(ids(start), (vec!["c-4".to_owned()], false));
    let range = ComplaintFilter {
        received_from: Some(on("2025-01-10")),
        received_to: Some(on("2025-02-10")),
        ..ComplaintFilter::default()
    };
    assert_eq!(listed(&w.db, &w.a.id, range.clone()).await?, ["c-3", "c-2", "c-1"]);
    assert_eq!(w.db.count_complaints(&w.a.id, &ComplaintFilter { limit: 1, ..range }).await?, 3);
    Ok(())
}

async fn complaints_are_searched_by_reference_resident_name_and_address_ignoring_case(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let db = &w.db;
    let created_at = at("2025-01-02T09:00:00Z");
    for (resident, name, address) in [
        ("r-rosa", "Rosa Resident", Some("Flat 2, 10 Mill Lane, Leeds")),
        ("r-pat", "Pat 100% Sure", None),
        ("r-und", "Una Under_score", None),
    ] {
        let mut details = resident_details(name);
        details.address = address.map(str::to_owned);
        db.create_resident(&w.a.id, &NewResident { id: id(resident), details, created_at }).await?;
    }
    // c-1: Ada Resident of 1 High Street (the fixture); then one complaint per resident above.
    let first = complaint(db, &w.a, "c-1", "2025-03-01").await?;
    for (complaint_id, resident) in [("c-2", "r-rosa"), ("c-3", "r-pat"), ("c-4", "r-und")] {
        let mut s = summary(&w.a, "2025-03-02");
        s.resident_id = id(resident);
        db.create_complaint(
            &w.a.org(),
            &NewComplaint { id: cid(complaint_id), summary: s, triage: Triage::default(), categories: Vec::new() },
            &[event("logged", "{}")],
        )
        .await?;
    }
    // Organisation B's resident is also Ada Resident of 1 High Street.
    complaint(db, &w.b, "b-1", "2025-03-01").await?;
    let search = |text: &str| ComplaintFilter { search: Some(text.into()), ..ComplaintFilter::default() };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(listed(db, &w.a.id, search(&first.reference)).await?, ["c-1"]);
    assert_eq!(listed(db, &w.a.id, search(&first.reference.to_lowercase())).await?, ["c-1"]);
    assert_eq!(sorted(listed(db, &w.a.id, search("cmp-2025-")).await?), ["c-1", "c-2", "c-3", "c-4"]);
    assert_eq!(listed(db, &w.a.id, search("ROSA res")).await?, ["c-2"]);
    assert_eq!(sorted(listed(db, &w.a.id, search("resident")).await?), ["c-1", "c-2"]);
    assert_eq!(listed(db, &w.a.id, search("mill LANE")).await?, ["c-2"]);
    assert_eq!(listed(db, &w.a.id, search("high street")).await?, ["c-1"], "only A's own");
    assert_eq!(listed(db, &w.a.id, search("  high street  ")).await?, ["c-1"], "trimmed");
    assert_eq!(listed(db, &w.a.id, search("100%")).await?, ["c-3"]);
    assert_eq!(listed(db, &w.a.id, search("%")).await?, ["c-3"], "% is a character, not a wildcard");
    assert_eq!(listed(db, &w.a.id, search("_")).await?, ["c-4"], "_ is a character, not a wildcard");
    assert_eq!(listed(db, &w.a.id, search("\\")).await?, Vec::<String>::new());
    assert_eq!(listed(db, &w.a.id, search("")).await?.len(), 4, "an empty search finds everything");
    assert_eq!(db.count_complaints(&w.a.id, &search("resident")).await?, 2);
    let named = db.list_complaints_with_residents(&w.a.id, &search("mill")).await?;
    assert_eq!(named.iter().map(|l| l.resident_name.as_str()).collect::<Vec<_>>(), ["Rosa Resident"]);
    let narrowed = ComplaintFilter { received_from: Some(on("2025-03-02")), ..search("resident") };
    assert_eq!(listed(db, &w.a.id, narrowed).await?, ["c-2"], "with the other filters");
    assert_eq!(listed(db, &w.b.id, search("cmp")).await?, ["b-1"]);
    Ok(())
}
