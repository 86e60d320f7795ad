//! Letters over the API (issue 11): a letter issued is 201 with its correspondence, the PDF's
//! and HTML's checksums and what sends it; a retry with its key gets the same answer, marked
//! replayed; a letter the case has not reached is a 409 problem; the preview gives the letter,
//! its readability and what it lacks, and records nothing.

use axum::http::StatusCode;
use jiff::civil::date;
use redress_storage::{Backend, sha256_hex};
use serde_json::json;

use crate::case;
use crate::support::{Api, acknowledge, at, new_complaint};

pub fn cases() -> Vec<crate::Case> {
    vec![case!(a_letter_is_issued_once_with_its_checksums_and_previewed_first)]
}

async fn a_letter_is_issued_once_with_its_checksums_and_previewed_first(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let resident = json!({ "name": "Rosa Resident", "email": "rosa@example.org", "address": "1 Leak Lane, Anytown" });
    let resident = api.post(&api.handler, "/api/v1/residents", resident).await;
    let resident = resident.expect(StatusCode::CREATED).json["id"].as_str().unwrap().to_owned();
    let logged = api.post(&api.handler, "/api/v1/complaints", new_complaint(&resident)).await;
    let id = logged.expect(StatusCode::CREATED).json["id"].as_str().unwrap().to_owned();
    let letters = format!("/api/v1/complaints/{id}/letters");

    // Not acknowledged yet: no acknowledgement to write.
    let early = api.post(&api.handler, &letters, json!({ "kind": "stage1_acknowledgement" })).await;
    early.expect_problem(StatusCode::CONFLICT);
    let preview = api.get(&api.handler, &format!("{letters}/preview?kind=stage1_acknowledgement")).await;
    preview.expect_problem(StatusCode::CONFLICT);
    api.act(&api.handler, &id, "acknowledge", acknowledge(1, &api.handler.id)).await.expect(StatusCode::OK);

    let preview = api.get(&api.handler, &format!("{letters}/preview?kind=stage1_acknowledgement")).await;
    let preview = preview.expect(StatusCode::OK).json.clone();
    assert_eq!(preview["kind"], "stage1_acknowledgement");
    assert_eq!(preview["missing"], json!([]));
    assert_eq!((preview["delivery"].clone(), preview["large_print"].clone()), (json!("email"), json!(false)));
    assert!(preview["readability"]["reading_ease"].as_f64().unwrap() > 0.0);
    assert!(preview["html"].as_str().unwrap().starts_with("<!DOCTYPE html>"));
    assert_eq!(api.read(&id).await["correspondence"], json!([]), "a preview records nothing");

    let body = json!({ "kind": "stage1_acknowledgement", "delivery": "both" });
    let issued = api.post_keyed(&api.handler, &letters, &body, "letter-1").await;
    let issued = issued.expect(StatusCode::CREATED);
    let letter = issued.json.clone();
    assert_eq!(letter["complaint_id"], id);
    assert!(letter["email_id"].is_string() && letter["print_item_id"].is_string(), "{letter}");
    let location = issued.header("location").unwrap().to_owned();
    let pdf = api.get(&api.handler, &location).await;
    pdf.expect(StatusCode::OK);
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert_eq!(letter["pdf"]["sha256"], sha256_hex(&pdf.bytes));
    assert_eq!(letter["pdf"]["media_type"], "application/pdf");
    assert_eq!(letter["html"]["media_type"], "text/html");
    assert_eq!(letter["html"]["sha256"].as_str().unwrap().len(), 64);

    let again = api.post_keyed(&api.handler, &letters, &body, "letter-1").await;
    again.expect(StatusCode::CREATED);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.json, letter, "the same letter");
    let record = api.read(&id).await;
    assert_eq!(record["correspondence"].as_array().unwrap().len(), 1);
    assert_eq!(record["correspondence"][0]["id"], letter["correspondence_id"]);

    // An auditor reads but does not send.
    let refused = api.post(&api.auditor, &letters, json!({ "kind": "stage1_acknowledgement" })).await;
    refused.expect_problem(StatusCode::FORBIDDEN);
}
