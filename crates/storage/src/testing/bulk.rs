//! Many complaints at once, for benchmarks and for the tests that check the lists' query
//! plans on tables of a realistic shape: multi-row inserts of complaints, each with a
//! minimal first event (hash-chained as any other), in large transactions.
//!
//! The complaints are not registered in the organisation's registry chain and their
//! reference counter is not moved: a database made this way is for reading lists, and
//! `audit verify` would report the complaints as unregistered.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use redress_domain::complaint::Channel;

use crate::events::chain;
use crate::hashing::GENESIS_HASH;
use crate::values::{Instant, day};
use crate::{Database, NewEvent, StorageError};

/// Rows per `insert` statement (17 values each: within both databases' limits).
const ROWS_PER_STATEMENT: usize = 500;

/// Rows per transaction.
const ROWS_PER_TRANSACTION: usize = 20_000;

/// The complaints to make.
#[derive(Debug, Clone)]
pub struct BulkComplaints {
    /// The landlord.
    pub organisation_id: String,
    /// Residents of the landlord, complained for in turn.
    pub residents: Vec<String>,
    /// Staff of the landlord, handling in turn.
    pub handlers: Vec<String>,
    /// How many.
    pub count: usize,
    /// The day the newest is received; the rest go back a day every few complaints, over
    /// about five years.
    pub newest: Date,
    /// A prefix for ids, so that several batches can share a database.
    pub id_prefix: String,
}

/// Statuses of the closed majority, in turn.
const SETTLED: [&str; 3] = ["closed", "responded", "not_accepted"];
/// Statuses of the open twentieth, in turn.
const OPEN: [&str; 2] = ["awaiting_acknowledgement", "investigating"];
/// Categories in turn (with none among them).
const CATEGORIES: [Option<&str>; 5] =
    [Some("repairs"), Some("damp_and_mould"), Some("anti_social_behaviour"), Some("staff_conduct"), None];

/// One complaint's row values.
struct Row {
    id: String,
    reference: String,
    resident: String,
    stage: Option<i32>,
    status: &'static str,
    handler: Option<String>,
    received_on: Date,
    category: Option<&'static str>,
    channel: &'static str,
    next_due: Option<Date>,
    deadline_status: Option<&'static str>,
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
    let id = format!("{}{i:07}", spec.id_prefix);
    let at = received_on.at(9, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).map_err(|_| invalid("date"))?.timestamp();
    let event = NewEvent {
        kind: "complaint_logged".into(),
        payload: "{}".into(),
        actor: spec.handlers.first().cloned().unwrap_or_default(),
        recorded_at: at,
    };
    let stored = chain(&spec.organisation_id, &id, 0, GENESIS_HASH, &[event]);
    let hash = stored.first().map(|e| e.hash.clone()).unwrap_or_default();
    let pick = |list: &[String]| (!list.is_empty()).then(|| list[i % list.len()].clone());
    Ok(Row {
        reference: format!("CMP-{}-{}{i:07}", received_on.year(), spec.id_prefix),
        resident: pick(&spec.residents).ok_or_else(|| invalid("no residents"))?,
        stage: (status != "not_accepted").then_some(if i.is_multiple_of(4) { 2 } else { 1 }),
        status,
        handler: if status == "awaiting_acknowledgement" { None } else { pick(&spec.handlers) },
        received_on,
        category: CATEGORIES[i % CATEGORIES.len()],
        channel: Channel::ALL[i % Channel::ALL.len()].as_str(),
        next_due,
        deadline_status: if open { Some("on_track") } else { None },
        hash,
        prev_hash: GENESIS_HASH.to_owned(),
        at,
        id,
    })
}

/// Inserts `spec.count` complaints, each with one event, `ROWS_PER_STATEMENT` a statement.
///
/// # Errors
///
/// [`StorageError::MissingReference`] if the organisation, a resident or a handler does
/// not exist; [`StorageError::Duplicate`] if an id is taken (reuse of `id_prefix`).
pub async fn insert_complaints(db: &Database, spec: &BulkComplaints) -> Result<(), StorageError> {
    let org = spec.organisation_id.as_str();
    let mut start = 0;
    while start < spec.count {
        let end = (start + ROWS_PER_TRANSACTION).min(spec.count);
        let rows = (start..end).map(|i| row(spec, i)).collect::<Result<Vec<_>, _>>()?;
        db_run!(db, pool => {
            let mut tx = pool.begin().await?;
            for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                let mut insert = sqlx::QueryBuilder::new(
                    "insert into complaints (id, organisation_id, reference, resident_id, stage, status, handler, \
                     organisation_handling, received_on, category, channel, next_due, deadline_status, last_seq, \
                     head_hash, created_at, updated_at) ",
                );
                insert.push_values(chunk, |mut b, r| {
                    b.push_bind(r.id.clone())
                        .push_bind(org.to_owned())
                        .push_bind(r.reference.clone())
                        .push_bind(r.resident.clone())
                        .push_bind(r.stage)
                        .push_bind(r.status)
                        .push_bind(r.handler.clone())
                        .push_bind(org.to_owned())
                        .push_bind(day(r.received_on))
                        .push_bind(r.category)
                        .push_bind(r.channel)
                        .push_bind(r.next_due.map(day))
                        .push_bind(r.deadline_status)
                        .push_bind(1_i64)
                        .push_bind(r.hash.clone())
                        .push_bind(Instant::new(r.at))
                        .push_bind(Instant::new(r.at));
                });
                insert.build().execute(&mut *tx).await.map_err(StorageError::on_write("complaint"))?;
                let mut events = sqlx::QueryBuilder::new(
                    "insert into complaint_events (complaint_id, seq, organisation_id, kind, payload, actor, \
                     recorded_at, prev_hash, hash) ",
                );
                events.push_values(chunk, |mut b, r| {
                    b.push_bind(r.id.clone())
                        .push_bind(1_i64)
                        .push_bind(org.to_owned())
                        .push_bind("complaint_logged")
                        .push_bind("{}")
                        .push_bind(spec.handlers.first().cloned().unwrap_or_default())
                        .push_bind(Instant::new(r.at))
                        .push_bind(r.prev_hash.clone())
                        .push_bind(r.hash.clone());
                });
                events.build().execute(&mut *tx).await.map_err(StorageError::on_write("complaint event"))?;
            }
            tx.commit().await?;
            Ok::<_, StorageError>(())
        })?;
        start = end;
    }
    Ok(())
}

/// Gathers the planner's statistics (`ANALYZE`, the same word on both databases), as a
/// database in use would have them.
///
/// # Errors
///
/// [`StorageError::Query`] if the database fails.
pub async fn analyze(db: &Database) -> Result<(), StorageError> {
    db_run!(db, pool => sqlx::query("analyze").execute(pool).await.map(|_| ()))?;
    Ok(())
}
