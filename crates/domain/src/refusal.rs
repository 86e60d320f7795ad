//! Why the domain refused a command. A refusal changes nothing: the caller records no event.

use std::fmt;

use crate::code::ProvisionNumber;
use crate::text::TextError;

/// A command the domain will not carry out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The Complaint Handling Code forbids it; the message says what the provision requires.
    Code {
        /// The provision that forbids it.
        provision: ProvisionNumber,
        /// What the provision requires, in plain words.
        message: String,
    },
    /// It makes no sense in the complaint's current state (for example, completing a remedy
    /// that does not exist, or acting on a closed complaint).
    State(String),
    /// The command itself is incomplete or contradictory (for example, a date in the future).
    Invalid(String),
    /// A text in it is too long or holds a control character ([`crate::text`]): input that
    /// cannot be used at all, like malformed input.
    Text(TextError),
}

impl Refusal {
    /// A refusal citing `provision` (written "6.13").
    pub fn code(provision: &str, message: impl Into<String>) -> Refusal {
        // Provision numbers cited by the domain are literals checked by the tests that
        // exercise each refusal; a malformed one would show as 0.0, never panic.
        let provision = provision.parse().unwrap_or(ProvisionNumber { section: 0, item: 0 });
        Refusal::Code { provision, message: message.into() }
    }

    /// The provision cited, when the Code is the reason.
    pub fn provision(&self) -> Option<ProvisionNumber> {
        match self {
            Refusal::Code { provision, .. } => Some(*provision),
            Refusal::State(_) | Refusal::Invalid(_) | Refusal::Text(_) => None,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Code { provision, message } => write!(f, "Code {provision}: {message}"),
            Refusal::State(message) | Refusal::Invalid(message) => f.write_str(message),
            Refusal::Text(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for Refusal {}
