//! Idempotency keys: the response given to a request sent with an
//! `Idempotency-Key` header, so that a client retrying after a timeout gets
//! the same answer instead of creating a second complaint.
//!
//! Keys are per organisation. Storing is an insert that, when the key is
//! already there (two retries racing), returns the row that won, so both
//! retries answer alike.

use jiff::Timestamp;

use crate::values::Instant;
use crate::{Database, StorageError};

/// A response to remember under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIdempotencyRecord {
    /// The client's key.
    pub key: String,
    /// [`request_fingerprint`](crate::request_fingerprint) of the request.
    pub fingerprint: String,
    /// The HTTP status sent.
    pub response_status: u16,
    /// The response body sent (JSON text, kept exactly).
    pub response_body: String,
    /// When it was stored.
    pub created_at: Timestamp,
}

/// A remembered response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyRecord {
    /// The organisation.
    pub organisation_id: String,
    /// The client's key.
    pub key: String,
    /// The fingerprint of the request first sent with the key.
    pub fingerprint: String,
    /// The HTTP status sent.
    pub response_status: u16,
    /// The response body sent.
    pub response_body: String,
    /// When it was stored.
    pub created_at: Timestamp,
}

/// What [`Database::idempotency_store`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyOutcome {
    /// The record was stored.
    Stored(IdempotencyRecord),
    /// The key was already taken: this is the record stored first, which the
    /// caller should answer with (or refuse, if its fingerprint differs).
    Existing(IdempotencyRecord),
}

impl IdempotencyOutcome {
    /// The record now stored under the key, whichever it is.
    pub fn record(&self) -> &IdempotencyRecord {
        match self {
            IdempotencyOutcome::Stored(record) | IdempotencyOutcome::Existing(record) => record,
        }
    }
}

#[derive(sqlx::FromRow)]
struct IdempotencyRow {
    organisation_id: String,
    key: String,
    fingerprint: String,
    response_status: i32,
    response_body: String,
    created_at: Instant,
}

impl TryFrom<IdempotencyRow> for IdempotencyRecord {
    type Error = StorageError;

    fn try_from(row: IdempotencyRow) -> Result<IdempotencyRecord, StorageError> {
        Ok(IdempotencyRecord {
            response_status: u16::try_from(row.response_status).map_err(|_| StorageError::Integrity {
                what: "idempotency key",
                id: row.key.clone(),
                reason: format!("status {}", row.response_status),
            })?,
            organisation_id: row.organisation_id,
            key: row.key,
            fingerprint: row.fingerprint,
            response_body: row.response_body,
            created_at: row.created_at.0,
        })
    }
}

impl Database {
    /// The response stored under `key` in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn idempotency_lookup(&self, org: &str, key: &str) -> Result<Option<IdempotencyRecord>, StorageError> {
        let sql = "select organisation_id, key, fingerprint, response_status, response_body, created_at
                   from idempotency_keys where organisation_id = $1 and key = $2";
        let row: Option<IdempotencyRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org).bind(key).fetch_optional(pool).await)?;
        row.map(IdempotencyRecord::try_from).transpose()
    }

    /// Stores a response under its key in organisation `org`, unless the key
    /// is taken, in which case the record already stored is returned.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if the organisation does not exist;
    /// [`StorageError::Query`] if the database fails.
    pub async fn idempotency_store(
        &self,
        org: &str,
        new: &NewIdempotencyRecord,
    ) -> Result<IdempotencyOutcome, StorageError> {
        // `on conflict do nothing` waits, in PostgreSQL, for a concurrent
        // insert of the same key to commit or roll back, so the lookup below
        // then finds the winner's row.
        let sql = "insert into idempotency_keys (organisation_id, key, fingerprint, response_status, response_body,
                       created_at)
                   values ($1, $2, $3, $4, $5, $6)
                   on conflict (organisation_id, key) do nothing";
        let created_at = Instant::new(new.created_at);
        let inserted = db_run!(self, pool => sqlx::query(sql)
            .bind(org)
            .bind(&new.key)
            .bind(&new.fingerprint)
            .bind(i32::from(new.response_status))
            .bind(&new.response_body)
            .bind(created_at)
            .execute(pool)
            .await
            .map(|done| done.rows_affected()))
        .map_err(StorageError::on_write("idempotency key"))?;
        if inserted == 1 {
            return Ok(IdempotencyOutcome::Stored(IdempotencyRecord {
                organisation_id: org.to_owned(),
                key: new.key.clone(),
                fingerprint: new.fingerprint.clone(),
                response_status: new.response_status,
                response_body: new.response_body.clone(),
                created_at: created_at.0,
            }));
        }
        let existing = self.idempotency_lookup(org, &new.key).await?;
        existing.map(IdempotencyOutcome::Existing).ok_or(StorageError::NotFound { what: "idempotency key" })
    }
}
