//! Handlers who can act, through the pages: the acknowledge and reassign forms offer only
//! people who may change cases; a handler is reassigned with a reason, on the timeline and the
//! case; "my work" lists one's open cases and the remedies and actions due on them, and the
//! organisation's list every open one, each within the caller's scope.

use axum::http::StatusCode;
use redress_app::{Actor, ComplaintIntake, HomeSelection, Role, Scope, Stated};
use redress_domain::complaint::{Command, RemedyKind, RemedyOffer};
use redress_domain::ids::ComplaintId;
use redress_domain::ids::UserId;
use redress_storage::{Backend, OrganisationKind};
use serde_json::json;

use crate::forms::{acknowledge, pairs};
use crate::site::{PASSWORD, Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(the_acknowledge_form_offers_only_people_who_may_change_cases),
        case!(a_handler_is_reassigned_through_the_form_and_it_shows_on_the_timeline_and_the_case),
        case!(my_work_lists_ones_open_cases_and_a_due_remedy_and_the_organisations_list_every_open_one),
        case!(a_managing_agents_staff_see_only_their_own_work),
        case!(the_case_lists_handler_filter_offers_only_people_who_may_handle_cases),
    ]
}

/// Whether `html` offers `user` in a select.
fn offers(html: &str, user: &UserId) -> bool {
    html.contains(&format!(r#"<option value="{user}""#))
}

/// A complaint of `actor`'s received on 6 January 2025 (two months before the site's today),
/// acknowledged now naming `handler`; its id. For an agent's staff, the resident lives in a
/// home assigned to the agent: they log complaints only for the residents they see.
async fn acknowledged_in_january(site: &Site, actor: &Actor, handler: &UserId) -> ComplaintId {
    let resident = site.resident("Rosa Resident").await;
    if let Some(agent) = &actor.scope.handling {
        let admin = site.member(Role::Admin);
        let home = site.app.create_property(admin, "1 River Row", None).await.unwrap().id;
        site.app.set_resident_home(admin, &resident.parse().unwrap(), Some(&home)).await.unwrap();
        site.app.assign_homes(admin, HomeSelection::Listed(vec![home]), Some(agent)).await.unwrap();
    }
    let intake: ComplaintIntake = serde_json::from_value(json!({
        "received_at": "2025-01-06T10:00:00Z", "channel": "phone", "issue_occurred_on": "2025-01-02",
        "complexity": "straightforward", "risks": [], "description": "The boiler failed",
        "resident_id": resident,
    }))
    .unwrap();
    let id = site.app.log_complaint(actor, intake, None).await.unwrap().view.id;
    let ack = serde_json::from_value(json!({
        "stage": 1, "handler": handler,
        "definition": { "points": ["The boiler failed"], "outcomes_sought": ["Heating"] },
        "responsibility": { "responsible_for": ["The boiler"], "not_responsible_for": [] },
    }))
    .unwrap();
    site.app.act(actor, &id, Command::Acknowledge(ack), Stated::default()).await.unwrap();
    id
}

/// Offers a remedy on complaint `id`, due on `due`.
async fn remedy(site: &Site, actor: &Actor, id: &ComplaintId, description: &str, due: &str) {
    let offer = RemedyOffer {
        kind: RemedyKind::Apology,
        description: description.into(),
        amount_pence: None,
        due: Some(due.parse().unwrap()),
    };
    site.app.act(actor, id, Command::OfferRemedy(offer), Stated::default()).await.unwrap();
}

async fn the_acknowledge_form_offers_only_people_who_may_change_cases(backend: Backend) {
    let site = Site::new(backend).await;
    let id = site.complaint(site.member(Role::Handler), "The boiler failed").await;
    let cookie = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    let path = format!("/cases/{id}/acknowledge");
    let page = site.get(Some(&cookie), &path).await;
    page.expect(StatusCode::OK);
    for role in [Role::Handler, Role::ComplaintsOfficer, Role::SeniorLead, Role::Admin] {
        assert!(offers(&page.body, &site.member(role).user_id), "{role} is offered");
    }
    for role in [Role::MemberResponsible, Role::Auditor] {
        assert!(!offers(&page.body, &site.member(role).user_id), "{role} must not be offered:\n{}", page.body);
    }
    // Posted anyway, the MRC is not among the choices: nothing is recorded.
    let mrc = site.member(Role::MemberResponsible).user_id.to_string();
    let refused = site.submit(&cookie, &path, &pairs(&acknowledge(&mrc, "The boiler failed"))).await;
    refused.expect(StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("Select the handler"), "{}", refused.body);
    let id: ComplaintId = id.parse().unwrap();
    let view = site.app.complaint(site.member(Role::Handler), &id).await.unwrap();
    assert_eq!(view.events.len(), 1, "only logged");
}

async fn a_handler_is_reassigned_through_the_form_and_it_shows_on_the_timeline_and_the_case(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let officer = &site.member(Role::ComplaintsOfficer).user_id;
    let id = acknowledged_in_january(&site, handler, &handler.user_id).await;
    let cookie = site.sign_in(&email(Role::SeniorLead)).await;
    let path = format!("/cases/{id}/reassign");
    let case = site.get(Some(&cookie), &format!("/cases/{id}")).await;
    assert!(case.body.contains(&format!(r#"href="{path}""#)), "the case links to the form:\n{}", case.body);

    let form = site.get(Some(&cookie), &path).await;
    form.expect(StatusCode::OK).expect_page("Reassign the handler");
    assert!(form.body.contains("Handled now by Riverside handler"), "{}", form.body);
    assert!(offers(&form.body, officer));
    for user in [&handler.user_id, &site.member(Role::MemberResponsible).user_id, &site.member(Role::Auditor).user_id] {
        assert!(!offers(&form.body, user), "{user} must not be offered");
    }
    assert!(!form.body.contains(r#"id="on-day""#), "a reassignment happens when recorded: no date is asked");

    let unreasoned = site.submit(&cookie, &path, &[("handler", officer.as_str()), ("reason", "")]).await;
    unreasoned.expect(StatusCode::BAD_REQUEST);
    assert!(unreasoned.body.contains("Enter why the handler changes"), "{}", unreasoned.body);

    let reason = "Hana is on leave for a month";
    let done = site.submit(&cookie, &path, &[("handler", officer.as_str()), ("reason", reason)]).await;
    done.expect_redirect(&format!("/cases/{id}"));
    let case = site.get(Some(&cookie), &format!("/cases/{id}")).await;
    assert!(case.body.contains("Riverside complaints_officer"), "the case shows its new handler");
    assert!(
        case.body.contains(&format!(
            "Handler reassigned: from Riverside handler to Riverside complaints_officer. Reason: {reason}"
        )),
        "{}",
        case.body
    );
    let view = site.app.complaint(handler, &id).await.unwrap();
    assert_eq!(view.complaint.stage1.handler(), Some(officer));
}

async fn my_work_lists_ones_open_cases_and_a_due_remedy_and_the_organisations_list_every_open_one(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let officer = site.member(Role::ComplaintsOfficer);
    let mine = acknowledged_in_january(&site, handler, &handler.user_id).await;
    remedy(&site, handler, &mine, "Apologise in writing", "2025-02-03").await;
    remedy(&site, handler, &mine, "Pay for the heaters", "2025-04-30").await;
    let theirs = acknowledged_in_january(&site, officer, &officer.user_id).await;
    remedy(&site, officer, &theirs, "Repaint the hall", "2025-03-20").await;
    let mine_ref = site.app.complaint(handler, &mine).await.unwrap().reference;
    let theirs_ref = site.app.complaint(handler, &theirs).await.unwrap().reference;

    let cookie = site.sign_in(&email(Role::Handler)).await;
    let home = site.get(Some(&cookie), "/").await;
    assert!(home.body.contains(r#"href="/my-work""#), "the navigation has My work");
    let page = site.get(Some(&cookie), "/my-work").await;
    page.expect(StatusCode::OK).expect_page("My work");
    let html = &page.body;
    assert!(html.contains(&format!(r#"href="/cases/{mine}">{mine_ref}</a>"#)), "{html}");
    assert!(!html.contains(&theirs_ref), "another handler's case is not mine");
    let overdue = html.find("Apologise in writing").expect("the overdue remedy is listed");
    let later = html.find("Pay for the heaters").expect("the later remedy is listed");
    assert!(overdue < later, "the earliest due first");
    assert!(html[overdue..later].contains("Overdue"), "{html}");
    assert!(!html.contains("Repaint the hall"));

    // Completed, a remedy leaves the list.
    let complete = Command::CompleteRemedy(redress_domain::complaint::Item {
        id: "R1".into(),
        body: redress_domain::complaint::CompleteRemedy { note: "Letter sent".into() },
    });
    site.app.act(handler, &mine, complete, Stated::default()).await.unwrap();
    assert!(!site.get(Some(&cookie), "/my-work").await.body.contains("Apologise in writing"));

    let cookie = site.sign_in(&email(Role::MemberResponsible)).await;
    let all = site.get(Some(&cookie), "/work").await;
    all.expect(StatusCode::OK).expect_page("Open remedies and actions");
    let (hall, heaters) = (all.body.find("Repaint the hall").unwrap(), all.body.find("Pay for the heaters").unwrap());
    assert!(hall < heaters, "every case's, the earliest due first:\n{}", all.body);
    assert!(all.body.contains("Riverside complaints_officer") && all.body.contains("Riverside handler"));
}

async fn a_managing_agents_staff_see_only_their_own_work(backend: Backend) {
    let site = Site::new(backend).await;
    let landlord = site.member(Role::Handler).organisation_id.clone();
    let agent = site
        .app
        .create_organisation("Riverside Estate Services", OrganisationKind::ManagingAgent, Some(landlord.clone()))
        .await
        .unwrap();
    let (user, _) = site.app.add_user(&agent, "Aggie Agent", Role::Handler).await.unwrap();
    site.app.set_password(&agent.id, &user.id, "aggie@agent.example", PASSWORD).await.unwrap();
    let aggie = Actor {
        user_id: user.id.clone(),
        name: user.name,
        organisation_id: agent.id.clone(),
        role: Role::Handler,
        scope: Scope { landlord, handling: Some(agent.id.clone()), calendar_version: None, people_version: None },
    };
    let handler = site.member(Role::Handler);
    // The agent's staff log a complaint for their organisation, as the landlord's do theirs.
    let ours = acknowledged_in_january(&site, &aggie, &aggie.user_id).await;
    remedy(&site, &aggie, &ours, "Fix the gate", "2025-02-10").await;
    let landlords = acknowledged_in_january(&site, handler, &handler.user_id).await;
    remedy(&site, handler, &landlords, "Apologise in writing", "2025-02-03").await;

    let cookie = site.sign_in("aggie@agent.example").await;
    for path in ["/my-work", "/work"] {
        let page = site.get(Some(&cookie), path).await;
        page.expect(StatusCode::OK);
        assert!(page.body.contains("Fix the gate"), "{path}: {}", page.body);
        assert!(!page.body.contains("Apologise in writing"), "{path}: the landlord's own work is not the agent's");
    }
    let cookie = site.sign_in(&email(Role::SeniorLead)).await;
    let all = site.get(Some(&cookie), "/work").await;
    assert!(all.body.contains("Fix the gate") && all.body.contains("Apologise in writing"), "the landlord sees both");
}

/// The case list's handler filter offers the people who may handle cases, not the Member
/// Responsible for Complaints or an auditor, and keeps a handler it is set to.
async fn the_case_lists_handler_filter_offers_only_people_who_may_handle_cases(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::MemberResponsible)).await;
    let page = site.get(Some(&cookie), "/cases").await;
    page.expect(StatusCode::OK);
    for role in [Role::Handler, Role::ComplaintsOfficer, Role::SeniorLead, Role::Admin] {
        assert!(offers(&page.body, &site.member(role).user_id), "{role} is offered");
    }
    for role in [Role::MemberResponsible, Role::Auditor] {
        assert!(!offers(&page.body, &site.member(role).user_id), "{role} must not be offered:\n{}", page.body);
    }
    let auditor = &site.member(Role::Auditor).user_id;
    let filtered = site.get(Some(&cookie), &format!("/cases?handler={auditor}")).await;
    filtered.expect(StatusCode::OK);
    assert!(filtered.body.contains(&format!(r#"<option value="{auditor}" selected"#)), "{}", filtered.body);
}
