//! The whole life of a complaint through the API, on a clock the test moves: every due date
//! is checked against the working-day calendar, every status against the clock, and the
//! record's hash chain at the end.

use axum::http::StatusCode;
use jiff::civil::{Date, date};
use redress_storage::{Backend, GENESIS_HASH};
use serde_json::{Value, json};

use crate::case;
use crate::support::{Api, acknowledge, at, new_complaint, respond};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(the_whole_life_of_a_complaint_through_the_api_keeps_every_deadline),
        case!(code_2_3_the_api_takes_both_dates_of_the_issue_and_counts_from_the_later),
    ]
}

/// A JSON date.
pub fn day(value: &Value) -> Date {
    value.as_str().unwrap_or_else(|| panic!("not a date: {value}")).parse().unwrap()
}

/// The deadline of `stage`'s `step` in a complaint.
pub fn deadline(complaint: &Value, stage: u8, step: &str) -> Value {
    complaint["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["stage"] == stage && d["step"] == step)
        .unwrap_or_else(|| panic!("no stage {stage} {step} deadline in {}", complaint["deadlines"]))
        .clone()
}

/// Where a deadline stands: `on_track`, `met`…
pub fn status(deadline: &Value) -> &str {
    deadline["status"]["status"].as_str().unwrap()
}

/// Checks a deadline's due date and explanation against the calendar: `working_days` after
/// `start` by `provision`, from `start_event`, every non-working day on the way named.
#[track_caller]
fn check_rule(api: &Api, deadline: &Value, start_event: &str, start: Date, provision: &str, working_days: i32) {
    let explanation = &deadline["explanation"];
    let original = api.add(start, working_days);
    assert_eq!(explanation["start_event"], start_event, "{deadline}");
    assert_eq!(day(&explanation["start_date"]), start, "{deadline}");
    assert_eq!(explanation["provision"], provision, "{deadline}");
    assert_eq!(explanation["working_days"], json!(working_days), "{deadline}");
    assert_eq!(day(&explanation["original_due"]), original, "{deadline}");
    let skipped = api.calendar.non_working_days_between(start, day(&deadline["due"])).unwrap();
    let expected: Vec<Value> =
        skipped.iter().map(|(date, reason)| json!({ "date": date.to_string(), "reason": reason })).collect();
    assert_eq!(explanation["skipped"], json!(expected), "{deadline}");
}

async fn the_whole_life_of_a_complaint_through_the_api_keeps_every_deadline(backend: Backend) {
    // Received on Monday 12 August 2024: the Summer bank holiday (26 August) falls inside
    // the stage 1 timescales.
    let received_on = date(2024, 8, 12);
    let api = Api::new(backend, at(received_on, 10)).await;
    let complaint = api.complaint().await;
    let id = complaint["id"].as_str().unwrap().to_owned();
    assert!(complaint["reference"].as_str().unwrap().starts_with("CMP-2024-"), "{complaint}");
    assert_eq!(complaint["status"], "awaiting_acknowledgement");
    let ack1 = deadline(&complaint, 1, "acknowledgement");
    assert_eq!(day(&ack1["due"]), api.add(received_on, 5));
    assert_eq!(status(&ack1), "on_track");
    check_rule(&api, &ack1, "received", received_on, "6.2", 5);

    // Acknowledged two days later, by the handler.
    let acknowledged_on = api.add(received_on, 2);
    api.set_now(at(acknowledged_on, 10));
    let c = api.act(&api.handler, &id, "acknowledge", acknowledge(1, &api.handler.id)).await;
    let c = &c.expect(StatusCode::OK).json;
    assert_eq!(c["status"], "investigating");
    let ack1 = deadline(c, 1, "acknowledgement");
    assert_eq!((status(&ack1), day(&ack1["done_on"])), ("met", acknowledged_on));
    let response1 = deadline(c, 1, "response");
    let original_due = api.add(acknowledged_on, 10);
    assert_eq!(day(&response1["due"]), original_due);
    check_rule(&api, &response1, "acknowledged", acknowledged_on, "6.3", 10);
    let holiday = &response1["explanation"]["skipped"].as_array().unwrap().iter().find(|s| s["date"] == "2024-08-26");
    assert_eq!(holiday.unwrap()["reason"]["kind"], "bank_holiday", "{response1}");

    // Two working days before it is due, the response is due soon.
    api.set_now(at(api.add(original_due, -2), 9));
    assert_eq!(status(&deadline(&api.read(&id).await, 1, "response")), "due_soon");

    // Extended the day before it was due: with reasons, the Ombudsman's details and an
    // update interval (6.4, 6.5, 5.9).
    api.set_now(at(api.add(original_due, -1), 15));
    let extension = json!({
        "stage": 1, "working_days": 5, "reason": "We are waiting for a surveyor's report.",
        "resident_informed": true, "update_interval": 3,
    });
    let c = api.act(&api.handler, &id, "extend", extension).await;
    let c = &c.expect(StatusCode::OK).json;
    let response1 = deadline(c, 1, "response");
    let extended_due = api.add(original_due, 5);
    assert_eq!(day(&response1["due"]), extended_due);
    assert_eq!(day(&response1["explanation"]["original_due"]), original_due);
    let applied = &response1["explanation"]["extensions"][0];
    assert_eq!((applied["counted"].clone(), applied["provision"].clone()), (json!(true), json!("6.4")));
    assert_eq!(c["complaint"]["stage1"]["update_interval"], 3);
    assert_eq!(status(&response1), "on_track");
    // The new due date the resident is told of is in the record (6.4), and an update is due
    // 3 working days after the interval was agreed (5.9).
    let extended = c["events"].as_array().unwrap().iter().find(|e| e["event"]["type"] == "extended").unwrap();
    assert_eq!(day(&extended["event"]["new_due"]), extended_due, "{extended}");
    assert_eq!(day(&c["next_update"]["due"]), api.add(api.add(original_due, -1), 3), "{c}");

    // Answered after the original due date but within the extension, with a financial remedy
    // and an outstanding action.
    let responded_on = api.add(original_due, 2);
    api.set_now(at(responded_on, 11));
    let mut answer = respond(1);
    answer["decision"] = json!("upheld");
    answer["remedy"] = json!({ "type": "offered", "remedies": [
        { "kind": "financial", "description": "Compensation for the delay", "amount_pence": 15000,
          "due": api.add(responded_on, 10).to_string() },
    ]});
    answer["outstanding"] = json!({ "type": "actions", "actions": [
        { "description": "Replace the ceiling plaster", "owner": api.handler.id,
          "due": api.add(responded_on, 15).to_string() },
    ]});
    let c = api.act(&api.handler, &id, "respond", answer).await;
    let c = &c.expect(StatusCode::OK).json;
    assert_eq!(c["status"], "responded");
    let response1 = deadline(c, 1, "response");
    assert_eq!((status(&response1), day(&response1["done_on"])), ("met_within_extension", responded_on));
    let remedy = &c["complaint"]["remedies"][0];
    assert_eq!((remedy["id"].clone(), remedy["kind"].clone()), (json!("R1"), json!("financial")));
    assert_eq!(remedy["amount_pence"], 15000);
    assert_eq!(c["complaint"]["actions"][0]["id"], "A1");

    // The resident asked for stage 2 three working days later; it is recorded the next
    // working day, as of when they asked.
    let asked_on = api.add(responded_on, 3);
    api.set_now(at(api.add(asked_on, 1), 12));
    let escalation = json!({ "at": at(asked_on, 9).to_string() });
    let c = api.act(&api.handler, &id, "escalate", escalation).await;
    let c = &c.expect(StatusCode::OK).json;
    assert_eq!((c["stage"].clone(), c["status"].clone()), (json!(2), json!("awaiting_acknowledgement")));
    let ack2 = deadline(c, 2, "acknowledgement");
    assert_eq!(day(&ack2["due"]), api.add(asked_on, 5));
    check_rule(&api, &ack2, "escalation_requested", asked_on, "6.11", 5);

    // Stage 2 acknowledged by someone else (6.13).
    let acknowledged2_on = api.add(asked_on, 2);
    api.set_now(at(acknowledged2_on, 10));
    let c = api.act(&api.reviewer, &id, "acknowledge", acknowledge(2, &api.reviewer.id)).await;
    let c = &c.expect(StatusCode::OK).json;
    assert_eq!(c["complaint"]["stage2"]["acknowledgement"]["handler"], api.reviewer.id.as_str());
    assert_eq!(status(&deadline(c, 2, "acknowledgement")), "met");
    let response2 = deadline(c, 2, "response");
    assert_eq!(day(&response2["due"]), api.add(acknowledged2_on, 20));
    check_rule(&api, &response2, "acknowledged", acknowledged2_on, "6.14", 20);

    // Halfway through, on track; then answered in time.
    api.set_now(at(api.add(acknowledged2_on, 10), 10));
    assert_eq!(status(&deadline(&api.read(&id).await, 2, "response")), "on_track");
    let responded2_on = api.add(acknowledged2_on, 15);
    api.set_now(at(responded2_on, 10));
    let c = api.act(&api.reviewer, &id, "respond", respond(2)).await;
    let escalation = &c.expect(StatusCode::OK).json["complaint"]["stage2"]["response"]["escalation"];
    assert_eq!(escalation["to"], "ombudsman");
    assert_eq!(escalation["contact"]["telephone"], "0300 111 3000");

    // The outstanding action is updated and completed; the remedy is paid.
    api.set_now(at(api.add(responded2_on, 1), 10));
    let update = json!({ "note": "Plasterer booked for next week", "resident_informed": true });
    api.act(&api.handler, &id, "actions/A1/updates", update).await.expect(StatusCode::OK);
    let completed_on = api.add(responded2_on, 6);
    api.set_now(at(completed_on, 10));
    let c = api.act(&api.handler, &id, "actions/A1/complete", json!({})).await;
    let action = &c.expect(StatusCode::OK).json["complaint"]["actions"][0];
    assert_eq!(day(&action["completed_on"]), completed_on);
    assert_eq!(action["updates"][0]["resident_informed"], true);
    let c = api.act(&api.handler, &id, "remedies/R1/complete", json!({ "note": "Paid by bank transfer" })).await;
    assert_eq!(day(&c.expect(StatusCode::OK).json["complaint"]["remedies"][0]["completed_on"]), completed_on);

    // Referred to the Ombudsman, who finds a service failure and orders a further payment,
    // which is complied with.
    let referred_on = api.add(completed_on, 5);
    api.set_now(at(referred_on, 10));
    let referral = json!({ "case_reference": "202412345" });
    api.act(&api.handler, &id, "ombudsman/referral", referral).await.expect(StatusCode::OK);
    let determined_on = api.add(referred_on, 30);
    api.set_now(at(determined_on, 10));
    let determination = json!({
        "findings": [{ "aspect": "The landlord's handling of the leak", "outcome": "service_failure" }],
        "orders": [{ "kind": "order", "description": "Pay a further £100", "due": api.add(determined_on, 20).to_string() }],
    });
    let c = api.act(&api.handler, &id, "ombudsman/determination", determination).await;
    let case = &c.expect(StatusCode::OK).json["complaint"]["ombudsman"];
    assert_eq!(case["case_reference"], "202412345");
    assert_eq!(case["determination"]["findings"][0]["outcome"], "service_failure");
    assert_eq!(case["determination"]["orders"][0]["id"], "O1");
    let compliance = json!({ "evidence": "Payment reference 8812" });
    let c = api.act(&api.handler, &id, "ombudsman/orders/O1/compliance", compliance).await;
    assert_eq!(
        day(&c.expect(StatusCode::OK).json["complaint"]["ombudsman"]["determination"]["orders"][0]["complied_on"]),
        determined_on
    );

    // Closed with its learning.
    let learning = json!({ "root_cause": "Leak reports were triaged as routine", "improvement_needed": true,
                           "improvement_actions": ["Triage leaks as urgent"] });
    let c = api.act(&api.handler, &id, "close", learning).await;
    let c = c.expect(StatusCode::OK).json.clone();
    assert_eq!(c["status"], "closed");
    let statuses: Vec<&str> = c["deadlines"].as_array().unwrap().iter().map(status).collect();
    assert_eq!(statuses, ["met", "met_within_extension", "met", "met"]);

    // The record: one event per change, each chained to the one before, as stored.
    let events = c["events"].as_array().unwrap();
    let stored = api.stored_events(&id).await;
    assert_eq!(events.len(), stored.len());
    let mut previous = GENESIS_HASH.to_owned();
    for (i, (event, row)) in events.iter().zip(&stored).enumerate() {
        let seq = i64::try_from(i).unwrap() + 1;
        assert_eq!((event["seq"].as_i64(), row.seq), (Some(seq), seq));
        assert_eq!(event["hash"], row.hash.as_str());
        assert_eq!(row.prev_hash, previous, "event {seq} is not chained to the one before");
        previous = row.hash.clone();
    }
    let kinds: Vec<&str> = events.iter().map(|e| e["event"]["type"].as_str().unwrap()).collect();
    assert_eq!(kinds.first(), Some(&"logged"));
    assert_eq!(kinds.last(), Some(&"closed"));
    let stage2_ack = events.iter().find(|e| e["event"]["type"] == "acknowledged" && e["event"]["stage"] == 2);
    assert_eq!(stage2_ack.unwrap()["actor"], api.reviewer.id.as_str());
    assert!(api.db.verify_audit().await.unwrap().is_clean());
}

async fn code_2_3_the_api_takes_both_dates_of_the_issue_and_counts_from_the_later(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let resident = api.resident().await;
    // Occurred in 2022, known only since January 2024: within 12 months, accepted as it is.
    let mut body = new_complaint(&resident);
    body["issue_occurred_on"] = json!("2022-01-10");
    body["became_aware_on"] = json!("2024-01-10");
    let c = api.post(&api.handler, "/api/v1/complaints", body).await;
    let c = &c.expect(StatusCode::CREATED).json;
    let logged = &c["complaint"]["logged"];
    assert_eq!(
        (day(&logged["issue_occurred_on"]), day(&logged["became_aware_on"])),
        (date(2022, 1, 10), date(2024, 1, 10))
    );
    let id = c["id"].as_str().unwrap();
    api.act(&api.handler, id, "acknowledge", acknowledge(1, &api.handler.id)).await.expect(StatusCode::OK);

    // The date under its former name, `issue_date`, is when the issue occurred: over 12 months
    // ago, so accepting it needs the discretion recorded.
    let mut body = new_complaint(&resident);
    let occurred = body.as_object_mut().unwrap().remove("issue_occurred_on").unwrap();
    assert_eq!(occurred, json!("2024-05-20"));
    body["issue_date"] = json!("2023-05-01");
    let c = api.post(&api.handler, "/api/v1/complaints", body).await;
    let c = &c.expect(StatusCode::CREATED).json;
    assert_eq!(day(&c["complaint"]["logged"]["issue_occurred_on"]), date(2023, 5, 1));
    assert!(c["complaint"]["logged"].get("became_aware_on").is_none(), "{c}");
    let id = c["id"].as_str().unwrap();
    api.act(&api.handler, id, "acknowledge", acknowledge(1, &api.handler.id)).await.expect_refusal("2.3");
    let mut with = acknowledge(1, &api.handler.id);
    with["late_issue_discretion"] = json!("The resident was abroad caring for a relative.");
    api.act(&api.handler, id, "acknowledge", with).await.expect(StatusCode::OK);
}
