//! Ids from outside are parsed at the edge: a malformed id in a path names nothing, so it is
//! a 404 as an unknown id is; in a JSON body it is a 422 problem. Neither is ever a 500, and
//! neither changes anything.

use axum::http::StatusCode;
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::json;

use crate::case;
use crate::support::{Api, acknowledge, at, new_complaint};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(a_malformed_id_in_a_path_is_not_found_as_an_unknown_one_is),
        case!(a_malformed_id_in_a_body_is_a_422_problem_and_changes_nothing),
    ]
}

async fn a_malformed_id_in_a_path_is_not_found_as_an_unknown_one_is(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let complaint = api.complaint().await["id"].as_str().unwrap().to_owned();
    let too_long = "a".repeat(65);
    let reads = [
        "/api/v1/complaints/no-such-complaint".to_owned(),
        "/api/v1/complaints/Not%20An%20Id".to_owned(),
        format!("/api/v1/complaints/{}", complaint.to_uppercase()),
        format!("/api/v1/residents/{too_long}"),
        "/api/v1/residents/rosa_resident/restrictions".to_owned(),
        format!("/api/v1/complaints/{complaint}/correspondence/letter.pdf/attachments/a-1"),
    ];
    for path in reads {
        let reply = api.get(&api.handler, &path).await;
        reply.expect_problem(StatusCode::NOT_FOUND);
        assert_eq!(reply.json["title"], "Not Found", "{path}: {}", reply.json);
    }
    let handler = api.handler.id.to_string();
    let reply = api.act(&api.handler, "C-1", "acknowledge", acknowledge(1, &handler)).await;
    reply.expect_problem(StatusCode::NOT_FOUND);
    let reply = api.post(&api.handler, "/api/v1/service-requests/Leak!/status", json!({ "status": "completed" })).await;
    reply.expect_problem(StatusCode::NOT_FOUND);
    assert_eq!(api.stored_events(&complaint).await.len(), 1, "the complaint is as it was");
}

async fn a_malformed_id_in_a_body_is_a_422_problem_and_changes_nothing(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let complaint = api.complaint().await["id"].as_str().unwrap().to_owned();
    let reply = api.act(&api.handler, &complaint, "acknowledge", acknowledge(1, "Hana Handler")).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let detail = reply.json["detail"].as_str().unwrap();
    assert!(detail.contains("not a valid id"), "{detail}");
    assert_eq!(api.stored_events(&complaint).await.len(), 1, "not acknowledged");

    let reply =
        api.post(&api.handler, "/api/v1/service-requests", json!({ "resident_id": "", "description": "A leak" })).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let listed = api.get(&api.handler, "/api/v1/service-requests").await;
    listed.expect(StatusCode::OK);
    assert_eq!(listed.json, json!([]), "nothing recorded");

    // A complaint's intake names its resident, home, requests and links by id: each is checked.
    let resident = api.resident().await;
    for (field, value) in [
        ("resident_id", json!("Rosa Resident")),
        ("property_id", json!("home!")),
        ("service_request_ids", json!([""])),
        ("linked_complaint_ids", json!(["C-1"])),
    ] {
        let mut body = new_complaint(&resident);
        body[field] = value;
        let reply = api.post(&api.handler, "/api/v1/complaints", body).await;
        reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
        let detail = reply.json["detail"].as_str().unwrap();
        assert!(detail.contains("not a valid id"), "{field}: {detail}");
    }
    let listed = api.get(&api.handler, "/api/v1/complaints").await;
    listed.expect(StatusCode::OK);
    let items = listed.json["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "only the first complaint: {}", listed.json);
}
