//! The print queue (issue 11): letters to print and post, each the PDF of outgoing
//! correspondence, listed by the day they were queued and marked posted (by whom, when). Who
//! may send letters, and so queue, list and post them, is who may change cases; a managing
//! agent's staff see only the letters of complaints their organisation handles. The letters
//! still to post, whatever day they were queued, and a day's as one PDF to print, joined from
//! the PDFs as issued (`redress_pdf::concatenate`).

use jiff::civil::Date;
use redress_domain::delivery::check_posted_on;
use redress_domain::ids::{AttachmentId, ComplaintId, CorrespondenceId, PrintItemId};
use redress_domain::text::{LONG, check};
use redress_storage::{Attachment, NewPrintItem, PrintItem};

use crate::{Actor, App, AppError, Permission};

impl App {
    /// Queues the letter `attachment_id` (its PDF), attached to outgoing correspondence
    /// `correspondence_id` of a complaint of the caller's organisation, to be printed and
    /// posted to `recipient` (the name and address as the envelope reads).
    pub async fn queue_for_post(
        &self,
        actor: &Actor,
        complaint_id: &ComplaintId,
        correspondence_id: &CorrespondenceId,
        attachment_id: &AttachmentId,
        recipient: &str,
    ) -> Result<PrintItemId, AppError> {
        actor.require(Permission::ChangeCases)?;
        let recipient = recipient.trim();
        if recipient.is_empty() {
            return Err(AppError::Invalid("a letter to post needs the name and address it goes to".into()));
        }
        check("the name and address", recipient, LONG)?;
        let (_, files) = self.outgoing(&actor.scope, complaint_id, correspondence_id, "posted").await?;
        let org = &actor.scope.landlord;
        if !files.iter().any(|f| f.id == *attachment_id) {
            return Err(AppError::NotFound("attachment"));
        }
        let id = PrintItemId::trusted(self.new_id());
        let new = self.print_item(id, complaint_id, correspondence_id, attachment_id, recipient)?;
        self.db().queue_print(org, &new).await?;
        tracing::info!(complaint = %complaint_id, print_item = %new.id, "letter queued for post");
        Ok(new.id)
    }

    /// The print queue's entry `id` for a letter, queued now (and on today's list): for a
    /// change that records the letter and queues it in one transaction (`Extras::print`).
    pub(crate) fn print_item(
        &self,
        id: PrintItemId,
        complaint_id: &ComplaintId,
        correspondence_id: &CorrespondenceId,
        attachment_id: &AttachmentId,
        recipient: &str,
    ) -> Result<NewPrintItem, AppError> {
        Ok(NewPrintItem {
            id,
            complaint_id: complaint_id.clone(),
            correspondence_id: correspondence_id.clone(),
            attachment_id: attachment_id.clone(),
            recipient: recipient.to_owned(),
            queued_at: self.now(),
            queued_on: self.today()?,
        })
    }

    /// The letters queued on `day` (today, in England, if `None`), first queued first, posted
    /// or not.
    pub async fn print_queue(&self, actor: &Actor, day: Option<Date>) -> Result<Vec<PrintItem>, AppError> {
        actor.require(Permission::ChangeCases)?;
        let day = match day {
            Some(day) => day,
            None => self.today()?,
        };
        let scope = &actor.scope;
        Ok(self.db().print_queue_on(&scope.landlord, day, scope.handling.as_ref()).await?)
    }

    /// The letters not yet posted, whatever day they were queued: by day, first queued first.
    pub async fn letters_to_post(&self, actor: &Actor) -> Result<Vec<PrintItem>, AppError> {
        actor.require(Permission::ChangeCases)?;
        let scope = &actor.scope;
        Ok(self.db().letters_to_post(&scope.landlord, scope.handling.as_ref()).await?)
    }

    /// The letters queued on `day` and not yet posted, as one PDF to print: their PDFs as
    /// issued (each checked against its SHA-256), joined in the order of the list. Returns
    /// how many letters it holds, and the PDF.
    pub async fn day_to_print(&self, actor: &Actor, day: Date) -> Result<(usize, Vec<u8>), AppError> {
        let letters = self.letters_to_post(actor).await?;
        let mut pdfs = Vec::new();
        for letter in letters.iter().filter(|l| l.item.queued_on == day) {
            let pdf = self.db().get_attachment(&actor.scope.landlord, &letter.item.attachment_id).await?;
            pdfs.push(pdf.ok_or(AppError::NotFound("attachment"))?.content);
        }
        if pdfs.is_empty() {
            return Err(AppError::NotFound("letters to post queued that day"));
        }
        let count = pdfs.len();
        let joined = tokio::task::spawn_blocking(move || redress_pdf::concatenate(&pdfs))
            .await
            .map_err(|error| AppError::Corrupt(format!("joining the letters stopped: {error}")))??;
        tracing::info!(letters = count, "a day's letters joined to print");
        Ok((count, joined))
    }

    /// A letter of the print queue with its PDF, checked against its SHA-256: to print.
    pub async fn letter_to_print(&self, actor: &Actor, id: &PrintItemId) -> Result<(PrintItem, Attachment), AppError> {
        let item = self.visible_print_item(actor, id).await?;
        let pdf = self.db().get_attachment(&actor.scope.landlord, &item.item.attachment_id).await?;
        let pdf = pdf.ok_or(AppError::NotFound("attachment"))?;
        Ok((item, pdf))
    }

    /// Marks the letters `ids` posted by the caller on the day `on` (today, in England, if
    /// `None`), recorded now; a letter already posted keeps who posted it and when. Returns how
    /// many were marked now.
    ///
    /// # Errors
    ///
    /// [`AppError::Invalid`] with the domain's reason ([`check_posted_on`]) when the day is
    /// after today or before a letter was queued: then none is marked.
    pub async fn mark_posted(&self, actor: &Actor, ids: &[PrintItemId], on: Option<Date>) -> Result<u64, AppError> {
        actor.require(Permission::ChangeCases)?;
        let today = self.today()?;
        let on = on.unwrap_or(today);
        for id in ids {
            let item = self.visible_print_item(actor, id).await?;
            check_posted_on(on, item.item.queued_on, today).map_err(|e| AppError::Invalid(e.to_string()))?;
        }
        let marked = self.db().mark_posted(&actor.scope.landlord, ids, &actor.user_id, self.now(), on).await?;
        tracing::info!(marked, "letters marked as posted");
        Ok(marked)
    }

    /// The letter `id` of the print queue, if the caller may send letters and it is within
    /// their scope.
    async fn visible_print_item(&self, actor: &Actor, id: &PrintItemId) -> Result<PrintItem, AppError> {
        actor.require(Permission::ChangeCases)?;
        let scope = &actor.scope;
        let item = self.db().print_item(&scope.landlord, id).await?.ok_or(AppError::NotFound("letter"))?;
        if scope.is_agent() {
            self.complaint_row(scope, &item.item.complaint_id).await?;
        }
        Ok(item)
    }
}
