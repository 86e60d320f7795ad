//! The response as a task list: each task its own form saving its part of the draft and
//! checking its own fields, several remedies and actions by "add another", and the Code's
//! checks deciding when the response is recorded.

use axum::http::StatusCode;
use redress_app::Role;
use redress_storage::Backend;

use redress_domain::complaint::HowToEscalate;
use redress_domain::ombudsman::OmbudsmanContact;

use super::{acknowledge, acknowledged_case, pairs, responded_case};
use crate::site::{Site, email};

pub async fn the_response_is_prepared_as_a_task_list_and_recorded_when_complete(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = acknowledged_case(&site, &cookie).await;
    let case = format!("/cases/{id}");
    let path = format!("{case}/respond");
    let task = |name: &str| format!("{path}/{name}");

    let list = site.get(Some(&cookie), &path).await;
    list.expect(StatusCode::OK).expect_page("Record the response");
    // When it was sent is done from the start: now, unless the task says otherwise.
    assert!(list.body.contains("You have completed 1 of 6 tasks"), "{}", list.body);
    assert_eq!(list.body.matches(">Not started</strong>").count(), 5, "{}", list.body);
    for name in ["decisions", "remedies", "actions", "escalation", "sent", "letter"] {
        assert!(list.body.contains(&format!(r#"href="{}" id="task-{name}""#, task(name))), "{name}: {}", list.body);
    }

    // Recording an empty draft: refused, citing the provision, nothing recorded.
    let refused = site.submit(&cookie, &path, &[("go", "record")]).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY).expect_page("Error: Record the response");
    assert!(
        refused.body.contains(
            r##"<a href="#task-decisions">The response must give the decision on the complaint (Code 6.9)</a>"##
        ),
        "{}",
        refused.body
    );

    // Decisions: a missing choice is a field error, with the values kept and saved.
    let form = site.get(Some(&cookie), &task("decisions")).await;
    form.expect(StatusCode::OK).expect_page("Decide the complaint and each point");
    assert!(form.body.contains(r#"name="go" value="save""#), "{}", form.body);
    let partial = [("decision", "upheld"), ("decision-P1", "upheld"), ("reasons-P1", "The repair was late")];
    let reply = site.submit(&cookie, &task("decisions"), &partial).await;
    reply.expect(StatusCode::BAD_REQUEST).expect_page("Error: Decide the complaint and each point");
    assert!(reply.body.contains(r##"<a href="#decision-P2">Select the decision on point P2</a>"##), "{}", reply.body);
    assert!(reply.body.contains(">The repair was late</textarea>"), "{}", reply.body);
    let list = site.get(Some(&cookie), &path).await;
    assert!(list.body.contains(">In progress</strong>"), "saved, not complete: {}", list.body);
    // Every point decided, P2 without reasons: a field error on its own task.
    let decided = [
        ("decision", "upheld"),
        ("decision-P1", "upheld"),
        ("reasons-P1", "The repair was late"),
        ("decision-P2", "partly_upheld"),
    ];
    let reply = site.submit(&cookie, &task("decisions"), &decided).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains(r##"<a href="#reasons-P2">Enter the reasons for the decision on point P2</a>"##),
        "{}",
        reply.body
    );

    // Remedies: two, the second added with "Add another remedy".
    let form = site.get(Some(&cookie), &task("remedies")).await;
    form.expect(StatusCode::OK).expect_page("Remedies");
    assert!(!form.body.contains(r#"name="remedy-2-kind""#));
    let first = [
        ("remedy", "offered"),
        ("remedy-1-kind", "apology"),
        ("remedy-1-description", "A written apology"),
        ("remedy-1-due-day", "14"),
        ("remedy-1-due-month", "3"),
        ("remedy-1-due-year", "2025"),
    ];
    let mut adding = first.to_vec();
    adding.push(("go", "add-remedy"));
    let form = site.submit(&cookie, &task("remedies"), &adding).await;
    form.expect(StatusCode::OK);
    assert!(form.body.contains(r#"name="remedy-2-kind""#), "{}", form.body);
    assert!(form.body.contains(">A written apology</textarea>"), "{}", form.body);
    let mut both = first.to_vec();
    both.extend([
        ("remedy_rows", "2"),
        ("remedy-2-kind", "financial"),
        ("remedy-2-description", "Compensation for the loss of hot water"),
        ("remedy-2-amount", "lots"),
        ("remedy-2-due-day", "1"),
        ("remedy-2-due-month", "4"),
        ("remedy-2-due-year", "2025"),
    ]);
    let reply = site.submit(&cookie, &task("remedies"), &both).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Amount, in pounds must be an amount, like 150.00"), "{}", reply.body);
    both[9] = ("remedy-2-amount", "150");
    site.submit(&cookie, &task("remedies"), &both).await.expect_redirect(&path);
    let list = site.get(Some(&cookie), &path).await;
    assert!(list.body.contains("You have completed 2 of 6 tasks"), "{}", list.body);

    // Outstanding actions: two, the second's date missing at first.
    let mut both = vec![
        ("outstanding", "some"),
        ("action_rows", "2"),
        ("action-1-description", "Service the boiler"),
        ("action-1-due-day", "2"),
        ("action-1-due-month", "5"),
        ("action-1-due-year", "2025"),
        ("action-2-description", "Check the radiators"),
    ];
    let reply = site.submit(&cookie, &task("actions"), &both).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains(r##"<a href="#action-2-due-day">Enter the date action 2 is due by</a>"##),
        "{}",
        reply.body
    );
    both.extend([("action-2-due-day", "9"), ("action-2-due-month", "5"), ("action-2-due-year", "2025")]);
    site.submit(&cookie, &task("actions"), &both).await.expect_redirect(&path);

    let form = site.get(Some(&cookie), &task("escalation")).await;
    form.expect(StatusCode::OK).expect_page("How to escalate");
    // Who to contact is prefilled; how and within what time are for the handler (Code 6.9 g).
    assert!(form.body.contains(r#"value="The complaints team""#), "{}", form.body);
    let route = [("escalation_contact", "The complaints team"), ("escalation_how", "Reply to this letter")];
    let reply = site.submit(&cookie, &task("escalation"), &route).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Enter within what time the resident should ask"), "{}", reply.body);
    let form = site.get(Some(&cookie), &task("escalation")).await;
    assert!(form.body.contains(r#"value="Reply to this letter""#), "kept: {}", form.body);
    let mut route = route.to_vec();
    route.push(("escalation_within", "Within 20 working days of this response"));
    site.submit(&cookie, &task("escalation"), &route).await.expect_redirect(&path);
    let list = site.get(Some(&cookie), &path).await;
    assert!(list.body.contains("You have completed 4 of 6 tasks"), "{}", list.body);

    // Recording checks every task again: the decisions are still unfinished.
    let refused = site.submit(&cookie, &path, &[("go", "record")]).await;
    refused.expect(StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains(
            r##"<a href="#task-decisions">Decide the complaint and each point: Enter the reasons for the decision on point P2</a>"##
        ),
        "{}",
        refused.body
    );
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.status.as_str(), "investigating", "nothing recorded");

    let form = site.get(Some(&cookie), &task("decisions")).await;
    assert!(form.body.contains(r#"value="partly_upheld" checked"#), "{}", form.body);
    let mut decided = decided.to_vec();
    decided.push(("reasons-P2", "Hot water was restored after four days"));
    site.submit(&cookie, &task("decisions"), &decided).await.expect_redirect(&path);
    let list = site.get(Some(&cookie), &path).await;
    assert!(list.body.contains("You have completed 5 of 6 tasks"), "the letter is optional: {}", list.body);
    site.submit(&cookie, &path, &[("go", "record")]).await.expect_redirect(&case);

    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.status.as_str(), "responded");
    assert_eq!(view.complaint.remedies.len(), 2);
    assert_eq!(view.complaint.remedies[1].amount_pence, Some(15000));
    assert_eq!(view.complaint.actions.len(), 2);
    let page = site.get(Some(&cookie), &case).await;
    for text in [
        "A written apology",
        "Compensation for the loss of hot water (£150.00)",
        "Service the boiler",
        "Check the radiators",
    ] {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }

    let auditor = site.sign_in(&email(Role::Auditor)).await;
    site.get(Some(&auditor), &path).await.expect(StatusCode::FORBIDDEN);
    site.get(Some(&auditor), &task("decisions")).await.expect(StatusCode::FORBIDDEN);
    site.submit(&auditor, &task("decisions"), &decided).await.expect(StatusCode::FORBIDDEN);
}

pub async fn code_6_19_the_stage_two_response_gives_the_ombudsmans_details_from_settings(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let id = responded_case(&site, &cookie).await;
    let case = format!("/cases/{id}");
    site.submit(&cookie, &format!("{case}/escalate"), &[("channel", "letter"), ("reason", "Still cold")])
        .await
        .expect_redirect(&case);
    // Stage 2 is someone else's (Code 6.13).
    let officer = site.member(Role::ComplaintsOfficer).user_id.clone();
    let cookie = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    let ack = acknowledge(&officer, "The stage 1 response ignored the cold");
    site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&ack)).await.expect_redirect(&case);

    let form = site.get(Some(&cookie), &format!("{case}/respond/escalation")).await;
    form.expect(StatusCode::OK).expect_page("How to escalate");
    for shown in [
        "right to refer the complaint to the Housing Ombudsman",
        "Housing Ombudsman Service<br>",
        "Telephone: 0300 111 3000",
        "Email: info@housing-ombudsman.org.uk",
        "Web: https://www.housing-ombudsman.org.uk",
        "Post: PO Box 1484, Unit D, Preston, PR2 0ET",
    ] {
        assert!(form.body.contains(shown), "{shown}: {}", form.body);
    }
    assert!(!form.body.contains(r#"name="escalation_contact""#), "no route to another stage: {}", form.body);

    let response = [
        ("decision", "not_upheld"),
        ("decision-P3", "not_upheld"),
        ("reasons-P3", "The stage 1 response addressed the heating"),
        ("remedy", "none"),
        ("no_remedy_reason", "Nothing to put right"),
        ("outstanding", "none"),
    ];
    site.respond(&cookie, &case, &response).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    let recorded = view.complaint.stage2.unwrap().response.unwrap().escalation;
    assert_eq!(recorded, HowToEscalate::Ombudsman { contact: OmbudsmanContact::housing_ombudsman_service() });
}
