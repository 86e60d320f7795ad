//! Complaints written whole: many complaints, each with its whole record (events,
//! correspondence and files) already decided by the application, stored in one transaction.
//!
//! This is for callers that decide a complaint's life ahead of storing it, such as the demo
//! generator or an importer, and would otherwise pay a transaction (and, in SQLite, a write
//! of whole pages to the log) for every step. What is stored is what step-by-step writing
//! stores: the same rows, the events chained from [`GENESIS_HASH`] by the same function, the
//! next references of the organisation and one registry entry per complaint in the order
//! given, and the summary the application computed after the last event. Only the
//! idempotency keys of live requests have no place here.
//!
//! Creating and appending one step at a time is in `complaints.rs` and `events.rs`.

use redress_domain::ids::OrganisationId;

use crate::complaints::{Complaint, LOCK_REGISTRY_HEAD, NewComplaint, check_summary, register_complaint};
use crate::correspondence::{NewAttachment, NewCorrespondence, insert_attachment, insert_correspondence};
use crate::events::{Extras, NewEvent, chain, check_events};
use crate::hashing::GENESIS_HASH;
use crate::tx::BeginWrite;
use crate::work::{WorkItem, upsert_work_items};
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
}

impl Database {
    /// Creates `complaints` of organisation `org`, each with its whole record, in one
    /// transaction and in the order given: each gets the next reference for the year it was
    /// received and the next entry of the organisation's registry, as if created and then
    /// appended to one step at a time. Returns them as stored, in the same order.
    ///
    /// # Errors
    ///
    /// As [`Database::create_complaint`], and [`StorageError::Duplicate`] if a correspondence
    /// or attachment id is taken. Nothing is written unless everything is.
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
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            // As in `create_complaint_with`: the registry head first, which in PostgreSQL
            // locks it until the end, so the entries below follow on from it.
            let (mut registry_seq, mut registry_head): (i64, String) = sqlx::query_as(LOCK_REGISTRY_HEAD)
                .bind(org.as_str())
                .bind(GENESIS_HASH)
                .fetch_one(&mut *tx)
                .await
                .map_err(StorageError::on_write("complaint"))?;
            let mut created = Vec::with_capacity(complaints.len());
            for (whole, stored) in complaints.iter().zip(&chained) {
                let (Some(first), Some(last)) = (stored.first(), stored.last()) else {
                    return Err(StorageError::InvalidInput("a complaint needs at least one event".into()));
                };
                let new = &whole.complaint;
                registry_seq += 1;
                let (reference, hash) =
                    register_complaint!(tx, org, new, (stored, first, last), registry_seq, &registry_head);
                registry_head = hash;
                for (correspondence, attachments) in &whole.correspondence {
                    let extras = Extras { correspondence: Some(correspondence), attachments, ..Extras::default() };
                    write_extras!(tx, org, &new.id, last.seq, extras);
                }
                upsert_work_items!(tx, org, &whole.work);
                created.push(Complaint {
                    id: new.id.clone(),
                    organisation_id: org.clone(),
                    reference,
                    summary: new.summary.clone(),
                    categories: new.categories.clone(),
                    last_seq: last.seq,
                    head_hash: last.hash.clone(),
                    created_at: first.recorded_at,
                    updated_at: last.recorded_at,
                });
            }
            tx.commit().await?;
            Ok(created)
        })
    }
}
