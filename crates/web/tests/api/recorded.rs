//! Both times of every event, and steps recorded after the deadlines they claim to meet
//! (Code 5.12, 6.3) through the API.

use axum::http::StatusCode;
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::json;

use crate::case;
use crate::lifecycle::{day, deadline, status};
use crate::support::{Api, acknowledge, at};

pub fn cases() -> Vec<crate::Case> {
    vec![case!(code_6_3_an_extension_recorded_after_the_due_date_it_claims_to_beat_is_flagged_and_counted_apart)]
}

async fn code_6_3_an_extension_recorded_after_the_due_date_it_claims_to_beat_is_flagged_and_counted_apart(
    backend: Backend,
) {
    // Received and acknowledged on Monday 3 June 2024: the response is due 17 June.
    let received = date(2024, 6, 3);
    let api = Api::new(backend, at(received, 10)).await;
    let id = api.complaint().await["id"].as_str().unwrap().to_owned();
    api.act(&api.handler, &id, "acknowledge", acknowledge(1, &api.handler.id)).await.expect(StatusCode::OK);
    let due = day(&deadline(&api.read(&id).await, 1, "response")["due"]);
    assert_eq!(due, api.add(received, 10));

    // Two days after it, an extension said to be agreed the day before it.
    api.set_now(at(api.add(due, 2), 9));
    let mut extension = json!({
        "stage": 1,
        "working_days": 5,
        "reason": "We are waiting for the contractor's report.",
        "resident_informed": true,
        "update_interval": 5,
        "at": at(api.add(due, -1), 15).to_string(),
    });
    let refused = api.act(&api.handler, &id, "extend", extension.clone()).await;
    refused.expect_refusal("5.12");
    assert!(
        refused.json["detail"].as_str().unwrap().contains("needs the reason it is recorded late"),
        "{}",
        refused.json
    );
    extension["late_reason"] = json!("The letter went out on time; the system was down.");
    let extended = api.act(&api.handler, &id, "extend", extension).await;
    extended.expect(StatusCode::OK);
    let complaint = &extended.json;
    let response = deadline(complaint, 1, "response");
    assert_eq!(day(&response["due"]), api.add(due, 5), "it still moves the deadline as stated");
    let flags = response["recorded_after_due"].as_array().unwrap();
    assert_eq!(flags.len(), 1, "{response}");
    assert_eq!(day(&flags[0]["due"]), due);
    assert_eq!(flags[0]["reason"], "The letter went out on time; the system was down.");
    assert_eq!(complaint["met_by_late_records"], 0, "not yet met");

    // Both times on the extension's event, and the flag right after it.
    let events = complaint["events"].as_array().unwrap();
    let extended_event = events.iter().find(|e| e["event"]["type"] == "extended").unwrap();
    assert_eq!(extended_event["happened_on"], json!(api.add(due, -1).to_string()), "{extended_event}");
    assert_ne!(extended_event["happened_at"], extended_event["recorded_at"]);
    assert_eq!(events.last().unwrap()["event"]["type"], "recorded_after_due");
    assert!(events.last().unwrap().get("happened_at").is_none(), "a flag happens when it is recorded");

    // Answered by the moved date: met within the extension, but only thanks to a late record.
    api.act(&api.handler, &id, "respond", crate::support::respond(1)).await.expect(StatusCode::OK);
    let complaint = api.read(&id).await;
    assert_eq!(status(&deadline(&complaint, 1, "response")), "met_within_extension");
    assert_eq!(complaint["met_by_late_records"], 1);
    let listed = api.get(&api.handler, "/api/v1/complaints").await;
    let row = listed.json["items"].as_array().unwrap().iter().find(|c| c["id"] == json!(id)).unwrap().clone();
    assert_eq!(row["met_by_late_records"], 1, "{row}");
}
