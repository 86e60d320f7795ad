//! Managing agents who can do their job, through the pages (issue 10): the landlord's
//! administrator assigns homes to its agent in bulk from the homes page and one by one from a
//! resident's page; the agent's staff then see those homes' residents and no other; the
//! landlord passes a complaint to its agent from the case page; and the agent's staff see the
//! landlord's staff by role, not by name.

use axum::http::StatusCode;
use redress_app::{Actor, Role, Scope, Stated};
use redress_domain::complaint::Command;
use redress_domain::ids::{ComplaintId, OrganisationId, PropertyId, ResidentId};
use redress_storage::{Backend, OrganisationKind};
use serde_json::json;

use crate::site::{PASSWORD, Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(homes_are_assigned_in_bulk_from_the_homes_page_and_one_by_one_from_a_residents_page),
        case!(the_landlord_passes_a_complaint_to_its_agent_from_the_case_page),
        case!(an_agents_staff_see_the_landlords_staff_by_role_not_by_name),
    ]
}

/// The agent's email, to sign in with.
const AGENT: &str = "aggie@agent.example";

/// A managing agent acting for the site's landlord, with a handler who can sign in.
async fn agent(site: &Site) -> (OrganisationId, Actor) {
    let landlord = site.member(Role::Handler).organisation_id.clone();
    let app = &site.app;
    let agent = app
        .create_organisation("Riverside Estate Services", OrganisationKind::ManagingAgent, Some(landlord.clone()))
        .await
        .unwrap();
    let (user, _) = app.add_user(&agent, "Aggie Agent", Role::Handler).await.unwrap();
    app.set_password(&agent.id, &user.id, AGENT, PASSWORD).await.unwrap();
    let actor = Actor {
        user_id: user.id,
        name: user.name,
        organisation_id: agent.id.clone(),
        role: Role::Handler,
        scope: Scope { landlord, handling: Some(agent.id.clone()), calendar_version: None, people_version: None },
    };
    (agent.id, actor)
}

/// A home of the landlord at `address`, and `name` living in it.
async fn home(site: &Site, address: &str, name: &str) -> (PropertyId, ResidentId) {
    let admin = site.member(Role::Admin);
    let home = site.app.create_property(admin, address, None).await.unwrap().id;
    let resident: ResidentId = site.resident(name).await.parse().unwrap();
    site.app.set_resident_home(admin, &resident, Some(&home)).await.unwrap();
    (home, resident)
}

async fn homes_are_assigned_in_bulk_from_the_homes_page_and_one_by_one_from_a_residents_page(backend: Backend) {
    let site = Site::new(backend).await;
    let (agent_org, _) = agent(&site).await;
    let (_, first) = home(&site, "1 River Row, Leeds LS1 2AB", "Fay First").await;
    let (_, second) = home(&site, "2 River Row, Leeds LS1 2AB", "Sam Second").await;
    let (york, third) = home(&site, "3 Hill Road, York YO1 9ZZ", "Tom Third").await;
    let admin = site.sign_in(&email(Role::Admin)).await;

    let settings = site.get(Some(&admin), "/settings").await;
    assert!(settings.body.contains(r#"href="/settings/homes""#), "settings link to the homes page");
    let found = site.get(Some(&admin), "/settings/homes?q=ls1").await;
    found.expect(StatusCode::OK).expect_page("Homes and who manages them");
    assert!(found.body.contains("1 River Row") && found.body.contains("2 River Row"), "{}", found.body);
    assert!(!found.body.contains("Hill Road"), "the search narrows the list");
    assert!(found.body.contains(&format!(r#"<option value="{agent_org}""#)), "the agent is offered");

    // Nothing ticked, no one chosen: the errors point at their fields, and nothing changes.
    let unticked = site.submit(&admin, "/settings/homes", &[("q", "ls1"), ("which", "ticked")]).await;
    unticked.expect(StatusCode::BAD_REQUEST);
    assert!(unticked.body.contains(r##"href="#homes""##) && unticked.body.contains(r##"href="#manager""##));
    assert!(unticked.body.contains("Select the homes to assign"), "{}", unticked.body);

    let all = [("q", "ls1"), ("which", "matching"), ("manager", agent_org.as_str())];
    site.submit(&admin, "/settings/homes", &all).await.expect_redirect("/settings/homes?q=ls1&assigned=2");
    let done = site.get(Some(&admin), "/settings/homes?q=ls1&assigned=2").await;
    assert!(done.body.contains("2 homes assigned"), "{}", done.body);
    assert!(done.body.contains("Riverside Estate Services"), "the homes say who manages them");

    let aggie = site.sign_in(AGENT).await;
    let residents = site.get(Some(&aggie), "/residents").await;
    assert!(residents.body.contains("Fay First") && residents.body.contains("Sam Second"), "{}", residents.body);
    assert!(!residents.body.contains("Tom Third"));
    site.get(Some(&aggie), &format!("/residents/{first}")).await.expect(StatusCode::OK);
    site.get(Some(&aggie), &format!("/residents/{second}")).await.expect(StatusCode::OK);
    site.get(Some(&aggie), &format!("/residents/{third}")).await.expect(StatusCode::NOT_FOUND);

    // One by one, from the resident's page, which offers the form to an administrator.
    let page = site.get(Some(&admin), &format!("/residents/{third}")).await;
    let action = format!(r#"action="/settings/homes/{york}/manager""#);
    assert!(page.body.contains(&action) && page.body.contains("3 Hill Road"), "{}", page.body);
    let one = [("manager", agent_org.as_str()), ("resident", third.as_str())];
    let path = format!("/settings/homes/{york}/manager");
    site.submit(&admin, &path, &one).await.expect_redirect(&format!("/residents/{third}"));
    site.get(Some(&aggie), &format!("/residents/{third}")).await.expect(StatusCode::OK);

    // Only administrators assign homes; a handler's page offers no form.
    let handler = site.sign_in(&email(Role::Handler)).await;
    site.submit(&handler, "/settings/homes", &all).await.expect(StatusCode::FORBIDDEN);
    site.submit(&handler, &path, &one).await.expect(StatusCode::FORBIDDEN);
    let page = site.get(Some(&handler), &format!("/residents/{third}")).await;
    assert!(!page.body.contains(&action), "{}", page.body);
}

/// A complaint logged by the landlord's handler, acknowledged naming them.
async fn acknowledged(site: &Site) -> ComplaintId {
    let handler = site.member(Role::Handler);
    let id: ComplaintId = site.complaint(handler, "The lift has been broken for a month").await.parse().unwrap();
    let ack = serde_json::from_value(json!({
        "stage": 1, "handler": handler.user_id,
        "definition": { "points": ["The lift is broken"], "outcomes_sought": ["A working lift"] },
        "responsibility": { "responsible_for": ["The lift"], "not_responsible_for": [] },
    }))
    .unwrap();
    site.app.act(handler, &id, Command::Acknowledge(ack), Stated::default()).await.unwrap();
    id
}

async fn the_landlord_passes_a_complaint_to_its_agent_from_the_case_page(backend: Backend) {
    let site = Site::new(backend).await;
    let (agent_org, _) = agent(&site).await;
    let id = acknowledged(&site).await;
    let aggie = site.sign_in(AGENT).await;
    site.get(Some(&aggie), &format!("/cases/{id}")).await.expect(StatusCode::NOT_FOUND);

    let lead = site.sign_in(&email(Role::SeniorLead)).await;
    let path = format!("/cases/{id}/pass");
    let case = site.get(Some(&lead), &format!("/cases/{id}")).await;
    assert!(case.body.contains(&format!(r#"href="{path}""#)), "the case links to the form:\n{}", case.body);
    let form = site.get(Some(&lead), &path).await;
    form.expect(StatusCode::OK).expect_page("Pass to another organisation");
    assert!(form.body.contains("Handled now by Riverside Homes"), "{}", form.body);
    assert!(form.body.contains(&format!(r#"<option value="{agent_org}""#)), "{}", form.body);

    let unreasoned = site.submit(&lead, &path, &[("organisation", agent_org.as_str()), ("reason", "")]).await;
    unreasoned.expect(StatusCode::BAD_REQUEST);
    assert!(unreasoned.body.contains("Enter why the complaint is passed on"), "{}", unreasoned.body);

    let reason = "The agent manages the block";
    let done = site.submit(&lead, &path, &[("organisation", agent_org.as_str()), ("reason", reason)]).await;
    done.expect_redirect(&format!("/cases/{id}"));
    let case = site.get(Some(&lead), &format!("/cases/{id}")).await;
    let entry =
        format!("Passed to another organisation: from Riverside Homes to Riverside Estate Services. Reason: {reason}");
    assert!(case.body.contains(&entry), "on the timeline:\n{}", case.body);

    // The agent's handler now has the case, without a link to pass it on.
    let theirs = site.get(Some(&aggie), &format!("/cases/{id}")).await;
    theirs.expect(StatusCode::OK);
    assert!(theirs.body.contains("Riverside Estate Services"), "{}", theirs.body);
    assert!(!theirs.body.contains(&format!(r#"href="{path}""#)), "{}", theirs.body);
    site.get(Some(&aggie), &path).await.expect(StatusCode::FORBIDDEN);
}

async fn an_agents_staff_see_the_landlords_staff_by_role_not_by_name(backend: Backend) {
    let site = Site::new(backend).await;
    let (agent_org, aggie_actor) = agent(&site).await;
    let id = acknowledged(&site).await;
    let lead = site.member(Role::SeniorLead);
    let pass = serde_json::from_value(json!({ "organisation": agent_org, "reason": "Theirs to handle" })).unwrap();
    site.app.act(lead, &id, Command::PassHandling(pass), Stated::default()).await.unwrap();
    let landlords_name = &site.member(Role::Handler).name;

    let aggie = site.sign_in(AGENT).await;
    for path in [format!("/cases/{id}"), "/cases".to_owned()] {
        let page = site.get(Some(&aggie), &path).await;
        page.expect(StatusCode::OK);
        assert!(!page.body.contains(landlords_name.as_str()), "{path} names the landlord's handler:\n{}", page.body);
        assert!(page.body.contains("Handler, Riverside Homes"), "{path} says their role:\n{}", page.body);
    }
    // The agent's own people are named: its handler takes the case on.
    let reassign = serde_json::from_value(json!({
        "stage": 1, "handler": aggie_actor.user_id, "reason": "Ours to handle now",
    }))
    .unwrap();
    site.app.act(&aggie_actor, &id, Command::Reassign(reassign), Stated::default()).await.unwrap();
    let page = site.get(Some(&aggie), &format!("/cases/{id}")).await;
    assert!(page.body.contains("from Handler, Riverside Homes to Aggie Agent"), "{}", page.body);
    assert!(!page.body.contains(landlords_name.as_str()), "{}", page.body);
    // The landlord's staff still see every name.
    let staff = site.sign_in(&email(Role::SeniorLead)).await;
    let page = site.get(Some(&staff), &format!("/cases/{id}")).await;
    assert!(page.body.contains(&format!("from {landlords_name} to Aggie Agent")), "{}", page.body);
}
