//! Retries: every change to a complaint is one unit of work, made once per `Idempotency-Key`.
//! A retry with the same key and body gets the first answer back (even after the change moved
//! the complaint on: a retried acknowledgement is not a 409), the same key with another body
//! is 422, and a change that is refused or loses a race leaves nothing behind.

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::{Value, json};

use crate::case;
use crate::support::{Api, acknowledge, at};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(a_retried_acknowledgement_gets_the_first_answer_not_a_conflict),
        case!(points_sent_twice_with_one_key_are_recorded_once),
        case!(correspondence_retried_with_one_key_is_stored_once),
        case!(correspondence_written_by_racing_requests_is_never_orphaned),
        case!(every_change_to_the_register_is_made_once_per_key),
    ]
}

async fn api(backend: Backend) -> Api {
    Api::new(backend, at(date(2024, 6, 3), 10)).await
}

fn letter(subject: &str) -> Value {
    json!({
        "direction": "outgoing", "channel": "letter", "subject": subject,
        "body": "We have received your complaint.",
        "attachments": [{ "file_name": "letter.txt", "media_type": "text/plain",
                          "content_base64": STANDARD.encode(subject.as_bytes()) }],
    })
}

async fn a_retried_acknowledgement_gets_the_first_answer_not_a_conflict(backend: Backend) {
    let api = api(backend).await;
    let id = api.complaint().await["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/complaints/{id}/acknowledge");
    let body = acknowledge(1, &api.handler.id);
    let first = api.post_keyed(&api.handler, &path, &body, "ack-1").await;
    first.expect(StatusCode::OK);
    assert_eq!(first.header("idempotent-replayed"), None);
    // The complaint moves on before the client, which never saw the answer, retries.
    api.act(&api.handler, &id, "points", json!({ "points": ["Damp in the bedroom"] })).await.expect(StatusCode::OK);
    let retry = api.post_keyed(&api.handler, &path, &body, "ack-1").await;
    retry.expect(StatusCode::OK);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(retry.json["events"], first.json["events"], "the complaint as the first answer left it");
    assert_eq!(api.stored_events(&id).await.len(), 3, "logged, acknowledged, points: nothing twice");
    // Without the key the same request is refused by the complaint's state.
    api.post(&api.handler, &path, body).await.expect_problem(StatusCode::CONFLICT);
}

async fn points_sent_twice_with_one_key_are_recorded_once(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    let path = format!("/api/v1/complaints/{id}/points");
    let body = json!({ "points": ["The smell of damp"] });
    let first = api.post_keyed(&api.handler, &path, &body, "points-1").await;
    let retry = api.post_keyed(&api.handler, &path, &body, "points-1").await;
    assert_eq!(retry.expect(StatusCode::OK).json, first.expect(StatusCode::OK).json);
    let points = retry.json["complaint"]["stage1"]["acknowledgement"]["definition"]["points"].as_array().unwrap().len();
    assert_eq!(points, 3, "{}", retry.json["complaint"]["stage1"]);
    assert_eq!(api.stored_events(&id).await.len(), 3);
    // The same key with another body is the client's mistake.
    let other = json!({ "points": ["Something else"] });
    let reused = api.post_keyed(&api.handler, &path, &other, "points-1").await;
    reused.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reused.json["type"], "urn:redress:problem:idempotency-key-reused");
    assert_eq!(api.stored_events(&id).await.len(), 3);
    // Keys are per organisation: another landlord's same key finds nothing of ours.
    let theirs = api.post_keyed(&api.outsider, &path, &body, "points-1").await;
    theirs.expect_problem(StatusCode::NOT_FOUND);
}

async fn correspondence_retried_with_one_key_is_stored_once(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    let path = format!("/api/v1/complaints/{id}/correspondence");
    let body = letter("Acknowledgement");
    let first = api.post_keyed(&api.handler, &path, &body, "letter-1").await;
    let retry = api.post_keyed(&api.handler, &path, &body, "letter-1").await;
    assert_eq!(retry.expect(StatusCode::OK).json, first.expect(StatusCode::OK).json);
    assert_eq!(retry.json["correspondence"].as_array().unwrap().len(), 1);
    let report = api.app.verify_record(&[]).await.unwrap();
    assert!(report.is_clean(), "{:#?}", report.problems);
    assert_eq!((report.correspondence, report.attachments), (1, 1));
}

async fn correspondence_written_by_racing_requests_is_never_orphaned(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    let path = format!("/api/v1/complaints/{id}/correspondence");
    let bodies: Vec<Value> = (0..8).map(|n| letter(&format!("Letter {n}"))).collect();
    let replies = futures_join(&api, &path, &bodies).await;
    let stored = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    for reply in &replies {
        assert!(matches!(reply.status, StatusCode::OK | StatusCode::CONFLICT), "{}", reply.status);
    }
    // Every item stored is in the record, and nothing refused left a row behind.
    let report = api.app.verify_record(&[]).await.unwrap();
    assert!(report.is_clean(), "{:#?}", report.problems);
    assert_eq!((report.correspondence, report.attachments), (stored as u64, stored as u64));
    assert_eq!(api.read(&id).await["correspondence"].as_array().unwrap().len(), stored);
}

/// Sends the eight bodies at once, as eight clients would.
async fn futures_join(api: &Api, path: &str, bodies: &[Value]) -> Vec<crate::support::Reply> {
    let send = |n: usize| api.post(&api.handler, path, bodies[n].clone());
    let (a, b, c, d, e, f, g, h) = tokio::join!(send(0), send(1), send(2), send(3), send(4), send(5), send(6), send(7));
    vec![a, b, c, d, e, f, g, h]
}

async fn every_change_to_the_register_is_made_once_per_key(backend: Backend) {
    let api = api(backend).await;
    let twice = async |path: &str, body: Value, key: &str| {
        let first = api.post_keyed(&api.handler, path, &body, key).await;
        let retry = api.post_keyed(&api.handler, path, &body, key).await;
        assert_eq!(retry.status, first.status, "{path}: {}", String::from_utf8_lossy(&retry.bytes));
        assert!(first.status.is_success(), "{path}: {}", String::from_utf8_lossy(&first.bytes));
        assert_eq!((first.header("idempotent-replayed"), retry.header("idempotent-replayed")), (None, Some("true")));
        assert_eq!(retry.json, first.json, "{path}");
        first.json
    };
    let resident = twice("/api/v1/residents", json!({ "name": "Rosa Resident" }), "r-1").await;
    let id = resident["id"].as_str().unwrap();
    let representative = json!({ "name": "Ray Rep", "relationship": "son", "authority_evidence": "Signed form" });
    twice(&format!("/api/v1/residents/{id}/representatives"), representative, "r-2").await;
    let home = twice("/api/v1/properties", json!({ "address": "1 High Street" }), "r-3").await;
    let request = json!({ "resident_id": id, "property_id": home["id"], "description": "Fix the tap" });
    let request = twice("/api/v1/service-requests", request, "r-4").await;
    let status = format!("/api/v1/service-requests/{}/status", request["id"].as_str().unwrap());
    twice(&status, json!({ "status": "completed" }), "r-5").await;
    // One of each, whatever the retries.
    assert_eq!(api.get(&api.handler, "/api/v1/residents").await.json["items"].as_array().unwrap().len(), 1);
    assert_eq!(api.get(&api.handler, "/api/v1/properties").await.json.as_array().unwrap().len(), 1);
    assert_eq!(api.get(&api.handler, "/api/v1/service-requests").await.json.as_array().unwrap().len(), 1);
    let record = api.get(&api.handler, &format!("/api/v1/residents/{id}")).await;
    assert_eq!(record.json["representatives"].as_array().map(Vec::len), Some(1), "{}", record.json);
    // A key used for one request is refused for another, of the same kind or not.
    let reused = api.post_keyed(&api.handler, "/api/v1/residents", &json!({ "name": "Someone Else" }), "r-1").await;
    reused.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let reused =
        api.post_keyed(&api.handler, "/api/v1/properties", &json!({ "address": "1 High Street" }), "r-1").await;
    reused.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
}
