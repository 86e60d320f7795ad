//! Shared set-up for the lifecycle cases: two organisations with a user and
//! a resident each, complaints and events, and raw SQL for tampering.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::complaint::Status;
use redress_domain::ids::{ComplaintId, OrganisationId, ResidentId, UserId};
use redress_storage::testing::TestDatabase;
use redress_storage::{
    Backend, Complaint, ComplaintSummary, Database, NewComplaint, NewEvent, NewOrganisation, NewResident, NewUser,
    OrganisationKind, ResidentDetails, Triage,
};
use serde_json::json;

use crate::CaseResult;

/// An organisation set up for a case: its id, a user and a resident.
pub struct Org {
    /// The organisation's id.
    pub id: OrganisationId,
    /// A user of it.
    pub user: UserId,
    /// A resident of it.
    pub resident: ResidentId,
}

/// A fresh migrated database with two landlords, `a` and `b`.
pub struct World {
    /// The database (kept alive for the case).
    pub db: TestDatabase,
    /// Landlord A.
    pub a: Org,
    /// Landlord B.
    pub b: Org,
}

/// An instant from RFC 3339 text.
#[expect(clippy::expect_used, reason = "a literal in a test: a typo there is a failed test")]
pub fn at(text: &str) -> Timestamp {
    text.parse().expect("a valid instant in a test")
}

/// A fixture's id of any kind, such as `sr-1`.
#[expect(clippy::expect_used, reason = "a literal in a test: a typo there is a failed test")]
pub fn id<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("a valid id in a test")
}

/// A date from `YYYY-MM-DD`.
#[expect(clippy::expect_used, reason = "a literal in a test: a typo there is a failed test")]
pub fn on(text: &str) -> Date {
    text.parse().expect("a valid date in a test")
}

impl Org {
    /// The organisation's id.
    pub fn org(&self) -> OrganisationId {
        self.id.clone()
    }

    /// The user's id.
    pub fn user_id(&self) -> UserId {
        self.user.clone()
    }
}

/// A fresh database with landlords A and B, each with a user and a resident.
pub async fn world(backend: Backend) -> Result<World, Box<dyn std::error::Error + Send + Sync>> {
    let db = TestDatabase::migrated(backend).await?;
    let a = organisation(&db, "a", "Alpha Homes").await?;
    let b = organisation(&db, "b", "Beta Housing").await?;
    Ok(World { db, a, b })
}

/// Creates landlord `key` with user `KEY-user` and resident `KEY-resident`.
pub async fn organisation(
    db: &Database,
    key: &str,
    name: &str,
) -> Result<Org, Box<dyn std::error::Error + Send + Sync>> {
    let id = OrganisationId::trusted(format!("org-{key}"));
    let created_at = at("2025-01-02T09:00:00Z");
    db.create_organisation(&NewOrganisation {
        id: id.clone(),
        name: name.to_owned(),
        kind: OrganisationKind::Landlord,
        parent_id: None,
        created_at,
    })
    .await?;
    let user = UserId::trusted(format!("{key}-user"));
    db.create_user(
        &id,
        &NewUser { id: user.clone(), name: format!("Handler of {name}"), role: "handler".into(), created_at },
    )
    .await?;
    let resident = ResidentId::trusted(format!("{key}-resident"));
    db.create_resident(
        &id,
        &NewResident { id: resident.clone(), details: resident_details("Ada Resident"), created_at },
    )
    .await?;
    Ok(Org { id, user, resident })
}

/// A resident's details with some support needs.
pub fn resident_details(name: &str) -> ResidentDetails {
    ResidentDetails {
        name: name.to_owned(),
        reference: None,
        email: Some("ada@example.org".into()),
        phone: None,
        address: Some("1 High Street, Anytown".into()),
        preferred_contact_method: Some("email".into()),
        preferred_format: Some("large_print".into()),
        disabilities: json!([{"description": "sight loss"}]),
        vulnerabilities: json!([]),
        reasonable_adjustments: json!([{"adjustment": "letters in 16pt", "review_on": "2026-01-31"}]),
        support_review_on: Some(on("2026-01-31")),
    }
}

/// A stage 1 summary of a complaint of `org` received on `received`.
pub fn summary(org: &Org, received: &str) -> ComplaintSummary {
    ComplaintSummary {
        resident_id: org.resident.clone(),
        stage: Some(1),
        status: Status::Investigating,
        handler: Some(org.user.clone()),
        organisation_handling: org.id.clone(),
        received_on: on(received),
        channel: "email".into(),
        next_due: None,
        deadline_status: Some("on_track".into()),
        next_update_due: None,
        met_by_late_records: 0,
        deadlines_answered_late: Some(0),
        search_text: "The boiler has failed again.".into(),
    }
}

/// An event of `kind` with `payload`, recorded at `recorded_at`.
pub fn event_at(kind: &str, payload: &str, recorded_at: &str) -> NewEvent {
    NewEvent { kind: kind.into(), payload: payload.into(), actor: "a-user".into(), recorded_at: at(recorded_at) }
}

/// An event of `kind` with `payload`.
pub fn event(kind: &str, payload: &str) -> NewEvent {
    event_at(kind, payload, "2025-03-04T10:15:30.123456Z")
}

/// A fixture's complaint id, such as `c-1`.
pub fn cid(text: &str) -> ComplaintId {
    ComplaintId::trusted(text.to_owned())
}

/// Creates complaint `id` of `org`, received on `received`, with one event.
pub async fn complaint(
    db: &Database,
    org: &Org,
    id: &str,
    received: &str,
) -> Result<Complaint, Box<dyn std::error::Error + Send + Sync>> {
    let new = NewComplaint {
        id: cid(id),
        summary: summary(org, received),
        triage: Triage::default(),
        categories: Vec::new(),
    };
    Ok(db.create_complaint(&org.org(), &new, &[event("logged", r#"{"channel":"email"}"#)]).await?)
}

/// Runs raw SQL with text arguments (for tampering with the record as an
/// attacker with database access would); returns the rows changed.
pub async fn exec(db: &Database, sql: &'static str, args: &[&str]) -> Result<u64, sqlx::Error> {
    match db {
        Database::Sqlite(pool) => {
            let mut query = sqlx::query(sql);
            for arg in args {
                query = query.bind(*arg);
            }
            Ok(query.execute(pool).await?.rows_affected())
        }
        Database::Postgres(pool) => {
            let mut query = sqlx::query(sql);
            for arg in args {
                query = query.bind(*arg);
            }
            Ok(query.execute(pool).await?.rows_affected())
        }
    }
}

/// Asserts that `verify_audit` finds nothing.
pub async fn assert_audit_clean(db: &Database) -> CaseResult {
    let report = db.verify_audit().await?;
    let problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert!(report.is_clean(), "expected a clean audit, got:\n{}", problems.join("\n"));
    Ok(())
}
