//! Building the MIME message of an email: `multipart/mixed` holding a
//! `multipart/alternative` of the plain text and the HTML, then each file as an attachment.

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use redress_app::{OutgoingMessage, SendError};

/// Who the message is from and where replies go: the same for every email.
pub(crate) struct Envelope {
    /// The sender.
    pub(crate) from: Mailbox,
    /// Where replies go, if not to the sender.
    pub(crate) reply_to: Option<Mailbox>,
}

impl Envelope {
    /// The MIME message of `message`. Its `Message-ID` is made from the outbox's id, so that an
    /// email sent again after a lost answer carries the same one and a mail client can tell.
    ///
    /// An address that is not one cannot be sent to however often it is tried: a permanent
    /// failure.
    pub(crate) fn build(&self, message: &OutgoingMessage) -> Result<Message, SendError> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(message.subject.as_str())
            .message_id(Some(format!("<{}@{}>", message.id, self.from.email.domain())));
        if let Some(reply_to) = &self.reply_to {
            builder = builder.reply_to(reply_to.clone());
        }
        for recipient in &message.recipients {
            let to: Mailbox = recipient
                .parse()
                .map_err(|e| SendError::Permanent(format!("a recipient is not an email address: {e}")))?;
            builder = builder.to(to);
        }
        let mut body = MultiPart::mixed()
            .multipart(MultiPart::alternative_plain_html(message.text_body.clone(), message.html_body.clone()));
        for file in &message.attachments {
            let media_type = ContentType::parse(&file.media_type).map_err(|e| {
                SendError::Permanent(format!("attachment '{}' has no usable media type: {e}", file.file_name))
            })?;
            body = body.singlepart(Attachment::new(file.file_name.clone()).body(file.content.clone(), media_type));
        }
        builder.multipart(body).map_err(|e| SendError::Permanent(format!("the email could not be built: {e}")))
    }
}
