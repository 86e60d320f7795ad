//! Organisations' own wording of their letters (`migrations/*/0025_letter_templates.sql`),
//! kept as versions: every save adds one, the newest is in use, and earlier ones stay, since a
//! letter issued under one is evidence of what the resident was sent. A version without a
//! source goes back to Redress's default wording.
//!
//! A letter's kind is stored by its name (`redress_letters::LetterKind::as_str`), which the
//! application gives and reads back; storage does not know the kinds.

use jiff::Timestamp;
use redress_domain::ids::{OrganisationId, UserId};

use crate::tx::BeginWrite;
use crate::values::Instant;
use crate::{Database, StorageError};

/// One saved version of an organisation's template of a letter kind.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LetterTemplateVersion {
    /// The letter kind's name.
    pub kind: String,
    /// 1 for the first save of the kind, then one more each save.
    pub version: i64,
    /// The template; `None` for Redress's default wording.
    pub source: Option<String>,
    /// Who saved it.
    #[sqlx(try_from = "String")]
    pub saved_by: UserId,
    /// Their name as their account has it now.
    pub saved_by_name: String,
    /// When, to the microsecond.
    #[sqlx(try_from = "Instant")]
    pub saved_at: Timestamp,
}

/// The select of [`LetterTemplateVersion`]s, with the saver's name, followed by `$rest`.
macro_rules! versions {
    ($rest:literal) => {
        concat!(
            "select t.kind, t.version, t.source, t.saved_by, u.name as saved_by_name, t.saved_at
             from letter_templates t join users u on u.id = t.saved_by ",
            $rest
        )
    };
}

impl Database {
    /// Saves `source` (`None`: Redress's default wording) as organisation `org`'s newest
    /// template of `kind`, saved by `by` at `at`, and returns its version number.
    ///
    /// # Errors
    ///
    /// [`StorageError::Duplicate`] if another save of the same kind took the version number
    /// first (try again); [`StorageError::MissingReference`] if there is no such organisation
    /// or user.
    pub async fn save_letter_template(
        &self,
        org: &OrganisationId,
        kind: &str,
        source: Option<&str>,
        by: &UserId,
        at: Timestamp,
    ) -> Result<i64, StorageError> {
        let insert = "insert into letter_templates (organisation_id, kind, version, source, saved_by, saved_at)
                      select $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5
                      from letter_templates where organisation_id = $1 and kind = $2
                      returning version";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let version: i64 = sqlx::query_scalar(insert)
                .bind(org.as_str())
                .bind(kind)
                .bind(source)
                .bind(by.as_str())
                .bind(Instant::new(at))
                .fetch_one(&mut *tx)
                .await
                .map_err(StorageError::on_write("letter template"))?;
            tx.commit().await?;
            Ok(version)
        })
    }

    /// Organisation `org`'s template of `kind` in use (its newest version), if it ever saved one.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn letter_template(
        &self,
        org: &OrganisationId,
        kind: &str,
    ) -> Result<Option<LetterTemplateVersion>, StorageError> {
        let sql = versions!("where t.organisation_id = $1 and t.kind = $2 order by t.version desc limit 1");
        Ok(db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(kind).fetch_optional(pool).await)?)
    }

    /// The template in use of every kind organisation `org` ever saved one of, by kind name.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn letter_templates_in_use(
        &self,
        org: &OrganisationId,
    ) -> Result<Vec<LetterTemplateVersion>, StorageError> {
        let sql = versions!(
            "where t.organisation_id = $1
             and t.version = (select max(n.version) from letter_templates n
                              where n.organisation_id = t.organisation_id and n.kind = t.kind)
             order by t.kind"
        );
        Ok(db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).fetch_all(pool).await)?)
    }

    /// Every version of organisation `org`'s template of `kind`, newest first.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn letter_template_versions(
        &self,
        org: &OrganisationId,
        kind: &str,
    ) -> Result<Vec<LetterTemplateVersion>, StorageError> {
        let sql = versions!("where t.organisation_id = $1 and t.kind = $2 order by t.version desc");
        Ok(db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(kind).fetch_all(pool).await)?)
    }
}
