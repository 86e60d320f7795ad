//! Response drafts (issue 10): a stage's response saved as the handler prepares it, task by
//! task, so that leaving the page, a closed tab or signing in again loses nothing.
//!
//! A draft is not an event: nothing of it is in the complaint's record until the response is
//! recorded. Each task's part is kept as the fields were typed (what the pages read back into
//! the task's form), so a part that does not pass its task's checks is kept too. Files
//! uploaded for the response letter are kept with the draft; recording the response moves
//! them into the record as the letter's attachments (the correspondence path, their hashes in
//! its event) and deletes the draft, in the transaction that appends the response's event.
//!
//! Only someone who may respond on the case may save its draft or record from it: the rule of
//! responding (the permission to change cases, the case in their scope, the stage awaiting its
//! response and, at stage 2, no one who took part in stage 1; Code 6.13). Anyone who may change
//! the case may read it while the stage awaits its response, as they may read the case.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use redress_domain::complaint::{Channel, Command, Direction, Respond, StageNumber, may_respond};
use redress_domain::ids::{AttachmentId, ComplaintId, OrganisationId, UserId};
use redress_storage::{DraftAttachmentInfo, DraftKey, DraftSave, Extras, NewDraftAttachment, UsedDraft};

use crate::correspondence::{Prepared, check_attachment};
use crate::{Actor, App, AppError, AttachmentInput, ComplaintView, CorrespondenceInput, Permission, Stated};

/// The tasks a response is prepared in, each saved as its own part of the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseTask {
    /// The decision on the complaint and on each point.
    Decisions,
    /// The remedies, or why there is none.
    Remedies,
    /// The outstanding actions, or none.
    Actions,
    /// How to escalate.
    Escalation,
    /// When the response was sent.
    Sent,
    /// The letter sent and its attachments.
    Letter,
}

impl ResponseTask {
    /// Every task, in the order the task list shows them.
    pub const ALL: [ResponseTask; 6] = [
        ResponseTask::Decisions,
        ResponseTask::Remedies,
        ResponseTask::Actions,
        ResponseTask::Escalation,
        ResponseTask::Sent,
        ResponseTask::Letter,
    ];

    /// The name stored and used in the task's address.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseTask::Decisions => "decisions",
            ResponseTask::Remedies => "remedies",
            ResponseTask::Actions => "actions",
            ResponseTask::Escalation => "escalation",
            ResponseTask::Sent => "sent",
            ResponseTask::Letter => "letter",
        }
    }
}

impl fmt::Display for ResponseTask {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ResponseTask {
    type Err = AppError;

    fn from_str(text: &str) -> Result<ResponseTask, AppError> {
        ResponseTask::ALL.into_iter().find(|t| t.as_str() == text).ok_or(AppError::NotFound("task"))
    }
}

/// The fields of one task as typed: `(name, value)` pairs, names repeating for several values.
pub type DraftFields = Vec<(String, String)>;

/// A complaint's response draft for its current stage, empty if none has been saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseDraft {
    /// The stage whose response it drafts.
    pub stage: StageNumber,
    /// Who saved it last and when, if it has been saved.
    pub saved: Option<(UserId, Timestamp)>,
    /// Moves with every save: recording names the revision it read, and is refused if the
    /// draft has been saved again since.
    pub revision: i64,
    /// Each task saved, with its fields.
    pub parts: Vec<(ResponseTask, DraftFields)>,
    /// The files uploaded for the letter, oldest first.
    pub attachments: Vec<DraftAttachmentInfo>,
}

impl ResponseDraft {
    /// Task `task`'s fields, if it has been saved.
    pub fn part(&self, task: ResponseTask) -> Option<&DraftFields> {
        self.parts.iter().find(|(t, _)| *t == task).map(|(_, fields)| fields)
    }
}

/// How the response letter went out, for the correspondence recorded with the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseLetter {
    /// How it was sent.
    pub channel: Channel,
    /// Its subject line.
    pub subject: String,
}

/// A response to record from its draft, as the pages read its tasks again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftedResponse {
    /// The response.
    pub respond: Respond,
    /// When it was sent, and why it is recorded late if it is.
    pub stated: Stated,
    /// The letter, recorded as outgoing correspondence carrying the draft's files; `None`
    /// records no letter (and is refused if the draft holds files).
    pub letter: Option<ResponseLetter>,
    /// The revision of the draft read.
    pub revision: i64,
}

impl App {
    /// The complaint and its draft's key, if `actor` may read the draft (`writing` false:
    /// anyone who may change cases, while the stage awaits its response) or save it and
    /// record from it (`writing`: by the rule of responding, Code 6.13 included).
    async fn drafting(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        writing: bool,
    ) -> Result<(ComplaintView, DraftKey), AppError> {
        actor.require(Permission::ChangeCases)?;
        let view = self.complaint(actor, complaint_id).await?;
        let stage = may_respond(&view.complaint, writing.then_some(&actor.user_id))?;
        Ok((view, DraftKey { complaint_id: complaint_id.clone(), stage }))
    }

    fn saving(&self, actor: &Actor) -> DraftSave {
        DraftSave { by: actor.user_id.clone(), at: self.now() }
    }

    /// A complaint of the caller's organisation with its response draft (empty if none was
    /// saved), if the caller may respond on it.
    pub async fn response_draft(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
    ) -> Result<(ComplaintView, ResponseDraft), AppError> {
        let (view, key) = self.drafting(actor, complaint_id, false).await?;
        let stored = self.db().response_draft(&actor.scope.landlord, &key).await?;
        let mut draft =
            ResponseDraft { stage: key.stage, saved: None, revision: 0, parts: Vec::new(), attachments: Vec::new() };
        if let Some(stored) = stored {
            draft.saved = Some((stored.saved_by, stored.saved_at));
            draft.revision = stored.revision;
            draft.attachments = stored.attachments;
            for (task, json) in stored.parts {
                let fields: DraftFields = serde_json::from_str(&json)
                    .map_err(|e| AppError::Corrupt(format!("the draft's `{task}` part: {e}")))?;
                draft.parts.push((task.parse()?, fields));
            }
        }
        Ok((view, draft))
    }

    /// Saves task `task`'s fields as typed into the caller's draft of the complaint's
    /// response, whether or not they pass the task's checks (which the pages make).
    pub async fn save_draft_part(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        task: ResponseTask,
        fields: &DraftFields,
    ) -> Result<(), AppError> {
        let (_, key) = self.drafting(actor, complaint_id, true).await?;
        let json = serde_json::to_string(fields).map_err(|e| AppError::Invalid(e.to_string()))?;
        self.db().save_draft_part(&actor.scope.landlord, &key, task.as_str(), &json, &self.saving(actor)).await?;
        Ok(())
    }

    /// Keeps `files` with the complaint's response draft, until the response is recorded.
    pub async fn add_draft_attachments(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        files: Vec<AttachmentInput>,
    ) -> Result<Vec<DraftAttachmentInfo>, AppError> {
        let (_, key) = self.drafting(actor, complaint_id, true).await?;
        files.iter().try_for_each(check_attachment)?;
        let new: Vec<NewDraftAttachment> = files
            .into_iter()
            .map(|file| NewDraftAttachment {
                id: AttachmentId::trusted(self.new_id()),
                file_name: file.file_name.trim().to_owned(),
                media_type: file.media_type.trim().to_owned(),
                content: file.content,
            })
            .collect();
        Ok(self.db().add_draft_attachments(&actor.scope.landlord, &key, &new, &self.saving(actor)).await?)
    }

    /// Removes file `id` from the complaint's response draft.
    pub async fn remove_draft_attachment(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        id: &AttachmentId,
    ) -> Result<(), AppError> {
        let (_, key) = self.drafting(actor, complaint_id, true).await?;
        match self.db().remove_draft_attachment(&actor.scope.landlord, &key, id, &self.saving(actor)).await {
            Err(redress_storage::StorageError::NotFound { .. }) => Err(AppError::NotFound("attachment")),
            other => Ok(other?),
        }
    }

    /// Records the response read from the complaint's draft, with its letter carrying the
    /// draft's files, and deletes the draft: one transaction, in which the domain decides the
    /// response as any other. Refused, with nothing written, if the draft was saved again
    /// after revision `response.revision` was read.
    pub async fn record_response_draft(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        response: DraftedResponse,
    ) -> Result<ComplaintView, AppError> {
        let (_, key) = self.drafting(actor, complaint_id, true).await?;
        let org = actor.scope.landlord.clone();
        let files = self.db().draft_attachments(&org, &key).await?;
        let letter = match (response.letter, files.is_empty()) {
            (Some(letter), _) => Some(self.letter(&org, complaint_id, letter, files, &response.stated, actor)?),
            (None, true) => None,
            (None, false) => {
                return Err(AppError::Invalid("the response's attachments need the letter they go with".into()));
            }
        };
        let used = UsedDraft { key, revision: response.revision };
        let mut commands = vec![Command::Respond(response.respond)];
        let mut extras = Extras { draft: (response.revision > 0).then_some(&used), ..Extras::default() };
        if let Some(Prepared { new, attachments, command, .. }) = &letter {
            commands.push(command.clone());
            extras = Extras { correspondence: Some(new), attachments, ..extras };
        }
        let scope = actor.scope.clone();
        let answer = self.commit(actor, &scope, complaint_id, commands, &response.stated, None, extras).await?;
        tracing::info!(complaint = %complaint_id, "response recorded from its draft");
        Ok(answer.view)
    }

    /// The letter of a response, as outgoing correspondence carrying the draft's `files`.
    fn letter(
        &self,
        org: &OrganisationId,
        complaint_id: &ComplaintId,
        letter: ResponseLetter,
        files: Vec<redress_storage::DraftAttachment>,
        stated: &Stated,
        actor: &Actor,
    ) -> Result<Prepared, AppError> {
        let input = CorrespondenceInput {
            direction: Direction::Outgoing,
            channel: letter.channel,
            subject: letter.subject,
            body: String::new(),
            occurred_at: stated.at,
            attachments: files
                .into_iter()
                .map(|file| AttachmentInput {
                    file_name: file.info.file_name,
                    media_type: file.info.media_type,
                    content: file.content,
                    sha256: Some(file.info.sha256),
                })
                .collect(),
        };
        self.prepare_correspondence(org, complaint_id, input, actor, None)
    }
}
