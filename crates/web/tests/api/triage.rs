//! Triage (Code 6.1) through the API: logging a complaint asks for its complexity and risks
//! (typed: an unknown risk is refused), "other" needs its notes, and the list filters by
//! complexity and by risk.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::{Value, json};

use crate::case;
use crate::support::{Api, at, new_complaint};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(code_6_1_complexity_and_risks_are_required_and_typed_when_logging),
        case!(code_6_1_the_list_filters_by_complexity_and_by_risk),
    ]
}

async fn log(api: &Api, body: Value) -> crate::support::Reply {
    api.post(&api.handler, "/api/v1/complaints", body).await
}

async fn code_6_1_complexity_and_risks_are_required_and_typed_when_logging(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let resident = api.resident().await;
    for (field, says) in [("complexity", "missing field `complexity`"), ("risks", "missing field `risks`")] {
        let mut body = new_complaint(&resident);
        body.as_object_mut().unwrap().remove(field);
        let reply = log(&api, body).await;
        reply.expect_problem(StatusCode::BAD_REQUEST);
        assert!(reply.json["detail"].as_str().unwrap().contains(says), "{}", reply.json);
    }
    let mut unknown = new_complaint(&resident);
    unknown["risks"] = json!(["asbestos"]);
    log(&api, unknown).await.expect_problem(StatusCode::BAD_REQUEST);
    let mut undescribed = new_complaint(&resident);
    undescribed["risks"] = json!(["other"]);
    log(&api, undescribed).await.expect_refusal("6.1");
    assert!(api.get(&api.handler, "/api/v1/complaints").await.json["items"].as_array().unwrap().is_empty());

    let mut triaged = new_complaint(&resident);
    triaged["complexity"] = json!("complex");
    triaged["risks"] = json!(["other", "health_and_safety", "health_and_safety"]);
    triaged["risk_notes"] = json!("Exposed wiring in the hall");
    let reply = log(&api, triaged).await;
    reply.expect(StatusCode::CREATED);
    let logged = &reply.json["complaint"]["logged"];
    assert_eq!(logged["complexity"], "complex");
    assert_eq!(logged["risks"], json!(["health_and_safety", "other"]), "a set, in order: {logged}");
    assert_eq!(logged["risk_notes"], "Exposed wiring in the hall");
}

async fn ids(api: &Api, query: &str) -> BTreeSet<String> {
    let reply = api.get(&api.handler, &format!("/api/v1/complaints?{query}")).await;
    reply.expect(StatusCode::OK).json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn code_6_1_the_list_filters_by_complexity_and_by_risk(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let resident = api.resident().await;
    let mut logged = Vec::new();
    for (complexity, risks) in [
        ("complex", json!(["damp_and_mould", "vulnerability"])),
        ("straightforward", json!(["damp_and_mould"])),
        ("complex", json!([])),
    ] {
        let mut body = new_complaint(&resident);
        body["complexity"] = json!(complexity);
        body["risks"] = risks;
        let reply = log(&api, body).await;
        logged.push(reply.expect(StatusCode::CREATED).json["id"].as_str().unwrap().to_owned());
    }
    let set = |which: &[usize]| which.iter().map(|i| logged[*i].clone()).collect::<BTreeSet<_>>();
    assert_eq!(ids(&api, "risk=damp_and_mould").await, set(&[0, 1]));
    assert_eq!(ids(&api, "risk=vulnerability").await, set(&[0]));
    assert_eq!(ids(&api, "complexity=complex").await, set(&[0, 2]));
    assert_eq!(ids(&api, "complexity=straightforward&risk=damp_and_mould").await, set(&[1]));
    assert_eq!(ids(&api, "risk=disrepair").await, set(&[]));
    api.get(&api.handler, "/api/v1/complaints?risk=asbestos").await.expect_problem(StatusCode::BAD_REQUEST);
}
