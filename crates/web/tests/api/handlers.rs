//! Handlers who can act, through the API: a read-only role cannot be named handler, and a
//! handler can be reassigned with a reason (its own event on the record, once per key), with
//! Code 6.13 still holding at stage 2.

use axum::http::StatusCode;
use jiff::civil::date;
use redress_app::Role;
use redress_storage::Backend;
use serde_json::{Value, json};

use crate::case;
use crate::support::{Api, Staff, acknowledge, at};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(a_read_only_role_cannot_be_named_handler_through_the_api),
        case!(reassigning_is_recorded_once_and_changes_the_handler_in_the_view_and_the_list),
        case!(code_6_13_a_stage_two_complaint_cannot_be_reassigned_to_the_stage_one_handler),
        case!(a_reassignment_takes_no_at_and_needs_a_reason_and_a_known_handler),
    ]
}

/// Monday 3 June 2024.
async fn api(backend: Backend) -> Api {
    Api::new(backend, at(date(2024, 6, 3), 10)).await
}

/// Reassigning `stage` to `handler`.
fn reassign(stage: u8, handler: &str) -> Value {
    json!({ "stage": stage, "handler": handler, "reason": "Hana is on leave for a month." })
}

/// A refusal as invalid (no provision of the Code), which changes nothing.
async fn refused_as_read_only(api: &Api, id: &str, transition: &str, body: Value) {
    let before = api.stored_events(id).await.len();
    let reply = api.act(&api.handler, id, transition, body).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json["type"], "urn:redress:problem:invalid-request", "{}", reply.json);
    assert!(reply.json.get("provision").is_none(), "no provision fits: {}", reply.json);
    let detail = reply.json["detail"].as_str().unwrap();
    assert!(detail.starts_with("the handler must be someone whose role may change cases"), "{detail}");
    assert_eq!(api.stored_events(id).await.len(), before, "nothing recorded");
}

async fn a_read_only_role_cannot_be_named_handler_through_the_api(backend: Backend) {
    let api = api(backend).await;
    let id = api.complaint().await["id"].as_str().unwrap().to_owned();
    refused_as_read_only(&api, &id, "acknowledge", acknowledge(1, &api.auditor.id)).await;
    api.act(&api.handler, &id, "acknowledge", acknowledge(1, &api.handler.id)).await.expect(StatusCode::OK);
    refused_as_read_only(&api, &id, "reassign", reassign(1, &api.auditor.id)).await;
}

async fn reassigning_is_recorded_once_and_changes_the_handler_in_the_view_and_the_list(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    let path = format!("/api/v1/complaints/{id}/reassign");
    let body = reassign(1, &api.reviewer.id);
    let first = api.post_keyed(&api.handler, &path, &body, "reassign-1").await;
    first.expect(StatusCode::OK);
    let stage = &first.json["complaint"]["stage1"];
    assert_eq!(stage["reassignments"][0]["handler"], json!(api.reviewer.id), "{stage}");
    assert_eq!(stage["reassignments"][0]["from"], json!(api.handler.id));
    let event = &first.json["events"].as_array().unwrap().last().unwrap()["event"];
    assert_eq!(event["type"], "handler_reassigned");
    assert_eq!(event["reason"], "Hana is on leave for a month.");
    assert_eq!(event["recorded_by"], json!(api.handler.id));
    // Sent again with its key: the first answer, and nothing more recorded.
    let stored = api.stored_events(&id).await.len();
    let retry = api.post_keyed(&api.handler, &path, &body, "reassign-1").await;
    assert_eq!((retry.status, retry.header("idempotent-replayed")), (StatusCode::OK, Some("true")));
    assert_eq!(api.stored_events(&id).await.len(), stored);
    // The list finds it under its new handler, and not under the old.
    let listed = |who: &Staff| format!("/api/v1/complaints?handler={}", who.id);
    let mine = api.get(&api.handler, &listed(&api.reviewer)).await;
    assert_eq!(mine.expect(StatusCode::OK).json["items"][0]["id"], json!(id));
    assert_eq!(api.get(&api.handler, &listed(&api.handler)).await.json["items"], json!([]));
}

async fn code_6_13_a_stage_two_complaint_cannot_be_reassigned_to_the_stage_one_handler(backend: Backend) {
    let api = api(backend).await;
    let id = api.responded().await;
    api.act(&api.handler, &id, "escalate", json!({})).await.expect(StatusCode::OK);
    api.act(&api.reviewer, &id, "acknowledge", acknowledge(2, &api.reviewer.id)).await.expect(StatusCode::OK);
    let before = api.stored_events(&id).await.len();
    let reply = api.act(&api.reviewer, &id, "reassign", reassign(2, &api.handler.id)).await;
    reply.expect_refusal("6.13");
    assert_eq!(api.stored_events(&id).await.len(), before);
    // Someone who took no part in stage 1 can take it over.
    let landlord = api.app.organisation_named("Riverside Homes").await.unwrap();
    let (other, _) = api.app.add_user(&landlord, "Omar Officer", Role::ComplaintsOfficer).await.unwrap();
    let reply = api.act(&api.reviewer, &id, "reassign", reassign(2, other.id.as_str())).await;
    assert_eq!(
        reply.expect(StatusCode::OK).json["complaint"]["stage2"]["reassignments"][0]["handler"],
        json!(other.id)
    );
}

async fn a_reassignment_takes_no_at_and_needs_a_reason_and_a_known_handler(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    let mut dated = reassign(1, &api.reviewer.id);
    dated["at"] = json!(at(date(2024, 6, 3), 9).to_string());
    api.act(&api.handler, &id, "reassign", dated).await.expect_problem(StatusCode::BAD_REQUEST);
    let mut unreasoned = reassign(1, &api.reviewer.id);
    unreasoned["reason"] = json!(" ");
    let reply = api.act(&api.handler, &id, "reassign", unreasoned).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json["detail"], "enter the reason for the reassignment");
    // A malformed id is 422, as in every other body; an unknown one is not found.
    let reply = api.act(&api.handler, &id, "reassign", reassign(1, "Rory Reviewer")).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.json["detail"].as_str().unwrap().contains("not a valid id"), "{}", reply.json);
    api.act(&api.handler, &id, "reassign", reassign(1, "no-such-user")).await.expect_problem(StatusCode::NOT_FOUND);
    assert_eq!(api.stored_events(&id).await.len(), 2, "logged and acknowledged only");
}
