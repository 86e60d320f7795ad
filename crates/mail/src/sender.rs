//! [`SmtpSender`]: sends an outbox's email to the configured mail server and says what the
//! server answered, sorting failures into those worth trying again (4xx, no answer) and those
//! not (5xx).

use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use redress_app::{Accepted, MailSender, OutgoingMessage, SendError};

use crate::message::Envelope;
use crate::settings::{MailError, SmtpSettings, Tls};

/// Sends email over SMTP, keeping a pool of connections to the server.
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    envelope: Envelope,
}

impl SmtpSender {
    /// A sender to the server `settings` name, checked first ([`SmtpSettings::check`]). No
    /// connection is made until the first email.
    ///
    /// # Errors
    ///
    /// [`MailError`] for settings that cannot be used.
    pub fn new(settings: &SmtpSettings) -> Result<SmtpSender, MailError> {
        settings.check()?;
        let builder = match settings.tls {
            Tls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host),
            Tls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host),
            Tls::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)),
        }
        .map_err(MailError::Transport)?;
        let mut builder = builder.port(settings.port).timeout(Some(settings.timeout));
        if let (Some(username), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(username.clone(), password.reveal().to_owned()));
        }
        Ok(SmtpSender {
            transport: builder.build(),
            envelope: Envelope { from: settings.sender_mailbox()?, reply_to: settings.reply_to_mailbox()? },
        })
    }
}

impl MailSender for SmtpSender {
    async fn send(&self, message: &OutgoingMessage) -> Result<Accepted, SendError> {
        let email = self.envelope.build(message)?;
        match self.transport.send(email).await {
            Ok(response) => {
                let lines: Vec<&str> = response.message().collect();
                Ok(Accepted { reply: format!("{} {}", response.code(), lines.join(" ")) })
            }
            Err(error) if error.is_permanent() => Err(SendError::Permanent(describe(&error))),
            // A 4xx, or no answer at all (refused connection, timeout, TLS): another time.
            Err(error) => Err(SendError::Temporary(describe(&error))),
        }
    }
}

/// The error and its causes on one line ("Connection refused" is a cause, not the message).
fn describe(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
