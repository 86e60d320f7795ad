//! Why the domain refused a command. A refusal changes nothing: the caller records no event.
//!
//! A refusal under the Code cites the provision in the numbering of the Code version that
//! governs the complaint: the rules cite the 2024 Code, and a complaint under the 2022 Code is
//! told the 2022 counterpart instead ([`Refusal::in_numbering_of`]).

use std::fmt;

use crate::code::{CodeBook, ProvisionNumber, VersionId};
use crate::text::TextError;

/// A command the domain will not carry out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The Complaint Handling Code forbids it; the message says what the provision requires.
    Code {
        /// The provision that forbids it.
        provision: ProvisionNumber,
        /// The version of the Code whose numbering `provision` is in.
        version: VersionId,
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
    /// A refusal citing `provision` of the 2024 Code (written "6.13").
    pub fn code(provision: &str, message: impl Into<String>) -> Refusal {
        Refusal::code_in(VersionId::V2024, provision, message)
    }

    /// A refusal citing `provision` of the Code `version`, for a rule that is already in that
    /// version's numbering (such as a timescale the version sets).
    pub fn code_in(version: VersionId, provision: &str, message: impl Into<String>) -> Refusal {
        // Provision numbers cited by the domain are literals checked by the tests that
        // exercise each refusal (and by the test of every citation); a malformed one would
        // show as 0.0, never panic.
        let provision = provision.parse().unwrap_or(ProvisionNumber { section: 0, item: 0 });
        Refusal::Code { provision, version, message: message.into() }
    }

    /// This refusal as told about a complaint under the Code `version`: a citation of the 2024
    /// Code becomes its closest 2022 counterpart for a 2022 complaint. A 2024 provision with
    /// no 2022 counterpart (a rule new in 2024, such as 2.3) is still cited by its 2024
    /// number.
    pub fn in_numbering_of(self, version: VersionId, book: &CodeBook) -> Refusal {
        match self {
            Refusal::Code { provision, version: VersionId::V2024, message } if version == VersionId::V2022 => {
                match book.in_2022(provision).first() {
                    Some(&counterpart) => Refusal::Code { provision: counterpart, version, message },
                    None => Refusal::Code { provision, version: VersionId::V2024, message },
                }
            }
            other => other,
        }
    }

    /// The version of the Code whose numbering the cited provision is in, when the Code is the
    /// reason.
    pub fn version(&self) -> Option<VersionId> {
        match self {
            Refusal::Code { version, .. } => Some(*version),
            Refusal::State(_) | Refusal::Invalid(_) | Refusal::Text(_) => None,
        }
    }

    /// Whether this is the refusal of a step recorded after its due date without the reason
    /// (Code 5.12), so that a form can point at the field that asks for one. Only the 2024
    /// Code's 5.12 is that rule; the 2022 Code's 5.12 is another, and a complaint under it
    /// gets the usual refusal.
    pub fn wants_late_reason(&self) -> bool {
        let late_record = crate::complaint::LATE_RECORD.parse::<ProvisionNumber>().ok();
        self.version() == Some(VersionId::V2024) && late_record.is_some() && self.provision() == late_record
    }

    /// The provision cited, when the Code is the reason.
    pub fn provision(&self) -> Option<ProvisionNumber> {
        match self {
            Refusal::Code { provision, .. } => Some(*provision),
            Refusal::State(_) | Refusal::Invalid(_) | Refusal::Text(_) => None,
        }
    }
}

/// `text` as an error message on a page: its first letter a capital and no full stop at the
/// end, as the GOV.UK Design System writes error messages. Messages are written in lower case
/// so that they read well after a citation ("Code 6.13: the stage 1 handler…").
pub fn as_sentence(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl Refusal {
    /// The refusal as people read it on a page: a sentence in plain words, then the provision
    /// it cites in brackets ("The stage 1 handler cannot handle stage 2 (Code 6.13)"). The
    /// API's problem details keep [`fmt::Display`]'s form, which leads with the citation.
    pub fn sentence(&self) -> String {
        match self {
            Refusal::Code { provision, version, message } => {
                let body = as_sentence(message);
                match version {
                    VersionId::V2024 => format!("{body} (Code {provision})"),
                    other => format!("{body} ({} Code {provision})", other.as_str()),
                }
            }
            Refusal::State(message) | Refusal::Invalid(message) => as_sentence(message),
            Refusal::Text(error) => as_sentence(&error.to_string()),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Code { provision, version: VersionId::V2024, message } => write!(f, "Code {provision}: {message}"),
            Refusal::Code { provision, version, message } => {
                write!(f, "{} Code {provision}: {message}", version.as_str())
            }
            Refusal::State(message) | Refusal::Invalid(message) => f.write_str(message),
            Refusal::Text(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::{Refusal, as_sentence};
    use crate::code::VersionId;

    #[test]
    fn a_refusal_reads_on_a_page_as_a_sentence_with_its_citation_after() {
        let refusal = Refusal::code("6.13", "the stage 1 handler cannot handle stage 2");
        assert_eq!(refusal.sentence(), "The stage 1 handler cannot handle stage 2 (Code 6.13)");
        assert_eq!(refusal.to_string(), "Code 6.13: the stage 1 handler cannot handle stage 2");
        let old = Refusal::code_in(VersionId::V2022, "5.8", "respond within 10 working days.");
        assert_eq!(old.sentence(), "Respond within 10 working days (2022 Code 5.8)");
        assert_eq!(Refusal::State("the complaint is closed".into()).sentence(), "The complaint is closed");
    }

    #[test]
    fn an_error_message_starts_with_a_capital_and_has_no_full_stop() {
        assert_eq!(as_sentence("enter a date"), "Enter a date");
        assert_eq!(as_sentence("Enter a date."), "Enter a date");
        assert_eq!(as_sentence("  é is fine?"), "É is fine?");
        assert_eq!(as_sentence(""), "");
    }
}
