//! The settings pages: administrators only, organisation details, closure days moving
//! deadlines, the policy's exclusion grounds, users and roles with their recorded history,
//! and the sign-in throttle kept in the database.

use redress_domain::complaint::{Command, ExclusionGround, NotAccept};
use std::sync::Arc;

use axum::http::StatusCode;
use jiff::Timestamp;
use redress_app::{App, FixedClock, Role, SignIn};
use redress_domain::calendar::WorkingCalendar;
use redress_storage::Backend;

use crate::site::{PASSWORD, Reply, Site, email, encode};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(settings_pages_are_for_administrators_only),
        case!(organisation_details_are_saved_and_bad_input_changes_nothing),
        case!(code_6_5_the_ombudsmans_details_start_as_published_and_are_edited_in_settings),
        case!(a_closure_day_moves_a_deadline_and_can_be_removed),
        case!(code_2_2_a_policy_ground_must_be_one_listed_in_settings_once_any_are),
        case!(an_administrator_adds_a_user_who_can_then_sign_in),
        case!(role_changes_are_recorded_in_the_history_and_answer_who_held_a_role),
        case!(code_4_1_the_complaints_officers_appointment_is_on_record),
        case!(code_9_4_the_senior_leads_appointment_is_on_record),
        case!(code_9_5_the_member_responsible_for_complaints_appointment_is_on_record),
        case!(disabling_a_user_on_the_users_page_ends_their_session_at_once),
        case!(the_sign_in_throttle_survives_a_new_application_over_the_same_database),
    ]
}

const SAME_SITE: [(&str, &str); 1] = [("sec-fetch-site", "same-origin")];

const PAGES: [(&str, &str); 6] = [
    ("/settings", "Settings"),
    ("/settings/organisation", "Organisation details"),
    ("/settings/closure-days", "Closure days"),
    ("/settings/exclusion-grounds", "Exclusion grounds"),
    ("/settings/categories", "Categories"),
    ("/settings/users", "Users and roles"),
];

fn form(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

async fn submit(site: &Site, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> Reply {
    site.post(Some(cookie), path, &form(pairs), &SAME_SITE, None).await
}

#[track_caller]
fn expect_error(reply: &Reply, field: &str, message: &str) {
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("<title>Error: "), "{}", reply.body);
    let link = format!(r##"<a href="#{field}">{message}</a>"##);
    assert!(reply.body.contains(&link), "{link} in {}", reply.body);
}

async fn settings_pages_are_for_administrators_only(backend: Backend) {
    let site = Site::new(backend).await;
    let admin = site.sign_in(&email(Role::Admin)).await;
    for (path, title) in PAGES {
        site.get(Some(&admin), path).await.expect(StatusCode::OK).expect_page(title);
    }
    let home = site.get(Some(&admin), "/").await;
    assert!(home.body.contains(r#"href="/settings""#), "admins see Settings: {}", home.body);
    let handler = site.member(Role::Handler).user_id.clone();
    let posts = [
        ("/settings/organisation", form(&[("name", "Taken Over")])),
        (
            "/settings/closure-days",
            form(&[("day-day", "29"), ("day-month", "12"), ("day-year", "2025"), ("name", "X")]),
        ),
        ("/settings/closure-days/remove", form(&[("value", "2025-12-29")])),
        ("/settings/exclusion-grounds", form(&[("wording", "Anything")])),
        ("/settings/exclusion-grounds/remove", form(&[("value", "Anything")])),
        ("/settings/categories", form(&[("name", "Anything")])),
        ("/settings/categories/repairs/rename", form(&[("name", "Anything")])),
        ("/settings/categories/repairs/retire", String::new()),
        (
            "/settings/users",
            form(&[("name", "Eve"), ("email", "eve@x.example"), ("password", PASSWORD), ("role", "admin")]),
        ),
        (&format!("/settings/users/{handler}/role") as &str, form(&[("role", "admin")])),
        (&format!("/settings/users/{handler}/disable"), String::new()),
        (&format!("/settings/users/{handler}/enable"), String::new()),
    ];
    for role in Role::ALL.into_iter().filter(|r| *r != Role::Admin) {
        let cookie = site.sign_in(&email(role)).await;
        for (path, _) in PAGES {
            site.get(Some(&cookie), path).await.expect(StatusCode::FORBIDDEN);
        }
        for (path, body) in &posts {
            site.post(Some(&cookie), path, body, &SAME_SITE, None).await.expect(StatusCode::FORBIDDEN);
        }
        let home = site.get(Some(&cookie), "/").await;
        assert!(!home.body.contains(r#"href="/settings""#), "{role} sees no Settings link");
    }
    // Nothing changed.
    let org = site.db.get_organisation(&site.member(Role::Admin).organisation_id).await.unwrap().unwrap();
    assert_eq!(org.name, "Riverside Homes");
    assert!(site.db.list_closure_days(&org.id).await.unwrap().is_empty());
    assert!(site.db.list_policy_grounds(&org.id).await.unwrap().is_empty());
    assert!(site.db.categories(&org.id).await.unwrap().iter().all(|c| c.name != "Anything" && !c.retired));
    let handler = site.db.get_user(&org.id, &handler).await.unwrap().unwrap();
    assert_eq!((handler.role.as_str(), handler.disabled), ("handler", false));
    assert!(site.db.find_credentials("eve@x.example").await.unwrap().is_none());
    // Signed out, a settings page sends to sign in.
    site.get(None, "/settings/users").await.expect_redirect("/sign-in");
}

async fn organisation_details_are_saved_and_bad_input_changes_nothing(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Admin)).await;
    let path = "/settings/organisation";
    let bad = with_ombudsman(&[("name", " "), ("complaints_email", "complaints@riverside.example")]);
    let reply = submit(&site, &cookie, path, &bad).await;
    expect_error(&reply, "name", "Enter the organisation&#39;s name");
    assert!(reply.body.contains(r#"value="complaints@riverside.example""#), "values kept");
    let bad_url = with_ombudsman(&[("name", "Riverside Homes"), ("policy_url", "riverside.example/policy")]);
    expect_error(
        &submit(&site, &cookie, path, &bad_url).await,
        "policy_url",
        "Enter the policy&#39;s web address starting https://",
    );
    let taken = with_ombudsman(&[("name", "Hillside Housing")]);
    expect_error(
        &submit(&site, &cookie, path, &taken).await,
        "name",
        "Another organisation is already called Hillside Housing",
    );
    let org = &site.member(Role::Admin).organisation_id;
    assert_eq!(site.db.get_organisation_details(org).await.unwrap(), None, "nothing saved");

    let good = with_ombudsman(&[
        ("name", "Riverside Homes Ltd"),
        ("address", "1 River Street\nRivertown"),
        ("complaints_email", "complaints@riverside.example"),
        ("complaints_phone", "0100 000 000"),
        ("policy_url", "https://riverside.example/complaints"),
        ("ombudsman_member_number", "HOS-4321"),
    ]);
    submit(&site, &cookie, path, &good).await.expect_redirect(path);
    let page = site.get(Some(&cookie), path).await;
    page.expect(StatusCode::OK).expect_page("Organisation details");
    assert!(page.body.contains(r#"value="HOS-4321""#), "{}", page.body);
    assert!(page.body.contains(">1 River Street\nRivertown</textarea>"), "{}", page.body);
    assert!(page.body.contains("Riverside Homes Ltd</a>"), "header shows the new name: {}", page.body);
}

/// The organisation form's fields with the Housing Ombudsman's details, as the page prefills them.
fn with_ombudsman<'a>(pairs: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = pairs.to_vec();
    all.extend([
        ("ombudsman_name", "Housing Ombudsman Service"),
        ("ombudsman_telephone", "0300 111 3000"),
        ("ombudsman_email", "info@housing-ombudsman.org.uk"),
        ("ombudsman_web_address", "https://www.housing-ombudsman.org.uk"),
        ("ombudsman_postal_address", "PO Box 1484, Unit D, Preston, PR2 0ET"),
    ]);
    all
}

async fn code_6_5_the_ombudsmans_details_start_as_published_and_are_edited_in_settings(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Admin)).await;
    let path = "/settings/organisation";
    let page = site.get(Some(&cookie), path).await;
    page.expect(StatusCode::OK);
    for shown in [
        r#"value="Housing Ombudsman Service""#,
        r#"value="0300 111 3000""#,
        r#"value="info@housing-ombudsman.org.uk""#,
        r#"value="https://www.housing-ombudsman.org.uk""#,
        ">PO Box 1484, Unit D, Preston, PR2 0ET</textarea>",
    ] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
    let name = [("name", "Riverside Homes")];
    let mut blank = with_ombudsman(&name);
    blank.retain(|(field, _)| *field != "ombudsman_telephone");
    expect_error(
        &submit(&site, &cookie, path, &blank).await,
        "ombudsman_telephone",
        "Enter the Ombudsman&#39;s telephone number",
    );
    let mut bad_email = with_ombudsman(&name);
    bad_email.retain(|(field, _)| *field != "ombudsman_email");
    bad_email.push(("ombudsman_email", "housing-ombudsman.org.uk"));
    expect_error(
        &submit(&site, &cookie, path, &bad_email).await,
        "ombudsman_email",
        "Enter the Ombudsman&#39;s email address in the correct format, like info@housing-ombudsman.org.uk",
    );
    let org = &site.member(Role::Admin).organisation_id;
    assert_eq!(site.db.get_organisation_details(org).await.unwrap(), None, "nothing saved");
    let mut moved = with_ombudsman(&name);
    moved.retain(|(field, _)| *field != "ombudsman_telephone");
    moved.push(("ombudsman_telephone", "0300 111 3001"));
    submit(&site, &cookie, path, &moved).await.expect_redirect(path);
    let saved = site.db.get_organisation_details(org).await.unwrap().unwrap().ombudsman;
    assert_eq!(saved.telephone, "0300 111 3001");
    assert_eq!(saved.name, "Housing Ombudsman Service");
}

async fn a_closure_day_moves_a_deadline_and_can_be_removed(backend: Backend) {
    let site = Site::new(backend).await;
    let id = site.complaint(site.member(Role::Handler), "Damp in the bedroom").await;
    let cookie = site.sign_in(&email(Role::Admin)).await;
    let case = format!("/cases/{id}");
    let due = |date: &str| format!("<td class=\"govuk-table__cell\">{date}</td>");
    // Received Tuesday 4 March 2025: acknowledge within 5 working days, by 11 March.
    assert!(site.get(Some(&cookie), &case).await.body.contains(&due("11 March 2025")));

    let path = "/settings/closure-days";
    let weekend = [("day-day", "8"), ("day-month", "3"), ("day-year", "2025"), ("name", "Staff day")];
    expect_error(
        &submit(&site, &cookie, path, &weekend).await,
        "day-day",
        "8 March 2025 is a weekend day, which is never a working day",
    );
    let unreal = [("day-day", "31"), ("day-month", "2"), ("day-year", "2025"), ("name", "Staff day")];
    let reply = submit(&site, &cookie, path, &unreal).await;
    expect_error(&reply, "day-day", "The date of the closure day must be a real date, like 29 12 2025");
    assert!(reply.body.contains(r#"value="Staff day""#), "values kept");
    let unnamed = [("day-day", "6"), ("day-month", "3"), ("day-year", "2025"), ("name", "")];
    expect_error(
        &submit(&site, &cookie, path, &unnamed).await,
        "name",
        "Enter what the closure is, like Christmas closure",
    );
    let org = &site.member(Role::Admin).organisation_id;
    assert!(site.db.list_closure_days(org).await.unwrap().is_empty(), "nothing added");

    let staff_day = [("day-day", "6"), ("day-month", "3"), ("day-year", "2025"), ("name", "Staff training day")];
    submit(&site, &cookie, path, &staff_day).await.expect_redirect(path);
    let page = site.get(Some(&cookie), path).await;
    assert!(page.body.contains("6 March 2025") && page.body.contains("Staff training day"), "{}", page.body);
    expect_error(
        &submit(&site, &cookie, path, &staff_day).await,
        "day-day",
        "6 March 2025 is already a closure day (Staff training day)",
    );
    // The deadline moves a working day later.
    let shown = site.get(Some(&cookie), &case).await;
    assert!(shown.body.contains(&due("12 March 2025")), "{}", shown.body);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.deadlines[0].due, jiff::civil::date(2025, 3, 12));
    // Another landlord's deadlines do not move.
    let other = site.complaint(&site.outsider, "Their complaint").await;
    assert_eq!(
        site.app.complaint(&site.outsider, &other.parse().unwrap()).await.unwrap().deadlines[0].due,
        jiff::civil::date(2025, 3, 11)
    );

    submit(&site, &cookie, "/settings/closure-days/remove", &[("value", "2025-03-06")]).await.expect_redirect(path);
    assert!(site.get(Some(&cookie), &case).await.body.contains(&due("11 March 2025")));
    submit(&site, &cookie, "/settings/closure-days/remove", &[("value", "2025-03-06")])
        .await
        .expect(StatusCode::NOT_FOUND);
}

async fn code_2_2_a_policy_ground_must_be_one_listed_in_settings_once_any_are(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Admin)).await;
    let path = "/settings/exclusion-grounds";
    expect_error(
        &submit(&site, &cookie, path, &[("wording", "  ")]).await,
        "wording",
        "Enter the ground as the complaints policy words it",
    );
    let ground = "The matter is the subject of an insurance claim";
    submit(&site, &cookie, path, &[("wording", ground)]).await.expect_redirect(path);
    let page = site.get(Some(&cookie), path).await;
    assert!(page.body.contains(ground), "{}", page.body);
    let again = submit(&site, &cookie, path, &[("wording", &ground.to_uppercase())]).await;
    expect_error(&again, "wording", "The policy&#39;s grounds already include this one");

    let handler = site.member(Role::Handler);
    let not_accept = |wording: &str| {
        Command::NotAccept(NotAccept {
            ground: ExclusionGround::PolicyGround { ground: wording.into() },
            reasons: "Explained to the resident".into(),
            discretion: None,
        })
    };
    let id = site.complaint(handler, "About the neighbours").await;
    let refused = site
        .app
        .act(handler, &id.parse().unwrap(), not_accept("Neighbour disputes"), redress_app::Stated::default())
        .await
        .unwrap_err();
    assert!(refused.to_string().starts_with("Code 2.2:") && refused.to_string().contains(ground), "{refused}");
    let view =
        site.app.act(handler, &id.parse().unwrap(), not_accept(ground), redress_app::Stated::default()).await.unwrap();
    assert_eq!(view.status.as_str(), "not_accepted");
    // Through the form, an unlisted ground is refused citing the Code.
    let other = site.complaint(handler, "Another").await;
    let handler_cookie = site.sign_in(&email(Role::Handler)).await;
    // The form offers the listed grounds to choose from.
    let form = site.get(Some(&handler_cookie), &format!("/cases/{other}/not-accept")).await;
    assert!(form.body.contains(&format!(r#"<option value="{ground}">{ground}</option>"#)), "{}", form.body);
    let pairs = [("ground", "policy_ground"), ("policy_ground", "Neighbour disputes"), ("reasons", "R")];
    let reply = submit(&site, &handler_cookie, &format!("/cases/{other}/not-accept"), &pairs).await;
    reply.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("The complaints policy does not list"), "{}", reply.body);

    submit(&site, &cookie, "/settings/exclusion-grounds/remove", &[("value", ground)]).await.expect_redirect(path);
    assert!(site.db.list_policy_grounds(&handler.organisation_id).await.unwrap().is_empty());
}

async fn an_administrator_adds_a_user_who_can_then_sign_in(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Admin)).await;
    let path = "/settings/users";
    let short = [("name", "Cara Officer"), ("email", "cara@riverside.example"), ("password", "short"), ("role", "")];
    let reply = submit(&site, &cookie, path, &short).await;
    expect_error(&reply, "password", "Enter a password of at least 12 characters");
    expect_error(&reply, "role-0", "Select the role");
    assert!(reply.body.contains(r#"value="cara@riverside.example""#) && !reply.body.contains("value=\"short\""));
    let taken =
        [("name", "Cara"), ("email", &email(Role::Auditor) as &str), ("password", PASSWORD), ("role", "auditor")];
    expect_error(
        &submit(&site, &cookie, path, &taken).await,
        "email",
        "Another account already signs in with this email address",
    );
    assert!(site.db.find_credentials("cara@riverside.example").await.unwrap().is_none());

    let good = [
        ("name", "Cara Officer"),
        ("email", "cara@riverside.example"),
        ("password", PASSWORD),
        ("role", "complaints_officer"),
    ];
    submit(&site, &cookie, path, &good).await.expect_redirect(path);
    let page = site.get(Some(&cookie), path).await;
    assert!(page.body.contains("Cara Officer") && page.body.contains("cara@riverside.example"), "{}", page.body);
    let cara = site.sign_in("cara@riverside.example").await;
    site.get(Some(&cara), "/cases").await.expect(StatusCode::OK);
    site.get(Some(&cara), "/settings").await.expect(StatusCode::FORBIDDEN);
}

async fn role_changes_are_recorded_in_the_history_and_answer_who_held_a_role(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Admin)).await;
    let admin = site.member(Role::Admin).clone();
    let handler = site.member(Role::Handler).clone();
    let page = site.get(Some(&cookie), "/settings/users").await;
    // The site's staff were added from set-up, as by the command line.
    assert!(page.body.contains("command line"), "{}", page.body);

    let path = format!("/settings/users/{}/role", handler.user_id);
    let reply = submit(&site, &cookie, &path, &[("role", "owner")]).await;
    expect_error(&reply, &format!("role-of-{}", handler.user_id), "Select a role from the list");
    let own = format!("/settings/users/{}/role", admin.user_id);
    let reply = submit(&site, &cookie, &own, &[("role", "handler")]).await;
    expect_error(
        &reply,
        &format!("role-of-{}", admin.user_id),
        "You cannot change your own role: ask another administrator",
    );
    submit(&site, &cookie, "/settings/users/nobody/role", &[("role", "mrc")]).await.expect(StatusCode::NOT_FOUND);

    submit(&site, &cookie, &path, &[("role", "mrc")]).await.expect_redirect("/settings/users");
    let page = site.get(Some(&cookie), "/settings/users").await;
    let html = &page.body;
    let row = |role: &str, change: &str| {
        format!(
            "<td class=\"govuk-table__cell\">{}</td>\n      <td class=\"govuk-table__cell\">{role}</td>\n      <td class=\"govuk-table__cell\">{change}</td>\n      <td class=\"govuk-table__cell\">{}</td>",
            handler.name, admin.name
        )
    };
    assert!(html.contains(&row("Member Responsible for Complaints", "Granted")), "{html}");
    assert!(html.contains(&row("Handler", "Removed")), "{html}");
    // The new role applies at once: the member can no longer change cases.
    let handler_cookie = site.sign_in(&email(Role::Handler)).await;
    let home = site.get(Some(&handler_cookie), "/cases").await;
    assert!(!home.body.contains(r#"href="/cases/new""#), "{}", home.body);

    let today = jiff::civil::date(2025, 3, 4);
    let mrcs = site.app.role_holders_on(&admin, Role::MemberResponsible, today).await.unwrap();
    let names: Vec<&str> = mrcs.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["Riverside handler", "Riverside mrc"]);
    let handlers = site.app.role_holders_on(&admin, Role::Handler, today).await.unwrap();
    assert_eq!(handlers.len(), 1, "held it earlier that day");
    let before =
        site.app.role_holders_on(&admin, Role::MemberResponsible, jiff::civil::date(2025, 3, 3)).await.unwrap();
    assert!(before.is_empty(), "no one yet: {before:?}");
}

/// An administrator appoints a handler to `role` on the users page: the appointment is on the
/// users page's history, and the record answers who held the role on that day but not the
/// day before (the site's staff were added on the same day, so the day before is empty).
async fn appointment_is_on_record(backend: Backend, role: Role) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Admin)).await;
    let admin = site.member(Role::Admin).clone();
    let appointee = site.member(Role::Handler).clone();
    let path = format!("/settings/users/{}/role", appointee.user_id);
    submit(&site, &cookie, &path, &[("role", role.as_str())]).await.expect_redirect("/settings/users");
    let page = site.get(Some(&cookie), "/settings/users").await;
    let granted = format!(
        "<td class=\"govuk-table__cell\">{}</td>\n      <td class=\"govuk-table__cell\">{}</td>\n      <td class=\"govuk-table__cell\">Granted</td>\n      <td class=\"govuk-table__cell\">{}</td>",
        appointee.name,
        role.label(),
        admin.name
    );
    assert!(page.body.contains(&granted), "{}", page.body);
    let holders = site.app.role_holders_on(&admin, role, jiff::civil::date(2025, 3, 4)).await.unwrap();
    assert!(holders.iter().any(|h| h.name == appointee.name), "{holders:?}");
    let before = site.app.role_holders_on(&admin, role, jiff::civil::date(2025, 3, 3)).await.unwrap();
    assert!(before.is_empty(), "{before:?}");
}

async fn code_4_1_the_complaints_officers_appointment_is_on_record(backend: Backend) {
    appointment_is_on_record(backend, Role::ComplaintsOfficer).await;
}

async fn code_9_4_the_senior_leads_appointment_is_on_record(backend: Backend) {
    appointment_is_on_record(backend, Role::SeniorLead).await;
}

async fn code_9_5_the_member_responsible_for_complaints_appointment_is_on_record(backend: Backend) {
    appointment_is_on_record(backend, Role::MemberResponsible).await;
}

async fn disabling_a_user_on_the_users_page_ends_their_session_at_once(backend: Backend) {
    let site = Site::new(backend).await;
    let admin = site.sign_in(&email(Role::Admin)).await;
    let handler = site.sign_in(&email(Role::Handler)).await;
    let id = site.member(Role::Handler).user_id.clone();
    site.get(Some(&handler), "/cases").await.expect(StatusCode::OK);
    submit(&site, &admin, &format!("/settings/users/{id}/disable"), &[]).await.expect_redirect("/settings/users");
    site.get(Some(&handler), "/cases").await.expect_redirect("/sign-in");
    let page = site.get(Some(&admin), "/settings/users").await;
    assert!(page.body.contains("Disabled"), "{}", page.body);
    site.try_sign_in(&email(Role::Handler), PASSWORD, None).await.expect(StatusCode::UNAUTHORIZED);
    submit(&site, &admin, &format!("/settings/users/{id}/enable"), &[]).await.expect_redirect("/settings/users");
    site.sign_in(&email(Role::Handler)).await;
    // An administrator cannot disable themselves.
    let own = site.member(Role::Admin).user_id.clone();
    let reply = submit(&site, &admin, &format!("/settings/users/{own}/disable"), &[]).await;
    expect_error(&reply, &format!("role-of-{own}"), "You cannot disable your own account: ask another administrator");
    let history = site.db.role_assignments(&site.member(Role::Admin).organisation_id).await.unwrap();
    let latest: Vec<_> = history.iter().take(2).map(|a| (a.role.as_str(), a.granted)).collect();
    assert_eq!(latest, [("handler", true), ("handler", false)], "disabling removed the role, enabling granted it");
}

async fn the_sign_in_throttle_survives_a_new_application_over_the_same_database(backend: Backend) {
    let site = Site::new(backend).await;
    for _ in 0..redress_app::FAILURES_PER_ACCOUNT {
        site.try_sign_in(&email(Role::Handler), "wrong password!", Some("10.0.0.1")).await;
    }
    site.try_sign_in(&email(Role::Handler), PASSWORD, Some("10.0.0.2")).await.expect(StatusCode::TOO_MANY_REQUESTS);
    // A restarted server (or another one) over the same database still throttles.
    let now: Timestamp = "2025-03-04T10:00:00Z".parse().unwrap();
    let restarted =
        App::new(site.db.clone(), WorkingCalendar::england_and_wales(), Arc::new(FixedClock::new(now))).unwrap();
    let throttled = restarted.sign_in(&email(Role::Handler), PASSWORD, "10.0.0.3").await.unwrap();
    assert!(matches!(throttled, SignIn::Throttled { .. }), "{throttled:?}");
    // After the window, it signs in.
    let later = now + redress_app::THROTTLE_WINDOW + jiff::SignedDuration::from_secs(1);
    let later =
        App::new(site.db.clone(), WorkingCalendar::england_and_wales(), Arc::new(FixedClock::new(later))).unwrap();
    assert!(matches!(
        later.sign_in(&email(Role::Handler), PASSWORD, "10.0.0.3").await.unwrap(),
        SignIn::SignedIn { .. }
    ));
}
