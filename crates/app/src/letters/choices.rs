//! How a letter goes to the resident: by email, by post or both, in large print or not,
//! preselected from what their record says (their contact preference, the format they need and
//! the reasonable adjustments agreed: Code 3.1, 5.10). The record keeps these as the words staff
//! typed, so they are read here, once, into types; the handler can always choose otherwise.

use redress_domain::people::ReasonableAdjustment;
use serde::{Deserialize, Serialize};

use crate::CasePeople;

/// How a letter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LetterDelivery {
    /// By email, the PDF attached.
    Email,
    /// By post: the PDF goes to the print queue.
    Post,
    /// Both.
    Both,
}

impl LetterDelivery {
    /// Every way, in the order the form offers them.
    pub const ALL: [LetterDelivery; 3] = [LetterDelivery::Email, LetterDelivery::Post, LetterDelivery::Both];

    /// The name used in forms and the API ("email").
    pub fn as_str(self) -> &'static str {
        match self {
            LetterDelivery::Email => "email",
            LetterDelivery::Post => "post",
            LetterDelivery::Both => "both",
        }
    }

    /// The way named `name` ([`LetterDelivery::as_str`]).
    pub fn named(name: &str) -> Option<LetterDelivery> {
        LetterDelivery::ALL.into_iter().find(|d| d.as_str() == name)
    }

    /// As a handler reads it.
    pub fn label(self) -> &'static str {
        match self {
            LetterDelivery::Email => "By email",
            LetterDelivery::Post => "By post",
            LetterDelivery::Both => "By email and by post",
        }
    }

    /// Whether it is emailed.
    pub fn emails(self) -> bool {
        matches!(self, LetterDelivery::Email | LetterDelivery::Both)
    }

    /// Whether it is posted.
    pub fn posts(self) -> bool {
        matches!(self, LetterDelivery::Post | LetterDelivery::Both)
    }
}

/// The delivery a letter to a resident gets unless the handler chooses otherwise, and where it
/// can go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryChoices {
    /// As the resident's contact preference says; else by email when an address is recorded,
    /// else by post.
    pub delivery: LetterDelivery,
    /// Whether the resident's format or adjustments ask for large print.
    pub large_print: bool,
    /// The email addresses it would go to: the resident's, and their representative's on this
    /// complaint (Code 3.6). Empty when none is recorded.
    pub email_to: Vec<String>,
    /// The name and address a posted letter goes to, as the envelope reads; `None` without a
    /// postal address.
    pub post_to: Option<String>,
}

impl DeliveryChoices {
    /// The choices for the resident of a case, from their record and adjustments.
    pub(crate) fn for_resident(people: &CasePeople, adjustments: &[ReasonableAdjustment]) -> DeliveryChoices {
        let resident = &people.record.resident.details;
        let given = |text: &Option<String>| text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        let mut email_to: Vec<String> = given(&resident.email).into_iter().collect();
        email_to.extend(people.representative.as_ref().and_then(|r| given(&r.email)));
        email_to.dedup();
        let post_to = given(&resident.address).map(|address| format!("{}\n{address}", resident.name.trim()));
        let preferred = resident.preferred_contact_method.as_deref().and_then(preference);
        let delivery =
            preferred.unwrap_or(if email_to.is_empty() { LetterDelivery::Post } else { LetterDelivery::Email });
        let asks_large_print = |text: &str| text.to_lowercase().contains("large print");
        let large_print = resident.preferred_format.as_deref().is_some_and(asks_large_print)
            || adjustments.iter().any(|a| asks_large_print(&a.adjustment));
        DeliveryChoices { delivery, large_print, email_to, post_to }
    }
}

/// The delivery a contact preference written in words asks for, if it names email, post or
/// both ("Email", "letter by post", "email and post").
fn preference(text: &str) -> Option<LetterDelivery> {
    let text = text.to_lowercase();
    let email = text.contains("email") || text.contains("e-mail");
    let post = text.contains("post") || text.contains("letter");
    match (email, post) {
        (true, true) => Some(LetterDelivery::Both),
        (true, false) => Some(LetterDelivery::Email),
        (false, true) => Some(LetterDelivery::Post),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_preference_in_words_names_the_delivery() {
        assert_eq!(preference("Email"), Some(LetterDelivery::Email));
        assert_eq!(preference("e-mail please"), Some(LetterDelivery::Email));
        assert_eq!(preference("Letter"), Some(LetterDelivery::Post));
        assert_eq!(preference("by post"), Some(LetterDelivery::Post));
        assert_eq!(preference("Email and post"), Some(LetterDelivery::Both));
        assert_eq!(preference("Phone"), None);
        for delivery in LetterDelivery::ALL {
            assert_eq!(LetterDelivery::named(delivery.as_str()), Some(delivery));
        }
    }
}
