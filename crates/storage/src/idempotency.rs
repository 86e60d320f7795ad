//! Idempotency keys: what a request sent with an `Idempotency-Key` header
//! changed, so that a client retrying after a timeout gets the first answer
//! instead of a second change (or a 409 for a change already made).
//!
//! A record holds only what a replay needs: the status sent and the record the
//! request made or changed (for a complaint, as of the event the request left it
//! at). It is written by the change's own transaction (for a complaint
//! [`Extras::request_key`](crate::Extras), for a record of the register the `key`
//! of its `_with` write), so a change is never stored without its key, nor a key
//! without its change. Keys are per
//! organisation and live a day ([`KEY_LIFETIME_HOURS`]): after that a key may
//! be used again, and [`Database::prune_request_keys`] removes old records.

use jiff::{SignedDuration, Timestamp};
use redress_domain::ids::OrganisationId;

use crate::values::Instant;
use crate::{Database, StorageError};

/// How long a key holds its request, in hours (a day, as payment APIs keep theirs).
pub const KEY_LIFETIME_HOURS: i64 = 24;

/// The instant before which a record stored is no longer live at `now`.
pub fn key_expiry(now: Timestamp) -> Timestamp {
    now.checked_sub(SignedDuration::from_hours(KEY_LIFETIME_HOURS)).unwrap_or(Timestamp::MIN)
}

/// A key to store with a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequestKey {
    /// The organisation whose key it is: the caller's (a managing agent's staff keep their
    /// own keys, although the complaints they change are the landlord's).
    pub organisation_id: OrganisationId,
    /// The client's key.
    pub key: String,
    /// [`request_fingerprint`](crate::request_fingerprint) of the request.
    pub fingerprint: String,
    /// The HTTP status the change is answered with.
    pub response_status: u16,
    /// When it was stored (the change's recording time).
    pub created_at: Timestamp,
}

/// What kind of record a request created or changed, as stored with its key: a complaint.
pub const COMPLAINT: &str = "complaint";
/// A resident.
pub const RESIDENT: &str = "resident";
/// A resident's representative.
pub const REPRESENTATIVE: &str = "representative";
/// A home.
pub const PROPERTY: &str = "property";
/// A service request (made, or its status changed).
pub const SERVICE_REQUEST: &str = "service_request";
/// A restriction on a resident's contact.
pub const RESTRICTION: &str = "restriction";

/// A stored key: the record the request made or changed (a complaint with the seq the
/// request left it at).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestKeyRecord {
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// The client's key.
    pub key: String,
    /// The fingerprint of the request first sent with the key.
    pub fingerprint: String,
    /// The HTTP status sent.
    pub response_status: u16,
    /// What kind of record: [`COMPLAINT`], `resident`, `property`…
    pub resource: String,
    /// The record the request created or changed: an id of the kind [`resource`](Self::resource)
    /// names, as text, which the caller that knows the kind makes into its typed id.
    pub resource_id: String,
    /// For a complaint, the seq of the last event the request appended; otherwise 0.
    pub resource_seq: i64,
    /// When it was stored.
    pub created_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct RequestKeyRow {
    organisation_id: String,
    key: String,
    fingerprint: String,
    response_status: i32,
    resource: String,
    resource_id: String,
    resource_seq: i64,
    created_at: Instant,
}

impl TryFrom<RequestKeyRow> for RequestKeyRecord {
    type Error = StorageError;

    fn try_from(row: RequestKeyRow) -> Result<RequestKeyRecord, StorageError> {
        Ok(RequestKeyRecord {
            response_status: u16::try_from(row.response_status).map_err(|_| StorageError::Integrity {
                what: "idempotency key",
                id: row.key.clone(),
                reason: format!("status {}", row.response_status),
            })?,
            organisation_id: OrganisationId::trusted(row.organisation_id),
            key: row.key,
            fingerprint: row.fingerprint,
            resource: row.resource,
            resource_id: row.resource_id,
            resource_seq: row.resource_seq,
            created_at: row.created_at.0,
        })
    }
}

/// Stores a key (`$key`, a [`NewRequestKey`], in its own organisation) naming record `$id` (the
/// record's id as text: one column holds the ids of every kind) of kind `$resource`, at seq
/// `$seq`, on `$conn`, taking over a record that has outlived its
/// day. Evaluates to the rows written: 0 when the key is live.
macro_rules! insert_request_key {
    ($conn:expr, $key:expr, $resource:expr, $id:expr, $seq:expr) => {
        sqlx::query(
            "insert into request_keys (organisation_id, key, fingerprint, response_status, resource, resource_id,
                 resource_seq, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8)
             on conflict (organisation_id, key) do update set fingerprint = excluded.fingerprint,
                 response_status = excluded.response_status, resource = excluded.resource,
                 resource_id = excluded.resource_id, resource_seq = excluded.resource_seq,
                 created_at = excluded.created_at
             where request_keys.created_at < $9",
        )
        .bind($key.organisation_id.as_str())
        .bind(&$key.key)
        .bind(&$key.fingerprint)
        .bind(i32::from($key.response_status))
        .bind($resource)
        .bind($id)
        .bind($seq)
        .bind($crate::values::Instant::new($key.created_at))
        .bind($crate::values::Instant::new($crate::idempotency::key_expiry($key.created_at)))
        .execute($conn)
        .await
        .map(|done| done.rows_affected())
    };
}
pub(crate) use insert_request_key;

/// Stores `$key` (an `Option<&NewRequestKey>`), if there is one, naming record `$id` of kind
/// `$resource` at seq `$seq`, on `$conn` (the change's transaction). Evaluates to
/// `Result<(), StorageError>`: [`StorageError::KeyTaken`] if the key is live, so that the
/// caller rolls its change back.
macro_rules! store_key {
    ($conn:expr, $key:expr, $resource:expr, $id:expr, $seq:expr) => {
        match $key {
            None => Ok(()),
            Some(key) => match $crate::idempotency::insert_request_key!($conn, key, $resource, $id, $seq) {
                Ok(0) => Err($crate::StorageError::KeyTaken { key: key.key.clone() }),
                Ok(_) => Ok(()),
                Err(error) => Err($crate::StorageError::on_write("idempotency key")(error)),
            },
        }
    };
}
pub(crate) use store_key;

/// Runs `$query`, one statement writing record `$id` (`$what`, of kind `$resource`), on `$db`
/// in a transaction that also runs the statements `also` gives, if any (the record's other
/// rows, as [`Built`](crate::query::Built)s), and stores `$key` (an `Option<&NewRequestKey>`)
/// naming it: all are written or none. Evaluates to `Result<(), StorageError>`: the statement's error as
/// [`StorageError::on_write`] maps it, [`StorageError::NotFound`] if it changed no row, or
/// [`StorageError::KeyTaken`] if the key is live.
macro_rules! write_with_key {
    ($db:expr, $what:expr, $query:expr, $key:expr, $resource:expr, $id:expr) => {
        write_with_key!($db, $what, $query, $key, $resource, $id, also: Vec::<$crate::query::Built>::new())
    };
    ($db:expr, $what:expr, $query:expr, $key:expr, $resource:expr, $id:expr, also: $also:expr) => {
        db_run!($db, pool => async {
            let mut tx = $crate::tx::BeginWrite::begin_write(pool).await?;
            let changed =
                $query.execute(&mut *tx).await.map_err($crate::StorageError::on_write($what))?.rows_affected();
            if changed == 0 {
                return Err($crate::StorageError::NotFound { what: $what });
            }
            $crate::resident_search::run_statements!(tx, $also, $what);
            $crate::idempotency::store_key!(&mut *tx, $key, $resource, $id, 0_i64)?;
            tx.commit().await?;
            Ok::<(), $crate::StorageError>(())
        }
        .await)
    };
}
pub(crate) use write_with_key;

impl Database {
    /// The live record stored under `key` in organisation `org` at `now`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn request_key(
        &self,
        org: &OrganisationId,
        key: &str,
        now: Timestamp,
    ) -> Result<Option<RequestKeyRecord>, StorageError> {
        let sql = "select organisation_id, key, fingerprint, response_status, resource, resource_id, resource_seq,
                       created_at
                   from request_keys where organisation_id = $1 and key = $2 and created_at >= $3";
        let expiry = Instant::new(key_expiry(now));
        let row: Option<RequestKeyRow> = db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(key).bind(expiry).fetch_optional(pool).await)?;
        row.map(RequestKeyRecord::try_from).transpose()
    }

    /// Removes the records that are no longer live at `now`; returns how many.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn prune_request_keys(&self, now: Timestamp) -> Result<u64, StorageError> {
        let expiry = Instant::new(key_expiry(now));
        let sql = "delete from request_keys where created_at < $1";
        Ok(db_run!(self, pool => sqlx::query(sql).bind(expiry).execute(pool).await.map(|done| done.rows_affected()))?)
    }
}
