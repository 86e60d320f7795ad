//! Complaints stored before their count of deadlines answered late was kept (migration 0021),
//! read a batch at a time so that the application can count them from their records, and
//! their counts written. Working days cannot be counted in SQL, so the migration leaves the
//! column null and the application fills it ([`Database::uncounted_complaints`],
//! [`Database::set_deadlines_answered_late`]).

use redress_domain::ids::{ComplaintId, OrganisationId};

use crate::tx::BeginWrite;
use crate::{Database, StorageError};

/// A complaint, by its organisation and id: a place in the order the uncounted ones are read.
pub type ComplaintKey = (OrganisationId, ComplaintId);

impl Database {
    /// Up to `limit` complaints whose count of deadlines answered late is not kept, by
    /// organisation then id, after `after` (the last of the previous batch), so that a
    /// complaint that cannot be counted is passed over rather than read again.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn uncounted_complaints(
        &self,
        after: Option<&ComplaintKey>,
        limit: u32,
    ) -> Result<Vec<ComplaintKey>, StorageError> {
        let (org, id) = after.map_or(("", ""), |(org, id)| (org.as_str(), id.as_str()));
        let sql = "select organisation_id, id from complaints where deadlines_answered_late is null \
                   and (organisation_id, id) > ($1, $2) order by organisation_id, id limit $3";
        let rows: Vec<(String, String)> = db_run!(self, pool => sqlx::query_as(sql)
            .bind(org)
            .bind(id)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(|(org, id)| (OrganisationId::trusted(org), ComplaintId::trusted(id))).collect())
    }

    /// Writes each complaint's count of deadlines answered late, in one transaction, where
    /// none is kept yet: a count written since with an event (or by another server counting
    /// at the same time, which finds the same) is left as it is. Returns how many it wrote.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn set_deadlines_answered_late(&self, counts: &[(ComplaintKey, u32)]) -> Result<u64, StorageError> {
        let sql = "update complaints set deadlines_answered_late = $3 \
                   where organisation_id = $1 and id = $2 and deadlines_answered_late is null";
        db_run!(self, pool => async {
            let mut tx = pool.begin_write().await?;
            let mut written = 0;
            for ((org, id), count) in counts {
                written += sqlx::query(sql)
                    .bind(org.as_str())
                    .bind(id.as_str())
                    .bind(i32::try_from(*count).unwrap_or(i32::MAX))
                    .execute(&mut *tx)
                    .await
                    .map_err(StorageError::on_write("complaint"))?
                    .rows_affected();
            }
            tx.commit().await?;
            Ok::<u64, StorageError>(written)
        }
        .await)
    }
}
