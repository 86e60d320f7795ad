//! The "deadline missed" filter (issue 10): a complaint with a deadline answered after its due
//! date, at either stage, or one open past it today, is listed; one whose deadlines were met is
//! not. Complaints stored before the count was kept are counted from their records.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use jiff::civil::date;
use redress_storage::{Backend, Database};
use serde_json::json;

use crate::case;
use crate::support::{Api, at, respond};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(a_deadline_answered_late_or_overdue_is_listed_as_missed_and_one_met_is_not),
        case!(a_complaint_stored_before_the_count_was_kept_is_counted_and_then_listed),
    ]
}

async fn missed(api: &Api) -> BTreeSet<String> {
    let reply = api.get(&api.handler, "/api/v1/complaints?missed=true").await;
    let items = reply.expect(StatusCode::OK).json["items"].as_array().unwrap().clone();
    items.iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
}

fn set<const N: usize>(ids: [&str; N]) -> BTreeSet<String> {
    ids.into_iter().map(str::to_owned).collect()
}

/// Three complaints of 3 June 2024 and the day 15 working days later: one answered within its
/// deadlines, one whose stage 1 response came late, and one never acknowledged.
async fn three_complaints(api: &Api) -> (String, String, String) {
    let on_time = api.responded().await;
    let late = api.acknowledged().await;
    let unacknowledged = api.complaint().await["id"].as_str().unwrap().to_owned();
    // The response was due 10 working days after the acknowledgement; 15 later it comes.
    api.set_now(at(api.add(date(2024, 6, 3), 15), 10));
    api.act(&api.handler, &late, "respond", respond(1)).await.expect(StatusCode::OK);
    (on_time, late, unacknowledged)
}

async fn a_deadline_answered_late_or_overdue_is_listed_as_missed_and_one_met_is_not(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (on_time, late, unacknowledged) = three_complaints(&api).await;
    // The late one answered late; the unacknowledged one is overdue now; the other met both.
    assert_eq!(missed(&api).await, set([&late, &unacknowledged]));
    assert!(!missed(&api).await.contains(&on_time));
    let listed = api.get(&api.handler, "/api/v1/complaints?missed=true").await;
    let late_row = listed.json["items"].as_array().unwrap().iter().find(|c| c["id"] == json!(late)).cloned();
    assert_eq!(late_row.unwrap()["deadlines_answered_late"], json!(1));
    // Status is the domain's: one it does not know is refused, not answered with nothing.
    api.get(&api.handler, "/api/v1/complaints?status=stage1").await.expect_problem(StatusCode::BAD_REQUEST);
}

async fn a_complaint_stored_before_the_count_was_kept_is_counted_and_then_listed(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (_, late, unacknowledged) = three_complaints(&api).await;
    // As migration 0021 leaves a complaint stored before it: no count.
    let sql = "update complaints set deadlines_answered_late = null where id = $1";
    let cleared = match &api.db {
        Database::Sqlite(pool) => sqlx::query(sql).bind(&late).execute(pool).await.unwrap().rows_affected(),
        Database::Postgres(pool) => sqlx::query(sql).bind(&late).execute(pool).await.unwrap().rows_affected(),
    };
    assert_eq!(cleared, 1);
    assert_eq!(missed(&api).await, set([&unacknowledged]), "not yet counted, and no longer open");
    // Counted from its record at start-up: found again; counting again writes nothing.
    assert_eq!(api.app.count_missed_deadlines().await.unwrap(), 1);
    assert_eq!(missed(&api).await, set([&late, &unacknowledged]));
    assert_eq!(api.app.count_missed_deadlines().await.unwrap(), 0);
}
