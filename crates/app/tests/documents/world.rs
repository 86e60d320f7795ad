//! A landlord with a handler, a senior lead, an auditor and a resident's complaint, and a
//! handler of another landlord, on a fresh database with a fixed clock.

use std::sync::Arc;

use jiff::Timestamp;
use redress_app::{Actor, App, ComplaintIntake, FixedClock, ResidentInput, Role};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::ids::ComplaintId;
use redress_storage::Backend;
use redress_storage::testing::TestDatabase;
use serde_json::json;

/// When the cases look at the record: after everything they record.
pub const NOW: &str = "2025-03-05T12:00:00Z";

/// One landlord's world on one database.
pub struct World {
    /// The database (kept alive for the case).
    pub _db: TestDatabase,
    /// The application on it.
    pub app: App,
    /// The clock.
    pub clock: Arc<FixedClock>,
    /// A handler of the landlord.
    pub handler: Actor,
    /// A senior lead of the landlord: handles stage 2.
    pub senior: Actor,
    /// An auditor of the landlord: reads only.
    pub auditor: Actor,
    /// A handler of another landlord.
    pub stranger: Actor,
    /// A complaint of the landlord, received on Monday 6 January 2025.
    pub complaint: ComplaintId,
}

/// A fresh world on `backend`.
pub async fn world(backend: Backend) -> World {
    let db = TestDatabase::migrated(backend).await.unwrap();
    let clock = Arc::new(FixedClock::new(NOW.parse::<Timestamp>().unwrap()));
    let app = App::new(db.database().clone(), WorkingCalendar::england_and_wales(), clock.clone()).unwrap();
    let handler = member(&app, "Alpha Homes", "Hana Handler", Role::Handler).await;
    let senior = member(&app, "Alpha Homes", "Sol Senior", Role::SeniorLead).await;
    let auditor = member(&app, "Alpha Homes", "Audrey Auditor", Role::Auditor).await;
    let stranger = member(&app, "Beta Housing", "Bo Handler", Role::Handler).await;
    let resident = ResidentInput {
        name: "Ada Resident".into(),
        address: Some("1 High Street\nAnytown\nAN1 1AA".into()),
        ..ResidentInput::default()
    };
    let resident = app.create_resident(&handler, resident).await.unwrap();
    let intake: ComplaintIntake = serde_json::from_value(json!({
        "received_at": "2025-01-06T09:00:00Z",
        "channel": "email",
        "issue_occurred_on": "2024-12-20",
        "complexity": "straightforward",
        "risks": ["damp_and_mould"],
        "description": "Black mould in the bedroom, reported three times since December.",
        "resident_id": resident.id,
    }))
    .unwrap();
    let complaint = app.log_complaint(&handler, intake, None).await.unwrap().view.id;
    World { _db: db, app, clock, handler, senior, auditor, stranger, complaint }
}

/// A member of staff of organisation `org` (made if new) in `role`.
async fn member(app: &App, org: &str, name: &str, role: Role) -> Actor {
    let organisation = app.organisation_named(org).await.unwrap();
    let (_, token) = app.add_user(&organisation, name, role).await.unwrap();
    app.authenticate(&token).await.unwrap().unwrap()
}
