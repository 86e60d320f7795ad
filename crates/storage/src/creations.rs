//! Creating complaints: one or many new complaints, each with its first events and the key of
//! the request that asked for it, written in one transaction with one statement per table.
//!
//! The application writes concurrent intakes together (`app/src/grouped.rs`): in PostgreSQL an
//! organisation's creations take turns on its registry head from the lock to the commit, and
//! the commit waits for the write-ahead log to reach the disk, so one at a time they go no
//! faster than the disk flushes. Written together, many share one lock, one commit and, since
//! every table gets one multi-row statement, the same few round trips as one. What is stored is
//! exactly what creating them one after another in the order given stores.
//!
//! Appending to existing complaints is in `events.rs`; complaints written with their whole
//! record (the demo) in `whole_records.rs`.

use std::collections::HashMap;

use redress_domain::ids::OrganisationId;

use crate::complaints::{
    Complaint, LOCK_REGISTRY_HEAD, NewComplaint, TAKE_REFERENCE_NUMBERS, category_rows, check_summary, complaint_rows,
    format_reference, registry_rows,
};
use crate::events::{NewEvent, StoredEvent, chain, check_events};
use crate::hashing::{GENESIS_HASH, registry_hash};
use crate::idempotency::{COMPLAINT, NewRequestKey, key_expiry};
use crate::tx::BeginWrite;
use crate::values::Instant;
use crate::{Database, StorageError};

/// The most complaints one call creates: 25 values are bound per complaint, well within both
/// databases' limits on the values of one statement (SQLite 32,766; PostgreSQL 65,535).
pub const MOST_CREATED_TOGETHER: usize = 256;

/// A complaint to create with its first events ([`Database::create_complaints`]).
#[derive(Debug, Clone, Copy)]
pub struct Creation<'a> {
    /// The organisation (landlord) it belongs to.
    pub organisation: &'a OrganisationId,
    /// Its id, summary and triage.
    pub complaint: &'a NewComplaint,
    /// Its first events, at least one.
    pub events: &'a [NewEvent],
    /// The key of the request that asked for it, stored in the same transaction.
    pub request_key: Option<&'a NewRequestKey>,
    /// Its stages as CH01 and CH02 count them (see `tsm_stages.rs`).
    pub tsm: &'a [redress_domain::reporting::TsmStageFacts],
}

/// Where a new complaint goes: its reference and its entry in its organisation's registry.
pub(crate) struct Registered {
    /// Its reference, such as `CMP-2025-000123`.
    pub(crate) reference: String,
    /// Its entry's place in the registry.
    pub(crate) seq: i64,
    /// The hash of the entry before it.
    pub(crate) prev_hash: String,
    /// Its entry's hash.
    pub(crate) hash: String,
}

impl Database {
    /// Creates `creations` in one transaction, in the order given, each as if created alone
    /// and one after another: the next reference of its organisation for the year it was
    /// received (`CMP-YYYY-NNNNNN`, from a counter row, so gapless), its events chained from
    /// [`GENESIS_HASH`], the next entry of its organisation's registry chain, and its request
    /// key. Returns each as stored, with its events, in the same order.
    ///
    /// Registry heads are locked in order of organisation id, so two such transactions never
    /// deadlock; creations in one organisation queue behind one another on its head, and
    /// appends to existing complaints never wait for them.
    ///
    /// # Errors
    ///
    /// [`StorageError::InvalidInput`] if there are more than [`MOST_CREATED_TOGETHER`], a
    /// complaint has no events, a payload is not JSON or a stage is not 1 or 2;
    /// [`StorageError::KeyTaken`] if a request key is live, or appears twice;
    /// [`StorageError::Duplicate`] if an id is taken; [`StorageError::MissingReference`] if an
    /// organisation, resident, handler or handling organisation does not exist (the resident
    /// in the complaint's organisation). Nothing is written unless everything is.
    pub async fn create_complaints(
        &self,
        creations: &[Creation<'_>],
    ) -> Result<Vec<(Complaint, Vec<StoredEvent>)>, StorageError> {
        if creations.len() > MOST_CREATED_TOGETHER {
            return Err(StorageError::InvalidInput(format!("at most {MOST_CREATED_TOGETHER} complaints at once")));
        }
        let mut chained = Vec::with_capacity(creations.len());
        for creation in creations {
            check_summary(&creation.complaint.summary)?;
            check_events(creation.events)?;
            chained.push(chain(creation.organisation, &creation.complaint.id, 0, GENESIS_HASH, creation.events));
        }
        if creations.is_empty() {
            return Ok(Vec::new());
        }
        let mut organisations: Vec<&str> = creations.iter().map(|c| c.organisation.as_str()).collect();
        organisations.sort_unstable();
        organisations.dedup();
        // How many complaints each organisation takes of each year's numbers, in order of first use.
        let mut years: Vec<((&str, i16), i64)> = Vec::new();
        for creation in creations {
            let year = (creation.organisation.as_str(), creation.complaint.summary.received_on.year());
            match years.iter_mut().find(|(y, _)| *y == year) {
                Some((_, count)) => *count += 1,
                None => years.push((year, 1)),
            }
        }
        let keys: Vec<(&NewRequestKey, &str, i64)> = creations
            .iter()
            .zip(&chained)
            .filter_map(|(c, stored)| Some((c.request_key?, c.complaint.id.as_str(), stored.last()?.seq)))
            .collect();
        let registered = db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            // The keys first: each names its complaint by id alone, so they need no lock,
            // and a live key fails the creations before they wait for one.
            if !keys.is_empty() {
                // One expiry for all: the earliest key's, so no key is taken over early.
                let oldest = keys.iter().map(|(key, _, _)| key.created_at).min().unwrap_or(first_creation_time(creations));
                let mut insert = sqlx::QueryBuilder::new(
                    "insert into request_keys (organisation_id, key, fingerprint, response_status, resource,
                         resource_id, resource_seq, created_at) ",
                );
                insert.push_values(&keys, |mut row, (key, id, seq)| {
                    row.push_bind(key.organisation_id.as_str())
                        .push_bind(key.key.as_str())
                        .push_bind(key.fingerprint.as_str())
                        .push_bind(i32::from(key.response_status))
                        .push_bind(COMPLAINT)
                        .push_bind(*id)
                        .push_bind(*seq)
                        .push_bind(Instant::new(key.created_at));
                });
                insert
                    .push(
                        " on conflict (organisation_id, key) do update set fingerprint = excluded.fingerprint,
                             response_status = excluded.response_status, resource = excluded.resource,
                             resource_id = excluded.resource_id, resource_seq = excluded.resource_seq,
                             created_at = excluded.created_at
                         where request_keys.created_at < ",
                    )
                    .push_bind(Instant::new(key_expiry(oldest)));
                let stored = insert.build().execute(&mut *tx).await;
                let stored = stored.map_err(|e| key_error(e, &keys))?.rows_affected();
                if stored < keys.len() as u64 {
                    return Err(taken(&keys));
                }
            }
            // Then each organisation's registry head: in PostgreSQL the upsert locks the
            // organisation's row, so creations in one organisation take turns from here to
            // the commit; only what needs the lock comes after.
            let mut heads = HashMap::with_capacity(organisations.len());
            for org in organisations {
                let head: (i64, String) = sqlx::query_as(LOCK_REGISTRY_HEAD)
                    .bind(org)
                    .bind(GENESIS_HASH)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(StorageError::on_write("complaint"))?;
                heads.insert(org, head);
            }
            let mut next_numbers = HashMap::with_capacity(years.len());
            for ((org, year), count) in &years {
                let last: i64 = sqlx::query_scalar(TAKE_REFERENCE_NUMBERS)
                    .bind(*org)
                    .bind(i32::from(*year))
                    .bind(*count)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(StorageError::on_write("complaint"))?;
                next_numbers.insert((*org, *year), last - count + 1);
            }
            let mut registered = Vec::with_capacity(creations.len());
            for (creation, stored) in creations.iter().zip(&chained) {
                let org = creation.organisation.as_str();
                let year = creation.complaint.summary.received_on.year();
                let (Some(first), Some((seq, head)), Some(number)) =
                    (stored.first(), heads.get_mut(org), next_numbers.get_mut(&(org, year)))
                else {
                    return Err(StorageError::InvalidInput("a complaint needs at least one event".into()));
                };
                let reference = format_reference(year, *number);
                *number += 1;
                *seq += 1;
                let hash = registry_hash(head, org, *seq, creation.complaint.id.as_str(), &reference, &first.hash);
                let prev_hash = std::mem::replace(head, hash.clone());
                registered.push(Registered { reference, seq: *seq, prev_hash, hash });
            }
            let rows = creations.iter().zip(&chained).zip(&registered).filter_map(|((c, stored), r)| {
                Some((c.organisation, c.complaint, r.reference.as_str(), stored.first()?, stored.last()?))
            });
            complaint_rows!(rows).build().execute(&mut *tx).await.map_err(StorageError::on_write("complaint"))?;
            let rows = creations.iter().zip(&registered).map(|(c, r)| (c.organisation, c.complaint, r.reference.as_str()));
            if let Some(mut categories) = category_rows!(rows) {
                categories.build().execute(&mut *tx).await.map_err(StorageError::on_write("complaint category"))?;
            }
            event_rows!(chained.iter().flatten())
                .build()
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("complaint event"))?;
            let rows = creations.iter().zip(&chained).zip(&registered).filter_map(|((c, stored), r)| {
                let first = stored.first()?;
                let id = c.complaint.id.as_str();
                Some((c.organisation.as_str(), r.seq, id, r.reference.as_str(), first.hash.as_str(), r.prev_hash.as_str(), r.hash.as_str()))
            });
            let mut entries = registry_rows!(rows);
            entries.build().execute(&mut *tx).await.map_err(StorageError::on_write("complaint registry entry"))?;
            for creation in creations {
                let (org, complaint) = (creation.organisation, &creation.complaint.id);
                let handling = &creation.complaint.summary.organisation_handling;
                if !creation.tsm.is_empty() {
                    crate::tsm_stages::replace_tsm_stages!(tx, org, complaint, handling, creation.tsm);
                }
            }
            tx.commit().await?;
            Ok::<_, StorageError>(registered)
        })?;
        let created = creations
            .iter()
            .zip(chained)
            .zip(registered)
            .filter_map(|((creation, stored), registered)| {
                let (first, last) = (stored.first()?, stored.last()?);
                let complaint = Complaint {
                    id: creation.complaint.id.clone(),
                    organisation_id: creation.organisation.clone(),
                    reference: registered.reference,
                    summary: creation.complaint.summary.clone(),
                    categories: creation.complaint.categories.clone(),
                    last_seq: last.seq,
                    head_hash: last.hash.clone(),
                    created_at: first.recorded_at,
                    updated_at: last.recorded_at,
                };
                Some((complaint, stored))
            })
            .collect();
        Ok(created)
    }
}

/// When the first creation's first event was recorded: the keys' expiry when, impossibly,
/// there were keys but no times.
fn first_creation_time(creations: &[Creation<'_>]) -> jiff::Timestamp {
    creations.first().and_then(|c| c.events.first()).map_or(jiff::Timestamp::UNIX_EPOCH, |e| e.recorded_at)
}

/// [`StorageError::KeyTaken`], naming the key if there was only one.
fn taken(keys: &[(&NewRequestKey, &str, i64)]) -> StorageError {
    let key = match keys {
        [(key, _, _)] => key.key.clone(),
        _ => keys.iter().map(|(key, _, _)| key.key.as_str()).collect::<Vec<_>>().join(", "),
    };
    StorageError::KeyTaken { key }
}

/// The error of the keys' insert: a key named twice in one statement (PostgreSQL refuses to
/// update one row twice) is a taken key, as it is when written one after another.
fn key_error(error: sqlx::Error, keys: &[(&NewRequestKey, &str, i64)]) -> StorageError {
    let twice = keys.iter().enumerate().any(|(i, (key, _, _))| {
        keys[..i].iter().any(|(other, _, _)| other.organisation_id == key.organisation_id && other.key == key.key)
    });
    if twice { taken(keys) } else { StorageError::on_write("idempotency key")(error) }
}
