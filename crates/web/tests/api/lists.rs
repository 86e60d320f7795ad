//! Listing complaints with filters: stage, status, handler, handling organisation, overdue and
//! due soon (worked out from today with the working-day calendar), received dates, each of a
//! complaint's categories, channel, a search of reference, resident name and address and of
//! the words of the description (full-text); paging.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::{Value, json};

use crate::case;
use crate::support::{Api, acknowledge, at, new_complaint, respond};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(complaints_are_listed_by_stage_status_handler_deadline_and_date),
        case!(a_listed_deadline_status_is_judged_today_not_when_last_changed),
        case!(complaints_are_listed_by_category_and_channel_and_searched_by_reference_name_or_address),
        case!(the_categories_are_the_organisations_list_and_an_unknown_or_retired_one_is_refused),
        case!(complaints_are_paged_by_cursor_as_by_offset),
        case!(a_saturated_pool_answers_503_with_retry_after_not_500),
    ]
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

fn set<const N: usize>(ids: [&Value; N]) -> BTreeSet<String> {
    ids.into_iter().map(|id| id.as_str().unwrap().to_owned()).collect()
}

async fn complaints_are_listed_by_stage_status_handler_deadline_and_date(backend: Backend) {
    let monday = date(2024, 6, 3);
    let api = Api::new(backend, at(monday, 10)).await;
    // A: logged, awaiting acknowledgement (due in 5 working days).
    let a = api.complaint().await["id"].clone();
    // B: acknowledged at stage 1 by the handler.
    let b = json!(api.acknowledged().await);
    // C: at stage 2, acknowledged by the reviewer.
    let c = json!(api.responded().await);
    let c_id = c.as_str().unwrap();
    api.act(&api.handler, c_id, "escalate", json!({})).await.expect(StatusCode::OK);
    api.act(&api.reviewer, c_id, "acknowledge", acknowledge(2, &api.reviewer.id)).await.expect(StatusCode::OK);
    // D: received in May, recorded now.
    let resident = api.resident().await;
    let mut late = new_complaint(&resident);
    late["received_at"] = json!(at(date(2024, 5, 20), 12).to_string());
    late["issue_occurred_on"] = json!("2024-05-01");
    let d = api.post(&api.handler, "/api/v1/complaints", late).await.expect(StatusCode::CREATED).json["id"].clone();

    assert_eq!(ids(&api, "stage=2").await, set([&c]));
    assert_eq!(ids(&api, "stage=1").await, set([&a, &b, &d]));
    assert_eq!(ids(&api, "status=investigating").await, set([&b, &c]));
    assert_eq!(ids(&api, "status=awaiting_acknowledgement").await, set([&a, &d]));
    assert_eq!(ids(&api, &format!("handler={}", api.reviewer.id)).await, set([&c]));
    assert_eq!(ids(&api, &format!("handler={}", api.handler.id)).await, set([&b]));
    assert_eq!(ids(&api, &format!("handling_organisation={}", api.landlord)).await, set([&a, &b, &c, &d]));
    assert_eq!(ids(&api, "handling_organisation=elsewhere").await, BTreeSet::new());
    assert_eq!(ids(&api, "received_to=2024-05-31").await, set([&d]));
    assert_eq!(ids(&api, "received_from=2024-06-01&received_to=2024-06-03").await, set([&a, &b, &c]));

    // D's acknowledgement was due 5 working days after 20 May: overdue today.
    let d_due = api.add(date(2024, 5, 20), 5);
    assert!(d_due < monday);
    assert_eq!(ids(&api, "overdue=true").await, set([&d]));
    assert_eq!(ids(&api, "due_soon=true").await, BTreeSet::new());
    // A's acknowledgement is due 5 working days after today: two working days before, it is
    // due soon; the day after, overdue.
    let a_due = api.add(monday, 5);
    api.set_now(at(api.add(a_due, -2), 9));
    assert_eq!(ids(&api, "due_soon=true").await, set([&a]));
    api.set_now(at(api.add(a_due, -3), 9));
    assert_eq!(ids(&api, "due_soon=true").await, BTreeSet::new());
    api.set_now(at(api.add(a_due, 1), 9));
    assert_eq!(ids(&api, "overdue=true").await, set([&a, &d]));
    assert_eq!(ids(&api, "overdue=true&stage=1&received_from=2024-06-01").await, set([&a]));

    // Paging.
    let first = ids(&api, "limit=3").await;
    let rest = ids(&api, "limit=3&offset=3").await;
    assert_eq!((first.len(), rest.len()), (3, 1));
    assert!(first.is_disjoint(&rest));
    let page = api.get(&api.handler, "/api/v1/complaints?limit=3&offset=3").await;
    assert_eq!((page.json["limit"].clone(), page.json["offset"].clone()), (json!(3), json!(3)));

    // Responding clears C's place among those due.
    api.act(&api.reviewer, c_id, "respond", respond(2)).await.expect(StatusCode::OK);
    assert_eq!(ids(&api, "status=responded").await, set([&c]));
}

async fn a_listed_deadline_status_is_judged_today_not_when_last_changed(backend: Backend) {
    let monday = date(2024, 6, 3);
    let api = Api::new(backend, at(monday, 10)).await;
    let id = api.complaint().await["id"].as_str().unwrap().to_owned();
    let status = |reply: &Value| {
        let items = reply["items"].as_array().unwrap();
        items.iter().find(|c| c["id"] == json!(id)).unwrap()["deadline_status"].clone()
    };
    let listed = api.get(&api.handler, "/api/v1/complaints").await;
    assert_eq!(status(&listed.expect(StatusCode::OK).json), json!("on_track"));
    // Nothing happens to the complaint; the acknowledgement falls due and then passes.
    let due = api.add(monday, 5);
    api.set_now(at(due, 10));
    assert_eq!(status(&api.get(&api.handler, "/api/v1/complaints").await.json), json!("due_soon"));
    api.set_now(at(api.add(due, 1), 10));
    assert_eq!(status(&api.get(&api.handler, "/api/v1/complaints").await.json), json!("overdue"));
}

async fn complaints_are_listed_by_category_and_channel_and_searched_by_reference_name_or_address(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let rosa = api.complaint().await;
    let resident = api
        .post(&api.handler, "/api/v1/residents", json!({ "name": "Bob Builder", "address": "3 Mill Lane, York" }))
        .await;
    let mut by_phone = new_complaint(resident.expect(StatusCode::CREATED).json["id"].as_str().unwrap());
    by_phone["channel"] = json!("phone");
    by_phone["description"] = json!("Black mould has come back in the bedroom.");
    by_phone["categories"] = json!(["damp-and-mould", "repairs", "damp-and-mould"]);
    let bob = api.post(&api.handler, "/api/v1/complaints", by_phone).await.expect(StatusCode::CREATED).json.clone();
    let (rosa_id, bob_id) = (&rosa["id"], &bob["id"]);
    assert_eq!(ids(&api, "category=repairs").await, set([rosa_id, bob_id]), "found under each of its categories");
    assert_eq!(ids(&api, "category=damp-and-mould").await, set([bob_id]));
    assert_eq!(ids(&api, "category=damp-and-mould&channel=phone").await, set([bob_id]));
    assert_eq!(ids(&api, "category=communication").await, BTreeSet::new());
    assert_eq!(ids(&api, "category=Not%20an%20id").await, BTreeSet::new(), "a malformed id names nothing");
    let listed = api.get(&api.handler, "/api/v1/complaints?category=damp-and-mould").await;
    assert_eq!(listed.json["items"][0]["categories"], json!(["damp-and-mould", "repairs"]), "each once");
    assert_eq!(ids(&api, "channel=email").await, set([rosa_id]));
    assert_eq!(ids(&api, "channel=letter").await, BTreeSet::new());
    let reference = rosa["reference"].as_str().unwrap().to_lowercase();
    assert_eq!(ids(&api, &format!("search={reference}")).await, set([rosa_id]));
    assert_eq!(ids(&api, "search=ROSA").await, set([rosa_id]));
    assert_eq!(ids(&api, "search=mill%20lane").await, set([bob_id]));
    assert_eq!(ids(&api, "search=mould").await, set([bob_id]), "a word of the description");
    assert_eq!(ids(&api, "search=leaking%20ceiling").await, set([rosa_id]), "words of it, in any form");
    assert_eq!(ids(&api, "search=").await, set([rosa_id, bob_id]));
    assert_eq!(ids(&api, "search=builder&channel=email").await, BTreeSet::new(), "every filter must hold");
}

async fn the_categories_are_the_organisations_list_and_an_unknown_or_retired_one_is_refused(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let listed = api.get(&api.handler, "/api/v1/settings/categories").await;
    let names: Vec<&str> =
        listed.expect(StatusCode::OK).json.as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names[..3], ["Repairs", "Damp and mould", "Anti-social behaviour"]);
    let resident = api.resident().await;
    let mut unknown = new_complaint(&resident);
    unknown["categories"] = json!(["noise"]);
    let refused = api.post(&api.handler, "/api/v1/complaints", unknown).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.json["detail"].as_str().unwrap().contains("not one of the organisation's categories"));
    let neighbourhood = "neighbourhood".parse().unwrap();
    assert!(api.db.set_category_retired(&api.landlord, &neighbourhood, true).await.unwrap());
    let mut retired = new_complaint(&resident);
    retired["categories"] = json!(["repairs", "neighbourhood"]);
    let refused = api.post(&api.handler, "/api/v1/complaints", retired).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.json["detail"].as_str().unwrap().contains("retired"), "{}", refused.json);
    assert_eq!(ids(&api, "").await, BTreeSet::new(), "nothing was logged");
}

async fn complaints_are_paged_by_cursor_as_by_offset(backend: Backend) {
    let api = Api::new(backend, at(date(2025, 6, 2), 10)).await;
    let resident = api.resident().await;
    for _ in 0..5 {
        api.post(&api.handler, "/api/v1/complaints", new_complaint(&resident)).await.expect(StatusCode::CREATED);
    }
    let by_offset: Vec<String> = {
        let reply = api.get(&api.handler, "/api/v1/complaints?limit=5").await;
        reply.expect(StatusCode::OK).json["items"].as_array().unwrap().iter().map(|c| c["id"].to_string()).collect()
    };
    let mut by_cursor = Vec::new();
    let mut query = "limit=2".to_owned();
    loop {
        let reply = api.get(&api.handler, &format!("/api/v1/complaints?{query}")).await;
        reply.expect(StatusCode::OK);
        by_cursor.extend(reply.json["items"].as_array().unwrap().iter().map(|c| c["id"].to_string()));
        match reply.json["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(by_cursor, by_offset);
    let reply = api.get(&api.handler, "/api/v1/complaints?cursor=not-a-cursor").await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_saturated_pool_answers_503_with_retry_after_not_500(backend: Backend) {
    let api = Api::new(backend, at(date(2025, 6, 2), 10)).await;
    let (router, small, held) = api.saturated().await;
    let request = |path: &str, auth: (&str, String)| {
        axum::http::Request::builder().uri(path).header(auth.0, auth.1).body(axum::body::Body::empty()).unwrap()
    };
    let reply = tower::ServiceExt::oneshot(
        router.clone(),
        request("/api/v1/complaints", ("authorization", format!("Bearer {}", api.handler.token))),
    )
    .await
    .unwrap();
    assert_eq!(reply.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.headers()["retry-after"], "1");
    assert_eq!(reply.headers()["content-type"], "application/problem+json");
    // A staff page: the session is looked up in the database, which is as busy.
    let page = tower::ServiceExt::oneshot(router, request("/cases", ("cookie", "redress_session=abc".to_owned())))
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.headers()["retry-after"], "1");
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    drop(held);
    small.close().await;
}
