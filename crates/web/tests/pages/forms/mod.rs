//! The lifecycle forms: log a complaint, acknowledge, respond, escalate, and a Code refusal
//! shown as an error summary; field errors; read-only roles. The response's task list, not
//! accepting and refusing, remedies and actions, the Ombudsman's and the progress forms, and
//! correspondence have their own modules.

pub(crate) mod correspondence;
mod drafts;
mod independence;
mod informing;
mod late_issue;
mod ombudsman;
mod progress;
mod refusals;
mod remedies;
mod respond;
mod when;

use axum::http::StatusCode;
use redress_app::{ResidentInput, Role};
use redress_storage::Backend;

use crate::site::{Reply, Site, email, encode};
use crate::{Case, case};
use correspondence::{
    attachments_over_the_limit_are_refused_with_the_form_kept,
    correspondence_is_recorded_with_attachments_that_round_trip,
};
use drafts::{
    a_draft_survives_a_new_sign_in_and_the_response_recorded_is_what_was_drafted,
    a_remedy_with_no_due_date_is_a_field_error_on_its_own_task_not_completed, a_removed_row_is_gone_from_the_draft,
    an_attachment_survives_an_error_and_goes_into_the_record_with_the_response,
};
use independence::code_6_13_a_stage_one_handler_cannot_act_at_stage_two_under_someone_elses_name;
use informing::{
    code_5_9_updates_due_and_overdue_show_on_the_home_page_the_case_list_and_the_case,
    code_6_4_the_new_due_date_is_shown_before_confirming_and_recorded_after,
};
use late_issue::code_2_3_a_complaint_about_an_old_issue_is_accepted_with_discretion_through_the_forms;
use ombudsman::several_findings_and_orders_are_recorded_and_complied_with;
use progress::{actions_are_updated_and_the_update_interval_agreed, another_landlords_case_is_not_found_on_any_form};
use refusals::{
    a_complaint_not_accepted_goes_to_the_ombudsman_through_the_forms,
    code_5_11_previously_considered_names_an_earlier_complaint_not_this_one_through_the_forms,
    points_are_added_and_escalation_refused_through_the_forms,
};
use remedies::remedies_and_actions_are_offered_and_completed_through_the_forms;
use respond::{
    code_6_19_the_stage_two_response_gives_the_ombudsmans_details_from_settings,
    the_response_is_prepared_as_a_task_list_and_recorded_when_complete,
};
use when::{
    code_5_12_a_time_in_the_future_or_before_the_complaint_was_received_is_refused_on_the_form,
    code_5_12_steps_recorded_after_the_deadlines_they_claim_to_meet_need_a_reason_and_are_counted_apart,
    code_6_2_a_letter_received_last_friday_and_logged_today_is_due_five_working_days_from_friday,
};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(a_complaint_is_logged_and_taken_to_stage_2_through_the_forms),
        case!(unreadable_input_gives_field_errors_and_keeps_the_values),
        case!(read_only_roles_see_no_actions_and_are_refused_the_forms),
        case!(a_complaint_not_accepted_goes_to_the_ombudsman_through_the_forms),
        case!(points_are_added_and_escalation_refused_through_the_forms),
        case!(code_5_11_previously_considered_names_an_earlier_complaint_not_this_one_through_the_forms),
        case!(remedies_and_actions_are_offered_and_completed_through_the_forms),
        case!(the_response_is_prepared_as_a_task_list_and_recorded_when_complete),
        case!(code_6_19_the_stage_two_response_gives_the_ombudsmans_details_from_settings),
        case!(a_draft_survives_a_new_sign_in_and_the_response_recorded_is_what_was_drafted),
        case!(a_remedy_with_no_due_date_is_a_field_error_on_its_own_task_not_completed),
        case!(a_removed_row_is_gone_from_the_draft),
        case!(an_attachment_survives_an_error_and_goes_into_the_record_with_the_response),
        case!(actions_are_updated_and_the_update_interval_agreed),
        case!(another_landlords_case_is_not_found_on_any_form),
        case!(several_findings_and_orders_are_recorded_and_complied_with),
        case!(correspondence_is_recorded_with_attachments_that_round_trip),
        case!(attachments_over_the_limit_are_refused_with_the_form_kept),
        case!(an_oversized_text_or_a_control_character_is_a_400_error_summary_and_changes_nothing),
        case!(code_6_13_a_stage_one_handler_cannot_act_at_stage_two_under_someone_elses_name),
        case!(code_2_3_a_complaint_about_an_old_issue_is_accepted_with_discretion_through_the_forms),
        case!(code_5_9_updates_due_and_overdue_show_on_the_home_page_the_case_list_and_the_case),
        case!(code_6_4_the_new_due_date_is_shown_before_confirming_and_recorded_after),
        case!(code_6_2_a_letter_received_last_friday_and_logged_today_is_due_five_working_days_from_friday),
        case!(code_5_12_a_time_in_the_future_or_before_the_complaint_was_received_is_refused_on_the_form),
        case!(code_5_12_steps_recorded_after_the_deadlines_they_claim_to_meet_need_a_reason_and_are_counted_apart),
    ]
}

pub(crate) const SAME_SITE: [(&str, &str); 1] = [("sec-fetch-site", "same-origin")];

fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

impl Site {
    pub(crate) async fn submit(&self, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> Reply {
        self.post(Some(cookie), path, &form(pairs), &SAME_SITE, None).await
    }

    /// Prepares a response through its task forms, posting `pairs` to each of the five
    /// required tasks (each keeps only its own fields), then records it. The record's reply,
    /// or the first task's reply that neither saved it (a redirect) nor showed field errors
    /// (a refusal of the caller, say).
    pub(crate) async fn respond(&self, cookie: &str, case: &str, pairs: &[(&str, &str)]) -> Reply {
        for task in ["decisions", "remedies", "actions", "escalation", "sent"] {
            let reply = self.submit(cookie, &format!("{case}/respond/{task}"), pairs).await;
            if ![StatusCode::SEE_OTHER, StatusCode::BAD_REQUEST].contains(&reply.status) {
                return reply;
            }
        }
        self.submit(cookie, &format!("{case}/respond"), &[("go", "record")]).await
    }

    pub(crate) async fn resident(&self, name: &str) -> String {
        let input = ResidentInput { name: name.into(), ..Default::default() };
        self.app.create_resident(self.member(Role::Handler), input).await.unwrap().id.into()
    }
}

pub(crate) fn acknowledge(handler: &str, points: &str) -> Vec<(String, String)> {
    [
        ("handler", handler),
        ("points", points),
        ("outcomes", "A working boiler"),
        ("responsible_for", "Repairing the boiler"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

pub(crate) fn pairs(owned: &[(String, String)]) -> Vec<(&str, &str)> {
    owned.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

pub(crate) fn logged_form(resident: &str) -> Vec<(&str, &str)> {
    vec![
        ("resident", resident),
        ("channel", "email"),
        ("issue_occurred_on-day", "20"),
        ("issue_occurred_on-month", "2"),
        ("issue_occurred_on-year", "2025"),
        ("description", "The boiler has failed twice"),
        ("categories", "repairs"),
        ("categories", "damp-and-mould"),
        ("complexity", "straightforward"),
        ("risks", "none"),
    ]
}

async fn a_complaint_is_logged_and_taken_to_stage_2_through_the_forms(backend: Backend) {
    let site = Site::new(backend).await;
    let resident = site.resident("Rosa Resident").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let handler = site.member(Role::Handler).user_id.clone();
    let officer = site.member(Role::ComplaintsOfficer).user_id.clone();

    let list = site.get(Some(&cookie), "/cases").await;
    assert!(list.body.contains(r#"href="/cases/new""#), "{}", list.body);
    let page = site.get(Some(&cookie), &format!("/cases/new?resident={resident}")).await;
    page.expect(StatusCode::OK).expect_page("Log a complaint");
    assert!(page.body.contains(r#"<dt class="govuk-summary-list__key">Resident</dt>"#), "{}", page.body);
    assert!(page.body.contains(&format!(r#"action="/cases/new?resident={resident}""#)), "{}", page.body);
    assert!(page.body.contains(r#"<div class="govuk-date-input" id="issue_occurred_on">"#));
    assert!(
        page.body.contains(r#"name="categories" type="checkbox" value="damp-and-mould">"#),
        "the organisation's categories, as checkboxes: {}",
        page.body
    );

    let logged = site.submit(&cookie, "/cases/new", &logged_form(&resident)).await;
    logged.expect(StatusCode::SEE_OTHER);
    let case = logged.header("location").unwrap().to_owned();
    let id = case.trim_start_matches("/cases/").to_owned();
    let page = site.get(Some(&cookie), &case).await;
    page.expect(StatusCode::OK);
    assert!(page.body.contains("The boiler has failed twice") && page.body.contains("Repairs, Damp and mould"));
    assert!(page.body.contains(&format!(r#"href="{case}/acknowledge""#)), "{}", page.body);
    assert!(!page.body.contains(&format!(r#"href="{case}/respond""#)), "only what the status allows");

    let form = site.get(Some(&cookie), &format!("{case}/acknowledge")).await;
    form.expect(StatusCode::OK).expect_page("Acknowledge and define the complaint");
    let first = acknowledge(&handler, "The boiler failed\nNo hot water for a week");
    site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&first)).await.expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains("No hot water for a week"));
    assert!(
        page.body.contains(&format!(r#"href="{case}/respond""#))
            && page.body.contains(&format!(r#"href="{case}/extend""#))
    );

    let list = site.get(Some(&cookie), &format!("{case}/respond")).await;
    list.expect(StatusCode::OK).expect_page("Record the response");
    assert!(list.body.contains(r#"<ul class="govuk-task-list">"#), "{}", list.body);
    let form = site.get(Some(&cookie), &format!("{case}/respond/decisions")).await;
    form.expect(StatusCode::OK).expect_page("Decide the complaint and each point");
    assert!(form.body.contains(r#"name="decision-P1""#) && form.body.contains(r#"name="reasons-P2""#), "{}", form.body);
    let respond = [
        ("decision", "upheld"),
        ("decision-P1", "upheld"),
        ("reasons-P1", "The repair was late under our repairs policy"),
        ("decision-P2", "partly_upheld"),
        ("reasons-P2", "Hot water was restored after four days"),
        ("remedy", "offered"),
        ("remedy-1-kind", "apology"),
        ("remedy-1-description", "A written apology"),
        ("remedy-1-due-day", "14"),
        ("remedy-1-due-month", "3"),
        ("remedy-1-due-year", "2025"),
        ("outstanding", "none"),
        ("escalation_contact", STAGE_TWO_ROUTE[0].1),
        ("escalation_how", STAGE_TWO_ROUTE[1].1),
        ("escalation_within", STAGE_TWO_ROUTE[2].1),
    ];
    let reply = site.respond(&cookie, &case, &respond).await;
    reply.expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains(&format!(r#"href="{case}/escalate""#)), "{}", page.body);

    // How the resident asked is asked every time: without it, nothing is recorded.
    let unsaid = site.submit(&cookie, &format!("{case}/escalate"), &[("reason", "Still no hot water")]).await;
    unsaid.expect(StatusCode::BAD_REQUEST);
    assert!(
        unsaid.body.contains(r##"<a href="#channel">Select how the resident asked for stage 2</a>"##),
        "{}",
        unsaid.body
    );
    let asked = [("channel", "phone"), ("reason", "Still no hot water")];
    site.submit(&cookie, &format!("{case}/escalate"), &asked).await.expect_redirect(&case);
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains("How they asked"), "{}", page.body);
    let before = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!((before.stage, before.status.as_str()), (2, "awaiting_acknowledgement"));

    // The stage 1 handler is not offered as stage 2's (Code 6.13), and the form says why.
    let form = site.get(Some(&cookie), &format!("{case}/acknowledge")).await;
    assert!(form.body.contains("People who took part in stage 1 are not listed (Code 6.13)"), "{}", form.body);
    assert!(!form.body.contains(&format!(r#"<option value="{handler}""#)), "stage 1's handler offered: {}", form.body);
    assert!(form.body.contains(&format!(r#"<option value="{officer}""#)), "{}", form.body);
    // Named anyway: refused, pointing at the field, with the values kept.
    let same = acknowledge(&handler, "Stage 2 point");
    let refused = site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&same)).await;
    refused.expect(StatusCode::BAD_REQUEST).expect_page("Error: Acknowledge and define the complaint");
    let html = &refused.body;
    assert!(html.contains(r#"<div class="govuk-error-summary" data-module="govuk-error-summary">"#), "{html}");
    assert!(html.contains(r##"<li><a href="#handler">Select the handler</a></li>"##), "{html}");
    assert!(html.contains(">Stage 2 point</textarea>"), "points kept: {html}");
    let after = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(after.events.len(), before.events.len(), "nothing recorded");
    assert_eq!(after.status.as_str(), "awaiting_acknowledgement");

    // Another handler, who records it: accepted (the stage 1 handler may not record it for
    // them: see `independence.rs`).
    let officer_cookie = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    let other = acknowledge(&officer, "Stage 2 point");
    site.submit(&officer_cookie, &format!("{case}/acknowledge"), &pairs(&other)).await.expect_redirect(&case);
    let done = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!((done.stage, done.status.as_str()), (2, "investigating"));
    assert!(site.get(Some(&cookie), &case).await.body.contains("Riverside complaints_officer"));
}

async fn unreadable_input_gives_field_errors_and_keeps_the_values(backend: Backend) {
    let site = Site::new(backend).await;
    let resident = site.resident("Rosa Resident").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let mut bad = logged_form(&resident);
    bad[2] = ("issue_occurred_on-day", "31");
    bad.retain(|(k, _)| *k != "channel");
    let reply = site.submit(&cookie, "/cases/new", &bad).await;
    reply.expect(StatusCode::BAD_REQUEST).expect_page("Error: Log a complaint");
    let html = &reply.body;
    assert!(
        html.contains(r##"<a href="#issue_occurred_on-day">Date the issue occurred must be a real date</a>"##),
        "{html}"
    );
    assert!(html.contains(r##"<a href="#channel">Select how the complaint arrived</a>"##), "{html}");
    assert!(html.contains(r#"id="issue_occurred_on-error" class="govuk-error-message""#), "{html}");
    assert!(html.contains(r#"name="issue_occurred_on-day" type="text" inputmode="numeric" value="31""#), "{html}");
    assert!(html.contains(">The boiler has failed twice</textarea>"), "{html}");
    assert!(site.get(Some(&cookie), "/cases").await.body.contains("0 cases"), "nothing logged");

    let id = site.complaint(site.member(Role::Handler), "Damp").await;
    let handler = site.member(Role::Handler).user_id.clone();
    site.submit(
        &cookie,
        &format!("/cases/{id}/acknowledge"),
        &[("handler", &handler), ("points", "Damp"), ("outcomes", "Fix it"), ("responsible_for", "Repairs")],
    )
    .await
    .expect(StatusCode::SEE_OTHER);
    let reply = site
        .submit(&cookie, &format!("/cases/{id}/extend"), &[("working_days", ""), ("reason", "Waiting for a survey")])
        .await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(
        reply.body.contains(r##"<a href="#working_days">Enter the working days to extend by</a>"##),
        "{}",
        reply.body
    );
    assert!(reply.body.contains(">Waiting for a survey</textarea>"));
    let reply = site.submit(&cookie, &format!("/cases/{id}/extend"), &[("working_days", "ten")]).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Working days to extend by must be a whole number, like 10"));
    site.get(Some(&cookie), &format!("/cases/{id}/nonsense")).await.expect(StatusCode::NOT_FOUND);
}

async fn read_only_roles_see_no_actions_and_are_refused_the_forms(backend: Backend) {
    let site = Site::new(backend).await;
    let resident = site.resident("Rosa Resident").await;
    let id = site.complaint(site.member(Role::Handler), "Noise").await;
    let handler = site.member(Role::Handler).user_id.clone();
    for role in [Role::Auditor, Role::MemberResponsible] {
        let cookie = site.sign_in(&email(role)).await;
        let page = site.get(Some(&cookie), &format!("/cases/{id}")).await;
        page.expect(StatusCode::OK);
        assert!(!page.body.contains(&format!("/cases/{id}/acknowledge")), "{role}: {}", page.body);
        assert!(!site.get(Some(&cookie), "/cases").await.body.contains("/cases/new"), "{role}");
        site.get(Some(&cookie), &format!("/cases/{id}/acknowledge")).await.expect(StatusCode::FORBIDDEN);
        site.get(Some(&cookie), "/cases/new").await.expect(StatusCode::FORBIDDEN);
        let reply = site
            .submit(&cookie, &format!("/cases/{id}/acknowledge"), &[("handler", &handler), ("points", "Noise")])
            .await;
        reply.expect(StatusCode::FORBIDDEN);
        site.submit(&cookie, "/cases/new", &logged_form(&resident)).await.expect(StatusCode::FORBIDDEN);
    }
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.status.as_str(), "awaiting_acknowledgement");
    assert_eq!(site.app.count_complaints(site.member(Role::Handler), &Default::default()).await.unwrap(), 1);
}

/// A case acknowledged with points P1 and P2 and responded to with remedy R1 (an apology).
pub(crate) async fn responded_case(site: &Site, cookie: &str) -> String {
    let id = site.complaint(site.member(Role::Handler), "The boiler has failed twice").await;
    let case = format!("/cases/{id}");
    let handler = site.member(Role::Handler).user_id.clone();
    let ack = acknowledge(&handler, "The boiler failed\nNo hot water for a week");
    site.submit(cookie, &format!("{case}/acknowledge"), &pairs(&ack)).await.expect_redirect(&case);
    respond(site, cookie, &case).await;
    id
}

async fn respond(site: &Site, cookie: &str, case: &str) {
    let respond = [
        ("decision", "upheld"),
        ("decision-P1", "upheld"),
        ("reasons-P1", "The repair was late"),
        ("decision-P2", "partly_upheld"),
        ("reasons-P2", "Hot water was restored after four days"),
        ("remedy", "offered"),
        ("remedy-1-kind", "apology"),
        ("remedy-1-description", "A written apology"),
        ("remedy-1-due-day", "14"),
        ("remedy-1-due-month", "3"),
        ("remedy-1-due-year", "2030"),
        ("outstanding", "none"),
        ("escalation_contact", STAGE_TWO_ROUTE[0].1),
        ("escalation_how", STAGE_TWO_ROUTE[1].1),
        ("escalation_within", STAGE_TWO_ROUTE[2].1),
    ];
    site.respond(cookie, case, &respond).await.expect_redirect(case);
}

/// The stage 1 response's route to stage 2, as its form posts it (Code 6.9 g).
pub(crate) const STAGE_TWO_ROUTE: [(&str, &str); 3] = [
    ("escalation_contact", "The complaints team"),
    ("escalation_how", "Reply to this letter"),
    ("escalation_within", "Within 20 working days of this response"),
];

pub(crate) async fn acknowledged_case(site: &Site, cookie: &str) -> String {
    let id = site.complaint(site.member(Role::Handler), "The boiler has failed twice").await;
    let case = format!("/cases/{id}");
    let handler = site.member(Role::Handler).user_id.clone();
    let ack = acknowledge(&handler, "The boiler failed\nNo hot water for a week");
    site.submit(cookie, &format!("{case}/acknowledge"), &pairs(&ack)).await.expect_redirect(&case);
    id
}

async fn an_oversized_text_or_a_control_character_is_a_400_error_summary_and_changes_nothing(backend: Backend) {
    let site = Site::new(backend).await;
    let resident = site.resident("Rosa Resident").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let megabyte = "a".repeat(1 << 20);
    fn with_description<'a>(resident: &'a str, description: &'a str) -> Vec<(&'a str, &'a str)> {
        let mut pairs = logged_form(resident);
        pairs.retain(|(k, _)| *k != "description");
        pairs.push(("description", description));
        pairs
    }
    for (description, says) in [
        (megabyte.as_str(), "The description must be 20,000 characters or fewer"),
        ("The boiler\0has failed", "The description must not contain control characters"),
    ] {
        let reply = site.submit(&cookie, "/cases/new", &with_description(&resident, description)).await;
        reply.expect(StatusCode::BAD_REQUEST).expect_page("Error: Log a complaint");
        assert!(reply.body.contains(r#"class="govuk-error-summary""#), "{}", reply.body);
        assert!(reply.body.contains(says), "{says}: {}", reply.body.chars().take(3000).collect::<String>());
    }
    assert!(site.get(Some(&cookie), "/cases").await.body.contains("0 cases"), "nothing logged");
    // The resident form too.
    let reply = site.submit(&cookie, "/residents/new", &[("name", "Rosa\0Resident")]).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("The resident&#39;s name must not contain"), "{}", reply.body);
    // A normal text, on several lines, is logged.
    let normal = with_description(&resident, "The boiler has failed twice.\r\nIt is cold.");
    site.submit(&cookie, "/cases/new", &normal).await.expect(StatusCode::SEE_OTHER);
    assert!(site.get(Some(&cookie), "/cases").await.body.contains("1 case"), "logged");
}
