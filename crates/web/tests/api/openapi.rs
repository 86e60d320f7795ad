//! The OpenAPI document: valid JSON, OpenAPI 3.1, listing exactly the routes the API serves,
//! every reference resolving; and every route it lists is really served.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::{Value, json};

use crate::case;
use crate::support::{Api, at};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(the_document_is_openapi_3_1_and_lists_every_route_the_api_serves),
        case!(every_reference_in_the_document_resolves),
        case!(unknown_paths_and_methods_under_the_api_are_problems),
        case!(the_document_says_exactly_what_the_transitions_parse),
        case!(a_complaint_intakes_ids_are_described_as_strings),
        case!(code_6_9_and_6_19_the_document_describes_the_route_to_stage_2_and_no_tick_boxes),
    ]
}

/// The transitions of a complaint, each its own POST.
const TRANSITIONS: [&str; 20] = [
    "not-accept",
    "acknowledge",
    "reassign",
    "handling-organisation",
    "points",
    "update-interval",
    "extend",
    "respond",
    "escalate",
    "refuse-escalation",
    "remedies",
    "remedies/{rid}/complete",
    "actions",
    "actions/{aid}/updates",
    "actions/{aid}/complete",
    "correspondence",
    "ombudsman/referral",
    "ombudsman/determination",
    "ombudsman/orders/{oid}/compliance",
    "close",
];

/// Every route of the API, written out from the issue rather than read from the code.
fn expected_routes() -> BTreeSet<(String, String)> {
    let mut routes: BTreeSet<(String, String)> = [
        ("get", "/openapi.json"),
        ("post", "/residents"),
        ("get", "/residents"),
        ("get", "/residents/{id}"),
        ("post", "/residents/{id}/representatives"),
        ("post", "/residents/{id}/restrictions"),
        ("get", "/residents/{id}/restrictions"),
        ("post", "/properties"),
        ("get", "/properties"),
        ("post", "/service-requests"),
        ("get", "/service-requests"),
        ("post", "/service-requests/{id}/status"),
        ("post", "/complaints"),
        ("get", "/complaints"),
        ("get", "/complaints/{id}"),
        ("get", "/complaints/{id}/file"),
        ("get", "/complaints/{id}/correspondence/{cid}/attachments/{aid}"),
        ("post", "/complaints/{id}/letters"),
        ("get", "/complaints/{id}/letters/preview"),
        ("get", "/settings/ombudsman"),
        ("get", "/settings/categories"),
        ("get", "/closure-days"),
    ]
    .into_iter()
    .map(|(method, path)| (method.to_owned(), format!("/api/v1{path}")))
    .collect();
    routes.extend(TRANSITIONS.iter().map(|t| ("post".to_owned(), format!("/api/v1/complaints/{{id}}/{t}"))));
    routes
}

/// The operations the document lists: (method, path).
fn documented(document: &Value) -> BTreeSet<(String, String)> {
    let mut operations = BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "patch", "head", "options"] {
            if item.get(method).is_some() {
                operations.insert((method.to_owned(), path.clone()));
            }
        }
    }
    operations
}

async fn document(api: &Api) -> Value {
    let reply = api.send(Method::GET, "/api/v1/openapi.json", None, None, &[]).await;
    reply.expect(StatusCode::OK);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    serde_json::from_slice(&reply.bytes).expect("the document is JSON")
}

async fn the_document_is_openapi_3_1_and_lists_every_route_the_api_serves(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let document = document(&api).await;
    assert!(document["openapi"].as_str().unwrap().starts_with("3.1."), "{}", document["openapi"]);
    assert!(document["info"]["title"].is_string() && document["info"]["version"].is_string());
    let listed = documented(&document);
    let expected = expected_routes();
    let missing: Vec<_> = expected.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&expected).collect();
    assert!(missing.is_empty(), "routes missing from the document: {missing:?}");
    assert!(extra.is_empty(), "the document lists routes the issue does not: {extra:?}");
    assert_eq!(listed.len(), 42);

    // Every route the document lists is served: without a token it is 401 (not 404 or 405),
    // except the document itself.
    for (method, path) in &listed {
        let concrete = path.replace(['{', '}'], "");
        let method: Method = method.to_uppercase().parse().unwrap();
        let reply = api.send(method.clone(), &concrete, None, Some(&json!({})), &[]).await;
        let operation = &document["paths"][path][method.as_str().to_lowercase()];
        if path.ends_with("/openapi.json") {
            reply.expect(StatusCode::OK);
            assert!(operation.get("security").is_none(), "{operation}");
            continue;
        }
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{method} {path} is not served as documented");
        assert_eq!(operation["security"], json!([{ "bearer": [] }]), "{method} {path}");
        for status in ["400", "401", "500"] {
            assert!(operation["responses"].get(status).is_some(), "{method} {path} lacks {status}");
        }
        if method == Method::POST {
            assert!(operation["requestBody"].is_object(), "{method} {path} has no request body");
            for status in ["403", "422"] {
                assert!(operation["responses"].get(status).is_some(), "{method} {path} lacks {status}");
            }
        }
    }
    let bearer = &document["components"]["securitySchemes"]["bearer"];
    assert_eq!((bearer["type"].clone(), bearer["scheme"].clone()), (json!("http"), json!("bearer")));
}

/// Every `$ref` in `value`.
fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(target)) => found.push(target),
                    _ => references(inner, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

async fn every_reference_in_the_document_resolves(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let document = document(&api).await;
    let mut found = Vec::new();
    references(&document, &mut found);
    assert!(found.len() > 50, "only {} references", found.len());
    for target in found {
        let pointer = target.strip_prefix('#').unwrap_or_else(|| panic!("external reference {target}"));
        assert!(document.pointer(pointer).is_some(), "{target} does not resolve");
    }
    // The problem schema, and a provision on a refusal.
    let problem = &document["components"]["schemas"]["Problem"];
    assert!(problem["properties"]["provision"].is_object(), "{problem}");
    let complaint = &document["components"]["schemas"]["ComplaintBody"];
    for field in ["complaint", "deadlines", "events", "correspondence"] {
        assert!(complaint["properties"][field].is_object(), "ComplaintBody lacks {field}");
    }
}

async fn unknown_paths_and_methods_under_the_api_are_problems(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let unknown = api.get(&api.handler, "/api/v1/no-such-thing").await;
    unknown.expect_problem(StatusCode::NOT_FOUND);
    let wrong_method = api.send(Method::DELETE, "/api/v1/complaints", Some(&api.handler.token), None, &[]).await;
    wrong_method.expect_problem(StatusCode::METHOD_NOT_ALLOWED);
    // Outside the API, pages keep their own 404.
    let page = api.send(Method::GET, "/no-such-page", None, None, &[]).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}

/// Each transition's body is its command's payload with `at` beside its fields, refusing any
/// other field; a body with nothing required may be left out; and 404 is documented wherever
/// a record is named, in the path or in the body.
async fn the_document_says_exactly_what_the_transitions_parse(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let document = document(&api).await;
    for transition in TRANSITIONS.iter().filter(|t| **t != "correspondence") {
        let operation = &document["paths"][format!("/api/v1/complaints/{{id}}/{transition}")]["post"];
        let body = &operation["requestBody"];
        let schema = &body["content"]["application/json"]["schema"];
        // A reassignment and passing the complaint on take effect when recorded: they alone
        // take no `at`.
        let timed = !["reassign", "handling-organisation"].contains(transition);
        assert_eq!(schema["properties"]["at"].is_object(), timed, "{transition}: {schema}");
        assert_eq!(schema["additionalProperties"], json!(false), "{transition}");
        let required = schema["required"].as_array().is_some_and(|r| !r.is_empty());
        assert_eq!(body["required"], json!(required), "{transition}: {body}");
        assert!(operation["responses"]["404"].is_object(), "{transition}");
    }
    let stage = &document["paths"]["/api/v1/complaints/{id}/extend"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["properties"]["stage"];
    assert_eq!((stage["minimum"].clone(), stage["maximum"].clone()), (json!(1), json!(2)), "{stage}");
    for path in ["/api/v1/complaints", "/api/v1/service-requests"] {
        assert!(document["paths"][path]["post"]["responses"]["404"].is_object(), "{path}");
    }
}

/// Typed ids are strings on the wire: the intake's id fields, followed through their
/// references, and any list's items, are strings (or null where optional).
async fn a_complaint_intakes_ids_are_described_as_strings(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let document = document(&api).await;
    let fields = &document["components"]["schemas"]["ComplaintIntake"]["properties"];
    for field in [
        "handling_organisation_id",
        "resident_id",
        "representative_id",
        "property_id",
        "service_request_ids",
        "linked_complaint_ids",
    ] {
        assert!(is_text(&document, &fields[field]), "{field}: {}", fields[field]);
    }
}

/// Whether `schema` describes a string, a string or null, or a list of those.
fn is_text(document: &Value, schema: &Value) -> bool {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/components/schemas/");
        return is_text(document, &document["components"]["schemas"][name]);
    }
    if let Some(branches) = schema["oneOf"].as_array().or_else(|| schema["anyOf"].as_array()) {
        return branches.iter().all(|b| b["type"] == "null" || is_text(document, b));
    }
    match &schema["type"] {
        Value::String(t) if t == "array" => is_text(document, &schema["items"]),
        Value::String(t) => t == "string",
        Value::Array(types) => types.iter().all(|t| t == "string" || t == "null") && types.contains(&"string".into()),
        _ => false,
    }
}

async fn code_6_9_and_6_19_the_document_describes_the_route_to_stage_2_and_no_tick_boxes(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let document = document(&api).await;
    let schemas = &document["components"]["schemas"];
    let route = &schemas["StageTwoRoute"]["properties"];
    for part in ["contact", "how", "within"] {
        assert!(route[part].is_object(), "{part}: {route}");
    }
    let body = |transition: &str| {
        let path = format!("/api/v1/complaints/{{id}}/{transition}");
        document["paths"][path.as_str()]["post"]["requestBody"]["content"]["application/json"]["schema"].to_string()
    };
    assert!(body("respond").contains("StageTwoRoute"), "{}", body("respond"));
    assert!(!body("respond").contains("escalation_details"), "{}", body("respond"));
    for (transition, tick) in [
        ("extend", "ombudsman_details_given"),
        ("not-accept", "resident_told_of_ombudsman_right"),
        ("refuse-escalation", "resident_told_of_ombudsman_right"),
    ] {
        assert!(!body(transition).contains(tick), "{transition}: {}", body(transition));
    }
    let contact = &schemas["OmbudsmanContact"]["properties"];
    for detail in ["name", "telephone", "email", "web_address", "postal_address"] {
        assert!(contact[detail].is_object(), "{detail}: {contact}");
    }
    // Any member of staff reads the details their steps will record.
    let reply = api.get(&api.handler, "/api/v1/settings/ombudsman").await;
    let details = &reply.expect(StatusCode::OK).json;
    assert_eq!(details["telephone"], "0300 111 3000");
    assert_eq!(details["postal_address"], "PO Box 1484, Unit D, Preston, PR2 0ET");
}
