//! Issuing a letter (issue 11): rendered from the case (refused when it lacks a required
//! element), made into HTML and a tagged PDF (large print when chosen), and recorded in ONE
//! transaction with everything that sends it: the outgoing correspondence with both files and
//! their SHA-256 (Code 5.12), its event on the complaint's timeline (carrying those hashes),
//! the email in the outbox with the PDF attached and/or the PDF in the print queue. A refused
//! or interrupted issue leaves nothing behind, and an issued letter is never changed: another
//! letter follows it.
//!
//! Once per idempotency key, as every change: the ids of the correspondence, its files, the
//! email and the print item derive from the key, and a retry is answered from the record
//! without rendering the letter again.

use jiff::civil::Date;
use redress_domain::complaint::{Channel, Direction};
use redress_domain::ids::{ComplaintId, CorrespondenceId, EmailId, PrintItemId};
use redress_domain::text::{LONG, check};
use redress_letters::LetterKind;
use redress_storage::{AttachmentInfo, Extras, NewEmailFile, PrintItem};

use super::{LetterDelivery, LetterExtra, check_extra, render_letter};
use crate::correspondence::Prepared;
use crate::delivery::Sends;
use crate::ids::{id_for_key, nth_id_for_key};
use crate::keys::{Answer, RequestKey};
use crate::{
    Actor, App, AppError, AttachmentInput, ComplaintView, CorrespondenceInput, CorrespondenceRecord, EmailInput,
    Permission, Stated,
};

/// The letter to issue, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueLetter {
    /// Which letter.
    pub kind: LetterKind,
    /// How it goes (default: as the resident's record says).
    pub delivery: Option<LetterDelivery>,
    /// In large print, or not (default: as the resident's format and adjustments say).
    pub large_print: Option<bool>,
    /// For an update (Code 5.9): what the handler wants to say about progress.
    pub message: Option<String>,
    /// For an update (Code 5.9): the date of the next one.
    pub next_update: Option<Date>,
}

/// A letter issued: the correspondence that records it, with its PDF and HTML and their
/// SHA-256, and what sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedLetter {
    /// The outgoing correspondence, with its files.
    pub correspondence: CorrespondenceRecord,
    /// The letter's PDF, with its SHA-256.
    pub pdf: AttachmentInfo,
    /// The letter's HTML (the email's body, the record's copy), with its SHA-256.
    pub html: AttachmentInfo,
    /// The email that sends it, when it goes by email.
    pub email: Option<EmailId>,
    /// The print queue's entry, when it goes by post.
    pub print: Option<PrintItem>,
    /// The complaint as the issue left it.
    pub view: ComplaintView,
    /// The status to answer with (201 for a first request, or the key's on a replay).
    pub status: u16,
    /// Whether an earlier request with the same key issued it.
    pub replayed: bool,
}

/// Which of a keyed issue's records is which: the email and the print item get ids after the
/// correspondence's files (1 and 2), so a retry makes the same ones.
const EMAIL_NTH: usize = 0;
const PRINT_NTH: usize = 3;

/// The media types of a letter's two files.
const PDF: &str = "application/pdf";
const HTML: &str = "text/html";

impl App {
    /// Issues letter `input.kind` about a complaint of the caller's organisation: refused,
    /// citing the provision, when the letter lacks a required element (or the case has not
    /// reached what it is about), or when it is to go by email without an address or by post
    /// without one. Who may change cases may issue. Once per idempotency key.
    pub async fn issue_letter(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        input: IssueLetter,
        key: Option<&RequestKey>,
    ) -> Result<IssuedLetter, AppError> {
        actor.require(Permission::ChangeCases)?;
        // A retry is answered from the record: rendering again would only be thrown away.
        if let Some(key) = key
            && let Some(answer) = self.replay(actor, key).await?
        {
            return self.issued(actor, answer, &self.letter_id(actor, key)).await;
        }
        let extra =
            LetterExtra { next_update: input.next_update, message: input.message, large_print: input.large_print };
        check_extra(&extra)?;
        let sources = self.letter_sources(actor, complaint_id).await?;
        let mut context = sources.context(input.kind, &extra)?;
        let style = self.house_style(&actor.scope.landlord, input.kind).await?;
        context.organisation.logo = style.logo;
        let letter = render_letter(input.kind, style.template.as_deref(), &context)?;
        let delivery = input.delivery.unwrap_or(sources.choices.delivery);
        let html = redress_documents::html::render(&letter.document);
        let email = delivery
            .emails()
            .then(|| EmailInput { recipients: sources.choices.email_to.clone(), html_body: html.clone() });
        if let Some(email) = &email {
            if email.recipients.is_empty() {
                return Err(AppError::Invalid(
                    "the resident has no email address on record: send the letter by post, or record their email address"
                        .into(),
                ));
            }
            email.check()?;
        }
        let post_to = match (delivery.posts(), &sources.choices.post_to) {
            (false, _) => None,
            (true, Some(address)) => Some(address.clone()),
            (true, None) => {
                return Err(AppError::Invalid(
                    "the resident has no postal address on record: send the letter by email, or record their address"
                        .into(),
                ));
            }
        };
        if let Some(address) = &post_to {
            check("the name and address", address, LONG)?;
        }
        let document = letter.document.clone();
        let pdf = tokio::task::spawn_blocking(move || redress_pdf::render(&document))
            .await
            .map_err(|_| AppError::Invalid("the letter's PDF could not be made".into()))?
            .map_err(|error| AppError::Invalid(format!("the letter's PDF could not be made: {error}")))?;
        let name = format!("{}-{}", input.kind.as_str().replace('_', "-"), file_safe(&sources.view.reference));
        let file = |extension: &str, media_type: &str, content: Vec<u8>| AttachmentInput {
            file_name: format!("{name}.{extension}"),
            media_type: media_type.into(),
            content,
            sha256: None,
        };
        let correspondence = CorrespondenceInput {
            direction: Direction::Outgoing,
            channel: if delivery.emails() { Channel::Email } else { Channel::Letter },
            subject: letter.document.title.clone(),
            body: letter.document.plain_text(),
            occurred_at: None,
            attachments: vec![file("pdf", PDF, pdf), file("html", HTML, html.into_bytes())],
        };
        let scope = actor.scope.clone();
        let Prepared { new, attachments, command, at } =
            self.prepare_correspondence(&scope.landlord, complaint_id, correspondence, actor, key)?;
        let nth = |n: usize| key.map_or_else(|| self.new_id(), |_| nth_id_for_key(new.id.as_str(), n));
        let pdf_id = attachments.first().map(|a| a.id.clone()).ok_or(AppError::NotFound("the letter's PDF"))?;
        let sends = Sends { complaint_id, correspondence_id: &new.id, subject: &new.subject, text: &new.body };
        let emails: Vec<_> = email
            .into_iter()
            .map(|email| {
                let files = vec![NewEmailFile::Stored(pdf_id.clone())];
                sends.email(EmailId::trusted(nth(EMAIL_NTH)), files, email, self.now())
            })
            .collect();
        let print = post_to
            .map(|to| self.print_item(PrintItemId::trusted(nth(PRINT_NTH)), complaint_id, &new.id, &pdf_id, &to))
            .transpose()?;
        let extras = Extras {
            correspondence: Some(&new),
            attachments: &attachments,
            emails: &emails,
            print: print.as_slice(),
            ..Extras::default()
        };
        let stated = Stated::at(Some(at));
        let change = self.commit(actor, &scope, complaint_id, vec![command], &stated, key, extras);
        let mut answer = self.keyed(actor, key, change).await?;
        if !answer.replayed {
            answer.status = key.map_or(201, |k| k.status);
        }
        if !emails.is_empty() {
            self.ring_outbox();
        }
        tracing::info!(complaint = %complaint_id, correspondence = %new.id, kind = input.kind.as_str(), delivery = delivery.as_str(), "letter issued");
        self.issued(actor, answer, &new.id).await
    }

    /// The correspondence a keyed issue makes: the id its key gives it.
    fn letter_id(&self, actor: &Actor, key: &RequestKey) -> CorrespondenceId {
        CorrespondenceId::trusted(id_for_key(&actor.organisation_id, &key.key, &key.fingerprint))
    }

    /// The letter `id` as `answer` left it, with what sends it.
    async fn issued(&self, actor: &Actor, answer: Answer, id: &CorrespondenceId) -> Result<IssuedLetter, AppError> {
        let Answer { view, correspondence, status, replayed } = answer;
        let correspondence =
            correspondence.into_iter().find(|c| c.item.id == *id).ok_or(AppError::NotFound("correspondence"))?;
        let file = |media_type: &str| {
            let found = correspondence.attachments.iter().find(|a| a.media_type == media_type);
            found.cloned().ok_or(AppError::NotFound("the letter's file"))
        };
        let (pdf, html) = (file(PDF)?, file(HTML)?);
        let org = &actor.scope.landlord;
        let (emails, print) = tokio::try_join!(
            self.db().emails_of_complaint(org, &view.id),
            self.db().print_items_of_complaint(org, &view.id)
        )?;
        let email = emails.into_iter().find(|e| e.email.correspondence_id == *id).map(|e| e.email.id);
        let print = print.into_iter().find(|p| p.item.correspondence_id == *id);
        Ok(IssuedLetter { correspondence, pdf, html, email, print, view, status, replayed })
    }

    /// The letters of a complaint the caller may send letters for that went to the print
    /// queue, first queued first, posted or not: what its case page shows of their delivery.
    pub async fn posted_letters(&self, actor: &Actor, complaint_id: &ComplaintId) -> Result<Vec<PrintItem>, AppError> {
        actor.require(Permission::ReadCases)?;
        let scope = actor.scope.clone();
        self.complaint_row(&scope, complaint_id).await?;
        Ok(self.db().print_items_of_complaint(&scope.landlord, complaint_id).await?)
    }
}

/// A reference as part of a file name: letters, digits and hyphens kept, anything else a
/// hyphen.
fn file_safe(reference: &str) -> String {
    reference.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect()
}
