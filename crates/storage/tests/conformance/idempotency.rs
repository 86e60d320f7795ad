//! Cases about idempotency keys: stored by the change's own transaction, live a day, and a
//! change whose key is taken writes nothing at all.

use redress_storage::{Backend, Extras, NewRequestKey, StorageError, request_fingerprint};

use crate::correspondence::{letter, pdf};
use crate::fixtures::{at, cid, complaint, event, id, summary, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(a_key_stored_with_a_change_is_found_in_its_organisation_only),
        on_each_backend!(a_change_whose_key_is_live_writes_nothing_at_all),
        on_each_backend!(a_key_lives_a_day_and_is_then_taken_over_and_pruned),
        on_each_backend!(two_changes_racing_with_one_key_store_exactly_one),
    ]
}

fn key(key: &str, body: &str, created_at: &str) -> NewRequestKey {
    NewRequestKey {
        organisation_id: id("org-a"),
        key: key.into(),
        fingerprint: request_fingerprint("POST", "/api/v1/complaints/c-1/acknowledge", body.as_bytes()),
        response_status: 200,
        created_at: at(created_at),
    }
}

async fn a_key_stored_with_a_change_is_found_in_its_organisation_only(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    let now = at("2025-03-04T12:00:00Z");
    assert_eq!(w.db.request_key(&w.a.id, "key-1", now).await?, None);
    let new = key("key-1", "1", "2025-03-04T10:00:00Z");
    let extras = Extras { request_key: Some(&new), ..Extras::default() };
    let events = [event("acknowledged", "{}"), event("extended", "{}")];
    w.db.append(&w.a.org(), &cid("c-1"), 1, &events, &summary(&w.a, "2025-03-01"), extras).await?;
    let found = w.db.request_key(&w.a.id, "key-1", now).await?.ok_or("the record")?;
    // The seq the request left the complaint at, for a replay.
    let made = (found.resource.as_str(), found.resource_id.as_str(), found.resource_seq, found.response_status);
    assert_eq!(made, ("complaint", "c-1", 3, 200));
    assert_eq!(found.fingerprint, new.fingerprint);
    assert_eq!(w.db.request_key(&w.b.id, "key-1", now).await?, None);
    Ok(())
}

async fn a_change_whose_key_is_live_writes_nothing_at_all(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    let first = key("key-1", "1", "2025-03-04T10:00:00Z");
    let extras = Extras { request_key: Some(&first), ..Extras::default() };
    w.db.append(&w.a.org(), &cid("c-1"), 1, &[event("acknowledged", "{}")], &summary(&w.a, "2025-03-01"), extras)
        .await?;
    // The same key again, with correspondence and a file: refused, and none of it stored.
    let again = key("key-1", "2", "2025-03-04T11:00:00Z");
    let correspondence = letter("k-1", "c-1", "2025-03-04T09:00:00Z");
    let files = [pdf("f-1", "k-1", b"%PDF-1.7")];
    let extras = Extras {
        correspondence: Some(&correspondence),
        attachments: &files,
        request_key: Some(&again),
        ..Extras::default()
    };
    let refused =
        w.db.append(&w.a.org(), &cid("c-1"), 2, &[event("correspondence", "{}")], &summary(&w.a, "2025-03-01"), extras)
            .await;
    assert!(matches!(refused, Err(StorageError::KeyTaken { .. })), "{refused:?}");
    assert_eq!(w.db.load_events(&w.a.org(), &cid("c-1")).await?.len(), 2);
    assert!(w.db.list_correspondence(&w.a.org(), &"c-1".parse()?).await?.is_empty());
    assert_eq!(w.db.get_attachment(&w.a.org(), &"f-1".parse()?).await?, None);
    let kept = w.db.request_key(&w.a.id, "key-1", at("2025-03-04T12:00:00Z")).await?.ok_or("the record")?;
    assert_eq!(kept.fingerprint, first.fingerprint);
    Ok(())
}

async fn a_key_lives_a_day_and_is_then_taken_over_and_pruned(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    complaint(&w.db, &w.a, "c-1", "2025-03-01").await?;
    complaint(&w.db, &w.a, "c-2", "2025-03-01").await?;
    let first = key("key-1", "1", "2025-03-04T10:00:00Z");
    let extras = Extras { request_key: Some(&first), ..Extras::default() };
    w.db.append(&w.a.org(), &cid("c-1"), 1, &[event("acknowledged", "{}")], &summary(&w.a, "2025-03-01"), extras)
        .await?;
    assert!(w.db.request_key(&w.a.id, "key-1", at("2025-03-05T09:59:59Z")).await?.is_some());
    assert_eq!(w.db.request_key(&w.a.id, "key-1", at("2025-03-05T10:00:01Z")).await?, None);
    // A day later the key may name another change.
    let later = key("key-1", "2", "2025-03-05T10:00:01Z");
    let extras = Extras { request_key: Some(&later), ..Extras::default() };
    w.db.append(&w.a.org(), &cid("c-2"), 1, &[event("acknowledged", "{}")], &summary(&w.a, "2025-03-01"), extras)
        .await?;
    let found = w.db.request_key(&w.a.id, "key-1", at("2025-03-05T10:00:02Z")).await?.ok_or("the record")?;
    assert_eq!(found.resource_id, "c-2");
    let other = key("key-2", "3", "2025-03-04T10:00:00Z");
    let extras = Extras { request_key: Some(&other), ..Extras::default() };
    w.db.append(&w.a.org(), &cid("c-1"), 2, &[event("extended", "{}")], &summary(&w.a, "2025-03-01"), extras).await?;
    assert_eq!(w.db.prune_request_keys(at("2025-03-05T10:00:02Z")).await?, 1);
    assert!(w.db.request_key(&w.a.id, "key-1", at("2025-03-05T10:00:02Z")).await?.is_some());
    Ok(())
}

async fn two_changes_racing_with_one_key_store_exactly_one(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let second_pool = w.db.connect_again().await?;
    for round in 0..6 {
        let (one, two) = (format!("c-{round}-a"), format!("c-{round}-b"));
        complaint(&w.db, &w.a, &one, "2025-03-01").await?;
        complaint(&w.db, &w.a, &two, "2025-03-01").await?;
        let name = format!("key-{round}");
        let (k1, k2) = (key(&name, "1", "2025-03-04T10:00:00Z"), key(&name, "2", "2025-03-04T10:00:00Z"));
        let s = summary(&w.a, "2025-03-01");
        let e = [event("acknowledged", "{}")];
        let (org, one, two) = (w.a.org(), cid(&one), cid(&two));
        let (a, b) = tokio::join!(
            w.db.append(&org, &one, 1, &e, &s, Extras { request_key: Some(&k1), ..Extras::default() }),
            second_pool.append(&org, &two, 1, &e, &s, Extras { request_key: Some(&k2), ..Extras::default() }),
        );
        let won = [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count();
        assert_eq!(won, 1, "round {round}: exactly one change stores the key: {a:?} / {b:?}");
        let lost = if a.is_ok() { &b } else { &a };
        assert!(matches!(lost, Err(StorageError::KeyTaken { .. })), "round {round}: {lost:?}");
        let appended = w.db.load_events(&org, &one).await?.len() + w.db.load_events(&org, &two).await?.len();
        assert_eq!(appended, 3, "round {round}: the losing change wrote nothing");
    }
    second_pool.close().await;
    Ok(())
}
