//! What the annual complaints performance and service improvement report carries besides its
//! figures (Code 8.1 c, e, f): the kinds of document a landlord uploads to it; and what its
//! approval by the governing body must hold (8.2).

use jiff::civil::Date;

use crate::refusal::Refusal;
use crate::text::{self, LONG, SHORT};

/// The kind of a document uploaded to an annual report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PublicationKind {
    /// A finding of non-compliance with the Code by the Ombudsman (Code 8.1 c).
    NonComplianceFinding,
    /// The Ombudsman's annual report about the landlord's performance (Code 8.1 e).
    OmbudsmanAnnualReport,
    /// Any other relevant report or publication of the Ombudsman about the landlord (8.1 f).
    OtherPublication,
}

impl PublicationKind {
    /// Every kind, in the Code's order.
    pub const ALL: [PublicationKind; 3] = [
        PublicationKind::NonComplianceFinding,
        PublicationKind::OmbudsmanAnnualReport,
        PublicationKind::OtherPublication,
    ];

    /// As stored and sent by forms.
    pub fn as_str(self) -> &'static str {
        match self {
            PublicationKind::NonComplianceFinding => "non_compliance_finding",
            PublicationKind::OmbudsmanAnnualReport => "ombudsman_annual_report",
            PublicationKind::OtherPublication => "other_publication",
        }
    }

    /// The kind stored or sent as `text`, if it is one.
    pub fn parse(text: &str) -> Option<PublicationKind> {
        PublicationKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// In plain English.
    pub fn label(self) -> &'static str {
        match self {
            PublicationKind::NonComplianceFinding => "A finding of non-compliance with the Code by the Ombudsman",
            PublicationKind::OmbudsmanAnnualReport => "The Ombudsman's annual report about us",
            PublicationKind::OtherPublication => "Another relevant publication of the Ombudsman",
        }
    }
}

/// Checks the governing body's approval of an annual report as staff record it: the minute
/// that records it, its response, which the Code publishes alongside the report (8.2), and a
/// meeting day no later than `today`.
///
/// # Errors
///
/// [`Refusal::Invalid`] without a minute or with a meeting ahead of today; [`Refusal::Code`]
/// citing 8.2 without the response; [`Refusal::Text`] for text too long.
pub fn check_approval(minute: &str, response: &str, meeting_on: Date, today: Date) -> Result<(), Refusal> {
    text::check("The minute reference", minute, SHORT)?;
    text::check("The governing body's response", response, LONG)?;
    if minute.trim().is_empty() {
        return Err(Refusal::Invalid("Enter the minute that records the governing body's approval".into()));
    }
    if response.trim().is_empty() {
        return Err(Refusal::code("8.2", "the governing body's response is published alongside the report"));
    }
    if meeting_on > today {
        return Err(Refusal::Invalid("The date of the meeting cannot be in the future".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn code_8_2_the_annual_reports_approval_needs_its_minute_the_governing_bodys_response_and_a_past_meeting() {
        let d = |text: &str| -> Date { text.parse().unwrap_or_default() };
        let today = d("2026-06-30");
        assert_eq!(super::check_approval("B/14", "We accept it.", d("2026-06-30"), today), Ok(()));
        assert!(matches!(super::check_approval(" ", "We accept it.", today, today), Err(Refusal::Invalid(_))));
        let cited = super::check_approval("B/14", " ", today, today);
        assert!(matches!(&cited, Err(Refusal::Code { provision, .. }) if provision.to_string() == "8.2"), "{cited:?}");
        let ahead = super::check_approval("B/14", "We accept it.", d("2026-07-01"), today);
        assert!(matches!(ahead, Err(Refusal::Invalid(_))));
    }

    use super::*;

    #[test]
    fn every_kind_reads_back_from_its_stored_text_and_nothing_else_does() {
        for kind in PublicationKind::ALL {
            assert_eq!(PublicationKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(PublicationKind::parse("Ombudsman_annual_report"), None);
        assert_eq!(PublicationKind::parse(""), None);
    }
}
