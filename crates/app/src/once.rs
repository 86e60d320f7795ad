//! Changes to the register made once per idempotency key: residents, representatives, homes,
//! service requests and contact restrictions. (A complaint's changes are keyed in `keys.rs`.)
//!
//! A keyed creation takes its record's id from the key, so a retry, or two racing, cannot
//! make a second record: the second insert collides and the first record is the answer. The
//! key is stored beside the record, naming it, in the record's own transaction (the change
//! runs on a copy of the application that hands the key to its write), so no crash can leave
//! a record without its key or a key without its record. A retry within the day finds the key
//! without trying again, and the same key with a different request is refused.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use redress_domain::ids::{OrganisationId, PropertyId, RepresentativeId, ResidentId, ServiceRequestId};
use redress_storage::{
    PROPERTY, Property, REPRESENTATIVE, RESIDENT, Representative, RequestKeyRecord, Resident, SERVICE_REQUEST,
    ServiceRequest, StorageError,
};

use crate::ids::{id_for_key, nth_id_for_key};
use crate::keys::RequestKey;
use crate::{Actor, App, AppError, IdSource};

/// A record of the register that a keyed request can make or change, and find again.
pub trait Keyed: Sized {
    /// What it is called in the key's record.
    const RESOURCE: &'static str;
    /// Its kind of id.
    type Id: Sync;
    /// The id with this text, which the application minted (from the request's key) or
    /// stored in the key's record itself: not checked again.
    fn minted_id(text: String) -> Self::Id;
    /// The record with this id in organisation `org`, as it is now.
    fn find(
        app: &App,
        org: &OrganisationId,
        id: &Self::Id,
    ) -> impl Future<Output = Result<Option<Self>, AppError>> + Send;
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
        let org = &actor.organisation_id;
        if let Some(record) = self.key_record(actor, key).await? {
            return self.replayed(org, &record).await;
        }
        let first = id_for_key(org, &key.key, &key.fingerprint);
        let ids = Arc::new(KeyedIds { first: first.clone(), given: AtomicUsize::new(0) });
        let pinned = self.clone().with_ids(ids).with_register_key(self.stored_key(actor, Some(key)));
        match change(&pinned).await {
            Ok(record) => Ok(Once { record, replayed: false }),
            // A racing request stored the key first, with its record: that is the answer, unless
            // it was another request.
            Err(error @ AppError::Storage(StorageError::KeyTaken { .. })) => match self.key_record(actor, key).await? {
                Some(record) => self.replayed(org, &record).await,
                None => Err(error),
            },
            // The key's record was made before (its key's day over, or a racing retry): that is
            // the answer.
            Err(AppError::Storage(StorageError::Duplicate { .. })) => self.found(org, first).await,
            Err(error) => Err(error),
        }
    }

    /// The answer to a request whose key is stored: the record it names, if of this kind.
    async fn replayed<T: Keyed>(&self, org: &OrganisationId, record: &RequestKeyRecord) -> Result<Once<T>, AppError> {
        if record.resource != T::RESOURCE {
            return Err(AppError::KeyReused);
        }
        self.found(org, record.resource_id.clone()).await
    }

    /// The record a keyed request made, whose id is `id`.
    async fn found<T: Keyed>(&self, org: &OrganisationId, id: String) -> Result<Once<T>, AppError> {
        let record = T::find(self, org, &T::minted_id(id)).await?.ok_or(AppError::NotFound(T::RESOURCE))?;
        Ok(Once { record, replayed: true })
    }
}

/// `Keyed` for a record with ids of type `$id`, found again with storage's `$get`.
macro_rules! keyed {
    ($type:ty, $resource:expr, $id:ty, $get:ident) => {
        impl Keyed for $type {
            const RESOURCE: &'static str = $resource;
            type Id = $id;
            fn minted_id(text: String) -> $id {
                <$id>::trusted(text)
            }
            async fn find(app: &App, org: &OrganisationId, id: &$id) -> Result<Option<Self>, AppError> {
                Ok(app.db().$get(org, id).await?)
            }
        }
    };
}

keyed!(Resident, RESIDENT, ResidentId, get_resident);
keyed!(Representative, REPRESENTATIVE, RepresentativeId, get_representative);
keyed!(Property, PROPERTY, PropertyId, get_property);
keyed!(ServiceRequest, SERVICE_REQUEST, ServiceRequestId, get_service_request);
