//! Code 5.11 through the API: a refusal to escalate answers the stage 2 acknowledgement
//! deadline and is judged on time or late; "previously considered" names an earlier complaint
//! of the landlord, never the complaint itself (nor, when not accepting, Code 2.1).

use axum::http::StatusCode;
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::{Value, json};

use crate::case;
use crate::lifecycle::{day, deadline, status};
use crate::support::{Api, at};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(code_5_11_a_late_refusal_to_escalate_is_judged_against_the_stage_two_acknowledgement_deadline),
        case!(code_5_11_previously_considered_cannot_refuse_the_complaint_being_escalated),
        case!(code_2_1_a_complaint_is_not_excluded_as_previously_considered_by_itself),
    ]
}

fn previously_considered(earlier: Option<&str>) -> Value {
    let mut ground = json!({ "type": "previously_considered" });
    if let Some(earlier) = earlier {
        ground["earlier_complaint"] = json!(earlier);
    }
    json!({ "ground": ground, "reasons": "Answered in full before." })
}

/// Monday 3 June 2024: a complaint answered at stage 1, and another, earlier, one.
async fn escalated(api: &Api) -> (String, String) {
    let earlier = api.complaint().await["id"].as_str().unwrap().to_owned();
    let id = api.responded().await;
    api.act(&api.handler, &id, "escalate", json!({})).await.expect(StatusCode::OK);
    (id, earlier)
}

async fn code_5_11_a_late_refusal_to_escalate_is_judged_against_the_stage_two_acknowledgement_deadline(
    backend: Backend,
) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (id, earlier) = escalated(&api).await;
    let pending = deadline(&api.read(&id).await, 2, "acknowledgement");
    assert_eq!(day(&pending["due"]), date(2024, 6, 10));
    // Refused on Wednesday 12 June, two working days late.
    api.set_now(at(date(2024, 6, 12), 10));
    let reply = api.act(&api.reviewer, &id, "refuse-escalation", previously_considered(Some(&earlier))).await;
    reply.expect(StatusCode::OK);
    for complaint in [reply.json.clone(), api.read(&id).await] {
        let refused = deadline(&complaint, 2, "acknowledgement");
        assert_eq!(day(&refused["due"]), date(2024, 6, 10), "{complaint}");
        assert_eq!(day(&refused["done_on"]), date(2024, 6, 12));
        assert_eq!(status(&refused), "missed");
        assert_eq!(refused["status"]["working_days_late"], 2);
        assert_eq!(complaint["complaint"]["escalation_refusals"][0]["requested_on"], "2024-06-03");
    }
}

async fn code_5_11_previously_considered_cannot_refuse_the_complaint_being_escalated(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (id, earlier) = escalated(&api).await;
    let before = api.stored_events(&id).await.len();
    let itself = api.act(&api.reviewer, &id, "refuse-escalation", previously_considered(Some(&id))).await;
    itself.expect_refusal("5.11");
    assert!(itself.json["detail"].as_str().unwrap().contains("by itself"), "{}", itself.json);
    let unnamed = api.act(&api.reviewer, &id, "refuse-escalation", previously_considered(None)).await;
    unnamed.expect_refusal("5.11");
    let unknown = api.act(&api.reviewer, &id, "refuse-escalation", previously_considered(Some("no-such"))).await;
    unknown.expect(StatusCode::UNPROCESSABLE_ENTITY);
    // Another landlord's complaint is not one of this landlord's.
    let theirs = api.post(&api.outsider, "/api/v1/residents", json!({ "name": "Olga" })).await;
    let theirs = json!({ "channel": "email", "issue_date": "2024-05-20", "description": "Leak",
                         "complexity": "straightforward", "risks": [], "resident_id": theirs.json["id"] });
    let theirs = api.post(&api.outsider, "/api/v1/complaints", theirs).await;
    let theirs = theirs.json["id"].as_str().unwrap();
    let foreign = api.act(&api.reviewer, &id, "refuse-escalation", previously_considered(Some(theirs))).await;
    foreign.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(api.stored_events(&id).await.len(), before, "nothing recorded");

    api.act(&api.reviewer, &id, "refuse-escalation", previously_considered(Some(&earlier)))
        .await
        .expect(StatusCode::OK);
    let refusal = &api.read(&id).await["complaint"]["escalation_refusals"][0];
    assert_eq!(refusal["ground"]["earlier_complaint"], earlier.as_str());
}

async fn code_2_1_a_complaint_is_not_excluded_as_previously_considered_by_itself(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let earlier = api.complaint().await["id"].as_str().unwrap().to_owned();
    let id = api.complaint().await["id"].as_str().unwrap().to_owned();
    let itself = api.act(&api.handler, &id, "not-accept", previously_considered(Some(&id))).await;
    itself.expect_refusal("2.1");
    let reply = api.act(&api.handler, &id, "not-accept", previously_considered(Some(&earlier))).await;
    reply.expect(StatusCode::OK);
    assert_eq!(status(&deadline(&reply.json, 1, "acknowledgement")), "met");
}
