//! Correspondence in and out of a complaint, with its attachments (Code 5.12).
//!
//! The text and the files are stored beside the complaint's events, each with its SHA-256, and
//! the event that records the correspondence carries those hashes, which brings the text and
//! every file into the complaint's hash chain. Text, files and event are written in one
//! transaction, after the domain has decided, so a refused request stores nothing.

use jiff::Timestamp;
use redress_domain::complaint::{
    Channel, Command, CorrespondenceEvidence, Direction, FileEvidence, RecordCorrespondence,
};
use redress_domain::ids::{AttachmentId, ComplaintId, CorrespondenceId, OrganisationId};
use redress_storage::{
    Attachment, AttachmentInfo, Correspondence, Direction as StoredDirection, Extras, NewAttachment, NewCorrespondence,
    sha256_hex,
};

use crate::ids::{id_for_key, nth_id_for_key};
use crate::keys::{Answer, RequestKey};
use crate::{Actor, App, AppError, ComplaintView, Permission, Stated};

/// Correspondence to record on a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrespondenceInput {
    /// In or out.
    pub direction: Direction,
    /// How it was sent or received.
    pub channel: Channel,
    /// A subject line or a one-line summary (of a call, say): it goes into the record's event.
    pub subject: String,
    /// The text: the email or letter, or a note of the call.
    pub body: String,
    /// When it was sent, received or took place (default: now).
    pub occurred_at: Option<Timestamp>,
    /// Files attached to it.
    pub attachments: Vec<AttachmentInput>,
}

/// A file attached to correspondence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInput {
    /// The file's name.
    pub file_name: String,
    /// Its media type, such as `application/pdf`.
    pub media_type: String,
    /// The bytes.
    pub content: Vec<u8>,
    /// The SHA-256 (hex) the sender computed, if any: the request is refused when the bytes
    /// do not match it.
    pub sha256: Option<String>,
}

/// One item of correspondence with its attachments (without their bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrespondenceRecord {
    /// The correspondence.
    pub item: Correspondence,
    /// Its attachments.
    pub attachments: Vec<AttachmentInfo>,
}

/// Correspondence ready to record: its row, its files, the command that brings it into the
/// complaint's record, and when it took place.
pub(crate) struct Prepared {
    pub new: NewCorrespondence,
    pub attachments: Vec<NewAttachment>,
    pub command: Command,
    pub at: Timestamp,
}

/// The hashes the event recording `new` carries: of its stored text and of each file.
fn evidence_of(
    org: &OrganisationId,
    new: &NewCorrespondence,
    attachments: &[NewAttachment],
) -> Result<CorrespondenceEvidence, AppError> {
    let mut files = Vec::with_capacity(attachments.len());
    for attachment in attachments {
        let info = attachment.info(org)?;
        let size_bytes = u64::try_from(info.size_bytes).unwrap_or_default();
        files.push(FileEvidence { id: info.id.into(), sha256: info.sha256, size_bytes });
    }
    Ok(CorrespondenceEvidence { sha256: new.content_hash(org), attachments: files })
}

/// Refuses a file without a name or a media type, or whose bytes do not match the SHA-256 given.
pub(crate) fn check_attachment(attachment: &AttachmentInput) -> Result<(), AppError> {
    if attachment.file_name.trim().is_empty() {
        return Err(AppError::Invalid("an attachment needs a file name".into()));
    }
    if attachment.media_type.trim().is_empty() {
        return Err(AppError::Invalid(format!("attachment '{}' needs a media type", attachment.file_name)));
    }
    if let Some(expected) = &attachment.sha256 {
        let actual = sha256_hex(&attachment.content);
        if !expected.trim().eq_ignore_ascii_case(&actual) {
            return Err(AppError::Invalid(format!(
                "the bytes of attachment '{}' hash to {actual}, not the {expected} given",
                attachment.file_name
            )));
        }
    }
    Ok(())
}

impl App {
    /// Records correspondence on a complaint of the caller's organisation, stores its
    /// attachments with their SHA-256, and adds it to the complaint's record.
    pub async fn record_correspondence(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        input: CorrespondenceInput,
    ) -> Result<ComplaintView, AppError> {
        Ok(self.record_correspondence_keyed(actor, complaint_id, input, None).await?.view)
    }

    /// As [`App::record_correspondence`], once per idempotency key. The text, the files and
    /// the event that records them (carrying their hashes) are written in one transaction,
    /// after the domain has decided: a refused or interrupted request leaves nothing behind.
    pub async fn record_correspondence_keyed(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        input: CorrespondenceInput,
        key: Option<&RequestKey>,
    ) -> Result<Answer, AppError> {
        actor.require(Permission::ChangeCases)?;
        let scope = actor.scope.clone();
        let Prepared { new, attachments, command, at } =
            self.prepare_correspondence(&scope.landlord, complaint_id, input, actor, key)?;
        let id = new.id.clone();
        let extras = Extras { correspondence: Some(&new), attachments: &attachments, ..Extras::default() };
        let answer = self
            .keyed(
                actor,
                key,
                self.commit(actor, &scope, complaint_id, vec![command], &Stated::at(Some(at)), key, extras),
            )
            .await?;
        tracing::info!(complaint = %complaint_id, correspondence = %id, "correspondence recorded");
        Ok(answer)
    }

    /// The correspondence to store from `input`, with its files, and the command that brings
    /// it into the record of complaint `complaint_id` of `org`, carrying their hashes. With a
    /// key, the ids are derived from it, so that a retry's rows collide rather than double.
    pub(crate) fn prepare_correspondence(
        &self,
        org: &OrganisationId,
        complaint_id: &ComplaintId,
        input: CorrespondenceInput,
        actor: &Actor,
        key: Option<&RequestKey>,
    ) -> Result<Prepared, AppError> {
        input.check_texts()?;
        let subject = input.subject.trim().to_owned();
        if subject.is_empty() {
            return Err(AppError::Invalid("correspondence needs a subject or a one-line summary".into()));
        }
        for attachment in &input.attachments {
            check_attachment(attachment)?;
        }
        let id = CorrespondenceId::trusted(
            key.map_or_else(|| self.new_id(), |key| id_for_key(&actor.organisation_id, &key.key, &key.fingerprint)),
        );
        let now = self.now();
        let at = input.occurred_at.unwrap_or(now);
        let new = NewCorrespondence {
            id: id.clone(),
            complaint_id: complaint_id.clone(),
            direction: match input.direction {
                Direction::Incoming => StoredDirection::In,
                Direction::Outgoing => StoredDirection::Out,
            },
            channel: input.channel.as_str().to_owned(),
            subject: subject.clone(),
            body: input.body,
            occurred_at: at,
            recorded_at: now,
        };
        let attachments: Vec<NewAttachment> = input
            .attachments
            .into_iter()
            .enumerate()
            .map(|(n, attachment)| NewAttachment {
                id: AttachmentId::trusted(if key.is_some() { nth_id_for_key(&id, n + 1) } else { self.new_id() }),
                correspondence_id: id.clone(),
                file_name: attachment.file_name.trim().to_owned(),
                media_type: attachment.media_type.trim().to_owned(),
                content: attachment.content,
                expected_sha256: attachment.sha256,
                created_at: now,
            })
            .collect();
        let evidence = evidence_of(org, &new, &attachments)?;
        let command = Command::RecordCorrespondence(RecordCorrespondence {
            correspondence: id.into(),
            direction: input.direction,
            channel: input.channel,
            summary: subject,
            evidence: Some(evidence),
        });
        Ok(Prepared { new, attachments, command, at })
    }

    /// The correspondence of a complaint of the caller's organisation, oldest first.
    pub async fn correspondence(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
    ) -> Result<Vec<CorrespondenceRecord>, AppError> {
        let scope = actor.scope.clone();
        self.complaint_row(&scope, complaint_id).await?;
        self.correspondence_of(&scope.landlord, complaint_id).await
    }

    /// The correspondence of a complaint already found within the caller's scope.
    pub(crate) async fn correspondence_of(
        &self,
        org: &OrganisationId,
        complaint_id: &ComplaintId,
    ) -> Result<Vec<CorrespondenceRecord>, AppError> {
        let items = self.db().correspondence_with_attachments(org, complaint_id).await?;
        Ok(items.into_iter().map(|(item, attachments)| CorrespondenceRecord { item, attachments }).collect())
    }

    /// An attachment with its bytes, checked against its SHA-256, if it belongs to that
    /// correspondence of that complaint of the caller's organisation.
    pub async fn attachment(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        correspondence_id: &CorrespondenceId,
        attachment_id: &AttachmentId,
    ) -> Result<Attachment, AppError> {
        let scope = actor.scope.clone();
        let org = &scope.landlord;
        if scope.is_agent() {
            self.complaint_row(&scope, complaint_id).await?;
        }
        let item = self.db().get_correspondence(org, correspondence_id).await?;
        if item.is_none_or(|c| c.complaint_id != *complaint_id) {
            return Err(AppError::NotFound("correspondence"));
        }
        let attachment = self.db().get_attachment(org, attachment_id).await?;
        attachment.filter(|a| a.info.correspondence_id == *correspondence_id).ok_or(AppError::NotFound("attachment"))
    }
}
