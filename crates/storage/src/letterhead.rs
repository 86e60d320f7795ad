//! The logo on an organisation's letterhead (`migrations/*/0025_letter_templates.sql`): its
//! bytes, media type and alternative text, one per organisation, replaced by a new upload or
//! removed. Which images are accepted, and how large, is the application's rule; storage keeps
//! the bytes with their SHA-256 and checks them on reading.

use jiff::Timestamp;
use redress_domain::ids::{OrganisationId, UserId};

use crate::hashing::sha256_hex;
use crate::tx::BeginWrite;
use crate::values::Instant;
use crate::{Database, StorageError};

/// A logo to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLogo {
    /// Its media type (`image/png`, `image/jpeg`).
    pub media_type: String,
    /// What it shows, for those who cannot see it.
    pub alt_text: String,
    /// The bytes.
    pub content: Vec<u8>,
}

/// A kept logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// Its media type.
    pub media_type: String,
    /// Its alternative text.
    pub alt_text: String,
    /// The bytes, checked against their SHA-256.
    pub content: Vec<u8>,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// Who uploaded it.
    pub saved_by: UserId,
    /// When, to the microsecond.
    pub saved_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct LogoRow {
    media_type: String,
    alt_text: String,
    content: Vec<u8>,
    sha256: String,
    saved_by: String,
    saved_at: Instant,
}

impl Database {
    /// Keeps `logo` as organisation `org`'s, in place of any it had, uploaded by `by` at `at`.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if there is no such organisation or user.
    pub async fn save_logo(
        &self,
        org: &OrganisationId,
        logo: &NewLogo,
        by: &UserId,
        at: Timestamp,
    ) -> Result<(), StorageError> {
        let size = i64::try_from(logo.content.len())
            .map_err(|_| StorageError::InvalidInput("the logo is too large".into()))?;
        let upsert = "insert into letterhead_logos (organisation_id, media_type, alt_text, content, size_bytes,
                          sha256, saved_by, saved_at)
                      values ($1, $2, $3, $4, $5, $6, $7, $8)
                      on conflict (organisation_id) do update set media_type = excluded.media_type,
                          alt_text = excluded.alt_text, content = excluded.content,
                          size_bytes = excluded.size_bytes, sha256 = excluded.sha256,
                          saved_by = excluded.saved_by, saved_at = excluded.saved_at";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(upsert)
                .bind(org.as_str())
                .bind(&logo.media_type)
                .bind(&logo.alt_text)
                .bind(logo.content.as_slice())
                .bind(size)
                .bind(sha256_hex(&logo.content))
                .bind(by.as_str())
                .bind(Instant::new(at))
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("letterhead logo"))?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Organisation `org`'s logo, if it has one.
    ///
    /// # Errors
    ///
    /// [`StorageError::Integrity`] if the bytes no longer match their SHA-256;
    /// [`StorageError::Query`] if the database fails.
    pub async fn logo(&self, org: &OrganisationId) -> Result<Option<Logo>, StorageError> {
        let sql = "select media_type, alt_text, content, sha256, saved_by, saved_at
                   from letterhead_logos where organisation_id = $1";
        let row: Option<LogoRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_optional(pool).await)?;
        let Some(row) = row else { return Ok(None) };
        if sha256_hex(&row.content) != row.sha256 {
            return Err(StorageError::Integrity {
                what: "letterhead logo of organisation",
                id: org.as_str().to_owned(),
                reason: "its bytes do not match their SHA-256".into(),
            });
        }
        Ok(Some(Logo {
            media_type: row.media_type,
            alt_text: row.alt_text,
            content: row.content,
            sha256: row.sha256,
            saved_by: UserId::trusted(row.saved_by),
            saved_at: row.saved_at.0,
        }))
    }

    /// Removes organisation `org`'s logo; returns whether it had one.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn remove_logo(&self, org: &OrganisationId) -> Result<bool, StorageError> {
        let delete = "delete from letterhead_logos where organisation_id = $1";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let removed = sqlx::query(delete).bind(org.as_str()).execute(&mut *tx).await?.rows_affected();
            tx.commit().await?;
            Ok(removed > 0)
        })
    }
}
