//! Cases about appending to a complaint's record and reading it back.

use std::time::Duration;

use redress_domain::complaint::Status;
use redress_storage::{Backend, Database, GENESIS_HASH, NewEvent, StorageError, event_hash};

use crate::fixtures::{assert_audit_clean, at, cid, complaint, event, event_at, summary, world};
use crate::{Case, CaseResult, on_each_backend, once};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(appended_events_load_back_with_their_payloads_byte_for_byte),
        on_each_backend!(each_event_is_chained_to_the_one_before),
        on_each_backend!(an_append_updates_the_complaints_summary_and_head),
        on_each_backend!(an_append_at_a_stale_seq_is_a_conflict_and_writes_nothing),
        on_each_backend!(two_processes_appending_at_the_same_seq_never_fork_the_chain),
        once!(
            appending_to_a_complaint_never_waits_for_another_complaint_or_a_creation,
            needs: [Backend::Postgres]
        ),
        on_each_backend!(another_organisation_cannot_append_to_or_read_a_complaint),
        on_each_backend!(an_append_with_no_events_or_a_payload_that_is_not_json_is_refused),
        on_each_backend!(the_events_of_many_complaints_load_at_once_by_complaint_and_in_order_within_one_organisation),
    ]
}

async fn appended_events_load_back_with_their_payloads_byte_for_byte(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    // Key order, spacing, escapes, big numbers and non-ASCII text must all
    // survive: the hash is over these exact bytes.
    let payloads = [
        r#"{"z":1,"a":[1, 2 ,3],"nested":{"b":null,"a":true}}"#,
        "{\n  \"text\": \"caf\u{e9} \u{2014} \\u00e9 \\\"quoted\\\"\",\n  \"n\": 12345678901234567890.5e-3\n}",
        "[]",
        "\"just a string\"",
    ];
    let events: Vec<NewEvent> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| event_at("noted", p, &format!("2025-03-05T10:00:0{i}.999999999Z")))
        .collect();
    let stored = w.db.append_events(&w.a.org(), &cid("c-1"), 1, &events, &summary(&w.a, "2025-03-01")).await?;
    assert_eq!(stored.iter().map(|e| e.seq).collect::<Vec<_>>(), [2, 3, 4, 5]);

    let loaded = w.db.load_events(&w.a.org(), &cid("c-1")).await?;
    assert_eq!(loaded.len(), 5);
    assert_eq!(&loaded[1..], &stored[..], "what append returns is what load reads");
    for (event, payload) in loaded[1..].iter().zip(payloads) {
        assert_eq!(event.payload, payload);
        assert_eq!(event.actor, "a-user");
        assert_eq!(event.organisation_id, w.a.id);
    }
    // Instants are kept to the microsecond on both backends.
    assert_eq!(loaded[1].recorded_at, at("2025-03-05T10:00:00.999999Z"));
    Ok(())
}

async fn each_event_is_chained_to_the_one_before(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    w.db.append_events(
        &w.a.org(),
        &cid("c-1"),
        1,
        &[event("acknowledged", "{}"), event("extended", "{\"days\":5}")],
        &summary(&w.a, "2025-03-01"),
    )
    .await?;
    let loaded = w.db.load_events(&w.a.org(), &cid("c-1")).await?;
    let mut prev = GENESIS_HASH.to_owned();
    for e in &loaded {
        assert_eq!(e.prev_hash, prev, "event {}", e.seq);
        let recomputed = event_hash(&e.prev_hash, &e.complaint_id, e.seq, &e.kind, &e.payload, &e.actor, e.recorded_at);
        assert_eq!(e.hash, recomputed, "event {}", e.seq);
        prev = e.hash.clone();
    }
    let complaint = w.db.get_complaint(&w.a.org(), &cid("c-1")).await?.ok_or("the complaint")?;
    assert_eq!((complaint.last_seq, complaint.head_hash), (3, prev));
    assert_audit_clean(&w.db).await
}

async fn an_append_updates_the_complaints_summary_and_head(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let before = complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    let mut next = summary(&w.a, "2025-03-01");
    next.stage = Some(2);
    next.status = Status::AwaitingAcknowledgement;
    next.handler = None;
    next.next_due = Some(crate::fixtures::on("2025-04-01"));
    next.deadline_status = None;
    next.search_text = "The boiler has failed again.\nThe repair was missed.".into();
    let escalated = event_at("escalated", "{}", "2025-03-20T09:00:00Z");
    w.db.append_events(&w.a.org(), &cid("c-1"), 1, &[escalated], &next).await?;
    let after = w.db.get_complaint(&w.a.org(), &cid("c-1")).await?.ok_or("the complaint")?;
    assert_eq!(after.summary, next);
    assert_eq!(after.last_seq, 2);
    assert_eq!((after.created_at, after.updated_at), (before.created_at, at("2025-03-20T09:00:00Z")));
    assert_eq!(after.reference, before.reference);
    Ok(())
}

async fn an_append_at_a_stale_seq_is_a_conflict_and_writes_nothing(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    let s = summary(&w.a, "2025-03-01");
    w.db.append_events(&w.a.org(), &cid("c-1"), 1, &[event("acknowledged", "{}")], &s).await?;
    let mut stale_summary = s.clone();
    stale_summary.status = Status::Closed;
    for stale in [1, 0, 3] {
        let result = w.db.append_events(&w.a.org(), &cid("c-1"), stale, &[event("late", "{}")], &stale_summary).await;
        match result {
            Err(StorageError::Conflict { complaint_id, expected_last_seq }) => {
                assert_eq!((complaint_id.as_str(), expected_last_seq), ("c-1", stale));
            }
            other => return Err(format!("expected a conflict at seq {stale}, got {other:?}").into()),
        }
    }
    assert_eq!(w.db.load_events(&w.a.org(), &cid("c-1")).await?.len(), 2);
    assert_eq!(w.db.get_complaint(&w.a.org(), &cid("c-1")).await?.map(|c| c.summary.status), Some(s.status));
    Ok(())
}

async fn two_processes_appending_at_the_same_seq_never_fork_the_chain(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    // Two pools on one database, as two Redress processes would have.
    let first = w.db.database().clone();
    let second = w.db.connect_again().await?;
    complaint(&first, &w.a, "c-1", "2025-03-01").await?;
    let s = summary(&w.a, "2025-03-01");
    for round in 0..12 {
        let head = first.get_complaint(&w.a.org(), &cid("c-1")).await?.ok_or("the complaint")?.last_seq;
        let one = [event("from_first", "{\"n\":1}"), event("from_first", "{\"n\":2}")];
        let two = [event("from_second", "{\"n\":1}")];
        // Both read the same head and race to append after it.
        let (org, id) = (w.a.org(), cid("c-1"));
        let (a, b) = tokio::join!(
            first.append_events(&org, &id, head, &one, &s),
            second.append_events(&org, &id, head, &two, &s),
        );
        let (won, lost) = match (a, b) {
            (Ok(won), Err(lost)) | (Err(lost), Ok(won)) => (won, lost),
            (a, b) => return Err(format!("round {round}: want one success, one conflict: {a:?} / {b:?}").into()),
        };
        assert!(matches!(lost, StorageError::Conflict { .. }), "round {round}: {lost:?}");
        let now = first.get_complaint(&w.a.org(), &cid("c-1")).await?.ok_or("the complaint")?.last_seq;
        assert_eq!(Some(now), won.last().map(|e| e.seq), "round {round}: the winner's events are the head");
    }
    second.close().await;
    let events = first.load_events(&w.a.org(), &cid("c-1")).await?;
    let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=events.len() as i64).collect::<Vec<_>>(), "no gap, no duplicate");
    assert_audit_clean(&first).await
}

/// PostgreSQL only: SQLite has one writer at a time by design.
async fn appending_to_a_complaint_never_waits_for_another_complaint_or_a_creation() -> CaseResult {
    let w = world(Backend::Postgres).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    complaint(&w.db, &w.a, "c-2", "2025-03-01").await?;
    let Database::Postgres(pool) = w.db.database() else {
        return Err("a PostgreSQL test database is not PostgreSQL".into());
    };
    // Another process is mid-way through appending to c-1 and creating a
    // complaint: it holds c-1's row and the organisation's registry head.
    let mut other = pool.begin().await?;
    sqlx::query("update complaints set status = status where id = 'c-1'").execute(&mut *other).await?;
    sqlx::query("update complaint_registry_heads set last_seq = last_seq where organisation_id = 'org-a'")
        .execute(&mut *other)
        .await?;
    let (events, s) = ([event("acknowledged", "{}")], summary(&w.a, "2025-03-01"));
    let (org, id) = (w.a.org(), cid("c-2"));
    let append = w.db.append_events(&org, &id, 1, &events, &s);
    let appended = tokio::time::timeout(Duration::from_secs(3), append).await;
    other.rollback().await?;
    assert!(appended.is_ok(), "the append to c-2 waited for locks on c-1 or the registry");
    appended??;
    // A creation, on the other hand, does queue behind the registry head.
    let mut other = pool.begin().await?;
    sqlx::query("update complaint_registry_heads set last_seq = last_seq where organisation_id = 'org-a'")
        .execute(&mut *other)
        .await?;
    let create = complaint(&w.db, &w.a, "c-3", "2025-03-01");
    let created = tokio::time::timeout(Duration::from_millis(500), create).await;
    other.rollback().await?;
    assert!(created.is_err(), "a creation must wait for the registry head");
    assert_audit_clean(&w.db).await
}

async fn another_organisation_cannot_append_to_or_read_a_complaint(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    let result =
        w.db.append_events(&w.b.org(), &cid("c-1"), 1, &[event("noted", "{}")], &summary(&w.b, "2025-03-01")).await;
    assert!(matches!(result, Err(StorageError::NotFound { what: "complaint" })), "{result:?}");
    assert!(matches!(w.db.load_events(&w.b.org(), &cid("c-1")).await, Err(StorageError::NotFound { .. })));
    assert!(matches!(w.db.load_events(&w.a.org(), &cid("c-none")).await, Err(StorageError::NotFound { .. })));
    assert_eq!(w.db.load_events(&w.a.org(), &cid("c-1")).await?.len(), 1);
    Ok(())
}

async fn an_append_with_no_events_or_a_payload_that_is_not_json_is_refused(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    let s = summary(&w.a, "2025-03-01");
    assert!(matches!(
        w.db.append_events(&w.a.org(), &cid("c-1"), 1, &[], &s).await,
        Err(StorageError::InvalidInput(_))
    ));
    let bad = [event("noted", "{}"), event("noted", "{\"unclosed\": ")];
    assert!(matches!(
        w.db.append_events(&w.a.org(), &cid("c-1"), 1, &bad, &s).await,
        Err(StorageError::InvalidInput(_))
    ));
    assert_eq!(w.db.load_events(&w.a.org(), &cid("c-1")).await?.len(), 1);
    Ok(())
}

async fn the_events_of_many_complaints_load_at_once_by_complaint_and_in_order_within_one_organisation(
    backend: Backend,
) -> CaseResult {
    let w = world(backend).await?;
    for id in ["c-2", "c-1"] {
        complaint(&w.db, &w.a, id, "2025-03-01").await?;
    }
    complaint(&w.db, &w.b, "c-9", "2025-03-01").await?;
    let two = [event("acknowledged", "{}"), event("extended", "{}")];
    w.db.append_events(&w.a.org(), &cid("c-1"), 1, &two, &summary(&w.a, "2025-03-01")).await?;
    let asked = [cid("c-2"), cid("c-9"), cid("c-1"), cid("c-404")];
    let loaded = w.db.load_events_of_many(&w.a.org(), &asked).await?;
    let got: Vec<(String, i64)> = loaded.iter().map(|e| (e.complaint_id.to_string(), e.seq)).collect();
    let expected = [("c-1", 1), ("c-1", 2), ("c-1", 3), ("c-2", 1)];
    assert_eq!(got, expected.map(|(id, seq)| (id.to_owned(), seq)), "another organisation's complaint is not read");
    for e in &loaded {
        assert_eq!(e, &w.db.load_events(&w.a.org(), &e.complaint_id).await?[usize::try_from(e.seq - 1)?]);
    }
    // More complaints than one statement asks for: every one's events, none twice.
    let many: Vec<_> = (0..1_200).map(|n| cid(&format!("none-{n}"))).chain([cid("c-1")]).collect();
    assert_eq!(w.db.load_events_of_many(&w.a.org(), &many).await?.len(), 3);
    assert!(w.db.load_events_of_many(&w.a.org(), &[]).await?.is_empty());
    Ok(())
}
