//! Closure days through the API: each says whether deadlines skip it, and one recorded on or
//! after the day itself leaves an overdue deadline as it was (no setting turns a missed
//! deadline into a met one).

use axum::http::StatusCode;
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::json;

use crate::case;
use crate::lifecycle::{day, deadline, status};
use crate::support::{Api, at, new_complaint};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(a_closure_day_recorded_after_the_day_changes_no_deadline_and_says_so),
        case!(a_closure_day_added_or_removed_in_advance_moves_the_due_date_at_the_next_request),
    ]
}

async fn a_closure_day_recorded_after_the_day_changes_no_deadline_and_says_so(backend: Backend) {
    // Tuesday 4 March 2025.
    let api = Api::new(backend, at(date(2025, 3, 4), 10)).await;
    let resident = api.resident().await;
    let mut letter = new_complaint(&resident);
    letter["received_at"] = json!("2025-02-17T10:00:00Z");
    letter["issue_occurred_on"] = json!("2025-02-10");
    let id = api.post(&api.handler, "/api/v1/complaints", letter).await.expect(StatusCode::CREATED).json["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = deadline(&api.read(&id).await, 1, "acknowledgement");
    assert_eq!(day(&before["due"]), date(2025, 2, 24));
    assert_eq!(status(&before), "overdue");

    // Thursday 20 February, closed after the event; Thursday 6 March, closed in advance.
    let today = at(date(2025, 3, 4), 10);
    api.db.add_closure_day(&api.landlord, date(2025, 2, 20), "Office move", today).await.unwrap();
    api.db.add_closure_day(&api.landlord, date(2025, 3, 6), "Staff training", today).await.unwrap();
    let after = deadline(&api.read(&id).await, 1, "acknowledgement");
    assert_eq!(after, before, "due date, status and explanation unchanged");

    let days = api.get(&api.handler, "/api/v1/closure-days").await;
    days.expect(StatusCode::OK);
    assert_eq!(days.json[0]["date"], "2025-02-20");
    assert_eq!(days.json[0]["recorded_on"], "2025-03-04");
    assert_eq!(days.json[0]["moves_deadlines"], false);
    assert!(days.json[0]["note"].as_str().unwrap().contains("changes no deadline"), "{}", days.json);
    assert_eq!(days.json[1]["date"], "2025-03-06");
    assert_eq!(days.json[1]["moves_deadlines"], true);
    assert!(days.json[1]["note"].is_null());
    // Another landlord sees its own closure days: none.
    let theirs = api.get(&api.outsider, "/api/v1/closure-days").await;
    assert_eq!(theirs.expect(StatusCode::OK).json, json!([]));
}

/// The application keeps each landlord's calendar between requests (`app/src/calendars.rs`):
/// a closure day added in advance, or removed, must still move the due date at the very next
/// request, as if the closure days were read every time.
async fn a_closure_day_added_or_removed_in_advance_moves_the_due_date_at_the_next_request(backend: Backend) {
    // Tuesday 4 March 2025: acknowledgement due 5 working days later, Tuesday 11 March.
    let api = Api::new(backend, at(date(2025, 3, 4), 10)).await;
    let resident = api.resident().await;
    let reply = api.post(&api.handler, "/api/v1/complaints", new_complaint(&resident)).await;
    let id = reply.expect(StatusCode::CREATED).json["id"].as_str().unwrap().to_owned();
    let due = async || day(&deadline(&api.read(&id).await, 1, "acknowledgement")["due"]);
    assert_eq!(due().await, date(2025, 3, 11));
    let today = at(date(2025, 3, 4), 10);
    api.db.add_closure_day(&api.landlord, date(2025, 3, 6), "Staff training", today).await.unwrap();
    assert_eq!(due().await, date(2025, 3, 12), "Thursday 6 March closed: one working day later");
    api.db.remove_closure_day(&api.landlord, date(2025, 3, 6)).await.unwrap();
    assert_eq!(due().await, date(2025, 3, 11), "open again");
}
