//! Idempotency as a service: a change asked for with an idempotency key is made once, and a
//! retry with the same key and request gets the first answer back, even after the change has
//! moved the complaint on (a retried acknowledgement is answered as it was, not with 409).
//!
//! The key is stored by the change's own transaction (see storage's `Extras`), holding only
//! the complaint and the seq the request left it at; a replay rebuilds the complaint as of
//! that seq. The same key with a different request is refused. Keys are the caller's
//! organisation's, and live a day.

use std::future::Future;

use redress_domain::ids::ComplaintId;
use redress_storage::{COMPLAINT, NewRequestKey, RequestKeyRecord, StorageError};

use crate::{Actor, App, AppError, ComplaintView, CorrespondenceRecord};

/// An `Idempotency-Key` and the fingerprint of the request it came with (method, path, body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestKey {
    /// The client's key.
    pub key: String,
    /// The request's fingerprint ([`redress_storage::request_fingerprint`]).
    pub fingerprint: String,
    /// The status the front end answers a first request with (201 created, 200 changed),
    /// kept so that a replay answers alike.
    pub status: u16,
}

/// What a keyed use case answers: the complaint and whether this is a replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The complaint as the request left it.
    pub view: ComplaintView,
    /// Its correspondence now, with the attachments.
    pub correspondence: Vec<CorrespondenceRecord>,
    /// The status to answer with (the key's, or the first request's on a replay).
    pub status: u16,
    /// Whether the change had been made by an earlier request with the same key.
    pub replayed: bool,
}

impl App {
    /// The first answer to a request sent again with its key, if the key is live; refused if
    /// the key came first with a different request.
    pub(crate) async fn replay(&self, actor: &Actor, key: &RequestKey) -> Result<Option<Answer>, AppError> {
        let Some(record) = self.key_record(actor, key).await? else { return Ok(None) };
        if record.resource != COMPLAINT {
            return Err(AppError::KeyReused);
        }
        // The key's record names the complaint this application made for the request.
        let complaint_id = ComplaintId::trusted(record.resource_id);
        let view = self.complaint_upto(actor, &complaint_id, Some(record.resource_seq)).await?;
        let correspondence = self.correspondence_of(&actor.scope.landlord, &complaint_id).await?;
        Ok(Some(Answer { view, correspondence, status: record.response_status, replayed: true }))
    }

    /// The live record of `key` in the caller's organisation; refused if the key came first
    /// with a different request.
    pub(crate) async fn key_record(
        &self,
        actor: &Actor,
        key: &RequestKey,
    ) -> Result<Option<RequestKeyRecord>, AppError> {
        let record = self.db().request_key(&actor.organisation_id, &key.key, self.now()).await?;
        match record {
            Some(record) if record.fingerprint != key.fingerprint => Err(AppError::KeyReused),
            found => Ok(found),
        }
    }

    /// Runs a keyed change. A fresh request costs no look-up: the key is written with the
    /// change. Only when the change is refused, or its key or ids turn out taken, is the key
    /// looked up, and a request already answered gets that answer again (a retried
    /// acknowledgement is not refused as already acknowledged).
    pub(crate) async fn keyed(
        &self,
        actor: &Actor,
        key: Option<&RequestKey>,
        change: impl Future<Output = Result<Answer, AppError>>,
    ) -> Result<Answer, AppError> {
        let error = match change.await {
            Ok(answer) => return Ok(answer),
            Err(error) => error,
        };
        let Some(key) = key else { return Err(error) };
        let retried = matches!(
            error,
            AppError::Refused(_) | AppError::Storage(StorageError::KeyTaken { .. } | StorageError::Duplicate { .. })
        );
        if !retried {
            return Err(error);
        }
        match self.replay(actor, key).await? {
            Some(answer) => Ok(answer),
            None => Err(error),
        }
    }

    /// The record to store with the change, in the caller's organisation (an agent's staff
    /// keep keys of their own, apart from the landlord's, whose complaint they change).
    pub(crate) fn stored_key(&self, actor: &Actor, key: Option<&RequestKey>) -> Option<NewRequestKey> {
        key.map(|k| NewRequestKey {
            organisation_id: actor.organisation_id.clone(),
            key: k.key.clone(),
            fingerprint: k.fingerprint.clone(),
            response_status: k.status,
            created_at: self.now(),
        })
    }
}

/// A fresh answer.
pub(crate) fn answered(
    view: ComplaintView,
    correspondence: Vec<CorrespondenceRecord>,
    key: Option<&RequestKey>,
    default_status: u16,
) -> Answer {
    Answer { view, correspondence, status: key.map_or(default_status, |k| k.status), replayed: false }
}
