//! Code 2.3 through the forms: when the issue occurred and when the resident became aware of it
//! are logged apart; a complaint received over 12 months after the later of the two is accepted
//! only with the discretion recorded, which the acknowledgement (and the decision not to accept)
//! asks for only then.

use axum::http::StatusCode;
use redress_app::Role;
use redress_domain::complaint::Event;
use redress_storage::Backend;

use super::{acknowledge, logged_form, pairs};
use crate::site::{Site, email};

/// The summary row of the case page for `key`, as `<dt>…</dt><dd>…</dd>` reads.
fn row(key: &str, value: &str) -> String {
    format!(
        r#"<dt class="govuk-summary-list__key">{key}</dt>
    <dd class="govuk-summary-list__value">{value}</dd>"#
    )
}

/// Logs a complaint through the form (the site's clock: 4 March 2025) about an issue that
/// occurred on `occurred` (day, month, year), of which the resident became aware on `aware`.
async fn log(site: &Site, cookie: &str, occurred: [&str; 3], aware: [&str; 3]) -> String {
    let resident = site.resident("Rosa Resident").await;
    let mut form = logged_form(&resident);
    form.retain(|(name, _)| !name.starts_with("issue_occurred_on"));
    let dates = [("issue_occurred_on", occurred), ("became_aware_on", aware)];
    let parts: Vec<(String, &str)> = dates
        .iter()
        .flat_map(|(id, [d, m, y])| {
            [(format!("{id}-day"), *d), (format!("{id}-month"), *m), (format!("{id}-year"), *y)]
        })
        .collect();
    form.extend(parts.iter().map(|(name, value)| (name.as_str(), *value)));
    let logged = site.submit(cookie, "/cases/new", &form).await;
    logged.expect(StatusCode::SEE_OTHER);
    logged.header("location").unwrap().to_owned()
}

pub async fn code_2_3_a_complaint_about_an_old_issue_is_accepted_with_discretion_through_the_forms(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let handler = site.member(Role::Handler).user_id.clone();
    let discretion = "The resident was in hospital for most of last year";

    // Occurred in January 2024, aware then: over 12 months before 4 March 2025.
    let case = log(&site, &cookie, ["10", "1", "2024"], ["", "", ""]).await;
    let id = case.trim_start_matches("/cases/").to_owned();
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains(&row("Issue occurred", "10 January 2024")), "{}", page.body);
    assert!(page.body.contains(&row("Resident became aware of it", "Not given: counted from when it occurred")));
    let form = site.get(Some(&cookie), &format!("{case}/acknowledge")).await;
    form.expect(StatusCode::OK);
    assert!(form.body.contains(r#"name="late_issue_discretion""#), "the question is asked: {}", form.body);
    assert!(form.body.contains("on 10 January 2024: over 12 months before the complaint was received on 4 March 2025"));
    let not_accept = site.get(Some(&cookie), &format!("{case}/not-accept")).await;
    assert!(not_accept.body.contains(r#"name="discretion""#), "{}", not_accept.body);

    // Without the discretion: refused, citing 2.3, the values kept and nothing recorded.
    let ack = acknowledge(&handler, "The boiler failed");
    let refused = site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&ack)).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY).expect_page("Error: Acknowledge and define the complaint");
    assert!(refused.body.contains("The issue arose over 12 months before the complaint"), "{}", refused.body);
    assert!(refused.body.contains(">The boiler failed</textarea>"), "points kept");
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.status.as_str(), "awaiting_acknowledgement");

    // With it: accepted, and the discretion is on the record.
    let mut with = ack.clone();
    with.push(("late_issue_discretion".into(), discretion.into()));
    site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&with)).await.expect_redirect(&case);
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.status.as_str(), "investigating");
    let recorded = view.events.iter().find_map(|e| match &e.event {
        Event::Acknowledged { late_issue_discretion, .. } => late_issue_discretion.clone(),
        _ => None,
    });
    assert_eq!(recorded.as_deref(), Some(discretion));

    // Occurred in 2023, but the resident became aware in January 2025: within 12 months, so
    // the question is not asked and the complaint is accepted without it.
    let case = log(&site, &cookie, ["1", "6", "2023"], ["10", "1", "2025"]).await;
    let page = site.get(Some(&cookie), &case).await;
    assert!(page.body.contains(&row("Issue occurred", "1 June 2023")), "{}", page.body);
    assert!(page.body.contains(&row("Resident became aware of it", "10 January 2025")), "{}", page.body);
    let form = site.get(Some(&cookie), &format!("{case}/acknowledge")).await;
    assert!(!form.body.contains("late_issue_discretion"), "{}", form.body);
    let not_accept = site.get(Some(&cookie), &format!("{case}/not-accept")).await;
    assert!(!not_accept.body.contains(r#"name="discretion""#));
    site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&ack)).await.expect_redirect(&case);

    // An awareness before the issue occurred is refused, with the form kept.
    let resident = site.resident("Rosa Resident").await;
    let mut form = logged_form(&resident);
    form.extend([("became_aware_on-day", "1"), ("became_aware_on-month", "1"), ("became_aware_on-year", "2025")]);
    let refused = site.submit(&cookie, "/cases/new", &form).await;
    refused.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("The resident cannot have become aware of the issue before it occurred"));
}
