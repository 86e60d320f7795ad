//! Triage (Code 6.1) through the pages: the log form asks how complex the complaint is and
//! which risks apply (or none), logs nothing until both are answered, and the case page shows
//! them; the case list filters by each.

use axum::http::StatusCode;
use redress_app::Role;
use redress_domain::complaint::{Complexity, Risk};
use redress_storage::Backend;

use crate::site::{Reply, Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![case!(code_6_1_triage_is_asked_when_logging_shown_on_the_case_and_filtered_in_the_list)]
}

fn logged<'a>(resident: &'a str, description: &'a str, triage: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut pairs = vec![
        ("resident", resident),
        ("channel", "phone"),
        ("issue_occurred_on-day", "20"),
        ("issue_occurred_on-month", "2"),
        ("issue_occurred_on-year", "2025"),
        ("description", description),
    ];
    pairs.extend_from_slice(triage);
    pairs
}

/// The id of the case a successful log redirected to.
fn case_of(reply: &Reply) -> String {
    reply.expect(StatusCode::SEE_OTHER);
    reply.header("location").unwrap().trim_start_matches("/cases/").to_owned()
}

async fn code_6_1_triage_is_asked_when_logging_shown_on_the_case_and_filtered_in_the_list(backend: Backend) {
    let site = Site::new(backend).await;
    let resident = site.resident("Rosa Resident").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let form = site.get(Some(&cookie), &format!("/cases/new?resident={resident}")).await;
    assert!(form.body.contains("How complex is the complaint?"), "{}", form.body);
    assert!(form.body.contains(r#"name="risks" type="checkbox" value="damp_and_mould""#), "{}", form.body);
    assert!(form.body.contains(r#"value="none" data-behaviour="exclusive""#), "{}", form.body);

    let untriaged = site.submit(&cookie, "/cases/new", &logged(&resident, "Mould", &[])).await;
    untriaged.expect(StatusCode::BAD_REQUEST);
    assert!(untriaged.body.contains(r##"<a href="#complexity">Select how complex the complaint is</a>"##));
    assert!(untriaged.body.contains(r##"<a href="#risks">Select the risks that apply, or none of these</a>"##));
    let both = [("complexity", "complex"), ("risks", "disrepair"), ("risks", "none")];
    let reply = site.submit(&cookie, "/cases/new", &logged(&resident, "Mould", &both)).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Select either risks or none of these, not both"), "{}", reply.body);
    assert!(reply.body.contains(r#"value="disrepair" checked"#), "the ticks are kept: {}", reply.body);
    let undescribed = [("complexity", "complex"), ("risks", "other")];
    let reply = site.submit(&cookie, "/cases/new", &logged(&resident, "Mould", &undescribed)).await;
    reply.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Say what the other risk is in the risk notes (Code 6.1)"), "{}", reply.body);
    assert!(site.get(Some(&cookie), "/cases").await.body.contains("0 cases"), "nothing logged");

    let triaged = [
        ("complexity", "complex"),
        ("risks", "vulnerability"),
        ("risks", "damp_and_mould"),
        ("risk_notes", "A baby in the household"),
    ];
    let mould =
        case_of(&site.submit(&cookie, "/cases/new", &logged(&resident, "Mould in the nursery", &triaged)).await);
    let plain = [("complexity", "straightforward"), ("risks", "none")];
    let bins = case_of(&site.submit(&cookie, "/cases/new", &logged(&resident, "Bins missed", &plain)).await);
    let view = site.app.complaint(site.member(Role::Handler), &mould.parse().unwrap()).await.unwrap();
    assert_eq!(view.complaint.logged.complexity, Complexity::Complex);
    assert_eq!(
        view.complaint.logged.risks.iter().copied().collect::<Vec<_>>(),
        [Risk::Vulnerability, Risk::DampAndMould]
    );
    let page = site.get(Some(&cookie), &format!("/cases/{mould}")).await;
    assert!(page.body.contains("Vulnerability, Damp and mould: A baby in the household"), "{}", page.body);
    let page = site.get(Some(&cookie), &format!("/cases/{bins}")).await;
    assert!(page.body.contains("None identified"), "{}", page.body);

    let listed = async |query: &str| {
        let page = site.get(Some(&cookie), &format!("/cases?{query}")).await;
        page.expect(StatusCode::OK);
        (page.body.contains(&format!("/cases/{mould}\"")), page.body.contains(&format!("/cases/{bins}\"")))
    };
    assert_eq!(listed("risk=damp_and_mould").await, (true, false));
    assert_eq!(listed("risk=vulnerability&complexity=complex").await, (true, false));
    assert_eq!(listed("complexity=straightforward").await, (false, true));
    assert_eq!(listed("risk=disrepair").await, (false, false));
    assert_eq!(listed("").await, (true, true));
    let filters = site.get(Some(&cookie), "/cases?risk=damp_and_mould").await;
    assert!(filters.body.contains(r#"<option value="damp_and_mould" selected>"#), "{}", filters.body);
    site.get(Some(&cookie), "/cases?risk=asbestos").await.expect(StatusCode::BAD_REQUEST);
}
