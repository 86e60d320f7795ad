//! Each transition the Code forbids is refused with 422 and the provision in the problem, and
//! leaves the complaint exactly as it was: the same view (record, deadlines, state) and the
//! same stored events. State refusals are 409 and invalid commands 422, changing nothing too.

use axum::http::StatusCode;
use jiff::civil::date;
use redress_storage::Backend;
use serde_json::{Value, json};

use redress_domain::complaint::{
    ConflictDeclaration, Decision, Definition, Event, Point, PointDecision, Responsibility, StageNumber,
};
use redress_domain::ids::ComplaintId;
use redress_storage::{ComplaintSummary, NewEvent};

use crate::case;
use crate::support::{Api, Staff, acknowledge, at, respond};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(code_6_13_the_stage_two_handler_cannot_be_the_stage_one_handler),
        case!(code_6_13_the_stage_one_handler_cannot_act_at_stage_two_under_someone_elses_name),
        case!(code_6_13_a_stage_one_stored_before_recorders_were_named_counts_who_stored_it),
        case!(code_6_9_a_stage_one_response_missing_an_element_is_refused),
        case!(code_6_5_an_extension_records_the_ombudsmans_details_from_settings),
        case!(code_6_10_escalation_before_the_stage_one_response_is_refused),
        case!(code_2_1_not_accepting_a_complaint_without_reasons_is_refused),
        case!(code_5_11_refusing_escalation_without_reasons_is_refused),
        case!(code_5_3_there_is_no_third_stage),
        case!(a_transition_the_state_does_not_allow_is_409_and_changes_nothing),
        case!(a_command_dated_in_the_future_is_422_and_changes_nothing),
    ]
}

/// Monday 3 June 2024.
async fn api(backend: Backend) -> Api {
    Api::new(backend, at(date(2024, 6, 3), 10)).await
}

/// Sends a transition that must be refused under `provision`, and checks that nothing
/// changed.
async fn refused(api: &Api, id: &str, transition: &str, body: Value, provision: &str) {
    refused_by(api, &api.handler, id, transition, body, provision).await;
}

/// As [`refused`], sent by `who`.
async fn refused_by(api: &Api, who: &Staff, id: &str, transition: &str, body: Value, provision: &str) {
    let before = Snapshot::take(api, id).await;
    let reply = api.act(who, id, transition, body).await;
    reply.expect_refusal(provision);
    assert!(reply.json["detail"].as_str().unwrap().contains(provision), "{}", reply.json);
    before.assert_unchanged(api, id).await;
}

/// What a complaint looks like, to compare before and after a refused request.
struct Snapshot {
    view: Value,
    stored: usize,
    head: String,
}

impl Snapshot {
    async fn take(api: &Api, id: &str) -> Snapshot {
        let view = api.read(id).await;
        let stored = api.stored_events(id).await;
        let head = stored.last().unwrap().hash.clone();
        Snapshot { view, stored: stored.len(), head }
    }

    async fn assert_unchanged(&self, api: &Api, id: &str) {
        let after = Snapshot::take(api, id).await;
        assert_eq!(after.stored, self.stored, "the refused request added events");
        assert_eq!(after.head, self.head, "the chain's head moved");
        assert_eq!(after.view, self.view, "the complaint changed");
    }
}

async fn code_6_13_the_stage_two_handler_cannot_be_the_stage_one_handler(backend: Backend) {
    let api = api(backend).await;
    let id = api.responded().await;
    api.act(&api.handler, &id, "escalate", json!({})).await.expect(StatusCode::OK);
    refused(&api, &id, "acknowledge", acknowledge(2, &api.handler.id), "6.13").await;
}

async fn code_6_13_the_stage_one_handler_cannot_act_at_stage_two_under_someone_elses_name(backend: Backend) {
    let api = api(backend).await;
    let id = api.responded().await;
    api.act(&api.handler, &id, "escalate", json!({})).await.expect(StatusCode::OK);
    // The stage 1 handler's token, naming the reviewer: refused, whoever is named.
    refused(&api, &id, "acknowledge", acknowledge(2, &api.reviewer.id), "6.13").await;
    let reply = api.act(&api.handler, &id, "acknowledge", acknowledge(2, &api.reviewer.id)).await;
    assert_eq!(
        reply.json["detail"],
        "Code 6.13: the stage 2 acknowledgement must not be recorded by the person who handled stage 1"
    );
    // The reviewer records it, and the record says so.
    let c = api.act(&api.reviewer, &id, "acknowledge", acknowledge(2, &api.reviewer.id)).await;
    let c = &c.expect(StatusCode::OK).json;
    assert_eq!(c["complaint"]["stage2"]["acknowledgement"]["recorded_by"], api.reviewer.id.as_str());
    // Nor may the stage 1 handler record the stage 2 response.
    refused(&api, &id, "respond", respond(2), "6.13").await;
    api.act(&api.reviewer, &id, "respond", respond(2)).await.expect(StatusCode::OK);
}

/// Stage 1 stored as records were before events named their recorder: acknowledged (naming
/// the auditor as handler) and answered, both stored with the handler as actor.
async fn stage_one_stored_the_old_way(api: &Api, id: &str) {
    let c = api.read(id).await;
    let on = date(2024, 6, 3);
    let acknowledged = Event::Acknowledged {
        stage: StageNumber::One,
        at: at(on, 11),
        on,
        handler: api.auditor.id.clone(),
        definition: Definition {
            points: vec![Point { id: "P1".into(), text: "The leak was not repaired".into() }],
            outcomes_sought: vec!["Repair the ceiling".into()],
        },
        responsibility: Responsibility { responsible_for: vec!["Repairs".into()], not_responsible_for: vec![] },
        conflict: ConflictDeclaration::default(),
        late_issue_discretion: None,
        recorded_by: None,
    };
    let responded = Event::Responded {
        stage: StageNumber::One,
        at: at(on, 12),
        on,
        decision: Decision::Upheld,
        decisions: vec![PointDecision { point: "P1".into(), decision: Decision::Upheld, reasons: "Late".into() }],
        no_remedy_reason: Some("Repaired".into()),
        escalation_details: Some("Reply to ask for stage 2.".into()),
        stage_two_route: None,
        ombudsman: None,
        recorded_by: None,
    };
    let stored = |event: &Event| {
        let payload = serde_json::to_string(event).unwrap();
        assert!(!payload.contains("recorded_by"), "{payload}");
        let kind = serde_json::from_str::<Value>(&payload).unwrap()["type"].as_str().unwrap().to_owned();
        NewEvent { kind, payload, actor: api.handler.id.to_string(), recorded_at: at(on, 13) }
    };
    let summary = ComplaintSummary {
        resident_id: c["complaint"]["logged"]["resident"].as_str().unwrap().parse().unwrap(),
        stage: Some(1),
        status: redress_domain::complaint::Status::Responded,
        handler: Some(api.auditor.id.clone()),
        organisation_handling: api.landlord.clone(),
        received_on: on,
        channel: "email".into(),
        next_due: None,
        deadline_status: None,
        next_update_due: None,
        met_by_late_records: 0,
        deadlines_answered_late: Some(0),
        search_text: String::new(),
    };
    let complaint = ComplaintId::trusted(id.to_owned());
    let events = [stored(&acknowledged), stored(&responded)];
    api.db.append_events(&api.landlord, &complaint, 1, &events, &summary).await.unwrap();
}

async fn code_6_13_a_stage_one_stored_before_recorders_were_named_counts_who_stored_it(backend: Backend) {
    let api = api(backend).await;
    let id = api.complaint().await["id"].as_str().unwrap().to_owned();
    stage_one_stored_the_old_way(&api, &id).await;
    api.set_now(at(date(2024, 6, 4), 10));
    api.act(&api.reviewer, &id, "escalate", json!({})).await.expect(StatusCode::OK);
    // The handler is named nowhere in stage 1, but stored both its events.
    let reply = api.act(&api.handler, &id, "acknowledge", acknowledge(2, &api.reviewer.id)).await;
    reply.expect_refusal("6.13");
    assert_eq!(
        reply.json["detail"],
        "Code 6.13: the stage 2 acknowledgement must not be recorded by the person who recorded the stage 1 acknowledgement"
    );
    api.act(&api.reviewer, &id, "acknowledge", acknowledge(2, &api.reviewer.id)).await.expect(StatusCode::OK);
}

async fn code_6_9_a_stage_one_response_missing_an_element_is_refused(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    for element in ["decision", "remedy", "outstanding", "escalation"] {
        let mut answer = respond(1);
        answer.as_object_mut().unwrap().remove(element);
        refused(&api, &id, "respond", answer, "6.9").await;
    }
    let mut explicit_none_without_reason = respond(1);
    explicit_none_without_reason["remedy"] = json!({ "type": "no_remedy", "reason": " " });
    refused(&api, &id, "respond", explicit_none_without_reason, "6.9").await;
    // A point left without a decision: 6.7.
    let mut one_point = respond(1);
    one_point["decisions"].as_array_mut().unwrap().pop();
    refused(&api, &id, "respond", one_point, "6.7").await;
}

async fn code_6_5_an_extension_records_the_ombudsmans_details_from_settings(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    let extension = json!({
        "stage": 1, "working_days": 5, "reason": "Waiting for a surveyor", "resident_informed": true,
        "update_interval": 5,
    });
    // The details given are no longer a tick box the caller sends.
    let mut ticked = extension.clone();
    ticked["ombudsman_details_given"] = json!(true);
    assert!(api.act(&api.handler, &id, "extend", ticked).await.status.is_client_error());
    let c = api.act(&api.handler, &id, "extend", extension.clone()).await;
    let given = &c.expect(StatusCode::OK).json["complaint"]["stage1"]["extensions"][0]["ombudsman"];
    assert_eq!(given["name"], "Housing Ombudsman Service");
    assert_eq!(given["telephone"], "0300 111 3000");
    // Edited in settings, the next extension gives the new details; the first keeps its own.
    let name = api.db.get_organisation(&api.landlord).await.unwrap().unwrap().name;
    let mut details = api.db.get_organisation_details(&api.landlord).await.unwrap().unwrap_or_default();
    details.ombudsman.telephone = "0300 111 3001".into();
    let now = "2024-06-10T09:00:00Z".parse().unwrap();
    api.db.save_organisation_details(&api.landlord, &name, &details, now).await.unwrap();
    let c = api.act(&api.handler, &id, "extend", extension).await;
    let extensions = &c.expect(StatusCode::OK).json["complaint"]["stage1"]["extensions"];
    assert_eq!(extensions[0]["ombudsman"]["telephone"], "0300 111 3000");
    assert_eq!(extensions[1]["ombudsman"]["telephone"], "0300 111 3001");
}

async fn code_6_10_escalation_before_the_stage_one_response_is_refused(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    refused(&api, &id, "escalate", json!({ "reason": "Too slow" }), "6.10").await;
}

async fn code_2_1_not_accepting_a_complaint_without_reasons_is_refused(backend: Backend) {
    let api = api(backend).await;
    let id = api.complaint().await["id"].as_str().unwrap().to_owned();
    let decision = json!({
        "ground": { "type": "previously_considered" }, "reasons": "",
    });
    refused(&api, &id, "not-accept", decision, "2.1").await;
}

async fn code_5_11_refusing_escalation_without_reasons_is_refused(backend: Backend) {
    let api = api(backend).await;
    let id = api.responded().await;
    api.act(&api.handler, &id, "escalate", json!({})).await.expect(StatusCode::OK);
    let refusal = json!({
        "ground": { "type": "legal_proceedings_started" }, "reasons": "  ",
    });
    // Refusing is stage 2's decision: the reviewer's, never stage 1's handler's (Code 6.13).
    refused_by(&api, &api.reviewer, &id, "refuse-escalation", refusal.clone(), "5.11").await;
    refused(&api, &id, "refuse-escalation", refusal, "6.13").await;
}

async fn code_5_3_there_is_no_third_stage(backend: Backend) {
    let api = api(backend).await;
    let id = api.responded().await;
    api.act(&api.handler, &id, "escalate", json!({})).await.expect(StatusCode::OK);
    api.act(&api.reviewer, &id, "acknowledge", acknowledge(2, &api.reviewer.id)).await.expect(StatusCode::OK);
    api.act(&api.reviewer, &id, "respond", respond(2)).await.expect(StatusCode::OK);
    refused(&api, &id, "escalate", json!({ "reason": "Still unhappy" }), "5.3").await;
}

async fn a_transition_the_state_does_not_allow_is_409_and_changes_nothing(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    let before = Snapshot::take(&api, &id).await;
    let reply = api.act(&api.handler, &id, "acknowledge", acknowledge(1, &api.handler.id)).await;
    reply.expect_problem(StatusCode::CONFLICT);
    assert_eq!(reply.json["type"], "urn:redress:problem:state-conflict");
    assert!(reply.json.get("provision").is_none(), "{}", reply.json);
    let reply = api.act(&api.handler, &id, "actions/A9/complete", json!({})).await;
    reply.expect_problem(StatusCode::CONFLICT);
    before.assert_unchanged(&api, &id).await;
}

async fn a_command_dated_in_the_future_is_422_and_changes_nothing(backend: Backend) {
    let api = api(backend).await;
    let id = api.acknowledged().await;
    let before = Snapshot::take(&api, &id).await;
    let points = json!({ "points": ["The smell of damp"], "at": at(date(2024, 6, 4), 10).to_string() });
    let reply = api.act(&api.handler, &id, "points", points).await;
    reply.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.json["type"], "urn:redress:problem:invalid-request");
    before.assert_unchanged(&api, &id).await;
}
