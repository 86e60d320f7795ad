//! Malformed requests are 400 problems saying what is wrong (JSON syntax, shape, unknown
//! fields, query strings), a body that is not JSON is 415, and none of them changes anything.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::json;

use crate::case;
use crate::support::{Api, at, new_complaint};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(malformed_json_is_a_400_problem_saying_what_is_wrong),
        case!(a_body_that_is_not_json_is_415),
        case!(a_malformed_query_is_a_400_problem),
        case!(an_empty_body_is_an_empty_object),
        case!(oversized_texts_and_control_characters_are_422_problems_and_change_nothing),
        case!(whole_numbers_may_be_written_with_a_fraction_or_exponent),
    ]
}

async fn oversized_texts_and_control_characters_are_422_problems_and_change_nothing(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let resident = api.resident().await;
    let with_description = |description: &str| {
        let mut body = new_complaint(&resident);
        body["description"] = json!(description);
        body
    };
    let megabyte = "a".repeat(1 << 20);
    let refusals = [
        ("/api/v1/complaints", with_description(&megabyte), "The description must be 20,000 characters or fewer"),
        ("/api/v1/complaints", with_description("Leak\u{0}"), "The description must not contain control characters"),
        (
            "/api/v1/residents",
            json!({ "name": "Rosa\nResident" }),
            "The resident's name must not contain line breaks, tabs or control characters",
        ),
        (
            "/api/v1/properties",
            json!({ "address": "1 River Street\u{0}" }),
            "The property's address must not contain control characters",
        ),
    ];
    for (path, body, says) in refusals {
        let reply = api.post(&api.handler, path, body).await;
        reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.json["detail"], says, "{path}: {}", reply.json);
    }
    let filter = redress_storage::ComplaintFilter::default();
    assert_eq!(api.db.count_complaints(&api.landlord, &filter).await.unwrap(), 0, "nothing logged");
    assert_eq!(api.db.list_residents(&api.landlord).await.unwrap().len(), 1, "only the first resident");
    assert!(api.db.list_properties(&api.landlord).await.unwrap().is_empty());

    // A command on a complaint too, and correspondence.
    let logged = api.post(&api.handler, "/api/v1/complaints", with_description("Line one\nLine two\twith a tab")).await;
    logged.expect(StatusCode::CREATED);
    let id = logged.json["id"].as_str().unwrap().to_owned();
    let before = api.stored_events(&id).await.len();
    let reply = api.act(&api.handler, &id, "points", json!({ "points": ["Fine", "Not\u{0}fine"] })).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json["detail"], "A point must not contain control characters");
    let long_body = json!({ "direction": "incoming", "channel": "email", "subject": "Hi", "body": megabyte });
    let reply = api.act(&api.handler, &id, "correspondence", long_body).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json["detail"], "The text must be 20,000 characters or fewer");
    assert_eq!(api.stored_events(&id).await.len(), before, "nothing recorded");
    assert_eq!(
        api.read(&id).await["complaint"]["logged"]["description"],
        "Line one\nLine two\twith a tab",
        "a normal text is kept as sent"
    );
}

async fn malformed_json_is_a_400_problem_saying_what_is_wrong(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let id = api.acknowledged().await;
    let before = api.stored_events(&id).await.len();
    let resident = api.resident().await;
    let token = format!("Bearer {}", api.handler.token);
    let send = |path: String, text: &'static str| {
        let request = Request::post(path)
            .header(header::AUTHORIZATION, &token)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(text))
            .unwrap();
        api.raw(request)
    };
    let syntax = send(format!("/api/v1/complaints/{id}/points"), r#"{"points": ["a",]"#).await;
    syntax.expect_problem(StatusCode::BAD_REQUEST);
    assert_eq!(syntax.json["type"], "about:blank");

    let cases = [
        (format!("/api/v1/complaints/{id}/points"), json!({ "points": "not a list" }), "invalid type"),
        (format!("/api/v1/complaints/{id}/points"), json!({ "points": [], "pionts": [] }), "unknown field `pionts`"),
        (format!("/api/v1/complaints/{id}/update-interval"), json!({ "stage": 3, "every_working_days": 5 }), "5.3"),
        (format!("/api/v1/complaints/{id}/points"), json!({ "points": [], "at": "yesterday" }), "at line"),
        (
            format!("/api/v1/complaints/{id}/correspondence"),
            json!({ "direction": "incoming", "channel": "pigeon", "subject": "Hi" }),
            "unknown variant `pigeon`",
        ),
        (
            format!("/api/v1/complaints/{id}/correspondence"),
            json!({ "direction": "incoming", "channel": "email", "subject": "Hi",
                    "attachments": [{ "file_name": "a", "media_type": "text/plain", "content_base64": "***" }] }),
            "not valid base64",
        ),
        ("/api/v1/complaints".to_owned(), json!({ "resident_id": resident }), "missing field"),
        ("/api/v1/residents".to_owned(), json!({ "name": "A", "nickname": "B" }), "unknown field `nickname`"),
    ];
    for (path, body, says) in cases {
        let reply = api.post(&api.handler, &path, body.clone()).await;
        reply.expect_problem(StatusCode::BAD_REQUEST);
        let detail = reply.json["detail"].as_str().unwrap();
        assert!(detail.contains(says), "{body}: {detail}");
    }
    assert_eq!(api.stored_events(&id).await.len(), before);
    let complaints = api.get(&api.handler, "/api/v1/complaints").await;
    assert_eq!(complaints.json["items"].as_array().unwrap().len(), 1);
    // Well formed, it works.
    api.post(&api.handler, "/api/v1/complaints", new_complaint(&resident)).await.expect(StatusCode::CREATED);
}

async fn a_body_that_is_not_json_is_415(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let request = Request::post("/api/v1/residents")
        .header(header::AUTHORIZATION, format!("Bearer {}", api.handler.token))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(r#"{"name": "Rosa"}"#))
        .unwrap();
    api.raw(request).await.expect_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let request = Request::post("/api/v1/residents")
        .header(header::AUTHORIZATION, format!("Bearer {}", api.handler.token))
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(Body::from(r#"{"name": "Rosa"}"#))
        .unwrap();
    api.raw(request).await.expect(StatusCode::CREATED);
}

async fn a_malformed_query_is_a_400_problem(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    for query in [
        "stage=one",
        "stage=0",
        "stage=3",
        "overdue=perhaps",
        "received_from=2024-13-01",
        "limit=0",
        "limit=5000",
        "colour=red",
    ] {
        let reply = api.get(&api.handler, &format!("/api/v1/complaints?{query}")).await;
        reply.expect_problem(StatusCode::BAD_REQUEST);
    }
}

async fn an_empty_body_is_an_empty_object(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let id = api.responded().await;
    let token = Some(api.handler.token.as_str());
    let escalate = format!("/api/v1/complaints/{id}/escalate");
    let reply = api.send(Method::POST, &escalate, token, None, &[]).await;
    assert_eq!(reply.expect(StatusCode::OK).json["stage"], 2);
    // A transition that needs fields says which is missing.
    let extend = format!("/api/v1/complaints/{id}/extend");
    let reply = api.send(Method::POST, &extend, token, None, &[]).await;
    reply.expect_problem(StatusCode::BAD_REQUEST);
    assert!(reply.json["detail"].as_str().unwrap().contains("missing field `stage`"), "{}", reply.json);
}

/// JSON Schema counts `5.0` and `5e0` as integers, and the document says `integer`: they are
/// read as 5; a fraction is still malformed.
async fn whole_numbers_may_be_written_with_a_fraction_or_exponent(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let id = api.acknowledged().await;
    let path = format!("/api/v1/complaints/{id}/update-interval");
    let reply = api.post(&api.handler, &path, json!({ "stage": 1.0, "every_working_days": 5e0 })).await;
    reply.expect(StatusCode::OK);
    let reply = api.post(&api.handler, &path, json!({ "stage": 1, "every_working_days": 5.5 })).await;
    reply.expect_problem(StatusCode::BAD_REQUEST);
    let detail = reply.json["detail"].as_str().unwrap();
    assert!(detail.contains("invalid type: floating point `5.5`"), "{detail}");
}
