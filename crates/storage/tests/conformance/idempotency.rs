//! Cases about idempotency keys.

use redress_storage::{Backend, IdempotencyOutcome, NewIdempotencyRecord, request_fingerprint};

use crate::fixtures::{at, world};
use crate::{Case, CaseResult, on_each_backend};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        on_each_backend!(a_stored_response_is_found_by_its_key_in_its_organisation_only),
        on_each_backend!(storing_under_a_taken_key_returns_the_response_stored_first),
        on_each_backend!(two_retries_storing_the_same_key_at_once_agree_on_one_response),
    ]
}

fn record(key: &str, body: &str) -> NewIdempotencyRecord {
    NewIdempotencyRecord {
        key: key.into(),
        fingerprint: request_fingerprint("POST", "/api/v1/complaints", body.as_bytes()),
        response_status: 201,
        response_body: format!(r#"{{"reference": "CMP-2025-000001", "body": {body}}}"#),
        created_at: at("2025-03-01T10:00:00Z"),
    }
}

async fn a_stored_response_is_found_by_its_key_in_its_organisation_only(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    assert_eq!(w.db.idempotency_lookup(&w.a.id, "key-1").await?, None);
    let new = record("key-1", "1");
    let outcome = w.db.idempotency_store(&w.a.id, &new).await?;
    assert!(matches!(outcome, IdempotencyOutcome::Stored(_)), "{outcome:?}");
    let found = w.db.idempotency_lookup(&w.a.id, "key-1").await?.ok_or("the record")?;
    assert_eq!(&found, outcome.record());
    assert_eq!((found.response_status, found.response_body.as_str()), (201, new.response_body.as_str()));
    assert_eq!(found.fingerprint, new.fingerprint);
    assert_eq!(w.db.idempotency_lookup(&w.b.id, "key-1").await?, None);
    // B may use the same key for its own request.
    let theirs = w.db.idempotency_store(&w.b.id, &record("key-1", "2")).await?;
    assert!(matches!(theirs, IdempotencyOutcome::Stored(_)));
    Ok(())
}

async fn storing_under_a_taken_key_returns_the_response_stored_first(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let first = w.db.idempotency_store(&w.a.id, &record("key-1", "1")).await?;
    let second = w.db.idempotency_store(&w.a.id, &record("key-1", "2")).await?;
    match second {
        IdempotencyOutcome::Existing(existing) => assert_eq!(&existing, first.record()),
        other => return Err(format!("expected the existing record, got {other:?}").into()),
    }
    Ok(())
}

async fn two_retries_storing_the_same_key_at_once_agree_on_one_response(backend: Backend) -> CaseResult {
    let w = world(backend).await?;
    let second_pool = w.db.connect_again().await?;
    for round in 0..8 {
        let key = format!("key-{round}");
        let (one, two) = (record(&key, "1"), record(&key, "2"));
        let (a, b) = tokio::join!(w.db.idempotency_store(&w.a.id, &one), second_pool.idempotency_store(&w.a.id, &two));
        let (a, b) = (a?, b?);
        let stored = [&a, &b].iter().filter(|o| matches!(o, IdempotencyOutcome::Stored(_))).count();
        assert_eq!(stored, 1, "round {round}: exactly one insert wins: {a:?} / {b:?}");
        assert_eq!(a.record(), b.record(), "round {round}: both answer with the winner's response");
    }
    second_pool.close().await;
    Ok(())
}
