//! Correspondence in and out of a complaint, and the files attached to it
//! (Code 5.12).
//!
//! Each correspondence item carries the SHA-256 of its content, and each
//! attachment the SHA-256 of its bytes, computed here when stored. Reading an
//! attachment checks its bytes again, and `verify_audit` checks both.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use redress_domain::ids::{AttachmentId, ComplaintId, CorrespondenceId, OrganisationId};

use crate::hashing::{CorrespondenceFields, correspondence_hash, sha256_hex};
use crate::values::{Instant, to_micros};
use crate::{Database, StorageError};

/// Which way correspondence went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// From the resident (or their representative) to the landlord.
    In,
    /// From the landlord.
    Out,
}

impl Direction {
    /// The text stored: `in` or `out`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Direction {
    type Err = StorageError;

    fn from_str(text: &str) -> Result<Direction, StorageError> {
        match text {
            "in" => Ok(Direction::In),
            "out" => Ok(Direction::Out),
            other => Err(StorageError::InvalidInput(format!("unknown direction `{other}`"))),
        }
    }
}

/// Correspondence to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCorrespondence {
    /// Its id, made by the caller.
    pub id: CorrespondenceId,
    /// The complaint it belongs to.
    pub complaint_id: ComplaintId,
    /// In or out.
    pub direction: Direction,
    /// Email, letter, phone…, as the application names it.
    pub channel: String,
    /// A subject line or a one-line summary (of a call, say).
    pub subject: String,
    /// The text: the email or letter, or a note of the call.
    pub body: String,
    /// When it was sent, received or took place.
    pub occurred_at: Timestamp,
    /// When it was recorded here.
    pub recorded_at: Timestamp,
}

impl NewCorrespondence {
    /// The row to store for organisation `org`, with its content hash.
    pub(crate) fn row(&self, org: &OrganisationId) -> CorrespondenceRow {
        let row = CorrespondenceRow {
            id: self.id.to_string(),
            organisation_id: org.to_string(),
            complaint_id: self.complaint_id.to_string(),
            direction: self.direction.as_str().to_owned(),
            channel: self.channel.clone(),
            subject: self.subject.clone(),
            body: self.body.clone(),
            occurred_at: Instant::new(self.occurred_at),
            recorded_at: Instant::new(self.recorded_at),
            hash: String::new(),
        };
        CorrespondenceRow { hash: row.expected_hash(), ..row }
    }

    /// The SHA-256 its stored row will carry in organisation `org`: the
    /// application puts it in the event that records the correspondence, so
    /// that the complaint's chain covers the text.
    pub fn content_hash(&self, org: &OrganisationId) -> String {
        self.row(org).hash
    }
}

/// Stored correspondence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correspondence {
    /// Its id.
    pub id: CorrespondenceId,
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// The complaint.
    pub complaint_id: ComplaintId,
    /// In or out.
    pub direction: Direction,
    /// The channel.
    pub channel: String,
    /// Subject or summary.
    pub subject: String,
    /// The text.
    pub body: String,
    /// When it happened (to the microsecond).
    pub occurred_at: Timestamp,
    /// When it was recorded (to the microsecond).
    pub recorded_at: Timestamp,
    /// SHA-256 of its content (see `hashing.rs`): the application may put it
    /// in an event's payload to bring the item into the complaint's chain.
    pub hash: String,
}

/// A correspondence row as stored, its ids as text: its hash is over that text, and the
/// audit checks rows as they are (they may have been tampered with).
#[derive(sqlx::FromRow)]
pub(crate) struct CorrespondenceRow {
    pub(crate) id: String,
    pub(crate) organisation_id: String,
    pub(crate) complaint_id: String,
    pub(crate) direction: String,
    pub(crate) channel: String,
    pub(crate) subject: String,
    pub(crate) body: String,
    pub(crate) occurred_at: Instant,
    pub(crate) recorded_at: Instant,
    pub(crate) hash: String,
}

impl CorrespondenceRow {
    /// The hash its content should have.
    pub(crate) fn expected_hash(&self) -> String {
        correspondence_hash(&CorrespondenceFields {
            id: &self.id,
            organisation_id: &self.organisation_id,
            complaint_id: &self.complaint_id,
            direction: &self.direction,
            channel: &self.channel,
            subject: &self.subject,
            body: &self.body,
            occurred_at: self.occurred_at.0,
            recorded_at: self.recorded_at.0,
        })
    }
}

impl TryFrom<CorrespondenceRow> for Correspondence {
    type Error = StorageError;

    fn try_from(row: CorrespondenceRow) -> Result<Correspondence, StorageError> {
        Ok(Correspondence {
            direction: row.direction.parse().map_err(|_| StorageError::Integrity {
                what: "correspondence",
                id: row.id.clone(),
                reason: format!("unknown direction `{}`", row.direction),
            })?,
            id: CorrespondenceId::trusted(row.id),
            organisation_id: OrganisationId::trusted(row.organisation_id),
            complaint_id: ComplaintId::trusted(row.complaint_id),
            channel: row.channel,
            subject: row.subject,
            body: row.body,
            occurred_at: row.occurred_at.0,
            recorded_at: row.recorded_at.0,
            hash: row.hash,
        })
    }
}

/// `select` of correspondence columns, followed by `$rest`.
macro_rules! select_correspondence {
    ($rest:literal) => {
        concat!(
            "select id, organisation_id, complaint_id, direction, channel, subject, body, occurred_at, recorded_at, ",
            "hash from correspondence ",
            $rest
        )
    };
}
pub(crate) use select_correspondence;

/// The `insert` of correspondence rows, one for each [`CorrespondenceRow`] reference of
/// `$rows`: a [`sqlx::QueryBuilder`] to build and run; one row or many, the columns are listed once.
macro_rules! correspondence_rows {
    ($rows:expr) => {{
        let mut insert = sqlx::QueryBuilder::new(
            "insert into correspondence (id, organisation_id, complaint_id, direction, channel, subject, body,
                 occurred_at, recorded_at, hash) ",
        );
        insert.push_values($rows, |mut values, row: &$crate::correspondence::CorrespondenceRow| {
            values
                .push_bind(row.id.as_str())
                .push_bind(row.organisation_id.as_str())
                .push_bind(row.complaint_id.as_str())
                .push_bind(row.direction.as_str())
                .push_bind(row.channel.as_str())
                .push_bind(row.subject.as_str())
                .push_bind(row.body.as_str())
                .push_bind(row.occurred_at)
                .push_bind(row.recorded_at)
                .push_bind(row.hash.as_str());
        });
        insert
    }};
}
pub(crate) use correspondence_rows;

/// Inserts a [`CorrespondenceRow`] (`$row`) on `$conn`.
macro_rules! insert_correspondence {
    ($conn:expr, $row:expr) => {
        $crate::correspondence::correspondence_rows!(std::iter::once(&$row))
            .build()
            .execute($conn)
            .await
            .map(|_| ())
            .map_err($crate::StorageError::on_write("correspondence"))
    };
}
pub(crate) use insert_correspondence;

/// The `insert` of attachments, one for each `(info, content)` of `$rows`: an
/// [`AttachmentInfo`] reference and its bytes. A [`sqlx::QueryBuilder`] to build and run;
/// one row or many, the columns are listed once.
macro_rules! attachment_rows {
    ($rows:expr) => {{
        let mut insert = sqlx::QueryBuilder::new(
            "insert into attachments (id, organisation_id, correspondence_id, file_name, media_type, size_bytes,
                 sha256, content, created_at) ",
        );
        insert.push_values($rows, |mut values, (info, content): (&$crate::correspondence::AttachmentInfo, &[u8])| {
            values
                .push_bind(info.id.as_str())
                .push_bind(info.organisation_id.as_str())
                .push_bind(info.correspondence_id.as_str())
                .push_bind(info.file_name.as_str())
                .push_bind(info.media_type.as_str())
                .push_bind(info.size_bytes)
                .push_bind(info.sha256.as_str())
                .push_bind(content)
                .push_bind($crate::values::Instant(info.created_at));
        });
        insert
    }};
}
pub(crate) use attachment_rows;

/// Inserts an attachment (`$info`, an [`AttachmentInfo`], with bytes `$content`) on `$conn`.
macro_rules! insert_attachment {
    ($conn:expr, $info:expr, $content:expr) => {
        $crate::correspondence::attachment_rows!(std::iter::once((&$info, $content)))
            .build()
            .execute($conn)
            .await
            .map(|_| ())
            .map_err($crate::StorageError::on_write("attachment"))
    };
}
pub(crate) use insert_attachment;

/// A file to attach to correspondence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    /// Its id, made by the caller.
    pub id: AttachmentId,
    /// The correspondence it belongs to.
    pub correspondence_id: CorrespondenceId,
    /// The file's name as received or sent.
    pub file_name: String,
    /// Its media type (`application/pdf`…).
    pub media_type: String,
    /// The bytes.
    pub content: Vec<u8>,
    /// The SHA-256 (hex) the caller computed or was given, if any: storing
    /// fails if the bytes do not match it.
    pub expected_sha256: Option<String>,
    /// When it was stored.
    pub created_at: Timestamp,
}

/// A stored attachment, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    /// Its id.
    pub id: AttachmentId,
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// The correspondence it belongs to.
    pub correspondence_id: CorrespondenceId,
    /// The file's name.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// When it was stored.
    pub created_at: Timestamp,
}

/// An [`AttachmentInfo`] as read back.
#[derive(sqlx::FromRow)]
struct AttachmentInfoRow {
    id: String,
    organisation_id: String,
    correspondence_id: String,
    file_name: String,
    media_type: String,
    size_bytes: i64,
    sha256: String,
    created_at: Instant,
}

impl From<AttachmentInfoRow> for AttachmentInfo {
    fn from(row: AttachmentInfoRow) -> AttachmentInfo {
        AttachmentInfo {
            id: AttachmentId::trusted(row.id),
            organisation_id: OrganisationId::trusted(row.organisation_id),
            correspondence_id: CorrespondenceId::trusted(row.correspondence_id),
            file_name: row.file_name,
            media_type: row.media_type,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            created_at: row.created_at.0,
        }
    }
}

/// A stored attachment with its bytes, checked against its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// What is known about it.
    pub info: AttachmentInfo,
    /// The bytes.
    pub content: Vec<u8>,
}

#[derive(sqlx::FromRow)]
struct AttachmentRow {
    #[sqlx(flatten)]
    info: AttachmentInfoRow,
    content: Vec<u8>,
}

/// `select` of attachment columns without the bytes.
const ATTACHMENT_INFO: &str =
    "select id, organisation_id, correspondence_id, file_name, media_type, size_bytes, sha256, created_at";

impl NewAttachment {
    /// What will be stored about it in organisation `org`, with the SHA-256
    /// of its bytes computed here.
    ///
    /// # Errors
    ///
    /// [`StorageError::InvalidInput`] if `expected_sha256` is given and the
    /// bytes do not match it, or there are too many of them.
    pub fn info(&self, org: &OrganisationId) -> Result<AttachmentInfo, StorageError> {
        let sha256 = sha256_hex(&self.content);
        if let Some(expected) = &self.expected_sha256
            && !expected.eq_ignore_ascii_case(&sha256)
        {
            return Err(StorageError::InvalidInput(format!(
                "the attachment's bytes hash to {sha256}, not the {expected} given"
            )));
        }
        let size_bytes = i64::try_from(self.content.len())
            .map_err(|_| StorageError::InvalidInput("the attachment is too large".into()))?;
        Ok(AttachmentInfo {
            id: self.id.clone(),
            organisation_id: org.clone(),
            correspondence_id: self.correspondence_id.clone(),
            file_name: self.file_name.clone(),
            media_type: self.media_type.clone(),
            size_bytes,
            sha256,
            created_at: to_micros(self.created_at),
        })
    }
}

/// Why the stored bytes of an attachment do not match what was recorded
/// about them, if they do not.
pub(crate) fn attachment_problem(size_bytes: i64, sha256: &str, content: &[u8]) -> Option<String> {
    let actual = sha256_hex(content);
    if actual != sha256 {
        Some(format!("its bytes hash to {actual}, not the {sha256} recorded"))
    } else if i64::try_from(content.len()).ok() != Some(size_bytes) {
        Some(format!("it has {} bytes, not the {size_bytes} recorded", content.len()))
    } else {
        None
    }
}

impl Database {
    /// Records correspondence on a complaint of organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::MissingReference`] if `org` has no such complaint;
    /// [`StorageError::Duplicate`] if the id is taken.
    pub async fn record_correspondence(
        &self,
        org: &OrganisationId,
        new: &NewCorrespondence,
    ) -> Result<Correspondence, StorageError> {
        let row = new.row(org);
        db_run!(self, pool => insert_correspondence!(pool, row))?;
        Correspondence::try_from(row)
    }

    /// The correspondence item with this id in organisation `org`.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_correspondence(
        &self,
        org: &OrganisationId,
        id: &CorrespondenceId,
    ) -> Result<Option<Correspondence>, StorageError> {
        let sql = select_correspondence!("where organisation_id = $1 and id = $2");
        let row: Option<CorrespondenceRow> =
            db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(id.as_str()).fetch_optional(pool).await)?;
        row.map(Correspondence::try_from).transpose()
    }

    /// The correspondence of a complaint of organisation `org`, oldest
    /// first.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_correspondence(
        &self,
        org: &OrganisationId,
        complaint_id: &ComplaintId,
    ) -> Result<Vec<Correspondence>, StorageError> {
        let sql = select_correspondence!("where organisation_id = $1 and complaint_id = $2 order by occurred_at, id");
        let rows: Vec<CorrespondenceRow> = db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(complaint_id.as_str()).fetch_all(pool).await)?;
        rows.into_iter().map(Correspondence::try_from).collect()
    }

    /// The correspondence of a complaint of organisation `org`, oldest
    /// first, each with its attachments (without their bytes), in two
    /// queries whatever their number.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn correspondence_with_attachments(
        &self,
        org: &OrganisationId,
        complaint_id: &ComplaintId,
    ) -> Result<Vec<(Correspondence, Vec<AttachmentInfo>)>, StorageError> {
        let items = self.list_correspondence(org, complaint_id).await?;
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let sql = "select a.id, a.organisation_id, a.correspondence_id, a.file_name, a.media_type, a.size_bytes,
                       a.sha256, a.created_at
                   from attachments a join correspondence c on c.id = a.correspondence_id
                   where c.organisation_id = $1 and c.complaint_id = $2 order by a.file_name, a.id";
        let files: Vec<AttachmentInfoRow> = db_run!(self, pool => sqlx::query_as(sql).bind(org.as_str()).bind(complaint_id.as_str()).fetch_all(pool).await)?;
        let files: Vec<AttachmentInfo> = files.into_iter().map(AttachmentInfo::from).collect();
        Ok(items
            .into_iter()
            .map(|item| {
                let own = files.iter().filter(|f| f.correspondence_id == item.id).cloned().collect();
                (item, own)
            })
            .collect())
    }

    /// Stores a file attached to correspondence of organisation `org`,
    /// with the SHA-256 of its bytes computed here.
    ///
    /// # Errors
    ///
    /// [`StorageError::InvalidInput`] if `expected_sha256` is given and the
    /// bytes do not match it; [`StorageError::MissingReference`] if `org` has
    /// no such correspondence; [`StorageError::Duplicate`] if the id is taken.
    pub async fn add_attachment(
        &self,
        org: &OrganisationId,
        new: &NewAttachment,
    ) -> Result<AttachmentInfo, StorageError> {
        let info = new.info(org)?;
        db_run!(self, pool => insert_attachment!(pool, info, new.content.as_slice()))?;
        Ok(info)
    }

    /// The attachment with this id in organisation `org`, with its bytes,
    /// after checking them against the SHA-256 recorded when it was stored.
    ///
    /// # Errors
    ///
    /// [`StorageError::Integrity`] if the bytes no longer match;
    /// [`StorageError::Query`] if the database fails.
    pub async fn get_attachment(
        &self,
        org: &OrganisationId,
        id: &AttachmentId,
    ) -> Result<Option<Attachment>, StorageError> {
        let sql = format!("{ATTACHMENT_INFO}, content from attachments where organisation_id = $1 and id = $2");
        let row: Option<AttachmentRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.as_str())
            .bind(id.as_str())
            .fetch_optional(pool)
            .await)?;
        let Some(row) = row else { return Ok(None) };
        if let Some(reason) = attachment_problem(row.info.size_bytes, &row.info.sha256, &row.content) {
            return Err(StorageError::Integrity { what: "attachment", id: row.info.id, reason });
        }
        Ok(Some(Attachment { info: row.info.into(), content: row.content }))
    }

    /// The attachments of a correspondence item of organisation `org`,
    /// without their bytes.
    ///
    /// # Errors
    ///
    /// [`StorageError::Query`] if the database fails.
    pub async fn list_attachments(
        &self,
        org: &OrganisationId,
        correspondence_id: &CorrespondenceId,
    ) -> Result<Vec<AttachmentInfo>, StorageError> {
        let sql = format!(
            "{ATTACHMENT_INFO} from attachments where organisation_id = $1 and correspondence_id = $2 order by file_name, id"
        );
        let rows: Vec<AttachmentInfoRow> = db_run!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(org.as_str())
            .bind(correspondence_id.as_str())
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(AttachmentInfo::from).collect())
    }
}
