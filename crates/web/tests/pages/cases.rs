//! The read-only pages: home, the case list and a case, for each role, scoped to the
//! organisation; and the static assets.

use axum::http::StatusCode;
use redress_app::Role;
use redress_storage::Backend;

use crate::site::{OUTSIDER, Site, email};
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
    assert!(first.body.contains("27 cases, page 1 of 2"), "{}", first.body);
    assert_eq!(first.body.matches(r#"<tr class="govuk-table__row">"#).count(), 26, "a header row and 25 cases");
    assert!(
        first.body.contains(r#"href="/cases?status=awaiting_acknowledgement&#38;page=2" rel="next""#),
        "{}",
        first.body
    );
    assert!(first.body.contains(r#"<option value="awaiting_acknowledgement" selected>"#));
    let second = site.get(Some(&cookie), "/cases?status=awaiting_acknowledgement&page=2").await;
    assert_eq!(second.body.matches(r#"<tr class="govuk-table__row">"#).count(), 3);
    assert!(second.body.contains(r#"rel="prev""#) && !second.body.contains(r#"rel="next""#));
    for filter in ["status=closed", "stage=2", "deadline=overdue", "handler=nobody"] {
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
    for bad in ["stage=3", "status=lost", "deadline=someday", "page=x"] {
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
