//! Closure days and deadlines: no setting may turn a missed deadline into a met one. A
//! closure day added on the day or afterwards is kept for the record and changes no deadline,
//! and one that has begun or passed cannot be removed.

use axum::http::StatusCode;
use jiff::civil::date;
use redress_app::{ComplaintIntake, Role};
use redress_domain::complaint::DeadlineStatus;
use redress_storage::Backend;
use serde_json::json;

use crate::site::{Reply, Site, email, encode};
use crate::{Case, case};

/// This module's cases.
pub fn cases() -> Vec<Case> {
    vec![
        case!(a_closure_day_added_after_the_day_leaves_an_overdue_deadline_as_it_was),
        case!(a_closure_day_begun_or_past_cannot_be_removed),
    ]
}

async fn submit(site: &Site, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> Reply {
    let body = pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
    site.post(Some(cookie), path, &body, &[("sec-fetch-site", "same-origin")], None).await
}

fn closure(day: &str, month: &str, name: &str) -> [(&'static str, String); 4] {
    [("day-day", day.into()), ("day-month", month.into()), ("day-year", "2025".into()), ("name", name.into())]
}

async fn add(site: &Site, cookie: &str, fields: [(&'static str, String); 4]) {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    submit(site, cookie, "/settings/closure-days", &pairs).await.expect_redirect("/settings/closure-days");
}

/// A complaint received on Monday 17 February 2025, its acknowledgement due Monday 24
/// February; the site's clock is at Tuesday 4 March 2025.
async fn received_on_17_february(site: &Site) -> String {
    let actor = site.member(Role::Handler);
    let resident = redress_app::ResidentInput { name: "Rosa Resident".into(), ..Default::default() };
    let resident = site.app.create_resident(actor, resident).await.unwrap();
    let intake: ComplaintIntake = serde_json::from_value(json!({
        "received_at": "2025-02-17T10:00:00Z",
        "channel": "letter",
        "issue_date": "2025-02-10",
        "complexity": "straightforward",
        "risks": [],
        "description": "Damp in the bedroom",
        "resident_id": resident.id,
    }))
    .unwrap();
    site.app.log_complaint(actor, intake, None).await.unwrap().view.id.into()
}

async fn a_closure_day_added_after_the_day_leaves_an_overdue_deadline_as_it_was(backend: Backend) {
    let site = Site::new(backend).await;
    let id = received_on_17_february(&site).await;
    let handler = site.member(Role::Handler);
    let before = site.app.complaint(handler, &id.parse().unwrap()).await.unwrap().deadlines[0].clone();
    assert_eq!(before.due, date(2025, 2, 24));
    assert_eq!(before.status, DeadlineStatus::Overdue { working_days_late: 6 });

    let cookie = site.sign_in(&email(Role::Admin)).await;
    // Thursday 20 February, before the due date, and today, Tuesday 4 March: both added late.
    add(&site, &cookie, closure("20", "2", "Office move")).await;
    add(&site, &cookie, closure("4", "3", "Power cut")).await;
    let after = site.app.complaint(handler, &id.parse().unwrap()).await.unwrap().deadlines[0].clone();
    assert_eq!(after, before, "the deadline, its status and its explanation are unchanged");
    assert!(after.explanation.skipped.iter().all(|s| s.date != date(2025, 2, 20)));
    let case = site.get(Some(&cookie), &format!("/cases/{id}")).await;
    assert!(case.body.contains("24 February 2025"), "{}", case.body);
    let overdue = site.get(Some(&cookie), "/cases?deadline=overdue").await;
    assert!(overdue.body.contains(&format!("/cases/{id}")), "still listed as overdue: {}", overdue.body);
    let missed = site.get(Some(&cookie), "/cases?deadline=missed").await;
    assert!(missed.body.contains(&format!("/cases/{id}")), "overdue, so missed: {}", missed.body);

    let page = site.get(Some(&cookie), "/settings/closure-days").await;
    page.expect(StatusCode::OK);
    assert_eq!(page.body.matches("Changes no deadline").count(), 2, "{}", page.body);
    assert!(page.body.contains("Added on or after the day itself"), "{}", page.body);

    // One added in advance (Thursday 6 March) moves the open deadlines it spans.
    add(&site, &cookie, closure("6", "3", "Staff training day")).await;
    let page = site.get(Some(&cookie), "/settings/closure-days").await;
    assert_eq!(page.body.matches("Changes no deadline").count(), 2, "{}", page.body);
    let today = site.complaint(handler, "Received today").await;
    let deadline = &site.app.complaint(handler, &today.parse().unwrap()).await.unwrap().deadlines[0];
    assert_eq!(deadline.due, date(2025, 3, 12), "11 March moved by the closure on 6 March");
}

async fn a_closure_day_begun_or_past_cannot_be_removed(backend: Backend) {
    let site = Site::new(backend).await;
    let cookie = site.sign_in(&email(Role::Admin)).await;
    add(&site, &cookie, closure("20", "2", "Office move")).await;
    add(&site, &cookie, closure("4", "3", "Power cut")).await;
    add(&site, &cookie, closure("6", "3", "Staff training day")).await;
    let page = site.get(Some(&cookie), "/settings/closure-days").await;
    assert_eq!(page.body.matches(r#"name="value""#).count(), 1, "only 6 March can be removed: {}", page.body);

    for (value, shown) in [("2025-02-20", "20 February 2025"), ("2025-03-04", "4 March 2025")] {
        let reply = submit(&site, &cookie, "/settings/closure-days/remove", &[("value", value)]).await;
        reply.expect(StatusCode::BAD_REQUEST);
        let message = format!(
            r##"<a href="#closures">{shown} has begun or passed, so it stays: deadlines already counted it, and removing it would move them</a>"##
        );
        assert!(reply.body.contains(&message), "{message} in {}", reply.body);
    }
    let org = &site.member(Role::Admin).organisation_id;
    assert_eq!(site.db.list_closure_days(org).await.unwrap().len(), 3, "nothing removed");
    submit(&site, &cookie, "/settings/closure-days/remove", &[("value", "2025-03-06")])
        .await
        .expect_redirect("/settings/closure-days");
    assert_eq!(site.db.list_closure_days(org).await.unwrap().len(), 2);
}
