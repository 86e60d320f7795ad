//! Complaints created together: concurrent intakes share one transaction and one commit.
//!
//! Creating a complaint takes the organisation's next reference and the next entry of its
//! registry chain, so an organisation's creations take turns from the registry head's lock
//! to the commit; in PostgreSQL the commit waits for the write-ahead log to reach the disk
//! (about a millisecond here), so one at a time they cannot go faster than the disk flushes.
//! Instead, a creation joins a queue, and whichever waiting creation gets the turn writes
//! every creation queued so far (up to [`MOST_CREATED_TOGETHER`]) in one transaction
//! ([`Database::create_complaints`], one statement per table): one wait for the log, and the
//! round trips of one creation, for all of them. One alone is written at once, without
//! waiting for company; under load each turn takes all who came during the previous one.
//! SQLite gains too: one commit writes each page the creations share to its log once.
//!
//! The write runs as a task of its own, so a caller that gives up (its client went away)
//! cannot cut it short for the others. If the group's write fails, each creation is tried
//! again alone, so that each gets its own answer (a taken key, a missing resident) and one
//! creation's fault never fails another's request.

use std::sync::{Mutex, PoisonError};

use redress_domain::ids::OrganisationId;
use redress_storage::{
    Complaint, Creation, Database, MOST_CREATED_TOGETHER, NewComplaint, NewEvent, NewRequestKey, StorageError,
    StoredEvent,
};
use tokio::sync::oneshot;

/// A complaint as stored, with its events as stored.
pub(crate) type Created = (Complaint, Vec<StoredEvent>);

/// A complaint to create, owned so that it can wait in the queue.
pub(crate) struct NewCreation {
    pub(crate) organisation: OrganisationId,
    pub(crate) complaint: NewComplaint,
    pub(crate) events: Vec<NewEvent>,
    pub(crate) request_key: Option<NewRequestKey>,
    /// Its stages as CH01 and CH02 count them.
    pub(crate) tsm: Vec<redress_domain::reporting::TsmStageFacts>,
}

impl NewCreation {
    fn borrowed(&self) -> Creation<'_> {
        Creation {
            organisation: &self.organisation,
            complaint: &self.complaint,
            events: &self.events,
            request_key: self.request_key.as_ref(),
            tsm: &self.tsm,
        }
    }
}

/// A creation waiting in the queue, and where its answer goes.
struct Queued {
    creation: NewCreation,
    answer: oneshot::Sender<Result<Created, StorageError>>,
}

/// The queue of creations waiting to be written, and the turn to write them.
#[derive(Default)]
pub(crate) struct Together {
    queue: Mutex<Vec<Queued>>,
    turn: tokio::sync::Mutex<()>,
}

impl Together {
    /// Creates `creation` on `db`, with whatever other creations are waiting.
    ///
    /// # Errors
    ///
    /// As [`Database::create_complaints`] for this creation alone.
    pub(crate) async fn create(&self, db: &Database, creation: NewCreation) -> Result<Created, StorageError> {
        let (answer, mut answered) = oneshot::channel();
        self.lock_queue().push(Queued { creation, answer });
        loop {
            tokio::select! {
                // An earlier turn wrote this creation: that is the answer.
                biased;
                result = &mut answered => return result.unwrap_or(Err(StorageError::Unanswered)),
                _turn = self.turn.lock() => {
                    let group: Vec<Queued> = {
                        let mut queue = self.lock_queue();
                        let most = queue.len().min(MOST_CREATED_TOGETHER);
                        queue.drain(..most).collect()
                    };
                    if group.is_empty() {
                        // A turn whose caller gave up is still writing this creation.
                        return answered.await.unwrap_or(Err(StorageError::Unanswered));
                    }
                    // Only a panic ends the task early; its answers are then lost, which
                    // each caller hears as `Unanswered`.
                    let _ = tokio::spawn(write(db.clone(), group)).await;
                }
            }
        }
    }

    fn lock_queue(&self) -> std::sync::MutexGuard<'_, Vec<Queued>> {
        // A panic elsewhere while holding the queue leaves a usable list.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Writes `group` in one transaction and sends each its answer; if that fails, writes each
/// alone, so that each hears its own.
async fn write(db: Database, group: Vec<Queued>) {
    let creations: Vec<Creation<'_>> = group.iter().map(|q| q.creation.borrowed()).collect();
    let written = db.create_complaints(&creations).await;
    drop(creations);
    match written {
        Ok(created) => {
            for (queued, created) in group.into_iter().zip(created) {
                // A caller that gave up no longer listens.
                let _ = queued.answer.send(Ok(created));
            }
        }
        Err(error) if group.len() == 1 => {
            if let Some(queued) = group.into_iter().next() {
                let _ = queued.answer.send(Err(error));
            }
        }
        Err(error) => {
            tracing::warn!(%error, creations = group.len(), "creating complaints together failed: creating each alone");
            for queued in group {
                let alone = db.create_complaints(&[queued.creation.borrowed()]).await;
                let answer = alone.and_then(|mut created| created.pop().ok_or(StorageError::Unanswered));
                let _ = queued.answer.send(answer);
            }
        }
    }
}
