//! Changes to the register made once per idempotency key: residents, representatives, homes,
//! service requests and contact restrictions. (A complaint's changes are keyed in `keys.rs`,
//! with the key written in the change's own transaction.)
//!
//! A keyed creation takes its record's id from the key, so a retry, or two racing, cannot
//! make a second record: the second insert collides and the first record is the answer. The
//! key is then stored beside the record, naming it, so that a retry within the day finds it
//! without trying again, and the same key with a different request is refused.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use redress_storage::{Property, Representative, Resident, ServiceRequest, StorageError};

use crate::ids::{id_for_key, nth_id_for_key};
use crate::keys::RequestKey;
use crate::{Actor, App, AppError, IdSource};

/// A record of the register that a keyed request can make or change, and find again.
pub trait Keyed: Sized {
    /// What it is called in the key's record.
    const RESOURCE: &'static str;
    /// Its id.
    fn id(&self) -> &str;
    /// The record with this id in organisation `org`, as it is now.
    fn find(app: &App, org: &str, id: &str) -> impl Future<Output = Result<Option<Self>, AppError>> + Send;
}

/// What a keyed change answers: the record, and whether an earlier request made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Once<T> {
    /// The record, as it is now.
    pub record: T,
    /// Whether the change had been made by an earlier request with the same key.
    pub replayed: bool,
}

/// Ids for a keyed request: the key's, then ones derived from it.
struct KeyedIds {
    first: String,
    given: AtomicUsize,
}

impl IdSource for KeyedIds {
    fn new_id(&self) -> String {
        match self.given.fetch_add(1, Ordering::Relaxed) {
            0 => self.first.clone(),
            n => nth_id_for_key(&self.first, n),
        }
    }
}

impl App {
    /// Runs `change` (a use case of the register, given the application to run it on) once
    /// per key. Without a key it simply runs.
    pub async fn once<T: Keyed>(
        &self,
        actor: &Actor,
        key: Option<&RequestKey>,
        change: impl AsyncFnOnce(&App) -> Result<T, AppError>,
    ) -> Result<Once<T>, AppError> {
        let Some(key) = key else { return Ok(Once { record: change(self).await?, replayed: false }) };
        let org = actor.organisation_id.as_str();
        if let Some(record) = self.key_record(actor, key).await? {
            if record.resource != T::RESOURCE {
                return Err(AppError::KeyReused);
            }
            return self.found(org, &record.resource_id).await;
        }
        let first = id_for_key(org, &key.key, &key.fingerprint);
        let pinned = self.clone().with_ids(Arc::new(KeyedIds { first: first.clone(), given: AtomicUsize::new(0) }));
        match change(&pinned).await {
            Ok(record) => {
                if let Some(stored) = self.stored_key(actor, Some(key)) {
                    // Not stored only if a racing retry stored it first, naming the same record.
                    self.db().store_request_key(&stored, T::RESOURCE, record.id()).await?;
                }
                Ok(Once { record, replayed: false })
            }
            // The key's record was made before (its key lost, or a racing retry): that is the answer.
            Err(AppError::Storage(StorageError::Duplicate { .. })) => self.found(org, &first).await,
            Err(error) => Err(error),
        }
    }

    async fn found<T: Keyed>(&self, org: &str, id: &str) -> Result<Once<T>, AppError> {
        let record = T::find(self, org, id).await?.ok_or(AppError::NotFound(T::RESOURCE))?;
        Ok(Once { record, replayed: true })
    }
}

/// `Keyed` for a record found again with storage's `$get`, its id at `$($id).+`.
macro_rules! keyed {
    ($type:ty, $resource:literal, $get:ident, $($id:ident).+) => {
        impl Keyed for $type {
            const RESOURCE: &'static str = $resource;
            fn id(&self) -> &str {
                &self.$($id).+
            }
            async fn find(app: &App, org: &str, id: &str) -> Result<Option<Self>, AppError> {
                Ok(app.db().$get(org, id).await?)
            }
        }
    };
}

keyed!(Resident, "resident", get_resident, id);
keyed!(Representative, "representative", get_representative, id);
keyed!(Property, "property", get_property, id);
keyed!(ServiceRequest, "service_request", get_service_request, id);
