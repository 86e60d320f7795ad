//! Making a demo in a fresh database, and reading it back through the application.

use std::sync::Arc;

use jiff::civil::{Date, date};
use redress_app::{Actor, App, ComplaintView, FixedClock, Role};
use redress_demo::{DemoOptions, DemoSummary, generate};
use redress_domain::calendar::{WorkingCalendar, london};
use redress_storage::testing::TestDatabase;
use redress_storage::{Backend, Complaint, ComplaintFilter, Database, Organisation};

/// The day the test demos are seen from.
pub const END: Date = date(2026, 11, 23);

/// A fresh database of `backend` with a demo of this size and seed in it.
pub async fn demo(
    backend: Backend,
    homes: u32,
    years: u16,
    seed: u64,
) -> Result<(TestDatabase, DemoSummary), Box<dyn std::error::Error + Send + Sync>> {
    let db = TestDatabase::migrated(backend).await?;
    let options = DemoOptions { homes, years, seed, end: END };
    let summary = generate(&db, WorkingCalendar::england_and_wales(), &options, &mut |_| {}).await?;
    Ok((db, summary))
}

/// The application as of the demo's end day, and the demo's auditor signed in with their token.
pub async fn reader(db: &Database, summary: &DemoSummary) -> (App, Actor) {
    let start_of_end = END.to_zoned(london::zone().unwrap()).unwrap().timestamp();
    let app =
        App::new(db.clone(), WorkingCalendar::england_and_wales(), Arc::new(FixedClock::new(start_of_end))).unwrap();
    let auditor = summary.accounts.iter().find(|a| a.role == Role::Auditor).unwrap();
    let actor = app.authenticate(&auditor.token).await.unwrap().unwrap();
    (app, actor)
}

/// Every complaint of the demo landlord, by reference.
pub async fn complaints(db: &Database, summary: &DemoSummary) -> Vec<Complaint> {
    landlords_complaints(db, &summary.landlord).await
}

/// Every complaint of `landlord`, by reference.
pub async fn landlords_complaints(db: &Database, landlord: &Organisation) -> Vec<Complaint> {
    let mut all = Vec::new();
    loop {
        let filter = ComplaintFilter { limit: 1000, offset: all.len() as u32, ..ComplaintFilter::default() };
        let page = db.list_complaints(&landlord.id, &filter).await.unwrap();
        if page.is_empty() {
            break;
        }
        all.extend(page);
    }
    all.sort_by(|a, b| a.reference.cmp(&b.reference));
    all
}

/// Every complaint of the demo with its deadlines judged on the end day and its record.
pub async fn views(db: &Database, summary: &DemoSummary) -> Vec<ComplaintView> {
    let (app, actor) = reader(db, summary).await;
    let mut views = Vec::new();
    for complaint in complaints(db, summary).await {
        views.push(app.complaint(&actor, &complaint.id).await.unwrap());
    }
    views
}

/// One line per complaint and per event: reference, status, deadline statuses, then each
/// event's kind, actor, time and payload, with the staff's user ids (which the application
/// mints afresh) replaced by their roles. Equal for equal data.
pub async fn digest(db: &Database, summary: &DemoSummary) -> Vec<String> {
    let anonymise = |text: &str| {
        summary.accounts.iter().fold(text.to_owned(), |text, account| {
            text.replace(account.user_id.as_str(), &format!("<{} of {}>", account.role, account.organisation))
        })
    };
    let mut lines = Vec::new();
    for view in views(db, summary).await {
        let deadlines: Vec<&str> = view.deadlines.iter().map(|d| d.status.as_str()).collect();
        lines.push(format!("{} {} {} {}", view.reference, view.id, view.status.as_str(), deadlines.join(",")));
        for event in db.load_events(&summary.landlord.id, &view.id).await.unwrap() {
            lines.push(format!(
                "  {} {} {} {} {}",
                event.seq,
                event.kind,
                anonymise(&event.actor),
                event.recorded_at,
                anonymise(&event.payload)
            ));
        }
    }
    lines
}
