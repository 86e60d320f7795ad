//! Residents' records: recording one, the record page, editing, representatives, contact
//! restrictions (Code 5.14, 5.15), another landlord's residents, managing agents' staff and
//! read-only roles.

use axum::http::StatusCode;
use redress_app::{Actor, ComplaintIntake, ResidentInput, Role};
use redress_domain::people::ReasonableAdjustment;
use redress_storage::{Backend, OrganisationKind};
use serde_json::json;

use crate::site::{OUTSIDER, PASSWORD, Reply, Site, email, encode};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(a_resident_is_recorded_found_and_their_record_shown),
        case!(unreadable_or_refused_resident_input_changes_nothing),
        case!(an_overdue_review_is_tagged_on_the_record),
        case!(details_are_changed_keeping_the_record_and_representatives_added),
        case!(a_contact_restriction_the_code_refuses_cites_the_provision),
        case!(another_landlords_resident_is_not_found),
        case!(agent_staff_see_only_the_residents_of_the_complaints_they_handle),
        case!(read_only_roles_read_records_but_are_refused_the_forms),
    ]
}

const SAME_SITE: [(&str, &str); 1] = [("sec-fetch-site", "same-origin")];

/// A form body from pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// Posts a form as a browser on the same site.
pub async fn send(site: &Site, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> Reply {
    site.post(Some(cookie), path, &form(pairs), &SAME_SITE, None).await
}

/// Records a resident as the landlord's handler.
pub async fn resident(site: &Site, name: &str) -> String {
    let input =
        ResidentInput { name: name.into(), address: Some(format!("{name}'s house, River Row")), ..Default::default() };
    site.app.create_resident(site.member(Role::Handler), input).await.unwrap().id.into()
}

/// Logs a complaint of `resident` as `actor`, handled by `handling` (default: the landlord).
pub async fn complaint_of(site: &Site, actor: &Actor, resident: &str, handling: Option<&str>) -> String {
    let intake: ComplaintIntake = serde_json::from_value(json!({
        "channel": "phone",
        "issue_occurred_on": "2025-02-20",
        "complexity": "straightforward",
        "risks": [],
        "description": "The lift is broken",
        "resident_id": resident,
        "handling_organisation_id": handling,
    }))
    .unwrap();
    site.app.log_complaint(actor, intake, None).await.unwrap().view.id.into()
}

/// A managing agent acting for the landlord, with a handler who can sign in; its id and the
/// handler's session cookie.
pub async fn agent(site: &Site) -> (String, String) {
    let landlord = site.member(Role::Handler).organisation_id.clone();
    let agent = site
        .app
        .create_organisation("Riverside Estate Services", OrganisationKind::ManagingAgent, Some(landlord))
        .await
        .unwrap();
    let (user, _) = site.app.add_user(&agent, "Ada Agent", Role::Handler).await.unwrap();
    site.app.set_password(&agent.id, &user.id, "handler@estates.example", PASSWORD).await.unwrap();
    let cookie = site.sign_in("handler@estates.example").await;
    (agent.id.into(), cookie)
}

fn new_resident_form() -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", "Rosa Resident"),
        ("email", "rosa@example.org"),
        ("phone", "07700 900123"),
        ("address", "4 River Row, Anytown"),
        ("preferred_contact_method", "email"),
        ("preferred_format", "large print"),
        ("disabilities", "Sight loss\n\n"),
        ("vulnerabilities", "Lives alone"),
        ("adjustment_1", "Letters in 18 point"),
        ("review_1-day", "1"),
        ("review_1-month", "9"),
        ("review_1-year", "2025"),
        ("adjustment_2", ""),
        ("review_2-day", ""),
        ("review_2-month", ""),
        ("review_2-year", ""),
    ]
}

async fn a_resident_is_recorded_found_and_their_record_shown(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let list = site.get(Some(&cookie), "/residents").await;
    list.expect(StatusCode::OK).expect_page("Residents");
    assert!(list.body.contains(r#"href="/residents/new""#), "{}", list.body);
    assert!(list.body.contains(r#"aria-current="page""#) && list.body.contains(">Residents</strong>"));
    let page = site.get(Some(&cookie), "/residents/new").await;
    page.expect(StatusCode::OK).expect_page("Record a resident");
    assert!(page.body.contains(r#"<div class="govuk-date-input" id="review_1">"#), "{}", page.body);
    assert!(!page.body.contains("govuk-error-summary"));

    let reply = send(&site, &cookie, "/residents/new", &new_resident_form()).await;
    reply.expect(StatusCode::SEE_OTHER);
    let path = reply.header("location").unwrap().to_owned();
    let id = path.trim_start_matches("/residents/").to_owned();
    let stored = site.app.resident(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap().resident;
    assert_eq!(stored.details.disabilities, json!(["Sight loss"]));
    let agreed =
        ReasonableAdjustment { adjustment: "Letters in 18 point".into(), review_on: "2025-09-01".parse().unwrap() };
    assert_eq!(stored.details.reasonable_adjustments, json!([agreed]));
    assert_eq!(stored.details.support_review_on, Some(agreed.review_on));

    let record = site.get(Some(&cookie), &path).await;
    record.expect(StatusCode::OK).expect_page("Rosa Resident");
    let html = &record.body;
    for text in [
        "rosa@example.org",
        "07700 900123",
        "large print",
        "Sight loss",
        "Lives alone",
        "Letters in 18 point",
        "1 September 2025",
    ] {
        assert!(html.contains(text), "{text} in {html}");
    }
    assert!(!html.contains("Review overdue"), "{html}");
    assert!(html.contains(&format!(r#"href="/residents/{id}/restrictions/new""#)), "{html}");

    resident(&site, "Sam Second").await;
    let all = site.get(Some(&cookie), "/residents").await;
    assert!(all.body.contains("2 residents") && all.body.contains("Sam Second"), "{}", all.body);
    let found = site.get(Some(&cookie), "/residents?q=river+row%2C+any").await;
    assert!(found.body.contains("1 resident<") || found.body.contains("1 resident,"), "{}", found.body);
    assert!(found.body.contains(&format!(r#"href="/residents/{id}""#)) && !found.body.contains("Sam Second"));
    let by_name = site.get(Some(&cookie), "/residents?q=SAM").await;
    assert!(by_name.body.contains("Sam Second") && !by_name.body.contains("Rosa Resident"), "{}", by_name.body);
}

async fn unreadable_or_refused_resident_input_changes_nothing(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let mut bad = new_resident_form();
    bad[0] = ("name", " ");
    bad[10] = ("review_1-month", "13");
    bad.push(("review_2-day", "2"));
    let reply = send(&site, &cookie, "/residents/new", &bad).await;
    reply.expect(StatusCode::BAD_REQUEST).expect_page("Error: Record a resident");
    let html = &reply.body;
    assert!(html.contains(r#"<div class="govuk-error-summary" data-module="govuk-error-summary">"#), "{html}");
    assert!(html.contains(r##"<a href="#name">Enter the resident&#39;s full name</a>"##), "{html}");
    assert!(html.contains(r##"<a href="#review_1-day">Review adjustment 1 by must be a real date</a>"##), "{html}");
    assert!(html.contains("rosa@example.org"), "values kept: {html}");

    // A review date that is not in the future: the Code's refusal, citing 5.10.
    let mut past = new_resident_form();
    past[11] = ("review_1-year", "2024");
    let refused = send(&site, &cookie, "/residents/new", &past).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY).expect_page("Error: Record a resident");
    assert!(
        refused.body.contains("A reasonable adjustment needs a review date in the future (Code 5.10)"),
        "{}",
        refused.body
    );
    assert!(site.app.residents(site.member(Role::Handler)).await.unwrap().is_empty());
}

async fn an_overdue_review_is_tagged_on_the_record(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let id = resident(&site, "Rosa Resident").await;
    // Agreed last year and not reviewed since.
    let mut details = site.app.resident(handler, &id.parse().unwrap()).await.unwrap().resident.details;
    details.reasonable_adjustments = json!([{ "adjustment": "Calls booked in advance", "review_on": "2025-03-03" }]);
    site.db
        .update_resident(
            &handler.organisation_id,
            &id.parse().unwrap(),
            &details,
            "2024-03-03T10:00:00Z".parse().unwrap(),
        )
        .await
        .unwrap();
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let record = site.get(Some(&cookie), &format!("/residents/{id}")).await;
    record.expect(StatusCode::OK);
    assert!(
        record.body.contains("3 March 2025 <strong class=\"govuk-tag govuk-tag--red\">Review overdue</strong>"),
        "{}",
        record.body
    );

    // Changing the phone number keeps the overdue adjustment as it was...
    let edit = site.get(Some(&cookie), &format!("/residents/{id}/edit")).await;
    edit.expect(StatusCode::OK).expect_page("Change the resident&#39;s record");
    assert!(edit.body.contains(r#"value="Calls booked in advance""#), "{}", edit.body);
    let keep = [
        ("name", "Rosa Resident"),
        ("phone", "07700 900999"),
        ("adjustment_1", "Calls booked in advance"),
        ("review_1-day", "3"),
        ("review_1-month", "3"),
        ("review_1-year", "2025"),
        ("adjustment_2", ""),
    ];
    send(&site, &cookie, &format!("/residents/{id}/edit"), &keep).await.expect_redirect(&format!("/residents/{id}"));
    let stored = site.app.resident(handler, &id.parse().unwrap()).await.unwrap().resident;
    assert_eq!(stored.details.phone.as_deref(), Some("07700 900999"));
    assert_eq!(stored.details.reasonable_adjustments, details.reasonable_adjustments);
    // ...but a changed one needs a review date in the future (Code 5.10).
    let mut change = keep;
    change[2] = ("adjustment_1", "Calls booked a day in advance");
    let refused = send(&site, &cookie, &format!("/residents/{id}/edit"), &change).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Code 5.10"), "{}", refused.body);
    assert_eq!(site.app.resident(handler, &id.parse().unwrap()).await.unwrap().resident, stored);
}

async fn details_are_changed_keeping_the_record_and_representatives_added(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let created = send(&site, &cookie, "/residents/new", &new_resident_form()).await;
    let path = created.header("location").unwrap().to_owned();
    let id = path.trim_start_matches("/residents/").to_owned();
    let before = site.app.resident(handler, &id.parse().unwrap()).await.unwrap().resident;

    let mut changed = new_resident_form();
    changed[1] = ("email", "rosa.new@example.org");
    changed[4] = ("preferred_contact_method", "letter");
    // The spare row, filled in.
    changed[12] = ("adjustment_2", "Easy Read");
    changed[13] = ("review_2-day", "1");
    changed[14] = ("review_2-month", "1");
    changed[15] = ("review_2-year", "2026");
    send(&site, &cookie, &format!("{path}/edit"), &changed).await.expect_redirect(&path);
    let after = site.app.resident(handler, &id.parse().unwrap()).await.unwrap().resident;
    assert_eq!(after.details.email.as_deref(), Some("rosa.new@example.org"));
    assert_eq!(after.details.preferred_contact_method.as_deref(), Some("letter"));
    assert_eq!(after.details.reasonable_adjustments.as_array().unwrap().len(), 2);
    assert_eq!(after.details.support_review_on, before.details.support_review_on);
    assert_eq!(after.created_at, before.created_at);

    let form = site.get(Some(&cookie), &format!("{path}/representatives/new")).await;
    form.expect(StatusCode::OK).expect_page("Add a representative");
    let missing = send(&site, &cookie, &format!("{path}/representatives/new"), &[("name", "Dora Daughter")]).await;
    missing.expect(StatusCode::BAD_REQUEST).expect_page("Error: Add a representative");
    assert!(missing.body.contains(r##"<a href="#relationship">"##), "{}", missing.body);
    assert!(site.app.resident(handler, &id.parse().unwrap()).await.unwrap().representatives.is_empty());
    let rep = [("name", "Dora Daughter"), ("relationship", "Daughter"), ("authority_evidence", "")];
    send(&site, &cookie, &format!("{path}/representatives/new"), &rep).await.expect_redirect(&path);
    let record = site.get(Some(&cookie), &path).await;
    assert!(record.body.contains("Dora Daughter") && record.body.contains("No authority on record"), "{}", record.body);
    assert!(record.body.contains("rosa.new@example.org") && record.body.contains("Easy Read"));
}

fn restriction(equality: &'static str, review_year: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("behaviour", "Abusive phone calls to the repairs team"),
        ("evidence", "Call recordings of 3 and 5 February"),
        ("restriction", "Contact by email to a named officer; complaints by email or letter"),
        ("proportionality", "Every route to raise repairs and complaints stays open"),
        ("equality_act_consideration", equality),
        ("starts_on-day", "4"),
        ("starts_on-month", "3"),
        ("starts_on-year", "2025"),
        ("review_on-day", "4"),
        ("review_on-month", "6"),
        ("review_on-year", review_year),
    ]
}

async fn a_contact_restriction_the_code_refuses_cites_the_provision(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let id = resident(&site, "Rosa Resident").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let path = format!("/residents/{id}/restrictions/new");
    let page = site.get(Some(&cookie), &path).await;
    page.expect(StatusCode::OK).expect_page("Restrict contact");
    assert!(page.body.contains(r#"<div class="govuk-date-input" id="review_on">"#));

    let refused = send(&site, &cookie, &path, &restriction(" ", "2025")).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY).expect_page("Error: Restrict contact");
    assert!(
        refused.body.contains(
            r##"<a href="#behaviour">A restriction must be shown to be proportionate, with regard to the Equality Act 2010 (Code 5.15)</a>"##
        ),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("Call recordings of 3 and 5 February"), "values kept");
    let never_reviewed = send(&site, &cookie, &path, &restriction("No disability disclosed", "2027")).await;
    never_reviewed.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        never_reviewed
            .body
            .contains("A restriction must be reviewed regularly: set a review date within a year (Code 5.14)"),
        "{}",
        never_reviewed.body
    );
    let mut no_date = restriction("No disability disclosed", "2025");
    no_date.truncate(8);
    let unreadable = send(&site, &cookie, &path, &no_date).await;
    unreadable.expect(StatusCode::BAD_REQUEST);
    assert!(unreadable.body.contains(r##"<a href="#review_on-day">Enter the review date</a>"##), "{}", unreadable.body);
    assert!(site.app.restrictions(handler, &id.parse().unwrap()).await.unwrap().is_empty());

    send(&site, &cookie, &path, &restriction("No disability disclosed", "2025"))
        .await
        .expect_redirect(&format!("/residents/{id}"));
    assert_eq!(site.app.restrictions(handler, &id.parse().unwrap()).await.unwrap().len(), 1);
    let record = site.get(Some(&cookie), &format!("/residents/{id}")).await;
    assert!(
        record.body.contains("Contact by email to a named officer") && record.body.contains("4 June 2025"),
        "{}",
        record.body
    );
}

async fn another_landlords_resident_is_not_found(backend: Backend) {
    let site = Site::new(backend).await;
    let id = resident(&site, "Rosa Resident").await;
    let cookie = site.sign_in(OUTSIDER).await;
    for path in [
        format!("/residents/{id}"),
        format!("/residents/{id}/edit"),
        format!("/residents/{id}/representatives/new"),
        format!("/residents/{id}/restrictions/new"),
    ] {
        site.get(Some(&cookie), &path).await.expect(StatusCode::NOT_FOUND).expect_page("Page not found");
    }
    let post = send(&site, &cookie, &format!("/residents/{id}/restrictions/new"), &restriction("None", "2025")).await;
    post.expect(StatusCode::NOT_FOUND);
    assert!(site.app.restrictions(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap().is_empty());
    let list = site.get(Some(&cookie), "/residents").await;
    assert!(list.body.contains("0 residents") && !list.body.contains("Rosa Resident"), "{}", list.body);
}

async fn agent_staff_see_only_the_residents_of_the_complaints_they_handle(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let (agent, cookie) = agent(&site).await;
    let theirs = resident(&site, "Alma Assigned").await;
    let landlords = resident(&site, "Lena Landlord").await;
    let nobody = resident(&site, "Nia Nocomplaint").await;
    let assigned = complaint_of(&site, handler, &theirs, Some(&agent)).await;
    let kept = complaint_of(&site, handler, &landlords, None).await;
    // A second complaint of the agent's resident, kept by the landlord, stays hidden.
    let other = complaint_of(&site, handler, &theirs, None).await;

    let list = site.get(Some(&cookie), "/residents").await;
    list.expect(StatusCode::OK);
    assert!(list.body.contains("Alma Assigned") && list.body.contains("1 resident"), "{}", list.body);
    assert!(!list.body.contains("Lena Landlord") && !list.body.contains("Nia Nocomplaint"));
    assert!(!list.body.contains(r#"href="/residents/new""#), "agents do not keep the register");
    let record = site.get(Some(&cookie), &format!("/residents/{theirs}")).await;
    record.expect(StatusCode::OK).expect_page("Alma Assigned");
    assert!(record.body.contains(&format!(r#"href="/cases/{assigned}""#)), "{}", record.body);
    assert!(!record.body.contains(&format!(r#"href="/cases/{other}""#)), "{}", record.body);
    assert!(!record.body.contains("/restrictions/new"));
    for hidden in [&landlords, &nobody] {
        site.get(Some(&cookie), &format!("/residents/{hidden}")).await.expect(StatusCode::NOT_FOUND);
    }
    site.get(Some(&cookie), &format!("/cases/{kept}")).await.expect(StatusCode::NOT_FOUND);
    site.get(Some(&cookie), "/residents/new").await.expect(StatusCode::FORBIDDEN);
    site.get(Some(&cookie), &format!("/residents/{theirs}/restrictions/new")).await.expect(StatusCode::FORBIDDEN);
    let post =
        send(&site, &cookie, &format!("/residents/{theirs}/restrictions/new"), &restriction("None", "2025")).await;
    post.expect(StatusCode::FORBIDDEN);

    // The landlord's staff see them all.
    let landlord = site.sign_in(&email(Role::Handler)).await;
    let all = site.get(Some(&landlord), "/residents").await;
    assert!(all.body.contains("3 residents"), "{}", all.body);
    let record = site.get(Some(&landlord), &format!("/residents/{theirs}")).await;
    assert!(
        record.body.contains(&format!(r#"href="/cases/{other}""#))
            && record.body.contains(&format!(r#"href="/cases/{assigned}""#))
    );
}

async fn read_only_roles_read_records_but_are_refused_the_forms(backend: Backend) {
    let site = Site::new(backend).await;
    let id = resident(&site, "Rosa Resident").await;
    for role in [Role::MemberResponsible, Role::Auditor] {
        let cookie = site.sign_in(&email(role)).await;
        let record = site.get(Some(&cookie), &format!("/residents/{id}")).await;
        record.expect(StatusCode::OK).expect_page("Rosa Resident");
        assert!(!record.body.contains(&format!("/residents/{id}/edit")), "{role}: {}", record.body);
        assert!(!site.get(Some(&cookie), "/residents").await.body.contains("/residents/new"));
        for path in [
            "/residents/new".to_owned(),
            format!("/residents/{id}/edit"),
            format!("/residents/{id}/representatives/new"),
            format!("/residents/{id}/restrictions/new"),
        ] {
            site.get(Some(&cookie), &path).await.expect(StatusCode::FORBIDDEN);
            send(&site, &cookie, &path, &new_resident_form()).await.expect(StatusCode::FORBIDDEN);
        }
    }
    let record = site.app.resident(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(record.resident.details.name, "Rosa Resident");
    assert!(record.representatives.is_empty());
    assert_eq!(site.app.residents(site.member(Role::Handler)).await.unwrap().len(), 1);
}
