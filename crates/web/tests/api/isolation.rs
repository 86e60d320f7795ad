//! Another organisation's token sees 404 for every resource of a landlord, on every route,
//! exactly as for something that does not exist, and changes nothing.

use axum::http::{Method, StatusCode};
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::{Value, json};

use crate::case;
use crate::support::{Api, Staff, acknowledge, at, new_complaint, respond};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(another_organisations_token_gets_404_for_every_resource),
        case!(another_organisations_lists_do_not_show_the_landlords_records),
        case!(records_of_another_organisation_cannot_be_pointed_at),
    ]
}

/// A landlord's records of every kind: a resident with a representative, a property, a
/// service request, and a complaint with a remedy, an action, correspondence with an
/// attachment, and an Ombudsman order.
pub struct Records {
    pub resident: String,
    pub property: String,
    pub service_request: String,
    pub complaint: String,
    pub correspondence: String,
    pub attachment: String,
}

pub async fn records(api: &Api) -> Records {
    let resident = api.resident().await;
    let representative =
        json!({ "name": "Sam Advocate", "relationship": "advocate", "authority_evidence": "Signed form" });
    api.post(&api.handler, &format!("/api/v1/residents/{resident}/representatives"), representative)
        .await
        .expect(StatusCode::CREATED);
    let property = api.post(&api.handler, "/api/v1/properties", json!({ "address": "1 River Row" })).await;
    let property = property.expect(StatusCode::CREATED).json["id"].as_str().unwrap().to_owned();
    let request = json!({ "resident_id": resident, "property_id": property, "description": "Fix the leak" });
    let request = api.post(&api.handler, "/api/v1/service-requests", request).await;
    let service_request = request.expect(StatusCode::CREATED).json["id"].as_str().unwrap().to_owned();
    let mut complaint = new_complaint(&resident);
    complaint["service_request_ids"] = json!([service_request]);
    let complaint = api.post(&api.handler, "/api/v1/complaints", complaint).await;
    let id = complaint.expect(StatusCode::CREATED).json["id"].as_str().unwrap().to_owned();
    api.act(&api.handler, &id, "acknowledge", acknowledge(1, &api.handler.id)).await.expect(StatusCode::OK);
    let mut answer = respond(1);
    answer["remedy"] = json!({ "type": "offered", "remedies": [
        { "kind": "apology", "description": "A written apology", "due": "2024-06-10" }]});
    answer["outstanding"] = json!({ "type": "actions", "actions": [
        { "description": "Replace the plaster", "owner": api.handler.id, "due": "2024-06-20" }]});
    api.act(&api.handler, &id, "respond", answer).await.expect(StatusCode::OK);
    let letter = json!({
        "direction": "outgoing", "channel": "letter", "subject": "Stage 1 response",
        "body": "Dear Ms Resident…",
        "attachments": [{ "file_name": "response.txt", "media_type": "text/plain", "content_base64": "aGVsbG8=" }],
    });
    let c = api.act(&api.handler, &id, "correspondence", letter).await;
    let item = &c.expect(StatusCode::OK).json["correspondence"][0];
    let correspondence = item["id"].as_str().unwrap().to_owned();
    let attachment = item["attachments"][0]["id"].as_str().unwrap().to_owned();
    api.act(&api.handler, &id, "ombudsman/referral", json!({})).await.expect(StatusCode::OK);
    let determination = json!({
        "findings": [{ "aspect": "Repairs", "outcome": "maladministration" }],
        "orders": [{ "kind": "order", "description": "Apologise in person" }],
    });
    api.act(&api.handler, &id, "ombudsman/determination", determination).await.expect(StatusCode::OK);
    Records { resident, property, service_request, complaint: id, correspondence, attachment }
}

/// Records that do not exist, named as records are.
pub fn unknown() -> Records {
    Records {
        resident: "no-such-resident".into(),
        property: "no-such-property".into(),
        service_request: "no-such-request".into(),
        complaint: "no-such-complaint".into(),
        correspondence: "no-such-correspondence".into(),
        attachment: "no-such-attachment".into(),
    }
}

/// Every route that names a record of `r`, with a body of the right shape.
pub fn routes_naming(r: &Records, staff: &Staff) -> Vec<(Method, String, Option<Value>)> {
    let c = format!("/api/v1/complaints/{}", r.complaint);
    let post = |path: String, body: Value| (Method::POST, path, Some(body));
    vec![
        (Method::GET, format!("/api/v1/residents/{}", r.resident), None),
        post(
            format!("/api/v1/residents/{}/representatives", r.resident),
            json!({ "name": "X", "relationship": "friend" }),
        ),
        post(format!("/api/v1/residents/{}/restrictions", r.resident), restriction()),
        (Method::GET, format!("/api/v1/residents/{}/restrictions", r.resident), None),
        post(format!("/api/v1/service-requests/{}/status", r.service_request), json!({ "status": "completed" })),
        (Method::GET, c.clone(), None),
        (Method::GET, format!("{c}/file"), None),
        (Method::GET, format!("{c}/correspondence/{}/attachments/{}", r.correspondence, r.attachment), None),
        post(
            format!("{c}/not-accept"),
            json!({ "ground": { "type": "previously_considered" }, "reasons": "Seen before" }),
        ),
        post(format!("{c}/acknowledge"), acknowledge(1, &staff.id)),
        post(format!("{c}/reassign"), json!({ "stage": 1, "handler": staff.id, "reason": "Leave" })),
        post(
            format!("{c}/handling-organisation"),
            json!({ "organisation": "no-such-organisation", "reason": "Theirs" }),
        ),
        post(format!("{c}/points"), json!({ "points": ["Another point"] })),
        post(format!("{c}/update-interval"), json!({ "stage": 1, "every_working_days": 5 })),
        post(
            format!("{c}/extend"),
            json!({ "stage": 1, "working_days": 5, "reason": "Busy", "resident_informed": true,
                    "update_interval": 5 }),
        ),
        post(format!("{c}/respond"), respond(1)),
        post(format!("{c}/escalate"), json!({})),
        post(
            format!("{c}/refuse-escalation"),
            json!({ "ground": { "type": "previously_considered" }, "reasons": "Seen before" }),
        ),
        post(format!("{c}/remedies"), json!({ "kind": "apology", "description": "Sorry", "due": "2024-06-10" })),
        post(format!("{c}/remedies/R1/complete"), json!({ "note": "Done" })),
        post(format!("{c}/actions"), json!({ "description": "Do it", "owner": staff.id, "due": "2024-06-10" })),
        post(format!("{c}/actions/A1/updates"), json!({ "note": "Progress", "resident_informed": true })),
        post(format!("{c}/actions/A1/complete"), json!({})),
        post(
            format!("{c}/correspondence"),
            json!({ "direction": "incoming", "channel": "email", "subject": "Hello",
                    "attachments": [{ "file_name": "a.txt", "media_type": "text/plain", "content_base64": "aGk=" }] }),
        ),
        post(format!("{c}/ombudsman/referral"), json!({ "case_reference": "1" })),
        post(
            format!("{c}/ombudsman/determination"),
            json!({ "findings": [{ "aspect": "Repairs", "outcome": "service_failure" }] }),
        ),
        post(format!("{c}/ombudsman/orders/O1/compliance"), json!({ "evidence": "Done" })),
        post(format!("{c}/close"), json!({ "root_cause": "Triage", "improvement_needed": false })),
        (Method::GET, format!("{c}/letters/preview?kind=keeping_informed"), None),
        post(format!("{c}/letters"), json!({ "kind": "keeping_informed", "delivery": "post" })),
    ]
}

async fn another_organisations_token_gets_404_for_every_resource(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let records = records(&api).await;
    let before = api.read(&records.complaint).await;
    let stored_before = api.stored_events(&records.complaint).await.len();
    let unknown = unknown();
    let routes = routes_naming(&records, &api.outsider);
    assert_eq!(routes.len(), 30);
    for ((method, path, body), (_, unknown_path, _)) in routes.into_iter().zip(routes_naming(&unknown, &api.outsider)) {
        let reply = api.send(method.clone(), &path, Some(&api.outsider.token), body.as_ref(), &[]).await;
        reply.expect_problem(StatusCode::NOT_FOUND);
        // Exactly what a record that does not exist gets: nothing tells them apart.
        let absent = api.send(method, &unknown_path, Some(&api.outsider.token), body.as_ref(), &[]).await;
        absent.expect_problem(StatusCode::NOT_FOUND);
        assert_eq!(reply.json, absent.json, "{path}");
    }
    assert_eq!(api.read(&records.complaint).await, before);
    assert_eq!(api.stored_events(&records.complaint).await.len(), stored_before);
    let request = api.get(&api.handler, "/api/v1/service-requests").await;
    assert_eq!(request.json[0]["status"], "open");
    let resident = api.get(&api.handler, &format!("/api/v1/residents/{}", records.resident)).await;
    assert_eq!(resident.json["representatives"].as_array().unwrap().len(), 1);
}

async fn another_organisations_lists_do_not_show_the_landlords_records(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    records(&api).await;
    for path in ["/api/v1/residents", "/api/v1/properties", "/api/v1/service-requests"] {
        // The residents come a page at a time, the others as one list.
        let items = |json: &serde_json::Value| json.get("items").unwrap_or(json).clone();
        let mine = api.get(&api.handler, path).await;
        assert_eq!(items(&mine.expect(StatusCode::OK).json).as_array().unwrap().len(), 1, "{path}");
        let theirs = api.get(&api.outsider, path).await;
        assert_eq!(items(&theirs.expect(StatusCode::OK).json), json!([]), "{path}");
    }
    let mine = api.get(&api.handler, "/api/v1/complaints").await;
    assert_eq!(mine.expect(StatusCode::OK).json["items"].as_array().unwrap().len(), 1);
    let theirs = api.get(&api.outsider, "/api/v1/complaints").await;
    assert_eq!(theirs.expect(StatusCode::OK).json["items"], json!([]));
}

async fn records_of_another_organisation_cannot_be_pointed_at(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let r = records(&api).await;
    let outsider = &api.outsider;
    // Their own resident, to isolate each foreign reference.
    let own = api.post(outsider, "/api/v1/residents", json!({ "name": "Otto Other" })).await;
    let own = own.expect(StatusCode::CREATED).json["id"].as_str().unwrap().to_owned();
    let foreign_resident = new_complaint(&r.resident);
    let mut foreign_request = new_complaint(&own);
    foreign_request["service_request_ids"] = json!([r.service_request]);
    let mut foreign_property = new_complaint(&own);
    foreign_property["property_id"] = json!(r.property);
    let mut foreign_link = new_complaint(&own);
    foreign_link["linked_complaint_ids"] = json!([r.complaint]);
    for body in [foreign_resident, foreign_request, foreign_property, foreign_link] {
        api.post(outsider, "/api/v1/complaints", body).await.expect_problem(StatusCode::NOT_FOUND);
    }
    let request = json!({ "resident_id": r.resident, "description": "Fix it" });
    api.post(outsider, "/api/v1/service-requests", request).await.expect_problem(StatusCode::NOT_FOUND);
    let request = json!({ "resident_id": own, "property_id": r.property, "description": "Fix it" });
    api.post(outsider, "/api/v1/service-requests", request).await.expect_problem(StatusCode::NOT_FOUND);
    let theirs = api.get(outsider, "/api/v1/complaints").await;
    assert_eq!(theirs.expect(StatusCode::OK).json["items"], json!([]));
}

/// A complete contact restriction.
pub fn restriction() -> Value {
    json!({
        "behaviour": "Abusive calls", "evidence": "Call recordings of 3 and 5 June",
        "restriction": "Email to a named officer only", "proportionality": "Every route stays open",
        "equality_act_consideration": "Support needs discussed", "starts_on": "2024-06-03",
        "review_on": "2024-09-03",
    })
}
