//! Complaints: creating one (reference, first events, registry entry) and
//! reading one. Listing them is in `complaint_list.rs`.
//!
//! The row holds the complaint's identity, the head of its event chain and
//! summary columns for listing. The summary is computed by the application
//! from the domain and passed in with every write; storage never derives it.
//! Appending events lives in `events.rs`.

use jiff::Timestamp;
use jiff::civil::Date;
use redress_domain::complaint::Status;
use redress_domain::ids::{CategoryId, ComplaintId, OrganisationId, ResidentId, UserId};

use crate::creations::Creation;
use crate::events::NewEvent;
use crate::triage::Triage;
use crate::values::Instant;
use crate::{Database, StorageError};

/// What the application says about a complaint for listing and filtering,
/// rewritten with every append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintSummary {
    /// The resident complaining (of the same organisation).
    pub resident_id: ResidentId,
    /// 1 or 2 while at a stage; `None` before one starts.
    pub stage: Option<u8>,
    /// Where it is in its life.
    pub status: Status,
    /// The user handling it now, if any.
    pub handler: Option<UserId>,
    /// The organisation dealing with it: the landlord or its managing agent.
    pub organisation_handling: OrganisationId,
    /// The date it was received (its year is the reference's year).
    pub received_on: Date,
    /// How it was received (phone, email, letter…).
    pub channel: String,
    /// The next due date of an open stage, if any.
    pub next_due: Option<Date>,
    /// On track, due soon, overdue, met… as the domain names it.
    pub deadline_status: Option<String>,
    /// When the next update to the resident is due (Code 5.9), if one is.
    pub next_update_due: Option<Date>,
    /// How many of its deadlines count as met only thanks to an event recorded after the
    /// deadline had passed (Code 5.12).
    pub met_by_late_records: u32,
    /// How many of its deadlines, at either stage, were answered after their due date
    /// (`redress_domain::complaint::answered_late`), for the "deadline missed" filter. `None`
    /// only on a complaint stored before the count was kept (migration 0021) and not counted
    /// since; the application counts those when it migrates.
    pub deadlines_answered_late: Option<u32>,
    /// The words full-text search finds it by: its description and points, as the
    /// application puts them together (`migrations/*/0017_categories_and_search.sql`).
    pub search_text: String,
}

/// A complaint to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComplaint {
    /// Its id, made by the caller.
    pub id: ComplaintId,
    /// Its summary after the first events.
    pub summary: ComplaintSummary,
    /// What triage found when it was logged, for the list's filters (fixed from then on).
    pub triage: Triage,
    /// The categories it was logged under, of its organisation's list, each once (fixed from
    /// then on, like triage).
    pub categories: Vec<CategoryId>,
}

/// A stored complaint: identity, chain head and summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    /// Its id.
    pub id: ComplaintId,
    /// The organisation (landlord) it belongs to.
    pub organisation_id: OrganisationId,
    /// Its reference, such as `CMP-2025-000123`, unique in the organisation.
    pub reference: String,
    /// The summary last written.
    pub summary: ComplaintSummary,
    /// The categories it was logged under, by id.
    pub categories: Vec<CategoryId>,
    /// The seq of its last event: what the next append must expect.
    pub last_seq: i64,
    /// The hash of its last event.
    pub head_hash: String,
    /// When its first event was recorded.
    pub created_at: Timestamp,
    /// When its last event was recorded.
    pub updated_at: Timestamp,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ComplaintRow {
    id: String,
    organisation_id: String,
    reference: String,
    resident_id: String,
    stage: Option<i32>,
    status: String,
    handler: Option<String>,
    organisation_handling: String,
    received_on: jiff_sqlx::Date,
    channel: String,
    next_due: Option<jiff_sqlx::Date>,
    deadline_status: Option<String>,
    next_update_due: Option<jiff_sqlx::Date>,
    met_by_late_records: i32,
    deadlines_answered_late: Option<i32>,
    search_text: String,
    category_ids: Option<String>,
    last_seq: i64,
    head_hash: String,
    created_at: Instant,
    updated_at: Instant,
}

impl TryFrom<ComplaintRow> for Complaint {
    type Error = StorageError;

    fn try_from(row: ComplaintRow) -> Result<Complaint, StorageError> {
        let stage = row
            .stage
            .map(|s| {
                u8::try_from(s).map_err(|_| StorageError::Integrity {
                    what: "complaint",
                    id: row.id.clone(),
                    reason: format!("stage {s}"),
                })
            })
            .transpose()?;
        let status = Status::named(&row.status).ok_or_else(|| StorageError::Integrity {
            what: "complaint",
            id: row.id.clone(),
            reason: format!("status {}", row.status),
        })?;
        Ok(Complaint {
            summary: ComplaintSummary {
                resident_id: ResidentId::trusted(row.resident_id),
                stage,
                status,
                handler: row.handler.map(UserId::trusted),
                organisation_handling: OrganisationId::trusted(row.organisation_handling),
                received_on: row.received_on.to_jiff(),
                channel: row.channel,
                next_due: row.next_due.map(|d| d.to_jiff()),
                deadline_status: row.deadline_status,
                next_update_due: row.next_update_due.map(|d| d.to_jiff()),
                met_by_late_records: u32::try_from(row.met_by_late_records).unwrap_or_default(),
                deadlines_answered_late: row.deadlines_answered_late.map(|n| u32::try_from(n).unwrap_or_default()),
                search_text: row.search_text,
            },
            categories: category_ids(row.category_ids.as_deref()),
            id: ComplaintId::trusted(row.id),
            organisation_id: OrganisationId::trusted(row.organisation_id),
            reference: row.reference,
            last_seq: row.last_seq,
            head_hash: row.head_hash,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
        })
    }
}

/// The columns of a complaint, for `select` from `complaints` alone.
const COLUMNS: &str = "id, organisation_id, reference, resident_id, stage, status, handler, organisation_handling, \
                       received_on, channel, next_due, deadline_status, met_by_late_records, deadlines_answered_late, \
                       search_text, (select string_agg(k.category_id, ',') from complaint_categories k \
                        where k.complaint_id = complaints.id) as category_ids, \
                       last_seq, head_hash, created_at, updated_at, next_update_due";

/// The ids of a complaint's categories as [`COLUMNS`] aggregates them (ids hold no commas),
/// in order of id.
pub(crate) fn category_ids(aggregated: Option<&str>) -> Vec<CategoryId> {
    let mut ids: Vec<CategoryId> = aggregated
        .unwrap_or_default()
        .split(',')
        .filter(|id| !id.is_empty())
        .map(|id| CategoryId::trusted(id.to_owned()))
        .collect();
    ids.sort();
    ids
}

/// Checks what storage itself relies on in a summary.
pub(crate) fn check_summary(summary: &ComplaintSummary) -> Result<(), StorageError> {
    match summary.stage {
        None | Some(1 | 2) => Ok(()),
        Some(other) => Err(StorageError::InvalidInput(format!("stage {other}: a complaint has stages 1 and 2 only"))),
    }
}

/// The reference of the `number`th complaint of `year`: `CMP-2025-000123`.
pub(crate) fn format_reference(year: i16, number: i64) -> String {
    format!("CMP-{year:04}-{number:06}")
}

/// The `insert` of complaint rows, one for each `(org, new, reference, first, last)` of
/// `$rows`: complaint `new` ([`NewComplaint`]) of organisation `org` (an id) with its
/// `reference`, whose record runs from stored event `first` to `last`. Evaluates to a
/// [`sqlx::QueryBuilder`] to build and run; one row or many, the columns are listed once.
macro_rules! complaint_rows {
    ($rows:expr) => {{
        let mut insert = sqlx::QueryBuilder::new(
            "insert into complaints (id, organisation_id, reference, resident_id, stage, status, handler,
                 organisation_handling, received_on, search_text, channel, next_due, deadline_status, last_seq,
                 head_hash, created_at, updated_at, next_update_due, met_by_late_records, complexity,
                 risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, risk_disrepair, risk_other,
                 deadlines_answered_late) ",
        );
        insert.push_values($rows, |mut row, (org, new, reference, first, last)| {
            let s = &new.summary;
            let has = |risk| new.triage.has(risk);
            use redress_domain::complaint::Risk;
            row.push_bind(new.id.as_str())
                .push_bind(org.as_str())
                .push_bind(reference)
                .push_bind(s.resident_id.as_str())
                .push_bind(s.stage.map(i32::from))
                .push_bind(s.status.as_str())
                .push_bind(s.handler.as_deref())
                .push_bind(s.organisation_handling.as_str())
                .push_bind($crate::values::day(s.received_on))
                .push_bind(s.search_text.as_str())
                .push_bind(s.channel.as_str())
                .push_bind($crate::values::maybe_day(s.next_due))
                .push_bind(s.deadline_status.as_deref())
                .push_bind(last.seq)
                .push_bind(last.hash.as_str())
                .push_bind($crate::values::Instant(first.recorded_at))
                .push_bind($crate::values::Instant(last.recorded_at))
                .push_bind($crate::values::maybe_day(s.next_update_due))
                .push_bind(i32::try_from(s.met_by_late_records).unwrap_or(i32::MAX))
                .push_bind($crate::triage::complexity_text(new.triage.complexity))
                .push_bind(has(Risk::Vulnerability))
                .push_bind(has(Risk::HealthAndSafety))
                .push_bind(has(Risk::DampAndMould))
                .push_bind(has(Risk::Disrepair))
                .push_bind(has(Risk::Other))
                .push_bind(s.deadlines_answered_late.map(|n| i32::try_from(n).unwrap_or(i32::MAX)));
        });
        insert
    }};
}
pub(crate) use complaint_rows;

/// The `insert` of the category rows of new complaints, one for each category of each
/// `(org, new, reference)` of `$rows` (as [`complaint_rows`]), with the complaint's received
/// date and reference that the list's category filter pages by (0017). Evaluates to `None`
/// when no complaint has a category, else to a [`sqlx::QueryBuilder`] to build and run.
macro_rules! category_rows {
    ($rows:expr) => {{
        let rows: Vec<_> = $rows
            .flat_map(|(org, new, reference): (&redress_domain::ids::OrganisationId, &NewComplaint, &str)| {
                new.categories.iter().map(move |category| (org, new, reference, category))
            })
            .collect();
        (!rows.is_empty()).then(|| {
            let mut insert = sqlx::QueryBuilder::new(
                "insert into complaint_categories (complaint_id, organisation_id, category_id, received_on, reference) ",
            );
            insert.push_values(rows, |mut row, (org, new, reference, category)| {
                row.push_bind(new.id.as_str())
                    .push_bind(org.as_str())
                    .push_bind(category.as_str())
                    .push_bind($crate::values::day(new.summary.received_on))
                    .push_bind(reference);
            });
            insert
        })
    }};
}
pub(crate) use category_rows;

/// The `insert` of registry entries, one for each `(org, seq, complaint_id, reference,
/// first_event_hash, prev_hash, hash)` of `$rows` (text but the seq): a [`sqlx::QueryBuilder`]
/// to build and run; one row or many, the columns are listed once. The database moves each
/// registry head to its last entry (trigger, migration 0010).
macro_rules! registry_rows {
    ($rows:expr) => {{
        let mut insert = sqlx::QueryBuilder::new(
            "insert into complaint_registry (organisation_id, seq, complaint_id, reference, first_event_hash,
                 prev_hash, hash) ",
        );
        insert.push_values(
            $rows,
            |mut row, (org, seq, id, reference, first, prev, hash): (&str, i64, &str, &str, &str, &str, &str)| {
                row.push_bind(org)
                    .push_bind(seq)
                    .push_bind(id)
                    .push_bind(reference)
                    .push_bind(first)
                    .push_bind(prev)
                    .push_bind(hash);
            },
        );
        insert
    }};
}
pub(crate) use registry_rows;

impl Database {
    /// Creates a complaint with its first events, in one transaction: gives
    /// it the next reference of its organisation for the year it was
    /// received (`CMP-YYYY-NNNNNN`, from a counter row, so gapless), stores
    /// the row and the events (seq 1, 2, … chained from [`GENESIS_HASH`](crate::GENESIS_HASH)),
    /// and registers it in the organisation's registry chain.
    ///
    /// Creations in one organisation queue behind one another on the
    /// registry head; appends to existing complaints never wait for them.
    ///
    /// # Errors
    ///
    /// [`StorageError::InvalidInput`] if there are no events, a payload is
    /// not JSON or the stage is not 1 or 2; [`StorageError::Duplicate`] if
    /// the id is taken; [`StorageError::MissingReference`] if the
    /// organisation, resident, handler or handling organisation does not
    /// exist (the resident in this organisation).
    pub async fn create_complaint(
        &self,
        org: &OrganisationId,
        new: &NewComplaint,
        events: &[NewEvent],
    ) -> Result<Complaint, StorageError> {
        let creation = Creation { organisation: org, complaint: new, events, request_key: None, tsm: &[] };
        let mut created = self.create_complaints(&[creation]).await?;
        created.pop().map(|(complaint, _)| complaint).ok_or(StorageError::InvalidInput("nothing was created".into()))
    }

    /// The complaint with this id in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_complaint(
        &self,
        org: &OrganisationId,
        id: &ComplaintId,
    ) -> Result<Option<Complaint>, StorageError> {
        let sql = format!("select {COLUMNS} from complaints where organisation_id = $1 and id = $2");
        let row: Option<ComplaintRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.as_str())
            .bind(id.as_str())
            .fetch_optional(pool)
            .await)?;
        row.map(Complaint::try_from).transpose()
    }

    /// The complaint with this reference in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_complaint_by_reference(
        &self,
        org: &OrganisationId,
        reference: &str,
    ) -> Result<Option<Complaint>, StorageError> {
        let sql = format!("select {COLUMNS} from complaints where organisation_id = $1 and reference = $2");
        let row: Option<ComplaintRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.as_str())
            .bind(reference)
            .fetch_optional(pool)
            .await)?;
        row.map(Complaint::try_from).transpose()
    }
}

/// Locks (creating if need be) an organisation's registry head and returns
/// it. The no-op update is what takes the lock in PostgreSQL; SQLite's
/// `BEGIN IMMEDIATE` already holds the database's.
pub(crate) const LOCK_REGISTRY_HEAD: &str =
    "insert into complaint_registry_heads (organisation_id, last_seq, head_hash)
    values ($1, 0, $2)
    on conflict (organisation_id) do update set last_seq = complaint_registry_heads.last_seq
    returning last_seq, head_hash";

/// Takes the next `$3` complaint numbers of an organisation and year; returns the last.
pub(crate) const TAKE_REFERENCE_NUMBERS: &str = "insert into reference_counters (organisation_id, year, last_number)
    values ($1, $2, $3)
    on conflict (organisation_id, year) do update
        set last_number = reference_counters.last_number + excluded.last_number
    returning last_number";
