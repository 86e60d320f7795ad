//! The record of a complaint (Code 5.12): appending events and loading them.
//!
//! Events are stored as the application gives them: a kind, a JSON payload
//! kept byte for byte, an actor and the instant recorded (to the
//! microsecond). Storage never reads inside a payload. Each event's hash
//! ([`event_hash`]) covers the previous one's, from [`GENESIS_HASH`](crate::GENESIS_HASH) for
//! seq 1, so the chain shows any event altered, removed or inserted.
//!
//! There is no function to change or delete an event, on purpose.
//!
//! Concurrency: an append names the last seq its caller saw. If another
//! writer has appended since, the append fails with
//! [`StorageError::Conflict`] and writes nothing, and the caller reloads,
//! decides again and retries. The primary key (complaint, seq) makes two
//! writers that read the same head collide in PostgreSQL (the second waits
//! for the first and then fails), and the update of the head checks the seq
//! it read; in SQLite `BEGIN IMMEDIATE` runs writers one after another. A
//! chain can therefore never fork.

use jiff::Timestamp;
use redress_domain::ids::{ComplaintId, OrganisationId, UserId};

use crate::complaints::{ComplaintSummary, check_summary};
use crate::correspondence::{NewAttachment, NewCorrespondence, insert_attachment, insert_correspondence};
use crate::drafts::UsedDraft;
use crate::hashing::event_hash;
use crate::idempotency::NewRequestKey;
use crate::outbox::NewEmail;
use crate::print_queue::NewPrintItem;
use crate::query::{Arg, Built, bind_args};
use crate::tx::BeginWrite;
use crate::values::{Instant, day, maybe_day, to_micros};
use crate::work::WorkItem;
use crate::{Database, StorageError};

/// An event to append, as the application serialised it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// What happened, as the domain names it (`acknowledged`, …).
    pub kind: String,
    /// The event as JSON text, stored and returned exactly as given.
    pub payload: String,
    /// Who did it: a user id, or a name for the system.
    pub actor: String,
    /// When it was recorded (kept to the microsecond).
    pub recorded_at: Timestamp,
}

/// An event as stored, with its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    /// The complaint.
    pub complaint_id: ComplaintId,
    /// The complaint's organisation.
    pub organisation_id: OrganisationId,
    /// 1, 2, 3… within the complaint.
    pub seq: i64,
    /// What happened.
    pub kind: String,
    /// The JSON payload, byte for byte as appended.
    pub payload: String,
    /// Who did it: a user's id, or a name for the system, kept as the text it was hashed as.
    pub actor: String,
    /// When it was recorded, to the microsecond.
    pub recorded_at: Timestamp,
    /// The previous event's hash ([`GENESIS_HASH`](crate::GENESIS_HASH) for seq 1).
    pub prev_hash: String,
    /// This event's hash ([`event_hash`]).
    pub hash: String,
}

/// An event's row exactly as stored, its ids as text. The audit checks rows as they are,
/// and they may have been tampered with (an id edited into one no minting path makes), so it
/// reads these and hands them to a [`ContentCheck`](crate::ContentCheck); every other reader
/// gets [`StoredEvent`]s.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EventRow {
    /// The complaint the row names.
    pub complaint_id: String,
    /// The organisation the row names.
    pub organisation_id: String,
    /// 1, 2, 3… within the complaint.
    pub seq: i64,
    /// What happened.
    pub kind: String,
    /// The JSON payload.
    pub payload: String,
    /// Who did it.
    pub actor: String,
    /// When it was recorded, to the microsecond.
    #[sqlx(try_from = "Instant")]
    pub recorded_at: Timestamp,
    /// The previous event's hash, as stored.
    pub prev_hash: String,
    /// This event's hash, as stored.
    pub hash: String,
}

/// `select` of an [`EventRow`]'s columns from `complaint_events`, followed by `$rest`.
/// How many complaints' events [`Database::load_events_of_many`] asks for in one statement:
/// well under SQLite's limit of bound values (32,766) and PostgreSQL's (65,535).
const EVENTS_OF_MANY_AT_ONCE: usize = 500;

macro_rules! select_events {
    ($rest:literal) => {
        concat!(
            "select complaint_id, organisation_id, seq, kind, payload, actor, recorded_at, prev_hash, hash ",
            "from complaint_events ",
            $rest
        )
    };
}

impl From<EventRow> for StoredEvent {
    /// Read back from the application's own database, where the ids were checked on the way in.
    fn from(row: EventRow) -> StoredEvent {
        StoredEvent {
            complaint_id: ComplaintId::trusted(row.complaint_id),
            organisation_id: OrganisationId::trusted(row.organisation_id),
            seq: row.seq,
            kind: row.kind,
            payload: row.payload,
            actor: row.actor,
            recorded_at: row.recorded_at,
            prev_hash: row.prev_hash,
            hash: row.hash,
        }
    }
}

/// What one change writes besides its events and summary, in the same
/// transaction: the correspondence it records with its files, the rows of the
/// remedies and actions it offers, adds, completes or hands to another
/// handler, the idempotency key of the request that asked for it, the
/// response draft it uses up (deleted), and the emails and letters to print that
/// send the correspondence. All or nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// Correspondence to store (its event names it and carries its hash).
    pub correspondence: Option<&'a NewCorrespondence>,
    /// Files attached to that correspondence.
    pub attachments: &'a [NewAttachment],
    /// The request's idempotency key, stored with the seq of the last event.
    pub request_key: Option<&'a NewRequestKey>,
    /// The complaint's remedies and actions whose rows the change makes or alters, as the
    /// events leave them (see `work.rs`).
    pub work: &'a [WorkItem],
    /// The response draft the change records, deleted with its parts and files (its files
    /// are among `attachments`); if it has been saved again since it was read, the change
    /// fails with [`StorageError::Stale`] and nothing is written.
    pub draft: Option<&'a UsedDraft>,
    /// Emails that send the correspondence, queued in the outbox (see `outbox.rs`): written
    /// after the correspondence and its files, so that they may name them.
    pub emails: &'a [NewEmail],
    /// Letters of the correspondence to print and post (see `print_queue.rs`).
    pub print: &'a [NewPrintItem],
    /// The complaint's stages as CH01 and CH02 count them after the change, replacing those
    /// recorded (see `tsm_stages.rs`); `None` leaves them as they are.
    pub tsm: Option<&'a [redress_domain::reporting::TsmStageFacts]>,
}

/// Writes `$extras` ([`Extras`]) of organisation `$org`'s complaint `$complaint` (both typed ids), whose
/// last event is now `$seq`, on `$tx`. A live key taken is [`StorageError::KeyTaken`].
macro_rules! write_extras {
    ($tx:expr, $org:expr, $complaint:expr, $seq:expr, $extras:expr) => {{
        $crate::idempotency::store_key!(
            &mut *$tx,
            $extras.request_key,
            $crate::idempotency::COMPLAINT,
            $complaint.as_str(),
            $seq
        )?;
        if let Some(correspondence) = $extras.correspondence {
            let row = correspondence.row($org);
            insert_correspondence!(&mut *$tx, row)?;
        }
        for attachment in $extras.attachments {
            let info = attachment.info($org)?;
            insert_attachment!(&mut *$tx, info, attachment.content.as_slice())?;
        }
        $crate::work::upsert_work_items!($tx, $org, $extras.work);
        if let Some(used) = $extras.draft {
            $crate::drafts::delete_used_draft!(&mut *$tx, $org, used);
        }
        for email in $extras.emails {
            $crate::outbox::insert_email!($tx, $org, email)?;
        }
        for item in $extras.print {
            $crate::print_queue::insert_print_item!($tx, $org, item)?;
        }
    }};
}

/// The `insert` of stored events `$events` (an iterator of [`StoredEvent`] references): a
/// [`sqlx::QueryBuilder`] to build and run, one row or many.
macro_rules! event_rows {
    ($events:expr) => {{
        let mut insert = sqlx::QueryBuilder::new(
            "insert into complaint_events (complaint_id, seq, organisation_id, kind, payload, actor, recorded_at,
                 prev_hash, hash) ",
        );
        insert.push_values($events, |mut row, event: &$crate::events::StoredEvent| {
            row.push_bind(event.complaint_id.as_str())
                .push_bind(event.seq)
                .push_bind(event.organisation_id.as_str())
                .push_bind(event.kind.as_str())
                .push_bind(event.payload.as_str())
                .push_bind(event.actor.as_str())
                .push_bind($crate::values::Instant(event.recorded_at))
                .push_bind(event.prev_hash.as_str())
                .push_bind(event.hash.as_str());
        });
        insert
    }};
}
pub(crate) use event_rows;

/// Inserts the stored event `$event` on `$conn`.
macro_rules! insert_event {
    ($conn:expr, $event:expr) => {{
        let mut insert = $crate::events::event_rows!(std::iter::once(&*$event));
        insert.build().execute($conn).await
    }};
}

/// Refuses an empty batch or a payload that is not JSON.
pub(crate) fn check_events(events: &[NewEvent]) -> Result<(), StorageError> {
    if events.is_empty() {
        return Err(StorageError::InvalidInput("no events to store".into()));
    }
    for event in events {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&event.payload) {
            return Err(StorageError::InvalidInput(format!(
                "the payload of a `{}` event is not JSON: {e}",
                event.kind
            )));
        }
    }
    Ok(())
}

/// `events` of organisation `org`'s complaint chained after its event `last_seq`, whose hash
/// is `head_hash`, exactly as storage stores them: for a caller that shows a record it will
/// write later (see [`Database::create_whole_complaints`]).
pub fn chain(
    org: &OrganisationId,
    complaint_id: &ComplaintId,
    last_seq: i64,
    head_hash: &str,
    events: &[NewEvent],
) -> Vec<StoredEvent> {
    let mut prev_hash = head_hash.to_owned();
    let mut seq = last_seq;
    events
        .iter()
        .map(|event| {
            seq += 1;
            let recorded_at = to_micros(event.recorded_at);
            let hash =
                event_hash(&prev_hash, complaint_id, seq, &event.kind, &event.payload, &event.actor, recorded_at);
            StoredEvent {
                complaint_id: complaint_id.clone(),
                organisation_id: org.clone(),
                seq,
                kind: event.kind.clone(),
                payload: event.payload.clone(),
                actor: event.actor.clone(),
                recorded_at,
                prev_hash: std::mem::replace(&mut prev_hash, hash.clone()),
                hash,
            }
        })
        .collect()
}

/// Rewrites the summary and moves the head, if the head is still where the
/// caller saw it (`$15`).
const UPDATE_COMPLAINT: &str = "update complaints set resident_id = $3, stage = $4, status = $5, handler = $6,
        organisation_handling = $7, received_on = $8, search_text = $9, channel = $10, next_due = $11,
        deadline_status = $12, last_seq = $13, head_hash = $14, updated_at = $16, next_update_due = $17,
        met_by_late_records = $18, deadlines_answered_late = $19
    where organisation_id = $1 and id = $2 and last_seq = $15
    returning reference";

impl Database {
    /// Appends `events` to a complaint of organisation `org` and rewrites its
    /// summary, in one transaction. `expected_last_seq` is the seq of the
    /// last event the caller saw ([`Complaint::last_seq`]); the new events
    /// get the seqs after it. Returns them as stored.
    ///
    /// [`Complaint::last_seq`]: crate::Complaint::last_seq
    ///
    /// # Errors
    ///
    /// [`StorageError::Conflict`] if the complaint has had other events
    /// appended since (reload and retry); [`StorageError::NotFound`] if `org`
    /// has no such complaint; [`StorageError::InvalidInput`] for no events, a
    /// payload that is not JSON or a bad stage;
    /// [`StorageError::MissingReference`] if the summary names a resident,
    /// handler or organisation that does not exist.
    pub async fn append_events(
        &self,
        org: &OrganisationId,
        complaint_id: &ComplaintId,
        expected_last_seq: i64,
        events: &[NewEvent],
        summary: &ComplaintSummary,
    ) -> Result<Vec<StoredEvent>, StorageError> {
        Ok(self.append(org, complaint_id, expected_last_seq, events, summary, Extras::default()).await?.1)
    }

    /// As [`Database::append_events`], also writing `extras` in the same
    /// transaction; returns the complaint's reference with the events, so
    /// that the caller need not read the complaint's row.
    ///
    /// # Errors
    ///
    /// As [`Database::append_events`]; [`StorageError::KeyTaken`] if the
    /// request key is live (nothing is written); [`StorageError::Duplicate`]
    /// if the correspondence or an attachment id is taken.
    pub async fn append(
        &self,
        org: &OrganisationId,
        complaint_id: &ComplaintId,
        expected_last_seq: i64,
        events: &[NewEvent],
        summary: &ComplaintSummary,
        extras: Extras<'_>,
    ) -> Result<(String, Vec<StoredEvent>), StorageError> {
        check_summary(summary)?;
        check_events(events)?;
        let conflict = || StorageError::Conflict { complaint_id: complaint_id.to_string(), expected_last_seq };
        let read_head = "select last_seq, head_hash from complaints where organisation_id = $1 and id = $2";
        let s = summary;
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let head: Option<(i64, String)> =
                sqlx::query_as(read_head).bind(org.as_str()).bind(complaint_id.as_str()).fetch_optional(&mut *tx).await?;
            let Some((last_seq, head_hash)) = head else {
                return Err(StorageError::NotFound { what: "complaint" });
            };
            if last_seq != expected_last_seq {
                return Err(conflict());
            }
            let stored = chain(org, complaint_id, last_seq, &head_hash, events);
            for event in &stored {
                // A unique violation here is a writer that read the same head
                // and got there first.
                insert_event!(&mut *tx, event).map_err(|e| {
                    if StorageError::is_unique_violation(&e) { conflict() } else { StorageError::Query(e) }
                })?;
            }
            let Some(last) = stored.last() else {
                return Err(StorageError::InvalidInput("no events to store".into()));
            };
            let reference: Option<String> = sqlx::query_scalar(UPDATE_COMPLAINT)
                .bind(org.as_str())
                .bind(complaint_id.as_str())
                .bind(s.resident_id.as_str())
                .bind(s.stage.map(i32::from))
                .bind(s.status.as_str())
                .bind(s.handler.as_ref().map(UserId::as_str))
                .bind(s.organisation_handling.as_str())
                .bind(day(s.received_on))
                .bind(&s.search_text)
                .bind(&s.channel)
                .bind(maybe_day(s.next_due))
                .bind(&s.deadline_status)
                .bind(last.seq)
                .bind(&last.hash)
                .bind(expected_last_seq)
                .bind(Instant(last.recorded_at))
                .bind(maybe_day(s.next_update_due))
                .bind(i32::try_from(s.met_by_late_records).unwrap_or(i32::MAX))
                .bind(s.deadlines_answered_late.map(|n| i32::try_from(n).unwrap_or(i32::MAX)))
                .fetch_optional(&mut *tx)
                .await
                .map_err(StorageError::on_write("complaint"))?;
            let Some(reference) = reference else {
                return Err(conflict());
            };
            write_extras!(tx, org, complaint_id, last.seq, extras);
            if let Some(facts) = extras.tsm {
                crate::tsm_stages::replace_tsm_stages!(tx, org, complaint_id, s.organisation_handling, facts);
            }
            tx.commit().await?;
            Ok((reference, stored))
        })
    }

    /// The events of a complaint of organisation `org`, in seq order.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if `org` has no such complaint (every
    /// complaint has at least one event).
    pub async fn load_events(
        &self,
        org: &OrganisationId,
        complaint_id: &ComplaintId,
    ) -> Result<Vec<StoredEvent>, StorageError> {
        let sql = select_events!("where organisation_id = $1 and complaint_id = $2 order by seq");
        let rows: Vec<EventRow> = db_run!(self, pool => sqlx::query_as(sql)
            .bind(org.as_str())
            .bind(complaint_id.as_str())
            .fetch_all(pool)
            .await)?;
        if rows.is_empty() {
            return Err(StorageError::NotFound { what: "complaint" });
        }
        Ok(rows.into_iter().map(StoredEvent::from).collect())
    }

    /// The events of each of `complaints` of organisation `org`, by complaint and in order:
    /// for exports, which judge many complaints at once. Complaints of another organisation, or
    /// none, have no events here. One statement per [`EVENTS_OF_MANY_AT_ONCE`] complaints.
    pub async fn load_events_of_many(
        &self,
        org: &OrganisationId,
        complaints: &[ComplaintId],
    ) -> Result<Vec<StoredEvent>, StorageError> {
        let mut events = Vec::new();
        for chunk in complaints.chunks(EVENTS_OF_MANY_AT_ONCE) {
            let mut query = Built::new(select_events!("where organisation_id = $1 and complaint_id in ("));
            query.args.push(Arg::Text(org.to_string()));
            let placeholders: Vec<String> = chunk.iter().map(|id| query.arg(Arg::Text(id.to_string()))).collect();
            query.sql.push_str(&placeholders.join(", "));
            query.sql.push_str(") order by complaint_id, seq");
            let rows: Vec<EventRow> = db_run!(self, pool => {
                bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(query.sql)), &query.args).fetch_all(pool).await
            })?;
            events.extend(rows.into_iter().map(StoredEvent::from));
        }
        Ok(events)
    }
}
