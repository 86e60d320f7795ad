//! Residents with their reasonable adjustments (Code 5.10) and representatives (Code 3.6),
//! properties, and service requests that stay open when complained about (Code 1.4, 1.5).

use axum::http::StatusCode;
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::json;

use crate::case;
use crate::isolation::restriction;
use crate::support::{Api, at, new_complaint};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(code_5_10_a_resident_is_recorded_with_adjustments_under_review),
        case!(code_3_6_a_representative_acts_on_a_complaint_only_with_authority_on_record),
        case!(code_1_5_a_service_request_stays_open_when_complained_about),
        case!(code_5_14_a_contact_restriction_is_evidenced_proportionate_and_reviewed),
    ]
}

async fn code_5_10_a_resident_is_recorded_with_adjustments_under_review(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let resident = json!({
        "name": "Rosa Resident", "email": "rosa@example.org", "preferred_contact_method": "email",
        "preferred_format": "large print", "disabilities": ["Partially sighted"],
        "reasonable_adjustments": [
            { "adjustment": "Large print letters", "review_on": "2025-06-01" },
            { "adjustment": "Calls before noon", "review_on": "2024-12-01" },
        ],
    });
    let reply = api.post(&api.handler, "/api/v1/residents", resident.clone()).await;
    let created = reply.expect(StatusCode::CREATED).json.clone();
    let id = created["id"].as_str().unwrap();
    assert_eq!(reply.header("location"), Some(format!("/api/v1/residents/{id}").as_str()));
    assert_eq!(created["support_review_on"], "2024-12-01");
    assert_eq!(created["reasonable_adjustments"][0]["adjustment"], "Large print letters");
    let read = api.get(&api.handler, &format!("/api/v1/residents/{id}")).await;
    assert_eq!(read.expect(StatusCode::OK).json["disabilities"], json!(["Partially sighted"]));
    assert_eq!(read.json["representatives"], json!([]));

    let mut overdue_review = resident;
    overdue_review["reasonable_adjustments"][1]["review_on"] = json!("2024-06-03");
    api.post(&api.handler, "/api/v1/residents", overdue_review).await.expect_refusal("5.10");
    let nameless = json!({ "name": "  " });
    api.post(&api.handler, "/api/v1/residents", nameless).await.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let all = api.get(&api.handler, "/api/v1/residents").await;
    assert_eq!(all.expect(StatusCode::OK).json["items"].as_array().unwrap().len(), 1);
}

async fn code_3_6_a_representative_acts_on_a_complaint_only_with_authority_on_record(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let resident = api.resident().await;
    let path = format!("/api/v1/residents/{resident}/representatives");
    let without = json!({ "name": "Pat Neighbour", "relationship": "neighbour" });
    let without = api.post(&api.handler, &path, without).await.expect(StatusCode::CREATED).json["id"].clone();
    let with =
        json!({ "name": "Sam Advocate", "relationship": "advocate", "authority_evidence": "Signed form, 1 June" });
    let with = api.post(&api.handler, &path, with).await.expect(StatusCode::CREATED).json["id"].clone();
    let read = api.get(&api.handler, &format!("/api/v1/residents/{resident}")).await;
    assert_eq!(read.json["representatives"].as_array().unwrap().len(), 2);

    let mut complaint = new_complaint(&resident);
    complaint["representative_id"] = without;
    api.post(&api.handler, "/api/v1/complaints", complaint.clone()).await.expect_refusal("3.6");
    complaint["representative_id"] = with.clone();
    let logged = api.post(&api.handler, "/api/v1/complaints", complaint).await;
    assert_eq!(logged.expect(StatusCode::CREATED).json["complaint"]["logged"]["representative"], with);
}

async fn code_1_5_a_service_request_stays_open_when_complained_about(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let resident = api.resident().await;
    let property = json!({ "address": "1 River Row, Riverside", "uprn": "100023336956" });
    let property = api.post(&api.handler, "/api/v1/properties", property).await;
    let property_id = property.expect(StatusCode::CREATED).json["id"].clone();
    assert_eq!(property.json["uprn"], "100023336956");
    let request = json!({ "resident_id": resident, "property_id": property_id, "description": "Leaking ceiling" });
    let request = api.post(&api.handler, "/api/v1/service-requests", request).await;
    let request_id = request.expect(StatusCode::CREATED).json["id"].as_str().unwrap().to_owned();
    assert_eq!(request.json["status"], "open");

    let mut complaint = new_complaint(&resident);
    complaint["property_id"] = property_id;
    complaint["service_request_ids"] = json!([request_id]);
    let logged = api.post(&api.handler, "/api/v1/complaints", complaint).await;
    assert_eq!(logged.expect(StatusCode::CREATED).json["complaint"]["logged"]["service_requests"], json!([request_id]));
    let requests = api.get(&api.handler, "/api/v1/service-requests").await;
    assert_eq!(requests.json[0]["status"], "open");

    let status = format!("/api/v1/service-requests/{request_id}/status");
    api.post(&api.handler, &status, json!({ "status": "finished" }))
        .await
        .expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    let changed = api.post(&api.handler, &status, json!({ "status": "completed" })).await;
    assert_eq!(changed.expect(StatusCode::OK).json["status"], "completed");
    let properties = api.get(&api.handler, "/api/v1/properties").await;
    assert_eq!(properties.expect(StatusCode::OK).json.as_array().unwrap().len(), 1);
}

async fn code_5_14_a_contact_restriction_is_evidenced_proportionate_and_reviewed(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let resident = api.resident().await;
    let path = format!("/api/v1/residents/{resident}/restrictions");
    let mut unevidenced = restriction();
    unevidenced["evidence"] = json!("");
    api.post(&api.handler, &path, unevidenced).await.expect_refusal("5.14");
    let mut no_equality_act = restriction();
    no_equality_act["equality_act_consideration"] = json!(" ");
    api.post(&api.handler, &path, no_equality_act).await.expect_refusal("5.15");
    api.post(&api.auditor, &path, restriction()).await.expect_problem(StatusCode::FORBIDDEN);
    assert_eq!(api.get(&api.handler, &path).await.expect(StatusCode::OK).json, json!([]), "refusals store nothing");

    let created = api.post(&api.handler, &path, restriction()).await.expect(StatusCode::CREATED).json.clone();
    assert_eq!(created["review_on"], "2024-09-03");
    assert_eq!(created["recorded_by"], json!(api.handler.id));
    let listed = api.get(&api.handler, &path).await;
    assert_eq!(listed.expect(StatusCode::OK).json.as_array().unwrap().len(), 1);
}
