//! Complaints written whole: many complaints, each with its whole record (events,
//! correspondence and files, remedies and actions, and the service requests it arose from)
//! already decided by the application, stored in one transaction with one statement per
//! table (chunked under the values one statement may carry, [`rows_per_statement`]).
//!
//! This is for callers that decide a complaint's life ahead of storing it, such as the demo
//! generator or an importer, and would otherwise pay a transaction (and, in SQLite, a write
//! of whole pages to the log) for every step, and a round trip for every row. What is stored
//! is what step-by-step writing stores: the same rows, the events chained from
//! [`GENESIS_HASH`] by the same function, the next references of the organisation and one
//! registry entry per complaint in the order given, each chained to the one before exactly as
//! if registered alone, and the summary the application computed after the last event. Only
//! the idempotency keys of live requests have no place here.
//!
//! Creating complaints with their first events is in `creations.rs`; appending one step at a
//! time in `events.rs`.

use redress_domain::ids::OrganisationId;
use redress_domain::reporting::TsmStageFacts;

use crate::batches::rows_per_statement;
use crate::complaints::{
    Complaint, LOCK_REGISTRY_HEAD, NewComplaint, TAKE_REFERENCE_NUMBERS, category_rows, check_summary, complaint_rows,
    format_reference, registry_rows,
};
use crate::correspondence::{
    AttachmentInfo, CorrespondenceRow, NewAttachment, NewCorrespondence, attachment_rows, correspondence_rows,
};
use crate::creations::Registered;
use crate::events::{NewEvent, StoredEvent, chain, check_events};
use crate::hashing::{GENESIS_HASH, registry_hash};
use crate::service_requests::{NewServiceRequest, service_request_rows};
use crate::tsm_stages::{TSM_STAGE_COLUMNS, tsm_stage_rows};
use crate::tx::BeginWrite;
use crate::work::{WorkItem, work_rows};
use crate::{Database, StorageError};

/// A complaint with its whole record, as the application decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WholeComplaint {
    /// Its id, and its summary after the last event.
    pub complaint: NewComplaint,
    /// Its events from the first, in order.
    pub events: Vec<NewEvent>,
    /// The correspondence its events record, in the order recorded, each with its files.
    pub correspondence: Vec<(NewCorrespondence, Vec<NewAttachment>)>,
    /// Its remedies and actions as its events leave them (see `work.rs`).
    pub work: Vec<WorkItem>,
    /// The service requests recorded before it and named when it was logged (Code 1.5),
    /// written before it.
    pub service_requests: Vec<NewServiceRequest>,
    /// For a complaint imported from another system's history, that system's reference,
    /// which no other complaint of the organisation may have been imported under
    /// (migration 0029).
    pub imported_from: Option<String>,
    /// Its stages as CH01 and CH02 count them after its last event (migration 0035).
    pub tsm: Vec<redress_domain::reporting::TsmStageFacts>,
}

/// Bound values of one row of each table written.
const SERVICE_REQUEST_COLUMNS: usize = 8;
const COMPLAINT_COLUMNS: usize = 26;
const EVENT_COLUMNS: usize = 9;
const REGISTRY_COLUMNS: usize = 7;
const CORRESPONDENCE_COLUMNS: usize = 10;
const ATTACHMENT_COLUMNS: usize = 9;
const WORK_COLUMNS: usize = 9;
const IMPORTED_COLUMNS: usize = 3;

/// The `insert` of imported complaints' references, `(source reference, complaint id)` each.
macro_rules! imported_rows {
    ($org:expr, $rows:expr) => {{
        let mut insert = sqlx::QueryBuilder::new(
            "insert into imported_complaints (organisation_id, source_reference, complaint_id) ",
        );
        insert.push_values($rows, |mut row, (reference, id): (&str, &str)| {
            row.push_bind($org.as_str()).push_bind(reference).push_bind(id);
        });
        insert
    }};
}

/// Runs the `insert` that `$rows!` builds for each chunk of `$items` (a slice) that fits in
/// one statement (`$columns` values a row), on `$tx`, naming `$what` in errors.
macro_rules! insert_chunks {
    ($tx:expr, $items:expr, $columns:expr, $what:literal, |$chunk:ident| $insert:expr) => {
        for $chunk in $items.chunks(rows_per_statement($columns)) {
            let mut insert = $insert;
            insert.build().execute(&mut *$tx).await.map_err(StorageError::on_write($what))?;
        }
    };
}

impl Database {
    /// Creates `complaints` of organisation `org`, each with its whole record and after the
    /// service requests it names, in one transaction and in the order given: each gets the
    /// next reference for the year it was received and the next entry of the organisation's
    /// registry, as if created and then appended to one step at a time. Returns them as
    /// stored, in the same order.
    ///
    /// # Errors
    ///
    /// As [`Database::create_complaint`]; [`StorageError::Duplicate`] if a correspondence,
    /// attachment or service request id is taken; [`StorageError::InvalidInput`] if an
    /// attachment's bytes do not match the hash given. Nothing is written unless everything is.
    pub async fn create_whole_complaints(
        &self,
        org: &OrganisationId,
        complaints: &[WholeComplaint],
    ) -> Result<Vec<Complaint>, StorageError> {
        let mut chained = Vec::with_capacity(complaints.len());
        for whole in complaints {
            check_summary(&whole.complaint.summary)?;
            check_events(&whole.events)?;
            chained.push(chain(org, &whole.complaint.id, 0, GENESIS_HASH, &whole.events));
        }
        if complaints.is_empty() {
            return Ok(Vec::new());
        }
        let years = numbers_taken(complaints);
        let service_requests: Vec<&NewServiceRequest> = complaints.iter().flat_map(|w| &w.service_requests).collect();
        let events: Vec<&StoredEvent> = chained.iter().flatten().collect();
        let letters: Vec<CorrespondenceRow> =
            complaints.iter().flat_map(|w| w.correspondence.iter().map(|(c, _)| c.row(org))).collect();
        let files = complaints
            .iter()
            .flat_map(|w| w.correspondence.iter().flat_map(|(_, files)| files))
            .map(|file| Ok((file.info(org)?, file.content.as_slice())))
            .collect::<Result<Vec<(AttachmentInfo, &[u8])>, StorageError>>()?;
        let work: Vec<&WorkItem> = complaints.iter().flat_map(|w| &w.work).collect();
        let stages: Vec<(&str, &str, &TsmStageFacts)> = complaints
            .iter()
            .flat_map(|w| {
                let (id, handling) = (w.complaint.id.as_str(), w.complaint.summary.organisation_handling.as_str());
                w.tsm.iter().map(move |facts| (id, handling, facts))
            })
            .collect();
        let imported: Vec<(&str, &str)> =
            complaints.iter().filter_map(|w| Some((w.imported_from.as_deref()?, w.complaint.id.as_str()))).collect();
        let registered = db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            insert_chunks!(tx, service_requests, SERVICE_REQUEST_COLUMNS, "service request", |chunk| {
                service_request_rows!(org, chunk.iter().copied())
            });
            // As in `create_complaints`: the registry head first, which in PostgreSQL locks it
            // until the end, so the entries below follow on from it.
            let head: (i64, String) = sqlx::query_as(LOCK_REGISTRY_HEAD)
                .bind(org.as_str())
                .bind(GENESIS_HASH)
                .fetch_one(&mut *tx)
                .await
                .map_err(StorageError::on_write("complaint"))?;
            let mut next_numbers = Vec::with_capacity(years.len());
            for (year, count) in &years {
                let last: i64 = sqlx::query_scalar(TAKE_REFERENCE_NUMBERS)
                    .bind(org.as_str())
                    .bind(i32::from(*year))
                    .bind(*count)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(StorageError::on_write("complaint"))?;
                next_numbers.push((*year, last - count + 1));
            }
            let registered = register(org, complaints, &chained, head, next_numbers)?;
            let rows: Vec<_> = complaints
                .iter()
                .zip(&chained)
                .zip(&registered)
                .filter_map(|((w, stored), r)| Some((org, &w.complaint, r.reference.as_str(), stored.first()?, stored.last()?)))
                .collect();
            insert_chunks!(tx, rows, COMPLAINT_COLUMNS, "complaint", |chunk| complaint_rows!(chunk.iter().copied()));
            // Each complaint's categories, with the date and reference the list pages by
            // (0017): a batch's are a few hundred rows, well within one statement.
            let categorised =
                complaints.iter().zip(&registered).map(|(w, r)| (org, &w.complaint, r.reference.as_str()));
            if let Some(mut insert) = category_rows!(categorised) {
                insert.build().execute(&mut *tx).await.map_err(StorageError::on_write("complaint category"))?;
            }
            insert_chunks!(tx, events, EVENT_COLUMNS, "complaint event", |chunk| event_rows!(chunk.iter().copied()));
            let entries: Vec<_> = complaints
                .iter()
                .zip(&chained)
                .zip(&registered)
                .filter_map(|((w, stored), r)| {
                    let first = stored.first()?.hash.as_str();
                    let (reference, prev, hash) = (r.reference.as_str(), r.prev_hash.as_str(), r.hash.as_str());
                    Some((org.as_str(), r.seq, w.complaint.id.as_str(), reference, first, prev, hash))
                })
                .collect();
            insert_chunks!(tx, entries, REGISTRY_COLUMNS, "complaint registry entry", |chunk| {
                registry_rows!(chunk.iter().copied())
            });
            insert_chunks!(tx, letters, CORRESPONDENCE_COLUMNS, "correspondence", |chunk| {
                correspondence_rows!(chunk.iter())
            });
            insert_chunks!(tx, files, ATTACHMENT_COLUMNS, "attachment", |chunk| {
                attachment_rows!(chunk.iter().map(|(info, content)| (info, *content)))
            });
            insert_chunks!(tx, work, WORK_COLUMNS, "work item", |chunk| work_rows!(org, chunk.iter().copied()));
            insert_chunks!(tx, imported, IMPORTED_COLUMNS, "imported complaint", |chunk| {
                imported_rows!(org, chunk.iter().copied())
            });
            insert_chunks!(tx, stages, TSM_STAGE_COLUMNS, "tsm stage", |chunk| {
                tsm_stage_rows!(org, chunk.iter().copied())
            });
            tx.commit().await?;
            Ok::<_, StorageError>(registered)
        })?;
        let created = complaints
            .iter()
            .zip(&chained)
            .zip(registered)
            .filter_map(|((whole, stored), registered)| {
                let (first, last) = (stored.first()?, stored.last()?);
                Some(Complaint {
                    id: whole.complaint.id.clone(),
                    organisation_id: org.clone(),
                    reference: registered.reference,
                    summary: whole.complaint.summary.clone(),
                    categories: whole.complaint.categories.clone(),
                    last_seq: last.seq,
                    head_hash: last.hash.clone(),
                    created_at: first.recorded_at,
                    updated_at: last.recorded_at,
                })
            })
            .collect();
        Ok(created)
    }
}

impl Database {
    /// The references of `org`'s complaints imported from other systems' history, in no order.
    pub async fn imported_references(&self, org: &OrganisationId) -> Result<Vec<String>, StorageError> {
        const SQL: &str = "select source_reference from imported_complaints where organisation_id = $1";
        Ok(db_run!(self, pool => sqlx::query_scalar(SQL).bind(org.as_str()).fetch_all(pool).await)?)
    }
}

/// How many of each year's reference numbers `complaints` take, years in order of first use.
fn numbers_taken(complaints: &[WholeComplaint]) -> Vec<(i16, i64)> {
    let mut years: Vec<(i16, i64)> = Vec::new();
    for whole in complaints {
        let year = whole.complaint.summary.received_on.year();
        match years.iter_mut().find(|(y, _)| *y == year) {
            Some((_, count)) => *count += 1,
            None => years.push((year, 1)),
        }
    }
    years
}

/// Each complaint's reference and registry entry, in order: the next number of its year
/// (from `next_numbers`, each year's first number to take) and the next entry after the
/// registry's `head` (its seq and hash), each entry chained to the one before.
fn register(
    org: &OrganisationId,
    complaints: &[WholeComplaint],
    chained: &[Vec<StoredEvent>],
    head: (i64, String),
    mut next_numbers: Vec<(i16, i64)>,
) -> Result<Vec<Registered>, StorageError> {
    let (mut seq, mut head) = head;
    let mut registered = Vec::with_capacity(complaints.len());
    for (whole, stored) in complaints.iter().zip(chained) {
        let year = whole.complaint.summary.received_on.year();
        let (Some(first), Some((_, number))) = (stored.first(), next_numbers.iter_mut().find(|(y, _)| *y == year))
        else {
            return Err(StorageError::InvalidInput("a complaint needs at least one event".into()));
        };
        let reference = format_reference(year, *number);
        *number += 1;
        seq += 1;
        let hash = registry_hash(&head, org.as_str(), seq, whole.complaint.id.as_str(), &reference, &first.hash);
        let prev_hash = std::mem::replace(&mut head, hash.clone());
        registered.push(Registered { reference, seq, prev_hash, hash });
    }
    Ok(registered)
}
