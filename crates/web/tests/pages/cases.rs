//! The read-only pages: home, the case list and a case, for each role, scoped to the
//! organisation; and the static assets.

use axum::http::StatusCode;
use redress_app::{Actor, ComplaintIntake, Role};
use redress_storage::{Backend, OrganisationKind};
use serde_json::{Value, json};

use crate::site::{OUTSIDER, PASSWORD, Site, email, encode};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(every_page_renders_for_every_role),
        case!(home_counts_link_to_the_lists_they_count),
        case!(the_case_list_filters_and_pages),
        case!(a_case_page_shows_the_summary_deadlines_as_dates_and_the_timeline),
        case!(another_organisations_case_is_not_found_and_not_listed),
        case!(bad_filters_are_a_400_page_and_unknown_paths_a_404_page),
        case!(the_case_list_filters_by_organisation_category_channel_and_date_received),
        case!(the_case_list_searches_reference_resident_name_and_address_ignoring_case),
        case!(a_date_received_that_is_not_real_or_a_range_that_ends_first_is_an_error_summary),
        case!(the_csv_export_has_every_filtered_case_quoted_and_guarded_against_formulas),
        case!(the_csv_export_and_filters_keep_to_the_callers_landlord_and_agent_scope),
        case!(static_assets_are_served_with_long_cache_headers),
    ]
}

async fn every_page_renders_for_every_role(backend: Backend) {
    let site = Site::new(backend).await;
    let id = site.complaint(site.member(Role::Handler), "The boiler has failed").await;
    for role in Role::ALL {
        let cookie = site.sign_in(&email(role)).await;
        let name = &site.member(role).name;
        site.get(Some(&cookie), "/").await.expect(StatusCode::OK).expect_page(&format!("Hello, {name}"));
        let list = site.get(Some(&cookie), "/cases").await;
        list.expect(StatusCode::OK).expect_page("Cases");
        assert!(list.body.contains(&format!(r#"href="/cases/{id}""#)), "{role}: {}", list.body);
        let page = site.get(Some(&cookie), &format!("/cases/{id}")).await;
        page.expect(StatusCode::OK);
        assert!(page.body.contains("The boiler has failed"), "{role}");
    }
}

async fn home_counts_link_to_the_lists_they_count(backend: Backend) {
    let site = Site::new(backend).await;
    for n in 0..3 {
        site.complaint(site.member(Role::Handler), &format!("Complaint {n}")).await;
    }
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let home = site.get(Some(&cookie), "/").await;
    let html = &home.body;
    assert!(
        html.contains(r#"<a class="govuk-link" href="/cases?status=awaiting_acknowledgement"><span class="redress-count">3</span> Awaiting acknowledgement</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"href="/cases?deadline=overdue"><span class="redress-count">0</span> Overdue"#), "{html}");
    assert!(html.contains(r#"href="/cases?deadline=due_soon""#));
    let list = site.get(Some(&cookie), "/cases?status=awaiting_acknowledgement").await;
    assert!(list.body.contains("3 cases"), "{}", list.body);
}

async fn the_case_list_filters_and_pages(backend: Backend) {
    let site = Site::new(backend).await;
    for n in 0..27 {
        site.complaint(site.member(Role::Handler), &format!("Complaint {n}")).await;
    }
    let cookie = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    let first = site.get(Some(&cookie), "/cases?status=awaiting_acknowledgement").await;
    first.expect(StatusCode::OK);
    assert!(first.body.contains("27 cases"), "{}", first.body);
    assert_eq!(first.body.matches(r#"<tr class="govuk-table__row">"#).count(), 26, "a header row and 25 cases");
    assert!(!first.body.contains(r#"rel="prev""#), "{}", first.body);
    // "Next" carries the last case's place in the list (a cursor), keeping the filters.
    let link = |body: &str, rel: &str| {
        let end = body.find(&format!(r#"" rel="{rel}""#)).unwrap_or_else(|| panic!("no {rel} link: {body}"));
        let start = body[..end].rfind(r#"href=""#).unwrap() + r#"href=""#.len();
        body[start..end].replace("&#38;", "&")
    };
    let next = link(&first.body, "next");
    assert!(next.starts_with("/cases?status=awaiting_acknowledgement&after="), "{next}");
    assert!(first.body.contains(r#"<option value="awaiting_acknowledgement" selected>"#));
    let second = site.get(Some(&cookie), &next).await;
    assert_eq!(second.body.matches(r#"<tr class="govuk-table__row">"#).count(), 3);
    assert!(second.body.contains("27 cases"));
    assert!(second.body.contains(r#"rel="prev""#) && !second.body.contains(r#"rel="next""#));
    let back = site.get(Some(&cookie), &link(&second.body, "prev")).await;
    assert_eq!(back.body.matches(r#"<tr class="govuk-table__row">"#).count(), 26);
    assert!(!back.body.contains(r#"rel="prev""#) && back.body.contains(r#"rel="next""#));
    for filter in ["status=closed", "stage=2", "deadline=overdue", "deadline=missed", "handler=nobody"] {
        let none = site.get(Some(&cookie), &format!("/cases?{filter}")).await;
        assert!(none.body.contains("0 cases"), "{filter}: {}", none.body);
    }
    // Empty values, as the filter form sends "Any", filter nothing.
    let any = site.get(Some(&cookie), "/cases?stage=&status=&deadline=&handler=").await;
    assert!(any.body.contains("27 cases"));
}

async fn a_case_page_shows_the_summary_deadlines_as_dates_and_the_timeline(backend: Backend) {
    let site = Site::new(backend).await;
    let id = site.complaint(site.member(Role::Handler), "Damp in the bedroom").await;
    let cookie = site.sign_in(&email(Role::MemberResponsible)).await;
    let page = site.get(Some(&cookie), &format!("/cases/{id}")).await;
    let html = &page.body;
    assert!(html.contains(r#"<dt class="govuk-summary-list__key">Status</dt>"#), "{html}");
    assert!(html.contains("Awaiting acknowledgement"));
    assert!(html.contains("4 March 2025"), "received date: {html}");
    // Received Tuesday 4 March 2025: acknowledge within 5 working days, by 11 March.
    assert!(html.contains("<td class=\"govuk-table__cell\">11 March 2025</td>"), "{html}");
    assert!(html.contains("5 working days"), "{html}");
    assert!(html.contains("Not yet defined"));
    assert!(html.contains("by Riverside handler"), "timeline names who: {html}");
}

async fn another_organisations_case_is_not_found_and_not_listed(backend: Backend) {
    let site = Site::new(backend).await;
    let ours = site.complaint(site.member(Role::Handler), "Ours").await;
    let theirs = site.complaint(&site.outsider, "Theirs").await;
    let cookie = site.sign_in(OUTSIDER).await;
    let page = site.get(Some(&cookie), &format!("/cases/{ours}")).await;
    page.expect(StatusCode::NOT_FOUND).expect_page("Page not found");
    let list = site.get(Some(&cookie), "/cases").await;
    assert!(list.body.contains(&format!("/cases/{theirs}")) && !list.body.contains(&format!("/cases/{ours}")));
    assert!(list.body.contains("1 case"), "{}", list.body);
    let home = site.get(Some(&cookie), "/").await;
    assert!(home.body.contains(r#"<span class="redress-count">1</span> Awaiting"#), "{}", home.body);
}

async fn bad_filters_are_a_400_page_and_unknown_paths_a_404_page(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    for bad in ["stage=3", "status=lost", "deadline=someday", "channel=pigeon", "after=x", "before=zz"] {
        let reply = site.get(Some(&cookie), &format!("/cases?{bad}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    site.get(Some(&cookie), "/no-such-page").await.expect(StatusCode::NOT_FOUND).expect_page("Page not found");
}

async fn static_assets_are_served_with_long_cache_headers(backend: Backend) {
    let site = Site::new(backend).await;
    let page = site.get(None, "/sign-in").await;
    let css = page.body.split(r#"<link rel="stylesheet" href=""#).nth(1).unwrap().split('"').next().unwrap();
    assert!(css.starts_with("/static/govuk/govuk-frontend.min.css?v="), "{css}");
    let reply = site.get(None, css).await;
    reply.expect(StatusCode::OK);
    assert_eq!(reply.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert_eq!(reply.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(reply.body.contains(".govuk-") && !reply.body.contains("GDS Transport"));
    let js = site.get(None, "/static/redress.mjs").await;
    js.expect(StatusCode::OK);
    assert!(js.body.contains("govuk-frontend-supported"));
    assert_eq!(js.header("content-type"), Some("text/javascript; charset=utf-8"));
    site.get(None, "/static/govuk/govuk-frontend.min.js").await.expect(StatusCode::OK);
    site.get(None, "/static/govuk/README.md").await.expect(StatusCode::NOT_FOUND);
    site.get(None, "/static/nothing.css").await.expect(StatusCode::NOT_FOUND);
}

/// Logs a complaint as `actor` for a new resident named `name` living at `address`, with
/// `extra` intake fields (received_at, channel, categories, handling organisation…); returns
/// its id and reference.
async fn log(site: &Site, actor: &Actor, name: &str, address: Option<&str>, extra: Value) -> (String, String) {
    let resident =
        redress_app::ResidentInput { name: name.into(), address: address.map(str::to_owned), ..Default::default() };
    let resident = site.app.create_resident(actor, resident).await.unwrap();
    let mut intake = json!({
        "channel": "phone",
        "issue_occurred_on": "2024-12-20",
        "complexity": "straightforward",
        "risks": [],
        "description": format!("Complaint from {name}"),
        "resident_id": resident.id,
    });
    for (key, value) in extra.as_object().unwrap() {
        intake[key] = value.clone();
    }
    let intake: ComplaintIntake = serde_json::from_value(intake).unwrap();
    let view = site.app.log_complaint(actor, intake, None).await.unwrap().view;
    (view.id.into(), view.reference)
}

/// The ids of the cases a list page links to, in order.
fn listed(html: &str) -> Vec<String> {
    html.split(r#"<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/cases/"#)
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

/// A managing agent acting for the site's landlord, with a handler who can sign in.
async fn agent(site: &Site) -> (String, String) {
    let landlord = site.member(Role::Handler).organisation_id.clone();
    let agent = site
        .app
        .create_organisation("Riverside Estate Services", OrganisationKind::ManagingAgent, Some(landlord))
        .await
        .unwrap();
    let (user, _) = site.app.add_user(&agent, "Aggie Agent", Role::Handler).await.unwrap();
    site.app.set_password(&agent.id, &user.id, "aggie@agent.example", PASSWORD).await.unwrap();
    (agent.id.into(), "aggie@agent.example".to_owned())
}

async fn the_case_list_filters_by_organisation_category_channel_and_date_received(backend: Backend) {
    let site = Site::new(backend).await;
    let (agent_org, _) = agent(&site).await;
    let handler = site.member(Role::Handler);
    let (january, _) = log(
        &site,
        handler,
        "Ann",
        None,
        json!({ "received_at": "2025-01-10T09:00:00Z", "categories": ["repairs"], "channel": "letter" }),
    )
    .await;
    let (february, _) = log(
        &site,
        handler,
        "Ben",
        None,
        json!({ "received_at": "2025-02-15T09:00:00Z", "categories": ["damp-and-mould", "repairs"], "channel": "email",
                "handling_organisation_id": agent_org }),
    )
    .await;
    let (march, _) = log(&site, handler, "Cat", None, json!({ "received_at": "2025-03-03T09:00:00Z" })).await;
    let cookie = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    let list = |query: String| {
        let site = &site;
        let cookie = &cookie;
        async move {
            let reply = site.get(Some(cookie), &format!("/cases?{query}")).await;
            reply.expect(StatusCode::OK);
            listed(&reply.body)
        }
    };
    assert_eq!(list(String::new()).await, [march.clone(), february.clone(), january.clone()], "newest first");
    assert_eq!(list(format!("organisation={agent_org}")).await, vec![february.clone()]);
    let landlord = &site.member(Role::Handler).organisation_id;
    assert_eq!(list(format!("organisation={landlord}")).await, [march.clone(), january.clone()]);
    assert_eq!(list("category=repairs".into()).await, [february.clone(), january.clone()], "under each category");
    assert_eq!(list("category=damp-and-mould".into()).await, vec![february.clone()]);
    assert_eq!(list("channel=email".into()).await, vec![february.clone()]);
    assert_eq!(list("channel=phone".into()).await, vec![march.clone()]);
    let from = "received_from-day=15&received_from-month=2&received_from-year=2025";
    let to = "received_to-day=3&received_to-month=3&received_to-year=2025";
    assert_eq!(list(from.into()).await, [march.clone(), february.clone()], "from is inclusive");
    assert_eq!(list(to.into()).await, [march.clone(), february.clone(), january.clone()], "to is inclusive");
    assert_eq!(
        list(format!("{from}&received_to-day=2&received_to-month=3&received_to-year=2025")).await,
        vec![february.clone()]
    );
    assert!(list(format!("{from}&channel=letter")).await.is_empty(), "every filter must hold");

    // The options come from the caller's scope; the chosen ones stay chosen, and the pages
    // and the export keep every filter.
    let page = site.get(Some(&cookie), &format!("/cases?organisation={agent_org}&category=repairs&{from}")).await;
    let html = &page.body;
    assert!(
        html.contains(&format!(r#"<option value="{agent_org}" selected>Riverside Estate Services</option>"#)),
        "{html}"
    );
    assert!(html.contains(&format!(r#"<option value="{landlord}">Riverside Homes</option>"#)), "{html}");
    assert!(html.contains(r#"<option value="repairs" selected>Repairs</option>"#), "{html}");
    assert!(html.contains(r#"<option value="damp-and-mould">Damp and mould</option>"#), "{html}");
    assert!(html.contains(r#"<option value="in_person">In person</option>"#), "{html}");
    assert!(
        html.contains(r#"id="received_from-day" name="received_from-day" type="text" inputmode="numeric" value="15""#)
    );
    let csv_link = format!(
        r#"href="/cases.csv?organisation={agent_org}&#38;category=repairs&#38;received_from-day=15&#38;received_from-month=2&#38;received_from-year=2025""#
    );
    assert!(html.contains(&csv_link) || html.contains("0 cases"), "{html}");
}

async fn the_case_list_searches_reference_resident_name_and_address_ignoring_case(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let (rosa, rosa_ref) = log(&site, handler, "Rosa Resident", Some("Flat 2, 10 High Street, Leeds"), json!({})).await;
    let (bob, _) = log(&site, handler, "Bob O'Builder", Some("3 Mill Lane, York"), json!({})).await;
    let (percent, _) = log(&site, handler, "Pat 100% Sure", None, json!({})).await;
    let cookie = site.sign_in(&email(Role::Auditor)).await;
    let search = |text: &str| {
        let path = format!("/cases?search={}", encode(text));
        let site = &site;
        let cookie = &cookie;
        async move {
            let reply = site.get(Some(cookie), &path).await;
            reply.expect(StatusCode::OK);
            listed(&reply.body)
        }
    };
    assert_eq!(search(&rosa_ref).await, vec![rosa.clone()], "the whole reference");
    assert_eq!(search(&rosa_ref.to_lowercase()).await, vec![rosa.clone()], "a reference in lower case");
    assert_eq!(search("rOSA res").await, vec![rosa.clone()], "part of a name, any case");
    assert_eq!(search("high street").await, vec![rosa.clone()], "part of an address");
    assert_eq!(search("o'builder").await, vec![bob.clone()]);
    assert_eq!(search("  MILL lane ").await, vec![bob.clone()], "trimmed");
    assert_eq!(search("100%").await, vec![percent.clone()], "% is a character, not a wildcard");
    assert!(search("%").await.len() == 1 && search("_").await.is_empty(), "wildcards are escaped");
    assert!(search("Nobody at all").await.is_empty());
    assert_eq!(search("").await.len(), 3, "an empty search finds everything");
    let page = site.get(Some(&cookie), "/cases?search=High+Street").await;
    assert!(page.body.contains(r#"id="search" name="search" type="search" value="High Street""#), "{}", page.body);
    let who = r#"<td class="govuk-table__cell">Rosa Resident<br><span class="govuk-body-s">Flat 2, 10 High Street, Leeds</span></td>"#;
    assert!(page.body.contains(who), "the resident with their address: {}", page.body);
    assert!(page.body.contains(r#"href="/cases.csv?search=High%20Street""#), "{}", page.body);
}

async fn a_date_received_that_is_not_real_or_a_range_that_ends_first_is_an_error_summary(backend: Backend) {
    let site = Site::new(backend).await;
    let id = site.complaint(site.member(Role::Handler), "Listed unless the dates are wrong").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let from =
        |d: &str, m: &str, y: &str| format!("received_from-day={d}&received_from-month={m}&received_from-year={y}");
    let to = |d: &str, m: &str, y: &str| format!("received_to-day={d}&received_to-month={m}&received_to-year={y}");
    for (query, field, message) in [
        (from("31", "2", "2025"), "received_from", "The date received from must be a real date"),
        (from("x", "2", "2025"), "received_from", "The date received from must be a real date"),
        (from("1", "2", ""), "received_from", "The date received from must include a day, month and year"),
        (to("1", "2", "25"), "received_to", "The date received to must include a year with 4 numbers"),
        (
            format!("{}&{}", from("2", "3", "2025"), to("1", "3", "2025")),
            "received_to",
            "The date received to must be the same as or after the date received from",
        ),
    ] {
        let reply = site.get(Some(&cookie), &format!("/cases?{query}")).await;
        reply.expect(StatusCode::BAD_REQUEST).expect_page("Error: Cases");
        let html = &reply.body;
        assert!(html.contains(r#"<div class="govuk-error-summary" data-module="govuk-error-summary">"#), "{html}");
        assert!(html.contains(&format!(r##"<li><a href="#{field}-day">{message}</a></li>"##)), "{query}: {html}");
        assert!(
            html.contains(&format!(
                r#"<p id="{field}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {message}</p>"#
            )),
            "{query}: {html}"
        );
        assert!(!html.contains(&format!("/cases/{id}")), "no cases under an error: {html}");
        assert!(!html.contains("/cases.csv"), "no export of a list not shown");
        let csv = site.get(Some(&cookie), &format!("/cases.csv?{query}")).await;
        assert_eq!(csv.status, StatusCode::BAD_REQUEST, "{query}");
    }
    // A leap day is real.
    let reply = site.get(Some(&cookie), &format!("/cases?{}", from("29", "2", "2024"))).await;
    reply.expect(StatusCode::OK);
    assert!(reply.body.contains(&format!("/cases/{id}")));
}

async fn the_csv_export_has_every_filtered_case_quoted_and_guarded_against_formulas(backend: Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    for n in 0..27 {
        site.complaint(handler, &format!("Complaint {n}")).await;
    }
    let (_, reference) = log(
        &site,
        handler,
        "=HYPERLINK(\"http://evil.example\",\"Click\")",
        Some("Flat 2, 10 High Street"),
        json!({ "received_at": "2025-02-03T09:00:00Z", "channel": "in_person",
                "categories": ["repairs", "damp-and-mould"], "description": "Black mould behind the wardrobe" }),
    )
    .await;
    for role in Role::ALL {
        let cookie = site.sign_in(&email(role)).await;
        let all = site.get(Some(&cookie), "/cases.csv").await;
        all.expect(StatusCode::OK);
        assert_eq!(all.header("content-type"), Some("text/csv; charset=utf-8"), "{role}");
        assert_eq!(all.header("content-disposition"), Some(r#"attachment; filename="cases-2025-03-04.csv""#));
        assert_eq!(all.body.matches("\r\n").count(), 29, "{role}: a header and all 28 cases, not a page of them");
    }
    let cookie = site.sign_in(&email(Role::Auditor)).await;
    let csv = site.get(Some(&cookie), "/cases.csv?channel=in_person").await;
    let lines: Vec<&str> = csv.body.split_terminator("\r\n").collect();
    assert_eq!(
        lines,
        [
            "Reference,Received,Stage,Status,Handler,Handling organisation,Categories,Channel,Resident,Next due,\
         Deadline status,Deadlines met only by records made after their due date,Stage 1 acknowledged,\
         Stage 1 response,Stage 1 decision,Stage 2 asked for,Stage 2 acknowledged,Stage 2 response,\
         Stage 2 decision,Closed,Deadlines missed",
            &format!(
                "{reference},2025-02-03,1,Awaiting acknowledgement,,Riverside Homes,Repairs; Damp and mould,In person,\
             \"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",2025-02-10,Overdue,0,,,,,,,,,1"
            ),
        ]
    );
    let searched = site.get(Some(&cookie), "/cases.csv?search=evil.example").await;
    assert_eq!(searched.body.matches("\r\n").count(), 2, "{}", searched.body);
    for query in ["category=repairs", "category=damp-and-mould", "search=wardrobe%20moulds"] {
        let csv = site.get(Some(&cookie), &format!("/cases.csv?{query}")).await.body;
        assert_eq!(csv.matches("\r\n").count(), 2, "{query}: under each category, and by its words: {csv}");
        assert!(csv.contains(&reference), "{query}: {csv}");
    }
    let list = site.get(Some(&cookie), "/cases").await;
    assert!(list.body.contains(r#"<a class="govuk-link" href="/cases.csv" download>Download these cases as CSV</a>"#));
}

async fn the_csv_export_and_filters_keep_to_the_callers_landlord_and_agent_scope(backend: Backend) {
    let site = Site::new(backend).await;
    let (agent_org, agent_email) = agent(&site).await;
    let handler = site.member(Role::Handler);
    let (assigned, assigned_ref) =
        log(&site, handler, "Ann Assigned", None, json!({ "handling_organisation_id": agent_org })).await;
    let admin = site.member(Role::Admin);
    let noise = site.app.add_category(admin, "Noise").await.unwrap();
    let (own, own_ref) = log(&site, handler, "Owen Own", None, json!({ "categories": [noise] })).await;
    let theirs = site.complaint(&site.outsider, "Theirs").await;
    let landlord = handler.organisation_id.clone();

    // The landlord's staff see their own and the agent's, never the other landlord's.
    let cookie = site.sign_in(&email(Role::ComplaintsOfficer)).await;
    let csv = site.get(Some(&cookie), "/cases.csv").await.body;
    assert!(csv.contains(&assigned_ref) && csv.contains(&own_ref), "{csv}");
    assert!(csv.contains("Ann Assigned") && csv.contains("Owen Own"), "{csv}");
    assert!(csv.contains("Riverside Estate Services") && !csv.contains("Rosa Resident"), "{csv}");
    let list = site.get(Some(&cookie), &format!("/cases?search={}", encode("Rosa"))).await;
    assert!(listed(&list.body).is_empty(), "another landlord's resident is not found");

    // The other landlord's handler: only theirs, whatever they filter on.
    let outsider = site.sign_in(OUTSIDER).await;
    let csv = site.get(Some(&outsider), "/cases.csv").await.body;
    assert_eq!(csv.matches("\r\n").count(), 2, "{csv}");
    // (References are numbered per landlord, so both landlords have a CMP-2025-000001.)
    assert!(!csv.contains("Ann Assigned") && !csv.contains("Owen Own") && csv.contains("Rosa Resident"), "{csv}");
    for query in [format!("organisation={landlord}"), format!("organisation={agent_org}"), "search=Ann".into()] {
        let reply = site.get(Some(&outsider), &format!("/cases?{query}")).await;
        assert!(listed(&reply.body).is_empty(), "{query}");
        let csv = site.get(Some(&outsider), &format!("/cases.csv?{query}")).await.body;
        assert_eq!(csv.matches("\r\n").count(), 1, "{query}: the header only");
    }
    let list = site.get(Some(&outsider), "/cases").await;
    assert_eq!(listed(&list.body), [theirs]);
    assert!(!list.body.contains("Riverside Estate Services") && !list.body.contains(">Noise<"), "{}", list.body);

    // The agent's handler: only what the agent handles; its filter offers only itself.
    let cookie = site.sign_in(&agent_email).await;
    let csv = site.get(Some(&cookie), "/cases.csv").await.body;
    assert!(csv.contains("Ann Assigned") && !csv.contains("Owen Own"), "{csv}");
    assert_eq!(csv.matches("\r\n").count(), 2, "{csv}");
    let list = site.get(Some(&cookie), "/cases").await;
    assert_eq!(listed(&list.body), vec![assigned.clone()]);
    assert!(!list.body.contains(&format!(r#"<option value="{landlord}""#)), "{}", list.body);
    assert!(list.body.contains(&format!(r#"<option value="{agent_org}">"#)), "{}", list.body);
    assert!(list.body.contains(">Noise<"), "the landlord's categories, which its complaints are logged under");
    let landlords = site.get(Some(&cookie), &format!("/cases.csv?organisation={landlord}")).await.body;
    assert_eq!(landlords.matches("\r\n").count(), 1, "{landlords}");
    let searched = site.get(Some(&cookie), "/cases?search=Owen").await;
    assert!(listed(&searched.body).is_empty(), "{}", searched.body);
    assert!(!searched.body.contains(&own));
}
