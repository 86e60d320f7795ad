//! What the annual complaints performance and service improvement report carries besides its
//! figures (Code 8.1 c, e, f): the kinds of document a landlord uploads to it.

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

#[cfg(test)]
mod tests {
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
