//! When things happened (Code 5.12, 6.2, 6.3): every form that records something that happened
//! outside Redress asks when, the case's timeline shows both when it happened and when it was
//! recorded, and a step recorded after the deadline it claims to meet needs a reason and is
//! counted apart.

use axum::http::StatusCode;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use redress_app::Role;
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::{DeadlineStatus, Step, met_only_by_late_records};
use redress_storage::Backend;

use super::{acknowledge, pairs};
use crate::site::{Site, email};

/// The date fields `on-*` of the shared date-and-time widget for `date`.
fn on(date: Date) -> Vec<(String, String)> {
    vec![
        ("on-day".into(), date.day().to_string()),
        ("on-month".into(), date.month().to_string()),
        ("on-year".into(), date.year().to_string()),
    ]
}

fn long(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// Logs a letter received on `received` at 16:30 through the form; the case's path.
async fn log_letter(site: &Site, cookie: &str, resident: &str, received: Date) -> String {
    let mut form: Vec<(String, String)> = [
        ("resident", resident),
        ("channel", "letter"),
        ("issue_occurred_on-day", "3"),
        ("issue_occurred_on-month", "1"),
        ("issue_occurred_on-year", "2025"),
        ("description", "The boiler has failed twice"),
        ("time", "16:30"),
        ("complexity", "straightforward"),
        ("risks", "none"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    form.extend(on(received));
    let logged = site.submit(cookie, "/cases/new", &pairs(&form)).await;
    logged.expect(StatusCode::SEE_OTHER);
    logged.header("location").unwrap().to_owned()
}

pub async fn code_6_2_a_letter_received_last_friday_and_logged_today_is_due_five_working_days_from_friday(
    backend: Backend,
) {
    let site = Site::new(backend).await;
    let resident = site.resident("Rosa Resident").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let today = site.app.today().unwrap();
    let mut friday = today.yesterday().unwrap();
    while friday.weekday() != Weekday::Friday {
        friday = friday.yesterday().unwrap();
    }
    let form = site.get(Some(&cookie), &format!("/cases/new?resident={resident}")).await;
    assert!(form.body.contains(r#"<div class="govuk-date-input" id="on">"#), "the date received: {}", form.body);
    assert!(form.body.contains(r#"name="time""#), "the time received: {}", form.body);

    let case = log_letter(&site, &cookie, &resident, friday).await;
    let id = case.trim_start_matches("/cases/");
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.complaint.logged.received_on, friday);
    assert_eq!(view.complaint.logged.logged_on, today);
    let due = WorkingCalendar::england_and_wales().add_working_days(friday, 5).unwrap();
    let ack = view.deadlines.iter().find(|d| d.step == Step::Acknowledgement).unwrap();
    assert_eq!(ack.due, due, "5 working days from Friday, not from today");

    let page = site.get(Some(&cookie), &case).await;
    let html = &page.body;
    assert!(html.contains(&long(due)), "the due date shown: {html}");
    // The timeline: received on Friday at 16:30, recorded today (the test clock: 10:00 UTC, in
    // winter 10:00 in England), so many working days later, by the handler.
    let worked = WorkingCalendar::england_and_wales().working_days_between(friday, today).unwrap();
    let later = if worked == 1 { "1 working day later".to_owned() } else { format!("{worked} working days later") };
    let both = format!("{} at 16:30, recorded {later}, on {} at 10:00, by", long(friday), long(today));
    assert!(html.contains(&both), "both times, {both:?}: {html}");
}

pub async fn code_5_12_a_time_in_the_future_or_before_the_complaint_was_received_is_refused_on_the_form(
    backend: Backend,
) {
    let site = Site::new(backend).await;
    let resident = site.resident("Rosa Resident").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let handler = site.member(Role::Handler).user_id.clone();
    let today = site.app.today().unwrap();
    let received = today - 7.days();
    let case = log_letter(&site, &cookie, &resident, received).await;

    let mut before = acknowledge(&handler, "The boiler failed");
    before.extend(on(received));
    before.push(("time".into(), "09:00".into()));
    let reply = site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&before)).await;
    reply.expect(StatusCode::BAD_REQUEST).expect_page("Error: Acknowledge and define the complaint");
    let message = format!(
        "Date and time acknowledged must not be before the complaint was received, {} at 16:30",
        long(received)
    );
    assert!(reply.body.contains(&format!(r##"<a href="#on-day">{message}</a>"##)), "{}", reply.body);

    let mut future = acknowledge(&handler, "The boiler failed");
    future.extend(on(today + 1.day()));
    let reply = site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&future)).await;
    reply.expect(StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("Date and time acknowledged must not be in the future"), "{}", reply.body);
    let id = case.trim_start_matches("/cases/");
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    assert_eq!(view.events.len(), 1, "nothing recorded");

    // The correspondence form asks with the same widget.
    for form in ["acknowledge", "correspondence"] {
        let page = site.get(Some(&cookie), &format!("{case}/{form}")).await;
        assert!(page.body.contains(r#"<div class="govuk-date-input" id="on">"#), "{form}: {}", page.body);
    }
}

pub async fn code_5_12_steps_recorded_after_the_deadlines_they_claim_to_meet_need_a_reason_and_are_counted_apart(
    backend: Backend,
) {
    let site = Site::new(backend).await;
    let resident = site.resident("Rosa Resident").await;
    let cookie = site.sign_in(&email(Role::Handler)).await;
    let handler = site.member(Role::Handler).user_id.clone();
    let calendar = WorkingCalendar::england_and_wales();
    // Received on a working day five weeks ago: every deadline below has passed by today.
    let today = site.app.today().unwrap();
    let received = calendar.effective_received_date(today - 35.days()).unwrap();
    let case = log_letter(&site, &cookie, &resident, received).await;
    let id = case.trim_start_matches("/cases/");

    // Acknowledged (as stated) the next working day, recorded today: refused without a reason.
    let acked = calendar.add_working_days(received, 1).unwrap();
    let mut ack = acknowledge(&handler, "The boiler failed");
    ack.extend(on(acked));
    let reply = site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&ack)).await;
    reply.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains(r##"<a href="#late_reason">The stage 1 acknowledgement was due by"##),
        "{}",
        reply.body
    );
    assert!(reply.body.contains(r#"id="late_reason-error" class="govuk-error-message""#), "{}", reply.body);
    assert!(reply.body.contains("needs the reason it is recorded late"), "{}", reply.body);
    ack.push(("late_reason".into(), "The acknowledgement letter was sent but not logged".into()));
    site.submit(&cookie, &format!("{case}/acknowledge"), &pairs(&ack)).await.expect_redirect(&case);

    // An extension said to be agreed the day before the response was due, recorded today.
    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    let response_due = view.deadlines.iter().find(|d| d.step == Step::Response).unwrap().due;
    let mut extension: Vec<(String, String)> =
        [("working_days", "5"), ("reason", "We are waiting for the contractor's report"), ("update_interval", "5")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
    extension.extend(on(calendar.add_working_days(response_due, -1).unwrap()));
    // Step 1 shows the new due date (Code 6.4), counted from the due date in force as the
    // extension is stated to be in time; step 2 confirms it.
    let new_due = calendar.add_working_days(response_due, 5).unwrap();
    let step_two = site.submit(&cookie, &format!("{case}/extend"), &pairs(&extension)).await;
    step_two.expect(StatusCode::OK).expect_page("Tell the resident the new due date");
    extension.extend(
        [("new_due", new_due.to_string()), ("resident_informed", "yes".into()), ("go", "confirm".into())]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v)),
    );
    let reply = site.submit(&cookie, &format!("{case}/extend"), &pairs(&extension)).await;
    reply.expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("The stage 1 response was due by"), "{}", reply.body);
    extension.push(("late_reason".into(), "The extension letter was posted; the system was down".into()));
    site.submit(&cookie, &format!("{case}/extend"), &pairs(&extension)).await.expect_redirect(&case);

    let view = site.app.complaint(site.member(Role::Handler), &id.parse().unwrap()).await.unwrap();
    let response = view.deadlines.iter().find(|d| d.step == Step::Response).unwrap();
    assert_eq!(response.due, calendar.add_working_days(response_due, 5).unwrap(), "moved as stated");
    assert_eq!(response.recorded_after_due.len(), 1, "but flagged");
    let ack = view.deadlines.iter().find(|d| d.step == Step::Acknowledgement).unwrap();
    assert_eq!(ack.status, DeadlineStatus::Met);
    assert_eq!(met_only_by_late_records(&view.deadlines), 1, "the acknowledgement, met only by a late record");

    let page = site.get(Some(&cookie), &case).await;
    let html = &page.body;
    assert!(html.contains("Recorded after its due date: stated as"), "{html}");
    assert!(html.contains("Reason: The extension letter was posted; the system was down"), "{html}");
    assert!(html.contains("<strong>Recorded after its due date: the stage 1 "), "the flag in the timeline: {html}");

    let csv = site.get(Some(&cookie), "/cases.csv").await;
    assert!(csv.body.contains("Deadlines met only by records made after their due date"), "{}", csv.body);
    let row = csv.body.lines().nth(1).unwrap();
    assert!(row.ends_with(",1"), "counted apart in the export: {row}");
}
