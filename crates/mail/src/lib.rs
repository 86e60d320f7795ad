//! Email delivery for Redress (issue 11): the [`SmtpSender`], which sends the outbox's emails
//! over SMTP with lettre (TLS by rustls on ring), implementing the application's
//! [`MailSender`](redress_app::MailSender); its [`SmtpSettings`]; and, with the `testing`
//! feature, an SMTP sink on loopback for tests ([`testing::SmtpSink`]).
//!
//! What belongs here: talking to a mail server and building MIME messages. What does not:
//! the outbox, retries and what is recorded of each attempt (`redress-app`, `redress-storage`),
//! reading the configuration (`redress`'s `config.rs`). Neither the password nor the
//! addresses are ever logged.

mod message;
mod sender;
mod settings;
#[cfg(feature = "testing")]
pub mod testing;

pub use sender::SmtpSender;
pub use settings::{MailError, Password, SmtpSettings, Tls};
