//! Response drafts: a stage's response as the handler prepares it, task by task, with the
//! files uploaded for it (issue 10).
//!
//! A draft is not an event and is not in the audit chain. Each task's part is kept as the JSON
//! text the application gives (storage never reads inside it); each save moves the draft's
//! revision and records who saved it and when. When the response is recorded, the
//! application moves the draft's files into the record as attachments and names the draft in
//! [`Extras::draft`](crate::Extras), so that the draft is deleted in the transaction that
//! appends the response's event, and only if it is still at the revision the application read.

use jiff::Timestamp;
use redress_domain::complaint::StageNumber;
use redress_domain::ids::{AttachmentId, ComplaintId, OrganisationId, UserId};

use crate::correspondence::attachment_problem;
use crate::hashing::sha256_hex;
use crate::tx::BeginWrite;
use crate::values::{Instant, to_micros};
use crate::{Database, StorageError};

/// Which draft: a complaint's, for one stage's response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftKey {
    /// The complaint.
    pub complaint_id: ComplaintId,
    /// The stage whose response it drafts: a stage 2 response never picks up what was left
    /// of stage 1's.
    pub stage: StageNumber,
}

impl DraftKey {
    fn stage(&self) -> i32 {
        i32::from(u8::from(self.stage))
    }
}

/// Who saves a draft, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftSave {
    /// The member of staff saving it.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
}

/// A stored draft, without its files' bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseDraft {
    /// Who saved it last.
    pub saved_by: UserId,
    /// When it was saved last, to the microsecond.
    pub saved_at: Timestamp,
    /// Moves with every save: recording names the revision it read.
    pub revision: i64,
    /// Each task's part, as `(task, JSON)` in task order of their names.
    pub parts: Vec<(String, String)>,
    /// The files uploaded, oldest first.
    pub attachments: Vec<DraftAttachmentInfo>,
}

/// A file to keep with a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDraftAttachment {
    /// Its id, made by the caller: the id it keeps once moved into the record.
    pub id: AttachmentId,
    /// The file's name.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
    /// The bytes.
    pub content: Vec<u8>,
}

/// A file kept with a draft, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DraftAttachmentInfo {
    /// Its id.
    #[sqlx(try_from = "String")]
    pub id: AttachmentId,
    /// The file's name.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the bytes, lowercase hex, computed when it was kept.
    pub sha256: String,
    /// When it was kept.
    #[sqlx(try_from = "Instant")]
    pub created_at: Timestamp,
}

/// A file kept with a draft, with its bytes checked against its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftAttachment {
    /// What is known about it.
    pub info: DraftAttachmentInfo,
    /// The bytes.
    pub content: Vec<u8>,
}

#[derive(sqlx::FromRow)]
struct DraftAttachmentRow {
    #[sqlx(flatten)]
    info: DraftAttachmentInfo,
    content: Vec<u8>,
}

/// A draft that the change being written uses up: deleted with its parts and files in the
/// same transaction, if it is still at `revision`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsedDraft {
    /// Which draft.
    pub key: DraftKey,
    /// The revision the caller read.
    pub revision: i64,
}

#[derive(sqlx::FromRow)]
struct HeadRow {
    saved_by: String,
    saved_at: Instant,
    revision: i64,
}

/// Creates the draft `$key` of `$org` or moves its revision, as saved by `$save` ([`DraftSave`]),
/// on `$conn`.
macro_rules! touch_draft {
    ($conn:expr, $org:expr, $key:expr, $save:expr) => {
        sqlx::query(
            "insert into response_drafts (organisation_id, complaint_id, stage, saved_by, saved_at, revision)
             values ($1, $2, $3, $4, $5, 1)
             on conflict (organisation_id, complaint_id, stage) do update
             set saved_by = excluded.saved_by, saved_at = excluded.saved_at,
                 revision = response_drafts.revision + 1",
        )
        .bind($org.as_str())
        .bind($key.complaint_id.as_str())
        .bind($key.stage())
        .bind($save.by.as_str())
        .bind(Instant::new($save.at))
        .execute($conn)
        .await
        .map_err(StorageError::on_write("response draft"))
    };
}

/// Deletes the draft `$used` ([`UsedDraft`]) of `$org` with its parts and files on `$conn`, if
/// it is still at the revision read; else [`StorageError::Stale`].
macro_rules! delete_used_draft {
    ($conn:expr, $org:expr, $used:expr) => {{
        let used: &$crate::drafts::UsedDraft = $used;
        let (complaint, stage) = (used.key.complaint_id.as_str(), i32::from(u8::from(used.key.stage)));
        let deleted = sqlx::query(
            "delete from response_drafts
             where organisation_id = $1 and complaint_id = $2 and stage = $3 and revision = $4",
        )
        .bind($org.as_str())
        .bind(complaint)
        .bind(stage)
        .bind(used.revision);
        // The draft's parts and files first: they refer to it.
        for sql in [
            "delete from response_draft_parts where organisation_id = $1 and complaint_id = $2 and stage = $3",
            "delete from response_draft_attachments where organisation_id = $1 and complaint_id = $2 and stage = $3",
        ] {
            sqlx::query(sql).bind($org.as_str()).bind(complaint).bind(stage).execute(&mut *$conn).await?;
        }
        if deleted.execute(&mut *$conn).await?.rows_affected() == 0 {
            return Err($crate::StorageError::Stale { what: "response draft" });
        }
    }};
}
pub(crate) use delete_used_draft;

impl Database {
    /// Saves task `task`'s part (`fields`, JSON text) of draft `key` of organisation `org`,
    /// creating the draft if there is none, and moves its revision.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if `org` has no such complaint or the user does not
    /// exist; [`StorageError::InvalidInput`] if `fields` is not JSON.
    pub async fn save_draft_part(
        &self,
        org: &OrganisationId,
        key: &DraftKey,
        task: &str,
        fields: &str,
        save: &DraftSave,
    ) -> Result<(), StorageError> {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(fields) {
            return Err(StorageError::InvalidInput(format!("the draft's `{task}` part is not JSON: {e}")));
        }
        let upsert = "insert into response_draft_parts (organisation_id, complaint_id, stage, task, fields)
                      values ($1, $2, $3, $4, $5)
                      on conflict (organisation_id, complaint_id, stage, task) do update set fields = excluded.fields";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            touch_draft!(&mut *tx, org, key, save)?;
            sqlx::query(upsert)
                .bind(org.as_str())
                .bind(key.complaint_id.as_str())
                .bind(key.stage())
                .bind(task)
                .bind(fields)
                .execute(&mut *tx)
                .await
                .map_err(StorageError::on_write("response draft part"))?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Keeps the files `new` with draft `key` of organisation `org`, creating the draft if there
    /// is none, and moves its revision once: all of them in one transaction, or none (an upload
    /// of several files is one change). Returns what was stored, with each file's SHA-256.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] as [`Database::save_draft_part`];
    /// [`StorageError::Duplicate`] if an id is taken.
    pub async fn add_draft_attachments(
        &self,
        org: &OrganisationId,
        key: &DraftKey,
        new: &[NewDraftAttachment],
        save: &DraftSave,
    ) -> Result<Vec<DraftAttachmentInfo>, StorageError> {
        let infos = new
            .iter()
            .map(|file| {
                Ok(DraftAttachmentInfo {
                    id: file.id.clone(),
                    file_name: file.file_name.clone(),
                    media_type: file.media_type.clone(),
                    size_bytes: i64::try_from(file.content.len())
                        .map_err(|_| StorageError::InvalidInput("the attachment is too large".into()))?,
                    sha256: sha256_hex(&file.content),
                    created_at: to_micros(save.at),
                })
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        let insert = "insert into response_draft_attachments (id, organisation_id, complaint_id, stage, file_name,
                          media_type, size_bytes, sha256, content, created_at)
                      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            touch_draft!(&mut *tx, org, key, save)?;
            for (info, file) in infos.iter().zip(new) {
                sqlx::query(insert)
                    .bind(info.id.as_str())
                    .bind(org.as_str())
                    .bind(key.complaint_id.as_str())
                    .bind(key.stage())
                    .bind(&info.file_name)
                    .bind(&info.media_type)
                    .bind(info.size_bytes)
                    .bind(&info.sha256)
                    .bind(file.content.as_slice())
                    .bind(Instant(info.created_at))
                    .execute(&mut *tx)
                    .await
                    .map_err(StorageError::on_write("response draft attachment"))?;
            }
            tx.commit().await?;
            Ok::<(), StorageError>(())
        })?;
        Ok(infos)
    }

    /// Removes file `id` from draft `key` of organisation `org`, moving its revision.
    ///
    /// # Errors
    ///
    /// [`StorageError::NotFound`] if the draft has no such file (nothing is written).
    pub async fn remove_draft_attachment(
        &self,
        org: &OrganisationId,
        key: &DraftKey,
        id: &AttachmentId,
        save: &DraftSave,
    ) -> Result<(), StorageError> {
        let delete = "delete from response_draft_attachments
                      where organisation_id = $1 and complaint_id = $2 and stage = $3 and id = $4";
        db_run!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let removed = sqlx::query(delete)
                .bind(org.as_str())
                .bind(key.complaint_id.as_str())
                .bind(key.stage())
                .bind(id.as_str())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if removed == 0 {
                return Err(StorageError::NotFound { what: "attachment" });
            }
            touch_draft!(&mut *tx, org, key, save)?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Draft `key` of organisation `org`, if one is stored, read in one transaction.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn response_draft(
        &self,
        org: &OrganisationId,
        key: &DraftKey,
    ) -> Result<Option<ResponseDraft>, StorageError> {
        let head = "select saved_by, saved_at, revision from response_drafts
                    where organisation_id = $1 and complaint_id = $2 and stage = $3";
        let parts = "select task, fields from response_draft_parts
                     where organisation_id = $1 and complaint_id = $2 and stage = $3 order by task";
        let files = "select id, file_name, media_type, size_bytes, sha256, created_at from response_draft_attachments
                     where organisation_id = $1 and complaint_id = $2 and stage = $3 order by created_at, id";
        let (org, complaint, stage) = (org.as_str(), key.complaint_id.as_str(), key.stage());
        db_run!(self, pool => {
            let mut tx = pool.begin().await?;
            let head: Option<HeadRow> =
                sqlx::query_as(head).bind(org).bind(complaint).bind(stage).fetch_optional(&mut *tx).await?;
            let Some(head) = head else {
                return Ok(None);
            };
            let parts: Vec<(String, String)> =
                sqlx::query_as(parts).bind(org).bind(complaint).bind(stage).fetch_all(&mut *tx).await?;
            let attachments: Vec<DraftAttachmentInfo> =
                sqlx::query_as(files).bind(org).bind(complaint).bind(stage).fetch_all(&mut *tx).await?;
            tx.commit().await?;
            Ok(Some(ResponseDraft {
                saved_by: UserId::trusted(head.saved_by),
                saved_at: head.saved_at.0,
                revision: head.revision,
                parts,
                attachments,
            }))
        })
    }

    /// The files of draft `key` of organisation `org` with their bytes, oldest first, each
    /// checked against its SHA-256.
    ///
    /// # Errors
    ///
    /// [`StorageError::Integrity`] if a file's bytes no longer match it.
    pub async fn draft_attachments(
        &self,
        org: &OrganisationId,
        key: &DraftKey,
    ) -> Result<Vec<DraftAttachment>, StorageError> {
        let sql = "select id, file_name, media_type, size_bytes, sha256, created_at, content
                   from response_draft_attachments
                   where organisation_id = $1 and complaint_id = $2 and stage = $3 order by created_at, id";
        let rows: Vec<DraftAttachmentRow> = db_run!(self, pool => sqlx::query_as(sql)
            .bind(org.as_str())
            .bind(key.complaint_id.as_str())
            .bind(key.stage())
            .fetch_all(pool)
            .await)?;
        rows.into_iter()
            .map(|row| match attachment_problem(row.info.size_bytes, &row.info.sha256, &row.content) {
                Some(reason) => Err(StorageError::Integrity {
                    what: "response draft attachment",
                    id: row.info.id.to_string(),
                    reason,
                }),
                None => Ok(DraftAttachment { info: row.info, content: row.content }),
            })
            .collect()
    }
}
