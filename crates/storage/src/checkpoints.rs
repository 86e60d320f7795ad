//! Audit checkpoints: an organisation's commitment to every complaint's head
//! at a moment (Code 5.12).
//!
//! Each complaint's events are chained, and the registry chain commits to
//! every complaint created; neither notices events cut from the end of a
//! complaint together with its head row, nor a complaint rolled back whole.
//! A checkpoint does: it records the head (last seq and hash) of every
//! complaint created or changed since the checkpoint before, and the
//! registry's head, and its digest covers those and the previous digest. The
//! audit then checks that every head a checkpoint recorded is still in the
//! record, with the same hash.
//!
//! Someone who can write to the database could delete the last checkpoints
//! as well; the checkpoint's value (printed by `redress audit checkpoint`),
//! noted or published outside the database, closes that gap:
//! `redress audit verify --against VALUE` fails unless that very checkpoint
//! is still there and still hashes to the value.

use std::collections::BTreeMap;

use jiff::Timestamp;
use redress_domain::ids::OrganisationId;

use crate::hashing::{CheckpointHead, GENESIS_HASH, checkpoint_digest};
use crate::tx::BeginWrite;
use crate::values::{Instant, to_micros};
use crate::{Database, StorageError};

/// How many hex digits of a checkpoint's digest its value carries (128 bits).
const VALUE_DIGITS: usize = 32;

/// A checkpoint as made or stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// 1, 2, 3… within the organisation.
    pub seq: i64,
    /// When it was made.
    pub created_at: Timestamp,
    /// How many complaints the registry held then.
    pub registry_seq: i64,
    /// How many complaint heads it recorded (those that moved since the one before).
    pub heads: usize,
    /// Its digest ([`checkpoint_digest`]).
    pub digest: String,
}

impl Checkpoint {
    /// The short value to note or publish: its seq and the first 32 hex
    /// digits of its digest, such as `3-9f2c…`.
    pub fn value(&self) -> String {
        value_of(self.seq, &self.digest)
    }
}

/// The value of checkpoint `seq` with `digest`.
pub(crate) fn value_of(seq: i64, digest: &str) -> String {
    format!("{seq}-{}", digest.get(..VALUE_DIGITS).unwrap_or(digest))
}

/// A stored checkpoint row.
#[derive(sqlx::FromRow)]
pub(crate) struct CheckpointRow {
    pub(crate) seq: i64,
    pub(crate) created_at: Instant,
    pub(crate) registry_seq: i64,
    pub(crate) registry_head: String,
    pub(crate) prev_digest: String,
    pub(crate) digest: String,
}

/// A recorded head with the checkpoint that recorded it.
#[derive(sqlx::FromRow)]
pub(crate) struct RecordedHead {
    pub(crate) checkpoint_seq: i64,
    #[sqlx(flatten)]
    pub(crate) head: CheckpointHead,
}

/// The latest head each complaint's checkpoints recorded.
const LATEST_HEADS: &str = "select h.complaint_id, h.last_seq, h.head_hash from audit_checkpoint_heads h
    where h.organisation_id = $1 and h.checkpoint_seq = (select max(h2.checkpoint_seq) from audit_checkpoint_heads h2
        where h2.organisation_id = h.organisation_id and h2.complaint_id = h.complaint_id)";

impl Database {
    /// Makes a checkpoint of every organisation, in id order; one that another process was
    /// making at the same moment is left to it.
    ///
    /// # Errors
    ///
    /// As [`Database::make_checkpoint`], but for a duplicate.
    pub async fn make_checkpoints(&self, now: Timestamp) -> Result<Vec<Checkpoint>, StorageError> {
        let orgs: Vec<String> = db_run!(self, pool => sqlx::query_scalar("select id from organisations order by id").fetch_all(pool).await)?;
        let mut made = Vec::with_capacity(orgs.len());
        for org in orgs.into_iter().map(OrganisationId::trusted) {
            match self.make_checkpoint(&org, now).await {
                Ok(checkpoint) => made.push(checkpoint),
                // Another server made this one at the same moment: it stands; go on to the next.
                Err(StorageError::Duplicate { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(made)
    }

    /// Makes the next checkpoint of organisation `org`, in one transaction:
    /// the registry's head and the head of every complaint created or
    /// changed since the last checkpoint. If nothing moved since the last
    /// one, that one still stands and is returned, and nothing is written.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if another process made the same
    /// checkpoint at the same moment (make it again);
    /// [`StorageError::MissingReference`] if there is no such organisation.
    pub async fn make_checkpoint(&self, org: &OrganisationId, now: Timestamp) -> Result<Checkpoint, StorageError> {
        let created_at = to_micros(now);
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let registry: Option<(i64, String)> =
                sqlx::query_as("select last_seq, head_hash from complaint_registry_heads where organisation_id = $1")
                    .bind(org.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            let (registry_seq, registry_head) = registry.unwrap_or_else(|| (0, GENESIS_HASH.to_owned()));
            let last: Option<CheckpointRow> = sqlx::query_as(
                "select seq, created_at, registry_seq, registry_head, prev_digest, digest from audit_checkpoints
                 where organisation_id = $1 order by seq desc limit 1",
            )
            .bind(org.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            let current: Vec<CheckpointHead> = sqlx::query_as(
                "select id as complaint_id, last_seq, head_hash from complaints where organisation_id = $1 order by id",
            )
            .bind(org.as_str())
            .fetch_all(&mut *tx)
            .await?;
            let recorded: Vec<CheckpointHead> = sqlx::query_as(LATEST_HEADS).bind(org.as_str()).fetch_all(&mut *tx).await?;
            let heads = moved_heads(current, recorded);
            // Nothing moved since the last checkpoint: it still stands, and is the answer.
            if let Some(last) = last.as_ref().filter(|l| heads.is_empty() && l.registry_seq == registry_seq) {
                return Ok(Checkpoint {
                    organisation_id: org.to_owned(),
                    seq: last.seq,
                    created_at: last.created_at.0,
                    registry_seq,
                    heads: 0,
                    digest: last.digest.clone(),
                });
            }
            let (last_seq, prev_digest) = last.map_or_else(|| (0, GENESIS_HASH.to_owned()), |l| (l.seq, l.digest));
            let seq = last_seq + 1;
            let digest =
                checkpoint_digest(&prev_digest, org, seq, created_at, (registry_seq, &registry_head), &heads);
            sqlx::query(
                "insert into audit_checkpoints (organisation_id, seq, created_at, registry_seq, registry_head,
                     prev_digest, digest)
                 values ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(org.as_str())
            .bind(seq)
            .bind(Instant(created_at))
            .bind(registry_seq)
            .bind(&registry_head)
            .bind(&prev_digest)
            .bind(&digest)
            .execute(&mut *tx)
            .await
            .map_err(StorageError::on_write("audit checkpoint"))?;
            for head in &heads {
                sqlx::query(
                    "insert into audit_checkpoint_heads (organisation_id, checkpoint_seq, complaint_id, last_seq,
                         head_hash)
                     values ($1, $2, $3, $4, $5)",
                )
                .bind(org.as_str())
                .bind(seq)
                .bind(&head.complaint_id)
                .bind(head.last_seq)
                .bind(&head.head_hash)
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("audit checkpoint head"))?;
            }
            tx.commit().await?;
            Ok(Checkpoint {
                organisation_id: org.to_owned(),
                seq,
                created_at,
                registry_seq,
                heads: heads.len(),
                digest,
            })
        })
    }
}

/// The current heads (by complaint id) that differ from the latest recorded
/// ones, by complaint id.
fn moved_heads(current: Vec<CheckpointHead>, recorded: Vec<CheckpointHead>) -> Vec<CheckpointHead> {
    let recorded: BTreeMap<String, CheckpointHead> =
        recorded.into_iter().map(|head| (head.complaint_id.clone(), head)).collect();
    let mut moved: Vec<CheckpointHead> =
        current.into_iter().filter(|head| recorded.get(&head.complaint_id) != Some(head)).collect();
    // Sorted here, not only by the query, because collation may differ between backends.
    moved.sort_by(|a, b| a.complaint_id.cmp(&b.complaint_id));
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(id: &str, seq: i64) -> CheckpointHead {
        CheckpointHead { complaint_id: id.into(), last_seq: seq, head_hash: format!("h{seq}") }
    }

    #[test]
    fn only_new_and_moved_heads_are_recorded_again() {
        let current = vec![head("c", 1), head("a", 3), head("b", 2)];
        let recorded = vec![head("a", 2), head("b", 2)];
        assert_eq!(moved_heads(current, recorded), vec![head("a", 3), head("c", 1)]);
    }

    #[test]
    fn a_value_is_the_seq_and_the_first_32_hex_digits() {
        let digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assert_eq!(value_of(7, digest), "7-0123456789abcdef0123456789abcdef");
    }
}
