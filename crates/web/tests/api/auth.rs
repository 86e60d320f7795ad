//! Who may call: 401 without a live token (with a `WWW-Authenticate: Bearer` challenge), 403
//! for a role that only reads; and idempotent creation with `Idempotency-Key`.

use axum::http::{Method, StatusCode};
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::json;

use crate::case;
use crate::support::{Api, at, new_complaint};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(a_request_without_a_token_is_401_with_a_bearer_challenge),
        case!(a_request_with_an_unknown_or_malformed_token_is_401),
        case!(an_auditor_reads_but_gets_403_for_every_change),
        case!(the_same_idempotency_key_twice_creates_one_complaint_and_answers_alike),
        case!(the_same_idempotency_key_with_a_different_body_is_422),
        case!(two_concurrent_retries_with_one_key_create_one_complaint),
        case!(concurrent_intakes_each_get_their_own_answer_when_one_reuses_a_key),
    ]
}

async fn api(backend: Backend) -> Api {
    Api::new(backend, at(date(2024, 6, 3), 10)).await
}

async fn a_request_without_a_token_is_401_with_a_bearer_challenge(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    for (method, path) in [
        (Method::GET, "/api/v1/complaints".to_owned()),
        (Method::GET, format!("/api/v1/complaints/{id}")),
        (Method::POST, format!("/api/v1/complaints/{id}/escalate")),
        (Method::POST, "/api/v1/residents".to_owned()),
    ] {
        let reply = api.send(method, &path, None, Some(&json!({})), &[]).await;
        reply.expect_problem(StatusCode::UNAUTHORIZED);
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"), "{path}");
    }
    // The document needs no token.
    api.send(Method::GET, "/api/v1/openapi.json", None, None, &[]).await.expect(StatusCode::OK);
}

async fn a_request_with_an_unknown_or_malformed_token_is_401(backend: Backend) {
    let api = api(backend).await;
    let unknown = api.send(Method::GET, "/api/v1/complaints", Some("rdr_not-a-token"), None, &[]).await;
    unknown.expect_problem(StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.header("www-authenticate"), Some(r#"Bearer error="invalid_token""#));
    for header in [format!("Basic {}", api.handler.token), "Bearer".to_owned(), "Bearer   ".to_owned()] {
        let reply = api.send(Method::GET, "/api/v1/complaints", None, None, &[("authorization", &header)]).await;
        reply.expect_problem(StatusCode::UNAUTHORIZED);
        assert!(reply.header("www-authenticate").unwrap().starts_with("Bearer"));
    }
    // The scheme is case-insensitive.
    let lower = format!("bearer {}", api.handler.token);
    let reply = api.send(Method::GET, "/api/v1/complaints", None, None, &[("authorization", &lower)]).await;
    reply.expect(StatusCode::OK);
}

async fn an_auditor_reads_but_gets_403_for_every_change(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    let before = api.read(&id).await;
    let resident = before["complaint"]["logged"]["resident"].as_str().unwrap().to_owned();
    let changes = [
        ("/api/v1/complaints".to_owned(), new_complaint(&resident)),
        (format!("/api/v1/complaints/{id}/points"), json!({ "points": ["More"] })),
        (format!("/api/v1/complaints/{id}/update-interval"), json!({ "stage": 1, "every_working_days": 5 })),
        (
            format!("/api/v1/complaints/{id}/correspondence"),
            json!({ "direction": "incoming", "channel": "email", "subject": "Hello" }),
        ),
        ("/api/v1/residents".to_owned(), json!({ "name": "Someone" })),
        (format!("/api/v1/residents/{resident}/representatives"), json!({ "name": "X", "relationship": "friend" })),
        ("/api/v1/properties".to_owned(), json!({ "address": "2 River Row" })),
        ("/api/v1/service-requests".to_owned(), json!({ "resident_id": resident, "description": "Fix" })),
    ];
    for (path, body) in changes {
        api.post(&api.auditor, &path, body).await.expect_problem(StatusCode::FORBIDDEN);
    }
    let keyed = api
        .send(
            Method::POST,
            "/api/v1/complaints",
            Some(&api.auditor.token),
            Some(&new_complaint(&resident)),
            &[("idempotency-key", "auditor-1")],
        )
        .await;
    keyed.expect_problem(StatusCode::FORBIDDEN);
    assert_eq!(api.read(&id).await, before);
    assert_eq!(api.get(&api.auditor, &format!("/api/v1/complaints/{id}")).await.expect(StatusCode::OK).json, before);
    let list = api.get(&api.auditor, "/api/v1/complaints").await;
    assert_eq!(list.expect(StatusCode::OK).json["items"].as_array().unwrap().len(), 1);
}

async fn the_same_idempotency_key_twice_creates_one_complaint_and_answers_alike(backend: Backend) {
    let api = api(backend).await;
    let resident = api.resident().await;
    let body = new_complaint(&resident);
    let key = [("idempotency-key", "hms-7f3a-0001")];
    let first = api.send(Method::POST, "/api/v1/complaints", Some(&api.handler.token), Some(&body), &key).await;
    first.expect(StatusCode::CREATED);
    // A retry after a timeout, a little later.
    api.set_now(at(date(2024, 6, 3), 11));
    let retry = api.send(Method::POST, "/api/v1/complaints", Some(&api.handler.token), Some(&body), &key).await;
    retry.expect(StatusCode::CREATED);
    assert_eq!(retry.bytes, first.bytes);
    assert_eq!(retry.header("location"), first.header("location"));
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    let id = first.json["id"].as_str().unwrap();
    assert_eq!(first.header("location"), Some(format!("/api/v1/complaints/{id}").as_str()));
    let list = api.get(&api.handler, "/api/v1/complaints").await;
    assert_eq!(list.json["items"].as_array().unwrap().len(), 1);
    // Another key is another complaint.
    let other = [("idempotency-key", "hms-7f3a-0002")];
    let second = api.send(Method::POST, "/api/v1/complaints", Some(&api.handler.token), Some(&body), &other).await;
    assert_ne!(second.expect(StatusCode::CREATED).json["id"], first.json["id"]);
}

async fn the_same_idempotency_key_with_a_different_body_is_422(backend: Backend) {
    let api = api(backend).await;
    let resident = api.resident().await;
    let key = [("idempotency-key", "hms-7f3a-0003")];
    let body = new_complaint(&resident);
    api.send(Method::POST, "/api/v1/complaints", Some(&api.handler.token), Some(&body), &key)
        .await
        .expect(StatusCode::CREATED);
    let mut changed = body.clone();
    changed["description"] = json!("Something else entirely");
    let reply = api.send(Method::POST, "/api/v1/complaints", Some(&api.handler.token), Some(&changed), &key).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json["type"], "urn:redress:problem:idempotency-key-reused");
    let list = api.get(&api.handler, "/api/v1/complaints").await;
    assert_eq!(list.json["items"].as_array().unwrap().len(), 1);
    let too_long = "k".repeat(256);
    let bad_key = [("idempotency-key", too_long.as_str())];
    let reply = api.send(Method::POST, "/api/v1/complaints", Some(&api.handler.token), Some(&body), &bad_key).await;
    reply.expect_problem(StatusCode::BAD_REQUEST);
}

async fn two_concurrent_retries_with_one_key_create_one_complaint(backend: Backend) {
    let api = api(backend).await;
    let resident = api.resident().await;
    let body = new_complaint(&resident);
    let key = [("idempotency-key", "hms-7f3a-0004")];
    let token = Some(api.handler.token.as_str());
    let (a, b) = tokio::join!(
        api.send(Method::POST, "/api/v1/complaints", token, Some(&body), &key),
        api.send(Method::POST, "/api/v1/complaints", token, Some(&body), &key),
    );
    a.expect(StatusCode::CREATED);
    b.expect(StatusCode::CREATED);
    assert_eq!(a.json, b.json);
    let list = api.get(&api.handler, "/api/v1/complaints").await;
    assert_eq!(list.json["items"].as_array().unwrap().len(), 1);
}

/// Intakes arriving together are written together (`app/src/grouped.rs`); whether or not they
/// share a transaction, each gets its own answer: one that reuses a key with another body is
/// refused alone, and the others get gapless references and a clean record.
async fn concurrent_intakes_each_get_their_own_answer_when_one_reuses_a_key(backend: Backend) {
    let api = std::sync::Arc::new(api(backend).await);
    let resident = api.resident().await;
    let first = new_complaint(&resident);
    let taken = [("idempotency-key", "intake-taken")];
    let token = Some(api.handler.token.as_str());
    api.send(Method::POST, "/api/v1/complaints", token, Some(&first), &taken).await.expect(StatusCode::CREATED);
    let mut reused = first.clone();
    reused["description"] = json!("Another complaint under the same key");
    let mut requests = tokio::task::JoinSet::new();
    for n in 0..13 {
        let (api, first, reused) = (api.clone(), first.clone(), reused.clone());
        requests.spawn(async move {
            let token = Some(api.handler.token.as_str());
            // One of them reuses the first's key with another body.
            let (key, body) = if n == 6 { ("intake-taken".to_owned(), reused) } else { (format!("intake-{n}"), first) };
            let headers = [("idempotency-key", key.as_str())];
            (n, api.send(Method::POST, "/api/v1/complaints", token, Some(&body), &headers).await)
        });
    }
    let mut references = Vec::new();
    while let Some(done) = requests.join_next().await {
        let (n, reply) = done.unwrap();
        if n == 6 {
            reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
        } else {
            references.push(reply.expect(StatusCode::CREATED).json["reference"].as_str().unwrap().to_owned());
        }
    }
    references.sort();
    let expected: Vec<String> = (2..=13).map(|n| format!("CMP-2024-{n:06}")).collect();
    assert_eq!(references, expected, "twelve references after the first, none skipped or repeated");
    let report = api.app.verify_record(&[]).await.unwrap();
    assert!(report.is_clean(), "{:#?}", report.problems);
}
