//! The outbox's records: an email to queue and as stored, its files, its attempts, and the
//! rows they are read from. The queries are in the parent module.

use jiff::Timestamp;
use redress_domain::delivery::{AttemptOutcome, EmailState};
use redress_domain::ids::{AttachmentId, ComplaintId, CorrespondenceId, EmailId, OrganisationId};

use crate::StorageError;
use crate::values::Instant;

/// An email to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmail {
    /// Its id, made by the caller.
    pub id: EmailId,
    /// The complaint it is about.
    pub complaint_id: ComplaintId,
    /// The correspondence it sends (recorded before it, or in the same transaction).
    pub correspondence_id: CorrespondenceId,
    /// The addresses it goes to (at least one).
    pub recipients: Vec<String>,
    /// Its subject line.
    pub subject: String,
    /// The HTML part.
    pub html_body: String,
    /// The plain-text part.
    pub text_body: String,
    /// Its files, in order.
    pub attachments: Vec<NewEmailFile>,
    /// When it was queued: it is due at once.
    pub queued_at: Timestamp,
}

/// A file an email carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewEmailFile {
    /// Bytes kept with the email.
    Bytes {
        /// The file's name.
        file_name: String,
        /// Its media type.
        media_type: String,
        /// The bytes.
        content: Vec<u8>,
    },
    /// An attachment already stored (or stored in the same transaction) in the same
    /// organisation, such as the letter's PDF: kept once, its name, type, size and SHA-256
    /// taken from it, and its bytes checked against that SHA-256 when the email is sent.
    Stored(AttachmentId),
}

/// An email in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// Its id.
    pub id: EmailId,
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// The complaint.
    pub complaint_id: ComplaintId,
    /// The correspondence it sends.
    pub correspondence_id: CorrespondenceId,
    /// The addresses it goes to.
    pub recipients: Vec<String>,
    /// Its subject line.
    pub subject: String,
    /// The HTML part.
    pub html_body: String,
    /// The plain-text part.
    pub text_body: String,
    /// Where it stands.
    pub state: EmailState,
    /// When it was queued.
    pub queued_at: Timestamp,
    /// When its next attempt may be made (while waiting).
    pub due_at: Timestamp,
    /// How many attempts have been made.
    pub attempts: u32,
    /// When it was sent or failed.
    pub finished_at: Option<Timestamp>,
}

/// What is known about a file of an email, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailFileInfo {
    /// Its place among the email's files, from 1.
    pub position: u32,
    /// The file's name.
    pub file_name: String,
    /// Its media type.
    pub media_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// The stored attachment it is, if it is one.
    pub attachment_id: Option<AttachmentId>,
}

/// A file of an email with its bytes, checked against its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailFile {
    /// What is known about it.
    pub info: EmailFileInfo,
    /// The bytes.
    pub content: Vec<u8>,
}

/// One attempt to send an email, as made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmailAttempt {
    /// When it was made.
    pub attempted_at: Timestamp,
    /// What became of it.
    pub outcome: AttemptOutcome,
    /// The server's reply when accepted, else the error.
    pub detail: String,
    /// Which Redress instance made it (a host name, say).
    pub instance: String,
}

/// One attempt to send an email, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAttempt {
    /// The email.
    pub email_id: EmailId,
    /// 1 for the first attempt, and so on.
    pub number: u32,
    /// When it was made, what became of it, and where.
    pub attempt: NewEmailAttempt,
}

/// An email with its files and attempts, for the case page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailRecord {
    /// The email.
    pub email: Email,
    /// Its files, without their bytes.
    pub files: Vec<EmailFileInfo>,
    /// Its attempts, first first.
    pub attempts: Vec<EmailAttempt>,
}

#[derive(sqlx::FromRow)]
pub(super) struct EmailRow {
    id: String,
    organisation_id: String,
    complaint_id: String,
    correspondence_id: String,
    recipients: String,
    subject: String,
    html_body: String,
    text_body: String,
    state: String,
    queued_at: Instant,
    due_at: Instant,
    attempts: i32,
    finished_at: Option<Instant>,
}

impl TryFrom<EmailRow> for Email {
    type Error = StorageError;

    fn try_from(row: EmailRow) -> Result<Email, StorageError> {
        let broken = |reason: String| StorageError::Integrity { what: "email", id: row.id.clone(), reason };
        let recipients: Vec<String> =
            serde_json::from_str(&row.recipients).map_err(|e| broken(format!("unreadable recipients: {e}")))?;
        let state = row.state.parse().map_err(|e| broken(format!("{e}")))?;
        Ok(Email {
            id: EmailId::trusted(row.id),
            organisation_id: OrganisationId::trusted(row.organisation_id),
            complaint_id: ComplaintId::trusted(row.complaint_id),
            correspondence_id: CorrespondenceId::trusted(row.correspondence_id),
            recipients,
            subject: row.subject,
            html_body: row.html_body,
            text_body: row.text_body,
            state,
            queued_at: row.queued_at.0,
            due_at: row.due_at.0,
            attempts: u32::try_from(row.attempts).unwrap_or_default(),
            finished_at: row.finished_at.map(|at| at.0),
        })
    }
}

/// The columns of an [`EmailRow`].
pub(super) const EMAIL_COLUMNS: &str =
    "id, organisation_id, complaint_id, correspondence_id, recipients, subject, html_body,
    text_body, state, queued_at, due_at, attempts, finished_at";

#[derive(sqlx::FromRow)]
pub(super) struct FileRow {
    pub(super) position: i32,
    pub(super) file_name: String,
    pub(super) media_type: String,
    pub(super) size_bytes: i64,
    pub(super) sha256: String,
    pub(super) attachment_id: Option<String>,
}

impl From<FileRow> for EmailFileInfo {
    fn from(row: FileRow) -> EmailFileInfo {
        EmailFileInfo {
            position: u32::try_from(row.position).unwrap_or_default(),
            file_name: row.file_name,
            media_type: row.media_type,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            attachment_id: row.attachment_id.map(AttachmentId::trusted),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct AttemptRow {
    email_id: String,
    number: i32,
    attempted_at: Instant,
    outcome: String,
    detail: String,
    instance: String,
}

impl TryFrom<AttemptRow> for EmailAttempt {
    type Error = StorageError;

    fn try_from(row: AttemptRow) -> Result<EmailAttempt, StorageError> {
        let outcome = row.outcome.parse().map_err(|e| StorageError::Integrity {
            what: "email attempt",
            id: format!("{} {}", row.email_id, row.number),
            reason: format!("{e}"),
        })?;
        Ok(EmailAttempt {
            email_id: EmailId::trusted(row.email_id),
            number: u32::try_from(row.number).unwrap_or_default(),
            attempt: NewEmailAttempt {
                attempted_at: row.attempted_at.0,
                outcome,
                detail: row.detail,
                instance: row.instance,
            },
        })
    }
}
