//! Managing agents and contractors acting for a landlord (Code 5.4, 5.5): their staff see and
//! handle only the landlord's complaints assigned to their organisation, inside the same two
//! stages; the landlord's staff see all of them; nobody sees another landlord's anything.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use jiff::civil::date;
use redress_app::{App, Role};
use redress_domain::ids::OrganisationId;
use redress_storage::{Backend, OrganisationKind};
use serde_json::{Value, json};

use crate::case;
use crate::isolation::{Records, records, routes_naming};
use crate::support::{Api, Staff, acknowledge, at, new_complaint, respond};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(agent_staff_list_read_and_handle_only_the_complaints_assigned_to_them),
        case!(agent_staff_get_404_for_every_unassigned_record_of_the_landlord),
        case!(code_5_4_a_third_partys_handling_is_part_of_the_landlords_two_stage_process),
        case!(code_5_5_a_third_partys_staff_are_held_to_the_code),
    ]
}

/// A managing agent acting for the landlord, with a handler; and a contractor acting for the
/// other landlord, with a handler.
pub async fn agents(api: &Api) -> (OrganisationId, Staff, Staff) {
    let app = App::new(api.db.clone(), api.calendar.clone(), api.clock.clone()).unwrap();
    let agent = app
        .create_organisation("Riverside Estate Services", OrganisationKind::ManagingAgent, Some(api.landlord.clone()))
        .await
        .unwrap();
    let (user, token) = app.add_user(&agent, "Aggie Agent", Role::Handler).await.unwrap();
    let other = app.organisation_named("Hillside Housing").await.unwrap();
    let contractor =
        app.create_organisation("Hillside Roofing", OrganisationKind::Contractor, Some(other.id)).await.unwrap();
    let (c_user, c_token) = app.add_user(&contractor, "Cal Contractor", Role::Handler).await.unwrap();
    (agent.id, Staff { id: user.id, token }, Staff { id: c_user.id, token: c_token })
}

async fn listed(api: &Api, who: &Staff, query: &str) -> BTreeSet<String> {
    let reply = api.get(who, &format!("/api/v1/complaints{query}")).await;
    reply.expect(StatusCode::OK).json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

fn id_of(reply: &Value) -> String {
    reply["id"].as_str().unwrap().to_owned()
}

async fn agent_staff_list_read_and_handle_only_the_complaints_assigned_to_them(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (agent_org, agent, contractor) = agents(&api).await;
    let resident = api.resident().await;
    let mut assigned = new_complaint(&resident);
    assigned["handling_organisation_id"] = json!(agent_org);
    let assigned = api.post(&api.handler, "/api/v1/complaints", assigned).await;
    let assigned = id_of(&assigned.expect(StatusCode::CREATED).json);
    let own = api.post(&api.handler, "/api/v1/complaints", new_complaint(&resident)).await;
    let own = id_of(&own.expect(StatusCode::CREATED).json);
    let theirs = api.post(&api.outsider, "/api/v1/residents", json!({ "name": "Otto Other" })).await;
    let theirs = id_of(&theirs.expect(StatusCode::CREATED).json);
    let foreign = api.post(&api.outsider, "/api/v1/complaints", new_complaint(&theirs)).await;
    let foreign = id_of(&foreign.expect(StatusCode::CREATED).json);

    // The agent's handler lists only the complaint assigned to the agent, however it filters.
    let only = BTreeSet::from([assigned.clone()]);
    assert_eq!(listed(&api, &agent, "").await, only);
    assert_eq!(listed(&api, &agent, &format!("?handling_organisation={agent_org}")).await, only);
    assert!(listed(&api, &agent, &format!("?handling_organisation={}", api.landlord)).await.is_empty());
    // The contractor of the other landlord sees none of it, nor its own landlord's unassigned one.
    assert!(listed(&api, &contractor, "").await.is_empty());

    // It reads and handles the assigned one through both stages' steps, as itself.
    let read = api.get(&agent, &format!("/api/v1/complaints/{assigned}")).await;
    assert_eq!(read.expect(StatusCode::OK).json["complaint"]["logged"]["handling_organisation"], json!(agent_org));
    let path = format!("/api/v1/complaints/{assigned}/acknowledge");
    let first = api.post_keyed(&agent, &path, &acknowledge(1, &agent.id), "agent-ack").await;
    first.expect(StatusCode::OK);
    // Its retry is answered as the first was: the agent's keys are its own, although the
    // complaint is the landlord's.
    let retry = api.post_keyed(&agent, &path, &acknowledge(1, &agent.id), "agent-ack").await;
    assert_eq!((retry.expect(StatusCode::OK).header("idempotent-replayed"), &retry.json), (Some("true"), &first.json));
    api.act(&agent, &assigned, "respond", respond(1)).await.expect(StatusCode::OK);
    let events = api.stored_events(&assigned).await;
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(events[1..].iter().all(|e| e.actor == agent.id), "{events:?}");
    // It cannot name the landlord's staff as handler of a case it handles.
    let mut other = new_complaint(&resident);
    other["handling_organisation_id"] = json!(agent_org);
    let other = api.post(&api.handler, "/api/v1/complaints", other).await;
    let other = id_of(&other.expect(StatusCode::CREATED).json);
    api.act(&agent, &other, "acknowledge", acknowledge(1, &api.handler.id)).await.expect_problem(StatusCode::NOT_FOUND);

    // The landlord's unassigned complaint and the other landlord's are not found, exactly as
    // one that does not exist, and the agent changes nothing.
    let before_own = api.stored_events(&own).await.len();
    for id in [&own, &foreign] {
        for who in [&agent, &contractor] {
            let unknown = api.get(who, "/api/v1/complaints/no-such-complaint").await;
            let reply = api.get(who, &format!("/api/v1/complaints/{id}")).await;
            reply.expect_problem(StatusCode::NOT_FOUND);
            assert_eq!(reply.json, unknown.json);
            let acted = api.act(who, id, "acknowledge", acknowledge(1, &who.id)).await;
            acted.expect_problem(StatusCode::NOT_FOUND);
        }
    }
    assert_eq!(api.stored_events(&own).await.len(), before_own);
    // Nor can an agent log a complaint for another organisation to handle.
    let mut elsewhere = new_complaint(&resident);
    elsewhere["handling_organisation_id"] = json!(api.landlord);
    api.post(&agent, "/api/v1/complaints", elsewhere).await.expect_problem(StatusCode::NOT_FOUND);

    // The landlord's complaints officer sees all the landlord's, the agent's included, and
    // the agent's handling of it.
    let all = BTreeSet::from([assigned.clone(), own.clone(), other.clone()]);
    assert_eq!(listed(&api, &api.reviewer, "").await, all);
    let seen = api.get(&api.reviewer, &format!("/api/v1/complaints/{assigned}")).await;
    assert_eq!(seen.expect(StatusCode::OK).json["stage"], json!(1));
    assert_eq!(seen.json["status"], api.get(&agent, &format!("/api/v1/complaints/{assigned}")).await.json["status"]);
    assert!(!listed(&api, &api.outsider, "").await.contains(&assigned));
}

async fn agent_staff_get_404_for_every_unassigned_record_of_the_landlord(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (_, agent, _) = agents(&api).await;
    let records = records(&api).await;
    let before = api.read(&records.complaint).await;
    let stored_before = api.stored_events(&records.complaint).await.len();
    let unknown = Records {
        resident: "no-such-resident".into(),
        property: "no-such-property".into(),
        service_request: "no-such-request".into(),
        complaint: "no-such-complaint".into(),
        correspondence: "no-such-correspondence".into(),
        attachment: "no-such-attachment".into(),
    };
    for ((method, path, body), (_, unknown_path, _)) in
        routes_naming(&records, &agent).into_iter().zip(routes_naming(&unknown, &agent))
    {
        let reply = api.send(method.clone(), &path, Some(&agent.token), body.as_ref(), &[]).await;
        reply.expect_problem(StatusCode::NOT_FOUND);
        let absent = api.send(method, &unknown_path, Some(&agent.token), body.as_ref(), &[]).await;
        absent.expect_problem(StatusCode::NOT_FOUND);
        assert_eq!(reply.json, absent.json, "{path}");
    }
    assert_eq!(api.read(&records.complaint).await, before);
    assert_eq!(api.stored_events(&records.complaint).await.len(), stored_before);
    for path in ["/api/v1/properties", "/api/v1/service-requests"] {
        let listed = api.send(Method::GET, path, Some(&agent.token), None, &[]).await;
        assert_eq!(listed.expect(StatusCode::OK).json, json!([]), "{path}");
    }
    let listed = api.get(&agent, "/api/v1/residents").await;
    assert_eq!(listed.expect(StatusCode::OK).json["items"], json!([]));
    let listed = api.get(&agent, "/api/v1/complaints").await;
    assert_eq!(listed.expect(StatusCode::OK).json["items"], json!([]));
    // Nor do they add to the landlord's register of residents and homes.
    let resident = api.post(&agent, "/api/v1/residents", json!({ "name": "Nadia New" })).await;
    resident.expect_problem(StatusCode::FORBIDDEN);
    let property = api.post(&agent, "/api/v1/properties", json!({ "address": "2 River Row" })).await;
    property.expect_problem(StatusCode::FORBIDDEN);
}

/// A complaint of the landlord assigned to the agent, logged by the landlord's handler.
async fn assigned(api: &Api, agent_org: &str) -> String {
    let resident = api.resident().await;
    let mut body = new_complaint(&resident);
    body["handling_organisation_id"] = json!(agent_org);
    let reply = api.post(&api.handler, "/api/v1/complaints", body).await;
    id_of(&reply.expect(StatusCode::CREATED).json)
}

async fn code_5_4_a_third_partys_handling_is_part_of_the_landlords_two_stage_process(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (agent_org, agent, _) = agents(&api).await;
    let id = assigned(&api, &agent_org).await;
    let reference = api.get(&agent, &format!("/api/v1/complaints/{id}")).await.json["reference"].clone();
    // The agent handles stage 1 of the landlord's complaint...
    api.act(&agent, &id, "acknowledge", acknowledge(1, &agent.id)).await.expect(StatusCode::OK);
    api.act(&agent, &id, "respond", respond(1)).await.expect(StatusCode::OK);
    // ...and the resident's escalation is stage 2 of the same complaint, which the landlord's
    // complaints officer takes on while the agent still follows it.
    api.act(&agent, &id, "escalate", json!({})).await.expect(StatusCode::OK);
    api.act(&api.reviewer, &id, "acknowledge", acknowledge(2, &api.reviewer.id)).await.expect(StatusCode::OK);
    let seen = api.get(&agent, &format!("/api/v1/complaints/{id}")).await;
    let seen = &seen.expect(StatusCode::OK).json;
    assert_eq!((seen["stage"].clone(), seen["reference"].clone()), (json!(2), reference));
    api.act(&api.reviewer, &id, "respond", respond(2)).await.expect(StatusCode::OK);
    // One process of two stages: there is no third, for the agent or anyone.
    let third = api.act(&agent, &id, "escalate", json!({ "reason": "Still unhappy" })).await;
    third.expect_refusal("5.3");
    let officer = api.get(&api.reviewer, &format!("/api/v1/complaints/{id}")).await;
    let actors: Vec<Value> =
        officer.expect(StatusCode::OK).json["events"].as_array().unwrap().iter().map(|e| e["actor"].clone()).collect();
    assert!(actors.contains(&json!(agent.id)) && actors.contains(&json!(api.reviewer.id)), "{actors:?}");
}

async fn code_5_5_a_third_partys_staff_are_held_to_the_code(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (agent_org, agent, _) = agents(&api).await;
    let id = assigned(&api, &agent_org).await;
    let before = api.stored_events(&id).await.len();
    let decision = json!({
        "ground": { "type": "previously_considered" }, "reasons": "",
    });
    api.act(&agent, &id, "not-accept", decision).await.expect_refusal("2.1");
    api.act(&agent, &id, "acknowledge", acknowledge(1, &agent.id)).await.expect(StatusCode::OK);
    api.act(&agent, &id, "escalate", json!({ "reason": "Too slow" })).await.expect_refusal("6.10");
    assert_eq!(api.stored_events(&id).await.len(), before + 1);
}
