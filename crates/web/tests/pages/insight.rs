//! The dashboard's figures on the Ombudsman (Code 9.7 c), learning (9.1-9.3), the residents
//! behind the complaints (9.7 b), survey follow-up (1.6) and service requests (1.4), on a
//! small hand-built data set in 2024/25, on 4 March 2025 (the site's clock):
//!
//! - A: the case page's complaint (`file.rs`): received 6 January 2025, a vulnerability
//!   considered at triage, from a resident whose record holds vulnerabilities and an
//!   adjustment; closed 21 February with an improvement; referred 24 February; determined
//!   3 March (severe maladministration; service failure), an order due 31 March complied
//!   4 March (on time) and a recommendation with no due date.
//! - B: the same resident's second complaint, received the same day, logged only.
//! - C: another resident's complaint from survey follow-up, received today.
//! - Two service requests recorded today.

use redress_app::{Role, ServiceRequestInput};
use redress_storage::Backend;
use serde_json::json;

use crate::file::{lived, logged, person};
use crate::site::{Site, email};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![case!(
        code_9_1_to_9_7_the_dashboard_shows_the_ombudsman_learning_and_residents_with_the_complaints_behind_them
    )]
}

/// The number in the row labelled `label`, and the part of the page after it.
fn count_after<'a>(html: &'a str, label: &str) -> (&'a str, &'a str) {
    let rest = html.split_once(label).unwrap_or_else(|| panic!("no row {label}: {html}")).1;
    let cell = rest.split("govuk-table__cell--numeric\">").nth(1).unwrap_or_else(|| panic!("no count after {label}"));
    let count = if cell.starts_with("<a") { cell.split_once('>').unwrap().1 } else { cell };
    (count.split('<').next().unwrap(), rest)
}

/// The part of the page from the heading with `id` to the next heading.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no section {id}: {html}"));
    let rest = &html[start..];
    let end = rest[1..].find("<h2 class=\"govuk-heading-m\"").map_or(rest.len(), |end| end + 1);
    &rest[..end]
}

async fn code_9_1_to_9_7_the_dashboard_shows_the_ombudsman_learning_and_residents_with_the_complaints_behind_them(
    backend: Backend,
) {
    let site = Site::new(backend).await;
    let officer = site.member(Role::ComplaintsOfficer);
    let person = person(&site).await;
    let a = logged(&site, &person).await;
    lived(&site, &a).await;
    let b = logged(&site, &person).await;
    let other = redress_app::ResidentInput { name: "Sam Survey".into(), ..Default::default() };
    let other = site.app.create_resident(officer, other).await.unwrap();
    let intake = serde_json::from_value(json!({
        "channel": "survey_follow_up",
        "issue_occurred_on": "2025-02-20",
        "complexity": "straightforward",
        "risks": [],
        "description": "Said in the satisfaction survey that the repair was left unfinished.",
        "resident_id": other.id,
    }))
    .unwrap();
    site.app.log_complaint(officer, intake, None).await.unwrap();
    for description in ["Leaking kitchen tap", "Broken fence"] {
        let request = ServiceRequestInput {
            resident_id: person.resident.clone(),
            property_id: None,
            description: description.into(),
            status: None,
        };
        site.app.create_service_request(officer, request).await.unwrap();
    }
    let ref_a = site.app.complaint(officer, &a).await.unwrap().reference;
    let ref_b = site.app.complaint(officer, &b).await.unwrap().reference;

    let cookie = site.sign_in(&email(Role::MemberResponsible)).await;
    let page = site.get(Some(&cookie), "/reports?year=2024").await;
    page.expect_page("Complaints dashboard");
    let html = page.body.replace("&amp;", "&").replace("&#38;", "&");

    // Volumes: A, B and C received; C from survey follow-up, linked to the case list by its
    // channel; the two service requests.
    let (count, rest) = count_after(&html, "Complaints from following up dissatisfaction in a survey (Code 1.6)");
    assert_eq!(count, "1");
    assert!(rest.split("</tr>").next().unwrap().contains("channel=survey_follow_up"), "{rest}");
    assert_eq!(count_after(&html, "Service requests recorded (Code 1.4)").0, "2");

    // The Ombudsman: A referred and determined in the year; its findings; the order complied
    // with on time; the recommendation, with no due date, not yet due. Each lists A.
    let ombudsman = section(&html, "ombudsman");
    for (label, expected) in [
        ("Complaints referred to the Ombudsman", "1"),
        ("Determinations made by the Ombudsman", "1"),
        ("Severe maladministration", "1"),
        ("Service failure", "1"),
        ("Maladministration<", "0"),
        ("Orders made", "1"),
        ("Orders complied with on time", "1"),
        ("Orders complied with late", "0"),
        ("Orders past their due date and not complied with", "0"),
        ("Recommendations made", "1"),
        ("Recommendations not yet due", "1"),
    ] {
        let (count, rest) = count_after(ombudsman, label);
        assert_eq!(count, expected, "{label}");
        let row = rest.split("</tr>").next().unwrap();
        assert_eq!(row.contains(&format!("<a class=\"govuk-link\" href=\"/cases/{a}\">{ref_a}</a>")), expected == "1");
    }

    // Learning: A closed, with its improvement linked to its case page, and its root cause.
    let learning = section(&html, "learning");
    assert_eq!(count_after(learning, "Complaints closed").0, "1");
    let improvement = learning.split("Service improvements made because of complaints").nth(1).unwrap();
    for text in [
        format!("<a class=\"govuk-link\" href=\"/cases/{a}\">{ref_a}</a>"),
        "21 February 2025".into(),
        "Mould reports were closed without an inspection".into(),
        "<li>Inspect every mould report within 10 working days</li>".into(),
    ] {
        assert!(improvement.contains(&text), "{text}: {improvement}");
    }
    let causes = learning.split("Root causes of the complaints closed, most frequent first").nth(1).unwrap();
    let (count, rest) = count_after(causes, "Mould reports were closed without an inspection");
    assert_eq!(count, "1");
    assert!(rest.split("</tr>").next().unwrap().contains(&format!(">{ref_a}</a>")), "{rest}");

    // Themes: the resident made A and B; both had a vulnerability considered at triage (a link
    // to the case list, which shows those two) and come from a resident with support needs.
    assert_eq!(count_after(&html, "Residents who made two or more complaints").0, "1");
    for label in [
        "Complaints from residents who made two or more",
        "Complaints from residents with vulnerabilities or reasonable adjustments on their record",
    ] {
        let (count, rest) = count_after(&html, label);
        assert_eq!(count, "2", "{label}");
        let row = rest.split("</tr>").next().unwrap();
        assert!(row.contains(&format!(">{ref_a}</a>")) && row.contains(&format!(">{ref_b}</a>")), "{row}");
        assert!(row.contains("<details class=\"govuk-details"), "{row}");
    }
    let (count, rest) = count_after(&html, "Complaints where a vulnerability was considered at triage (Code 6.1)");
    assert_eq!(count, "2");
    let link = rest.split("href=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(link.starts_with("/cases?") && link.contains("risk=vulnerability"), "{link}");
    let list = site.get(Some(&cookie), link).await;
    assert!(list.body.contains(">2 cases</p>"), "{}", list.body);
    // Nothing personal: neither the resident's name nor their needs reach the dashboard.
    for personal in ["Ada Lovelace", "Recent bereavement", "Letters in large print"] {
        assert!(!html.contains(personal), "{personal} is on the dashboard");
    }

    // April to June 2024: none of it.
    let q1 = site.get(Some(&cookie), "/reports?year=2024&quarter=1").await;
    q1.expect_page("Complaints dashboard");
    assert_eq!(count_after(&q1.body, "Complaints referred to the Ombudsman").0, "0");
    assert_eq!(count_after(&q1.body, "Complaints closed").0, "0");
    assert_eq!(count_after(&q1.body, "Service requests recorded (Code 1.4)").0, "0");
}
