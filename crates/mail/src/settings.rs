//! [`SmtpSettings`]: where and how to reach the mail server, and who the email is from; the
//! password kept out of every `Debug` output.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::time::Duration;

use lettre::message::Mailbox;

/// How the connection to the mail server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// Plain connection upgraded with STARTTLS, which is required (usually port 587).
    StartTls,
    /// TLS from the start (usually port 465).
    Tls,
    /// None: only to a server on this machine (a local relay, a test sink).
    None,
}

impl Tls {
    /// The setting as written in `redress.toml`: `starttls`, `tls` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tls::StartTls => "starttls",
            Tls::Tls => "tls",
            Tls::None => "none",
        }
    }
}

impl FromStr for Tls {
    type Err = MailError;

    fn from_str(text: &str) -> Result<Tls, MailError> {
        [Tls::StartTls, Tls::Tls, Tls::None]
            .into_iter()
            .find(|t| t.as_str() == text.trim())
            .ok_or_else(|| MailError::UnknownTls(text.to_owned()))
    }
}

/// A password: shown by `Debug` as `[redacted]`, and by nothing else.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps `text`, without the line end a password file may have.
    pub fn new(text: &str) -> Password {
        Password(text.trim_end_matches(['\r', '\n']).to_owned())
    }

    /// The password itself, for the mail server only.
    pub(crate) fn reveal(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where and how to send email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    /// The mail server's host name or address.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// How the connection is secured.
    pub tls: Tls,
    /// The user name to sign in with, if the server needs one.
    pub username: Option<String>,
    /// The password for `username`.
    pub password: Option<Password>,
    /// Who the email is from: an address, or `Name <address>`.
    pub from: String,
    /// Where replies go, if not to `from`.
    pub reply_to: Option<String>,
    /// How long to wait for the server at each step before the attempt fails for now.
    pub timeout: Duration,
}

/// Settings that cannot be used, or a mail server that cannot be reached as configured.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// `tls` is not `starttls`, `tls` or `none`.
    #[error("unknown SMTP tls setting '{0}' (one of: starttls, tls, none)")]
    UnknownTls(String),
    /// An address of the settings is not one.
    #[error("the SMTP {what} address is not an email address: {reason}")]
    Address {
        /// Which: "from" or "reply-to".
        what: &'static str,
        /// lettre's reason.
        reason: String,
    },
    /// `tls = "none"` for a server that is not on this machine.
    #[error("SMTP without TLS is allowed only to a server on this machine, not to {0}")]
    PlaintextNotLoopback(String),
    /// A user name without a password, or the other way round.
    #[error("SMTP needs both a username and a password, or neither")]
    HalfCredentials,
    /// lettre could not set up the transport (an unusable host name for TLS, say).
    #[error("the SMTP transport could not be set up")]
    Transport(#[source] lettre::transport::smtp::Error),
}

impl SmtpSettings {
    /// The address email is from.
    pub(crate) fn sender_mailbox(&self) -> Result<Mailbox, MailError> {
        self.from
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::Address { what: "from", reason: e.to_string() })
    }

    /// The address replies go to, if set.
    pub(crate) fn reply_to_mailbox(&self) -> Result<Option<Mailbox>, MailError> {
        self.reply_to
            .as_deref()
            .map(|text| {
                text.parse().map_err(|e: lettre::address::AddressError| MailError::Address {
                    what: "reply-to",
                    reason: e.to_string(),
                })
            })
            .transpose()
    }

    /// Refuses settings that cannot be used: unreadable addresses, half the credentials, or
    /// no TLS to another machine (where the password and the letters would cross the network
    /// in clear).
    pub fn check(&self) -> Result<(), MailError> {
        self.sender_mailbox()?;
        self.reply_to_mailbox()?;
        if self.username.is_some() != self.password.is_some() {
            return Err(MailError::HalfCredentials);
        }
        if self.tls == Tls::None && !is_loopback(&self.host) {
            return Err(MailError::PlaintextNotLoopback(self.host.clone()));
        }
        Ok(())
    }
}

/// Whether `host` is this machine: `localhost` or a loopback address.
fn is_loopback(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> SmtpSettings {
        SmtpSettings {
            host: "smtp.example.org".into(),
            port: 587,
            tls: Tls::StartTls,
            username: Some("redress".into()),
            password: Some(Password::new("hunter2\n")),
            from: "Alpha Homes <complaints@alpha.example>".into(),
            reply_to: None,
            timeout: Duration::from_secs(30),
        }
    }

    #[test]
    fn the_password_never_shows_in_debug_output() {
        let shown = format!("{:?}", settings());
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("[redacted]"));
        assert_eq!(settings().password.map(|p| p.reveal().to_owned()), Some("hunter2".into()));
    }

    #[test]
    fn email_without_tls_goes_only_to_this_machine() {
        let plain = SmtpSettings { tls: Tls::None, ..settings() };
        assert!(matches!(plain.check(), Err(MailError::PlaintextNotLoopback(_))));
        for host in ["127.0.0.1", "localhost", "::1", "[::1]"] {
            assert!(SmtpSettings { host: host.into(), ..plain.clone() }.check().is_ok(), "{host}");
        }
        assert!(settings().check().is_ok());
    }

    #[test]
    fn unusable_settings_are_refused() {
        assert!(matches!(SmtpSettings { from: "nobody".into(), ..settings() }.check(), Err(MailError::Address { .. })));
        let reply = SmtpSettings { reply_to: Some("a b".into()), ..settings() };
        assert!(matches!(reply.check(), Err(MailError::Address { what: "reply-to", .. })));
        assert!(matches!(SmtpSettings { password: None, ..settings() }.check(), Err(MailError::HalfCredentials)));
        assert_eq!("starttls".parse::<Tls>().ok(), Some(Tls::StartTls));
        assert!("ssl".parse::<Tls>().is_err());
    }
}
