//! Identifiers of the records the domain talks about, one type each, so that a resident's id
//! can never be passed where a complaint's is expected; and what makes an id valid.
//!
//! Ids are made outside the domain. The application mints them as lower-case hyphenated UUIDs:
//! random (version 7) ones, ones derived from an idempotency key, and the demo's seeded ones
//! (the last two UUID-shaped, without version bits). The test suites' fixtures use short
//! readable ids such as `org-a` or `c-1`. A valid id is therefore what all of those share:
//! 1 to [`MAX_LEN`] characters, each an ASCII lower-case letter, a digit or a hyphen. That
//! keeps out of the database and the logs what no minting path makes (empty or overlong text,
//! white space, upper case, which would be a second spelling of a UUID, anything else), and
//! lets an edge tell a malformed id from an unknown one without a query.
//!
//! Text from outside (a URL, a JSON body, a command-line argument) becomes an id only through
//! [`FromStr`] (or [`TryFrom`], or deserialisation), which check it. `trusted` is for ids the
//! application minted itself or read back from its own database, where they were checked on
//! the way in.
//!
//! Storage takes and returns these types everywhere (its functions, its records' fields, its
//! lists' filters and cursors), and so do the application's use cases: text becomes an id at
//! the edge (the web's extractors, the command line), never inside a use case. Three places
//! keep ids as text, on purpose: the audit, which reads and reports rows exactly as stored
//! (they may have been tampered with, so they cannot be trusted to be valid ids); the hash
//! functions, which hash the text the audit recomputes them from; and an idempotency key's
//! record, whose one column names a record of any kind.

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

/// The longest valid id, in characters: room for a UUID (36) and more, but not for a text.
pub const MAX_LEN: usize = 64;

/// Why a text is not a valid id. Every message starts with [`IdError::PREFIX`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// The text is empty.
    #[error("not a valid id: it is empty")]
    Empty,
    /// The text is longer than [`MAX_LEN`] characters.
    #[error("not a valid id: it is longer than {MAX_LEN} characters")]
    TooLong,
    /// The text holds a character other than a lower-case ASCII letter, a digit or a hyphen.
    #[error("not a valid id: it may hold only lower-case letters, digits and hyphens")]
    BadCharacter,
}

impl IdError {
    /// How every message starts, so that a reader that only has the message (serde's errors
    /// carry no source) can still tell a malformed id from a malformed document.
    pub const PREFIX: &str = "not a valid id: ";
}

/// Checks `text` against the rule in the module's header.
pub fn check(text: &str) -> Result<(), IdError> {
    if text.is_empty() {
        Err(IdError::Empty)
    } else if text.len() > MAX_LEN {
        Err(IdError::TooLong)
    } else if !text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        Err(IdError::BadCharacter)
    } else {
        Ok(())
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// An id the application minted itself, or read back from its own database, where
            /// it was checked on the way in: not checked again. Text from anywhere else goes
            /// through [`FromStr`].
            pub fn trusted(text: String) -> Self {
                Self(text)
            }

            /// The id's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(text: &str) -> Result<Self, IdError> {
                check(text)?;
                Ok(Self(text.to_owned()))
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;

            fn try_from(text: &str) -> Result<Self, IdError> {
                text.parse()
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;

            fn try_from(text: String) -> Result<Self, IdError> {
                check(&text)?;
                Ok(Self(text))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        // Code that takes text (a hash, a link, a log line) accepts a typed id as it is; the
        // other way round needs `FromStr` or `trusted`.
        impl Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        // So that an id compares with text as it is, without spelling `as_str`.
        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        // By hand rather than derived, so that a malformed id is refused while reading.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::try_from(text).map_err(serde::de::Error::custom)
            }
        }
    };
}

id_type!(
    /// A landlord, or a managing agent or contractor acting for one.
    OrganisationId
);
id_type!(
    /// A member of staff (or a system account) who acts on complaints.
    UserId
);
id_type!(
    /// A complaint.
    ComplaintId
);
id_type!(
    /// A resident.
    ResidentId
);
id_type!(
    /// A representative acting for a resident with their authority.
    RepresentativeId
);
id_type!(
    /// A property (a home).
    PropertyId
);
id_type!(
    /// A service request.
    ServiceRequestId
);
id_type!(
    /// A letter, email, call or other correspondence on a complaint.
    CorrespondenceId
);
id_type!(
    /// A file attached to correspondence.
    AttachmentId
);
id_type!(
    /// A contact restriction on a resident.
    RestrictionId
);
id_type!(
    /// An email in the outbox: a letter or other message waiting to be sent, sent, or failed.
    EmailId
);
id_type!(
    /// A letter in the print queue, waiting to be printed and posted, or posted.
    PrintItemId
);
id_type!(
    /// A document uploaded to an annual complaints performance report: a finding of
    /// non-compliance or a publication of the Housing Ombudsman (Code 8.1 c, e, f).
    ReportDocumentId
);
id_type!(
    /// A self-assessment against the Complaint Handling Code (Code 8.1-8.3).
    AssessmentId
);
id_type!(
    /// One of an organisation's categories of complaint, unique within the organisation: a
    /// default's is a word (`repairs`), an organisation's own is minted.
    CategoryId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_minted_shape_and_fixture_id_is_valid() {
        for text in ["0190f7a2-3b4c-7d5e-8f60-123456789abc", "5d41402a-bc4b-2a76-b971-9d911017c592", "org-a", "c-1"] {
            assert_eq!(text.parse::<ComplaintId>().map(String::from), Ok(text.to_owned()), "{text}");
        }
        let longest = "a".repeat(MAX_LEN);
        assert!(longest.parse::<UserId>().is_ok());
    }

    #[test]
    fn malformed_text_is_refused_saying_why() {
        assert_eq!("".parse::<ResidentId>(), Err(IdError::Empty));
        assert_eq!("a".repeat(MAX_LEN + 1).parse::<ResidentId>(), Err(IdError::TooLong));
        for text in ["0190F7A2-3B4C-7D5E-8F60-123456789ABC", "c 1", "c-1\n", "../etc", "c_1", "café", "1;drop"] {
            assert_eq!(text.parse::<ResidentId>(), Err(IdError::BadCharacter), "{text:?}");
        }
    }

    #[test]
    fn try_from_agrees_with_from_str() {
        assert_eq!(PropertyId::try_from("p-1"), "p-1".parse());
        assert_eq!(PropertyId::try_from(String::from("P-1")), Err(IdError::BadCharacter));
    }

    #[test]
    fn deserialising_validates_and_serialising_is_the_bare_text() -> Result<(), serde_json::Error> {
        let id: OrganisationId = serde_json::from_str("\"org-a\"")?;
        assert_eq!(id.as_str(), "org-a");
        assert_eq!(serde_json::to_string(&id)?, "\"org-a\"");
        let refused = serde_json::from_str::<OrganisationId>("\"Org A\"");
        assert!(refused.is_err_and(|e| e.to_string().starts_with(IdError::PREFIX)));
        assert!(serde_json::from_str::<Vec<ServiceRequestId>>("[\"sr-1\", \"\"]").is_err());
        Ok(())
    }

    #[test]
    fn trusted_ids_are_taken_as_they_are() {
        assert_eq!(UserId::trusted("system".to_owned()).as_str(), "system");
        assert_eq!(&*ComplaintId::trusted("c-9".to_owned()), "c-9");
    }
}
