//! Logging a complaint starts from finding the resident (issue 10, "the right resident every
//! time"): a search by name, address or postcode whose results tell two people of the same
//! name apart, the form for the one chosen, the scope of who can be found and chosen, and the
//! links to the form from the resident's and a service request's pages.

use axum::http::StatusCode;
use redress_app::{ResidentInput, Role, ServiceRequestInput};

use crate::case;
use crate::forms::logged_form;
use crate::residents::{agent, complaint_of};
use crate::site::{Site, email, encode};
use crate::suite::Case;

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(logging_starts_from_a_search_that_tells_two_residents_of_the_same_name_apart),
        case!(the_form_logs_the_complaint_of_the_resident_chosen),
        case!(a_resident_is_found_by_their_tenancy_reference_shown_in_the_results),
        case!(an_empty_search_is_an_error_and_a_broad_one_asks_for_more),
        case!(a_resident_outside_the_users_scope_is_neither_found_nor_accepted),
        case!(the_residents_page_and_a_service_requests_page_lead_to_logging_a_complaint),
    ]
}

/// Records a resident with an address as the landlord's handler; their id.
async fn living_at(site: &Site, name: &str, address: &str) -> String {
    let input = ResidentInput { name: name.into(), address: Some(address.into()), ..Default::default() };
    site.app.create_resident(site.member(Role::Handler), input).await.unwrap().id.into()
}

async fn a_resident_is_found_by_their_tenancy_reference_shown_in_the_results(backend: redress_storage::Backend) {
    let site = Site::new(backend).await;
    let input = ResidentInput {
        name: "Jane Smith".into(),
        reference: Some("T100042".into()),
        address: Some("12 Acacia Avenue, Leeds LS1 2AB".into()),
        ..Default::default()
    };
    let jane: String = site.app.create_resident(site.member(Role::Handler), input).await.unwrap().id.into();
    living_at(&site, "Jim T100042", "1 Elm Road").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    for q in ["T100042", "t 100042"] {
        let found = site.get(Some(&cookie), &format!("/cases/new?q={}", encode(q))).await;
        found.expect(StatusCode::OK);
        assert!(offered(&found.body).contains(&jane), "{q}: {}", found.body);
        assert!(found.body.contains(r#"<td class="govuk-table__cell">T100042</td>"#), "{}", found.body);
    }
    // Part of a reference is not a reference.
    let part = site.get(Some(&cookie), &format!("/cases/new?q={}", encode("T1000"))).await;
    assert!(!offered(&part.body).contains(&jane), "{}", part.body);
    // The resident's page shows it too.
    let page = site.get(Some(&cookie), &format!("/residents/{jane}")).await;
    assert!(page.expect(StatusCode::OK).body.contains("T100042"), "{}", page.body);
}

/// The ids of the residents a search page offers, in order.
fn offered(html: &str) -> Vec<String> {
    html.split(r#"href="/cases/new?resident="#).skip(1).map(|rest| rest.split('"').next().unwrap().to_owned()).collect()
}

async fn logging_starts_from_a_search_that_tells_two_residents_of_the_same_name_apart(
    backend: redress_storage::Backend,
) {
    let site = Site::new(backend).await;
    let leeds = living_at(&site, "Jane Smith", "12 Acacia Avenue, Leeds LS1 2AB").await;
    let york = living_at(&site, "Jane Smith", "4 Mill Road, York YO1 7HH").await;
    let john = living_at(&site, "John Smithson", "9 Acacia Avenue, Leeds LS1 2AD").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;

    let start = site.get(Some(&cookie), "/cases/new").await;
    start.expect(StatusCode::OK).expect_page("Log a complaint");
    assert!(start.body.contains(r#"<form method="get" action="/cases/new""#), "{}", start.body);
    assert!(!start.body.contains("Jane Smith") && offered(&start.body).is_empty(), "no list of every resident");

    let search = |q: &str| {
        let (site, cookie, path) = (&site, &cookie, format!("/cases/new?q={}", encode(q)));
        async move {
            let reply = site.get(Some(cookie), &path).await;
            reply.expect(StatusCode::OK);
            reply.body.clone()
        }
    };
    let both = search("jane smith").await;
    assert_eq!(offered(&both), [leeds.clone(), york.clone()]);
    for told_apart in ["12 Acacia Avenue, Leeds LS1 2AB", "4 Mill Road, York YO1 7HH", "2 residents found"] {
        assert!(both.contains(told_apart), "{told_apart}: {both}");
    }
    assert!(both.contains(r#"value="jane smith""#), "the search is kept in its box");
    assert_eq!(offered(&search("LS1 2AB").await), std::slice::from_ref(&leeds), "by postcode");
    assert_eq!(offered(&search("ls12ab").await), std::slice::from_ref(&leeds), "by postcode without its space");
    assert_eq!(offered(&search("Mill Road").await), std::slice::from_ref(&york), "by address");
    assert_eq!(offered(&search("acacia").await), [leeds.clone(), john.clone()]);
    assert_eq!(offered(&search("smith york").await), std::slice::from_ref(&york), "name and town together");
    let none = search("Nobody Atall").await;
    assert!(offered(&none).is_empty() && none.contains("No residents found"), "{none}");
    assert!(none.contains(r#"href="/residents/new""#), "a resident with no record yet is recorded first");
}

async fn the_form_logs_the_complaint_of_the_resident_chosen(backend: redress_storage::Backend) {
    let site = Site::new(backend).await;
    living_at(&site, "Jane Smith", "12 Acacia Avenue, Leeds LS1 2AB").await;
    let york = living_at(&site, "Jane Smith", "4 Mill Road, York YO1 7HH").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;

    let path = format!("/cases/new?resident={york}");
    let form = site.get(Some(&cookie), &path).await;
    form.expect(StatusCode::OK).expect_page("Log a complaint");
    assert!(form.body.contains("Jane Smith<br>4 Mill Road, York YO1 7HH"), "who it is: {}", form.body);
    assert!(form.body.contains(r#"<a class="govuk-link" href="/cases/new">Change"#), "{}", form.body);
    assert!(form.body.contains(&format!(r#"action="/cases/new?resident={york}""#)), "{}", form.body);
    assert!(!form.body.contains("<select class=\"govuk-select\" id=\"resident\""), "no list of residents");

    // The form's own fields, without a resident among them: the address names them.
    let fields: Vec<(&str, &str)> = logged_form(&york).into_iter().filter(|(k, _)| *k != "resident").collect();
    let invalid: Vec<(&str, &str)> = fields.iter().copied().filter(|(k, _)| *k != "description").collect();
    let refused = site.submit(&cookie, &path, &invalid).await;
    refused.expect(StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("Jane Smith<br>4 Mill Road, York YO1 7HH"), "still the same resident");
    let logged = site.submit(&cookie, &path, &fields).await;
    logged.expect(StatusCode::SEE_OTHER);
    let id = logged.header("location").unwrap().trim_start_matches("/cases/").to_owned();
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.complaint.logged.resident.to_string(), york);
}

async fn an_empty_search_is_an_error_and_a_broad_one_asks_for_more(backend: redress_storage::Backend) {
    let site = Site::new(backend).await;
    for n in 0..=redress_app::MOST_FOUND {
        living_at(&site, &format!("Resident {n:02} Smith"), &format!("{n} River Row, Leeds LS2 9JT")).await;
    }
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let empty = site.get(Some(&cookie), "/cases/new?q=+").await;
    empty.expect(StatusCode::BAD_REQUEST).expect_page("Error: Log a complaint");
    assert!(
        empty.body.contains(r##"<a href="#q">Enter a name, address, postcode or reference</a>"##),
        "{}",
        empty.body
    );
    assert!(empty.body.contains(r#"id="q-error""#) && empty.body.contains("govuk-input--error"));

    let broad = site.get(Some(&cookie), "/cases/new?q=smith").await;
    broad.expect(StatusCode::OK);
    assert_eq!(offered(&broad.body).len(), usize::try_from(redress_app::MOST_FOUND).unwrap());
    assert!(broad.body.contains("More residents match than are shown"), "{}", broad.body);
    let narrowed = site.get(Some(&cookie), "/cases/new?q=smith+07+river").await;
    assert_eq!(offered(&narrowed.body).len(), 1, "{}", narrowed.body);
    assert!(!narrowed.body.contains("More residents match"));
}

async fn a_resident_outside_the_users_scope_is_neither_found_nor_accepted(backend: redress_storage::Backend) {
    let site = Site::new(backend).await;
    let handler = site.member(Role::Handler);
    let (agent, cookie) = agent(&site).await;
    let theirs = living_at(&site, "Alma Smith", "1 Quay Street, Whitby YO21 1AA").await;
    let landlords = living_at(&site, "Lena Smith", "2 Quay Street, Whitby YO21 1AB").await;
    complaint_of(&site, handler, &theirs, Some(&agent)).await;

    let found = site.get(Some(&cookie), "/cases/new?q=quay+street").await;
    found.expect(StatusCode::OK);
    assert_eq!(offered(&found.body), std::slice::from_ref(&theirs), "{}", found.body);
    assert!(!found.body.contains("Lena Smith"));
    site.get(Some(&cookie), &format!("/cases/new?resident={theirs}")).await.expect(StatusCode::OK);
    let path = format!("/cases/new?resident={landlords}");
    site.get(Some(&cookie), &path).await.expect(StatusCode::NOT_FOUND);
    site.submit(&cookie, &path, &logged_form(&landlords)).await.expect(StatusCode::NOT_FOUND);
    site.submit(&cookie, "/cases/new", &logged_form(&landlords)).await.expect(StatusCode::NOT_FOUND);
    site.get(Some(&cookie), "/cases/new?resident=no-such-resident").await.expect(StatusCode::NOT_FOUND);
    let lena = site.app.resident_complaints(handler, &landlords.parse().unwrap()).await.unwrap();
    assert!(lena.is_empty(), "nothing logged for a resident outside the agent's scope");
}

async fn the_residents_page_and_a_service_requests_page_lead_to_logging_a_complaint(backend: redress_storage::Backend) {
    let site = Site::new(backend).await;
    let rosa = living_at(&site, "Rosa Resident", "4 River Row, Anytown").await;
    let input = ServiceRequestInput {
        resident_id: rosa.parse().unwrap(),
        property_id: None,
        description: "Fix the leaking tap".into(),
        status: None,
    };
    let request = site.app.create_service_request(site.member(Role::Handler), input).await.unwrap().id;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let record = site.get(Some(&cookie), &format!("/residents/{rosa}")).await;
    let log = format!(r#"<a class="govuk-link" href="/cases/new?resident={rosa}">Log a complaint</a>"#);
    assert!(record.body.contains(&log), "{}", record.body);
    let page = site.get(Some(&cookie), &format!("/service-requests/{request}")).await;
    let about = format!(r#"href="/service-requests/{request}/complaint">Log a complaint about this request</a>"#);
    assert!(page.body.contains(&about), "{}", page.body);
    let form = site.get(Some(&cookie), &format!("/service-requests/{request}/complaint")).await;
    form.expect(StatusCode::OK).expect_page("Log a complaint about a service request");
    assert!(form.body.contains("Rosa Resident") && form.body.contains("Fix the leaking tap"), "{}", form.body);

    // Those who only read see no way to log one.
    let auditor = site.sign_in(&email(Role::Auditor)).await;
    let record = site.get(Some(&auditor), &format!("/residents/{rosa}")).await;
    assert!(!record.body.contains("/cases/new"), "{}", record.body);
    site.get(Some(&auditor), &format!("/cases/new?resident={rosa}")).await.expect(StatusCode::FORBIDDEN);
}
