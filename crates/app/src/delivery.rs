//! Sending correspondence by email (issue 11): queuing an email in the outbox, in the
//! transaction that records the correspondence it sends; delivering what is due with a
//! [`MailSender`]; and each complaint's emails with every attempt, for the case page.
//!
//! The application defines what a sender is ([`MailSender`]) and never how it talks to a
//! mail server: `redress-mail` sends over SMTP, tests bring their own. Delivery is
//! at-least-once and safe with several instances on one database: each round claims the due
//! emails for a while ([`DeliveryOptions::lease`]), sends them one by one, and records each
//! attempt with what the domain's [`RetryPolicy`] decides (sent, tried again later, or
//! failed). An email is never deleted; one that failed stays on its complaint, shown.

use std::future::Future;

use jiff::{SignedDuration, Timestamp};
use redress_domain::complaint::{Channel, Direction};
use redress_domain::delivery::{AttemptOutcome, EmailState, RetryPolicy};
use redress_domain::ids::{ComplaintId, CorrespondenceId, EmailId};
use redress_domain::text::{SHORT, check, check_count};
use redress_storage::{
    Email, EmailRecord, Extras, NewAttachment, NewEmail, NewEmailAttempt, NewEmailFile, StorageError,
};

use crate::correspondence::Prepared;
use crate::ids::nth_id_for_key;
use crate::keys::{Answer, RequestKey};
use crate::{Actor, App, AppError, CorrespondenceInput, Permission, Scope, Stated};

/// An email as a sender sends it: addresses, subject, both bodies and the files with their
/// bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    /// The email in the outbox: a sender may use it as the message's identity.
    pub id: EmailId,
    /// The addresses it goes to.
    pub recipients: Vec<String>,
    /// The subject line.
    pub subject: String,
    /// The HTML alternative.
    pub html_body: String,
    /// The plain-text alternative.
    pub text_body: String,
    /// The files, in order.
    pub attachments: Vec<OutgoingFile>,
}

/// A file an email carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingFile {
    /// The file's name.
    pub file_name: String,
    /// Its media type, such as `application/pdf`.
    pub media_type: String,
    /// The bytes, checked against the SHA-256 recorded when the email was queued.
    pub content: Vec<u8>,
}

/// A mail server took the email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The server's reply, as it gave it (`250 2.0.0 Ok: queued as …`): the evidence kept.
    pub reply: String,
}

/// A mail server did not take the email.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// It may work later: a 4xx reply, or no server reached. The email is tried again.
    #[error("{0}")]
    Temporary(String),
    /// It will not work: a 5xx reply, or a message that cannot be built (an address that is
    /// not one). The email fails.
    #[error("{0}")]
    Permanent(String),
}

/// What sends emails: SMTP in production (`redress-mail`), a stand-in in tests.
pub trait MailSender: Send + Sync {
    /// Sends `message`, answering with the server's acceptance or why it was not taken.
    fn send(&self, message: &OutgoingMessage) -> impl Future<Output = Result<Accepted, SendError>> + Send;
}

/// How a round of delivery runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryOptions {
    /// Which Redress instance is sending (kept with each attempt): a host name and process.
    pub instance: String,
    /// How long a round holds the emails it claimed: longer than sending a batch can take,
    /// since another instance takes them once it has passed.
    pub lease: SignedDuration,
    /// The most emails one round claims.
    pub batch: u32,
    /// When failed attempts are tried again, and when trying stops.
    pub retry: RetryPolicy,
}

impl DeliveryOptions {
    /// Rounds of at most 20 emails held for 10 minutes, with the default retry schedule.
    pub fn for_instance(instance: impl Into<String>) -> DeliveryOptions {
        DeliveryOptions {
            instance: instance.into(),
            lease: SignedDuration::from_mins(10),
            batch: 20,
            retry: RetryPolicy::default(),
        }
    }
}

/// What a round of delivery did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryRound {
    /// Emails accepted by the server.
    pub accepted: usize,
    /// Emails that failed for now and wait for another attempt.
    pub deferred: usize,
    /// Emails that failed for good (refused, or out of attempts).
    pub failed: usize,
}

impl DeliveryRound {
    /// How many emails the round tried.
    pub fn tried(&self) -> usize {
        self.accepted + self.deferred + self.failed
    }
}

/// An email to send with correspondence: where it goes and its HTML. Its subject and plain
/// text are the correspondence's, and it carries the correspondence's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailInput {
    /// The addresses it goes to (at least one).
    pub recipients: Vec<String>,
    /// The HTML alternative of the correspondence's text.
    pub html_body: String,
}

impl EmailInput {
    /// Refuses an email without a recipient, an address that cannot be one, or no HTML.
    pub(crate) fn check(&self) -> Result<(), AppError> {
        if self.recipients.is_empty() {
            return Err(AppError::Invalid("an email needs at least one address to go to".into()));
        }
        check_count("the email addresses", self.recipients.len())?;
        for address in &self.recipients {
            check("an email address", address, SHORT)?;
            if !looks_like_an_address(address) {
                return Err(AppError::Invalid(format!("'{address}' is not an email address")));
            }
        }
        if self.html_body.trim().is_empty() {
            return Err(AppError::Invalid("an email needs its HTML text".into()));
        }
        Ok(())
    }
}

/// Whether `text` has the shape of an email address: something, one `@`, a domain with a dot,
/// no spaces or angle brackets. The mail server is the judge of the rest.
fn looks_like_an_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '@' | ',' | ';');
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !local.chars().any(forbidden)
        && !domain.chars().any(forbidden)
}

/// What an email sends: a correspondence item of a complaint, with its subject and text.
pub(crate) struct Sends<'a> {
    pub complaint_id: &'a ComplaintId,
    pub correspondence_id: &'a CorrespondenceId,
    pub subject: &'a str,
    pub text: &'a str,
}

impl Sends<'_> {
    /// The email `id` that sends it with `files`, to `input`'s addresses with its HTML.
    pub(crate) fn email(
        &self,
        id: EmailId,
        files: Vec<NewEmailFile>,
        input: EmailInput,
        queued_at: Timestamp,
    ) -> NewEmail {
        NewEmail {
            id,
            complaint_id: self.complaint_id.clone(),
            correspondence_id: self.correspondence_id.clone(),
            recipients: input.recipients.into_iter().map(|a| a.trim().to_owned()).collect(),
            subject: self.subject.to_owned(),
            html_body: input.html_body,
            text_body: self.text.to_owned(),
            attachments: files,
            queued_at,
        }
    }
}

impl App {
    /// Records outgoing correspondence sent by email and queues the email, in one
    /// transaction with the event that records it: the email carries the correspondence's
    /// subject, text and files (by reference, checked against their SHA-256 when sent), and
    /// `email`'s HTML and addresses. Who may change cases may send. Once per idempotency key.
    pub async fn send_correspondence(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        input: CorrespondenceInput,
        email: EmailInput,
        key: Option<&RequestKey>,
    ) -> Result<Answer, AppError> {
        actor.require(Permission::ChangeCases)?;
        if input.direction != Direction::Outgoing || input.channel != Channel::Email {
            return Err(AppError::Invalid("only outgoing correspondence by email is sent by email".into()));
        }
        email.check()?;
        let scope = actor.scope.clone();
        let Prepared { new, attachments, command, at } =
            self.prepare_correspondence(&scope.landlord, complaint_id, input, actor, key)?;
        let email_id = EmailId::trusted(match key {
            Some(_) => nth_id_for_key(&new.id, 0),
            None => self.new_id(),
        });
        let files = attachments.iter().map(|a: &NewAttachment| NewEmailFile::Stored(a.id.clone())).collect();
        let sends = Sends { complaint_id, correspondence_id: &new.id, subject: &new.subject, text: &new.body };
        let queued = [sends.email(email_id, files, email, self.now())];
        let extras =
            Extras { correspondence: Some(&new), attachments: &attachments, emails: &queued, ..Extras::default() };
        let answer = self
            .keyed(
                actor,
                key,
                self.commit(actor, &scope, complaint_id, vec![command], &Stated::at(Some(at)), key, extras),
            )
            .await?;
        self.ring_outbox();
        tracing::info!(complaint = %complaint_id, correspondence = %new.id, "correspondence recorded and its email queued");
        Ok(answer)
    }

    /// Queues another email for outgoing correspondence already recorded on a complaint of the
    /// caller's organisation (sending it again after a failure, or to another address): its
    /// subject, text and files, with `email`'s HTML and addresses.
    pub async fn queue_email(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        correspondence_id: &CorrespondenceId,
        email: EmailInput,
    ) -> Result<EmailId, AppError> {
        actor.require(Permission::ChangeCases)?;
        email.check()?;
        let (item, files) = self.outgoing(&actor.scope, complaint_id, correspondence_id, "sent").await?;
        let org = &actor.scope.landlord;
        let id = EmailId::trusted(self.new_id());
        let files = files.into_iter().map(|f| NewEmailFile::Stored(f.id)).collect();
        let sends = Sends { complaint_id, correspondence_id, subject: &item.subject, text: &item.body };
        let new = sends.email(id.clone(), files, email, self.now());
        self.db().queue_email(org, &new).await?;
        self.ring_outbox();
        tracing::info!(complaint = %complaint_id, email = %id, "email queued");
        Ok(id)
    }

    /// Outgoing correspondence `correspondence_id` of complaint `complaint_id`, within
    /// `scope`, with its files: what may be emailed or posted (`done`, "sent" or "posted",
    /// says which in the refusal of incoming correspondence).
    pub(crate) async fn outgoing(
        &self,
        scope: &Scope,
        complaint_id: &ComplaintId,
        correspondence_id: &CorrespondenceId,
        done: &str,
    ) -> Result<(redress_storage::Correspondence, Vec<redress_storage::AttachmentInfo>), AppError> {
        self.complaint_row(scope, complaint_id).await?;
        let org = &scope.landlord;
        let item = self.db().get_correspondence(org, correspondence_id).await?;
        let item = item.filter(|c| c.complaint_id == *complaint_id).ok_or(AppError::NotFound("correspondence"))?;
        if item.direction != redress_storage::Direction::Out {
            return Err(AppError::Invalid(format!("only outgoing correspondence is {done}")));
        }
        let files = self.db().list_attachments(org, correspondence_id).await?;
        Ok((item, files))
    }

    /// The emails of a complaint of the caller's organisation, oldest first, each with its
    /// files and every attempt to send it: what the case page shows of its delivery.
    pub async fn deliveries(&self, actor: &Actor, complaint_id: &ComplaintId) -> Result<Vec<EmailRecord>, AppError> {
        actor.require(Permission::ReadCases)?;
        let scope = actor.scope.clone();
        self.complaint_row(&scope, complaint_id).await?;
        Ok(self.db().emails_of_complaint(&scope.landlord, complaint_id).await?)
    }

    /// Sends what is due now, as one round: claims at most [`DeliveryOptions::batch`] due
    /// emails of every organisation for [`DeliveryOptions::lease`], sends each with `sender`,
    /// and records each attempt with what the retry policy decides. An email whose file no
    /// longer matches its checksum is not sent and fails. Run by the server's delivery worker,
    /// not on anyone's behalf; nothing personal is logged.
    pub async fn deliver_due(
        &self,
        sender: &impl MailSender,
        options: &DeliveryOptions,
    ) -> Result<DeliveryRound, AppError> {
        let claim = format!("{}/{}", options.instance, self.new_id());
        let now = self.now();
        let until = now.checked_add(options.lease).map_err(|e| AppError::Invalid(format!("the lease: {e}")))?;
        let due = self.db().claim_due_emails(&claim, now, until, options.batch).await?;
        let mut round = DeliveryRound::default();
        for email in due {
            let (outcome, detail) = self.try_sending(sender, &email).await?;
            let attempted_at = self.now();
            let after = options.retry.after(outcome, email.attempts + 1, email.queued_at, attempted_at);
            let attempt = NewEmailAttempt { attempted_at, outcome, detail, instance: options.instance.clone() };
            self.db().record_email_attempt(&email.id, &claim, &attempt, after).await?;
            match after.state() {
                EmailState::Sent => round.accepted += 1,
                EmailState::Waiting => round.deferred += 1,
                EmailState::Failed => round.failed += 1,
            }
            tracing::info!(email = %email.id, complaint = %email.complaint_id, outcome = %outcome, state = %after.state(), "delivery attempted");
        }
        Ok(round)
    }

    /// One attempt at sending `email`: its outcome and the server's reply or the error.
    async fn try_sending(&self, sender: &impl MailSender, email: &Email) -> Result<(AttemptOutcome, String), AppError> {
        let files = match self.db().email_files(email).await {
            Ok(files) => files,
            Err(StorageError::Integrity { reason, .. }) => {
                return Ok((AttemptOutcome::Rejected, format!("not sent: an attached file was altered ({reason})")));
            }
            Err(other) => return Err(other.into()),
        };
        let message = OutgoingMessage {
            id: email.id.clone(),
            recipients: email.recipients.clone(),
            subject: email.subject.clone(),
            html_body: email.html_body.clone(),
            text_body: email.text_body.clone(),
            attachments: files
                .into_iter()
                .map(|f| OutgoingFile {
                    file_name: f.info.file_name,
                    media_type: f.info.media_type,
                    content: f.content,
                })
                .collect(),
        };
        Ok(match sender.send(&message).await {
            Ok(accepted) => (AttemptOutcome::Accepted, accepted.reply),
            Err(SendError::Temporary(error)) => (AttemptOutcome::Deferred, error),
            Err(SendError::Permanent(error)) => (AttemptOutcome::Rejected, error),
        })
    }

    /// Waits until an email has been queued by this instance since the last wait (at once if
    /// one has): the delivery worker's cue to send without waiting for its next round.
    pub async fn email_queued(&self) {
        self.outbox_bell.notified().await;
    }

    /// Tells the delivery worker an email is waiting ([`App::email_queued`]).
    pub(crate) fn ring_outbox(&self) {
        self.outbox_bell.notify_one();
    }

    /// The emails of the caller's organisation that failed for good, oldest first (at most
    /// 500): for a list of what was not sent.
    pub async fn failed_emails(&self, actor: &Actor) -> Result<Vec<Email>, AppError> {
        actor.require(Permission::ReadCases)?;
        let scope = &actor.scope;
        let failed = self.db().emails_in_state(&scope.landlord, EmailState::Failed, 500).await?;
        let mut visible = Vec::with_capacity(failed.len());
        for email in failed {
            if !scope.is_agent() || self.complaint_row(scope, &email.complaint_id).await.is_ok() {
                visible.push(email);
            }
        }
        Ok(visible)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_for_their_shape_only() {
        for good in ["ada@example.org", "ada.lovelace+complaints@mail.example.co.uk"] {
            assert!(looks_like_an_address(good), "{good}");
        }
        for bad in ["ada", "ada@", "@example.org", "ada@example", "ada @example.org", "a@b@c.org", "<ada@x.org>"] {
            assert!(!looks_like_an_address(bad), "{bad}");
        }
    }
}
