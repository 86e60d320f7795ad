//! Many complaints at once, for benchmarks and for the tests that check the lists' query
//! plans on tables of a realistic shape: complaints, each with a minimal first event
//! (hash-chained as any other), inserted many rows a statement (SQLite) or from arrays
//! (PostgreSQL) in large transactions.
//!
//! The complaints are not registered in the organisation's registry chain and their
//! reference counter is not moved: a database made this way is for reading lists, and
//! `audit verify` would report the complaints as unregistered.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use redress_domain::complaint::{Channel, Complexity, Risk};
use redress_domain::ids::{ComplaintId, OrganisationId, ResidentId, UserId};

use crate::events::chain;
use crate::hashing::GENESIS_HASH;
use crate::triage::{Triage, complexity_text};
use crate::values::{Instant, day, format_instant};
use crate::{Database, NewEvent, StorageError};

/// Rows per SQLite `insert` statement (23 values each: within its limit of bound values).
const ROWS_PER_STATEMENT: usize = 500;

/// Rows per transaction.
const ROWS_PER_TRANSACTION: usize = 20_000;

/// The complaints to make.
#[derive(Debug, Clone)]
pub struct BulkComplaints {
    /// The landlord.
    pub organisation_id: OrganisationId,
    /// Residents of the landlord, complained for in turn.
    pub residents: Vec<ResidentId>,
    /// Staff of the landlord, handling in turn.
    pub handlers: Vec<UserId>,
    /// How many.
    pub count: usize,
    /// The day the newest is received; the rest go back a day every few complaints, over
    /// about five years.
    pub newest: Date,
    /// A prefix for ids, so that several batches can share a database: lower-case letters,
    /// digits and hyphens, as every id is made of.
    pub id_prefix: String,
}

/// Statuses of the closed majority, in turn.
const SETTLED: [&str; 3] = ["closed", "responded", "not_accepted"];
/// Statuses of the open twentieth, in turn.
const OPEN: [&str; 2] = ["awaiting_acknowledgement", "investigating"];
/// The default categories' ids in turn: none, one or two (0017).
const CATEGORIES: [&[&str]; 5] =
    [&["repairs"], &["damp-and-mould", "repairs"], &["anti-social-behaviour"], &["staff-conduct"], &[]];
/// What the complaints are about, in turn, for full-text search.
const DESCRIPTIONS: [&str; 4] = [
    "The kitchen tap has leaked for weeks.",
    "Black mould is back in the bedroom.",
    "Nobody came to the repair appointment.",
    "The neighbours' noise goes on all night.",
];

/// The complexity and risks of the `i`th complaint (Code 6.1): a quarter complex; each risk
/// on a tenth or fewer, some complaints with two.
fn triage(i: usize) -> Triage {
    let risks = [
        (i % 10 == 3, Risk::Vulnerability),
        (i % 20 == 7, Risk::HealthAndSafety),
        (i % 10 == 5 || i % 20 == 7, Risk::DampAndMould),
        (i % 10 == 6, Risk::Disrepair),
        (i % 50 == 9, Risk::Other),
    ];
    Triage {
        complexity: if i % 4 == 1 { Complexity::Complex } else { Complexity::Straightforward },
        risks: risks.into_iter().filter(|(has, _)| *has).map(|(_, risk)| risk).collect(),
    }
}

/// One complaint's row values.
struct Row {
    id: ComplaintId,
    reference: String,
    resident: ResidentId,
    stage: Option<i32>,
    status: &'static str,
    handler: Option<UserId>,
    received_on: Date,
    categories: &'static [&'static str],
    description: &'static str,
    channel: &'static str,
    next_due: Option<Date>,
    deadline_status: Option<&'static str>,
    next_update_due: Option<Date>,
    deadlines_answered_late: i32,
    triage: Triage,
    hash: String,
    prev_hash: String,
    at: Timestamp,
}

fn row(spec: &BulkComplaints, i: usize) -> Result<Row, StorageError> {
    let invalid = |what: &str| StorageError::InvalidInput(format!("bulk complaints: {what}"));
    let per_day = (spec.count / 1800).max(1);
    let days_back = i64::try_from(i / per_day).map_err(|_| invalid("too many"))?;
    let received_on = spec.newest.checked_sub(days_back.days()).map_err(|_| invalid("date out of range"))?;
    let open = i < spec.count / 20;
    let status = if open { OPEN[i % OPEN.len()] } else { SETTLED[i % SETTLED.len()] };
    let next_due = if open { Some(received_on.checked_add(10.days()).map_err(|_| invalid("date"))?) } else { None };
    // A third of the open complaints have an update to the resident due (Code 5.9).
    let next_update_due = if open && i.is_multiple_of(3) {
        Some(received_on.checked_add(7.days()).map_err(|_| invalid("date"))?)
    } else {
        None
    };
    let id: ComplaintId =
        format!("{}{i:07}", spec.id_prefix).parse().map_err(|e| invalid(&format!("the id prefix makes {e}")))?;
    let at = received_on.at(9, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).map_err(|_| invalid("date"))?.timestamp();
    let event = NewEvent { kind: FIRST_KIND.into(), payload: "{}".into(), actor: actor(spec), recorded_at: at };
    let stored = chain(&spec.organisation_id, &id, 0, GENESIS_HASH, &[event]);
    let hash = stored.first().map(|e| e.hash.clone()).unwrap_or_default();
    Ok(Row {
        reference: format!("CMP-{}-{}{i:07}", received_on.year(), spec.id_prefix),
        resident: pick(&spec.residents, i).ok_or_else(|| invalid("no residents"))?,
        stage: (status != "not_accepted").then_some(if i.is_multiple_of(4) { 2 } else { 1 }),
        status,
        handler: if status == "awaiting_acknowledgement" { None } else { pick(&spec.handlers, i) },
        received_on,
        categories: CATEGORIES[i % CATEGORIES.len()],
        description: DESCRIPTIONS[i % DESCRIPTIONS.len()],
        channel: Channel::ALL[i % Channel::ALL.len()].as_str(),
        next_due,
        deadline_status: if open { Some("on_track") } else { None },
        next_update_due,
        // A seventh of the settled complaints answered a deadline late.
        deadlines_answered_late: i32::from(!open && i.is_multiple_of(7)),
        triage: triage(i),
        hash,
        prev_hash: GENESIS_HASH.to_owned(),
        at,
        id,
    })
}

/// The `i`th of `list`, in turn; `None` if it is empty.
fn pick<T: Clone>(list: &[T], i: usize) -> Option<T> {
    (!list.is_empty()).then(|| list[i % list.len()].clone())
}

/// Inserts `spec.count` complaints, each with one event, [`ROWS_PER_TRANSACTION`] to a
/// transaction: on SQLite as multi-row inserts of [`ROWS_PER_STATEMENT`] rows, on PostgreSQL
/// as one insert per table and transaction reading its columns from arrays (`unnest`), which
/// parses and plans once for thousands of rows.
///
/// # Errors
///
/// [`StorageError::MissingReference`] if the organisation, a resident or a handler does
/// not exist; [`StorageError::Duplicate`] if an id is taken (reuse of `id_prefix`).
pub async fn insert_complaints(db: &Database, spec: &BulkComplaints) -> Result<(), StorageError> {
    let mut start = 0;
    while start < spec.count {
        let end = (start + ROWS_PER_TRANSACTION).min(spec.count);
        let rows = (start..end).map(|i| row(spec, i)).collect::<Result<Vec<_>, _>>()?;
        match db {
            Database::Sqlite(pool) => insert_values(pool, spec, &rows).await?,
            Database::Postgres(pool) => insert_arrays(pool, spec, &rows).await?,
        }
        start = end;
    }
    Ok(())
}

/// The complaints' columns, in the order both inserts give them.
const COMPLAINT_COLUMNS: &str = "insert into complaints (id, organisation_id, reference, resident_id, stage, status, \
                                 handler, organisation_handling, received_on, search_text, channel, next_due, \
                                 deadline_status, last_seq, head_hash, created_at, updated_at, next_update_due, \
                                 complexity, risk_vulnerability, risk_health_and_safety, risk_damp_and_mould, \
                                 risk_disrepair, risk_other, deadlines_answered_late) ";

/// The complaints' categories' columns, in the order both inserts give them.
const CATEGORY_COLUMNS: &str =
    "insert into complaint_categories (complaint_id, organisation_id, category_id, received_on, reference) ";

/// The events' columns, in the order both inserts give them.
const EVENT_COLUMNS: &str = "insert into complaint_events (complaint_id, seq, organisation_id, kind, payload, actor, \
                             recorded_at, prev_hash, hash) ";

/// Inserts `rows` and their events in one SQLite transaction, [`ROWS_PER_STATEMENT`] rows to
/// an `insert ... values`.
async fn insert_values(pool: &sqlx::SqlitePool, spec: &BulkComplaints, rows: &[Row]) -> Result<(), StorageError> {
    let org = spec.organisation_id.as_str();
    let actor = actor(spec);
    let mut tx = pool.begin().await?;
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let mut insert = sqlx::QueryBuilder::new(COMPLAINT_COLUMNS);
        insert.push_values(chunk, |mut b, r| {
            b.push_bind(r.id.to_string())
                .push_bind(org.to_owned())
                .push_bind(r.reference.clone())
                .push_bind(r.resident.to_string())
                .push_bind(r.stage)
                .push_bind(r.status)
                .push_bind(r.handler.as_ref().map(UserId::to_string))
                .push_bind(org.to_owned())
                .push_bind(day(r.received_on))
                .push_bind(r.description)
                .push_bind(r.channel)
                .push_bind(r.next_due.map(day))
                .push_bind(r.deadline_status)
                .push_bind(1_i64)
                .push_bind(r.hash.clone())
                .push_bind(Instant::new(r.at))
                .push_bind(Instant::new(r.at))
                .push_bind(r.next_update_due.map(day))
                .push_bind(complexity_text(r.triage.complexity))
                .push_bind(r.triage.has(Risk::Vulnerability))
                .push_bind(r.triage.has(Risk::HealthAndSafety))
                .push_bind(r.triage.has(Risk::DampAndMould))
                .push_bind(r.triage.has(Risk::Disrepair))
                .push_bind(r.triage.has(Risk::Other))
                .push_bind(r.deadlines_answered_late);
        });
        insert.build().execute(&mut *tx).await.map_err(StorageError::on_write("complaint"))?;
        let mut events = sqlx::QueryBuilder::new(EVENT_COLUMNS);
        events.push_values(chunk, |mut b, r| {
            b.push_bind(r.id.to_string())
                .push_bind(1_i64)
                .push_bind(org.to_owned())
                .push_bind(FIRST_KIND)
                .push_bind("{}")
                .push_bind(actor.clone())
                .push_bind(Instant::new(r.at))
                .push_bind(r.prev_hash.clone())
                .push_bind(r.hash.clone());
        });
        events.build().execute(&mut *tx).await.map_err(StorageError::on_write("complaint event"))?;
        let entries: Vec<(&Row, &str)> = chunk.iter().flat_map(|r| r.categories.iter().map(move |c| (r, *c))).collect();
        if !entries.is_empty() {
            let mut categories = sqlx::QueryBuilder::new(CATEGORY_COLUMNS);
            categories.push_values(entries, |mut b, (r, category)| {
                b.push_bind(r.id.to_string())
                    .push_bind(org.to_owned())
                    .push_bind(category)
                    .push_bind(day(r.received_on))
                    .push_bind(r.reference.clone());
            });
            categories.build().execute(&mut *tx).await.map_err(StorageError::on_write("complaint category"))?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Inserts `rows` and their events in one PostgreSQL transaction: two statements, each
/// reading one array per column. Dates and instants travel as text and are cast.
async fn insert_arrays(pool: &sqlx::PgPool, spec: &BulkComplaints, rows: &[Row]) -> Result<(), StorageError> {
    let texts = |f: fn(&Row) -> String| rows.iter().map(f).collect::<Vec<String>>();
    let maybe = |f: fn(&Row) -> Option<String>| rows.iter().map(f).collect::<Vec<Option<String>>>();
    let flags = |risk: Risk| rows.iter().map(|r| r.triage.has(risk)).collect::<Vec<bool>>();
    let ids = texts(|r| r.id.to_string());
    let ats = texts(|r| format_instant(r.at));
    let hashes = texts(|r| r.hash.clone());
    let mut tx = pool.begin().await?;
    let complaints = format!(
        "{COMPLAINT_COLUMNS} select id, $1, reference, resident, stage, status, handler, $1, received_on::date, \
         search_text, channel, next_due::date, deadline_status, 1, hash, at::timestamptz, at::timestamptz, \
         next_update_due::date, complexity, vulnerability, health_and_safety, damp_and_mould, disrepair, other, \
         deadlines_answered_late from unnest($2::text[], $3::text[], $4::text[], $5::int4[], $6::text[], $7::text[], $8::text[], \
         $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], \
         $17::bool[], $18::bool[], $19::bool[], $20::bool[], $21::bool[], $22::int4[]) \
         as r (id, reference, resident, stage, status, handler, received_on, search_text, channel, next_due, \
         deadline_status, hash, at, next_update_due, complexity, vulnerability, health_and_safety, damp_and_mould, \
         disrepair, other, deadlines_answered_late)"
    );
    sqlx::query(sqlx::AssertSqlSafe(complaints))
        .bind(spec.organisation_id.as_str())
        .bind(&ids)
        .bind(texts(|r| r.reference.clone()))
        .bind(texts(|r| r.resident.to_string()))
        .bind(rows.iter().map(|r| r.stage).collect::<Vec<Option<i32>>>())
        .bind(texts(|r| r.status.to_owned()))
        .bind(maybe(|r| r.handler.as_ref().map(UserId::to_string)))
        .bind(texts(|r| r.received_on.to_string()))
        .bind(texts(|r| r.description.to_owned()))
        .bind(texts(|r| r.channel.to_owned()))
        .bind(maybe(|r| r.next_due.map(|d| d.to_string())))
        .bind(maybe(|r| r.deadline_status.map(str::to_owned)))
        .bind(&hashes)
        .bind(&ats)
        .bind(maybe(|r| r.next_update_due.map(|d| d.to_string())))
        .bind(texts(|r| complexity_text(r.triage.complexity).to_owned()))
        .bind(flags(Risk::Vulnerability))
        .bind(flags(Risk::HealthAndSafety))
        .bind(flags(Risk::DampAndMould))
        .bind(flags(Risk::Disrepair))
        .bind(flags(Risk::Other))
        .bind(rows.iter().map(|r| r.deadlines_answered_late).collect::<Vec<i32>>())
        .execute(&mut *tx)
        .await
        .map_err(StorageError::on_write("complaint"))?;
    let events = format!(
        "{EVENT_COLUMNS} select id, 1, $1, $2, '{{}}', $3, at::timestamptz, prev_hash, hash \
         from unnest($4::text[], $5::text[], $6::text[], $7::text[]) as e (id, at, prev_hash, hash)"
    );
    sqlx::query(sqlx::AssertSqlSafe(events))
        .bind(spec.organisation_id.as_str())
        .bind(FIRST_KIND)
        .bind(actor(spec))
        .bind(&ids)
        .bind(&ats)
        .bind(texts(|r| r.prev_hash.clone()))
        .bind(&hashes)
        .execute(&mut *tx)
        .await
        .map_err(StorageError::on_write("complaint event"))?;
    let entries: Vec<(&Row, &str)> = rows.iter().flat_map(|r| r.categories.iter().map(move |c| (r, *c))).collect();
    let column = |f: fn(&Row, &str) -> String| entries.iter().map(|(r, c)| f(r, c)).collect::<Vec<String>>();
    let categories = format!(
        "{CATEGORY_COLUMNS} select id, $1, category, received_on::date, reference \
         from unnest($2::text[], $3::text[], $4::text[], $5::text[]) as k (id, category, received_on, reference)"
    );
    sqlx::query(sqlx::AssertSqlSafe(categories))
        .bind(spec.organisation_id.as_str())
        .bind(column(|r, _| r.id.to_string()))
        .bind(column(|_, c| c.to_owned()))
        .bind(column(|r, _| r.received_on.to_string()))
        .bind(column(|r, _| r.reference.clone()))
        .execute(&mut *tx)
        .await
        .map_err(StorageError::on_write("complaint category"))?;
    tx.commit().await?;
    Ok(())
}

/// The kind of each complaint's one event.
const FIRST_KIND: &str = "complaint_logged";

/// Who logged every complaint: the first handler.
fn actor(spec: &BulkComplaints) -> String {
    spec.handlers.first().map(UserId::to_string).unwrap_or_default()
}

/// The tables a list reads, whose statistics [`analyze`] gathers.
const LISTED_TABLES: [&str; 5] =
    ["complaints", "complaint_categories", "complaint_events", "residents", "service_requests"];

/// Gathers the planner's statistics for the lists' tables, as a database in use would have
/// them: `ANALYZE` on SQLite; on PostgreSQL `VACUUM ANALYZE`, as autovacuum would do after a
/// bulk load, which also marks the pages all-visible so that a count can read an index
/// alone. Table by table, so that on PostgreSQL it stays within the test's own schema.
///
/// # Errors
///
/// [`StorageError::Query`] if the database fails.
pub async fn analyze(db: &Database) -> Result<(), StorageError> {
    for table in LISTED_TABLES {
        let sql = match db {
            Database::Sqlite(_) => format!("analyze {table}"),
            Database::Postgres(_) => format!("vacuum analyze {table}"),
        };
        db_run!(db, pool => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.map(|_| ()))?;
    }
    Ok(())
}
