//! Managing agents who can do their job (issue 10): the landlord assigns homes to its agent,
//! whose staff then see the residents of those homes and log complaints for them, and see
//! nothing of a home not assigned; the landlord passes a complaint to its agent, which then
//! handles it, and the agent's staff pass nothing on.

use axum::http::StatusCode;
use jiff::civil::date;
use redress_app::{Actor, HomeSelection, Role};
use redress_domain::ids::{OrganisationId, PropertyId, ResidentId};
use redress_storage::Backend;
use serde_json::{Value, json};

use crate::agents::agents;
use crate::case;
use crate::support::{Api, at, new_complaint};

pub fn cases() -> Vec<crate::Case> {
    vec![
        case!(an_agent_logs_a_complaint_for_a_home_assigned_to_it_and_cannot_see_one_that_is_not),
        case!(a_complaint_passed_to_the_agent_is_in_its_scope_and_on_the_record),
        case!(only_the_landlords_staff_pass_a_complaint_and_only_to_its_own_agents),
    ]
}

/// The landlord's administrator, as the application sees them.
async fn admin(api: &Api) -> Actor {
    let landlord = api.app.organisation_named("Riverside Homes").await.unwrap();
    let (_, token) = api.app.add_user(&landlord, "Adam Admin", Role::Admin).await.unwrap();
    api.app.authenticate(&token).await.unwrap().unwrap()
}

/// A home of the landlord, and a resident living in it.
async fn home_with_resident(api: &Api, admin: &Actor, address: &str, name: &str) -> (PropertyId, ResidentId) {
    let home = api.post(&api.handler, "/api/v1/properties", json!({ "address": address })).await;
    let home: PropertyId = home.expect(StatusCode::CREATED).json["id"].as_str().unwrap().parse().unwrap();
    let resident = api.post(&api.handler, "/api/v1/residents", json!({ "name": name })).await;
    let resident: ResidentId = resident.expect(StatusCode::CREATED).json["id"].as_str().unwrap().parse().unwrap();
    api.app.set_resident_home(admin, &resident, Some(&home)).await.unwrap();
    (home, resident)
}

fn complaint_about(resident: &ResidentId, home: &PropertyId) -> Value {
    let mut body = new_complaint(resident.as_str());
    body["property_id"] = json!(home);
    body
}

async fn an_agent_logs_a_complaint_for_a_home_assigned_to_it_and_cannot_see_one_that_is_not(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (agent_org, agent, _) = agents(&api).await;
    let admin = admin(&api).await;
    let (managed, tenant) = home_with_resident(&api, &admin, "1 River Row, Leeds LS1 2AB", "Tia Tenant").await;
    let (other, neighbour) = home_with_resident(&api, &admin, "9 Hill Road, York YO1 9ZZ", "Ned Neighbour").await;
    let assigned = HomeSelection::Listed(vec![managed.clone()]);
    assert_eq!(api.app.assign_homes(&admin, assigned, Some(&agent_org)).await.unwrap(), 1);

    // The agent sees the resident of its home, and the home, and nothing of the other.
    api.get(&agent, &format!("/api/v1/residents/{tenant}")).await.expect(StatusCode::OK);
    let listed = api.get(&agent, "/api/v1/residents").await;
    let names: Vec<&str> = listed.expect(StatusCode::OK).json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Tia Tenant"]);
    // Nor does a search find the other home's resident, by name or by address.
    for q in ["Ned", "Hill Road", "Tia"] {
        let found = api.get(&agent, &format!("/api/v1/residents?q={}", q.replace(' ', "+"))).await;
        let found = found.expect(StatusCode::OK).json["items"].as_array().unwrap().len();
        assert_eq!(found, usize::from(q == "Tia"), "{q}");
    }
    let homes = api.get(&agent, "/api/v1/properties").await;
    assert_eq!(homes.expect(StatusCode::OK).json.as_array().unwrap().len(), 1);
    assert_eq!(homes.json[0]["id"], json!(managed));
    let hidden = api.get(&agent, &format!("/api/v1/residents/{neighbour}")).await;
    let unknown = api.get(&agent, "/api/v1/residents/no-such-resident").await;
    hidden.expect_problem(StatusCode::NOT_FOUND);
    assert_eq!(hidden.json, unknown.json, "not found exactly as one that does not exist");

    // It logs a complaint for its resident and home, handled by itself.
    let logged = api.post(&agent, "/api/v1/complaints", complaint_about(&tenant, &managed)).await;
    let logged = &logged.expect(StatusCode::CREATED).json;
    assert_eq!(logged["complaint"]["logged"]["handling_organisation"], json!(agent_org));
    // Not for the resident of a home it does not manage, nor naming such a home.
    let refused = api.post(&agent, "/api/v1/complaints", complaint_about(&neighbour, &other)).await;
    refused.expect_problem(StatusCode::NOT_FOUND);
    let refused = api.post(&agent, "/api/v1/complaints", complaint_about(&tenant, &other)).await;
    refused.expect_problem(StatusCode::NOT_FOUND);
    let listed = api.get(&agent, "/api/v1/complaints").await;
    assert_eq!(listed.expect(StatusCode::OK).json["items"].as_array().unwrap().len(), 1);

    // Handed back to the landlord, the home and its resident leave the agent's sight.
    let back = HomeSelection::Matching("LS1".into());
    assert_eq!(api.app.assign_homes(&admin, back, None).await.unwrap(), 1);
    // The resident still has the complaint the agent handles, so stays in sight for it...
    api.get(&agent, &format!("/api/v1/residents/{tenant}")).await.expect(StatusCode::OK);
    // ...but a new complaint cannot name the home it no longer manages.
    let refused = api.post(&agent, "/api/v1/complaints", complaint_about(&tenant, &managed)).await;
    refused.expect_problem(StatusCode::NOT_FOUND);
}

/// A complaint the landlord's handler logged, handled by the landlord.
async fn landlords_complaint(api: &Api) -> String {
    let complaint = api.complaint().await;
    complaint["id"].as_str().unwrap().to_owned()
}

fn pass_to(organisation: &OrganisationId) -> Value {
    json!({ "organisation": organisation, "reason": "The agent manages the block" })
}

async fn a_complaint_passed_to_the_agent_is_in_its_scope_and_on_the_record(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (agent_org, agent, _) = agents(&api).await;
    let id = landlords_complaint(&api).await;
    api.get(&agent, &format!("/api/v1/complaints/{id}")).await.expect_problem(StatusCode::NOT_FOUND);

    let passed = api.act(&api.handler, &id, "handling-organisation", pass_to(&agent_org)).await;
    let passed = &passed.expect(StatusCode::OK).json;
    assert_eq!(passed["complaint"]["handovers"][0]["to"], json!(agent_org));
    let last = passed["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"]["type"], json!("handling_passed"));
    assert_eq!((last["event"]["from"].clone(), last["event"]["to"].clone()), (json!(api.landlord), json!(agent_org)));
    assert_eq!(last["actor"], json!(api.handler.id));

    // The agent now sees it, in its list too, and its resident.
    let seen = api.get(&agent, &format!("/api/v1/complaints/{id}")).await;
    let resident = seen.expect(StatusCode::OK).json["complaint"]["logged"]["resident"].as_str().unwrap().to_owned();
    let listed = api.get(&agent, "/api/v1/complaints").await;
    let item = &listed.expect(StatusCode::OK).json["items"][0];
    assert_eq!((item["id"].clone(), item["handling_organisation"].clone()), (json!(id), json!(agent_org)));
    api.get(&agent, &format!("/api/v1/residents/{resident}")).await.expect(StatusCode::OK);

    // Passed back, the agent no longer sees it; passing it to whoever has it is refused.
    let back = api.act(&api.handler, &id, "handling-organisation", pass_to(&api.landlord)).await;
    back.expect(StatusCode::OK);
    api.get(&agent, &format!("/api/v1/complaints/{id}")).await.expect_problem(StatusCode::NOT_FOUND);
    let again = api.act(&api.handler, &id, "handling-organisation", pass_to(&api.landlord)).await;
    again.expect_problem(StatusCode::UNPROCESSABLE_ENTITY);
}

async fn only_the_landlords_staff_pass_a_complaint_and_only_to_its_own_agents(backend: Backend) {
    let api = Api::new(backend, at(date(2024, 6, 3), 10)).await;
    let (agent_org, agent, contractor) = agents(&api).await;
    let id = landlords_complaint(&api).await;
    let before = api.stored_events(&id).await.len();
    // The other landlord's contractor is no organisation of this landlord's: not found.
    let contractor_org = api.app.authenticate(&contractor.token).await.unwrap().unwrap().organisation_id;
    let foreign = api.act(&api.handler, &id, "handling-organisation", pass_to(&contractor_org)).await;
    foreign.expect_problem(StatusCode::NOT_FOUND);
    // An agent's staff cannot pass on a complaint they handle...
    api.act(&api.handler, &id, "handling-organisation", pass_to(&agent_org)).await.expect(StatusCode::OK);
    let refused = api.act(&agent, &id, "handling-organisation", pass_to(&api.landlord)).await;
    refused.expect_problem(StatusCode::FORBIDDEN);
    // ...and one they do not see is not found, not refused.
    let other = landlords_complaint(&api).await;
    let hidden = api.act(&agent, &other, "handling-organisation", pass_to(&agent_org)).await;
    hidden.expect_problem(StatusCode::NOT_FOUND);
    // An auditor reads cases and changes none.
    api.act(&api.auditor, &id, "handling-organisation", pass_to(&api.landlord))
        .await
        .expect_problem(StatusCode::FORBIDDEN);
    assert_eq!(api.stored_events(&id).await.len(), before + 1);
}
